"""A Sankey diagram from a table of links, with every value pre-formatted
(Belgian euro or counts) in labels and tooltips."""
from __future__ import annotations

import textwrap
from collections.abc import Callable

import pandas as pd
import plotly.graph_objects as go

from charts.theme import MODELLED_COLOUR, SERIES, figure

LINK_COLOUR = "rgba(11, 83, 148, 0.30)"
MODELLED_LINK_COLOUR = "rgba(179, 89, 0, 0.45)"
NODE_HEIGHT = 80  # px per end node, so labels stay readable


def sankey(links: pd.DataFrame, text: Callable[[float], str], labels: dict[str, str] | None = None,
           title: str | None = None, height: int = 460, wrap: int = 28) -> go.Figure:
    """`links`: columns source, target, value and optionally `modelled`
    (bool; drawn in the modelled colour). `text` formats a value; `labels`
    maps node keys to Dutch names (default: the key itself); `wrap`: characters
    per label line (fewer columns leave room for longer lines)."""
    labels = labels or {}
    nodes = list(dict.fromkeys([*links["source"], *links["target"]]))
    index = {n: i for i, n in enumerate(nodes)}
    into = links.groupby("target")["value"].sum()
    out = links.groupby("source")["value"].sum()
    totals = [max(into.get(n, 0), out.get(n, 0)) for n in nodes]
    modelled = links["modelled"] if "modelled" in links else pd.Series(False, index=links.index)
    node_modelled = {n: bool(modelled[links["target"] == n].all()) and n in into for n in nodes}
    names = [labels.get(n, n) for n in nodes]
    flow = go.Sankey(
        arrangement="snap",
        node=dict(
            label=["<br>".join(textwrap.wrap(f"{name}: {text(v)}", wrap)) for name, v in zip(names, totals)],
            color=[_node_colour(n in into, n in out, node_modelled[n]) for n in nodes],
            customdata=names, pad=40, thickness=18, line=dict(width=0),
            hovertemplate="%{customdata}<extra></extra>",
        ),
        link=dict(
            source=[index[s] for s in links["source"]], target=[index[t] for t in links["target"]],
            value=links["value"].astype(float).tolist(),
            color=[MODELLED_LINK_COLOUR if m else LINK_COLOUR for m in modelled],
            customdata=[f"{labels.get(s, s)} → {labels.get(t, t)}: {text(v)}"
                        + (" (gemodelleerd)" if m else "")
                        for s, t, v, m in zip(links["source"], links["target"], links["value"], modelled)],
            hovertemplate="%{customdata}<extra></extra>",
        ),
    )
    ends = len(set(links["target"]) - set(links["source"]))
    return figure([flow], title, max(height, NODE_HEIGHT * ends), modelled=bool(modelled.any()))


def _node_colour(has_in: bool, has_out: bool, modelled: bool) -> str:
    """Sources dark blue, inner nodes light blue, end points green, modelled orange."""
    if modelled:
        return MODELLED_COLOUR
    if not has_in:
        return SERIES[0]
    return SERIES[4] if has_out else SERIES[2]
