"""Overzicht: the selection against its region and Flanders (what it shows:
`page_models.overzicht`). One municipality: named, against its own region
(`Filters.home_region`), with a link to its Gemeentefiche."""
from __future__ import annotations

import streamlit as st

from charts.trend import rate_trend
from page_models import overzicht
from page_models.common import FLANDERS
from common import format as fmt
from ui import components, data, filters, layout, presentation
from ui.presentation import Slides

# Inputs
f = filters.current()
one = f.selected[0] if len(f.selected) == 1 else None
region = f.home_region if f.selected else None

# Model: once per page state; within it what the year leaves alone once per set of areas (`ui.data.keyed`).
model = data.keyed(("overzicht", f.area_label, tuple(f.nis), tuple(f.nis_2025), region, f.year, one),
                   overzicht.collect, data.run, f.area_label, f.nis, f.nis_2025, region, f.year, one,
                   keyed=data.keyed)
# One municipality's target groups in a table, its rows over as many slides as they need.
slides = Slides(["kerncijfers", "kerncijfers werkzaamheid",
                 *([presentation.Rows("doelgroepen", len(model.groups.table), "doelgroepen")] if model.groups else []),
                 "werkzoekenden", "werkzaamheid"])

# Sections
st.title(f"Regiomonitor Werk: {f.area_label}" if one else "Regiomonitor Werk")
st.markdown(f"**{f.area_label}** tegen " + (f"{region.label} en " if region else "") + FLANDERS)
if one:
    st.page_link("views/gemeentefiche.py", label=f"Gemeentefiche {f.area_label}: alle cijfers en een rapport",
                 icon=":material/location_city:",
                 query_params={key: st.query_params.get_all(key) for key in st.query_params})
for notice in model.notices:
    st.warning(notice, icon=":material/hourglass_top:")


def metrics(shown: list, columns=4) -> None:
    for column, m in zip(st.columns(columns), shown):
        components.metric(column, m)


def trend_section(t: overzicht.Trend, key: str) -> None:
    """A rate per area over the years: the chart, its source line and its downloads."""
    st.subheader(t.title, anchor=False)
    components.chart(data.figure(rate_trend, t.lines, target=t.target, key=t.key), key=key,
                     filename=f"{key}_{f.slug}_{t.span}")
    st.caption(t.source)
    components.downloads(t.export, f"{key}_{f.slug}_{t.span}", [t.source, fmt.HIDDEN_NOTE], key=f"{key}_dl")


if slides.show("kerncijfers") or slides.show("kerncijfers werkzaamheid"):
    if model.year is None:
        st.info("Geen cijfers van VDAB voor deze selectie.", icon=":material/info:")
    else:
        if slides.show("kerncijfers"):  # on a slide: the employment figures on the next
            st.subheader(model.rates_title, anchor=False)
            metrics(model.rates)
            st.subheader(model.counts_title, anchor=False)
            metrics(model.counts)
            st.caption(model.source)
        e = model.employment
        if e is not None and slides.show("kerncijfers werkzaamheid"):
            st.subheader(e.title, anchor=False)
            metrics([e.rate, e.extra], 2)
            if e.modelled:
                components.modelled_badge("Bevolking 20-64 jaar gemodelleerd")
            if e.caption:
                st.caption(e.caption)
            st.caption(e.source)
        components.downloads(model.table, f"overzicht_kerncijfers_{f.slug}_{model.year}", model.table_notes,
                             key="overzicht_kerncijfers")

if model.groups is not None and slides.show("doelgroepen"):
    part = slides.part("doelgroepen")
    st.subheader(model.groups.title + part.label, anchor=False)
    if model.groups.modelled:
        components.modelled_badge("Rijen met kwaliteit gemodelleerd")
    layout.table("overzicht_doelgroepen", model.groups.table, ["Doelgroep", "Per 1.000 inwoners"],
                 kept=(one, f.year), part=part, hide_index=True)
    st.caption(model.groups.caption)

if slides.show("werkzoekenden") and model.vdab_trend is not None:
    trend_section(model.vdab_trend, "werkzoekendengraad_trend")

if slides.show("werkzaamheid") and model.job_trend is not None:
    trend_section(model.job_trend, "werkzaamheidsgraad_trend")
