"""Target-group charts: the composition of one municipality against its
region, and a matrix of every group in every municipality."""
from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from charts.theme import MODELLED_PATTERN, SERIES, base_layout, mark_modelled

MARKERS = ["diamond", "circle", "square", "triangle-up"]


def composition(rows: pd.DataFrame, name: str, references: dict[str, pd.DataFrame], labels: dict[str, str],
                title: str) -> go.Figure:
    """Per group (rows: target_group, per_1000, value) the municipality's
    size per 1,000 inhabitants as hatched bars, with a marker per reference
    area (same columns) to compare with."""
    order = [code for code in labels if code in set(rows["target_group"])][::-1]
    rows = rows.set_index("target_group").loc[order]
    fig = go.Figure(go.Bar(
        x=rows["per_1000"], y=[labels[c] for c in order], orientation="h", name=name,
        marker=dict(color=SERIES[0], pattern=MODELLED_PATTERN), customdata=rows[["value"]].to_numpy(),
        texttemplate="%{x:,.1f}", textposition="inside", insidetextanchor="start",
        textfont=dict(color="white"),
        hovertemplate="%{y}: %{x:,.1f} per 1.000 inwoners (%{customdata[0]:,.0f} personen)<extra></extra>",
    ))
    for i, (area, ref) in enumerate(references.items()):
        ref = ref.set_index("target_group").reindex(order)
        fig.add_trace(go.Scatter(
            x=ref["per_1000"], y=[labels[c] for c in order], mode="markers", name=area,
            marker=dict(symbol=MARKERS[i % len(MARKERS)], size=14, color=SERIES[(i + 1) % len(SERIES)],
                        line=dict(color="white", width=1.5)),
            hovertemplate=f"{area}: %{{x:,.1f}} per 1.000 inwoners<extra></extra>",
        ))
    fig.update_xaxes(title=None, showgrid=True, gridcolor="#E3E7EC")
    fig.update_yaxes(title=None, automargin=True)
    return mark_modelled(base_layout(fig, title, height=460))


def matrix(rows: pd.DataFrame, labels: dict[str, str], title: str) -> go.Figure:
    """Municipalities × groups: the text is the size per 1,000 inhabitants,
    the colour that size against the average of the shown municipalities
    (100 = average; red: more people of the group outside work)."""
    codes = [code for code in labels if code in set(rows["target_group"])]
    wide = rows.pivot(index="name_nl", columns="target_group", values="per_1000")[codes].sort_index(ascending=False)
    index = 100 * wide / wide.mean()
    fig = go.Figure(go.Heatmap(
        z=index.to_numpy(), x=[labels[c] for c in codes], y=wide.index, customdata=wide.to_numpy(),
        text=wide.to_numpy(), texttemplate="%{text:,.1f}", colorscale="RdBu_r", zmin=50, zmid=100, zmax=150,
        colorbar=dict(title="index<br>(gem. = 100)"),
        hovertemplate="%{y} · %{x}<br>%{customdata:,.1f} per 1.000 inwoners<br>index %{z:,.0f}<extra></extra>",
    ))
    fig.update_xaxes(tickangle=-30, showgrid=False)
    fig.update_yaxes(automargin=True, showgrid=False)
    return mark_modelled(base_layout(fig, title, height=max(360, 26 * len(wide) + 200)))
