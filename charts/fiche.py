"""The Gemeentefiche's charts: the other pages' chart builders applied to
one municipality, and a grid of small multiples (every indicator over time,
the municipality against its area and Flanders). The page and the
printable report draw the same figures."""
from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from analysis import trajecten as tr
from analysis.fiche import FLANDERS, TOTAL_GROUP, Fiche
from charts.kansengroepen import composition
from charts.monthly import monthly
from charts.theme import MODELLED_NOTE, SERIES, TARGET, base_layout, mark_modelled
from charts.trajecten import per_municipality
from charts.trend import rate_trend
from ui import format as fmt


@dataclass(frozen=True)
class Panel:
    """One small chart: a line per area (x, y), drawn dashed when modelled."""
    title: str
    series: dict[str, tuple[list, list]]
    modelled: bool = False
    number_format: str = ",.1f"
    line: float | None = None      # a reference line (the 80 % target, tension 1)


def small_multiples(panels: list[Panel], columns: int = 4, title: str | None = None,
                    row_height: int = 210) -> go.Figure:
    """Panels in a grid, the same colour for an area in every panel and one
    legend; the modelled note once, when any panel is modelled. Traces,
    axes and lines are set in one go each (per-panel updates are slow)."""
    rows = -(-len(panels) // columns)
    fig = make_subplots(rows=rows, cols=columns, subplot_titles=[p.title for p in panels],
                        horizontal_spacing=0.06, vertical_spacing=0.5 / rows)
    colours: dict[str, str] = {}
    traces, where, layout, shapes = [], [], {}, []
    for k, panel in enumerate(panels):
        axis = "" if k == 0 else str(k + 1)
        for area, (x, y) in panel.series.items():
            first = area not in colours
            colours.setdefault(area, SERIES[len(colours) % len(SERIES)])
            traces.append(go.Scatter(
                x=x, y=y, name=area, legendgroup=area, showlegend=first, mode="lines",
                line=dict(color=colours[area], width=2.5, dash="dash" if panel.modelled else "solid"),
                hovertemplate=f"{area}<br>%{{x}}: %{{y:{panel.number_format}}}<extra></extra>"))
            where.append((k // columns + 1, k % columns + 1))
        layout[f"yaxis{axis}"] = dict(tickformat=panel.number_format.replace(".1f", ".0f"))
        if panel.line is not None:
            shapes.append(dict(type="line", xref=f"x{axis} domain", x0=0, x1=1, yref=f"y{axis}", y0=panel.line,
                               y1=panel.line, line=dict(color="#B2182B", dash="dot", width=1.5)))
    fig.add_traces(traces, rows=[r for r, _ in where], cols=[c for _, c in where])
    base_layout(fig, title, height=rows * row_height + 140)
    # Room above the first row's panel titles for the title and the modelled note.
    fig.update_layout(layout, shapes=shapes, margin=dict(t=120 if title else 70),
                      legend=dict(y=-0.3 / rows))
    fig.update_annotations(font_size=14)
    fig.update_xaxes(showgrid=False, nticks=4)
    if any(p.modelled for p in panels):
        note = f"Stippellijn: {MODELLED_NOTE.lower()}"
        mark_modelled(fig, note)
        # Beside the legend, bottom right: above the grid it would cover the first row's panel titles.
        fig.update_annotations(selector=dict(text=note), y=-0.3 / rows, yanchor="top")
    return fig


def _series(df: pd.DataFrame, x: str, y: str) -> dict[str, tuple[list, list]]:
    return {area: (part[x].tolist(), part[y].tolist()) for area, part in df.groupby("area", sort=False)}


def overview(fiche: Fiche, labels: dict[str, str], columns: int = 4) -> go.Figure:
    """Every indicator over time in one grid."""
    e, g, v = fiche.employment, fiche.groups, fiche.vacancies
    panels = [Panel("Werkzaamheidsgraad (%)", _series(e.trend, "year", "rate"), line=TARGET)]
    for code in g.table["target_group"]:
        part = g.series[g.series["target_group"] == code]
        panels.append(Panel(f"{labels[code]}<br>per 1.000 inwoners", _series(part, "year", "per_1000"),
                            modelled=g.quality == "modelled"))
    if v.period is not None:
        months = v.series.assign(period=pd.to_datetime(v.series["period"]))
        panels.append(Panel("Vacatures per werkzoekende", _series(months, "period", "spanning"),
                            modelled=v.quality == "modelled", number_format=",.2f", line=1.0))
        own = months[months["area"] == fiche.name]
        panels.append(Panel(f"Open vacatures {fiche.name}", _series(own, "period", "vacatures"),
                            modelled=v.quality == "modelled", number_format=",.0f"))
    return small_multiples(panels, columns,
                           title=f"{fiche.name} in één oogopslag, met {fiche.area.label} en {FLANDERS}")


# The one chart that depends on the fiche's year; the others show every period.
YEARLY = "doelgroepen"


def figures(fiche: Fiche, group_labels: dict[str, str], category_labels: dict[str, str],
            columns: int = 4, part: str | None = None) -> dict[str, go.Figure]:
    """The fiche's charts by key ('werkzaamheid', 'doelgroepen', 'vacatures',
    'spanning', 'trajecten_<programme>', 'overzicht'); only those with data.
    `columns`: of the small multiples (fewer on the width of an A4 page).
    `part`: "year" only the chart of the fiche's year (`YEARLY`), "periods"
    only the others, which are the same whatever year (the app builds those
    once per municipality); None: all.
    """
    name, area, e, g, v = fiche.name, fiche.area.label, fiche.employment, fiche.groups, fiche.vacancies
    out = {}
    if part == "year":
        return _yearly(fiche, group_labels)
    if not e.trend.empty:   # every year, whichever is chosen
        out["werkzaamheid"] = rate_trend({a: rows for a, rows in e.trend.groupby("area", sort=False)},
                                         title=f"Werkzaamheidsgraad {name}, {area} en {FLANDERS}")
    if part is None:
        out |= _yearly(fiche, group_labels)
    if v.period is not None:
        modelled = v.quality == "modelled"
        out["vacatures"] = monthly(v.series[v.series["area"] == name], "vacatures", f"Open vacatures per maand, {name}",
                                   modelled=modelled)
        out["spanning"] = monthly(v.series, "spanning", "Vacatures per werkzoekende", number_format=",.2f",
                                  line_at=(1, "evenveel vacatures als werkzoekenden"), modelled=modelled)
    for p in fiche.programmes:
        shown = [c for c in p.counts.index if c in (tr.STARTED, tr.ONGOING, tr.ENDED, *tr.ENDINGS)]
        values = p.values()[shown].rename(category_labels)
        if not (values > 0).any():  # every count hidden: bars of nothing
            continue
        out[f"trajecten_{p.code}"] = per_municipality(values, p.text(fmt.number)[shown].rename(category_labels),
                                                      title=f"{p.label}: trajecten in {name} ({p.years})")
    out["overzicht"] = overview(fiche, group_labels, columns)
    return out


def _yearly(fiche: Fiche, group_labels: dict[str, str]) -> dict[str, go.Figure]:
    g = fiche.groups
    if g.year is None:
        return {}
    groups = g.table[g.table["target_group"] != TOTAL_GROUP]
    references = {fiche.area.label: groups.assign(per_1000=groups["area_per_1000"]),
                  FLANDERS: groups.assign(per_1000=groups["flanders_per_1000"])}
    return {YEARLY: composition(groups, fiche.name, references, group_labels,
                                f"{fiche.name}: doelgroepen per 1.000 inwoners ({g.year})",
                                modelled=g.quality == "modelled")}

