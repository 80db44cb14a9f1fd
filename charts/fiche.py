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
from analysis.fiche import Fiche
from charts.kansengroepen import MARKERS, VALUE_ROOM, composition, values_beside
from charts.theme import (MODELLED_COLOUR, MODELLED_NOTE, SERIES, TARGET_COLOUR, area_colours, base_layout, figure,
                          label_margin, mark_modelled, wrap_lines)
from charts.trajecten import per_municipality
from charts.trend import rate_trend
from charts.yearly import YEAR_TICKS, yearly
from common.vocabulary import ALL_GROUPS, FLANDERS, TARGET
from common import format as fmt


@dataclass(frozen=True)
class Panel:
    """One small chart: a line per area (x, y), drawn dashed when modelled."""
    title: str
    series: dict[str, tuple[list, list]]
    modelled: bool = False
    number_format: str = ",.1f"
    line: float | None = None      # a reference line (the 80 % target, tension 1)


def small_multiples(panels: list[Panel], columns: int = 4, title: str | None = None,
                    row_height: int = 210, title_wrap: int | None = None) -> go.Figure:
    """Panels in a grid, the same colour for an area in every panel and one
    legend; the modelled note once, when any panel is modelled. Traces,
    axes and lines are set in one go each (per-panel updates are slow).
    `title_wrap`: the panels' titles in lines of so many characters (a
    slide's), the room above the grid grown with them."""
    rows = -(-len(panels) // columns)
    titles = [p.title if title_wrap is None else wrap_lines(p.title.replace("<br>", " "), title_wrap)
              for p in panels]
    fig = make_subplots(rows=rows, cols=columns, subplot_titles=titles,
                        horizontal_spacing=0.06, vertical_spacing=0.5 / rows)
    colours = area_colours(area for panel in panels for area in panel.series)
    shown: set[str] = set()
    traces, where, layout, shapes = [], [], {}, []
    for k, panel in enumerate(panels):
        axis = "" if k == 0 else str(k + 1)
        for area, (x, y) in panel.series.items():
            first = area not in shown
            shown.add(area)
            traces.append(go.Scatter(
                x=x, y=y, name=area, legendgroup=area, showlegend=first, mode="lines",
                line=dict(color=colours[area], width=2.5, dash="dash" if panel.modelled else "solid"),
                hovertemplate=f"{area}<br>%{{x}}: %{{y:{panel.number_format}}}<extra></extra>"))
            where.append((k // columns + 1, k % columns + 1))
        layout[f"yaxis{axis}"] = dict(tickformat=panel.number_format.replace(".1f", ".0f"))
        if panel.line is not None:
            shapes.append(dict(type="line", xref=f"x{axis} domain", x0=0, x1=1, yref=f"y{axis}", y0=panel.line,
                               y1=panel.line, line=dict(color=TARGET_COLOUR, dash="dot", width=1.5)))
    fig.add_traces(traces, rows=[r for r, _ in where], cols=[c for _, c in where])
    base_layout(fig, title, height=rows * row_height + 140)
    # Room above the first row's panel titles for the title and the modelled note.
    more = SLIDE_TITLE_LINE_PX * (max(t.count("<br>") for t in titles) if title_wrap else 0)
    fig.update_layout(layout, shapes=shapes, margin=dict(t=(120 if title else 70) + more),
                      legend=dict(y=-0.3 / rows))
    fig.update_annotations(font_size=14)
    fig.update_xaxes(showgrid=False, nticks=4)
    note = f"Stippellijn: {MODELLED_NOTE.lower()}"
    # On a phone beside the legend the note ran into its names, on a slide's one row over them.
    if any(p.modelled for p in panels) and (columns == 1 or title_wrap):
        fig.update_layout(legend_title=dict(text=note, side="top", font=dict(color=MODELLED_COLOUR, size=13)))
    elif any(p.modelled for p in panels):
        mark_modelled(fig, note)
        # Beside the legend, bottom right: above the grid it would cover the first row's panel titles.
        fig.update_annotations(selector=dict(text=note), y=-0.3 / rows, yanchor="top")
    return fig


def _series(df: pd.DataFrame, x: str, y: str) -> dict[str, tuple[list, list]]:
    return {area: (part[x].tolist(), part[y].tolist()) for area, part in df.groupby("area", sort=False)}


def _computed(series: pd.DataFrame, own: str) -> pd.DataFrame:
    """Areas other than the municipality itself named as computed."""
    return series.assign(area=[a if a == own else f"{a} (berekend)" for a in series["area"]])


def _own_panels(fiche: Fiche, labels: dict[str, str]) -> list[Panel]:
    """The municipality's newcomers and pupils' home language: a panel per
    indicator, a line per group ('totaal' named after the municipality)."""
    metas, panels = dict(zip(fiche.sources["indicator"], fiche.sources["label"])), []
    for indicator, part in fiche.profile.groupby("indicator", sort=False):
        series = {(fiche.name if code == ALL_GROUPS else labels.get(code, code)): (rows["year"].tolist(),
                                                                                     rows["value"].tolist())
                  for code, rows in part.groupby("target_group", sort=False)}
        panels.append(Panel(metas.get(indicator, indicator), series, number_format=",.1f" if part["value"].max() < 100
                            else ",.0f"))
    return panels


def overview(fiche: Fiche, labels: dict[str, str], columns: int | None = 4, title_wrap: int | None = None
             ) -> go.Figure:
    """The headline series over time in one grid: the municipality against
    its area and Flanders (computed ones named so); `columns` None: every
    panel in one row."""
    e, g, j, v = fiche.employment, fiche.groups, fiche.jobseekers, fiche.vacancies
    panels = []
    if j.year is not None:
        panels.append(Panel("Werkzoekendengraad (%)", _series(_computed(j.series, fiche.name), "year", "rate")))
    if v.year is not None:
        panels.append(Panel("Werkzoekenden per ontvangen vacature", _series(_computed(v.series, fiche.name), "year",
                                                                            "spanning"), number_format=",.2f"))
        panels.append(Panel(f"Ontvangen vacatures {fiche.name}", {fiche.name: (v.counts["year"].tolist(),
                                                                               v.counts["ontvangen"].tolist())},
                            number_format=",.0f"))
    panels.append(Panel("Werkzaamheidsgraad (%)", _series(e.trend, "year", "rate"), line=TARGET))
    pool = g.table[g.table["series"] == ALL_GROUPS]
    if not pool.empty:
        part = g.series[g.series["series"] == ALL_GROUPS]
        panels.append(Panel(f"{pool['label'].iat[0]}<br>per 1.000 inwoners", _series(part, "year", "per_1000"),
                            modelled=pool["quality"].iat[0] == "modelled"))
    return small_multiples(panels, columns or len(panels), title_wrap=title_wrap,
                           title=wrap_lines(f"{fiche.name} in één oogopslag, met {fiche.area.label} en {FLANDERS}"))


def _profile(fiche: Fiche, labels: dict[str, str], columns: int, title_wrap: int | None = None) -> go.Figure:
    return small_multiples(_own_panels(fiche, labels), columns, title=f"Nieuwkomers en thuistaal, {fiche.name}",
                           title_wrap=title_wrap)


# The key of a chart's copy for a phone (`narrow`), and for a slide (`slide`).
NARROW, SLIDE = "_smal", "_dia"
# A slide's small multiples: every panel in one row, its title in lines of this many characters (20 px letters
# over a 1366 px laptop's panel of five, about 180 px and the gap beside it), each line this high (px).
SLIDE_TITLE_WRAP, SLIDE_TITLE_LINE_PX = 20, 26


def slide(fiche: Fiche, labels: dict[str, str]) -> dict[str, go.Figure]:
    """The small multiples in one row, for a slide: in a grid of two rows at
    a slide's 20 px letters a second row's titles ran into the first row's
    ticks, and a title wider than its panel out of the chart (1366x768)."""
    count = len(_own_panels(fiche, labels))
    out = {"overzicht" + SLIDE: overview(fiche, labels, None, SLIDE_TITLE_WRAP)}
    if count:
        out["profiel" + SLIDE] = _profile(fiche, labels, count, SLIDE_TITLE_WRAP)
    return out


def narrow(fiche: Fiche, labels: dict[str, str]) -> dict[str, go.Figure]:
    """The small multiples a panel a row, for a phone: three or four
    panels side by side on its 350 px ran their titles and ticks into each
    other."""
    out = {"overzicht" + NARROW: overview(fiche, labels, 1, NARROW_TITLE_WRAP)}
    if not fiche.profile.empty:
        out["profiel" + NARROW] = _profile(fiche, labels, 1, NARROW_TITLE_WRAP)
    return out


# A phone's panel titles in lines of this many characters: a slide's 20 px letters over a phone's 350 px chart
# (a title of 36 characters ran out of it).
NARROW_TITLE_WRAP = 28


def shares(table: pd.DataFrame, name: str, area: str, labels: dict[str, str], title: str) -> go.Figure:
    """Per group the municipality's share as a bar, its area's and Flanders'
    as markers (`analysis.fiche.Breakdown.table`). A hidden count has no
    bar and says 'x (verborgen)' in its label."""
    rows = table.iloc[::-1]
    names = [f"{labels.get(c, c)} · {fmt.HIDDEN} (verborgen)" if h else labels.get(c, c)
             for c, h in zip(rows["target_group"], rows["hidden"])]
    colours = area_colours([name, area, FLANDERS])
    traces = [go.Bar(x=rows["share"], y=names, orientation="h", name=name, marker=dict(color=colours[name]),
                     customdata=rows[["value"]].to_numpy(), textposition="none",   # the values: `values_beside`
                     hovertemplate="%{y}: %{x:,.1f} % (%{customdata[0]:,.0f} personen)<extra></extra>")]
    for i, (label, column) in enumerate(((area, "area_share"), (FLANDERS, "flanders_share"))):
        traces.append(go.Scatter(x=rows[column], y=names, mode="markers", name=f"{label} (berekend)",
                                 marker=dict(symbol=MARKERS[i], size=14, color=colours[label],
                                             line=dict(color="white", width=1.5)),
                                 hovertemplate=f"{label}: %{{x:,.1f}} %<extra></extra>"))
    notes, end = values_beside(rows["share"], names, [rows["area_share"], rows["flanders_share"]],
                               [f"{fmt.number(v, 1)} %" for v in rows["share"]])
    return figure(traces, title, height=max(360, 34 * len(rows) + 160), annotations=notes,
                  margin=dict(l=label_margin(names), r=label_margin(note["text"] for note in notes)),
                  # No tick labels: each bar says its value beside it, and on a phone the plot between the names
                  # and those values is too narrow for two ticks ("0 %" over "50 %"); the grid stays.
                  xaxis=dict(title=None, showticklabels=False, showgrid=True, gridcolor="#E3E7EC", nticks=4,
                             range=[0, end * (1 + VALUE_ROOM)]),
                  yaxis=dict(title=None))


def vacancy_bars(counts: pd.DataFrame, title: str) -> go.Figure:
    """Vacancies received and open per year (`Vacancies.counts`); a hidden
    count leaves its bar out. Every n-th year labelled, as `yearly`: a label
    per year stood on end on a phone."""
    years = sorted(int(y) for y in counts["year"].unique())
    step = -(-len(years) // YEAR_TICKS)
    traces = [go.Bar(x=counts["year"], y=counts[column], name=label, marker=dict(color=SERIES[i]),
                     hovertemplate=f"{label}<br>%{{x}}: %{{y:,.0f}}<extra></extra>")
              for i, (label, column) in enumerate((("Ontvangen", "ontvangen"), ("Openstaand", "open")))]
    return figure(traces, title, 400, barmode="group",
                  xaxis=dict(tickmode="array", tickvals=years[::step], tickangle=0, title=None),
                  yaxis=dict(title=None, tickformat=",.0f"))


# The charts that depend on the fiche's year (a composition in the reference year); the others show every period.
YEARLY = ("doelgroepen", "herkomst")


def shown_years(fiche: Fiche, key: str) -> str:
    """The reference year(s) the chart `key` of `YEARLY` shows ('2015-2021'
    for target groups each in its own year), for its image's file name: a
    name with the chosen year instead made every year change a new chart
    for the browser to draw, its figure the same (1997 and 1998 show the
    same composition)."""
    years = fiche.groups.years if key == "doelgroepen" else [fiche.origin.year]
    return f"{min(years)}-{max(years)}" if min(years) != max(years) else str(years[0])


def figures(fiche: Fiche, group_labels: dict[str, str], category_labels: dict[str, str],
            columns: int = 4, part: str | None = None) -> dict[str, go.Figure]:
    """The fiche's charts by key ('werkzoekenden', 'werkzoekenden_groepen',
    'herkomst', 'vacatures', 'spanning', 'profiel', 'werkzaamheid',
    'doelgroepen', 'trajecten_<programme>', 'overzicht'); only those with
    data. `group_labels`: every target group's label. `columns`: of the small multiples (fewer on the width of an A4
    page). `part`: "year" only the charts of the fiche's year (`YEARLY`),
    "periods" only the others, which are the same whatever year (the app
    builds those once per municipality); None: all.
    """
    name, area, e, j, v = fiche.name, fiche.area.label, fiche.employment, fiche.jobseekers, fiche.vacancies
    if part == "year":
        return _yearly(fiche, group_labels)
    out = {}
    if j.year is not None:
        out["werkzoekenden"] = yearly(_computed(j.series, name), "rate",
                                      f"Werkzoekendengraad {name}, {area} en {FLANDERS} (%)", number_format=",.1f")
        if not j.groups.empty:
            out["werkzoekenden_groepen"] = yearly(
                j.groups.assign(area=j.groups["target_group"].map(lambda c: group_labels.get(c, c))), "rate",
                f"Werkzoekendengraad {name} naar geslacht en leeftijd (%)", number_format=",.1f")
    if part is None:
        out |= _yearly(fiche, group_labels)
    if v.year is not None:
        out["vacatures"] = vacancy_bars(v.counts, f"Vacatures bij VDAB, {name}")
        out["spanning"] = yearly(_computed(v.series, name), "spanning", "Niet-werkende werkzoekenden per ontvangen "
                                 "vacature", number_format=",.2f")
    if not fiche.profile.empty:
        out["profiel"] = _profile(fiche, group_labels, min(columns, 3))
    if not e.trend.empty:   # every year, whichever is chosen
        out["werkzaamheid"] = rate_trend({a: rows for a, rows in e.trend.groupby("area", sort=False)},
                                         title=wrap_lines(f"Werkzaamheidsgraad {name}, {area} en {FLANDERS}"))
    for p in fiche.programmes:   # the model's split of the published totals to the municipality
        shown = [c for c in p.counts.index if c in (tr.STARTED, tr.ONGOING, tr.ENDED, *tr.ENDINGS)]
        values = p.values()[shown].rename(category_labels)
        if not (values > 0).any():  # no counts, or every count hidden: bars of nothing
            continue
        out[f"trajecten_{p.code}"] = per_municipality(
            values, p.text(fmt.number)[shown].rename(category_labels),
            title=f"{p.label}: gemodelleerde verdeling, {name} ({p.local_years})")
    out["overzicht"] = overview(fiche, group_labels, columns)
    return out


def _yearly(fiche: Fiche, group_labels: dict[str, str]) -> dict[str, go.Figure]:
    g, o, out = fiche.groups, fiche.origin, {}
    counts = g.table[g.table["per_1000"].notna()].set_index("series")
    if not counts.empty:   # rates (unit %) do not compare per 1,000 inhabitants
        rows = counts.assign(label=[f"{label} ({year}, {fmt.quality(quality)})" for label, year, quality in zip(
            counts["label"], counts["year"], counts["quality"])], group=counts["label"],
            modelled=counts["quality"] == "modelled")
        out["doelgroepen"] = composition(rows, fiche.name, {fiche.area.label: counts["area_per_1000"],
                                                            FLANDERS: counts["flanders_per_1000"]},
                                         wrap_lines(f"{fiche.name}: kansengroepen per 1.000 inwoners "
                                                    f"({', '.join(map(str, g.years))})"))
    if o.year is not None and not o.table.empty:
        out["herkomst"] = shares(o.table, fiche.name, fiche.area.label, group_labels,
                                 wrap_lines(f"Werkzoekenden zonder werk naar nationaliteit en herkomst, "
                                            f"{fiche.name} (31/12/{o.year}, % van alle WZW)"))
    return out
