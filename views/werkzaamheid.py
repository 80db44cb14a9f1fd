"""Werkzaamheid: each municipality on a map, with a switch between the
employment rate and VDAB's jobseeker rate (`?indicator=`); the trend and the
ranking follow the switch (what it shows: `page_models.werkzaamheid`)."""
from __future__ import annotations

import streamlit as st

from charts.choropleth import rate_map, value_map
from charts.trend import rate_trend
from loaders import model_bevolking_20_64
from page_models import werkzaamheid
from page_models.werkzaamheid import EMPLOYMENT, EXTRA, SERIES
from ui import components, data, filters, geometry, layout, model_notes, presentation, urlstate
from ui.presentation import Slides
from ui.urlstate import BadParam, Param

MAP_KEY = "werkzaamheid_kaart"
MAP_HEIGHT = 600
SWITCH = "indicator"

# Inputs
f = filters.current()
names = filters.municipality_names()
series_years = {key: filters.indicator_years(code) for key, (_, code) in SERIES.items()}
choices = {key: f"{label} {series_years[key][0]}-{series_years[key][-1]}" for key, (label, _) in SERIES.items()}


def _choice(raw: list[str]) -> str:
    if raw[-1] not in choices:
        raise BadParam(f"Onbekende indicator '{raw[-1]}' in de link; getoond: {choices[EMPLOYMENT]}.")
    return raw[-1]


switch = [Param(SWITCH, EMPLOYMENT, _choice)]
for notice in urlstate.seed(switch):
    st.warning(notice, icon=":material/link_off:")
urlstate.setdefault(SWITCH, EMPLOYMENT)
# The switch is read where it is drawn (a value the browser holds wins over the link, `urlstate.pending`);
# the title above it needs the model, so it goes into a slot filled later.
heading = st.container()
# The switch and the year steps on one row, the year note and the modelled badge under it: on a laptop
# (1366 px) a fifth column cut the switch's second choice and the badge off.
choice_col, back, shown_year, forward = st.columns([4, 1, 1, 1], vertical_alignment="center")
badge = st.container(horizontal=True, vertical_alignment="center")
with choice_col:
    # `default`: a reconnected tab's first run (`urlstate.pending`) may carry a label the options no longer
    # have (the span grew with a publication); without a default the switch then had no value at all.
    st.segmented_control("Indicator op de kaart", list(choices), format_func=choices.get, key=SWITCH,
                         default=EMPLOYMENT, required=True, label_visibility="collapsed")
urlstate.write(switch)
employment = st.session_state[SWITCH] == EMPLOYMENT

# Model: once per page state; within it what the year leaves alone once per set of areas (`ui.data.keyed`).
args = (st.session_state[SWITCH], f.area_label, f.nis, f.nis_2025, bool(f.selected), f.region_nis,
        f.region_nis_2025, f.home_region, f.year)
model = data.keyed(("werkzaamheid", *(tuple(a) if isinstance(a, list) else a for a in args)),
                   werkzaamheid.collect, data.run, *args, keyed=data.keyed)
years, year = model.years, model.year
# The ranking's rows over as many slides as they need (`presentation.Rows`), in the ranking's order.
slides = Slides(["kaart", "trend", presentation.Rows("rangschikking", 0 if model.ranking is None else
                                                     len(model.ranking.table), "gemeenten")])

# Sections
with heading:
    st.title("Werkzaamheid: afstand tot 80 %" if employment else "Werkzaamheid: werkzoekenden")
    st.caption(f"**{f.area_label}**" + (f" · {f.region_label}" if f.selected else "") + f" · referentiejaar {year}")


def _to_year(target: int) -> None:
    st.session_state[filters.YEAR] = target


# The stepping buttons walk the indicator's own years (and set the shared year).
index = years.index(year)
before = years[index - 1] if index else year - 1
after = years[index + 1] if index < len(years) - 1 else year + 1
back.button(f"◀ {before}", on_click=_to_year, args=(before,), disabled=index == 0, width="stretch",
            key="werkzaamheid_vorig_jaar")
shown_year.subheader(str(year), anchor=False, text_alignment="center")
forward.button(f"{after} ▶", on_click=_to_year, args=(after,), disabled=index == len(years) - 1, width="stretch",
               key="werkzaamheid_volgend_jaar")
if model.year_note:
    badge.markdown(f"**{model.label}, {model.year_note}** · voor {f.year} geen cijfer in de databank")
if model.empty:
    st.info(model.empty, icon=":material/info:")
    st.stop()
if model.modelled:
    with badge:
        components.modelled_badge(EXTRA)

if slides.show("kaart"):
    for notice in model.notices:
        st.warning(notice, icon=":material/hourglass_top:")
    map_col, facts = st.columns([4, 1])
    with map_col:
        # On the indicator's own municipality map: the employment rate's of 2019, VDAB's of 2025.
        shown, members = (f.nis, f.region_nis) if employment else (f.nis_2025, f.region_nis_2025)
        map_area = geometry.area(shown, list(members),
                                 map_year=geometry.MAP_2019 if employment else geometry.MAP_2025)
        if map_area is not None:   # else said by geometry.area
            fig = (data.figure(rate_map, map_area, model.table, year, names, set(members), modelled=model.modelled,
                               height=MAP_HEIGHT, revision="|".join(shown), key=model.map_key) if employment else
                   data.figure(value_map, map_area, model.table, names, set(members), title="Werkzoekenden-<br>graad",
                               when=str(year), height=MAP_HEIGHT, scale=geometry.scale(model.code),
                               revision="|".join(shown), ticksuffix=" %", hidden=set(model.hidden),
                               key=model.map_key))
            components.map_chart(fig, MAP_KEY, f"{model.code}_kaart_{f.slug}_{year}",
                                 "Grijze buurgemeenten van de regio kunnen ook aangeklikt worden.")
    for m in model.facts:
        components.metric(facts, m)
    st.caption(model.map_source)


def trend_chart(t: werkzaamheid.Trend):
    named, context = t.drawn()
    return rate_trend(named, context=context, height=460, target=t.target)


if slides.show("trend"):
    t = model.trend
    st.subheader(t.title, anchor=False)
    # The same for every year: built once per indicator, selection and region.
    components.chart(data.figure(trend_chart, t, key=t.key), key="werkzaamheid_trend",
                     filename=f"{model.code}_trend_{f.slug}_{model.span}")
    st.caption(t.source)

if slides.show("rangschikking"):
    r, part = model.ranking, slides.part("rangschikking")
    st.subheader(r.title + part.label, anchor=False)
    layout.table("werkzaamheid_rangschikking", r.table, list(r.table.columns[1:3]), r.formats, kept=model.map_key,
                 part=part, hide_index=True, height=min(38 * (len(r.table) + 1), 720))
    if model.modelled:
        components.modelled_badge(EXTRA)
    st.caption(r.source)
    components.downloads(r.export, f"{r.file}_{f.slug}_{year}", r.notes, key="werkzaamheid_rangschikking")

if model.modelled:
    model_notes.assumptions(model_bevolking_20_64.META, names)
