"""Vacatures: open vacancies and jobseekers per municipality and month, and
the tension between them (modelled, calibrated on the published Westhoek
figure of August 2021)."""
from __future__ import annotations

import streamlit as st

from analysis.vacatures import area_series, largest, month
from charts.choropleth import value_map
from charts.monthly import monthly
from charts.ranking import ranking
from loaders import model_vacatures
from loaders.regions import REGIONS
from ui import components, data, filters, format as fmt, geometry, model_notes, urlstate
from ui.presentation import Slides

ANCHOR = model_vacatures.ANCHOR
SOURCES = [model_vacatures.VACANCIES, model_vacatures.JOBSEEKERS]
LARGEST = 5
MAP_KEY, MAP_HEIGHT = "vacatures_kaart", 560
VACANCIES_MEASURE = "vacatures"
MEASURES = {VACANCIES_MEASURE: "Open vacatures", "spanning": "Vacatures per werkzoekende"}

f = filters.current()
slides = Slides(["reeks", "per gemeente", "spanning"])
names = filters.municipality_names()
st.title("Vacatures")
badge = st.container()

rows = data.run("vacatures_maand", nis=list(f.region_nis))
if rows.empty:
    st.info("Geen vacaturegegevens voor deze regio.", icon=":material/info:")
    st.stop()
# Marks, badge and source lines follow the data's quality: after an official
# import replaced the model, they go.
modelled = bool(rows["modelled"].any())
if modelled:
    with badge:
        components.modelled_badge()
periods = sorted(rows["period"].unique())
st.caption(f"**{f.region_label}**" + (f" · {len(f.selected)} gemeente(n) gekozen" if f.selected else ""))
period = urlstate.selectbox(
    "Maand", periods[::-1], "maand", periods[-1], format_func=fmt.month,
    help="Voor de kaart, de rangschikking per gemeente en de spanningsindicator.",
    refused=lambda raw: f"Maand '{raw}' in de link valt buiten {fmt.month(periods[0])} - "
                        f"{fmt.month(periods[-1])}; getoond: {fmt.month(periods[-1])}.")
st.caption(f"Het jaarfilter in de zijbalk (werkzaamheidsgraad, tot 2015) geldt niet op deze pagina: vacatures en "
           f"werkzoekenden zijn {'gemodelleerd ' if modelled else ''}per maand, van {fmt.month(periods[0])} tot "
           f"{fmt.month(periods[-1])}. De gekozen maand staat ook in de link.")
span = f"{periods[0]}_{periods[-1]}"

shown = rows[rows["nis"].isin(f.nis)]
areas = ({r["label"]: r["nis"] for key, r in REGIONS.items() if f.region in (key, "beide")}
         or {f.region_label: list(f.region_nis)})
if f.selected:
    areas["Selectie"] = f.nis
series = data.computed(area_series, rows, areas)
anchor_area = REGIONS[ANCHOR["region"]]["label"]
anchor = ({"period": ANCHOR["period"], "value": ANCHOR["value"],
           "text": f"gepubliceerd: {fmt.number(ANCHOR['value'])} ({anchor_area}, {fmt.month(ANCHOR['period'])})"}
          if anchor_area in areas else None)
calibration = (f"geijkt op {fmt.number(ANCHOR['value'])} open vacatures in de {anchor_area} "
               f"in {fmt.month(ANCHOR['period'])} (gepubliceerd)") if modelled else None

if slides.show("reeks"):
    st.subheader("Open vacatures per maand")
    # Cached figures (data.figure): another month leaves these series as they are.
    components.chart(data.figure(monthly, series, "vacatures", f"Open vacatures per maand, {' en '.join(areas)}",
                                 anchor=anchor, modelled=modelled),
                     key="vacatures_reeks", filename=f"vacatures_{f.slug}_{span}")
    components.source_line([model_vacatures.VACANCIES], extra=calibration, modelled=modelled)
    # Without a choice: the largest in the latest month, not the chosen one (which drives the sections below),
    # so the series stay put when another month is chosen.
    codes = f.nis if f.selected else largest(shown, periods[-1], LARGEST)
    title = ("gekozen gemeenten" if f.selected
             else f"de {LARGEST} gemeenten met de meeste vacatures in {fmt.month(periods[-1])}")
    per_municipality = data.computed(area_series, rows, {names[c]: [c] for c in codes})
    components.chart(data.figure(monthly, per_municipality, "vacatures", f"Open vacatures per maand, {title}",
                                 modelled=modelled),
                     key="vacatures_gemeenten", filename=f"vacatures_gemeenten_{f.slug}_{span}")
    components.source_line([model_vacatures.VACANCIES], extra=calibration, modelled=modelled)

snapshot = month(shown, period)
month_modelled = bool(snapshot["modelled"].any())
if slides.show("per gemeente"):
    st.subheader(f"Per gemeente, {fmt.month(period)}")
    map_area = geometry.area(f.nis, list(f.region_nis))
    if map_area is not None:
        measure = st.segmented_control("Kaart", list(MEASURES), format_func=MEASURES.get, key="kaart",
                                       default=VACANCIES_MEASURE) or VACANCIES_MEASURE
        hover = [f"{fmt.number(v)} open vacatures<br>{fmt.number(j)} werkzoekenden<br>"
                 f"{fmt.number(t, 2)} vacatures per werkzoekende" + (" (gemodelleerd)" if m else "")
                 for v, j, t, m in zip(snapshot["vacatures"], snapshot["werkzoekenden"], snapshot["spanning"],
                                       snapshot["modelled"])]
        components.chart(
            value_map(map_area, snapshot.assign(value=snapshot[measure], hover=hover), names, set(f.region_nis),
                      title=MEASURES[measure].replace(" per ", "<br>per "), when=fmt.month(period),
                      colorscale="Blues" if measure == "vacatures" else "Oranges", height=MAP_HEIGHT,
                      revision="|".join(f.nis), modelled=month_modelled),
            key=MAP_KEY, filename=f"vacatures_kaart_{f.slug}_{period}",
            on_select=filters.map_click(MAP_KEY), selection_mode="points")
        st.caption("Klik op een gemeente om ze aan de selectie toe te voegen of eruit te halen.")
        components.source_line(SOURCES, extra="; ".join(filter(None, [calibration, "gemeentegrenzen 2019"])),
                               modelled=month_modelled)
    components.chart(
        ranking(components.top(snapshot, "vacatures", "de meeste open vacatures"), "vacatures",
                f"Open vacatures, {fmt.month(period)}",
                "%{y}: %{x:,.0f} open vacatures<br>%{customdata[0]:,.0f} werkzoekenden · "
                "spanning %{customdata[1]:,.2f}", custom=["werkzoekenden", "spanning"], text_format=",.0f",
                modelled=month_modelled),
        key="vacatures_ranking", filename=f"vacatures_{f.slug}_{period}")
    components.source_line(SOURCES, extra=calibration, modelled=month_modelled)

if slides.show("spanning"):
    st.subheader("Spanning: vacatures per werkzoekende")
    st.markdown(
        "De **spanningsindicator** deelt het aantal open vacatures door het aantal niet-werkende werkzoekenden. "
        "**Boven 1**: meer vacatures dan werkzoekenden; werkgevers vinden moeilijk personeel (krappe "
        "arbeidsmarkt). **Onder 1**: meer werkzoekenden dan vacatures. Een hoge spanning betekent niet dat elke "
        "werkzoekende snel werk vindt: vacatures en profielen passen niet altijd bij elkaar.")
    now = series[series["period"] == period]
    for col, (_, r) in zip(st.columns(len(now)), now.iterrows()):
        col.metric(f"{r['area']}, {fmt.month(period)}", fmt.number(r["spanning"], 2),
                   delta=f"{fmt.number(r['vacatures'])} vacatures · {fmt.number(r['werkzoekenden'])} werkzoekenden",
                   delta_color="off", delta_arrow="off", border=True)
    components.chart(data.figure(monthly, series, "spanning", "Vacatures per werkzoekende", number_format=",.2f",
                                 line_at=(1, "evenveel vacatures als werkzoekenden"), modelled=modelled),
                     key="vacatures_spanning_reeks", filename=f"spanning_{f.slug}_{span}")
    components.source_line(SOURCES, extra="spanning = vacatures ÷ werkzoekenden", modelled=modelled)
    components.chart(
        ranking(components.top(snapshot, "spanning", "de hoogste spanning"), "spanning",
                f"Vacatures per werkzoekende, {fmt.month(period)}",
                "%{y}: %{x:,.2f} vacatures per werkzoekende<br>%{customdata[0]:,.0f} vacatures · "
                "%{customdata[1]:,.0f} werkzoekenden", custom=["vacatures", "werkzoekenden"], text_format=",.2f",
                references={"1 = evenveel vacatures als werkzoekenden": 1.0}, modelled=month_modelled),
        key="vacatures_spanning", filename=f"spanning_{f.slug}_{period}")
    components.source_line(SOURCES, extra="spanning = vacatures ÷ werkzoekenden", modelled=month_modelled)
    table = snapshot[["nis", "name_nl", "period", "vacatures", "werkzoekenden", "spanning"]].rename(columns={
        "nis": "NIS-code", "name_nl": "Gemeente", "period": "Maand", "vacatures": "Open vacatures",
        "werkzoekenden": "Werkzoekenden", "spanning": "Vacatures per werkzoekende"})
    components.downloads(components.with_provenance(table, SOURCES, snapshot["modelled"]),
                         f"vacatures_{f.slug}_{period}",
                         [components.source_text(SOURCES, extra=calibration, modelled=month_modelled)],
                         key="vacatures_dl")

if modelled:
    model_notes.assumptions(model_vacatures.META, names)
