"""Employment-rate trend lines against the 80% target."""
from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from charts.theme import SERIES, TARGET, base_layout


def rate_trend(series: dict[str, pd.DataFrame], title: str | None = None, height: int = 380) -> go.Figure:
    """One line per named series (columns `year`, `rate`) and the target line."""
    fig = go.Figure()
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
