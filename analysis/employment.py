"""Headline figures on the employment rate against the 80% target."""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from common.vocabulary import TARGET


@dataclass(frozen=True)
class Headline:
    year: int                 # reference year actually shown
    rate: float               # population-weighted rate, %
    gap_points: float         # rate - target (negative: below target)
    at_target: int            # municipalities at or above the target
    municipalities: int       # municipalities with a value that year
    first_year: int
    change_since_first: float  # points since first_year
    population: float         # weight used (total population, same year)


def headline(weighted: pd.DataFrame, year: int) -> Headline | None:
    """From `rate_weighted` rows; uses the latest year <= `year` with data."""
    rows = weighted[weighted["year"] <= year]
    if rows.empty:
        return None
    last, first = rows.iloc[-1], weighted.iloc[0]
    return Headline(
        year=int(last["year"]), rate=float(last["rate"]), gap_points=float(last["rate"]) - TARGET,
        at_target=int(last["at_target"]), municipalities=int(last["municipalities"]),
        first_year=int(first["year"]), change_since_first=float(last["rate"] - first["rate"]),
        population=float(last["population"]),
    )


def people_needed(rate, working_age, target: float = TARGET):
    """Extra residents at work needed to reach the target: the gap in points
    as a share of the working-age population; 0 where the target is reached,
    missing where the rate or the population is. Works on scalars and Series."""
    gap = np.maximum(target - np.asarray(rate, dtype="float64"), 0.0)
    out = gap / 100 * np.asarray(working_age, dtype="float64")
    return out if np.ndim(out) else float(out)


def by_year(rates: pd.DataFrame, shown: list[str], year: int, ascending: bool = False) -> pd.DataFrame:
    """One row per shown municipality for `year`, ranked, missing last:
    nis, rate, change_1y, change_5y (points; missing when a year is
    missing), rank (1 = highest rate among the shown with a value, or the
    lowest when `ascending`) and ranked (how many). `rates`: rows with nis,
    year, rate for at least the shown municipalities."""
    wide = rates.pivot(index="nis", columns="year", values="rate")

    def rate_in(y: int) -> np.ndarray:
        return (wide[y].reindex(shown) if y in wide.columns else pd.Series(np.nan, index=shown)).to_numpy()

    out = pd.DataFrame({"nis": shown})
    out["rate"] = rate_in(year)
    out["change_1y"] = out["rate"] - rate_in(year - 1)
    out["change_5y"] = out["rate"] - rate_in(year - 5)
    out["rank"] = out["rate"].rank(ascending=ascending, method="min")
    out["ranked"] = int(out["rate"].notna().sum())
    return out.sort_values(["rank", "nis"], na_position="last", ignore_index=True)


def ranking(rates: pd.DataFrame, shown: list[str], year: int, target: float = TARGET) -> pd.DataFrame:
    """`by_year` of the employment rate with the gap to the target.

    `rates`: rows of `werkzaamheid_gemeenten` (nis, year, rate, working_age,
    working_age_quality) for at least the shown municipalities. Adds
    gap_points, working_age, working_age_quality and people_needed."""
    out = by_year(rates, shown, year)
    this_year = rates[rates["year"] == year].set_index("nis").reindex(out["nis"])
    out["gap_points"] = out["rate"] - target
    out["working_age"] = this_year["working_age"].to_numpy()
    out["working_age_quality"] = this_year["working_age_quality"].to_numpy()
    out["people_needed"] = people_needed(out["rate"], out["working_age"], target)
    return out
