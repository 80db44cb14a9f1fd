"""Overzicht: the latest real picture of the selection against its region and
Flanders (VDAB's jobseekers and vacancies, newcomers) and the employment rate
with the year it stops in; the trends of both rates. Every figure carries its
own reference year. An area's figure needs every municipality of the area in
its year: a year imported for part of it shows the latest complete year and
says so. One municipality: against its own region, with the extra workers it
needs for 80 % and its largest target groups.

`areas` gathers what depends on the compared areas only (every year's
figures, their exports and trends) once per set of areas; `collect` picks
the chosen year's rows from it."""
from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from analysis import arbeidsmarkt as am
from analysis.employment import TARGET, Headline, headline, ranking
from analysis.groups import largest_groups
from analysis.years import covered_year, spans
from loaders import model_bevolking_20_64, model_doelgroepen
from loaders.indicator_frame import ALL_GROUPS
from page_models.common import FLANDERS, Keyed, Metric, Region, Run, area_figures, complete, direct, flanders, \
    metas, source_text, with_provenance
from common import format as fmt

EMPLOYMENT = "werkzaamheidsgraad"
VDAB = ["werkzoekendengraad", "nwwz"]
WORKING_AGE = model_bevolking_20_64.INDICATOR
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


@dataclass(frozen=True)
class Trend:
    """A rate per area over the years: the chart's lines (area -> year,
    rate), its title, source line, export, file name part (`span`) and the
    cache key its chart is built under (the same for every year)."""
    title: str
    lines: dict[str, pd.DataFrame]
    target: float | None
    source: str
    export: pd.DataFrame
    span: str
    key: tuple


@dataclass(frozen=True)
class Areas:
    """What depends on the compared areas only, every year at once."""
    vdab: dict[str, list[str]]            # area -> municipalities (2025 map)
    employment: dict[str, list[str]]      # area -> municipalities (2019 map)
    figures: dict[str, pd.DataFrame]      # area -> `am.area_figures`
    weighted: dict[str, pd.DataFrame]     # area -> `rate_weighted` rows
    vdab_all: pd.DataFrame                # `am.table` of every area and year
    vdab_export: pd.DataFrame             # `vdab_all` as exported
    jobs: pd.DataFrame                    # the employment rate as `am.table` rows
    jobs_export: pd.DataFrame
    vdab_trend: Trend | None
    job_trend: Trend | None


@dataclass(frozen=True)
class Employment:
    """The employment rate of the shown area in its last complete year and
    the extra residents at work its municipalities under 80 % need."""
    title: str
    rate: Metric
    extra: Metric
    needed: float            # the extra workers as a number (`extra` shows it), NaN: not known
    modelled: bool           # the working-age population is modelled
    caption: str | None      # how many municipalities are under 80 %
    source: str


@dataclass(frozen=True)
class Groups:
    """One municipality's largest target groups, each in its own year."""
    title: str
    table: pd.DataFrame
    modelled: bool
    caption: str


@dataclass(frozen=True)
class OverzichtModel:
    area: str
    region: str | None
    notices: list[str]                   # a newer year covers only part of an area
    year: int | None                     # VDAB's year shown (None: no VDAB figures)
    rates_title: str
    rates: list[Metric]                  # the jobseeker rate per area, and the NWWZ
    counts_title: str
    counts: list[Metric]                 # vacancies, tension, newcomers
    source: str                          # the VDAB figures' source line
    employment: Employment | None
    table: pd.DataFrame                  # the key figures' export
    table_notes: list[str]
    groups: Groups | None
    vdab_trend: Trend | None
    job_trend: Trend | None


def titled(name: str, year: int, note: str) -> str:
    """`Werkzoekendengraad 2024`, or `Werkzaamheidsgraad (laatste cijfer: 2015)`."""
    return f"{name} ({note})" if note else f"{name} {year}"


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


def employment_table(weighted: dict[str, pd.DataFrame], areas: dict[str, list[str]]) -> pd.DataFrame:
    """The weighted employment rate per area of every complete year, as
    `am.table` rows. Flanders is every Flemish municipality in the file, so
    it covers all of it."""
    parts = []
    for area, codes in areas.items():
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


def export(known: dict[str, dict], rows: pd.DataFrame, value_label: str | None = None) -> pd.DataFrame:
    """`am.table` rows as a table to download: Dutch labels, `x` for a hidden
    value, quality (afgeleid for a computed figure) and source per row.
    `value_label`: one measure, its label heading the value column."""
    out = rows.assign(value=[am.cell(row) for _, row in rows.iterrows()]).rename(columns=COLUMNS)
    out["Kerncijfer"] = out["Kerncijfer"].map(LABELS)
    out = out[list(COLUMNS.values())]
    if value_label:
        out = out.drop(columns="Kerncijfer").rename(columns={"Waarde": value_label})
    out = pd.concat([with_provenance(known, out[rows["measure"] == m], SOURCES[m])
                     for m in rows["measure"].unique()]).loc[out.index]
    out.loc[rows["quality"] == am.COMPUTED, "Kwaliteit"] = fmt.quality(am.COMPUTED)
    return out


def trend(known: dict[str, dict], title: str, rows: pd.DataFrame, target: float | None, indicators: list[str],
          where: str, key: tuple) -> Trend:
    """A rate per area over the years (`am.table` rows of one measure)."""
    span = f"{int(rows['year'].min())}-{int(rows['year'].max())}"
    return Trend(f"{title} {span}", {area: pd.DataFrame({"year": part["year"], "rate": part["value"]})
                                     for area, part in rows.groupby("area", sort=False)}, target,
                 source_text(known, indicators, f"{rows['year'].min()}-{rows['year'].max()}",
                             extra=f"{where} · {notes(rows)}"),
                 export(known, rows, LABELS[rows["measure"].iat[0]]), span, key)


def areas(run: Run, vdab: dict[str, list[str]], employment: dict[str, list[str]], keyed: Keyed = direct) -> Areas:
    """Every year's figures of the compared areas (`vdab`: on the 2025 map,
    `employment`: on that of 2019), their exports and trends."""
    known = keyed(("indicator_meta",), metas, run)
    figures = {name: area_figures(run, codes, keyed) for name, codes in vdab.items()}
    weighted = {name: run("rate_weighted", nis=codes, target=TARGET) for name, codes in employment.items()}
    vdab_all = am.table(figures)
    jobs = employment_table(weighted, employment)
    vdab_key, job_key = (tuple((name, tuple(codes)) for name, codes in m.items()) for m in (vdab, employment))
    rates = complete(vdab_all[vdab_all["measure"] == am.RATE])
    return Areas(vdab, employment, figures, weighted, vdab_all, export(known, vdab_all), jobs, export(known, jobs),
                 trend(known, "Werkzoekendengraad", rates, None, VDAB, VDAB_FLANDERS,
                       ("overzicht werkzoekendengraad", *vdab_key)) if len(rates) else None,
                 trend(known, "Werkzaamheidsgraad tegen de doelstelling van 80 %", jobs, TARGET, SOURCES[EMPLOYMENT],
                       "Vlaanderen: alle Vlaamse gemeenten in het bestand", ("overzicht werkzaamheidsgraad", *job_key))
                 if len(jobs) else None)


def compared(run: Run, area: str, nis: list[str], nis_2025: list[str], region: Region | None
             ) -> tuple[dict[str, list[str]], dict[str, list[str]]]:
    """The areas compared, on the 2025 map (VDAB) and that of 2019 (the
    employment rate; the same for the 30): the selection, its region (when
    the selection is a part of it), Flanders."""
    return (({area: list(nis_2025)} | ({region.label: list(region.nis_2025)} if region else {})
             | {FLANDERS: flanders(run, 2025)}),
            ({area: list(nis)} | ({region.label: list(region.nis)} if region else {}) | {FLANDERS: flanders(run)}))


def collect(run: Run, area: str, nis: list[str], nis_2025: list[str], region: Region | None, year: int,
            one: str | None = None, keyed: Keyed = direct) -> OverzichtModel:
    """What Overzicht shows of `area` (`nis`, `nis_2025`: its municipalities
    on both maps) against `region` and Flanders for the chosen `year`;
    `one`: the one chosen municipality (its largest target groups)."""
    vdab, employment = compared(run, area, nis, nis_2025, region)
    key = tuple(tuple((name, tuple(codes)) for name, codes in m.items()) for m in (vdab, employment))
    a = keyed(("overzicht areas", *key), areas, run, vdab, employment, keyed)
    known = keyed(("indicator_meta",), metas, run)
    # The compared figures share the latest year every area covers (a year imported for part of an area is none).
    vdab_year, vdab_note, vdab_partial = covered_year(
        {name: rows[rows["measure"] == am.RATE] for name, rows in a.figures.items()}, year)
    job_year, job_note, job_partial = covered_year(a.weighted, year)
    h = headline(a.weighted[area], job_year) if job_year else None
    rates, counts, source, table, sources = [], [], "", a.vdab_export.iloc[:0], []
    if vdab_year is not None:
        in_year = (a.vdab_all["year"] == vdab_year).to_numpy()
        now = a.vdab_all[in_year]
        own = {m: now[(now["area"] == area) & (now["measure"] == m)].iloc[0] for m in am.MEASURES}
        shown = now[now["measure"] == am.RATE]
        rates = [Metric(row["area"], text(row), row["note"] or "Zoals gepubliceerd door VDAB.")
                 for _, row in shown.iterrows()]
        rates.append(Metric(f"NWWZ {vdab_year}", text(own[am.NWWZ]),
                            f"Niet-werkende werkzoekenden (jaargemiddelde), {area}. {own[am.NWWZ]['note']}"))
        counts = [
            Metric(f"Ontvangen vacatures {vdab_year}", text(own[am.VACANCIES]),
                   f"Bij VDAB ontvangen vacatures in de loop van het jaar. {own[am.VACANCIES]['note']}"),
            Metric(f"Spanningsindicator {vdab_year}", text(own[am.TENSION]),
                   "VDAB's spanningsindicator: niet-werkende werkzoekenden per ontvangen vacature "
                   f"(hoger: meer werkzoekenden per vacature). {own[am.TENSION]['note']}"),
            Metric(f"Nieuwkomers {vdab_year}", text(own[am.NEWCOMERS]),
                   "Aantal nieuwkomers. Per 1.000 inwoners van 18+ bestaat het alleen per gemeente: voor een gebied "
                   "is er geen bevolking van 18+ om het uit te herberekenen. " + own[am.NEWCOMERS]["note"])]
        covered = notes(pd.concat([shown, now[now["area"] == area]]))
        source = source_text(known, VDAB + ["vacatures_ontvangen", "nieuwkomers"], vdab_year,
                             extra=" · ".join(p for p in (VDAB_FLANDERS, covered) if p))
        sources.append(source)
        # Every year's rows exported once; the year's picked (h.year is a complete year of every area).
        table = a.vdab_export[in_year]
    shown_employment = None
    if h is not None:
        shown_employment = employment_section(run, known, h, job_note, nis, keyed)
        sources.append(shown_employment.source)
        if vdab_year is not None:
            table = pd.concat([table, a.jobs_export[(a.jobs["year"] == h.year).to_numpy()]], ignore_index=True)
    return OverzichtModel(
        area=area, region=region.label if region else None, notices=list(dict.fromkeys(vdab_partial + job_partial)),
        year=vdab_year, rates_title=titled("Werkzoekendengraad", vdab_year, vdab_note),
        rates=rates, counts_title=f"Vacatures en nieuwkomers {vdab_year}", counts=counts, source=source,
        employment=shown_employment, table=table, table_notes=[*sources, fmt.HIDDEN_NOTE],
        groups=target_groups(run, known, one, area, year) if one else None,
        vdab_trend=a.vdab_trend if vdab_year is not None else None,
        job_trend=a.job_trend if h is not None else None)


def employment_section(run: Run, known: dict[str, dict], h: Headline, note: str, nis: list[str],
                       keyed: Keyed) -> Employment:
    """The employment rate in its last (complete) year and the extra
    residents at work the municipalities under 80 % need (the working-age
    population modelled unless an official series was imported, and marked
    so)."""
    table = keyed(("overzicht", tuple(nis), h.year), ranking, run("werkzaamheid_gemeenten", nis=nis), nis, h.year)
    modelled = bool((table["working_age_quality"] == "modelled").any())
    needed = table["people_needed"].sum(min_count=1)
    return Employment(
        title=titled("Werkzaamheid en afstand tot 80 %", h.year, note),
        rate=Metric(titled("Werkzaamheidsgraad", h.year, note), fmt.percent(h.rate),
                    "Gewogen met het aantal inwoners op 1 januari van hetzelfde jaar. De reeks per gemeente loopt "
                    "van 2003 tot 2015: er is geen nieuwere.", delta=f"{fmt.points(h.gap_points)} t.o.v. 80 %"),
        extra=Metric(f"Extra werkenden voor 80 % ({h.year})", fmt.number(needed),
                     "(80 % − werkzaamheidsgraad) × bevolking van 20-64 jaar, samen voor de gemeenten onder 80 %"
                     + (" (bevolking 20-64 gemodelleerd)." if modelled else ".")),
        needed=needed, modelled=modelled,
        caption=(f"{int((table['rate'] < TARGET).sum())} van {int(table['ranked'].iat[0])} gemeenten onder 80 % "
                 f"in {h.year}.") if len(nis) > 1 else None,
        source=source_text(known, [*SOURCES[EMPLOYMENT], WORKING_AGE], h.year, modelled=modelled,
                           extra=f"werkzaamheidsgraad: {WEIGHTED}; leeftijdsgroep niet vermeld in de bron"))


def target_groups(run: Run, known: dict[str, dict], one: str, name: str, year: int) -> Groups | None:
    """One municipality's largest target groups, official series first,
    modelled ones marked, each with its own year (as on Kansengroepen)."""
    rows = run("kansengroepen", nis=[one], **model_doelgroepen.series_params(model_doelgroepen.SERIES))
    groups = largest_groups(rows, model_doelgroepen.SERIES, ALL_GROUPS, year)
    if groups.empty:
        return None
    indicators = [s.indicator for s in model_doelgroepen.SERIES if s.code in set(groups["series"])]
    modelled = bool(groups["modelled"].any())
    return Groups(
        title=f"Grootste doelgroepen in {name}",
        table=pd.DataFrame({
            "Doelgroep": groups["label"],
            "Aantal": [fmt.HIDDEN if h else fmt.number(v) for v, h in zip(groups["value"], groups["hidden"])],
            "Per 1.000 inwoners": [fmt.HIDDEN if h else fmt.number(v, 1)
                                   for v, h in zip(groups["per_1000"], groups["hidden"])],
            "Jaar": groups["year"].astype(str),
            "Kwaliteit": groups["modelled"].map({True: fmt.quality("modelled"), False: fmt.quality("official")})}),
        modelled=modelled,
        caption="Elk cijfer in zijn eigen jaar (het gekozen jaar of het dichtstbijzijnde); de groepen overlappen: "
                "niet optellen. " + source_text(known, list(dict.fromkeys(indicators + ["bevolking"])),
                                                ", ".join(sorted(set(groups["year"].astype(str)))),
                                                modelled=modelled))
