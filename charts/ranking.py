"""Horizontal bars per municipality, largest on top, with reference lines
(region average, tension 1) and the modelled marking when needed."""
from __future__ import annotations

import base64
import math

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from charts.theme import (CHOSEN_COLOUR, MODELLED_PATTERN, NOTE_PX, TARGET_COLOUR, TITLE_LINE_PX, area_colours, area_role,
                          figure, label_margin, reference_line, wrap_lines)

NAME_WRAP = 24        # characters per line of a bar's name (every municipality's name fits one)
# A reference line's label stands under the plot, from the chart's left edge, after a sample of the line:
# beside the line it met the values of the bars ending near it, and on a phone it left the chart.
REFERENCE_MARK = "– – "
MAX_PANELS = 3        # a slide's ranking side by side (`panels`): beyond three a panel has no room for its bars
TICKS_PX = 26         # the x axis' tick labels, between the plot and the reference labels


def ranking(df: pd.DataFrame, value: str, title: str, hovertemplate: str, *, custom: list[str] = (),
            text_format: str = ",.1f", references: dict[str, float] | None = None,
            modelled: bool = True, name_wrap: int = NAME_WRAP) -> go.Figure:
    """Bars of `df[value]` per `df["name_nl"]`; `hovertemplate` may use
    `%{customdata[i]}` for the columns in `custom`. A reference named after
    an area ("gemiddelde Westhoek") is drawn in that area's colour, any
    other (a threshold) in the target's. `name_wrap`: characters per line
    of a bar's name."""
    rows = df.sort_values(value)
    # Long names (sectors) in lines: a margin for the whole name left a phone's bars no room.
    names = [wrap_lines(name, name_wrap) for name in rows["name_nl"]]
    lines = max(name.count("<br>") + 1 for name in names) if names else 1
    bar = go.Bar(
        x=rows[value], y=names, orientation="h",
        marker=dict(color=CHOSEN_COLOUR, pattern=MODELLED_PATTERN if modelled else None),
        customdata=rows[list(custom)].to_numpy() if custom else None,
        texttemplate=f"%{{x:{text_format}}}", textposition="outside", cliponaxis=False,
        hovertemplate=hovertemplate + "<extra></extra>",
    )
    left = label_margin(line for name in names for line in name.split("<br>"))
    shapes, notes, below = [], [], TICKS_PX
    for label, x in (references or {}).items():
        colour = area_colours([label])[label] if area_role(label) != "gekozen" else TARGET_COLOUR
        shapes.append(reference_line("x", x, None, colour=colour)[0])
        text = wrap_lines(REFERENCE_MARK + label, hyphens=True)   # TITLE_WRAP: what a phone's chart holds
        notes.append(dict(text=text, showarrow=False, font=dict(color=colour), xref="paper", x=0, xanchor="left",
                          xshift=8 - left, yref="paper", y=0, yanchor="top", yshift=-below, align="left"))
        below += TITLE_LINE_PX * (text.count("<br>") + 1)
    # Room right of the plot for the longest bar's value (drawn outside its bar, cliponaxis off).
    longest = f"{{:{text_format}}}".format(rows[value].max()) if rows[value].notna().any() else ""
    return figure([bar], wrap_lines(title), height=max(320, (26 + 8 * (lines - 1)) * len(rows) + 110 + below - TICKS_PX),
                  modelled=modelled, shapes=shapes, annotations=notes,
                  margin=dict(l=left, r=label_margin([longest]), b=max(40, below + 8)),
                  # ",": thousands grouped on the value axis too (1.400, as the bars' own text), in the
                  # layout's Belgian separators; plotly's default tick format groups no digits.
                  xaxis=dict(title=None, showgrid=True, gridcolor="#E3E7EC", tickformat=","), yaxis=dict(title=None))


def _array(value):
    """A trace's array as numbers: plotly's JSON holds a numeric one as typed base64 (a figure made from it too)."""
    if isinstance(value, dict) and "bdata" in value:
        array = np.frombuffer(base64.b64decode(value["bdata"]), dtype=value["dtype"])
        return array.reshape([int(n) for n in str(value["shape"]).split(",")]) if "shape" in value else array
    return value


def _sliced(trace: go.Bar, n: int, part: slice) -> go.Bar:
    """A copy of `trace` with each of its arrays of one value per bar (`n` of them) cut to `part`."""
    out = go.Bar(trace)
    for name in ("x", "y", "text", "hovertext", "customdata", "marker.color", "marker.pattern.shape"):
        value = _array(out[name])
        if isinstance(value, (list, tuple, np.ndarray)) and len(value) == n:
            out[name] = value[part]
    return out


def panels(fig: go.Figure, per_panel: int, font_px: int, scale: float,
           width_px: int) -> tuple[str, list[go.Figure], list[float]] | None:
    """A slide's figure (`ui.components.projected`) of one trace of more than
    `per_panel` horizontal bars (a ranking, trajectories per municipality)
    as its title (one line), panels of at most `per_panel` bars to draw
    side by side under it, largest first, and each panel's share of the
    width; or None for any other figure. A projector's 20 px names need
    about 23 px a bar: one column of 30 municipalities does not fit a
    slide, and plotly named only every second to fifth bar. Each panel
    names every bar on one line and writes its value beside it (no value
    axis: a narrow panel turned its numbers on end), on the same range over
    a plot as wide as the others', with the same reference lines; the notes under the axis (in lines a panel of the
    narrowest slide's chart width, `width_px`, holds) stand in the first, the modelled note in the last, and
    every panel keeps the same margins above and below its plot, so their
    bars line up. The title is the caller's to show above the panels: in
    one of them it would have to wrap to a panel's width, and the browser
    (static/titles.js) rewraps a title to fewer lines in one panel only."""
    if len(fig.data) != 1 or fig.data[0].type != "bar" or fig.data[0].orientation != "h":
        return None
    trace, layout = fig.data[0], fig.layout.to_plotly_json()
    n = len(trace.y)
    if n <= per_panel:
        return None
    count = min(max(2, math.ceil(n / per_panel)), MAX_PANELS)
    rows = math.ceil(n / count)
    wrap = int((width_px / count - 16) / (0.56 * font_px))
    values = pd.to_numeric(pd.Series(list(_array(trace.x))), errors="coerce")
    lines = [s["x0"] for s in layout.get("shapes", []) if s.get("xref") == "x"]
    low, high = min([0, values.min(), *lines]), max([values.max(), *lines])
    below = [a for a in layout.get("annotations", [])
             if a.get("yref") == "paper" and a.get("y") == 0 and a.get("yanchor") == "top"]
    others = [a for a in layout.get("annotations", []) if a not in below]
    margin = layout.get("margin", {})
    # The notes under the axis in the panel's longer lines, the margin under the plot after them.
    line_px = TITLE_LINE_PX * scale
    bottom = 8 * scale   # no value axis: each bar's value stands beside it

    for note in below:
        note["text"] = wrap_lines(note["text"].replace("-<br>", "-").replace("<br>", " "), wrap, hyphens=True)
        note["yshift"] = -round(bottom)
        bottom += line_px * (note["text"].count("<br>") + 1)
    title = ((layout.get("title") or {}).get("text") or "").replace("<br>", " ")
    top = (NOTE_PX if others else 8) * scale   # room above the plot for the modelled note (charts.theme)
    out, sides, right = [], [], round(margin.get("r", 0) * scale)
    for i in range(count):
        part = slice(max(n - (i + 1) * rows, 0), n - i * rows)   # bars run bottom to top: the largest last
        bars = _sliced(trace, n, part)
        names = [str(name).replace("<br>", " ") for name in bars.y]
        bars.update(y=names, constraintext="none")   # a value text keeps its 20 px beside its bar
        shown, left = len(names), label_margin(names, font_px)
        if i == 0:   # the notes from the chart's left edge (charts.ranking's `xshift`)
            below = [dict(note, xshift=8 - left) for note in below]
        panel = dict(layout)
        panel.update(
            title=None, showlegend=False, height=None,
            annotations=(below if i == 0 else []) + (others if i == count - 1 else []),
            margin=dict(margin, t=round(top), b=round(bottom + 8 * scale), l=left, r=right),
            # Every name (plotly leaves out those it thinks do not fit); a shorter last panel's bars as high.
            yaxis=dict(layout.get("yaxis", {}), tickmode="array", tickvals=names, ticktext=names,
                       range=[shown - rows - 0.5, shown - 0.5], autorange=False),
            xaxis=dict(layout.get("xaxis", {}), range=[low, high], autorange=False, showticklabels=False))
        out.append(go.Figure(data=[bars], layout=panel))
        sides.append(left + right)
    # Each panel's share of the width: its names and values, and a plot as wide as every other's (the same range
    # over the same width: bars compare across panels).
    plot = max(width_px - sum(sides), 100 * count) / count
    return title, out, [side + plot for side in sides]
