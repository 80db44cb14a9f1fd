"""Trajectory charts: starts and endings per year, and counts per
municipality with small numbers shown as "<5" (never as a bar length)."""
from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from charts.theme import SERIES, figure, label_margin, wrap_lines

LEGEND_PX = 30


def timeline(series: dict[str, pd.Series], texts: dict[str, pd.Series], title: str | None = None,
             height: int = 380, modelled: bool = True) -> go.Figure:
    """Bars per year for each named series (index = year, NaN = hidden);
    `texts` holds the shown text per year ("<5" where hidden)."""
    traces = [go.Bar(
        x=values.index.astype(str), y=values.fillna(0), name=name, marker_color=SERIES[i % len(SERIES)],
        text=texts[name], textposition="outside", cliponaxis=False,
        hovertemplate=f"{name} in %{{x}}: %{{text}}<extra></extra>",
    ) for i, (name, values) in enumerate(series.items())]
    return figure(traces, title and wrap_lines(title), height, modelled=modelled, barmode="group", bargap=0.25,
                  xaxis=dict(type="category", title=None),
                  # At the figure's foot: under the axis it covered the years on a phone's short plot.
                  legend=dict(yref="container", y=0, yanchor="bottom"), margin=dict(b=LEGEND_PX + 40),
                  yaxis=dict(title=None, tickformat=",.0f", rangemode="tozero"))


def per_municipality(values: pd.Series, texts: pd.Series, title: str | None = None,
                     modelled: bool = True) -> go.Figure:
    """Horizontal bars (index = municipality name, NaN = hidden); a hidden
    value has no bar, only its text."""
    order = values.fillna(0).sort_values().index
    bar = go.Bar(
        y=order, x=values.reindex(order).fillna(0), orientation="h", marker_color=SERIES[0],
        text=texts.reindex(order), textposition="outside", cliponaxis=False,
        hovertemplate="%{y}: %{text}<extra></extra>",
    )
    return figure([bar], title and wrap_lines(title), height=max(260, 28 * len(order) + 90), modelled=modelled,
                  margin=dict(r=label_margin(texts.astype(str))),   # the longest bar's text beside it
                  xaxis=dict(title=None, tickformat=",.0f", rangemode="tozero"),
                  yaxis=dict(title=None, gridcolor="rgba(0,0,0,0)"))
