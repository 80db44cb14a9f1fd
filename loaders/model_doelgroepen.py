"""Target-group sizes (kansengroepen) per municipality and year, modelled
from the real population and employment rate in the store, for the groups
no official series measures (`SERIES` lists the page's rows: official
first, model second).

No public per-municipality file exists for these groups, so the sizes are generated
from documented assumptions (model_doelgroepen.yml, read by the page too):
non-employed working-age people = working-age population (the model
`bevolking_20_64`, built before this one) × (1 − rate);
each group is a share of them that grows where employment is lower than in
Flanders, with an urban and a diversity factor for the migration-related
groups, a fixed municipal spread and a small yearly spread. The groups overlap;
`totaal` holds the non-employed working-age people they all belong to.
"""
from __future__ import annotations

from dataclasses import dataclass

import duckdb
import numpy as np
import pandas as pd

from loaders import doelgroepen
from loaders.indicator_frame import ALL_GROUPS, indicator_frame
from loaders.meta import load_meta
from loaders.model_common import generator, indicator_meta, mean_one_noise
from loaders.regions import FLANDERS_NIS
from loaders.store import insert_indicators, register_indicator
from queries import run_query

META = load_meta(__file__)
INDICATOR = "doelgroep_omvang"
MODEL = "model"   # the relation of a modelled series (official ones: 'replaces', 'beside')


@dataclass(frozen=True)
class Series:
    """One row of the Kansengroepen page: an official series (`relation`
    'replaces' or 'beside' a modelled group, see the YAML's `official`) or a
    modelled group (`MODEL`; the pool of all non-employed is `ALL_GROUPS`).
    `group`: the target group of loaders/doelgroepen.yml it belongs to."""
    code: str
    label: str
    group: str
    indicator: str
    target_group: str
    relation: str

    @property
    def modelled(self) -> bool:
        return self.relation == MODEL


def _series() -> list[Series]:
    official = [Series(code, s["label"], s["group"], s["indicator"], s["target_group"], s["relation"])
                for code, s in META["official"].items()]
    pool = META["indicators"][INDICATOR]["total_label"]
    modelled = [Series(code, pool if code == ALL_GROUPS else doelgroepen.LABELS[code], code, INDICATOR, code, MODEL)
                for code in [ALL_GROUPS, *[g for g in doelgroepen.GROUPS if g in META["groups"]]]]
    return official + modelled


SERIES: list[Series] = _series()


def series_params(series: list[Series]) -> dict[str, list[str]]:
    """The `kansengroepen` queries' parameters for `series`: parallel lists."""
    return {"series": [s.code for s in series], "indicators": [s.indicator for s in series],
            "target_groups": [s.target_group for s in series]}


def run(con: duckdb.DuckDBPyConnection) -> None:
    """Build step: generate from the store's real series and write the rows."""
    inputs = run_query(con, "model_doelgroepen_inputs", flanders=FLANDERS_NIS)
    meta = indicator_meta(META, INDICATOR)
    register_indicator(con, meta)
    insert_indicators(con, generate(inputs, META, meta))


def generate(inputs: pd.DataFrame, model: dict, meta: dict) -> pd.DataFrame:
    """Tidy rows from `inputs` (nis, year, population, working_age, rate, flemish)."""
    df = inputs.sort_values(["nis", "year"], ignore_index=True)
    a = model["assumptions"]
    groups = list(model["groups"])
    pool = df["working_age"].to_numpy() * (1 - df["rate"].to_numpy() / 100)
    shares = _shares(df, model, groups)
    sizes = np.rint(pool[:, None] * np.clip(shares, 0, a["max_share"]["value"]))
    values = np.column_stack([np.rint(pool), sizes])
    codes = [ALL_GROUPS] + groups
    n = len(df)
    return indicator_frame(
        nis=df["nis"].repeat(len(codes)), period=df["year"].repeat(len(codes)),
        value=pd.Series(values.reshape(-1)), meta=meta,
        target_group=pd.Series(np.tile(codes, n)),
    )


def _shares(df: pd.DataFrame, model: dict, groups: list[str]) -> np.ndarray:
    """Share of the non-employed in each group: rows of `df` × `groups`."""
    a, g = model["assumptions"], model["groups"]
    reference = _flemish_reference(df)
    ref = reference.reindex(df["year"])
    base = np.array([g[k]["share"] for k in groups])
    elasticity = np.array([g[k]["elasticity"] for k in groups])
    relative_rate = df["rate"].to_numpy() / ref["rate"].to_numpy()
    shares = base * relative_rate[:, None] ** -elasticity[None, :]

    urban = (df["population"].to_numpy() / ref["median_population"].to_numpy()) ** a["urban_elasticity"]["value"]
    diversity = df["nis"].map(a["diversity"]["value"]).fillna(1.0).to_numpy()
    for col, code in enumerate(groups):
        if code in a["urban_elasticity"]["applies_to"]:
            shares[:, col] *= urban
        if code in a["diversity"]["applies_to"]:
            shares[:, col] *= diversity

    # Randomness drawn in one fixed order over the full municipality × year
    # grid, so the same inputs and seed always give the same numbers.
    nis_codes, nis_idx = np.unique(df["nis"].to_numpy(), return_inverse=True)
    years, year_idx = np.unique(df["year"].to_numpy(), return_inverse=True)
    rng = generator(model)
    sigma = np.array([g[k]["sigma"] for k in groups])
    fixed = mean_one_noise(rng, sigma, (len(nis_codes), len(groups)))
    yearly = mean_one_noise(rng, a["year_spread"]["value"], (len(nis_codes), len(years), len(groups)))
    return shares * fixed[nis_idx] * yearly[nis_idx, year_idx]


def _flemish_reference(df: pd.DataFrame) -> pd.DataFrame:
    """Per year: the Flemish population-weighted employment rate and the
    median population of the Flemish municipalities."""
    flemish = df[df["flemish"]].assign(weighted=lambda d: d["rate"] * d["population"])
    by_year = flemish.groupby("year")
    return pd.DataFrame({
        "rate": by_year["weighted"].sum() / by_year["population"].sum(),
        "median_population": by_year["population"].median(),
    })
