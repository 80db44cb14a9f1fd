"""Kansengroepen: how many people of each target group are outside work,
per municipality and against the region (modelled sizes)."""
from __future__ import annotations

import streamlit as st

from analysis.kansengroepen import TOTAL, area_totals, comparison, reach
from analysis.suppression import HIDDEN_TEXT, MIN_COUNT, PRIMARY, SECONDARY
from charts.choropleth import value_map
from charts.kansengroepen import composition, matrix
from charts.ranking import ranking
from charts.theme import mark_modelled
from loaders import doelgroepen, model_doelgroepen
from loaders.indicator_frame import ALL_GROUPS
from loaders.regions import FLANDERS_NIS, REGIONS
from ui import components, data, filters, format as fmt, model_notes, urlstate
from ui.presentation import Slides

INDICATOR = model_doelgroepen.INDICATOR
POOL_LABEL = model_doelgroepen.META["indicators"][INDICATOR]["total_label"]
RANKING_LIMIT = 40
MAP_KEY, MAP_HEIGHT = "kansengroepen_kaart", 560

f = filters.current()
slides = Slides(["kerncijfers", "per gemeente", "samenstelling", "regio", "bereik"])
names = filters.municipality_names()
labels = doelgroepen.LABELS | {ALL_GROUPS: POOL_LABEL}
st.title("Kansengroepen")
components.modelled_badge()

years = data.run("indicator_years", indicator=INDICATOR)["year"].tolist()
year = max([y for y in years if y <= f.year] or years[:1])
rows = data.run("doelgroepen", nis=f.nis, year=str(year))
if rows.empty:
    st.info(f"Geen gemodelleerde doelgroepen voor deze selectie in {year}.", icon=":material/info:")
    st.stop()
note = (f"Referentiejaar {year} (jaarfilter in de zijbalk): de doelgroepen zijn afgeleid van de bevolking en "
        f"de werkzaamheidsgraad van dat jaar ({years[0]}-{years[-1]}). Het gaat om inwoners van 20-64 jaar "
        "die niet werken; de doelgroepen overlappen, tel ze niet op.")
st.caption(f"**{f.region_label}**" + (f" · {len(f.selected)} gemeente(n) gekozen" if f.selected else "")
           + f" · doelgroep: {doelgroepen.LABELS[f.group]}")
if year != f.year:
    st.info(f"Geen gemodelleerde doelgroepen voor {f.year}; getoond: {year}.", icon=":material/info:")
st.caption(note)

area = f.region_label if not f.selected else "Selectie"
selection = area_totals(rows, area)
flanders_nis = data.run("flanders_nis", flanders=FLANDERS_NIS)["nis"].tolist()


def totals_of(codes: list[str], label: str):
    return area_totals(data.run("doelgroepen", nis=codes, year=str(year)), label)


shown = doelgroepen.GROUPS if f.group == ALL_GROUPS else [f.group]
source_extra = "gemodelleerd uit bevolking en werkzaamheidsgraad; doelgroepen overlappen"

if slides.show("kerncijfers"):
    st.subheader(f"{area}, {year}")
    by_group = selection.set_index("target_group")
    for start in range(0, len([ALL_GROUPS] + shown), 3):
        for col, code in zip(st.columns(3), ([ALL_GROUPS] + shown)[start:start + 3]):
            col.metric(labels[code], fmt.number(by_group.at[code, "value"]),
                       delta=f"{fmt.number(by_group.at[code, 'per_1000'], 1)} per 1.000 inwoners",
                       delta_color="off", delta_arrow="off", border=True)
    components.source_line([INDICATOR, "bevolking"], year, extra=source_extra)

if slides.show("per gemeente"):
    code = f.group
    st.subheader(f"{labels[code]} per gemeente")
    one = rows[rows["target_group"] == code]
    layers = data.run("map_layers", nis=f.nis, region=list(f.region_nis), indicator=INDICATOR,
                      target_group=code, period=str(year))
    if not layers.empty:
        hover = [f"{fmt.number(p, 1)} per 1.000 inwoners<br>{fmt.number(v)} personen (gemodelleerd)"
                 for p, v in zip(one["per_1000"], one["value"])]
        components.chart(
            mark_modelled(value_map(layers, one.assign(value=one["per_1000"], hover=hover), names, set(f.region_nis),
                                    title=f"{labels[code]}<br>per 1.000 inwoners", when=str(year),
                                    height=MAP_HEIGHT, revision="|".join(f.nis)), inside=True),
            key=MAP_KEY, filename=f"kansengroepen_kaart_{code}_{f.slug}_{year}",
            on_select=filters.map_click(MAP_KEY), selection_mode="points")
        st.caption("Klik op een gemeente om ze aan de selectie toe te voegen of eruit te halen.")
        components.source_line([INDICATOR, "bevolking"], year, extra=source_extra + "; gemeentegrenzen 2019")
    if len(one) > RANKING_LIMIT:
        st.caption(f"De {RANKING_LIMIT} gemeenten met het hoogste aantal per 1.000 inwoners.")
        one = one.nlargest(RANKING_LIMIT, "per_1000")
    components.chart(
        ranking(one, "per_1000", f"{labels[code]}, per 1.000 inwoners ({year})",
                "%{y}: %{x:,.1f} per 1.000 inwoners<br>%{customdata[0]:,.0f} personen",
                custom=["value"], references={f"gemiddelde {area}": selection.set_index("target_group").at[code, "per_1000"]}),
        key="kansengroepen_ranking", filename=f"kansengroepen_{code}_{f.slug}_{year}")
    components.source_line([INDICATOR, "bevolking"], year, extra=source_extra)
    if f.group == ALL_GROUPS and rows["nis"].nunique() <= RANKING_LIMIT:
        components.chart(matrix(rows[rows["target_group"] != ALL_GROUPS], doelgroepen.LABELS,
                                f"Alle doelgroepen per gemeente, per 1.000 inwoners ({year})"),
                         key="kansengroepen_matrix", filename=f"kansengroepen_matrix_{f.slug}_{year}")
        components.source_line([INDICATOR, "bevolking"], year,
                               extra="kleur: t.o.v. het gemiddelde van de getoonde gemeenten (100)")

if slides.show("samenstelling"):
    st.subheader("Samenstelling per gemeente")
    options = rows.drop_duplicates("nis").sort_values("name_nl")["nis"].tolist()
    default = rows.drop_duplicates("nis").nlargest(1, "population")["nis"].iat[0]
    nis = urlstate.selectbox(
        "Gemeente", options, "samenstelling", default, format_func=names.get,
        refused=lambda code: f"Gemeente '{code}' in de link (samenstelling) hoort niet bij de selectie; "
                             f"getoond: {names[default]}.")
    references = {r["label"]: totals_of(r["nis"], r["label"]) for r in REGIONS.values() if nis in r["nis"]}
    references["Vlaanderen"] = totals_of(flanders_nis, "Vlaanderen")
    mine = rows[(rows["nis"] == nis) & (rows["target_group"] != ALL_GROUPS)]
    components.chart(composition(mine, names[nis], references, doelgroepen.LABELS,
                                 f"{names[nis]}: doelgroepen per 1.000 inwoners ({year})"),
                     key="kansengroepen_samenstelling", filename=f"kansengroepen_{names[nis]}_{year}")
    components.source_line([INDICATOR, "bevolking"], year,
                           extra="staaf: gemeente; markering: regio en Vlaanderen; " + source_extra)

if slides.show("regio"):
    st.subheader("Vergelijking met de regio")
    areas = [selection] if f.selected or f.region == "beide" else []
    areas += [totals_of(r["nis"], r["label"]) for r in REGIONS.values()] + [totals_of(flanders_nis, "Vlaanderen")]
    table = comparison(areas, [ALL_GROUPS] + shown, labels)
    st.dataframe(fmt.table(table, {c: 1 if "per 1.000" in c else 0 for c in table.columns[1:]}), hide_index=True)
    components.source_line([INDICATOR, "bevolking"], year, extra=source_extra)
    components.downloads(table, f"kansengroepen_{f.slug}_{year}",
                         [components.source_text([INDICATOR, "bevolking"], year, extra=source_extra), note],
                         key="kansengroepen_regio")

if slides.show("bereik"):
    st.subheader("Bereik van de programma's")
    latest = years[-1]
    reached = reach(data.run("trajectory_reach", nis=f.nis, year=str(latest)))
    if reached.empty:
        st.info("Geen trajectgegevens met een doelgroep voor deze gemeenten.", icon=":material/info:")
    else:
        size = f"Omvang doelgroep {latest}"
        table = fmt.table(reached.assign(target_group=reached["target_group"].map(doelgroepen.LABELS)),
                          {"started": 0, "group_size": 0, "reach_pct": 1})
        for mark, text in HIDDEN_TEXT.items():
            table.loc[reached["mark"] == mark, ["started", "reach_pct"]] = [text, "–"]
        st.dataframe(table.drop(columns="mark").rename(columns={
            "programme_label": "Programma", "name_nl": "Gemeente", "target_group": "Doelgroep",
            "started": "Gestarte trajecten", "group_size": size, "reach_pct": "Bereik (%)"}), hide_index=True)
        st.caption(f"Bereik = gestarte trajecten over de hele looptijd ÷ omvang van de doelgroep in {latest}, het "
                   f"laatste jaar van het doelgroepenmodel (de programma's starten later). '{TOTAL}': de gemeenten "
                   f"met trajecten. Minder dan {MIN_COUNT} trajecten: '{HIDDEN_TEXT[PRIMARY]}'; een aantal dat "
                   f"daaruit af te leiden zou zijn: '{HIDDEN_TEXT[SECONDARY]}'; hun bereik: '–'.")
        components.source_line(["trajecten", INDICATOR], latest, extra="beide gemodelleerd")

model_notes.assumptions(model_doelgroepen.META, names, doelgroepen.LABELS)
