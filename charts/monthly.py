"""Monthly series per area as dashed lines (modelled), with a published
figure marked where the model was calibrated on it."""
from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from charts.theme import SERIES, figure, reference_line
from ui.format import month


def monthly(series: pd.DataFrame, value: str, title: str, *, number_format: str = ",.0f",
            anchor: dict | None = None, line_at: tuple[float, str] | None = None, modelled: bool = True) -> go.Figure:
    """One line per `area` (columns area, period 'YYYY-MM', `value`), dashed
    when `modelled`. `anchor`: {period, value, text} drawn as a star with
    its label; `line_at`: (y, label) drawn as a horizontal reference line."""
    traces, shapes, notes = [], [], []
    for i, (area, part) in enumerate(series.groupby("area", sort=False)):
        traces.append(go.Scatter(
            x=pd.to_datetime(part["period"]), y=part[value], name=area, mode="lines",
            line=dict(color=SERIES[i % len(SERIES)], width=3, dash="dash" if modelled else "solid"),
            customdata=[month(p) for p in part["period"]],
            hovertemplate=f"{area}<br>%{{customdata}}: %{{y:{number_format}}}<extra></extra>",
        ))
    if anchor:
        x = pd.to_datetime(anchor["period"])
        traces.append(go.Scatter(
            x=[x], y=[anchor["value"]], mode="markers", name=anchor["text"],
            marker=dict(symbol="star", size=20, color="#B2182B", line=dict(color="white", width=1)),
            hovertemplate=f"{anchor['text']}<extra></extra>",
        ))
        notes.append(dict(x=x, y=anchor["value"], text=anchor["text"], showarrow=True, arrowhead=2,
                          ax=0, ay=60, font=dict(color="#B2182B"), bgcolor="white"))  # below: clear of the lines above
    if line_at:
        shape, note = reference_line("y", line_at[0], line_at[1], dash="solid")
        shapes.append(shape)
        notes += note
    return figure(traces, title, height=430, modelled=modelled, shapes=shapes, annotations=notes,
                  xaxis=dict(dtick="M12", tickformat="%Y", ticklabelmode="period", title=None),
                  yaxis=dict(title=None, tickformat=number_format, rangemode="tozero"))
