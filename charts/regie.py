"""The Regie page's charts: the actions' status per work year and the
consultations' meetings per year against the agreed minimum."""
from __future__ import annotations

import plotly.graph_objects as go
import pandas as pd

from charts.theme import OTHERS, SERIES, TARGET_COLOUR, figure, label_margin

# One colour per status, in the plan's order (gepland, lopend, afgerond, uitgesteld, geschrapt), from
# Paul Tol's and Okabe-Ito's colour-blind-safe sets; no grey, which means "no data" on the maps.
STATUS_COLOURS = ["#88CCEE", "#332288", "#009E73", "#E69F00", "#882255"]


def statuses(status: pd.DataFrame, labels: dict[str, str]) -> go.Figure:
    """Stacked bars: per work year how many actions have each status
    (`labels`: status code -> words, in display order), the count on each
    part, and a legend even when every action has one status (plotly shows
    none for a single trace: a grey block nobody could read)."""
    counts = status.groupby(["year", "status"]).size().unstack(fill_value=0)
    years = [str(y) for y in counts.index]
    traces = [go.Bar(x=years, y=counts[code].tolist(), name=label, marker_color=colour,
                     text=[n or "" for n in counts[code]], textposition="inside", insidetextanchor="middle",
                     textangle=0,
                     hovertemplate=f"{label}: %{{y}} acties<extra>%{{x}}</extra>")
              for (code, label), colour in zip(labels.items(), STATUS_COLOURS) if code in counts]
    return figure(traces, "Acties per status en werkjaar", 360, barmode="stack", showlegend=True,
                  xaxis=dict(type="category", title=None), yaxis=dict(title="acties"),
                  legend=dict(orientation="h", y=-0.15, traceorder="normal"))


def cadence(rows: pd.DataFrame) -> go.Figure:
    """Horizontal bars: meetings held per consultation, one bar per year,
    with the agreed minimum as a line mark (none where the plan sets none)."""
    names = rows["name"].drop_duplicates().tolist()[::-1]
    traces = [go.Bar(y=part["name"], x=part["held"], orientation="h", name=str(year),
                     marker_color=(SERIES + OTHERS)[k % (len(SERIES) + len(OTHERS))],
                     hovertemplate="%{y}: %{x} gehouden<extra>" + str(year) + "</extra>")
              for k, (year, part) in enumerate(rows.groupby("year"))]
    agreed = rows.drop_duplicates("name").dropna(subset=["minimum"])
    traces.append(go.Scatter(y=agreed["name"], x=agreed["minimum"], mode="markers", name="afgesproken minimum",
                             marker=dict(symbol="line-ns-open", size=26, line=dict(width=3, color=TARGET_COLOUR)),
                             hovertemplate="%{y}: minstens %{x} per jaar<extra></extra>"))
    return figure(traces, "Vergaderingen per jaar tegen de afspraak", 120 + 45 * len(names), barmode="group",
                  yaxis=dict(categoryorder="array", categoryarray=names, title=None),
                  xaxis=dict(title="vergaderingen", dtick=1, rangemode="tozero"),
                  margin=dict(l=label_margin(names)), legend=dict(orientation="h", y=-0.2))
