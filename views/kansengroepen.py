"""Kansengroepen: how many people of each target group are outside work,
per municipality and against the region (modelled sizes)."""
from __future__ import annotations

import streamlit as st

from analysis.kansengroepen import TOTAL, comparison, in_year, reach, reach_table
from analysis.suppression import HIDDEN_TEXT, MIN_COUNT, PRIMARY, SECONDARY
from charts.choropleth import value_map
from charts.kansengroepen import composition, matrix, matrix_values
from charts.ranking import ranking
from loaders import doelgroepen, model_doelgroepen
from loaders.indicator_frame import ALL_GROUPS
from loaders.regions import FLANDERS_NIS, REGIONS
from ui import components, data, filters, format as fmt, geometry, model_notes, urlstate
from ui.presentation import Slides

INDICATOR = model_doelgroepen.INDICATOR
POOL_LABEL = model_doelgroepen.META["indicators"][INDICATOR]["total_label"]
MAP_KEY, MAP_HEIGHT = "kansengroepen_kaart", 560
SOURCES = [INDICATOR, "bevolking"]

f = filters.current()
slides = Slides(["kerncijfers", "per gemeente", "samenstelling", "regio", "bereik"])
names = filters.municipality_names()
labels = doelgroepen.LABELS | {ALL_GROUPS: POOL_LABEL}
st.title("Kansengroepen")
badge = st.container()

years = data.run("indicator_years", indicator=INDICATOR)["year"].tolist()
year = max([y for y in years if y <= f.year] or years[:1])
# Every year at once (cached): a year change then only picks rows.
every_year = data.run("doelgroepen", nis=f.nis, year=None)
rows = every_year[every_year["period"] == str(year)].reset_index(drop=True)
if rows.empty:
    st.info(f"Geen doelgroepen voor deze selectie in {year}.", icon=":material/info:")
    st.stop()
# From the data's quality, so an official import takes the marks away.
modelled = bool((rows["quality"] == "modelled").any())
if modelled:
    with badge:
        components.modelled_badge()
note = (f"Referentiejaar {year} (jaarfilter in de zijbalk): de doelgroepen zijn afgeleid van de bevolking en "
        f"de werkzaamheidsgraad van dat jaar ({years[0]}-{years[-1]}). Het gaat om inwoners van 20-64 jaar "
        "die niet werken; de doelgroepen overlappen, tel ze niet op.")
st.caption(f"**{f.region_label}**" + (f" · {len(f.selected)} gemeente(n) gekozen" if f.selected else "")
           + f" · doelgroep: {doelgroepen.LABELS[f.group]}")
if year != f.year:
    st.info(f"Geen doelgroepen voor {f.year}; getoond: {year}.", icon=":material/info:")
st.caption(note)

area = f.region_label if not f.selected else "Selectie"
selection = in_year(data.run("doelgroepen_totals", nis=f.nis), area, year)
flanders_nis = data.run("flanders_nis", flanders=FLANDERS_NIS)["nis"].tolist()
# The reference areas' totals in `year`, for the composition and the comparison.
FLANDERS = "Vlaanderen"
members = {r["label"]: r["nis"] for r in REGIONS.values()} | {FLANDERS: flanders_nis}
reference_totals = {label: in_year(data.run("doelgroepen_totals", nis=codes), label, year)
                    for label, codes in members.items()}


shown = doelgroepen.GROUPS if f.group == ALL_GROUPS else [f.group]
source_extra = ("gemodelleerd uit bevolking en werkzaamheidsgraad; " if modelled else "") + "doelgroepen overlappen"


def source_text(extra: str = source_extra) -> str:
    """The source line of the group sizes in `year`, following their quality."""
    return components.source_text(SOURCES, year, extra=extra, modelled=modelled)


if slides.show("kerncijfers"):
    st.subheader(f"{area}, {year}")
    by_group = selection.set_index("target_group")
    for start in range(0, len([ALL_GROUPS] + shown), 3):
        for col, code in zip(st.columns(3), ([ALL_GROUPS] + shown)[start:start + 3]):
            col.metric(labels[code], fmt.number(by_group.at[code, "value"]),
                       delta=f"{fmt.number(by_group.at[code, 'per_1000'], 1)} per 1.000 inwoners",
                       delta_color="off", delta_arrow="off", border=True)
    st.caption(source_text())

if slides.show("per gemeente"):
    code = f.group
    st.subheader(f"{labels[code]} per gemeente")
    one = rows[rows["target_group"] == code]
    map_area = geometry.area(f.nis, list(f.region_nis))
    if map_area is not None:
        hover = [f"{fmt.number(p, 1)} per 1.000 inwoners<br>{fmt.number(v)} personen"
                 + (" (gemodelleerd)" if q == "modelled" else "")
                 for p, v, q in zip(one["per_1000"], one["value"], one["quality"])]
        components.chart(
            value_map(map_area, one.assign(value=one["per_1000"], hover=hover), names, set(f.region_nis),
                      title=f"{labels[code]}<br>per 1.000 inwoners", when=str(year), height=MAP_HEIGHT,
                      revision="|".join(f.nis), modelled=modelled),
            key=MAP_KEY, filename=f"kansengroepen_kaart_{code}_{f.slug}_{year}",
            on_select=filters.map_click(MAP_KEY), selection_mode="points")
        st.caption("Klik op een gemeente om ze aan de selectie toe te voegen of eruit te halen.")
        st.caption(source_text(source_extra + "; gemeentegrenzen 2019"))
    one = components.top(one, "per_1000", "het hoogste aantal per 1.000 inwoners")
    components.chart(
        ranking(one, "per_1000", f"{labels[code]}, per 1.000 inwoners ({year})",
                "%{y}: %{x:,.1f} per 1.000 inwoners<br>%{customdata[0]:,.0f} personen",
                custom=["value"], references={f"gemiddelde {area}": selection.set_index("target_group").at[code, "per_1000"]},
                modelled=modelled),
        key="kansengroepen_ranking", filename=f"kansengroepen_{code}_{f.slug}_{year}")
    st.caption(source_text())
    if f.group == ALL_GROUPS and rows["nis"].nunique() <= components.RANKING_LIMIT:
        st.markdown(f"**Alle doelgroepen per gemeente, per 1.000 inwoners ({year})**")
        if modelled:
            components.modelled_badge()
        wide = matrix_values(rows[rows["target_group"] != ALL_GROUPS], doelgroepen.LABELS)
        st.dataframe(matrix(wide, fmt.number))
        matrix_source = source_text("kleur: rood = meer dan het gemiddelde van de getoonde gemeenten, blauw = "
                                    "minder (volle kleur vanaf de helft meer of minder); " + source_extra)
        st.caption(matrix_source)
        components.downloads(components.with_provenance(wide.reset_index(), SOURCES, modelled),
                             f"kansengroepen_matrix_{f.slug}_{year}", [matrix_source, note], key="kansengroepen_matrix")

if slides.show("samenstelling"):
    st.subheader("Samenstelling per gemeente")
    options = rows.drop_duplicates("nis").sort_values("name_nl")["nis"].tolist()
    default = rows.drop_duplicates("nis").nlargest(1, "population")["nis"].iat[0]
    nis = urlstate.selectbox(
        "Gemeente", options, "samenstelling", default, format_func=names.get,
        refused=lambda code: f"Gemeente '{code}' in de link (samenstelling) hoort niet bij de selectie; "
                             f"getoond: {names[default]}.")
    references = {label: totals for label, totals in reference_totals.items()
                  if label == FLANDERS or nis in members[label]}
    mine = rows[(rows["nis"] == nis) & (rows["target_group"] != ALL_GROUPS)]
    components.chart(composition(mine, names[nis], references, doelgroepen.LABELS,
                                 f"{names[nis]}: doelgroepen per 1.000 inwoners ({year})", modelled=modelled),
                     key="kansengroepen_samenstelling", filename=f"kansengroepen_{names[nis]}_{year}")
    st.caption(source_text("staaf: gemeente; markering: regio en Vlaanderen; " + source_extra))

if slides.show("regio"):
    st.subheader("Vergelijking met de regio")
    areas = [selection] if f.selected or f.region == "beide" else []
    areas += list(reference_totals.values())
    table = comparison(areas, [ALL_GROUPS] + shown, labels)
    numbers = table.drop(columns="modelled")
    st.dataframe(fmt.table(numbers, {c: 1 if "per 1.000" in c else 0 for c in numbers.columns[1:]}), hide_index=True)
    st.caption(source_text())
    components.downloads(components.with_provenance(numbers, SOURCES, table["modelled"]),
                         f"kansengroepen_{f.slug}_{year}", [source_text(), note], key="kansengroepen_regio")

if slides.show("bereik"):
    st.subheader("Bereik van de programma's")
    latest = years[-1]
    reached = data.computed(reach, data.run("trajectory_reach", nis=list(f.region_nis), year=str(latest)),
                            list(f.selected), f.region_label)
    if reached.empty:
        st.info("Geen trajectgegevens met een doelgroep voor deze gemeenten.", icon=":material/info:")
    else:
        size = f"Omvang doelgroep {latest}"
        st.dataframe(reach_table(reached, doelgroepen.LABELS, size, fmt.number).drop(columns="NIS-code"),
                     hide_index=True)
        explained = (f"Bereik = gestarte trajecten over de hele looptijd ÷ omvang van de doelgroep in {latest}, het "
                     f"laatste jaar van het doelgroepenmodel (de programma's starten later). '{TOTAL} {f.region_label}': "
                     f"alle gemeenten van de regio met trajecten, getoond zonder keuze of wanneer een gekozen gemeente "
                     f"afgeschermde aantallen heeft; '{TOTAL} selectie': de gekozen gemeenten. Minder dan {MIN_COUNT} "
                     f"trajecten in een gemeente: '{HIDDEN_TEXT[PRIMARY]}'; een aantal dat daaruit af te leiden zou "
                     f"zijn: '{HIDDEN_TEXT[SECONDARY]}'; hun bereik: '–'. Afgeschermd wordt over alle gemeenten van "
                     "de regio, zodat een gemeente hetzelfde toont wat je er ook bij kiest.")
        st.caption(explained)
        reach_sources = ["trajecten", INDICATOR]
        reach_modelled = data.is_modelled("trajecten") or modelled
        reach_source = components.source_text(reach_sources, latest, modelled=reach_modelled)
        st.caption(reach_source)
        # Numbers stay numbers; hidden counts keep their text.
        components.downloads(
            components.with_provenance(reach_table(reached, doelgroepen.LABELS, size, lambda v, decimals=0: v),
                                       reach_sources, reach_modelled),
            f"kansengroepen_bereik_{f.slug}_{latest}", [reach_source, explained], key="kansengroepen_bereik")

if modelled:
    model_notes.assumptions(model_doelgroepen.META, names, doelgroepen.LABELS)
