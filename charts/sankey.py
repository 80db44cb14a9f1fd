"""A Sankey diagram from a table of links, with every value pre-formatted
(Belgian euro or counts) in labels and tooltips.

A node's label is its name (wrapped), its value on a line of its own (the
euro sign never parted from its amount) and an optional note under it, so a
note such as "verdeling niet gepubliceerd" never reads as the amount's
caption. Lines stay short enough for a phone's width (390 px)."""
from __future__ import annotations

import textwrap
from collections.abc import Callable

import pandas as pd
import plotly.graph_objects as go

from charts.theme import MODELLED_COLOUR, OTHERS, figure

# Flows carry none of the area colours (charts.theme): indigo sources, sky-blue inner nodes, wine end points.
SOURCE, INNER, END = OTHERS[5], OTHERS[1], OTHERS[3]
LINK_COLOUR = "rgba(51, 34, 136, 0.25)"
MODELLED_LINK_COLOUR = "rgba(179, 89, 0, 0.45)"
# Labels of both columns side by side fit a phone (390 px): 18 characters
# of 13 px take about 125 px each; no axis, so no room kept for tick labels.
WRAP, LABEL_SIZE = 18, 13
LINE_PX = 17   # height of a label line
NODE_PX = 30   # room per end node beside the gap that holds its label
NBSP = "\u00a0"


def sankey(links: pd.DataFrame, text: Callable[[float], str], labels: dict[str, str] | None = None,
           title: str | None = None, height: int = 460, wrap: int = WRAP,
           notes: dict[str, str] | None = None) -> go.Figure:
    """`links`: columns source, target, value and optionally `modelled`
    (bool; drawn in the modelled colour). `text` formats a value; `labels`
    maps node keys to Dutch names (default: the key itself); `wrap`: characters
    per label line; `notes`: a line in italics under a node's value."""
    labels, notes = labels or {}, notes or {}
    nodes = list(dict.fromkeys([*links["source"], *links["target"]]))
    index = {n: i for i, n in enumerate(nodes)}
    into = links.groupby("target")["value"].sum()
    out = links.groupby("source")["value"].sum()
    totals = [max(into.get(n, 0), out.get(n, 0)) for n in nodes]
    modelled = links["modelled"] if "modelled" in links else pd.Series(False, index=links.index)
    node_modelled = {n: bool(modelled[links["target"] == n].all()) and n in into for n in nodes}
    names = [labels.get(n, n) for n in nodes]
    texts = [node_label(name, text(v), notes.get(n), wrap) for n, name, v in zip(nodes, names, totals)]
    # Nodes at least a label apart: a small node's label never runs into its neighbour's.
    pad = LINE_PX * max(t.count("<br>") + 1 for t in texts)
    ends = len(set(links["target"]) - set(links["source"]))
    flow = go.Sankey(
        arrangement="snap", textfont=dict(size=LABEL_SIZE),
        node=dict(
            label=texts,
            color=[_node_colour(n in into, n in out, node_modelled[n]) for n in nodes],
            customdata=names, pad=pad, thickness=18, line=dict(width=0),
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
    # Half a label below the plot: the bottom node's label is centred on it.
    return figure([flow], title, max(height, (pad + NODE_PX) * ends), modelled=bool(modelled.any()),
                  margin=dict(l=10, r=10, b=pad // 2 + 10))


def node_label(name: str, value: str, note: str | None, wrap: int) -> str:
    """Name (wrapped), value (unbreakable), note (wrapped, in italics)."""
    def lines(text: str) -> list[str]:
        return textwrap.wrap(text, wrap, break_long_words=False)

    return "<br>".join([*lines(name), value.replace(" ", NBSP)] + [f"<i>{line}</i>" for line in lines(note or "")])


def _node_colour(has_in: bool, has_out: bool, modelled: bool) -> str:
    """Sources indigo, inner nodes sky blue, end points wine, modelled orange-brown."""
    if modelled:
        return MODELLED_COLOUR
    if not has_in:
        return SOURCE
    return INNER if has_out else END
