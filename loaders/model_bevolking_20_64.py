"""Working-age population (20-64) per municipality and year, modelled as
total population × one documented share (model_bevolking_20_64.yml).

It gives the employment-rate gap a size in people: how many more residents
at work a municipality needs to reach 80 %. Written as its own indicator
(`bevolking_20_64`, quality 'modelled') so that an official series imported
under the same name replaces it everywhere without code changes.
"""
from __future__ import annotations

import duckdb
import numpy as np
import pandas as pd

from loaders.indicator_frame import indicator_frame
from loaders.meta import load_meta
from loaders.model_common import indicator_meta
from loaders.store import insert_indicators, register_indicator
from queries import run_query

META = load_meta(__file__)
INDICATOR = "bevolking_20_64"


def run(con: duckdb.DuckDBPyConnection) -> None:
    """Build step: one modelled value per official total-population value."""
    population = run_query(con, "population_totals")
    meta = indicator_meta(META, INDICATOR)
    register_indicator(con, meta)
    insert_indicators(con, generate(population, META, meta))


def working_age(population: pd.Series | np.ndarray | float, model: dict = META):
    """Total population -> modelled population aged 20-64 (whole persons)."""
    return np.rint(np.asarray(population, dtype="float64") * model["assumptions"]["share_20_64"]["value"])


def generate(population: pd.DataFrame, model: dict, meta: dict) -> pd.DataFrame:
    """Tidy rows from `population` (nis, period, population)."""
    return indicator_frame(population["nis"], population["period"],
                           pd.Series(working_age(population["population"], model)), meta)
