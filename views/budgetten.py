"""Budgetten: the yearly budget and who pays what, the flows of a period,
the cost per trajectory (what it shows: `page_models.budgetten`)."""
from __future__ import annotations

import streamlit as st

from charts.sankey import flow_bars, sankey
from page_models import budgetten
from page_models.budgetten import LP, PERIOD, SPLIT
from common import format as fmt
from ui import components, data, layout, presentation, urlstate
from ui.presentation import Slides
from ui.urlstate import BadParam, Param


def _flag(raw: list[str]) -> bool:
    if raw[-1] not in ("0", "1"):
        raise BadParam(f"Onbekende waarde '{raw[-1]}' voor verdeling in de link; gebruik 1 of 0.")
    return raw[-1] == "1"


# Inputs
slides = Slides(["overzicht", "stromen", "stromen tabel", "kosten"])
years = budgetten.years(data.run)
split_param = [Param("verdeling", False, _flag, lambda v: "1")]
st.title("Budgetten")
for notice in urlstate.seed(split_param):
    st.warning(notice, icon=":material/link_off:")
overview_slot = st.container()
if not presentation.active():   # no sidebar on the projector
    st.caption("Budgetten gelden per programma, niet per gemeente: de filters in de zijbalk gelden hier niet.")
# The choice of the flows, drawn (it keeps its value) but not shown on the overview's slide.
with presentation.hidden() if slides.current == "overzicht" else st.container():
    left, right = st.columns([2, 3])
with left:
    year = urlstate.selectbox(
        "Periode", [PERIOD, *years], "budgetjaar", PERIOD,
        lambda v: f"Jaar '{v}' in de link heeft geen budgetgegevens ({years[0]}-{years[-1]}); "
                  "getoond: de hele programmaperiode.",
        format_func=lambda y: "Hele programmaperiode" if y == PERIOD else y)
split = right.toggle(f"Gemodelleerde verdeling over de {len(LP['partners'])} partners tonen", key="verdeling",
                     help=f"Niet gepubliceerd. Aanname: {SPLIT['method']}. {SPLIT['reasoning']}")
urlstate.write(split_param)

# Model: once per period and split; the overview and costs once (`ui.data.keyed`).
model = data.keyed(("budgetten", year, split), budgetten.collect, data.run, year, split, keyed=data.keyed)

# Sections
if slides.show("overzicht"):
    o = model.overview
    with overview_slot:
        st.subheader(o.title)
        for column, m in zip(st.columns(3), o.metrics):
            components.metric(column, m)
        st.markdown("**Wie betaalt wat**")
        layout.table("budget_financiers", o.funders, ["Financier", "Per jaar"], hide_index=True)
        st.caption(o.caption)
        st.caption(o.source)

flows = model.flows
if slides.show("stromen") or slides.show("stromen tabel"):
    st.subheader(flows.title)
    if flows.modelled:
        components.modelled_badge("Verdeling over de partners gemodelleerd")
    if slides.show("stromen"):
        if flows.links.empty:
            st.info(f"Geen gepubliceerde bedragen voor {model.period}.", icon=":material/info:")
        else:
            # Built once per period and split. On a phone as bars.
            layout.by_width("budget_stromen", lambda: components.chart(
                data.figure(sankey, flows.links, fmt.euro, title=flows.chart_title, height=420, notes=flows.notes,
                            key=("budgetten", year, split)),
                key="budget_sankey", filename=flows.chart_filename), lambda: components.chart(
                data.figure(flow_bars, flows.links, fmt.euro, title=flows.chart_title, notes=flows.notes,
                            key=("budgetten", year, split)),
                key="budget_stromen_smal", filename=flows.chart_filename))
        st.caption(flows.source)
        if flows.missing and presentation.active():   # a slide: a footer line, the Sankey's labels need the room
            st.caption(flows.missing)
        elif flows.missing:
            st.info(flows.missing, icon=":material/money_off:")
    if slides.show("stromen tabel"):
        layout.table("budget_stromen_tabel", flows.table, ["Van", "Naar", "Bedrag"], hide_index=True)
        st.caption(flows.table_source)
        components.downloads(flows.export, flows.filename, flows.export_notes, key="budget_dl")

if slides.show("kosten"):
    c = model.costs
    st.subheader("Kost per traject")
    # An HTML table on the page too: its seven columns, headers whole (a data grid cut the last two at 1366 px).
    layout.html_table("budget_kosten", c.table, ["Programma", "Kost per traject"])
    st.caption("Een kost per traject is afgeleid (budget ÷ gepubliceerd aantal trajecten) en staat er alleen waar "
               "beide gepubliceerd zijn; nooit uit gemodelleerde aantallen.")
    st.caption(c.source)
    components.downloads(c.export, c.filename, [c.source], key="budget_kosten_dl")
