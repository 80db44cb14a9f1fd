"""Werkzaamheid: each municipality on a map, with a switch between the
employment rate 2003-2015 (against the 80 % target, the gap in points and in
people) and VDAB's jobseeker rate 2014-2024; the trend against region and
Flanders and a ranking follow the switch (`?indicator=`). Each municipality
shows its own figure of the year; an area's average only a year every one of
its municipalities has (a year imported for part of it is said, not averaged)."""
from __future__ import annotations

import pandas as pd
import streamlit as st

from analysis import arbeidsmarkt as am
from analysis.employment import ranking
from analysis.years import covered_year, reference_year
from charts.choropleth import rate_map, value_map
from charts.trend import rate_trend
from common.vocabulary import FLANDERS, TARGET
from loaders import gemeenten, model_bevolking_20_64
from loaders.regions import FLANDERS_NIS
from common import format as fmt
from ui import components, data, filters, geometry, model_notes, presentation, urlstate
from ui.presentation import Slides
from ui.urlstate import BadParam, Param

MAP_KEY = "werkzaamheid_kaart"
MAP_HEIGHT = 600
NAMED_LINES = 4      # more municipalities than this: thin grey lines in the trend
WORKING_AGE = model_bevolking_20_64.INDICATOR
SWITCH = "indicator"
EMPLOYMENT, JOBSEEKERS = "werkzaamheid", "werkzoekenden"
SERIES = {EMPLOYMENT: ("Werkzaamheidsgraad", "werkzaamheidsgraad"), JOBSEEKERS: ("Werkzoekendengraad", am.RATE)}
VDAB = ["werkzoekendengraad", "nwwz"]
MAP_SOURCE = f"kaart: {gemeenten.META['citation']}"
MAP_SOURCE_2025 = f"kaart: gemeenten van 2025, de gefusioneerde samengesteld uit {gemeenten.META['citation']}"

f = filters.current()
region = f.home_region
slides = Slides(["kaart", "trend", "rangschikking"])
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
st.session_state.setdefault(SWITCH, EMPLOYMENT)
label, code = SERIES[st.session_state[SWITCH]]
years = series_years[st.session_state[SWITCH]]
year, year_note = reference_year(years, f.year)

st.title("Werkzaamheid: afstand tot 80 %" if st.session_state[SWITCH] == EMPLOYMENT else "Werkzaamheid: werkzoekenden")
st.caption(f"**{f.area_label}**" + (f" · {f.region_label}" if f.selected else "") + f" · referentiejaar {year}")


def _to_year(target: int) -> None:
    st.session_state[filters.YEAR] = target


# The switch and the year steps on one row, the year note and the modelled badge under it: on a laptop
# (1366 px) a fifth column cut the switch's second choice and the badge off.
choice_col, back, shown_year, forward = st.columns([4, 1, 1, 1], vertical_alignment="center")
badge = st.container(horizontal=True, vertical_alignment="center")
with choice_col:
    chosen = st.segmented_control("Indicator op de kaart", list(choices), format_func=choices.get, key=SWITCH,
                                  required=True, label_visibility="collapsed")
urlstate.write(switch)
# The stepping buttons walk the indicator's own years (and set the shared year).
index = years.index(year)
before = years[index - 1] if index else year - 1
after = years[index + 1] if index < len(years) - 1 else year + 1
back.button(f"◀ {before}", on_click=_to_year, args=(before,), disabled=index == 0, width="stretch",
            key="werkzaamheid_vorig_jaar")
shown_year.subheader(str(year), anchor=False, text_alignment="center")
forward.button(f"{after} ▶", on_click=_to_year, args=(after,), disabled=index == len(years) - 1, width="stretch",
               key="werkzaamheid_volgend_jaar")
if year_note:
    badge.markdown(f"**{label} ({year_note})**: gekozen jaar {f.year}")


def draw_map(build, map_year: int = geometry.MAP_2019) -> None:
    """The map of the shown municipalities (a click toggles one in the
    selection), on the municipality map of the indicator's series."""
    shown, members = (f.nis_2025, f.region_nis_2025) if map_year == geometry.MAP_2025 else (f.nis, f.region_nis)
    map_area = geometry.area(shown, list(members), map_year=map_year)
    if map_area is None:   # said by geometry.area
        return
    components.chart(build(map_area), key=MAP_KEY, filename=f"{code}_kaart_{f.slug}_{year}",
                     on_select=filters.map_click(MAP_KEY), selection_mode="points")
    if not presentation.active():   # a click on the projector changes nothing
        st.caption("Klik op een gemeente om ze aan de selectie toe te voegen of eruit te halen; "
                   "grijze buurgemeenten van de regio kunnen ook aangeklikt worden.")


def trend(averages: dict[str, pd.DataFrame], per_municipality: pd.DataFrame, target: float | None,
          shown: list[str]) -> None:
    """The shown municipalities' lines (thin and grey when many) against the averages."""
    by_nis = dict(tuple(per_municipality.groupby("nis", sort=False)))  # one pass, not one filter per municipality
    lines = {names[c]: by_nis.get(c, per_municipality.iloc[:0]) for c in shown}
    named = len(lines) <= NAMED_LINES
    # The same for every year: built once per indicator, selection and region.
    components.chart(data.figure(rate_trend, averages | lines if named else averages,
                                 context=None if named else lines, height=460, target=target,
                                 key=(code, tuple(shown), tuple(f.region_nis), tuple(f.region_nis_2025),
                                      region and region.label)),
                     key="werkzaamheid_trend", filename=f"{code}_trend_{f.slug}_{years[0]}-{years[-1]}")


def complete(rows: pd.DataFrame) -> pd.DataFrame:
    """An area's rows of the years every municipality of it has."""
    return rows[rows["present"] >= rows["expected"]]


def area_year(coverage: dict[str, pd.DataFrame]) -> int | None:
    """The year of the areas' figures beside the map: the shown year when
    every area has it complete, else their latest complete one, with the
    notice that says why (`covered_year`)."""
    shown, _, partial = covered_year(coverage, year)
    for notice in partial:
        st.warning(notice, icon=":material/hourglass_top:")
    return shown


def employment_page() -> None:
    rates = data.run("werkzaamheid_gemeenten", nis=list(f.region_nis))
    if rates.empty:
        st.info("Geen werkzaamheidsgraad beschikbaar voor deze regio.", icon=":material/info:")
        return
    # The shown year's ranking, map and export are built once per selection and year (every year after 2015
    # shows 2015); `ui.data.keyed` under the codes, not the rows.
    shown_key = ("werkzaamheid", tuple(f.nis), tuple(f.region_nis), year)
    table = data.keyed(shown_key, ranking, rates, f.nis, year)
    table = table.assign(name_nl=table["nis"].map(names))
    modelled = bool((table["working_age_quality"] == "modelled").any())
    people_label = "Extra werkenden voor 80 %" + (" (gemodelleerd)" if modelled else "")
    if modelled:
        with badge:
            components.modelled_badge(people_label.split(" (")[0])

    if slides.show("kaart"):
        weighted = data.run("rate_weighted", nis=f.nis, target=TARGET)
        average_year = area_year({f.area_label: weighted})
        this_year = weighted[weighted["year"] == average_year]
        map_col, facts = st.columns([4, 1])
        with map_col:
            draw_map(lambda area: data.figure(rate_map, area, table, year, names, set(f.region_nis),
                                              modelled=modelled, height=MAP_HEIGHT, revision="|".join(f.nis),
                                              key=shown_key))
        with facts:
            below = int((table["rate"] < TARGET).sum())
            st.metric("Onder 80 %", f"{below} van {int(table['rate'].notna().sum())}",
                      help=f"Gemeenten met een werkzaamheidsgraad onder 80 % in {year}.")
            if not this_year.empty:
                rate = float(this_year["rate"].iat[0])
                st.metric("Gemiddelde" + ("" if average_year == year else f" {average_year}"), fmt.percent(rate),
                          delta=f"{fmt.points(rate - TARGET)} t.o.v. 80 %", delta_color="off", delta_arrow="off",
                          help=f"{f.area_label}: gewogen met de totale bevolking op 1 januari {average_year}.")
            st.metric("Extra werkenden nodig", fmt.number(table["people_needed"].sum(min_count=1)),
                      help="Samen, voor de gemeenten onder 80 %: (80 % − werkzaamheidsgraad) × bevolking 20-64 jaar"
                           + (" (gemodelleerd)." if modelled else "."))
        components.source_line(["werkzaamheidsgraad", WORKING_AGE], year,
                               extra=f"leeftijdsgroep van de werkzaamheidsgraad niet vermeld in de bron; {MAP_SOURCE}",
                               modelled=modelled)

    if slides.show("trend"):
        st.subheader("Evolutie tegen regio, Vlaanderen en de doelstelling", anchor=False)
        flanders = data.run("flanders_nis", flanders=FLANDERS_NIS)["nis"].tolist()
        averages = {} if region is None else {
            f"Gemiddelde {region.label}": data.run("rate_weighted", nis=list(region.nis), target=TARGET)}
        averages[FLANDERS] = data.run("rate_weighted", nis=flanders, target=TARGET)
        trend({area: complete(rows) for area, rows in averages.items()}, rates, TARGET, f.nis)
        components.source_line(["werkzaamheidsgraad", "bevolking"], f"{years[0]}-{years[-1]}",
                               extra="gemiddelden gewogen met de totale bevolking op 1 januari; "
                                     "Vlaanderen: alle Vlaamse gemeenten in het bestand")

    if slides.show("rangschikking"):
        st.subheader(f"Rangschikking {year}", anchor=False)
        shown = table.rename(columns={
            "rank": "Rang", "name_nl": "Gemeente", "nis": "NIS-code", "rate": "Werkzaamheidsgraad (%)",
            "gap_points": "Afstand tot 80 % (ptn)", "people_needed": people_label,
            "change_1y": f"Sinds {year - 1} (ptn)", "change_5y": f"Sinds {year - 5} (ptn)"})
        columns = ["Rang", "Gemeente", "Werkzaamheidsgraad (%)", "Afstand tot 80 % (ptn)", people_label,
                   f"Sinds {year - 1} (ptn)", f"Sinds {year - 5} (ptn)"]
        st.dataframe(fmt.styled(shown[columns], {"Rang": 0, "Werkzaamheidsgraad (%)": 1, people_label: 0},
                                signed=columns[3:4] + columns[5:]),
                     hide_index=True,
                     height=presentation.table_height(min(38 * (len(shown) + 1), 720)))
        if modelled:
            components.modelled_badge(people_label.split(" (")[0])
        source = components.source_text(["werkzaamheidsgraad", WORKING_AGE], year,
                                        extra="rang 1 = hoogste werkzaamheidsgraad van de getoonde gemeenten",
                                        modelled=modelled)
        st.caption(source)
        export = shown[["NIS-code"] + columns].assign(**{people_label: shown[people_label].round()})
        components.downloads(
            data.keyed(shown_key, components.with_provenance, export, ["werkzaamheidsgraad", WORKING_AGE],
                       shown["working_age_quality"] == "modelled"),
            f"werkzaamheid_{f.slug}_{year}",
            [source] + ([model_bevolking_20_64.META["model"]["description"]] if modelled else []),
            key="werkzaamheid_rangschikking")

    if modelled:
        model_notes.assumptions(model_bevolking_20_64.META, names)


def hidden_or(value: float, hidden: bool, decimals: int) -> str:
    return fmt.flagged(value, fmt.HIDDEN if hidden else None, decimals)


def jobseeker_page() -> None:
    rows = data.run("arbeidsmarkt_gemeenten", nis=list(f.region_nis_2025))
    if rows[am.RATE].notna().sum() == 0:
        st.info("Geen werkzoekendengraad beschikbaar voor deze regio.", icon=":material/info:")
        return
    table = am.municipality_ranking(rows, f.nis_2025, year)
    table["name_nl"] = table["nis"].map(names)
    flanders = data.run("flanders_2025")["nis"].tolist()
    areas = ({} if region is None else {f"Gemiddelde {region.label}": list(region.nis_2025)}) | {
        FLANDERS: flanders}
    if f.selected:
        areas = {f.area_label: f.nis_2025} | areas
    figures = {area: data.computed(am.area_figures, data.run("arbeidsmarkt_gemeenten", nis=codes), codes)
               for area, codes in areas.items()}
    rates_of = {area: rows[rows["measure"] == am.RATE] for area, rows in figures.items()}
    average_year = (area_year({area.removeprefix("Gemiddelde "): rows for area, rows in rates_of.items()}) or year
                    if slides.show("kaart") else year)
    now = am.table(figures, year=average_year, measure=am.RATE)
    derived = f"gebieden: {am.DERIVED}, niet gepubliceerd; Vlaanderen: de Vlaamse gemeenten van het VDAB-bestand"
    covered = [f"{r['area']}: {am.coverage(r)}" for _, r in now.iterrows() if am.coverage(r)]

    if slides.show("kaart"):
        ranked = int(table["ranked"].iat[0])
        hover = [f"Werkzoekendengraad {year}: <b>{hidden_or(r['rate'], r['hidden'], 1)}"
                 f"{' %' if pd.notna(r['rate']) else ''}</b><br>"
                 f"NWWZ: {hidden_or(r['nwwz'], r['nwwz_hidden'], 0)}<br>"
                 f"Rang: {fmt.number(r['rank'])} van {ranked} (1 = laagste)<br>"
                 f"Evolutie t.o.v. {year - 1}: {fmt.points(r['change_1y'])}" for _, r in table.iterrows()]
        map_col, facts = st.columns([4, 1])
        with map_col:
            draw_map(lambda area: value_map(
                area, table.assign(value=table["rate"], hover=hover), names, set(f.region_nis_2025),
                title="Werkzoekenden-<br>graad", when=str(year), height=MAP_HEIGHT, scale=geometry.scale(code),
                revision="|".join(f.nis_2025), ticksuffix=" %",
                hidden=set(table.loc[table["hidden"], "nis"])), map_year=geometry.MAP_2025)
        with facts:
            when = "" if average_year == year else f" {average_year}"
            for _, row in now.iterrows():
                st.metric(row["area"].removeprefix("Gemiddelde ") + when, fmt.percent(row["value"])
                          if pd.notna(row["value"]) else fmt.number(None),
                          help=row["note"] or "Zoals gepubliceerd door VDAB.")
            nwwz = am.table({f.area_label: data.computed(am.area_figures, rows, f.nis_2025)}, year=average_year,
                            measure=am.NWWZ).iloc[0]
            st.metric(f"NWWZ {f.area_label}{when}", fmt.number(nwwz["value"]),
                      help="Niet-werkende werkzoekenden, jaargemiddelde. " + nwwz["note"])
        components.source_line(VDAB, year, extra="; ".join([derived, *covered, MAP_SOURCE_2025]))

    if slides.show("trend"):
        st.subheader("Evolutie tegen regio en Vlaanderen", anchor=False)
        trend({area: am.rate_series(complete(rows)) for area, rows in rates_of.items() if area != f.area_label},
              rows.rename(columns={am.RATE: "rate"}), None, f.nis_2025)
        components.source_line(VDAB, f"{years[0]}-{years[-1]}", extra=derived)

    if slides.show("rangschikking"):
        st.subheader(f"Rangschikking {year}", anchor=False)
        rate_col, nwwz_col = "Werkzoekendengraad (%)", "NWWZ (jaargemiddelde)"
        shown = pd.DataFrame({
            "Rang": table["rank"], "Gemeente": table["name_nl"], "NIS-code": table["nis"],
            rate_col: [fmt.HIDDEN if h else v for v, h in zip(table["rate"], table["hidden"])],
            nwwz_col: [fmt.HIDDEN if h else v for v, h in zip(table["nwwz"], table["nwwz_hidden"])],
            f"Sinds {year - 1} (ptn)": table["change_1y"], f"Sinds {year - 5} (ptn)": table["change_5y"]})
        columns = [c for c in shown.columns if c != "NIS-code"]
        cell = {rate_col: 1, nwwz_col: 0, "Rang": 0}
        st.dataframe(shown[columns].style.format(
            {c: (lambda v, d=d: v if v == fmt.HIDDEN else fmt.number(v, d)) for c, d in cell.items()}
            | {c: fmt.with_sign for c in columns[-2:]}),
            hide_index=True, height=presentation.table_height(min(38 * (len(shown) + 1), 720)))
        source = components.source_text(VDAB, year, extra="rang 1 = laagste werkzoekendengraad van de getoonde "
                                                          f"gemeenten; {fmt.HIDDEN_NOTE}")
        st.caption(source)
        components.downloads(components.with_provenance(shown[["NIS-code"] + columns], VDAB),
                             f"werkzoekendengraad_{f.slug}_{year}", [source, fmt.HIDDEN_NOTE],
                             key="werkzaamheid_rangschikking")


employment_page() if st.session_state[SWITCH] == EMPLOYMENT else jobseeker_page()
