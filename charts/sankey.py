"""A Sankey diagram from a table of links, with every value pre-formatted
(Belgian euro or counts) in labels and tooltips, and the same links as bars
for a phone (`flow_bars`), where a Sankey's labels cover its flows.

A node's label is its name (wrapped), its value on a line of its own (the
euro sign never parted from its amount) and an optional note under it, so a
note such as "verdeling niet gepubliceerd" never reads as the amount's
caption."""
from __future__ import annotations

import textwrap
from collections.abc import Callable

import pandas as pd
import plotly.graph_objects as go

from charts.theme import MODELLED_COLOUR, MODELLED_PATTERN, NOTE_PX, OTHERS, figure, layout, wrap_lines

# Flows carry none of the area colours (charts.theme): indigo sources, sky-blue inner nodes, wine end points.
SOURCE, INNER, END = OTHERS[5], OTHERS[1], OTHERS[3]
LINK_COLOUR = "rgba(51, 34, 136, 0.25)"
MODELLED_LINK_COLOUR = "rgba(179, 89, 0, 0.45)"
# Characters per label line: "Lokaal Partnerschap Westhoek" on one line on a
# laptop (a phone gets `flow_bars`).
WRAP, LABEL_SIZE = 30, 13
# On a slide (ui.components.projected): the labels have most of a 1,300-1,900 px chart's width, in 20 px
# letters; in longer lines, fewer of them, so a column of small nodes keeps its labels apart.
SLIDE_WRAP = 60
LINE_PX = 17   # height of a label line
LABEL_GAP = 8  # between the labels of neighbouring nodes
NODE_PX = 30   # room per end node beside the gap that holds its label
NBSP = "\u00a0"
# flow_bars: characters per label line in a phone's chart (about 350 px), a bar's height, room under it.
FLOW_WRAP, BAR_PX, ROW_GAP_PX = 40, 14, 16


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
    pad = node_pad(texts)
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


def flow_bars(links: pd.DataFrame, text: Callable[[float], str], labels: dict[str, str] | None = None,
              title: str | None = None, notes: dict[str, str] | None = None) -> go.Figure:
    """The Sankey's links as bars for a phone, one per link in the table's
    order, each under its own label ("from → to", the value, and a node's
    note under the last link into it), so no label covers a flow. Laid out
    in pixels: the y axis counts pixels from the top."""
    labels, notes = labels or {}, notes or {}
    modelled = links["modelled"] if "modelled" in links else pd.Series(False, index=links.index)
    last_into = {t: i for i, t in enumerate(links["target"])}
    texts = [wrap_lines(f"{labels.get(s, s)} → {labels.get(t, t)}", FLOW_WRAP) + f"<br><b>{text(v).replace(' ', NBSP)}</b>"
             + "".join(f"<br><i>{line}</i>" for line in textwrap.wrap(notes.get(t, "") if last_into[t] == i else "",
                                                                      FLOW_WRAP, break_long_words=False))
             for i, (s, t, v) in enumerate(zip(links["source"], links["target"], links["value"]))]
    tops, centres, top = [], [], 0
    for label in texts:
        tops.append(top)
        top += LINE_PX * (label.count("<br>") + 1) + 2
        centres.append(top + BAR_PX / 2)
        top += BAR_PX + ROW_GAP_PX
    bars = go.Bar(
        x=links["value"].astype(float).tolist(), y=centres, width=BAR_PX, orientation="h",
        marker=dict(color=[MODELLED_COLOUR if m else SOURCE for m in modelled],
                    pattern=MODELLED_PATTERN if modelled.any() else None),
        customdata=[t.replace("<br>", " ") for t in texts], hovertemplate="%{customdata}<extra></extra>")
    placed = [dict(text=label, x=0, xref="paper", y=y, yref="y", xanchor="left", yanchor="top", align="left",
                   showarrow=False, font=dict(size=LABEL_SIZE)) for label, y in zip(texts, tops)]
    title = title and wrap_lines(title, FLOW_WRAP)
    above = layout(title)["margin"]["t"] + (NOTE_PX if modelled.any() else 0)   # as `figure` makes it
    return figure([bars], title, top + above + 10, modelled=bool(modelled.any()), annotations=placed,
                  margin=dict(l=10, r=10, b=10), showlegend=False,
                  xaxis=dict(visible=False, range=[0, float(links["value"].max())], fixedrange=True),
                  yaxis=dict(visible=False, range=[top, 0], fixedrange=True))


def node_pad(labels: list[str], letters: float = LABEL_SIZE) -> int:
    """Nodes a label and a gap apart, the tallest label's lines in letters of
    `letters` px: a small node's label never runs into its neighbour's."""
    return round(LINE_PX * letters / LABEL_SIZE * max(label.count("<br>") + 1 for label in labels) + LABEL_GAP)


def rewrapped(labels: list[str], names: list[str], wrap: int) -> list[str]:
    """Each `node_label` (of the node named in `names`) with its name and
    note in lines of `wrap` characters, its value after the name ("Werk:
    255") where the line holds both: a slide's labels in fewer, longer
    lines (`SLIDE_WRAP`)."""
    out = []
    for label, name in zip(labels, names):
        lines = label.split("<br>")
        k = next((k for k in range(1, len(lines)) if " ".join(lines[:k]) == name), None)   # the name's lines
        if k is None:   # not a node_label
            out.append(label)
            continue
        note = " ".join(line.removeprefix("<i>").removesuffix("</i>") for line in lines[k + 1:])
        named = node_label(name, lines[k].replace(NBSP, " "), note, wrap).split("<br>")
        last = len(textwrap.wrap(name, wrap, break_long_words=False)) - 1   # the name's last line, then the value
        if len(named[last]) + 2 + len(named[last + 1]) <= wrap:
            named[last:last + 2] = [f"{named[last]}: {named[last + 1]}"]
        out.append("<br>".join(named))
    return out


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
