"""Kansengroepen: how large each target group is, per municipality and
against the region, official first and model second (what it shows:
`page_models.kansengroepen`)."""
from __future__ import annotations

import streamlit as st

from charts.choropleth import value_map
from charts.kansengroepen import composition, matrix
from charts.ranking import ranking
from loaders import doelgroepen, model_doelgroepen
from page_models import kansengroepen
from page_models.kansengroepen import BY_CODE, INTRO
from common import format as fmt
from ui import components, data, filters, geometry, layout, model_notes, presentation, urlstate
from ui.presentation import Slides

MAP_KEY, MAP_HEIGHT = "kansengroepen_kaart", 560
# The reach's rows on a laptop's slide (1366x768): a programme's name takes up to three lines a row, and the
# table's explanation and sources three each (four rows reached 72 px under the control bar); its 13 rows for both
# regions on five slides.
REACH_ROWS, REACH_SLIDES = 3, 5

# Inputs
f = filters.current()
names = filters.municipality_names()

# Model: once per page state; within it what the year leaves alone once per set of areas (`ui.data.keyed`).
# What the reader picks (a series, a municipality) and its charts: once per page state and pick, so a year
# visited again costs only the layout (building the three charts was a third of such a rerun).
args = (f.nis, f.nis_2025, list(f.selected), f.region, f.region_label, list(f.region_nis), list(f.region_nis_2025),
        f.group, f.year)
state = ("kansengroepen", *(tuple(a) if isinstance(a, list) else a for a in args))
# A chart is kept under the years it shows instead of the chosen one: before a series' first year, or after its
# last, another chosen year shows the same chart, which is then neither built again nor drawn again by the browser.
place = state[:-1]
model = data.keyed(state, kansengroepen.collect, data.run, *args, keyed=data.keyed)
y = model.years

# Sections
st.title("Kansengroepen")
badge = st.container()
if not model.shown:
    Slides([""])   # the presenter's controls on a page that stops here
    st.info("Geen doelgroepen voor deze selectie.", icon=":material/info:")
    st.stop()
# A slide for each block that has something to show (one chosen group may have no official series), the tables'
# rows over as many as they need. The matrix of every group per municipality stays on the page (and in the
# export): its ten columns of long series names beside 30 municipalities are no slide, and the map and the
# ranking show each series.
slides = Slides([*model.blocks, "kaart", "rangschikking", "samenstelling",
                 presentation.Rows("regio", len(model.comparison), "reeksen"),
                 presentation.Rows("bereik", 0 if model.reach is None else len(model.reach.table), "rijen",
                                   per_slide=REACH_ROWS, most=REACH_SLIDES)])
if model.modelled:
    with badge:
        components.modelled_badge("Deels gemodelleerd (gearceerd)" if model.official else "Gemodelleerde gegevens")
st.caption(model.caption)
st.caption(INTRO)


def metrics(block: kansengroepen.Block) -> None:
    """The block's metric cards, three or (on a slide, wider than high) four a row."""
    per_row = 4 if presentation.active() else 3
    for start in range(0, len(block.metrics), per_row):
        for column, m in zip(st.columns(per_row), block.metrics[start:start + per_row]):
            components.metric(column, m, border=True)
    if block.left_out:
        st.caption(block.left_out)


def map_figure(s: kansengroepen.SeriesView, map_area: geometry.MapArea):
    """The map of series `s` (built once per page state and series: `ui.data.figure`)."""
    series = BY_CODE[s.code]
    return value_map(map_area, s.rows.assign(value=s.rows[s.column]), names, set(s.map_region),
                     title=f"{series.label}<br>{s.unit}", when=str(s.year), height=MAP_HEIGHT,
                     revision="|".join(s.on_map),
                     scale=geometry.scale(series.indicator, series.target_group, per_1000=not s.is_rate),
                     modelled=s.modelled, ticksuffix=" %" if s.is_rate else "",
                     hidden=set(s.rows.loc[s.rows["hidden"], "nis"]))


def composition_figure(nis: str):
    """Municipality `nis`'s groups against its reference areas (once per page state and municipality)."""
    mine, references = model.composition(nis)
    return composition(mine, names[nis], references, f"{names[nis]}: doelgroepen per 1.000 inwoners")


def phone_matrix(values, hidden) -> None:
    """The matrix on a phone: one series at a time, the reader's pick, in an HTML table (every column side by
    side scrolled sideways, and showing only the first left the other groups out of reach)."""
    column = st.selectbox("Doelgroep in de tabel", list(values.columns), key="kansengroepen_matrix_reeks")
    st.table(matrix(values[[column]], hidden[[column]], fmt.number, fmt.HIDDEN), border="horizontal")


if any(slides.show(name) for name in model.blocks):
    st.subheader(model.area)
    official = model.blocks.get("kerncijfers")
    if official and slides.show("kerncijfers"):
        st.markdown(official.heading)
        metrics(official)
        for note in official.notes:
            st.caption(f":material/event: {note}")
        st.caption(official.source)
    modelled = model.blocks.get("kerncijfers model")
    if modelled and slides.show("kerncijfers model"):
        st.markdown(modelled.heading)
        components.modelled_badge()
        metrics(modelled)
        st.caption(modelled.source)

if slides.show("kaart") or slides.show("rangschikking"):
    first = model.shown[0]
    code = urlstate.selectbox(
        "Reeks op de kaart en in de rangschikking", [s.code for s in model.shown], "reeks", first.code,
        format_func=lambda c: y.header(BY_CODE[c]),
        refused=lambda c: f"Reeks '{c}' in de link hoort niet bij deze doelgroep; getoond: {first.label}.")
    s = data.keyed((*state, "reeks", code), model.series, code)
    st.subheader(s.title)
    for note in s.notes:
        st.caption(f":material/event: {note}")
    if slides.show("kaart"):
        map_area = geometry.area(s.on_map, s.map_region, map_year=s.map_year)
        if map_area is not None:
            components.map_chart(
                data.figure(map_figure, s, map_area,
                            key=(*place, "kaart", code, s.year, map_area.url, map_area.context_url)),
                MAP_KEY, f"kansengroepen_kaart_{code}_{f.slug}_{s.year}")
            st.caption(s.source)
    if slides.show("rangschikking"):
        bars = components.top(s.rows[~s.rows["hidden"]], s.column, f"het hoogste cijfer ({s.unit})")
        components.chart(data.figure(ranking, bars, s.column, s.ranking_title, s.hover, custom=s.custom,
                                     modelled=s.modelled, references=s.references,
                                     key=(*place, "rangschikking", code, s.year)),
                         key="kansengroepen_ranking", filename=f"kansengroepen_{code}_{f.slug}_{s.year}")
        if s.hidden:
            st.caption(s.hidden)
        st.caption(s.source)
    if not presentation.active() and model.matrix is not None:
        st.markdown("**Alle doelgroepen per gemeente, per 1.000 inwoners** (elke kolom met zijn jaar en kwaliteit)")
        if model.modelled:
            components.modelled_badge("Kolommen 'gemodelleerd'")
        values, hidden = model.matrix
        layout.by_width("kansengroepen_matrix_tabel",
                        lambda: st.dataframe(matrix(values, hidden, fmt.number, fmt.HIDDEN)),
                        lambda: phone_matrix(values, hidden))
        st.caption(model.matrix_source)
        components.downloads(model.matrix_export, f"kansengroepen_matrix_{f.slug}_{f.year}",
                             list(filter(None, [model.matrix_source, model.hidden_note])), key="kansengroepen_matrix")

if slides.show("samenstelling"):
    # The heading beside the choice: on a laptop's slide a row above the chart left its eleven groups 18 px each.
    heading, choice = st.columns([3, 2], vertical_alignment="bottom")
    heading.subheader("Samenstelling per gemeente")
    municipalities = model.rows.drop_duplicates("nis")
    default = municipalities.nlargest(1, "population")["nis"].iat[0]
    with choice:
        nis = urlstate.selectbox(
            "Gemeente", municipalities.sort_values("name_nl")["nis"].tolist(), "samenstelling", default,
            format_func=names.get,
            refused=lambda code: f"Gemeente '{code}' in de link (samenstelling) hoort niet bij de selectie; "
                                 f"getoond: {names[default]}.")
    shown = tuple(y.year_of[c.code] for c in model.counts)
    components.chart(data.figure(composition_figure, nis, key=(*place, "samenstelling", nis, shown)),
                     key="kansengroepen_samenstelling",
                     filename=f"kansengroepen_{names[nis]}_{y.shown_years(model.counts)}")
    st.caption(model.composition_source)

if slides.show("regio"):
    # On a slide per 1.000 inwoners only: the counts beside them took the table beyond a laptop's width (on the
    # page and in the export).
    part, counts = slides.part("regio"), [c for c in model.comparison.columns if c.endswith("(aantal)")]
    st.subheader("Vergelijking met de regio" + (", per 1.000 inwoners" if presentation.active() else "") + part.label)
    per_1000 = next(c for c in model.comparison.columns if c.endswith("(per 1.000 inw.)"))   # the selection's
    layout.table("kansengroepen_regio_tabel", model.comparison, ["Reeks", per_1000], kept=state, part=part,
                 slide_hidden=tuple(counts), hide_index=True)
    st.caption(model.comparison_source)
    components.downloads(model.comparison_export, f"kansengroepen_{f.slug}_{f.year}",
                         list(filter(None, [model.comparison_source, model.hidden_note])), key="kansengroepen_regio")

if slides.show("bereik"):
    r, part = model.reach, slides.part("bereik")
    st.subheader("Bereik van de programma's" + part.label)
    if r is None:
        st.info("Geen trajectgegevens met een doelgroep voor deze gemeenten.", icon=":material/info:")
    else:
        # On a slide each count's quality in a word (its explanation under the table), `REACH_ROWS` a slide.
        layout.table("kansengroepen_bereik_tabel", r.slide_table if presentation.active() else r.table,
                     ["Gemeente", "Doelgroep", "Bereik (%)"], kept=state, part=part, hide_index=True)
        st.caption(r.slide_explained if presentation.active() else r.explained)
        st.caption(r.source)
        components.downloads(r.export, f"kansengroepen_bereik_{f.slug}_{f.year}", [r.source, r.explained],
                             key="kansengroepen_bereik")

if not presentation.active():
    with st.expander("Officiële reeksen en het model: wat vervangt wat", icon=":material/rule:"):
        st.table(model.official_table, hide_index=True, border="horizontal")
        st.caption("Gemodelleerd blijven alleen de doelgroepen waarvoor geen officieel bestand per gemeente bestaat: "
                   f"{model.modelled_groups}.")
if model.modelled:
    model_notes.assumptions(model_doelgroepen.META, names, doelgroepen.LABELS)
