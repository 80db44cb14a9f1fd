"""Overzicht: where the selection stands against the 80% target."""
from __future__ import annotations

import streamlit as st

from analysis.employment import TARGET, headline
from charts.trend import rate_trend
from loaders.regions import FLANDERS_NIS
from ui import components, data, filters, format as fmt
from ui.presentation import Slides

f = filters.current()
slides = Slides(["kerncijfers", "trend"])
st.title("Regiomonitor Werk")
st.markdown(f"**{f.region_label}**" + (f" · {len(f.selected)} gemeente(n) gekozen" if f.selected else ""))

selection = data.run("rate_weighted", nis=f.nis, target=TARGET)
flanders = data.run("rate_weighted", nis=data.run("flanders_nis", flanders=FLANDERS_NIS)["nis"].tolist(),
                    target=TARGET)
h = headline(selection, f.year)
if h is None:
    st.info("Geen werkzaamheidsgraad beschikbaar voor deze selectie.", icon=":material/info:")
    st.stop()
if h.year != f.year:
    st.info(f"Geen gegevens voor {f.year}; getoond: {h.year}.", icon=":material/info:")

if slides.show("kerncijfers"):
    c1, c2, c3, c4 = st.columns(4)
    c1.metric(f"Werkzaamheidsgraad {h.year}", fmt.percent(h.rate),
              help="Gewogen met het aantal inwoners op 1 januari van hetzelfde jaar.")
    c2.metric("Afstand tot 80 %", fmt.points(h.gap_points),
              help="Procentpunten boven (+) of onder (-) de doelstelling van 80 %.")
    c3.metric("Gemeenten op of boven 80 %", f"{h.at_target} van {h.municipalities}")
    c4.metric(f"Evolutie sinds {h.first_year}", fmt.points(h.change_since_first))
    components.source_line(["werkzaamheidsgraad", "bevolking"], h.year,
                           extra=f"gewogen met de totale bevolking op 1 januari {h.year} "
                                 f"({fmt.number(h.population)} inwoners); leeftijdsgroep niet vermeld in de bron")

if slides.show("trend"):
    components.chart(
        rate_trend({f.region_label if not f.selected else "Selectie": selection, "Vlaanderen": flanders},
                   title="Werkzaamheidsgraad, gewogen gemiddelde"),
        key="overzicht_trend", filename=f"werkzaamheidsgraad_trend_{f.slug}",
    )
    components.source_line(["werkzaamheidsgraad"], f"{h.first_year}-{selection['year'].max()}",
                           extra="Vlaanderen: alle Vlaamse gemeenten in het bestand")
