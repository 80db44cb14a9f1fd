"""Which year a figure shows when the shared year filter asks for another:
every indicator has its own years (the employment rate stops in 2015, VDAB's
series start in 2014), and a figure says so next to itself instead of
disappearing."""
from __future__ import annotations

from collections.abc import Iterable

import pandas as pd


def reference_year(years: Iterable[int], chosen: int) -> tuple[int | None, str]:
    """The latest of `years` up to `chosen`, else the first one; and the
    note that goes beside the figure when that is not `chosen`
    ("laatste cijfer: 2015", "eerste cijfer: 2014"). (None, "") without years."""
    years = sorted(set(int(y) for y in years))
    if not years:
        return None, ""
    before = [y for y in years if y <= chosen]
    year = before[-1] if before else years[0]
    if year == chosen:
        return year, ""
    return year, f"{'laatste' if year < chosen else 'eerste'} cijfer: {year}"


def spans(years: Iterable[int]) -> str:
    """`2014-2019, 2021-2024` for those years: runs of consecutive years joined."""
    runs: list[list[int]] = []
    for year in sorted(set(int(y) for y in years)):
        if runs and year == runs[-1][-1] + 1:
            runs[-1].append(year)
        else:
            runs.append([year])
    return ", ".join(str(r[0]) if len(r) == 1 else f"{r[0]}-{r[-1]}" for r in runs)


def covered_year(coverage: dict[str, pd.DataFrame], chosen: int) -> tuple[int | None, str, list[str]]:
    """The year a comparison of areas shows, for the chosen year: the latest
    year up to `chosen` in which every area is complete (each row: year,
    `present` municipalities with the year, `expected` ones with the series
    in any year; see `analysis.arbeidsmarkt`), else the first complete one;
    the note beside the figure (`reference_year`, or "laatste volledige jaar"
    when the chosen year exists for part of an area); and, when that is the
    latest complete year, one notice per newer year that exists for part of
    an area ("Voor 2025 zijn er pas cijfers voor 2 van 13 gemeenten van ...").
    (None, "", []) without a complete year."""
    frames = [rows.assign(area=area) for area, rows in coverage.items()]
    rows = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(
        columns=["area", "year", "present", "expected"])
    complete = (rows["present"] >= rows["expected"]).groupby(rows["year"]).agg(["all", "size"])
    full = complete["all"] & (complete["size"] == len(frames))
    year, note = reference_year(full.index[full], chosen)
    if year is None:
        return None, "", []
    partial = rows[(rows["year"] > year) & (rows["present"] < rows["expected"])]
    if year < chosen and (partial["year"] <= chosen).any():
        note = f"laatste volledige jaar: {year}"
    if full.index[full].max() > year:
        return year, note, []
    notices = [f"Voor {int(y)} zijn er pas cijfers voor "
               + " en voor ".join(f"{int(r['present'])} van {int(r['expected'])} gemeenten van {r['area']}"
                                  for _, r in part.iterrows())
               + f"; de cijfers van een gebied tonen {year}, het laatste jaar met cijfers voor al zijn gemeenten."
               for y, part in partial.groupby("year")]
    return year, note, notices


def coverage(rows: pd.DataFrame, has: pd.Series) -> pd.DataFrame:
    """Per year of `rows` (nis, year; one area's municipalities): how many
    municipalities have the year (`has`: a value or a hidden one) and how
    many have the series in any year; the input of `covered_year`."""
    present = rows.loc[has, ["nis", "year"]]
    out = present.groupby("year")["nis"].nunique().rename("present").reset_index()
    return out.assign(expected=present["nis"].nunique())
