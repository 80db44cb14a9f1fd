"""Overzicht: where the selection stands against the 80% target."""
from __future__ import annotations

import pandas as pd
import streamlit as st

from analysis.employment import TARGET, headline
from charts.trend import rate_trend
from loaders.regions import FLANDERS_NIS
from ui import components, data, filters, format as fmt
from ui.presentation import Slides

SOURCES = ["werkzaamheidsgraad", "bevolking"]

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
area = f.region_label if not f.selected else "Selectie"
last_year = int(selection["year"].max())

if slides.show("kerncijfers"):
    c1, c2, c3, c4 = st.columns(4)
    c1.metric(f"Werkzaamheidsgraad {h.year}", fmt.percent(h.rate),
              help="Gewogen met het aantal inwoners op 1 januari van hetzelfde jaar.")
    c2.metric("Afstand tot 80 %", fmt.points(h.gap_points),
              help="Procentpunten boven (+) of onder (-) de doelstelling van 80 %.")
    c3.metric("Gemeenten op of boven 80 %", f"{h.at_target} van {h.municipalities}")
    c4.metric(f"Evolutie sinds {h.first_year}", fmt.points(h.change_since_first))
    source = components.source_text(SOURCES, h.year,
                                    extra=f"gewogen met de totale bevolking op 1 januari {h.year} "
                                          f"({fmt.number(h.population)} inwoners); leeftijdsgroep niet vermeld in de bron")
    st.caption(source)
    figures = pd.DataFrame({
        "Gebied": area, "Jaar": h.year,
        "Kerncijfer": ["Werkzaamheidsgraad (%)", "Afstand tot 80 % (ptn)", "Gemeenten op of boven 80 %",
                       "Gemeenten met een werkzaamheidsgraad", f"Evolutie sinds {h.first_year} (ptn)",
                       "Bevolking op 1 januari (gewicht)"],
        "Waarde": [h.rate, h.gap_points, h.at_target, h.municipalities, h.change_since_first, h.population]})
    components.downloads(components.with_provenance(figures, SOURCES),
                         f"overzicht_kerncijfers_{f.slug}_{h.year}", [source], key="overzicht_kerncijfers")

if slides.show("trend"):
    series = {area: selection, "Vlaanderen": flanders}
    components.chart(rate_trend(series, title="Werkzaamheidsgraad, gewogen gemiddelde"),
                     key="overzicht_trend", filename=f"werkzaamheidsgraad_trend_{f.slug}_{h.first_year}-{last_year}")
    source = components.source_text(["werkzaamheidsgraad"], f"{h.first_year}-{last_year}",
                                    extra="Vlaanderen: alle Vlaamse gemeenten in het bestand")
    st.caption(source)
    trend = pd.concat([rows.assign(Gebied=name) for name, rows in series.items()], ignore_index=True).rename(
        columns={"year": "Jaar", "rate": "Werkzaamheidsgraad (%)", "population": "Bevolking op 1 januari (gewicht)",
                 "municipalities": "Gemeenten", "at_target": "Gemeenten op of boven 80 %"})
    components.downloads(
        components.with_provenance(trend[["Gebied", "Jaar", "Werkzaamheidsgraad (%)", "Gemeenten",
                                          "Gemeenten op of boven 80 %", "Bevolking op 1 januari (gewicht)"]],
                                   SOURCES),
        f"overzicht_trend_{f.slug}_{h.first_year}-{last_year}",
        [source, "Gewogen met de totale bevolking op 1 januari van hetzelfde jaar."], key="overzicht_trend_dl")
