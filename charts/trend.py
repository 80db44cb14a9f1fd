"""Rate trend lines (the employment rate against the 80% target, the jobseeker rate)."""
from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from common.vocabulary import TARGET
from charts.theme import GREY, area_colours, figure, reference_line


def rate_trend(series: dict[str, pd.DataFrame], title: str | None = None, height: int = 380,
               context: dict[str, pd.DataFrame] | None = None, target: float | None = TARGET) -> go.Figure:
    """One line per named series (columns `year`, `rate`) and the target
    line (none when `target` is None). `context`: more lines drawn thin and
    grey underneath (e.g. every municipality of a large selection), named
    only in their tooltip. Each named line in its meaning's colour
    (`charts.theme.area_colours`)."""
    traces, colours = [], area_colours(series)
    if context:
        # One trace, the lines separated by gaps: hundreds of municipalities
        # stay cheap to build and to draw.
        x, y, names = [], [], []
        for name, df in context.items():
            x += df["year"].tolist() + [None]
            y += df["rate"].tolist() + [None]
            names += [name] * (len(df) + 1)
        traces.append(go.Scatter(
            x=x, y=y, customdata=names, name="gemeenten",
            mode="lines", line=dict(color=GREY, width=1.2), opacity=0.8, connectgaps=False,
            hovertemplate="%{customdata}<br>%{x}: %{y:.1f} %<extra></extra>",
        ))
    for name, df in series.items():
        traces.append(go.Scatter(
            x=df["year"], y=df["rate"], name=name, mode="lines+markers",
            line=dict(color=colours[name], width=3),
            hovertemplate=f"{name}<br>%{{x}}: %{{y:.1f}} %<extra></extra>",
        ))
    shapes, labels = [], []
    if target is not None:
        line, labels = reference_line("y", target, f"doelstelling {target:g} %", position="top left")
        shapes = [line]
    return figure(traces, title, height, shapes=shapes, annotations=labels,
                  xaxis=dict(dtick=2, title=None), yaxis=dict(ticksuffix=" %", title=None))
