"""Target-group figures for the Kansengroepen page (rows of the `doelgroepen`
and `trajectory_reach` queries in, tables out)."""
from __future__ import annotations

from collections.abc import Callable

import pandas as pd

from analysis.suppression import HIDDEN_TEXT, SHOWN, suppress

TOTAL = "Totaal"
REGION_ROW = "regio"


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


def in_year(totals: pd.DataFrame, area: str, year: int | str) -> pd.DataFrame:
    """One area's rows of the `doelgroepen_totals` query (every year) in
    `year`, shaped as `area_totals` shapes them."""
    rows = totals[totals["period"] == str(year)].drop(columns="period").reset_index(drop=True)
    rows.insert(0, "area", area)
    return rows


def comparison(areas: list[pd.DataFrame], groups: list[str], labels: dict[str, str]) -> pd.DataFrame:
    """Wide table, one row per area: per group the number and the rate per
    1,000 inhabitants, in the order of `groups`; `modelled` per area when
    the areas carry it."""
    long = pd.concat(areas, ignore_index=True)
    long = long[long["target_group"].isin(groups)]
    order = long["area"].unique()
    values = long.pivot(index="area", columns="target_group", values="value").reindex(order)
    rates = long.pivot(index="area", columns="target_group", values="per_1000").reindex(order).round(1)
    columns = {"Gebied": order}
    for code in groups:
        columns[f"{labels[code]} (aantal)"] = values[code].to_numpy()
        columns[f"{labels[code]} (per 1.000 inw.)"] = rates[code].to_numpy()
    if "modelled" in long:
        columns["modelled"] = long.groupby("area")["modelled"].any().reindex(order).to_numpy()
    return pd.DataFrame(columns)


def reach(rows: pd.DataFrame, selected: list[str], region: str) -> pd.DataFrame:
    """Per programme and group: a row per shown municipality and a total
    row, reach = started ÷ group size in %. `rows`: the whole region's
    (`region` is its name); `selected`: the chosen municipalities (empty:
    all). Small counts are hidden as statistical offices do
    (analysis.suppression), over the region's table, so a municipality
    shows the same whatever else is chosen; `mark` says which, and their
    reach is left out with them. The total: the selection's, unless one of
    its counts is hidden or it is the whole region: then the region's
    ('Totaal <region>'), over its municipalities with trajectories."""
    parts = []
    for (programme, group), part in rows.groupby(["programme_label", "target_group"], sort=False):
        part = part.set_index("nis")
        table = part[["started", "group_size"]].astype(float)
        table.loc[REGION_ROW] = table.sum()
        marks = suppress(table[["started"]], total_row=REGION_ROW)["started"]
        shown = [n for n in (selected or part.index) if n in part.index]
        if not shown:
            continue
        hidden = bool((marks[shown] != SHOWN).any())
        if hidden or set(shown) == set(part.index):
            total, mark, label = table.loc[REGION_ROW], marks[REGION_ROW], f"{TOTAL} {region}"
        else:
            total, mark, label = table.loc[shown].sum(), SHOWN, f"{TOTAL} selectie"
        out = table.loc[shown].assign(mark=marks[shown], name_nl=part.loc[shown, "name_nl"])
        if len(shown) > 1 or hidden:  # one shown municipality: the total would repeat it
            out.loc[""] = {**total.to_dict(), "mark": mark, "name_nl": label}
        parts.append(out.rename_axis("nis").reset_index().assign(programme_label=programme, target_group=group))
    columns = ["programme_label", "nis", "name_nl", "target_group", "started", "group_size", "reach_pct", "mark"]
    if not parts:
        return pd.DataFrame(columns=columns)
    out = pd.concat(parts, ignore_index=True).astype({"started": int})
    out["reach_pct"] = (100 * out["started"] / out["group_size"]).where(out["mark"] == SHOWN)
    return out[columns]


def reach_table(reached: pd.DataFrame, group_labels: dict[str, str], size_label: str,
                number: Callable[..., object], missing: str = "–") -> pd.DataFrame:
    """The `reach` rows with Dutch headers, `number(value, decimals)`
    formatting the values (Belgian text to show, or the numbers themselves
    to export); hidden counts as their text ('<5', 'x'), their reach as
    `missing`."""
    out = pd.DataFrame({
        "Programma": reached["programme_label"], "NIS-code": reached["nis"], "Gemeente": reached["name_nl"],
        "Doelgroep": reached["target_group"].map(group_labels),
        "Gestarte trajecten": reached["started"].map(number).astype(object),
        size_label: reached["group_size"].map(number),
        "Bereik (%)": reached["reach_pct"].map(lambda v: missing if pd.isna(v) else number(v, 1))})
    for mark, text in HIDDEN_TEXT.items():
        out.loc[reached["mark"] == mark, "Gestarte trajecten"] = text
    return out
