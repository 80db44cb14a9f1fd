"""Horizontal bars per municipality, largest on top, with reference lines
(region average, tension 1) and the modelled marking when needed."""
from __future__ import annotations

import math
import re
from typing import NamedTuple

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from charts.theme import (CHOSEN_COLOUR, MODELLED_PATTERN, NOTE_PX, TARGET_COLOUR, TITLE_LINE_PX, area_colours, area_role,
                          array, figure, label_margin, phone_legend, reference_line, wrap_lines)

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


def _sliced(trace: go.Bar, n: int, part: slice | np.ndarray) -> go.Bar:
    """A copy of `trace` with each of its arrays of one value per bar (`n` of them) cut to `part` (a slice, or
    the bars' positions)."""
    out = go.Bar(trace)
    for name in ("x", "y", "text", "hovertext", "customdata", "marker.color", "marker.pattern.shape"):
        value = array(out[name])
        if isinstance(value, (list, tuple, np.ndarray)) and len(value) == n:
            out[name] = np.asarray(value, dtype=object if name in ("y", "text", "hovertext") else None)[part]
    return out


def _one_line(name) -> str:
    return str(name).replace("-<br>", "-").replace("<br>", " ")


def _value_texts(trace: go.Bar) -> list[str]:
    """Each bar's text as plotly draws it beside the bar: its `text`, or its value in the `texttemplate`'s
    format (`%{x:,.1f}`) with the Belgian separators."""
    values = list(array(trace.x))
    if trace.text is not None and not isinstance(trace.text, str):
        return ["" if t is None else str(t) for t in trace.text]
    match = re.fullmatch(r"%\{x:([^}]*)\}", trace.texttemplate or "") if isinstance(trace.texttemplate, str) else None
    spec = match[1] if match else ""
    return ["" if v is None or pd.isna(v) else
            format(v, spec).replace(",", "\0").replace(".", ",").replace("\0", ".") for v in values]


def _clear_of_lines(bars: go.Bar, lines: list[float], per_px: float, font_px: int) -> list[dict]:
    """A value beside its bar that would cross a reference line (a bar ending just short of it) stands beyond
    the line instead: the bar's own text is left out (`textposition` per bar) and an annotation takes its
    place; returns those annotations. `per_px`: the value axis' units per pixel of the plot."""
    texts, values, given = _value_texts(bars), list(array(bars.x)), bars.textposition or "outside"
    positions, moved = [], []
    for i, (name, value, text) in enumerate(zip(bars.y, values, texts)):
        # The text's reach beyond the bar's end: its letters (charts.theme.label_margin) and plotly's gap.
        reach = value + (label_margin([text], font_px) - 12 + 6) * per_px if text and pd.notna(value) else None
        crossed = [x for x in lines if reach is not None and value < x <= reach]
        positions.append("none" if crossed else given if isinstance(given, str) else given[i])
        if crossed:
            moved.append(dict(text=text, x=max(crossed), xref="x", y=name, yref="y", xanchor="left", xshift=4,
                              showarrow=False))
    if moved:
        bars.update(textposition=positions)
    return moved


class Panels(NamedTuple):
    """A slide's ranking side by side (`panels`)."""
    title: str               # to show above the panels
    parts: list[go.Figure]   # the panels, largest first
    widths: list[float]      # each panel's share of the width
    left_out: str | None     # the line that says which bars the slide leaves out, if any


def _notes_below(layout: dict, wrap: int, scale: float) -> tuple[list[dict], list[dict], float]:
    """The figure's notes under its axis (charts.ranking's reference lines) in lines of `wrap` characters, one
    under the other from the plot's foot (no value axis: each bar's value stands beside it), the other notes
    (the modelled one), and the margin the notes take under the plot (px)."""
    below = [dict(a) for a in layout.get("annotations", [])
             if a.get("yref") == "paper" and a.get("y") == 0 and a.get("yanchor") == "top"]
    others = [a for a in layout.get("annotations", []) if not (
        a.get("yref") == "paper" and a.get("y") == 0 and a.get("yanchor") == "top")]
    line_px, bottom = TITLE_LINE_PX * scale, 8 * scale
    for note in below:
        note["text"] = wrap_lines(_one_line(note["text"]), wrap, hyphens=True)
        note["yshift"] = -round(bottom)
        bottom += line_px * (note["text"].count("<br>") + 1)
    return below, others, bottom


def _horizontal_bars(fig: go.Figure, alone: bool = True) -> bool:
    """Whether the figure's first trace is horizontal bars (`alone`: its only trace)."""
    return (len(fig.data) == 1 or not alone and len(fig.data) > 1) and fig.data[0].type == "bar" \
        and fig.data[0].orientation == "h"


def panels(fig: go.Figure, per_panel: int, font_px: int, scale: float, width_px: int,
           cut_per_panel: int | None = None) -> Panels | None:
    """A slide's figure (`ui.components.projected`) of one trace of more than
    `per_panel` horizontal bars (a ranking, trajectories per municipality)
    as its title (one line), panels of at most `per_panel` bars to draw
    side by side under it, largest first, and each panel's share of the
    width; or None for any other figure. A projector's 20 px names need
    about 23 px a bar: one column of 30 municipalities does not fit a
    slide, and plotly named only every second to fifth bar. Each panel
    names every bar on one line and writes its value beside it (no value
    axis: a narrow panel turned its numbers on end; a value that would cross
    a reference line stands beyond it), on the same range over
    a plot as wide as the others', with the same reference lines; the notes under the axis (in lines a panel of the
    narrowest slide's chart width, `width_px`, holds) stand in the first, the modelled note in the last, and
    every panel keeps the same margins above and below its plot, so their
    bars line up. The title is the caller's to show above the panels: in
    one of them it would have to wrap to a panel's width, and the browser
    (static/titles.js) rewraps a title to fewer lines in one panel only.

    More bars than `MAX_PANELS` panels hold (40 municipalities: three
    panels of 14 did not fit a laptop's slide): the largest in all panels
    but the last, the smallest in the last, each name after its place
    ("21. Ieper"), and `left_out` says which places the slide leaves out and
    that the page outside presentation mode shows them all; then at most
    `cut_per_panel` bars a panel (when given): that line, and the page's
    own above the chart (`ui.components.top`, Flanders' 300 municipalities),
    take the height of a few bars."""
    if not _horizontal_bars(fig):
        return None
    trace, layout = fig.data[0], fig.layout.to_plotly_json()
    n = len(trace.y)
    if n <= per_panel:
        return None
    left_out, names = None, [_one_line(name) for name in trace.y]
    if n > MAX_PANELS * per_panel:   # bars run bottom to top: the smallest first
        per_panel = cut_per_panel or per_panel
        top = (MAX_PANELS - 1) * per_panel
        kept = np.r_[0:per_panel, n - top:n]
        names = [f"{n - i}. {names[i]}" for i in kept]
        left_out = (f"Plaats {top + 1} tot {n - per_panel} van {n} staan niet op deze dia; "
                    f"de pagina buiten de presentatie toont ze alle {n}.")
        trace, n = _sliced(trace, n, kept), len(kept)
    trace = go.Bar(trace, y=names, constraintext="none")   # a value text keeps its 20 px beside its bar
    count = min(max(2, math.ceil(n / per_panel)), MAX_PANELS)
    rows = math.ceil(n / count)
    values = pd.to_numeric(pd.Series(list(array(trace.x))), errors="coerce")
    lines = [s["x0"] for s in layout.get("shapes", []) if s.get("xref") == "x"]
    low, high = min([0, values.min(), *lines]), max([values.max(), *lines])
    below, others, bottom = _notes_below(layout, int((width_px / count - 16) / (0.56 * font_px)), scale)
    margin = layout.get("margin", {})
    title = _one_line((layout.get("title") or {}).get("text") or "")
    top = (NOTE_PX if others else 8) * scale   # room above the plot for the modelled note (charts.theme)
    right = round(margin.get("r", 0) * scale)
    # Bars run bottom to top: the largest last.
    parts = [_sliced(trace, n, slice(max(n - (i + 1) * rows, 0), n - i * rows)) for i in range(count)]
    lefts = [label_margin(part.y, font_px) for part in parts]
    # Each panel's share of the width: its names and values, and a plot as wide as every other's (the same range
    # over the same width: bars compare across panels).
    plot = max(width_px - sum(lefts) - count * right, 100 * count) / count
    out = []
    for i, (bars, left) in enumerate(zip(parts, lefts)):
        names = list(bars.y)
        moved = _clear_of_lines(bars, lines, (high - low) / plot, font_px)
        panel = dict(layout)
        panel.update(
            title=None, showlegend=False, height=None,
            # The notes from the chart's left edge (charts.ranking's `xshift`) in the first, the modelled in the last.
            annotations=([dict(note, xshift=8 - left) for note in below] if i == 0 else [])
                        + (others if i == count - 1 else []) + moved,
            margin=dict(margin, t=round(top), b=round(bottom + 8 * scale), l=left, r=right),
            # Every name (plotly leaves out those it thinks do not fit); a shorter last panel's bars as high.
            yaxis=dict(layout.get("yaxis", {}), tickmode="array", tickvals=names, ticktext=names,
                       range=[len(names) - rows - 0.5, len(names) - 0.5], autorange=False),
            xaxis=dict(layout.get("xaxis", {}), range=[low, high], autorange=False, showticklabels=False))
        out.append(go.Figure(data=[bars], layout=panel))
    return Panels(title, out, [left + right + plot for left in lefts], left_out)


# A phone's ranking on a slide (`phone`): the names take at most this share of the chart's width.
PHONE_NAMES = 0.45


def _bar_rows(fig: go.Figure) -> bool:
    """Horizontal bars first, named (not a chart laid out in pixels, `charts.sankey.flow_bars`), every other
    trace over the same rows (the markers of reference areas)."""
    if not _horizontal_bars(fig, alone=False) or fig.data[0].y is None:
        return False
    rows = list(fig.data[0].y)
    return all(isinstance(row, str) for row in rows) and all(
        trace.y is not None and list(trace.y) == rows for trace in fig.data[1:])


def _in_lines(name: str, wrap: int) -> str:
    """A name in lines of at most `wrap` characters: at spaces and hyphens, and a longer word with a hyphen
    of its own (a sector's "Administratieve")."""
    lines = []
    for line in wrap_lines(_one_line(name), wrap, hyphens=True).split("<br>"):
        while len(line) > wrap:
            lines.append(line[:wrap - 1] + "-")
            line = line[wrap - 1:]
        lines.append(line)
    return "<br>".join(lines)


def phone(fig: go.Figure, font_px: int, scale: float, width_px: int) -> tuple[str, go.Figure, int] | None:
    """A slide's figure (`ui.components.projected`) of horizontal bars (and
    markers over the same rows) as a phone (a chart `width_px` wide) shows
    it: its title (one line, the caller's to show above the chart, where the
    page wraps it), the chart and its height (px); or None for any other
    figure. The slide's figure kept the margin of its longest name and value
    in 20 px letters and left the plot about 2 px. Here each name wraps (at
    spaces and hyphens) in lines that leave a ranking's plot more than half
    the width, every bar is named in rows as high as its lines, there is no
    value axis (its numbers stood on end): a ranking's value stands in its
    bar where it fits and beside it where not (no room kept right of the
    plot for the longest), values beside bars (`charts.kansengroepen.
    values_beside`) inside the plot; the modelled note above the plot and
    the legend under it, in lines the chart holds."""
    if not _bar_rows(fig):
        return None
    layout = fig.layout.to_plotly_json()
    wrap = max(8, round((PHONE_NAMES * width_px - 12) / (0.56 * font_px)))
    renamed = {name: _in_lines(name, wrap) for name in fig.data[0].y}
    names = list(renamed.values())
    lines = max((name.count("<br>") + 1 for name in names), default=1)
    wide = int((width_px - 16) / (0.56 * font_px))   # characters a line across the chart holds
    below, others, bottom = _notes_below(layout, wide, scale)
    values = [dict(note, y=renamed.get(note.get("y"), note.get("y"))) for note in others if note.get("yref") == "y"]
    # The modelled note above the plot at the right, in lines too (36 characters in 20 px ran out of the chart).
    above = [dict(note, text=wrap_lines(_one_line(note["text"]), wide), x=1, xanchor="right", y=1.01,
                  yanchor="bottom", xshift=0, yshift=0) for note in others if note.get("yref") != "y"]
    more = max((note["text"].count("<br>") for note in above), default=0)
    left = label_margin([line for name in names for line in name.split("<br>")], font_px)
    top = (NOTE_PX + TITLE_LINE_PX * more if above else 8) * scale
    line_px = 1.25 * font_px
    traces, legend_px = phone_legend([type(trace)(trace, y=[renamed[name] for name in trace.y]) for trace in fig.data],
                                     wide - 4, font_px, scale)
    height = round(top + len(names) * (lines * line_px + 10) + bottom + legend_px + 8 * scale)
    xaxis = dict(layout.get("xaxis", {}), showticklabels=False)
    if values:   # every value inside the plot: the axis as far beyond the furthest mark as its value is wide
        plot = width_px - left - 12
        room = max(label_margin([note["text"]], font_px) - 12 + 8 + note.get("xshift", 0) for note in values)
        furthest = max(note["x"] for note in values)
        xaxis.update(range=[0, furthest * plot / max(plot - room, plot / 3)], autorange=False)
    spec = dict(layout)
    spec.update(
        title=None, showlegend=len(traces) > 1, height=None,
        annotations=[dict(note, xshift=8 - left) for note in below] + above + values,
        # Entries in rows at the chart's foot (a vertical legend at its left pushed the plot out of the chart).
        legend=dict(orientation="h", x=0, xanchor="left", y=0, yanchor="bottom", yref="container"),
        margin=dict(layout.get("margin", {}), t=round(top), b=round(bottom + legend_px + 8 * scale), l=left, r=12),
        yaxis=dict(layout.get("yaxis", {}), tickmode="array", tickvals=names, ticktext=names, autorange=True),
        xaxis=xaxis)
    if len(traces) == 1:   # a ranking: a value inside its bar where its letters fit with room to spare, else beside
        bar, plot = traces[0], width_px - left - 12
        values = pd.to_numeric(pd.Series(list(array(bar.x))), errors="coerce")
        longest = max(values.max(), 0) if values.notna().any() else 0
        inside = [pd.notna(v) and longest > 0 and v / longest * plot >= label_margin([text], font_px) + 8
                  for v, text in zip(values, _value_texts(bar))]
        bar.update(textposition=["inside" if i else "outside" for i in inside], constraintext="none",
                   insidetextanchor="end", textangle=0)
    return _one_line((layout.get("title") or {}).get("text") or ""), go.Figure(data=traces, layout=spec), height
