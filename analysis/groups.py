"""A municipality's largest target groups, for Overzicht: the answer to
"which target group is largest here?" in a few rows, from the same series
as the Kansengroepen page (loaders/model_doelgroepen.py `SERIES`)."""
from __future__ import annotations

import pandas as pd

from analysis.kansengroepen import nearest_year


def largest_groups(rows: pd.DataFrame, series: list, pool: str, chosen: int, modelled_shown: int = 3) -> pd.DataFrame:
    """One municipality's target groups, each series in the year nearest
    `chosen` (as Kansengroepen shows it): the official series first, then
    the `modelled_shown` largest modelled groups, each part largest first.
    Counts only: a rate (unit %) is no group size, and the pool of all
    non-employed (`pool`) is no group. `rows`: the `kansengroepen` query for
    one municipality; `series`: `model_doelgroepen.SERIES`. Returns series,
    label, year, value, hidden, per_1000, modelled."""
    labels = {s.code: s.label for s in series}
    counts = rows[(rows["unit"] != "%") & rows["series"].isin(labels) & (rows["series"] != pool)]
    picked = [part[part["year"] == nearest_year(part["year"], chosen)]
              for _, part in counts.groupby("series", sort=False)]
    if not picked:
        return pd.DataFrame(columns=["series", "label", "year", "value", "hidden", "per_1000", "modelled"])
    out = pd.concat(picked, ignore_index=True)
    out = out.assign(label=out["series"].map(labels), modelled=out["quality"] == "modelled")
    official = out[~out["modelled"]].sort_values("value", ascending=False, na_position="last")
    modelled = out[out["modelled"]].sort_values("value", ascending=False).head(modelled_shown)
    return pd.concat([official, modelled], ignore_index=True)[
        ["series", "label", "year", "value", "hidden", "per_1000", "modelled"]]
