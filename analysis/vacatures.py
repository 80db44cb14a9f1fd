"""VDAB's yearly vacancies, jobseekers and tension for the Vacatures page
(rows of the `vacatures_jaar` and `vacatures_sectoren` queries in, tables
out).

The tension is VDAB's spanningsindicator: jobseekers without work (NWWZ,
annual average) per vacancy received over the year. For an area it is the
ratio of the summed counts, never an average of the municipalities' ratios.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from common.format import HIDDEN

COUNTS = ["ontvangen", "open", "nwwz"]
TENSION = "spanning"


def shown_year(years: list[int], chosen: int) -> int:
    """The year to show when `chosen` is asked: itself if the series has
    it, else the nearest earlier year, else (chosen before the series) the
    latest."""
    earlier = [y for y in years if y <= chosen]
    return max(earlier) if earlier else max(years)


def tension(nwwz: pd.Series, received: pd.Series) -> pd.Series:
    """Jobseekers per vacancy received; undefined (NaN) without vacancies."""
    return nwwz / received.where(received > 0)


def in_year(rows: pd.DataFrame, year: int) -> pd.DataFrame:
    """One year per municipality, with its tension and the tension's flag
    (hidden when a count it is made of is hidden)."""
    out = rows[rows["year"] == year].copy()
    out[TENSION] = tension(out["nwwz"], out["ontvangen"])
    hidden = (out["nwwz_flag"] == HIDDEN) | (out["ontvangen_flag"] == HIDDEN)
    out[f"{TENSION}_flag"] = np.where(hidden, HIDDEN, None)
    return out


def area_years(rows: pd.DataFrame, areas: dict[str, list[str]]) -> pd.DataFrame:
    """Yearly sums per named area (label -> municipality codes): columns
    area, year, the counts, `hidden` (municipalities with a hidden count,
    left out of the sums) and the tension of the sums. A count nobody
    published for any member stays NaN, not 0."""
    parts = []
    for label, codes in areas.items():
        years = rows[rows["nis"].isin(codes)].groupby("year")
        part = years[COUNTS].sum(min_count=1).assign(hidden=years["hidden"].sum())
        parts.append(part.reset_index().assign(area=label))
    out = pd.concat(parts, ignore_index=True)
    out[TENSION] = tension(out["nwwz"], out["ontvangen"])
    return out[["area", "year", *COUNTS, "hidden", TENSION]]


def sectors(rows: pd.DataFrame, codes: list[str], year: int, labels: dict[str, str]) -> pd.DataFrame:
    """Vacancies per sector summed over `codes` in `year` (`vacatures_sectoren`
    rows), largest first: columns sector, label, value, flag ('x' when a
    member's count is hidden; such a sector has no value). Sectors the
    source left unknown ('?') have no row and so are absent."""
    mine = rows[rows["nis"].isin(codes) & (rows["year"] == year)]
    by_sector = mine.assign(hidden=mine["flag"] == HIDDEN).groupby("sector")
    out = pd.DataFrame({"value": by_sector["value"].sum(min_count=1), "hidden": by_sector["hidden"].any()}).reset_index()
    out["value"] = out["value"].where(~out["hidden"])
    out["flag"] = np.where(out["hidden"], HIDDEN, None)
    out["label"] = out["sector"].map(labels).fillna(out["sector"])
    return out.sort_values(["value", "label"], ascending=[False, True], na_position="last")[
        ["sector", "label", "value", "flag"]].reset_index(drop=True)


def with_hidden(values: pd.Series, flags: pd.Series) -> pd.Series:
    """Values for an export: `x` where the producer hid the value, whole
    numbers as int (so a CSV writes `120`, not `120,0`), the rest as is."""
    def cell(value, flag):
        if flag == HIDDEN:
            return HIDDEN
        if pd.isna(value):
            return None
        return int(value) if float(value).is_integer() else float(value)
    return pd.Series([cell(v, f) for v, f in zip(values, flags)], index=values.index, dtype=object)

