"""Monthly series per area as dashed lines (modelled), with a published
figure marked where the model was calibrated on it."""
from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from charts.theme import SERIES, base_layout, mark_modelled
from ui.format import month


def monthly(series: pd.DataFrame, value: str, title: str, *, number_format: str = ",.0f",
            anchor: dict | None = None, line_at: tuple[float, str] | None = None) -> go.Figure:
    """One line per `area` (columns area, period 'YYYY-MM', `value`).
    `anchor`: {period, value, text} drawn as a star with its label;
    `line_at`: (y, label) drawn as a horizontal reference line."""
    fig = go.Figure()
    for i, (area, part) in enumerate(series.groupby("area", sort=False)):
        fig.add_trace(go.Scatter(
            x=pd.to_datetime(part["period"]), y=part[value], name=area, mode="lines",
            line=dict(color=SERIES[i % len(SERIES)], width=3, dash="dash"),
            customdata=[month(p) for p in part["period"]],
            hovertemplate=f"{area}<br>%{{customdata}}: %{{y:{number_format}}}<extra></extra>",
        ))
    if anchor:
        x = pd.to_datetime(anchor["period"])
        fig.add_trace(go.Scatter(
            x=[x], y=[anchor["value"]], mode="markers", name=anchor["text"],
            marker=dict(symbol="star", size=20, color="#B2182B", line=dict(color="white", width=1)),
            hovertemplate=f"{anchor['text']}<extra></extra>",
        ))
        fig.add_annotation(x=x, y=anchor["value"], text=anchor["text"], showarrow=True, arrowhead=2,
                           ax=0, ay=60, font=dict(color="#B2182B"), bgcolor="white")  # below: clear of the lines above
    if line_at:
        fig.add_hline(y=line_at[0], line=dict(color="#B2182B", width=2), annotation_text=line_at[1],
                      annotation_position="bottom right")
    fig.update_xaxes(dtick="M12", tickformat="%Y", ticklabelmode="period", title=None)
    fig.update_yaxes(title=None, tickformat=number_format, rangemode="tozero")
    return mark_modelled(base_layout(fig, title, height=430))
