"""Vacatures: VDAB's yearly vacancies (received and open, in total and per
sector) per municipality and area, and the tension; the published August
2021 figure beside them as another count (what it shows:
`page_models.vacatures`)."""
from __future__ import annotations

import streamlit as st

from analysis.vacatures import TENSION
from charts.choropleth import value_map
from charts.ranking import NAME_WRAP, ranking
from charts.yearly import yearly
from page_models import vacatures
from page_models.vacatures import HOW_TO_READ, INDICATORS, SLIDE_HOW_TO_READ, LABELS, TABLE_COLUMNS, VACANCIES
from ui import components, data, filters, geometry, layout, presentation, urlstate
from ui.presentation import Slides

MAP_KEY, MAP_HEIGHT = "vacatures_kaart", 560

# Inputs
f = filters.current()
names = filters.municipality_names()

# Model: once per page state; within it what the year leaves alone once per set of areas (`ui.data.keyed`).
args = (f.region, f.region_label, f.region_nis_2025, f.area_label, f.nis_2025, f.selected_2025, f.home_region, f.year)
model = data.keyed(("vacatures", *(tuple(a) if isinstance(a, list) else a for a in args)),
                   vacatures.collect, data.run, *args, keyed=data.keyed)

# Sections
slides = Slides(["reeks", *(["gepubliceerd"] if model and model.published else []), "per gemeente",
                 "rangschikking", "sectoren", "spanning", "spanning per gemeente",
                 presentation.Rows("spanning tabel", len(model.table) if model else 0, "gemeenten")])
st.title("Vacatures")
if model is None:
    st.info("Geen VDAB-vacaturecijfers voor deze regio.", icon=":material/info:")
    st.stop()
year, span = model.year, model.span
st.caption(model.caption)
st.caption(model.intro)
if model.notice:
    st.info(model.notice, icon=":material/info:")
for notice in model.notices:
    st.warning(notice, icon=":material/hourglass_top:")
if model.missing:
    st.caption(model.missing)


def hidden_note() -> None:
    """The legend of `x`, under a table or chart that has one."""
    if model.hidden_note:
        st.caption(model.hidden_note)


if slides.show("reeks"):
    st.subheader(f"Vacatures per jaar, {span}")
    for col, measure in zip(st.columns(2), VACANCIES):
        with col:
            # Cached and named after the series' period: a year change leaves these charts alone.
            components.chart(data.figure(yearly, model.series, measure,
                                         f"{LABELS[measure]}, {' en '.join(model.series['area'].unique())}",
                                         key=(measure, *model.series_key)),
                             key=f"vacatures_reeks_{measure}", filename=f"vacatures_{measure}_{f.slug}_{span}")
            st.caption(model.series_sources[measure])
    st.caption("Ontvangen vacatures: alle vacatures die VDAB in de loop van het jaar binnenkreeg. Openstaande "
               "vacatures: VDAB's telling van de vacatures die nog openstaan. Beide zijn VDAB's eigen tellingen.")
if model.published and slides.show("gepubliceerd"):   # after the series, on a slide of its own
    p = model.published
    with st.container(border=True):
        left, right = st.columns([1, 3])
        left.metric("Gepubliceerd", p.value)
        left.caption(p.label)
        right.markdown(p.text)
        right.caption(p.source)
if slides.show("reeks"):
    components.downloads(model.series_export, f"vacatures_reeks_{f.slug}_{span}", model.series_notes,
                         key="vacatures_reeks_dl")

if slides.show("per gemeente") or slides.show("rangschikking"):
    st.subheader(f"Per gemeente, {year}")
    measure = st.segmented_control("Vacatures", VACANCIES, format_func=LABELS.get, key="kaart",
                                   default="ontvangen") or "ontvangen"
    if slides.show("per gemeente"):
        map_area = geometry.area(f.nis_2025, list(f.region_nis_2025), map_year=geometry.MAP_2025)
        if map_area is not None:
            components.map_chart(
                value_map(map_area, model.on_map(measure), names, set(f.region_nis_2025),
                          title=LABELS[measure].replace(" ", "<br>"), when=str(year), height=MAP_HEIGHT,
                          scale=geometry.scale(INDICATORS[measure], log=True), revision="|".join(f.nis_2025)),
                MAP_KEY, f"vacatures_kaart_{measure}_{f.slug}_{year}")
            st.caption(model.map_sources[measure])
    if slides.show("rangschikking"):
        other = next(m for m in VACANCIES if m != measure)
        components.chart(
            ranking(components.top(model.now, measure, f"de meeste {LABELS[measure].lower()}"), measure,
                    f"{LABELS[measure]}, {year}",
                    f"%{{y}}: %{{x:,.0f}} {LABELS[measure].lower()}<br>%{{customdata[0]:,.0f}} {LABELS[other].lower()}",
                    custom=[other], text_format=",.0f", modelled=False),
            key="vacatures_ranking", filename=f"vacatures_{measure}_{f.slug}_{year}")
        st.caption(model.sources[measure])
        hidden_note()

if slides.show("sectoren"):
    st.subheader(f"Vacatures per sector, {year}")
    left, right = st.columns(2)   # a third of the width cut the switch's second choice off on a laptop
    with left:
        where = urlstate.selectbox(
            "Gebied of gemeente", list(model.places), "sectoren", model.place, format_func=model.places.get,
            refused=lambda raw: f"'{raw}' in de link (sectoren) hoort niet bij de selectie; "
                                f"getoond: {model.places[model.place]}.")
    with right:
        kind = st.segmented_control("Vacatures", VACANCIES, format_func=LABELS.get, key="sector_maat",
                                    default="ontvangen") or "ontvangen"
    codes = model.codes(where)
    s = data.keyed(("vacatures sectoren", tuple(f.region_nis_2025), tuple(codes), model.places[where], kind, year),
                   vacatures.by_sector, data.run, model.rows, f.region_nis_2025, codes, model.places[where], kind,
                   year, keyed=data.keyed)
    if s.shown.empty:
        st.info(f"Geen sectorcijfers voor {model.places[where]} in {year}.", icon=":material/info:")
    else:
        slide = presentation.active()   # on a slide the largest sectors, one line each
        shown, title, fewer = s.largest(presentation.SLIDE_BARS) if slide else (s.shown, s.title, None)
        components.chart(ranking(shown, "value", title, f"%{{y}}: %{{x:,.0f}} {LABELS[kind].lower()}",
                                 text_format=",.0f", modelled=False,
                                 name_wrap=presentation.SLIDE_NAME_WRAP if slide else NAME_WRAP),
                         key="vacatures_sectoren", filename=s.file)
        st.caption(" ".join(filter(None, [fewer, s.sums])))
        st.caption(s.source)
        if s.hidden:
            st.caption(s.hidden)
        components.downloads(s.export, s.file, s.notes, key="vacatures_sectoren_dl")

if slides.show("spanning") or slides.show("spanning per gemeente") or slides.show("spanning tabel"):
    part = slides.part("spanning tabel")   # the table's rows on its slide: "(1-10 van 30)"
    st.subheader(model.tension_title + (part.label if slides.show("spanning tabel") else ""))
    if slides.show("spanning"):
        if presentation.active():   # a slide: in two lines, read whole
            st.caption(SLIDE_HOW_TO_READ)
        else:
            st.markdown(HOW_TO_READ)
        if presentation.active():   # a slide: the figures beside the chart, which under them had a band left
            cards, place = st.columns([1, 3])
            columns = [cards] * len(model.tension)
        else:
            columns, place = st.columns(max(len(model.tension), 1)), st.container()
        for col, m in zip(columns, model.tension):
            components.metric(col, m, border=True)
        with place:
            components.chart(data.figure(yearly, model.series, TENSION, f"Spanningsindicator per jaar, {span}",
                                         number_format=",.2f", key=(TENSION, *model.series_key)),
                             key="vacatures_spanning_reeks", filename=f"spanning_{f.slug}_{span}")
        st.caption(model.tension_source)
    if slides.show("spanning per gemeente"):
        components.chart(
            ranking(components.top(model.now, TENSION, "de hoogste spanningsindicator"), TENSION,
                    f"Spanningsindicator per gemeente, {year}",
                    "%{y}: %{x:,.2f} werkzoekenden per ontvangen vacature<br>%{customdata[0]:,.0f} werkzoekenden · "
                    "%{customdata[1]:,.0f} ontvangen vacatures", custom=["nwwz", "ontvangen"], text_format=",.2f",
                    references=model.references, modelled=False),
            key="vacatures_spanning", filename=f"spanning_{f.slug}_{year}")
        st.caption(model.tension_ranking_source)
    if slides.show("spanning tabel"):
        # On a slide without the year: its heading says it.
        layout.table("vacatures_spanning_tabel", model.table, [TABLE_COLUMNS["name_nl"], TABLE_COLUMNS[TENSION]],
                     part=part, slide_hidden=(TABLE_COLUMNS["year"],), hide_index=True)
        st.caption(model.tension_ranking_source)   # a slide cites its figures (the downloads carry it too)
        hidden_note()
        components.downloads(model.table_export, f"vacatures_{f.slug}_{year}", model.table_notes, key="vacatures_dl")
