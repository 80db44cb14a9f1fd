"""Budget figures derived from published ones: cost per trajectory and per
trajectory that ended in work, only where both the budget and the number of
trajectories are published (a modelled count would make the cost circular:
the Lokaal Partnerschap's participants are sized from its budget)."""
from __future__ import annotations

import pandas as pd

NOT_PUBLISHED = "niet gepubliceerd"


def sankey_links(flows: pd.DataFrame) -> pd.DataFrame:
    """Links of the flows with a known amount (from `budget_flows` rows);
    flows that are not published have no width to draw."""
    known = flows[flows["amount_eur"].notna()]
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
    out.loc[missing_count, "basis"] = "niet berekenbaar: aantal trajecten niet gepubliceerd (alleen gemodelleerd)"
    out.loc[missing_budget & missing_count, "basis"] = "niet berekenbaar: budget en aantal trajecten niet gepubliceerd"
    return out
