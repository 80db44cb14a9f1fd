"""Yearly series per area as lines (official figures: solid)."""
from __future__ import annotations

import math
import numbers

import pandas as pd
import plotly.graph_objects as go

from charts.theme import area_colours, array, figure, label_margin, phone_legend, wrap_lines

YEAR_TICKS = 7   # year labels side by side on a phone's chart (about 280 px of plot)


def yearly(series: pd.DataFrame, value: str, title: str, *, number_format: str = ",.0f",
           height: int = 400) -> go.Figure:
    """One line per `area` (columns area, year, `value`); a year without a
    value leaves a gap. Each area in its meaning's colour
    (`charts.theme.area_colours`). At most `YEAR_TICKS` year labels, every
    n-th year: a label per year stood on end on a phone, under the legend."""
    colours = area_colours(series["area"])
    years = sorted(int(y) for y in series["year"].unique())
    step = -(-len(years) // YEAR_TICKS)
    traces = [go.Scatter(x=part["year"], y=part[value], name=area, mode="lines+markers",
                         line=dict(color=colours[area], width=3), marker=dict(size=8),
                         hovertemplate=f"{area}<br>%{{x}}: %{{y:{number_format}}}<extra></extra>")
              for area, part in series.groupby("area", sort=False)]
    return figure(traces, wrap_lines(title), height, xaxis=dict(tickmode="array", tickvals=years[::step], title=None),
                  yaxis=dict(title=None, tickformat=number_format, rangemode="tozero"))


# Room under a phone's slide chart's plot for its year labels (px, before the slide's letter scale).
TICKS_PX = 40


def _years(fig: go.Figure) -> tuple[int, int] | None:
    """The first and last year of a figure of values per year (numbers, not categories) over one x axis
    (lines, vertical bars), or None."""
    if not fig.data or fig.layout.xaxis.type in ("category", "multicategory", "date") or any(
            t.type not in ("scatter", "bar") or (t.type == "bar" and t.orientation == "h")
            or t.xaxis not in (None, "x") for t in fig.data):
        return None
    values = [v for t in fig.data for v in ([] if t.x is None else list(array(t.x))) if v is not None]
    if not values or not all(isinstance(v, numbers.Real) for v in values):
        return None
    x = pd.Series(values, dtype=float)
    if x.isna().any() or not ((x % 1 == 0) & x.between(1900, 2100)).all():
        return None
    return int(x.min()), int(x.max())


def phone(fig: go.Figure, font_px: int, scale: float, width_px: int) -> go.Figure | None:
    """A slide's figure (`ui.components.projected`) as a phone (a chart
    `width_px` wide) shows it, where that differs: of values per year over
    one x axis (lines, vertical bars per year) every n-th year labelled, the
    latest among them, as many as stand a letter apart in the slide's
    `font_px` over the plot its margins leave (a slide's six or seven 20 px
    years ran together over a phone's 250 px); a legend at the chart's foot
    (`projected`) with its names and its title in lines the chart holds
    (`charts.theme.phone_legend`: "Zuid-West-Vlaanderen (berekend)" ran
    out of it), the room under the plot as high as its lines. None for a
    figure that has neither."""
    years = _years(fig)
    legend = fig.layout.legend
    at_foot = legend.yref == "container" and sum(bool(t.name) and t.showlegend is not False for t in fig.data) > 1
    if years is None and not at_foot:
        return None
    chars = int((width_px - 16 - 40) / (0.56 * font_px))   # a legend entry's line beside its symbol
    traces, legend_px = phone_legend(list(fig.data), chars, font_px, scale) if at_foot else (list(fig.data), 0)
    out = go.Figure(data=traces, layout=fig.layout)
    margin = fig.layout.margin
    if years is not None:
        first, last = years
        plot = max(width_px - (margin.l or 0) - (margin.r or 0), 1)
        # Between two labels' middles: a label (four digits) and a letter; a year's share of the plot as bars take it.
        step = max(1, math.ceil((label_margin(["0000"], font_px) - 12 + font_px) * (last - first + 1) / plot))
        out.update_xaxes(tickmode="array", tickvals=list(range(last, first - 1, -step))[::-1], dtick=None,
                         tick0=None, nticks=None)
    # A title centred over the plot (the small multiples' panels) in lines as wide as the room either side of
    # its middle: one of 28 characters ran out of the chart on the right.
    left, right = margin.l or 0, width_px - (margin.r or 0)
    notes = []
    for note in fig.layout.annotations:
        note = go.layout.Annotation(note)
        if note.xref == "paper" and note.xanchor in (None, "center", "auto") and note.text and note.x is not None:
            middle = left + note.x * (right - left)
            chars = max(8, int((2 * min(middle, width_px - middle) - 8) / (0.53 * font_px)))
            if max(len(line) for line in note.text.split("<br>")) > chars:   # lines that fit stay (a line more
                note.text = wrap_lines(note.text.replace("<br>", " "), chars)   # rises into what is above)
        notes.append(note)
    # A reference line's label above it (the 80 % target at the top of the plot) ran into the title's last line.
    above = any(n.yref == "y" and n.yanchor == "bottom" for n in notes)
    out.update_layout(annotations=notes, margin_t=(margin.t or 0) + (round(1.25 * font_px) if above else 0))
    if at_foot:   # the legend's title (the small multiples' modelled note) in lines too, above its entries
        title = wrap_lines(legend.title.text.replace("<br>", " "), chars + 3) if legend.title.text else None
        title_px = (title.count("<br>") + 1) * (1.25 * font_px + 6) if title else 0
        out.update_layout(legend_title_text=title, margin_b=round(TICKS_PX * scale + legend_px + title_px))
    return out
