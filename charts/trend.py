"""Employment-rate trend lines against the 80% target."""
from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from charts.theme import GREY, SERIES, TARGET, base_layout


def rate_trend(series: dict[str, pd.DataFrame], title: str | None = None, height: int = 380,
               context: dict[str, pd.DataFrame] | None = None) -> go.Figure:
    """One line per named series (columns `year`, `rate`) and the target line.
    `context`: more lines drawn thin and grey underneath (e.g. every
    municipality of a large selection), named only in their tooltip."""
    fig = go.Figure()
    if context:
        # One trace, the lines separated by gaps: hundreds of municipalities
        # stay cheap to build and to draw.
        x, y, names = [], [], []
        for name, df in context.items():
            x += df["year"].tolist() + [None]
            y += df["rate"].tolist() + [None]
            names += [name] * (len(df) + 1)
        fig.add_trace(go.Scatter(
            x=x, y=y, customdata=names, name="gemeenten",
            mode="lines", line=dict(color=GREY, width=1.2), opacity=0.8, connectgaps=False,
            hovertemplate="%{customdata}<br>%{x}: %{y:.1f} %<extra></extra>",
        ))
    for i, (name, df) in enumerate(series.items()):
        fig.add_trace(go.Scatter(
            x=df["year"], y=df["rate"], name=name, mode="lines+markers",
            line=dict(color=SERIES[i % len(SERIES)], width=3),
            hovertemplate=f"{name}<br>%{{x}}: %{{y:.1f}} %<extra></extra>",
        ))
    fig.add_hline(y=TARGET, line=dict(color="#B2182B", dash="dash", width=2),
                  annotation_text="doelstelling 80 %", annotation_position="top left")
    fig.update_yaxes(ticksuffix=" %", title=None)
    fig.update_xaxes(dtick=2, title=None)
    return base_layout(fig, title, height)
