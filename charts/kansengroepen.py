"""Target-group charts: the composition of one municipality against its
region, and a coloured table of every group in every municipality."""
from __future__ import annotations

import numpy as np
import pandas as pd
import plotly.graph_objects as go
from pandas.io.formats.style import Styler
from plotly.colors import sample_colorscale

from charts.theme import MODELLED_PATTERN, SERIES, figure, label_margin

MARKERS = ["diamond", "circle", "square", "triangle-up"]


def composition(rows: pd.DataFrame, name: str, references: dict[str, pd.DataFrame], labels: dict[str, str],
                title: str, modelled: bool = True) -> go.Figure:
    """Per group (rows: target_group, per_1000, value) the municipality's
    size per 1,000 inhabitants as bars (hatched when `modelled`), with a
    marker per reference area (same columns) to compare with."""
    order = [code for code in labels if code in set(rows["target_group"])][::-1]
    rows = rows.set_index("target_group").loc[order]
    traces = [go.Bar(
        x=rows["per_1000"], y=[labels[c] for c in order], orientation="h", name=name,
        marker=dict(color=SERIES[0], pattern=MODELLED_PATTERN if modelled else None),
        customdata=rows[["value"]].to_numpy(),
        texttemplate="%{x:,.1f}", textposition="inside", insidetextanchor="start",
        textfont=dict(color="white"),
        hovertemplate="%{y}: %{x:,.1f} per 1.000 inwoners (%{customdata[0]:,.0f} personen)<extra></extra>",
    )]
    for i, (area, ref) in enumerate(references.items()):
        ref = ref.set_index("target_group").reindex(order)
        traces.append(go.Scatter(
            x=ref["per_1000"], y=[labels[c] for c in order], mode="markers", name=area,
            marker=dict(symbol=MARKERS[i % len(MARKERS)], size=14, color=SERIES[(i + 1) % len(SERIES)],
                        line=dict(color="white", width=1.5)),
            hovertemplate=f"{area}: %{{x:,.1f}} per 1.000 inwoners<extra></extra>",
        ))
    return figure(traces, title, height=460, modelled=modelled, margin=dict(l=label_margin(labels[c] for c in order)),
                  xaxis=dict(title=None, showgrid=True, gridcolor="#E3E7EC"), yaxis=dict(title=None))


def matrix(wide: pd.DataFrame, number) -> Styler:
    """Municipalities × groups (`matrix_values`) as a coloured table for
    `st.dataframe`: the text is the size per 1,000 inhabitants (`number`
    formats it), the colour that size against the average of the shown
    municipalities (`matrix_index`, 100 = average; red: more people of the
    group outside work). A table, not a plotly heatmap: the browser draws it
    in a tenth of the time (a heatmap measures every cell's text), and it
    sorts."""
    colours = matrix_index(wide).map(lambda v: "" if pd.isna(v) else _cell_style(v))
    return wide.style.format(lambda v: number(v, 1)).apply(lambda _: colours, axis=None)


def matrix_values(rows: pd.DataFrame, labels: dict[str, str]) -> pd.DataFrame:
    """Size per 1,000 inhabitants, one row per municipality (`Gemeente`),
    one column per group label."""
    codes = [code for code in labels if code in set(rows["target_group"])]
    wide = rows.pivot(index="name_nl", columns="target_group", values="per_1000")[codes].sort_index()
    return wide.rename(columns=labels).rename_axis(index="Gemeente", columns=None)


def matrix_index(wide: pd.DataFrame) -> pd.DataFrame:
    """Each cell against its column's average (100)."""
    return 100 * wide / wide.mean()


# Cell colours from index 50 (blue) over 100 (white) to 150 (red), sampled
# once in steps of one index point rather than per cell and rerun.
INDEX_RANGE = (50, 150)
_PALETTE = sample_colorscale("RdBu_r", list(np.linspace(0, 1, INDEX_RANGE[1] - INDEX_RANGE[0] + 1)))


def _cell_style(index: float) -> str:
    low, high = INDEX_RANGE
    step = round(min(max(index, low), high) - low)
    text = "white" if abs(step / (high - low) - 0.5) > 0.3 else "#1A1A1A"
    return f"background-color: {_PALETTE[step]}; color: {text}"
