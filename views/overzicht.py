"""Overzicht: the latest real picture of the selection against its region and
Flanders (VDAB's jobseekers and vacancies, newcomers) and the employment rate
with the year it stops in; the trends of both rates. Every figure carries its
own reference year. An area's figure needs every municipality of the area in
its year: a year imported for part of it shows the latest complete year and
says so. One municipality: named, against its own region (`Filters.home_region`),
with the extra workers it needs for 80 %, its largest target groups and a
link to its Gemeentefiche."""
from __future__ import annotations

import pandas as pd
import streamlit as st

from analysis import arbeidsmarkt as am
from analysis.employment import TARGET, headline, ranking
from analysis.groups import largest_groups
from analysis.years import covered_year, spans
from charts.trend import rate_trend
from loaders import model_bevolking_20_64, model_doelgroepen
from loaders.indicator_frame import ALL_GROUPS
from loaders.regions import FLANDERS_NIS
from ui import components, data, filters, format as fmt
from ui.presentation import Slides

FLANDERS = "Vlaanderen"
EMPLOYMENT = "werkzaamheidsgraad"
VDAB = ["werkzoekendengraad", "nwwz"]
# The store's indicators behind each figure (source lines, the Bron column).
SOURCES = {am.RATE: VDAB, am.NWWZ: ["nwwz"], am.VACANCIES: ["vacatures_ontvangen"],
           am.TENSION: ["nwwz", "vacatures_ontvangen"], am.NEWCOMERS: ["nieuwkomers"],
           EMPLOYMENT: [EMPLOYMENT, "bevolking"]}
LABELS = {am.RATE: "Werkzoekendengraad (%)", am.NWWZ: "Niet-werkende werkzoekenden (NWWZ, jaargemiddelde)",
          am.VACANCIES: "Ontvangen vacatures", am.TENSION: "Spanningsindicator (NWWZ per ontvangen vacature)",
          am.NEWCOMERS: "Nieuwkomers (personen)", EMPLOYMENT: "Werkzaamheidsgraad (%)"}
DECIMALS = {am.RATE: 1, am.NWWZ: 0, am.VACANCIES: 0, am.TENSION: 2, am.NEWCOMERS: 0, EMPLOYMENT: 1}
WEIGHTED = "gewogen gemiddelde met de totale bevolking op 1 januari, niet gepubliceerd"
VDAB_FLANDERS = "Vlaanderen: de Vlaamse gemeenten van het VDAB-bestand (indeling 2025)"
COLUMNS = {"measure": "Kerncijfer", "area": "Gebied", "year": "Jaar", "value": "Waarde",
           "covered": "Gemeenten met een waarde", "municipalities": "Gemeenten in het gebied", "note": "Toelichting"}

WORKING_AGE = model_bevolking_20_64.INDICATOR

f = filters.current()
one = f.selected[0] if len(f.selected) == 1 else None
region = f.home_region if f.selected else None
slides = Slides(["kerncijfers", "kerncijfers werkzaamheid", *(["doelgroepen"] if one else []), "werkzoekenden",
                 "werkzaamheid"])
st.title(f"Regiomonitor Werk: {f.area_label}" if one else "Regiomonitor Werk")
st.markdown(f"**{f.area_label}** tegen " + (f"{region.label} en " if region else "") + FLANDERS)
if one:
    st.page_link("views/gemeentefiche.py", label=f"Gemeentefiche {f.area_label}: alle cijfers en een rapport",
                 icon=":material/location_city:",
                 query_params={key: st.query_params.get_all(key) for key in st.query_params})

# The areas compared: the selection, its region (when the selection is a part of it), Flanders.
# VDAB's series are on the 2025 map, the employment rate on that of 2019 (the same for the 30).
vdab_areas = ({f.area_label: f.nis_2025} | ({region.label: list(region.nis_2025)} if region else {})
              | {FLANDERS: data.run("flanders_2025")["nis"].tolist()})
employment_areas = ({f.area_label: f.nis} | ({region.label: list(region.nis)} if region else {})
                    | {FLANDERS: data.run("flanders_nis", flanders=FLANDERS_NIS)["nis"].tolist()})
# What depends on the areas only (every year's figures, their notes, exports and trends) is cached under
# their codes (`ui.data.keyed`: hashing the rows for a key cost more than the sums), so a year change only
# picks rows.
VDAB_KEY = ("overzicht", *((name, tuple(codes)) for name, codes in vdab_areas.items()))
JOB_KEY = ("overzicht werkzaamheid", *((name, tuple(codes)) for name, codes in employment_areas.items()))
figures = {name: data.keyed(("overzicht", tuple(codes)), am.area_figures, data.run("arbeidsmarkt_gemeenten", nis=codes),
                            codes)
           for name, codes in vdab_areas.items()}
weighted = {name: data.run("rate_weighted", nis=codes, target=TARGET) for name, codes in employment_areas.items()}
vdab_all = data.keyed(VDAB_KEY, am.table, figures)
# The compared figures share the latest year every area covers (a year imported for part of an area is none).
vdab_year, vdab_note, vdab_partial = covered_year(
    {name: rows[rows["measure"] == am.RATE] for name, rows in figures.items()}, f.year)
job_year, job_note, job_partial = covered_year(weighted, f.year)
h = headline(weighted[f.area_label], job_year) if job_year else None
for notice in dict.fromkeys(vdab_partial + job_partial):
    st.warning(notice, icon=":material/hourglass_top:")


def titled(name: str, year: int, note: str) -> str:
    """`Werkzoekendengraad 2024`, or `Werkzaamheidsgraad (laatste cijfer: 2015)`."""
    return f"{name} ({note})" if note else f"{name} {year}"


def complete(rows: pd.DataFrame) -> pd.DataFrame:
    """The rows of years in which every municipality of the area has the series."""
    return rows[rows["present"] >= rows["expected"]]


def employment_table() -> pd.DataFrame:
    """The weighted employment rate per area of every complete year, as
    `am.table` rows. Flanders is every Flemish municipality in the file, so
    it covers all of it."""
    parts = []
    for area, codes in employment_areas.items():
        rows = complete(weighted[area])
        parts.append(pd.DataFrame({
            "area": area, "measure": EMPLOYMENT, "year": rows["year"], "value": rows["rate"],
            "covered": rows["municipalities"], "hidden": 0,
            "municipalities": rows["municipalities"] if area == FLANDERS else len(codes),
            "quality": am.OFFICIAL if len(codes) == 1 else am.COMPUTED}))
    out = pd.concat(parts, ignore_index=True)
    out["note"] = ["; ".join(p for p in (WEIGHTED if row["quality"] == am.COMPUTED else "", am.coverage(row)) if p)
                   for _, row in out.iterrows()]
    return out


def text(row: pd.Series) -> str:
    """A figure as the page shows it: Belgian format, `x` when hidden."""
    value = am.cell(row)
    if value == fmt.HIDDEN:
        return value
    return (fmt.percent if row["measure"] in (am.RATE, EMPLOYMENT) else fmt.number)(value, DECIMALS[row["measure"]])


def notes(rows: pd.DataFrame) -> str:
    """The rows' notes for a source line, each once; what a figure covers
    with its area and measure, and over several years their list."""
    general, covered = {}, {}
    for _, row in rows.iterrows():
        for part in filter(None, row["note"].split("; ")):
            if part.endswith(("gemeenten", "verborgen)")):
                where = f"{row['area']}, {LABELS[row['measure']].split(' (')[0].lower()}"
                covered.setdefault(where, {})[int(row["year"])] = part
            else:
                general[part] = None
    parts = [f"werkzoekendengraad van een gebied: {am.DERIVED}, niet gepubliceerd" if p == am.DERIVED else p
             for p in general]
    for where, years in covered.items():
        parts.append(f"{where}: {next(iter(years.values()))}" if len(years) == 1 else
                     f"{where}: niet alle gemeenten in {spans(years)} (aantal per jaar in de tabel)")
    return " · ".join(parts)


def export(rows: pd.DataFrame, value_label: str | None = None) -> pd.DataFrame:
    """`am.table` rows as a table to download: Dutch labels, `x` for a hidden
    value, quality (afgeleid for a computed figure) and source per row.
    `value_label`: one measure, its label heading the value column."""
    out = rows.assign(value=[am.cell(row) for _, row in rows.iterrows()]).rename(columns=COLUMNS)
    out["Kerncijfer"] = out["Kerncijfer"].map(LABELS)
    out = out[list(COLUMNS.values())]
    if value_label:
        out = out.drop(columns="Kerncijfer").rename(columns={"Waarde": value_label})
    out = pd.concat([components.with_provenance(out[rows["measure"] == m], SOURCES[m])
                     for m in rows["measure"].unique()]).loc[out.index]
    out.loc[rows["quality"] == am.COMPUTED, "Kwaliteit"] = fmt.quality(am.COMPUTED)
    return out


def trend(rows: pd.DataFrame, target: float | None):
    """The chart of a rate per area over the years (`am.table` rows of one measure)."""
    return rate_trend({area: pd.DataFrame({"year": part["year"], "rate": part["value"]})
                       for area, part in rows.groupby("area", sort=False)}, target=target)


def trend_section(title: str, rows: pd.DataFrame, target: float | None, key: str, source: str,
                  cache_key: tuple) -> None:
    """A rate per area over the years (`am.table` rows of one measure, which
    `cache_key` determines): the chart, its source line and its downloads,
    built once (the same for every year)."""
    span = f"{int(rows['year'].min())}-{int(rows['year'].max())}"
    st.subheader(f"{title} {span}", anchor=False)
    components.chart(data.figure(trend, rows, target, key=(key, *cache_key)), key=key,
                     filename=f"{key}_{f.slug}_{span}")
    st.caption(source)
    components.downloads(data.keyed((key, *cache_key), export, rows, LABELS[rows["measure"].iat[0]]),
                         f"{key}_{f.slug}_{span}", [source, fmt.HIDDEN_NOTE], key=f"{key}_dl")


def employment_section(h) -> str:
    """The employment rate of the shown area in its last (complete) year and
    the extra residents at work its municipalities under 80 % need (the
    working-age population modelled unless an official series was imported,
    and marked so). Returns the section's source line."""
    table = data.keyed(("overzicht", tuple(f.nis), h.year), ranking, data.run("werkzaamheid_gemeenten", nis=f.nis),
                       f.nis, h.year)
    modelled = bool((table["working_age_quality"] == "modelled").any())
    st.subheader(titled("Werkzaamheid en afstand tot 80 %", h.year, job_note), anchor=False)
    rate, extra = st.columns(2)
    rate.metric(titled("Werkzaamheidsgraad", h.year, job_note), fmt.percent(h.rate),
                delta=f"{fmt.points(h.gap_points)} t.o.v. 80 %", delta_color="off", delta_arrow="off",
                help="Gewogen met het aantal inwoners op 1 januari van hetzelfde jaar. De reeks per gemeente loopt "
                     "van 2003 tot 2015: er is geen nieuwere.")
    extra.metric(f"Extra werkenden voor 80 % ({h.year})", fmt.number(table["people_needed"].sum(min_count=1)),
                 help="(80 % − werkzaamheidsgraad) × bevolking van 20-64 jaar, samen voor de gemeenten onder 80 %"
                      + (" (bevolking 20-64 gemodelleerd)." if modelled else "."))
    if modelled:
        components.modelled_badge("Bevolking 20-64 jaar gemodelleerd")
    if len(f.nis) > 1:
        st.caption(f"{int((table['rate'] < TARGET).sum())} van {int(table['ranked'].iat[0])} gemeenten onder 80 % "
                   f"in {h.year}.")
    return components.source_text([*SOURCES[EMPLOYMENT], WORKING_AGE], h.year, modelled=modelled,
                                  extra=f"werkzaamheidsgraad: {WEIGHTED}; leeftijdsgroep niet vermeld in de bron")


def target_groups() -> None:
    """One municipality's largest target groups, official series first,
    modelled ones marked, each with its own year (as on Kansengroepen)."""
    rows = data.run("kansengroepen", nis=[one], **model_doelgroepen.series_params(model_doelgroepen.SERIES))
    groups = largest_groups(rows, model_doelgroepen.SERIES, ALL_GROUPS, f.year)
    if groups.empty:
        return
    st.subheader(f"Grootste doelgroepen in {f.area_label}", anchor=False)
    if groups["modelled"].any():
        components.modelled_badge("Rijen met kwaliteit gemodelleerd")
    st.dataframe(pd.DataFrame({
        "Doelgroep": groups["label"],
        "Aantal": [fmt.HIDDEN if h else fmt.number(v) for v, h in zip(groups["value"], groups["hidden"])],
        "Per 1.000 inwoners": [fmt.HIDDEN if h else fmt.number(v, 1) for v, h in zip(groups["per_1000"], groups["hidden"])],
        "Jaar": groups["year"].astype(str),
        "Kwaliteit": groups["modelled"].map({True: fmt.quality("modelled"), False: fmt.quality("official")}),
    }), hide_index=True)
    indicators = [s.indicator for s in model_doelgroepen.SERIES if s.code in set(groups["series"])]
    st.caption("Elk cijfer in zijn eigen jaar (het gekozen jaar of het dichtstbijzijnde); de groepen overlappen: "
               "niet optellen. " + components.source_text(list(dict.fromkeys(indicators + ["bevolking"])),
                                                            ", ".join(sorted(set(groups["year"].astype(str)))),
                                                            modelled=bool(groups["modelled"].any())))


if slides.show("kerncijfers") or slides.show("kerncijfers werkzaamheid"):
    if vdab_year is None:
        st.info("Geen cijfers van VDAB voor deze selectie.", icon=":material/info:")
    else:
        in_year = (vdab_all["year"] == vdab_year).to_numpy()
        now = vdab_all[in_year]
        own = {m: now[(now["area"] == f.area_label) & (now["measure"] == m)].iloc[0] for m in am.MEASURES}
        rates = now[now["measure"] == am.RATE]
        shown = pd.concat([rates, now[now["area"] == f.area_label]])
        sources = [components.source_text(VDAB + ["vacatures_ontvangen", "nieuwkomers"], vdab_year,
                                          extra=" · ".join(p for p in (VDAB_FLANDERS, notes(shown)) if p))]
        if slides.show("kerncijfers"):  # on a slide: the employment figures on the next
            st.subheader(titled("Werkzoekendengraad", vdab_year, vdab_note), anchor=False)
            columns = st.columns(4)
            for column, (_, row) in zip(columns, rates.iterrows()):
                column.metric(row["area"], text(row), help=row["note"] or "Zoals gepubliceerd door VDAB.")
            columns[len(rates)].metric(f"NWWZ {vdab_year}", text(own[am.NWWZ]),
                              help=f"Niet-werkende werkzoekenden (jaargemiddelde), {f.area_label}. {own[am.NWWZ]['note']}")
            st.subheader(f"Vacatures en nieuwkomers {vdab_year}", anchor=False)
            columns = st.columns(4)
            columns[0].metric(f"Ontvangen vacatures {vdab_year}", text(own[am.VACANCIES]),
                              help=f"Bij VDAB ontvangen vacatures in de loop van het jaar. {own[am.VACANCIES]['note']}")
            columns[1].metric(f"Spanningsindicator {vdab_year}", text(own[am.TENSION]),
                              help="VDAB's spanningsindicator: niet-werkende werkzoekenden per ontvangen vacature "
                                   f"(hoger: meer werkzoekenden per vacature). {own[am.TENSION]['note']}")
            columns[2].metric(f"Nieuwkomers {vdab_year}", text(own[am.NEWCOMERS]),
                              help="Aantal nieuwkomers. Per 1.000 inwoners van 18+ bestaat het alleen per gemeente: "
                                   "voor een gebied is er geen bevolking van 18+ om het uit te herberekenen. "
                                   + own[am.NEWCOMERS]["note"])
            st.caption(sources[0])
        # Every year's rows exported once; the year's picked (h.year is a complete year of every area).
        table = data.keyed(VDAB_KEY, export, vdab_all)[in_year]
        if h is not None and slides.show("kerncijfers werkzaamheid"):
            sources.append(employment_section(h))
            st.caption(sources[1])
            jobs = data.keyed(JOB_KEY, employment_table)
            table = pd.concat([table, data.keyed(JOB_KEY, export, jobs)[(jobs["year"] == h.year).to_numpy()]],
                              ignore_index=True)
        components.downloads(table, f"overzicht_kerncijfers_{f.slug}_{vdab_year}",
                             [*sources, fmt.HIDDEN_NOTE], key="overzicht_kerncijfers")

if one and slides.show("doelgroepen"):
    target_groups()

if slides.show("werkzoekenden") and vdab_year is not None:
    rows = complete(vdab_all[vdab_all["measure"] == am.RATE])
    trend_section("Werkzoekendengraad", rows, None, "werkzoekendengraad_trend",
                  components.source_text(VDAB, f"{rows['year'].min()}-{rows['year'].max()}",
                                         extra=f"{VDAB_FLANDERS} · {data.keyed(VDAB_KEY, notes, rows)}"), VDAB_KEY)

if slides.show("werkzaamheid") and h is not None:
    rows = data.keyed(JOB_KEY, employment_table)
    trend_section("Werkzaamheidsgraad tegen de doelstelling van 80 %", rows, TARGET, "werkzaamheidsgraad_trend",
                  components.source_text(SOURCES[EMPLOYMENT], f"{rows['year'].min()}-{rows['year'].max()}",
                                         extra=f"Vlaanderen: alle Vlaamse gemeenten in het bestand · "
                                               f"{data.keyed(JOB_KEY, notes, rows)}"), JOB_KEY)
