"""Yearly series per area as lines (official figures: solid)."""
from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from charts.theme import area_colours, figure, wrap_lines

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
