"""Target-group figures for the Kansengroepen page (rows of the `doelgroepen`
and `trajectory_reach` queries in, tables out)."""
from __future__ import annotations

import pandas as pd

from analysis.suppression import SHOWN, suppress

TOTAL = "Totaal"


def area_totals(rows: pd.DataFrame, area: str, by: tuple[str, ...] = ("target_group",)) -> pd.DataFrame:
    """One area (a set of municipalities) per group (or per `by`, e.g. year
    and group): summed size and population, and the size per 1,000 inhabitants."""
    totals = rows.groupby(list(by), sort=False)[["value", "population"]].sum().reset_index()
    totals["per_1000"] = 1000 * totals["value"] / totals["population"]
    totals.insert(0, "area", area)
    return totals


def comparison(areas: list[pd.DataFrame], groups: list[str], labels: dict[str, str]) -> pd.DataFrame:
    """Wide table, one row per area: per group the number and the rate per
    1,000 inhabitants, in the order of `groups`."""
    long = pd.concat(areas, ignore_index=True)
    long = long[long["target_group"].isin(groups)]
    table = pd.DataFrame({"Gebied": long["area"].unique()})
    for code in groups:
        part = long[long["target_group"] == code].set_index("area")
        table[f"{labels[code]} (aantal)"] = table["Gebied"].map(part["value"])
        table[f"{labels[code]} (per 1.000 inw.)"] = table["Gebied"].map(part["per_1000"]).round(1)
    return table


def reach(rows: pd.DataFrame) -> pd.DataFrame:
    """Per programme and group: a row per municipality and a total row
    (municipalities with trajectories), reach = started ÷ group size in %.
    Small counts are hidden as statistical offices do (analysis.suppression):
    `mark` says which, and their reach is left out with them."""
    parts = []
    for (programme, group), part in rows.groupby(["programme_label", "target_group"], sort=False):
        table = part.set_index("name_nl")[["started", "group_size"]].astype(float)
        table.loc[TOTAL] = table.sum()
        table["mark"] = suppress(table[["started"]], total_row=TOTAL)["started"]
        table["reach_pct"] = (100 * table["started"] / table["group_size"]).where(table["mark"] == SHOWN)
        parts.append(table.rename_axis("name_nl").reset_index().assign(programme_label=programme, target_group=group))
    columns = ["programme_label", "name_nl", "target_group", "started", "group_size", "reach_pct", "mark"]
    return pd.concat(parts, ignore_index=True)[columns] if parts else pd.DataFrame(columns=columns)
