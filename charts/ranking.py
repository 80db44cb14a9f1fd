"""Horizontal bars per municipality, largest on top, with reference lines
(region average, tension 1) and the modelled marking when needed."""
from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from charts.theme import GREY, MODELLED_PATTERN, SERIES, base_layout, label_margin, mark_modelled


def ranking(df: pd.DataFrame, value: str, title: str, hovertemplate: str, *, custom: list[str] = (),
            text_format: str = ",.1f", references: dict[str, float] | None = None,
            modelled: bool = True) -> go.Figure:
    """Bars of `df[value]` per `df["name_nl"]`; `hovertemplate` may use
    `%{customdata[i]}` for the columns in `custom`."""
    rows = df.sort_values(value)
    fig = go.Figure(go.Bar(
        x=rows[value], y=rows["name_nl"], orientation="h",
        marker=dict(color=SERIES[0], pattern=MODELLED_PATTERN if modelled else None),
        customdata=rows[list(custom)].to_numpy() if custom else None,
        texttemplate=f"%{{x:{text_format}}}", textposition="outside", cliponaxis=False,
        hovertemplate=hovertemplate + "<extra></extra>",
    ))
    for i, (label, x) in enumerate((references or {}).items()):
        fig.add_vline(x=x, line=dict(color=GREY if i else "#B2182B", dash="dash", width=2),
                      annotation_text=label, annotation_position="bottom right",
                      annotation_font_color="#B2182B", annotation_bgcolor="white")
    fig.update_yaxes(title=None)
    fig.update_xaxes(title=None, showgrid=True, gridcolor="#E3E7EC")
    base_layout(fig, title, height=max(320, 26 * len(rows) + 110))
    fig.update_layout(margin_l=label_margin(rows["name_nl"]))
    return mark_modelled(fig) if modelled else fig
