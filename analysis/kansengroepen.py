"""Target-group figures for the Kansengroepen page (rows of the
`kansengroepen`, `kansengroepen_totals` and `trajectory_reach` queries in,
tables out): each series in its own reference year, hidden values kept
hidden, reach of the programmes."""
from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pandas as pd

from analysis.budget import NOT_PUBLISHED
from analysis.suppression import HIDDEN_TEXT, SHOWN, suppress

TOTAL = "Totaal"
REGION_ROW = "regio"
MUNICIPALITY, SELECTION = "gemeente", "selectie"
# What a reach row's count of started trajectories is, by its `scope`.
COUNT_QUALITY_COLUMN = "Aantal: kwaliteit"   # the reach table's column of `COUNT_QUALITY`
COUNT_QUALITY = {MUNICIPALITY: "gemodelleerd (verdeling van het gepubliceerde totaal)",
                 SELECTION: "gemodelleerd (som van de verdeling)", REGION_ROW: "officieel (gepubliceerd totaal)"}


def area_totals(rows: pd.DataFrame, area: str, by: tuple[str, ...] = ("target_group",)) -> pd.DataFrame:
    """One area (a set of municipalities) per group (or per `by`, e.g. year
    and group): summed size and population, and the size per 1,000
    inhabitants; `modelled` when any summed value is (rows with `quality`)."""
    keys = [rows[column] for column in by]
    totals = rows[["value", "population"]].groupby(keys, sort=False).sum()
    if "quality" in rows:
        totals["modelled"] = (rows["quality"] == "modelled").groupby(keys, sort=False).any()
    totals = totals.reset_index()
    totals["per_1000"] = 1000 * totals["value"] / totals["population"]
    totals.insert(0, "area", area)
    return totals


def nearest_year(years, chosen: int) -> int:
    """The year of `years` closest to `chosen` (the earlier one on a tie):
    `chosen` itself when there is one."""
    return min(years, key=lambda y: (abs(y - chosen), y))


def year_note(modelled: bool, year: int, chosen: int, years) -> str | None:
    """What to say next to a figure of `year` when `chosen` was asked for
    (`years`: its series' years); None when it shows the chosen year."""
    if year == chosen:
        return None
    if modelled:
        return f"{'laatste' if year == max(years) else 'eerste'} jaar van het model: {year}"
    return f"geen cijfer voor {chosen}, getoond: {year} (dichtstbijzijnde jaar)"


def in_years(rows: pd.DataFrame, years: dict[str, int]) -> pd.DataFrame:
    """The rows (with `series` and `year`) of each series' shown year. Each
    series' year looked up once, not per row (`Series.map` over the rows'
    text: a quarter of the time; called six times per year change)."""
    codes, series = pd.factorize(rows["series"])
    wanted = np.array([years.get(code, -1) for code in series] + [-1])[codes]   # -1: no series, no year
    return rows[rows["year"].to_numpy() == wanted].reset_index(drop=True)


def comparison(areas: dict[str, pd.DataFrame], series: list[str]) -> tuple[pd.DataFrame, pd.DataFrame]:
    """One row per series (in the order of `series`); per area (its rows of
    `kansengroepen_totals`, each series in its shown year) the count and the
    rate per 1,000 inhabitants. Returns the numbers and, cell by cell, how
    many of the summed values their producer hid (see `mark_hidden`)."""
    numbers, hidden = {}, {}
    for area, rows in areas.items():
        rows = rows.set_index("series").reindex(series)
        for column, values in ((f"{area} (aantal)", rows["value"]),
                               (f"{area} (per 1.000 inw.)", rows["per_1000"].round(1))):
            numbers[column] = values.to_numpy()
            hidden[column] = rows["hidden"].fillna(0).to_numpy()
    return pd.DataFrame(numbers, index=series), pd.DataFrame(hidden, index=series)


def mark_hidden(table: pd.DataFrame, hidden: pd.DataFrame, text: str, number: Callable[[float], str],
                counts: list[str]) -> pd.DataFrame:
    """`table` with the values their producer hid said as `text` ('x'),
    never as 0 or as missing. `hidden`: per cell (same index, columns
    `hidden` lacks have none) how many values were hidden: a cell without a
    value becomes `text`; a sum in a `counts` column, which holds only the
    published values, becomes '<sum> + x' (`number` formats the sum). A
    rate per 1,000 over the published municipalities stays as it is."""
    out = table.astype(object)
    mask = hidden.reindex(index=table.index, columns=table.columns, fill_value=0).fillna(0) > 0
    for column in table.columns:
        for index in table.index[mask[column]]:
            value = table.at[index, column]
            if pd.isna(value):
                out.at[index, column] = text
            elif column in counts:
                out.at[index, column] = f"{number(value)} + {text}"
    return out


def counted(rows: pd.DataFrame, selected: list[str], region: str) -> pd.DataFrame:
    """Per programme and group: a row per shown municipality and a total
    row of the trajectories started, without the group's size (which
    depends on the year: `sized` adds it). `rows`: the whole region's
    `trajectory_reach` rows (`region` is its name); `selected`: the chosen
    municipalities (empty: all). Small counts are hidden as statistical
    offices do (analysis.suppression), over the region's table, so a
    municipality shows the same whatever else is chosen; `mark` says which.
    The total: the selection's, unless one of its counts is hidden or it is
    the whole region: then the region's ('Totaal <region>', `scope`
    REGION_ROW: every trajectory of the region, so a programme's published
    total). `scope`: 'gemeente', 'selectie' or REGION_ROW; `members`: the
    municipalities whose group sizes a row's size adds up."""
    parts = []
    for (programme, group), part in rows.groupby(["programme_label", "target_group"], sort=False):
        part = part.set_index("nis")
        table = part[["started"]].astype(float)
        table.loc[REGION_ROW] = table.sum()
        marks = suppress(table, total_row=REGION_ROW)["started"]
        shown = [n for n in (selected or part.index) if n in part.index]
        if not shown:
            continue
        hidden = bool((marks[shown] != SHOWN).any())
        out = table.loc[shown].assign(mark=marks[shown], name_nl=part.loc[shown, "name_nl"], scope=MUNICIPALITY,
                                      members=[(n,) for n in shown])
        if len(shown) > 1 or hidden:  # one shown municipality: the total would repeat it
            if hidden or set(shown) == set(part.index):
                out.loc[""] = {"started": table.at[REGION_ROW, "started"], "mark": marks[REGION_ROW],
                               "name_nl": f"{TOTAL} {region}", "scope": REGION_ROW, "members": tuple(part.index)}
            else:
                out.loc[""] = {"started": table.loc[shown, "started"].sum(), "mark": SHOWN,
                               "name_nl": f"{TOTAL} selectie", "scope": SELECTION, "members": tuple(shown)}
        parts.append(out.rename_axis("nis").reset_index().assign(programme_label=programme, target_group=group))
    columns = ["programme_label", "nis", "name_nl", "target_group", "started", "mark", "scope", "members"]
    if not parts:
        return pd.DataFrame(columns=columns)
    return pd.concat(parts, ignore_index=True).astype({"started": int})[columns]


def sized(rows: pd.DataFrame, sizes: dict[tuple[str, str], float],
          programme_sizes: dict[tuple[str, str], float] | None = None) -> pd.DataFrame:
    """The `counted` rows with their group's size, reach = started ÷ group
    size in % (none for a hidden count). `sizes`: (nis, target group) ->
    size; a total row adds up its members' (those with one), a region row
    takes its programme's whole area's from `programme_sizes` (programme
    label, group) where given (the model, not the source, chose the
    municipalities with trajectories)."""
    def size(row) -> float:
        if row.scope == MUNICIPALITY:
            return sizes.get((row.nis, row.target_group), float("nan"))
        if row.scope == REGION_ROW and (row.programme_label, row.target_group) in (programme_sizes or {}):
            return programme_sizes[(row.programme_label, row.target_group)]
        return float(pd.Series([sizes.get((n, row.target_group)) for n in row.members], dtype=float).sum())

    out = rows.drop(columns="members").assign(group_size=[size(row) for row in rows.itertuples()])
    out["reach_pct"] = (100 * out["started"] / out["group_size"]).where(out["mark"] == SHOWN)
    return out[["programme_label", "nis", "name_nl", "target_group", "started", "group_size", "reach_pct", "mark",
                "scope"]]


def reach_table(reached: pd.DataFrame, group_labels: dict[str, str], size_label: str, size_notes: dict[str, str],
                number: Callable[..., object], periods: Callable[[str, str], str], count_quality: dict[str, str],
                unpublished: list[dict] = (), missing: str = "–") -> pd.DataFrame:
    """The `reach` rows with Dutch headers, `number(value, decimals)`
    formatting the values (Belgian text to show, or the numbers themselves
    to export); hidden counts as their text ('<5', 'x'), their reach as
    `missing`. `size_notes`: per target group the year and quality of its
    size ('2024, officieel'); `periods(programme label, nis)`: when the
    programme ran there ('' for a total row); `count_quality`: per `scope`
    what the count is (a municipality's: the model's split; the region
    total: the published figure); `unpublished`: a row per programme of the
    region that published no participants (Programma, Periode, Doelgroep)."""
    out = pd.DataFrame({
        "Programma": reached["programme_label"],
        "Periode": [periods(label, nis) for label, nis in zip(reached["programme_label"], reached["nis"])],
        "NIS-code": reached["nis"], "Gemeente": reached["name_nl"],
        "Doelgroep": reached["target_group"].map(group_labels),
        "Gestarte trajecten": reached["started"].map(number).astype(object),
        COUNT_QUALITY_COLUMN: reached["scope"].map(count_quality),
        size_label: reached["group_size"].map(lambda v: missing if pd.isna(v) else number(v)),
        "Omvang: jaar, kwaliteit": reached["target_group"].map(size_notes),
        "Bereik (%)": reached["reach_pct"].map(lambda v: missing if pd.isna(v) else number(v, 1))})
    for mark, text in HIDDEN_TEXT.items():
        out.loc[reached["mark"] == mark, "Gestarte trajecten"] = text
    none = pd.DataFrame([{**row, "NIS-code": "", "Gemeente": "", "Gestarte trajecten": NOT_PUBLISHED,
                          COUNT_QUALITY_COLUMN: NOT_PUBLISHED, size_label: missing, "Omvang: jaar, kwaliteit": missing,
                          "Bereik (%)": missing} for row in unpublished], columns=out.columns)
    return pd.concat([out, none], ignore_index=True) if len(none) else out
