"""DuckDB against pandas for the two aggregations the pages run most, on
synthetic tables of 1M and 10M rows.

- Indicator aggregation: `queries/sql/rate_weighted.sql` (population-weighted
  employment rate per year over 300 municipalities) on an `indicators` table
  with, per municipality and year, one rate row and a population row for
  'totaal' and each of four target groups (filtered out by the query).
- Trajectory aggregation: `queries/sql/trajectory_cells.sql` (counts per
  municipality and status/outcome/stop reason, with totals) on a
  `trajectory_counts` table of one row per trajectory (n = 1).

DuckDB runs the project's own SQL files; pandas does the same work in memory,
and both answers are compared before any time is reported. Data come from a
fixed seed, so every run measures the same rows.

    .venv/bin/python -m bench.aggregations [rows ...]
"""
from __future__ import annotations

import statistics
import sys
import time

import duckdb
import numpy as np
import pandas as pd

from common.vocabulary import TARGET
from queries import run_query, sql

SEED = 20240101
MUNICIPALITIES = [f"{31000 + i:05d}" for i in range(300)]
GROUPS = ["totaal", "laaggeschoold", "migratie", "55plus", "jong"]
OUTCOMES = np.array(["job", "training", "stopped", "ongoing", None], dtype=object)
REASONS = np.array(["zelfredzaam", "op_vraag", "medisch"], dtype=object)
PROGRAMMES = np.array(["t_werkt", "proeftuin_westhoek", "lp_westhoek"], dtype=object)


def indicator_rows(rows: int) -> pd.DataFrame:
    """Per municipality and year: a rate and one population row per group."""
    rng = np.random.default_rng(SEED)
    per_year = len(MUNICIPALITIES) * (1 + len(GROUPS))
    years = max(1, rows // per_year)
    nis = np.tile(np.repeat(MUNICIPALITIES, 1 + len(GROUPS)), years)
    year = np.repeat(np.arange(years) + 1000, per_year).astype(str)
    indicator = np.tile(["werkzaamheidsgraad"] + ["bevolking"] * len(GROUPS), years * len(MUNICIPALITIES))
    group = np.tile(["totaal"] + GROUPS, years * len(MUNICIPALITIES))
    rate = rng.uniform(55, 90, len(nis)).round(1)
    population = rng.integers(500, 80_000, len(nis)).astype(float)
    value = np.where(indicator == "werkzaamheidsgraad", rate, population)
    return pd.DataFrame({"nis": nis, "period": year, "indicator": indicator, "target_group": group, "value": value,
                         "quality": "official", "flag": pd.Series(None, index=range(len(nis)), dtype="string")})


def trajectory_rows(rows: int) -> pd.DataFrame:
    """One trajectory per row; stop reasons only for 'stopped'."""
    rng = np.random.default_rng(SEED)
    outcome = OUTCOMES[rng.integers(0, len(OUTCOMES), rows)]
    start = rng.integers(2016, 2026, rows)
    end = np.where(outcome == "ongoing", np.nan, start + rng.integers(0, 3, rows))
    return pd.DataFrame({
        "programme": PROGRAMMES[rng.integers(0, len(PROGRAMMES), rows)],
        "nis": np.array(MUNICIPALITIES)[rng.integers(0, len(MUNICIPALITIES), rows)],
        "target_group": np.array(GROUPS[1:])[rng.integers(0, len(GROUPS) - 1, rows)],
        "start_year": start,
        "end_year": pd.array(end, dtype="Int64"),
        "outcome": outcome,
        "stop_reason": np.where(outcome == "stopped", REASONS[rng.integers(0, len(REASONS), rows)], None),
        "n": np.ones(rows, dtype=np.int64),
    })


def rate_weighted_pandas(df: pd.DataFrame, nis: list[str], target: float) -> pd.DataFrame:
    sel = df[df["nis"].isin(nis)]
    rate = sel.loc[sel["indicator"] == "werkzaamheidsgraad", ["nis", "period", "value"]]
    pop = sel.loc[(sel["indicator"] == "bevolking") & (sel["target_group"] == "totaal"), ["nis", "period", "value"]]
    both = rate.merge(pop, on=["nis", "period"], suffixes=("_rate", "_pop"))
    both["year"] = both["period"].astype(int)
    both["weighted"] = both["value_rate"] * both["value_pop"]
    both["at"] = both["value_rate"] >= target
    out = both.groupby("year").agg(weighted=("weighted", "sum"), population=("value_pop", "sum"),
                                   municipalities=("nis", "size"), at_target=("at", "sum"))
    out["rate"] = out["weighted"] / out["population"]
    out["present"] = rate.groupby(rate["period"].astype(int))["nis"].size()
    out["expected"] = rate["nis"].nunique()
    return out.reset_index()[["year", "rate", "population", "municipalities", "at_target", "present", "expected"]]


def trajectory_cells_pandas(df: pd.DataFrame, nis: list[str]) -> pd.DataFrame:
    """The categories of `trajectory_cells.sql` per municipality and in total
    (all programmes, groups and start years)."""
    sel = df[df["nis"].isin(nis)]
    g = sel.groupby(["nis", "outcome", "stop_reason"], dropna=False, as_index=False)["n"].sum()
    status = np.where(g["outcome"] == "ongoing", "ongoing", "ended")
    outcome = g["outcome"].fillna("unknown")
    parts = [
        g.assign(category="started"),
        g.assign(category=status),
        g[outcome != "ongoing"].assign(category=outcome[outcome != "ongoing"]),
        g[g["stop_reason"].notna()].assign(category="stop_" + g["stop_reason"].dropna()),
    ]
    cells = pd.concat([p[["nis", "category", "n"]] for p in parts])
    per = cells.groupby(["nis", "category"], as_index=False)["n"].sum().assign(is_total=False)
    total = cells.groupby("category", as_index=False)["n"].sum().assign(is_total=True, nis=None)
    out = pd.concat([per, total])[["nis", "is_total", "category", "n"]]
    return out.sort_values(["is_total", "nis", "category"], na_position="last").reset_index(drop=True)


def _same(a: pd.DataFrame, b: pd.DataFrame, keys: list[str]) -> bool:
    a = a.sort_values(keys, na_position="last").reset_index(drop=True)
    b = b.sort_values(keys, na_position="last").reset_index(drop=True)
    if list(a.columns) != list(b.columns) or len(a) != len(b):
        return False
    return all(np.allclose(a[c].astype(float), b[c].astype(float)) if pd.api.types.is_numeric_dtype(a[c])
               else (a[c].fillna("").astype(str) == b[c].fillna("").astype(str)).all() for c in a.columns)


def _median_s(action, repeat: int) -> tuple[float, object]:
    times, result = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        result = action()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


# The store's staging views over `indicators` (the page queries read them), as the schema defines them.
STAGING_VIEWS = [part for part in sql("build/schema").split(";") if "create view stg_" in part]


def compare(rows: int, repeat: int = 3) -> list[dict]:
    out = []
    con = duckdb.connect()
    try:
        cases = [
            ("indicators (rate_weighted)", indicator_rows, "indicators", ["year"],
             lambda: run_query(con, "rate_weighted", nis=MUNICIPALITIES, target=TARGET),
             lambda df: rate_weighted_pandas(df, MUNICIPALITIES, TARGET)),
            ("trajectories (trajectory_cells)", trajectory_rows, "trajectory_counts", ["is_total", "nis", "category"],
             lambda: run_query(con, "trajectory_cells", nis=MUNICIPALITIES, programme=None,
                               target_group="totaal", start_year=None),
             lambda df: trajectory_cells_pandas(df, MUNICIPALITIES)),
        ]
        for label, make, table, keys, sql, pandas_version in cases:
            df = make(rows)
            con.register("_frame", df)
            con.execute(f"create or replace table {table} as select * from _frame")
            con.unregister("_frame")
            for view in STAGING_VIEWS if table == "indicators" else ():
                con.execute(view)
            duck_s, duck = _median_s(sql, repeat)
            pandas_s, pand = _median_s(lambda: pandas_version(df), repeat)
            out.append({"aggregation": label, "rows": len(df), "duckdb_s": duck_s, "pandas_s": pandas_s,
                        "ratio": pandas_s / duck_s, "same_result": _same(duck, pand, keys)})
            con.execute(f"drop table {table}")
            del df
    finally:
        con.close()
    return out


def measure(sizes: tuple[int, ...] = (1_000_000, 10_000_000), repeat: int = 3) -> list[dict]:
    return [row for rows in sizes for row in compare(rows, repeat)]


if __name__ == "__main__":
    sizes = tuple(int(a) for a in sys.argv[1:]) or (1_000_000, 10_000_000)
    for r in measure(sizes):
        print(f"{r['aggregation']:<30} {r['rows']:>11,} rows  DuckDB {r['duckdb_s'] * 1000:8.1f} ms  "
              f"pandas {r['pandas_s'] * 1000:8.1f} ms  ×{r['ratio']:.1f}  same result: {r['same_result']}")
