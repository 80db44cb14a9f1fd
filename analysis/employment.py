"""Headline figures on the employment rate against the 80% target."""
from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

TARGET = 80.0


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
