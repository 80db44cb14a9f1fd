"""Open vacancies and jobseekers per Flemish municipality and month,
2019-01..2024-12, modelled from the real population and employment rate and
calibrated on the one published figure: 7,073 open vacancies in the Westhoek
in August 2021 (model_vacatures.yml holds it and every other assumption).

Each municipality gets a fixed level (vacancies from its employed residents
and job concentration, jobseekers from its non-employed residents), times a
smooth yearly level, a seasonal profile, a COVID-19 dip and a small monthly
spread. One factor then scales all vacancies so the anchor is met, and the
anchor month is rounded by largest remainders so its sum stays exact.
"""
from __future__ import annotations

from pathlib import Path

import duckdb
import numpy as np
import pandas as pd

from loaders.errors import SourceError
from loaders.indicator_frame import indicator_frame
from loaders.meta import load_meta
from loaders.model_common import generator, indicator_meta, mean_one_noise
from loaders.regions import FLANDERS_NIS, REGIONS
from loaders.store import insert_indicators, register_indicator
from queries import run_query

META = load_meta(__file__)
META_FILE = Path(__file__).with_suffix(".yml")
VACANCIES, JOBSEEKERS = "vacatures", "werkzoekenden"
ANCHOR = META["anchor"]


def run(con: duckdb.DuckDBPyConnection) -> None:
    """Build step: generate from the store's real series and write the rows."""
    inputs = run_query(con, "model_vacatures_inputs", flanders=FLANDERS_NIS,
                       population_year=str(META["assumptions"]["population_year"]["value"]))
    for name, rows in generate(inputs, META).items():
        register_indicator(con, indicator_meta(META, name))
        insert_indicators(con, rows)


def months(model: dict) -> pd.Index:
    """'2019-01' .. '2024-12'."""
    return pd.period_range(model["period"]["first"], model["period"]["last"], freq="M").strftime("%Y-%m")


def generate(inputs: pd.DataFrame, model: dict) -> dict[str, pd.DataFrame]:
    """Tidy rows per indicator from `inputs` (nis, region, population, working_age, rate)."""
    df = inputs.sort_values("nis", ignore_index=True)
    a = model["assumptions"]
    periods = months(model)
    rng = generator(model)
    vacancy_level, jobseeker_level = _levels(df, a, rng)
    spread = a["monthly_spread"]["value"]
    vacancies = (vacancy_level[:, None] * _profile(periods, a["vacancy_year_level"], a["vacancy_season"])
                 * _covid(periods, a["covid_dip"]) * mean_one_noise(rng, spread, (len(df), len(periods))))
    jobseekers = (jobseeker_level[:, None] * _profile(periods, a["jobseeker_year_level"], a["jobseeker_season"])
                  * mean_one_noise(rng, spread, (len(df), len(periods))))
    vacancies = _calibrated(df, periods, vacancies, model["anchor"])
    return {name: _tidy(df, periods, values, indicator_meta(model, name))
            for name, values in ((VACANCIES, vacancies), (JOBSEEKERS, np.rint(jobseekers)))}


def _levels(df: pd.DataFrame, a: dict, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """Fixed monthly level per municipality: vacancies and jobseekers."""
    population, working_age, rate = (df[c].to_numpy() for c in ("population", "working_age", "rate"))
    rate = rate / 100
    reference_rate = (rate * population).sum() / population.sum()
    concentration = (population / np.median(population)) ** a["job_concentration"]["value"]
    vacancies = working_age * rate * concentration * mean_one_noise(rng, a["vacancy_spread"]["value"], len(df))
    jobseekers = (working_age * (1 - rate) * a["jobseeker_share"]["value"]
                  * (rate / reference_rate) ** -a["jobseeker_elasticity"]["value"]
                  * mean_one_noise(rng, a["jobseeker_spread"]["value"], len(df)))
    return vacancies, jobseekers


def _profile(periods: pd.Index, year_level: dict, season: dict) -> np.ndarray:
    """Yearly level (anchored mid-year, linear in between) × seasonal factor."""
    t = np.array([int(p[:4]) * 12 + int(p[5:]) - 1 for p in periods])
    anchors = sorted(year_level["value"].items())
    level = np.interp(t, [y * 12 + 6 for y, _ in anchors], [v for _, v in anchors])
    profile = np.asarray(season["value"], dtype=float)
    return level * (profile / profile.mean())[t % 12]


def _covid(periods: pd.Index, dip: dict) -> np.ndarray:
    return np.array([dip["value"].get(p, 1.0) for p in periods])


def _calibrated(df: pd.DataFrame, periods: pd.Index, vacancies: np.ndarray, anchor: dict) -> np.ndarray:
    """Scale every value by one factor so the anchor region and month sum to
    the published figure, then round to whole vacancies, the anchor cells by
    largest remainders so that their sum stays exact."""
    members = df["nis"].isin(REGIONS[anchor["region"]]["nis"]).to_numpy()
    if members.sum() != len(REGIONS[anchor["region"]]["nis"]) or anchor["period"] not in periods:
        raise SourceError(META_FILE, f"ijkpunt {anchor['value']} ({anchor['region']}, {anchor['period']}) "
                                     "kan niet worden gehaald: niet alle gemeenten of de maand ontbreken")
    col = periods.get_loc(anchor["period"])
    scaled = vacancies * (anchor["value"] / vacancies[members, col].sum())
    rounded = np.rint(scaled)
    rounded[members, col] = _largest_remainder(scaled[members, col], anchor["value"])
    return rounded


def _largest_remainder(values: np.ndarray, total: int) -> np.ndarray:
    """Whole numbers close to `values` that sum to `total` exactly."""
    floor = np.floor(values)
    short = int(round(total - floor.sum()))
    order = np.argsort(-(values - floor), kind="stable")
    floor[order[:short]] += 1
    return floor


def _tidy(df: pd.DataFrame, periods: pd.Index, values: np.ndarray, meta: dict) -> pd.DataFrame:
    return indicator_frame(nis=df["nis"].repeat(len(periods)), period=pd.Series(np.tile(periods, len(df))),
                           value=pd.Series(values.reshape(-1)), meta=meta)

