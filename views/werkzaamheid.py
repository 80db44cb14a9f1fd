"""Werkzaamheid: each municipality against the 80 % target on a map, the gap
in points and in people, the trend against region and Flanders, a ranking."""
from __future__ import annotations

import streamlit as st

from analysis.employment import TARGET, ranking
from charts.choropleth import colour_range, rate_map
from charts.trend import rate_trend
from loaders import gemeenten, model_bevolking_20_64
from loaders.regions import FLANDERS_NIS
from ui import components, data, filters, format as fmt, geometry, model_notes
from ui.presentation import Slides

MAP_KEY = "werkzaamheid_kaart"
MAP_HEIGHT = 600
NAMED_LINES = 4      # more municipalities than this: thin grey lines in the trend
WORKING_AGE = model_bevolking_20_64.INDICATOR

f = filters.current()
slides = Slides(["kaart", "trend", "rangschikking"])
names = filters.municipality_names()
years = filters.available_years()
year = f.year

rates = data.run("werkzaamheid_gemeenten", nis=list(f.region_nis))
if rates.empty:
    st.info("Geen werkzaamheidsgraad beschikbaar voor deze regio.", icon=":material/info:")
    st.stop()
table = ranking(rates, f.nis, year)
table["name_nl"] = table["nis"].map(names)
modelled = bool((table["working_age_quality"] == "modelled").any())
people_label = "Extra werkenden voor 80 %" + (" (gemodelleerd)" if modelled else "")
selection_label = f.region_label if not f.selected else (names[f.selected[0]] if len(f.selected) == 1 else "Selectie")

st.title("Werkzaamheid: afstand tot 80 %")
st.caption(f"**{f.region_label}**" + (f" · {len(f.selected)} gemeente(n) gekozen" if f.selected else "")
           + f" · referentiejaar {year}")


def _step_year(step: int) -> None:
    st.session_state[filters.YEAR] = years[years.index(st.session_state[filters.YEAR]) + step]


back, label, forward, badge = st.columns([1, 1, 1, 5], vertical_alignment="center")
back.button(f"◀ {year - 1}", on_click=_step_year, args=(-1,), disabled=year == years[0], width="stretch",
            key="werkzaamheid_vorig_jaar")
label.subheader(str(year), anchor=False, text_alignment="center")
forward.button(f"{year + 1} ▶", on_click=_step_year, args=(1,), disabled=year == years[-1], width="stretch",
               key="werkzaamheid_volgend_jaar")
if modelled:
    with badge:
        components.modelled_badge(people_label.split(" (")[0])

source_map = components.source_text(["werkzaamheidsgraad", WORKING_AGE], year,
                                    extra="leeftijdsgroep van de werkzaamheidsgraad niet vermeld in de bron; "
                                          f"kaart: {gemeenten.META['citation']}", modelled=modelled)

if slides.show("kaart"):
    map_area = geometry.area(f.nis, list(f.region_nis))
    weighted = data.run("rate_weighted", nis=f.nis, target=TARGET)
    this_year = weighted[weighted["year"] == year]
    map_col, facts = st.columns([4, 1])
    with map_col:
        if map_area is None:
            st.info("Geen grenzen beschikbaar voor deze gemeenten.", icon=":material/info:")
        else:
            fig = rate_map(map_area, table, year, colour_range(rates["rate"]), names, set(f.region_nis),
                           modelled=modelled, height=MAP_HEIGHT, revision="|".join(f.nis))
            components.chart(fig, key=MAP_KEY, filename=f"werkzaamheid_kaart_{f.slug}_{year}",
                             on_select=filters.map_click(MAP_KEY), selection_mode="points")
            st.caption("Klik op een gemeente om ze aan de selectie toe te voegen of eruit te halen; "
                       "grijze buurgemeenten van de regio kunnen ook aangeklikt worden.")
    with facts:
        below = int((table["rate"] < TARGET).sum())
        st.metric("Onder 80 %", f"{below} van {int(table['rate'].notna().sum())}",
                  help=f"Gemeenten met een werkzaamheidsgraad onder 80 % in {year}.")
        if not this_year.empty:
            rate = float(this_year["rate"].iat[0])
            st.metric("Gemiddelde", fmt.percent(rate), delta=f"{fmt.points(rate - TARGET)} t.o.v. 80 %",
                      delta_color="off", delta_arrow="off",
                      help=f"{selection_label}: gewogen met de totale bevolking op 1 januari {year}.")
        st.metric("Extra werkenden nodig", fmt.number(table["people_needed"].sum(min_count=1)),
                  help="Samen, voor de gemeenten onder 80 %: (80 % − werkzaamheidsgraad) × bevolking 20-64 jaar"
                       + (" (gemodelleerd)." if modelled else "."))
    st.caption(source_map)

if slides.show("trend"):
    st.subheader("Evolutie tegen regio, Vlaanderen en de doelstelling")
    flanders = data.run("rate_weighted", nis=data.run("flanders_nis", flanders=FLANDERS_NIS)["nis"].tolist(),
                        target=TARGET)
    by_nis = dict(tuple(rates.groupby("nis", sort=False)))  # one pass, not one filter per municipality
    lines = {names[code]: by_nis.get(code, rates.iloc[:0]) for code in f.nis}
    averages = {f"Gemiddelde {f.region_label}": data.run("rate_weighted", nis=list(f.region_nis), target=TARGET)}
    if f.region == "vlaanderen":
        averages = {}
    averages["Vlaanderen"] = flanders
    named = len(lines) <= NAMED_LINES
    components.chart(
        rate_trend(averages | lines if named else averages, context=None if named else lines, height=460),
        key="werkzaamheid_trend", filename=f"werkzaamheid_trend_{f.slug}_{years[0]}-{years[-1]}")
    components.source_line(["werkzaamheidsgraad", "bevolking"], f"{years[0]}-{years[-1]}",
                           extra="gemiddelden gewogen met de totale bevolking op 1 januari; "
                                 "Vlaanderen: alle Vlaamse gemeenten in het bestand")

if slides.show("rangschikking"):
    st.subheader(f"Rangschikking {year}")
    shown = table.rename(columns={
        "rank": "Rang", "name_nl": "Gemeente", "nis": "NIS-code", "rate": "Werkzaamheidsgraad (%)",
        "gap_points": "Afstand tot 80 % (ptn)", "people_needed": people_label,
        "change_1y": f"Sinds {year - 1} (ptn)", "change_5y": f"Sinds {year - 5} (ptn)"})
    columns = ["Rang", "Gemeente", "Werkzaamheidsgraad (%)", "Afstand tot 80 % (ptn)", people_label,
               f"Sinds {year - 1} (ptn)", f"Sinds {year - 5} (ptn)"]
    st.dataframe(fmt.styled(shown[columns], {"Rang": 0, "Werkzaamheidsgraad (%)": 1, people_label: 0},
                            signed=columns[3:4] + columns[5:]),
                 hide_index=True, height=min(38 * (len(shown) + 1), 720))
    if modelled:
        components.modelled_badge(people_label.split(" (")[0])
    source_table = components.source_text(["werkzaamheidsgraad", WORKING_AGE], year,
                                          extra="rang 1 = hoogste werkzaamheidsgraad van de getoonde gemeenten",
                                          modelled=modelled)
    st.caption(source_table)
    export = shown[["NIS-code"] + columns].assign(**{people_label: shown[people_label].round()})
    components.downloads(
        components.with_provenance(export, ["werkzaamheidsgraad", WORKING_AGE],
                                   shown["working_age_quality"] == "modelled"),
        f"werkzaamheid_{f.slug}_{year}",
        [source_table] + ([model_bevolking_20_64.META["model"]["description"]] if modelled else []),
        key="werkzaamheid_rangschikking")

if modelled:
    model_notes.assumptions(model_bevolking_20_64.META, names)
