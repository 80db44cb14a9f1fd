"""Budget figures from published ones: who pays what per year and over the
programme, and cost per trajectory and per trajectory that ended in work,
only where both the budget and the number of trajectories are published
(never from a modelled count)."""
from __future__ import annotations

import pandas as pd

NOT_PUBLISHED = "niet gepubliceerd"


def funders(amounts: dict[str, float], years: int) -> pd.DataFrame:
    """Who pays what: per funder (`amounts`: published euro per year) the
    amount per year, its share of the total and the amount over `years`
    years, in whole cents (so the column sums are the published totals)."""
    cents = pd.Series({name: round(v * 100) for name, v in amounts.items()}, dtype="int64")
    return pd.DataFrame({"per_year": cents / 100, "share": cents / cents.sum() * 100,
                         "period": cents * years / 100}).rename_axis("funder")


def sankey_links(flows: pd.DataFrame, split_node: str, split: bool) -> pd.DataFrame:
    """Links of the flows with a known amount (from `budget_flows` rows),
    one level at a time so a phone can read the labels of both columns:
    funders -> programmes, or (`split`) the modelled split of `split_node`
    over the partners. Flows that are not published have no width to draw."""
    known = flows[flows["amount_eur"].notna()]
    level = (known["from_node"] == split_node) if split else (known["to_node"] != split_node)
    known = known[level]
    return pd.DataFrame({"source": known["from_node"], "target": known["to_node"],
                         "value": known["amount_eur"].astype(float),
                         "modelled": known["quality"] == "modelled"}).reset_index(drop=True)


def costs(programmes: pd.DataFrame) -> pd.DataFrame:
    """From `programme_costs` rows: adds cost_per_trajectory, cost_per_job
    (NaN where not computable) and `basis`, the Dutch reason or 'afgeleid'."""
    out = programmes.copy()
    budget = out["budget_eur"].astype(float)
    out["cost_per_trajectory"] = budget / out["published_trajectories"].astype(float)
    out["cost_per_job"] = budget / out["published_to_work"].astype(float).where(out["published_to_work"] > 0)
    missing_budget, missing_count = budget.isna(), out["published_trajectories"].isna()
    out["basis"] = "afgeleid: budget ÷ gepubliceerd aantal trajecten"
    out.loc[missing_budget, "basis"] = "niet berekenbaar: budget niet gepubliceerd"
    out.loc[missing_count, "basis"] = "niet berekenbaar: aantal trajecten niet gepubliceerd"
    out.loc[missing_budget & missing_count, "basis"] = "niet berekenbaar: budget en aantal trajecten niet gepubliceerd"
    return out
