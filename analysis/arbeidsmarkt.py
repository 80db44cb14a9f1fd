"""The latest labour-market picture of an area from VDAB's per-municipality
figures (rows of the `arbeidsmarkt_gemeenten` query): jobseeker rate, NWWZ,
vacancies received, tension and newcomers.

Rates are never averaged across municipalities. VDAB's jobseeker rate is
NWWZ / labour force, and the file gives both per municipality, so an area's
rate is recomputed from counts: labour force_i = NWWZ_i / rate_i, area rate =
sum NWWZ / sum labour force. That figure is derived, not published (`DERIVED`).
The tension is VDAB's spanningsindicator, NWWZ per vacancy received, from the
summed counts. A municipality whose input is hidden ('x') or missing is left
out of that figure and counted, so the page says how many it covers.

An area's figure of a year also needs the year itself to cover the area: a
municipality is `present` in a year when it has a value or a hidden value
for one of the figure's inputs, and a year is `complete` when every
municipality `expected` (every one of the area with that series in some
year) is present. A year imported for two municipalities is then no figure
of their region (`complete_years`, `partial_years`).
"""
from __future__ import annotations

import pandas as pd

from analysis.employment import by_year
from common.format import HIDDEN, HIDDEN_NOTE

RATE, NWWZ, VACANCIES, TENSION, NEWCOMERS = (
    "werkzoekendengraad", "nwwz", "vacatures_ontvangen", "spanningsindicator", "nieuwkomers")
MEASURES = [RATE, NWWZ, VACANCIES, TENSION, NEWCOMERS]
# What the page says about each computed figure.
DERIVED = "berekend uit NWWZ en werkzoekendengraad per gemeente"
TENSION_NOTE = "berekend: NWWZ per ontvangen vacature, uit de opgetelde aantallen"
OFFICIAL, COMPUTED = "official", "derived"


def _sum_over(rows: pd.DataFrame, numerator: pd.Series, denominator: pd.Series | None, valid: pd.Series,
              hidden: pd.Series, inputs: list[str], scale: float = 1.0) -> pd.DataFrame:
    """Per year: sum(numerator) (/ sum(denominator) * scale) over the rows
    where `valid`, how many rows that covers, how many have a hidden input,
    and how many of the `expected` municipalities have the year (`present`:
    a value or a hidden one for one of the `inputs`)."""
    has = pd.concat([rows[i].notna() | rows[f"{i}_hidden"] for i in inputs], axis=1).any(axis=1)
    parts = pd.DataFrame({"year": rows["year"], "num": numerator.where(valid),
                          "den": (denominator if denominator is not None else numerator).where(valid),
                          "covered": valid, "hidden": hidden, "present": has})
    out = parts.groupby("year").agg(num=("num", "sum"), den=("den", "sum"), covered=("covered", "sum"),
                                    hidden=("hidden", "sum"), present=("present", "sum"))
    value = out["num"] if denominator is None else out["num"] / out["den"].where(out["den"] > 0) * scale
    return pd.DataFrame({"value": value.where(out["covered"] > 0), "covered": out["covered"].astype(int),
                         "hidden": out["hidden"].astype(int), "present": out["present"].astype(int),
                         "expected": rows.loc[has, "nis"].nunique()})


def area_figures(rows: pd.DataFrame, codes: list[str]) -> pd.DataFrame:
    """One row per year and measure (`MEASURES`) for the area `codes`:
    `value` (NaN when no municipality has one: hidden or missing), `covered`
    (municipalities whose values went in), `hidden` (municipalities with a
    hidden input), `present` and `expected` (municipalities with the year,
    and with the series in any year: the year is complete when they are
    equal), `municipalities` (in the area), `quality` ('official', or
    'derived' for a figure computed here). For one municipality the jobseeker
    rate is the published one."""
    codes = list(dict.fromkeys(codes))
    rows = rows[rows["nis"].isin(codes)]
    rate, nwwz, vacancies = rows[RATE], rows[NWWZ], rows[VACANCIES]
    if len(codes) == 1:
        by_rate = _sum_over(rows, rate, None, rate.notna(), rows[f"{RATE}_hidden"], [RATE])
    else:
        labour_force = nwwz / (rate / 100).where(rate > 0)
        by_rate = _sum_over(rows, nwwz, labour_force, labour_force.notna(),
                            rows[f"{RATE}_hidden"] | rows[f"{NWWZ}_hidden"], [RATE, NWWZ], scale=100.0)
    parts = {
        RATE: (by_rate, OFFICIAL if len(codes) == 1 else COMPUTED),
        NWWZ: (_sum_over(rows, nwwz, None, nwwz.notna(), rows[f"{NWWZ}_hidden"], [NWWZ]), OFFICIAL),
        VACANCIES: (_sum_over(rows, vacancies, None, vacancies.notna(), rows[f"{VACANCIES}_hidden"], [VACANCIES]),
                    OFFICIAL),
        TENSION: (_sum_over(rows, nwwz, vacancies, nwwz.notna() & vacancies.notna(),
                            rows[f"{NWWZ}_hidden"] | rows[f"{VACANCIES}_hidden"], [NWWZ, VACANCIES]), COMPUTED),
        NEWCOMERS: (_sum_over(rows, rows[NEWCOMERS], None, rows[NEWCOMERS].notna(), rows[f"{NEWCOMERS}_hidden"],
                              [NEWCOMERS]), OFFICIAL),
    }
    out = pd.concat([part.assign(measure=m, quality=q) for m, (part, q) in parts.items()]).reset_index()
    out["municipalities"] = len(codes)
    return out[["year", "measure", "value", "covered", "hidden", "present", "expected", "municipalities",
                "quality"]]


def coverage(row) -> str:
    """`29 van 30 gemeenten (1 verborgen)` when a figure covers fewer than
    its area, else empty."""
    if row["covered"] >= row["municipalities"]:
        return ""
    text = f"{int(row['covered'])} van {int(row['municipalities'])} gemeenten"
    return text + (f" ({int(row['hidden'])} verborgen)" if row["hidden"] else "")


def rate_series(figures: pd.DataFrame) -> pd.DataFrame:
    """The jobseeker rate per year (`year`, `rate`) of `area_figures`, for a trend line."""
    rows = figures[figures["measure"] == RATE]
    return pd.DataFrame({"year": rows["year"].to_numpy(), "rate": rows["value"].to_numpy()})


def municipality_ranking(rows: pd.DataFrame, shown: list[str], year: int) -> pd.DataFrame:
    """One row per shown municipality for `year`, lowest jobseeker rate
    first, missing and hidden last: nis, rate, hidden, nwwz, nwwz_hidden,
    change_1y, change_5y (points), rank (1 = lowest rate) and ranked."""
    out = by_year(rows.rename(columns={RATE: "rate"}), shown, year, ascending=True)
    this_year = rows[rows["year"] == year].set_index("nis").reindex(out["nis"])
    out["hidden"] = this_year[f"{RATE}_hidden"].fillna(False).astype(bool).to_numpy()
    out["nwwz"] = this_year[NWWZ].to_numpy()
    out["nwwz_hidden"] = this_year[f"{NWWZ}_hidden"].fillna(False).astype(bool).to_numpy()
    return out


def table(figures: dict[str, pd.DataFrame], year: int | None = None, measure: str | None = None) -> pd.DataFrame:
    """The figures per area (label -> `area_figures`), of one year and/or
    one measure when given, as one table: area, measure, year, value,
    covered, hidden, present, expected, municipalities, quality and `note`
    (derived, coverage, hidden: what the page says beside the figure)."""
    rows = pd.concat([rows.assign(area=area) for area, rows in figures.items()], ignore_index=True)
    if year is not None:
        rows = rows[rows["year"] == year]
    if measure is not None:
        rows = rows[rows["measure"] == measure]
    rows = rows.reset_index(drop=True)
    rows["note"] = [note(row) for _, row in rows.iterrows()]
    return rows[["area", "measure", "year", "value", "covered", "hidden", "present", "expected", "municipalities",
                 "quality", "note"]]


def note(row) -> str:
    """What goes beside a figure: how it was computed, what it covers, `x`."""
    parts = [DERIVED if row["measure"] == RATE and row["quality"] == COMPUTED else "",
             TENSION_NOTE if row["measure"] == TENSION else "", coverage(row),
             HIDDEN_NOTE if row["hidden"] and pd.isna(row["value"]) else ""]
    return "; ".join(p for p in parts if p)


def cell(row) -> float | str:
    """A table cell: the value, or `x` when its only municipality hid it."""
    return HIDDEN if row["hidden"] and row["municipalities"] == 1 and pd.isna(row["value"]) else row["value"]
