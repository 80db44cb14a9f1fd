"""Trajecten: what each coaching programme published, then the modelled
split of those totals over municipalities, start years and outcomes (what
it shows: `page_models.trajecten`)."""
from __future__ import annotations

import streamlit as st

from charts.sankey import flow_bars, sankey
from charts.trajecten import per_municipality, timeline
from common.vocabulary import ALL
from loaders import model_trajecten
from page_models import trajecten
from page_models.trajecten import FLOW_LABELS, PUBLISHED_NOTE, RULE, SLIDE_RULE
from common import format as fmt
from ui import components, data, filters, layout, model_notes, presentation, urlstate
from ui.presentation import Slides

# Inputs
f = filters.current()
options = data.keyed(("trajecten opties",), trajecten.options, data.run)
st.title("Trajecten")
left, right = st.columns(2)
with left:
    programme = urlstate.selectbox(
        "Programma", [ALL, *options.programmes], "programma", ALL,
        lambda v: f"Onbekend programma '{v}' in de link; getoond: alle programma's.",
        format_func=lambda p: "Alle programma's" if p == ALL else options.programmes[p])
with right:
    years = options.years
    start_year = urlstate.selectbox(
        "Startjaar", [ALL, *years], "startjaar", ALL,
        lambda v: f"Startjaar '{v}' in de link valt buiten {years[0]}-{years[-1]}; getoond: alle jaren.",
        format_func=lambda y: "Alle jaren" if y == ALL else y)
st.caption("Het jaarfilter in de zijbalk (werkzaamheidsgraad) geldt hier niet; kies hierboven een startjaar. "
           "Programma en startjaar staan ook in de link.")

# Model: once per page state (the sidebar's year is not part of it); within it the counts of a choice once.
args = (list(f.region_nis), f.region_label, list(f.selected), f.group, programme, start_year, f.slug)
model = data.keyed(("trajecten", *(tuple(a) if isinstance(a, list) else a for a in args)),
                   trajecten.collect, data.run, *args, keyed=data.keyed)

# Sections
published_slides = [f"gepubliceerd {code}" for code in model.shown] or ["gepubliceerd"]   # a slide per programme
rows = 0 if model.split is None else len(model.split.municipalities.table)   # its rows over as many slides as they need
slides = Slides([*published_slides, *(["uitkomsten"] if model.outcomes else []), "stroom", "verloop",
                 "per gemeente", presentation.Rows("per gemeente tabel", rows, "rijen")])

if any(slides.show(section) for section in published_slides):
    st.subheader("Wat de programma's publiceerden")
    st.badge("Gepubliceerde cijfers (officieel)", icon=":material/verified:", color="green")
    for card in model.cards:
        if not slides.show(f"gepubliceerd {card.code}"):
            continue
        st.markdown(card.heading)
        # Started, ongoing, ended; then the outcomes (on a slide all in one row).
        per_row = max(len(card.items), 1) if presentation.active() else 3
        for row in range(0, len(card.items), per_row):
            for col, (label, value) in zip(st.columns(per_row), card.items[row:row + per_row]):
                col.metric(label, value)
        st.caption(card.missing)
    st.caption(PUBLISHED_NOTE)
    st.caption(model.published_source)
    components.downloads(model.published_export, model.published_filename, [model.published_source],
                         key="trajecten_gepubliceerd_dl")

if model.outcomes and slides.show("uitkomsten"):
    for o in model.outcomes:
        st.subheader(o.title)
        layout.table(f"trajecten_uitkomsten_{o.code}", o.table, ["Uitkomst", "Aantal"], hide_index=True)
        for note in [" ".join(o.notes)] if presentation.active() else o.notes:   # a slide: one footer
            st.caption(note)
        st.caption(model.published_source)
        components.downloads(o.export, o.filename, [model.published_source, *o.notes],
                             key=f"trajecten_uitkomsten_{o.code}_dl")

# --- The modelled split of the published totals ---------------------------
s = model.split
if s is None:
    st.info(model.empty, icon=":material/info:")
    st.stop()

if any(slides.show(section) for section in ("stroom", "verloop", "per gemeente", "per gemeente tabel")):
    if not (presentation.active() and slides.show("per gemeente tabel")):   # there the rows need the room
        st.header("Verdeling over gemeenten en startjaren")
    if model.modelled:
        components.modelled_badge("Verdeling gemodelleerd")
    if model.modelled and slides.show("stroom"):   # on a slide the first only: the table's slide needs the room
        st.caption("Gepubliceerd zijn alleen de totalen hierboven. Hoe ze over gemeenten, startjaren en uitkomsten "
                   "verdeeld zijn, is een model dat die totalen exact volgt (aannames onderaan)." + s.unpublished_note)
    st.caption(s.described)
    if s.fallback:
        st.info(s.fallback, icon=":material/visibility_off:")

if slides.show("stroom"):
    if not presentation.active():   # a slide: under the section's heading, the chart's title says it; its labels need the room
        st.subheader("Van start tot uitkomst")
    if s.flow_links["value"].isna().any():
        st.info("Het stroomdiagram is niet getoond: een deel van de aantallen is afgeschermd. De aantallen die "
                "kunnen:", icon=":material/info:")
        for col, (label, value) in zip(st.columns(len(s.flow_hidden)), s.flow_hidden.items()):
            col.metric(label, value)
    else:
        on_slide = presentation.active()   # the stopped ones in one node: their labels need the room
        layout.by_width("trajecten_stroom", lambda: components.chart(   # on a phone as bars
            data.figure(sankey, s.slide_links if on_slide else s.flow_links, fmt.number, FLOW_LABELS,
                        title=s.flow_title, key=(*s.key, on_slide)),
            key="trajecten_sankey", filename=f"{s.basename}_stroom"), lambda: components.chart(
            data.figure(flow_bars, s.flow_links, fmt.number, FLOW_LABELS, title=s.flow_title, key=s.key),
            key="trajecten_stroom_smal", filename=f"{s.basename}_stroom"))
    st.caption(s.flow_source)

if slides.show("verloop"):
    st.subheader("Starts en einden per jaar")
    t = s.timeline
    components.chart(data.figure(timeline, t.series, t.texts, title=t.title, modelled=model.modelled, key=s.key),
                     key="trajecten_verloop", filename=f"{s.basename}_per_jaar")
    st.caption(t.source)

if slides.show("per gemeente") or slides.show("per gemeente tabel"):
    part = slides.part("per gemeente tabel")
    st.subheader("Per gemeente" + (part.label if slides.show("per gemeente tabel") else ""))
    m = s.municipalities
    if slides.show("per gemeente") and m.chart is not None:
        components.chart(data.figure(per_municipality, m.chart, m.chart_texts, title="Gestarte trajecten per gemeente",
                                     modelled=model.modelled, key=s.key),
                         key="trajecten_gemeenten", filename=f"{s.basename}_gemeenten")
    if slides.show("per gemeente tabel"):
        # On a slide without the NIS codes: the names say which municipality, and the ten columns of counts left
        # the names a narrow column ("Totaal Westhoek + Zuid-West-Vlaanderen" on four lines).
        layout.table("trajecten_gemeenten_tabel", m.table, ["Gemeente", "Gestart", "Werk"], part=part,
                     slide_hidden=("NIS-code",), hide_index=True)
        st.caption(SLIDE_RULE if presentation.active() else RULE)
        st.caption(s.source)
        components.downloads(m.export, f"{s.basename}_gemeenten", [s.source, s.described, RULE], key="trajecten_dl")

model_notes.assumptions(model_trajecten.META, filters.municipality_names() | model_trajecten.META["value_labels"],
                        sections=options.programmes)
