"""Werkzaamheid: each municipality of the selection on a map, with the
employment rate 2003-2015 (against the 80 % target, the gap in points and
in people) or VDAB's jobseeker rate 2014-2024; the trend against region and
Flanders and a ranking follow the indicator. Each municipality shows its own
figure of the year; an area's average only a year every one of its
municipalities has (a year imported for part of it is said, not averaged).

`employment_areas` and `jobseeker_areas` gather what depends on the shown
areas only (every year's rows, the averages, the trend) once per set of
areas; `collect` picks the year's rows from them."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pandas as pd

from analysis import arbeidsmarkt as am
from analysis.employment import ranking
from analysis.years import covered_year, reference_year
from common import format as fmt
from common.vocabulary import FLANDERS, TARGET
from loaders import gemeenten, model_bevolking_20_64
from page_models.common import Keyed, Metric, Region, Run, area_figures, complete, direct, flanders, metas, \
    names_of, source_text, with_provenance

EMPLOYMENT, JOBSEEKERS = "werkzaamheid", "werkzoekenden"
# The indicator switch: its label and the store's indicator.
SERIES = {EMPLOYMENT: ("Werkzaamheidsgraad", "werkzaamheidsgraad"), JOBSEEKERS: ("Werkzoekendengraad", am.RATE)}
WORKING_AGE = model_bevolking_20_64.INDICATOR
VDAB = ["werkzoekendengraad", "nwwz"]
NAMED_LINES = 4      # more municipalities than this: thin grey lines in the trend
EXTRA = "Extra werkenden voor 80 %"
MAP_SOURCE = f"kaart: {gemeenten.META['citation']}"
MAP_SOURCE_2025 = f"kaart: gemeenten van 2025, de gefusioneerde samengesteld uit {gemeenten.META['citation']}"
DERIVED = f"gebieden: {am.DERIVED}, niet gepubliceerd; Vlaanderen: de Vlaamse gemeenten van het VDAB-bestand"


@dataclass(frozen=True)
class Trend:
    """The averages (area -> year, rate) against the shown municipalities'
    lines (named, or thin and grey when there are more than `NAMED_LINES`),
    the same for every year: its chart is built once under `key`."""
    title: str
    averages: dict[str, pd.DataFrame]
    lines: pd.DataFrame                   # name, year, rate: every shown municipality's (one frame, cheap to copy)
    order: tuple[str, ...]                # their names, as shown
    target: float | None
    source: str
    key: tuple

    def drawn(self) -> tuple[dict[str, pd.DataFrame], dict[str, pd.DataFrame] | None]:
        """The chart's named lines (the averages, and the municipalities
        when few) and its thin grey ones (None when they are named)."""
        by_name = dict(tuple(self.lines.groupby("name", sort=False)))   # one pass, not a filter per municipality
        lines = {name: by_name.get(name, self.lines.iloc[:0]) for name in self.order}
        return (self.averages | lines, None) if len(lines) <= NAMED_LINES else (self.averages, lines)


@dataclass(frozen=True)
class Ranking:
    """The year's ranking: the table as shown (`formats`: column -> text,
    `x` kept), its source line and its export (`file`: its name's start)."""
    title: str
    file: str
    table: pd.DataFrame
    formats: dict[str, Callable]
    source: str
    export: pd.DataFrame
    notes: list[str]


@dataclass(frozen=True)
class Areas:
    """What depends on the shown areas only, every year at once."""
    rows: pd.DataFrame                    # the region's municipalities, every year
    coverage: dict[str, pd.DataFrame]     # compared area -> its rate per year with `present`, `expected`
    figures: dict[str, pd.DataFrame]      # compared area -> `am.area_figures` (jobseekers)
    own: pd.DataFrame                     # the shown area per year: `rate_weighted` or `am.area_figures`
    trend: Trend


@dataclass(frozen=True)
class WerkzaamheidModel:
    indicator: str                        # EMPLOYMENT or JOBSEEKERS
    code: str                             # the store's indicator
    label: str
    years: list[int]                      # the indicator's years
    span: str                             # its first and last, "2003-2015"
    year: int                             # the year shown (the chosen one, or its latest before)
    year_note: str                        # "laatste cijfer: 2015" when not the chosen year
    empty: str | None                     # why nothing is shown (no figures for the region)
    modelled: bool                        # the working-age population is modelled
    notices: list[str]                    # a newer year covers only part of an area
    table: pd.DataFrame | None            # the year per shown municipality: the map's rows
    hidden: list[str]                     # municipalities whose value the producer hid
    map_key: tuple                        # what determines the map (its figure is built once under it)
    facts: list[Metric]                   # beside the map
    map_source: str
    trend: Trend | None
    ranking: Ranking | None


def formats(decimals: dict[str, int], signed: list[str]) -> dict[str, Callable]:
    """Cell texts for `Styler.format`: numbers in Belgian format, `signed`
    with a sign; a text (`x`, hidden) as it is. The cells keep their
    numbers, so a column still sorts by value."""
    return ({c: (lambda v, d=d: v if isinstance(v, str) else fmt.number(v, d)) for c, d in decimals.items()}
            | {c: fmt.with_sign for c in signed})


def lines(rows: pd.DataFrame, shown: list[str], names: dict[str, str]) -> tuple[pd.DataFrame, tuple[str, ...]]:
    """The shown municipalities' rows (name, year, rate), and their names in order."""
    mine = rows[rows["nis"].isin(shown)]
    return (pd.DataFrame({"name": mine["nis"].map(names), "year": mine["year"], "rate": mine["rate"]}),
            tuple(names[c] for c in shown))


def employment_areas(run: Run, area: str, nis: list[str], region_nis: list[str], region: Region | None, span: str,
                     keyed: Keyed = direct) -> Areas:
    """Every year's employment rate of the region's municipalities, the
    shown area's weighted average per year and the trend (over `span`, the
    indicator's years) against the averages of `region` and Flanders."""
    known = keyed(("indicator_meta",), metas, run)
    rates = run("werkzaamheid_gemeenten", nis=list(region_nis))
    averages = ({} if region is None else {
        f"Gemiddelde {region.label}": run("rate_weighted", nis=list(region.nis), target=TARGET)}) | {
        FLANDERS: run("rate_weighted", nis=flanders(run), target=TARGET)}
    shown, order = lines(rates, nis, keyed(("municipality names",), names_of, run))
    trend = Trend("Evolutie tegen regio, Vlaanderen en de doelstelling",
                  {area: complete(rows) for area, rows in averages.items()}, shown, order, TARGET,
                  source_text(known, ["werkzaamheidsgraad", "bevolking"], span,
                              extra="gemiddelden gewogen met de totale bevolking op 1 januari; "
                                    "Vlaanderen: alle Vlaamse gemeenten in het bestand"),
                  ("werkzaamheidsgraad", tuple(nis), tuple(region_nis), region and region.label))
    weighted = run("rate_weighted", nis=list(nis), target=TARGET)
    return Areas(rates, {area: weighted}, {}, weighted, trend)


def jobseeker_areas(run: Run, area: str, selected: bool, nis_2025: list[str], region_nis_2025: list[str],
                    region: Region | None, span: str, keyed: Keyed = direct) -> Areas:
    """Every year's jobseeker figures of the region's municipalities and
    of the compared areas (the selection, its region, Flanders: each
    recomputed from its municipalities), and the trend of the areas' rates."""
    known = keyed(("indicator_meta",), metas, run)
    rows = run("arbeidsmarkt_gemeenten", nis=list(region_nis_2025))
    codes = (({area: list(nis_2025)} if selected else {})
             | ({} if region is None else {f"Gemiddelde {region.label}": list(region.nis_2025)})
             | {FLANDERS: flanders(run, 2025)})
    figures = {name: area_figures(run, c, keyed) for name, c in codes.items()}
    rates = {name: part[part["measure"] == am.RATE] for name, part in figures.items()}
    shown, order = lines(rows.rename(columns={am.RATE: "rate"}), nis_2025,
                         keyed(("municipality names",), names_of, run))
    trend = Trend("Evolutie tegen regio en Vlaanderen",
                  {name: am.rate_series(complete(part)) for name, part in rates.items() if name != area}, shown,
                  order, None, source_text(known, VDAB, span, extra=DERIVED),
                  (am.RATE, tuple(nis_2025), tuple(region_nis_2025), region and region.label))
    return Areas(rows, {name.removeprefix("Gemiddelde "): part for name, part in rates.items()}, figures,
                 area_figures(run, nis_2025, keyed), trend)


def collect(run: Run, indicator: str, area: str, nis: list[str], nis_2025: list[str], selected: bool,
            region_nis: list[str], region_nis_2025: list[str], region: Region | None, year: int,
            keyed: Keyed = direct) -> WerkzaamheidModel:
    """What Werkzaamheid shows of `indicator` (EMPLOYMENT or JOBSEEKERS)
    for the shared filters: `area` named, its municipalities `nis` and
    `nis_2025` on both maps (`selected`: chosen ones, not the whole region),
    the region's `region_nis` and `region_nis_2025` (a click on the map may
    add them), against `region` (`Filters.home_region`) and Flanders, in
    the chosen `year` (the indicator's latest up to it, else its first)."""
    label, code = SERIES[indicator]
    years = run("indicator_years", indicator=code)["year"].astype(int).tolist()
    shown_year, note = reference_year(years, year)
    span = f"{years[0]}-{years[-1]}"
    # The areas' part once per set of areas, the year's once per year shown (every chosen year after 2015 shows 2015).
    if indicator == EMPLOYMENT:
        key = ("werkzaamheid", area, tuple(nis), tuple(region_nis), region, span)
        a = keyed(key, employment_areas, run, area, nis, region_nis, region, span, keyed)
        parts = keyed((*key, shown_year), employment_year, run, a, area, nis, region_nis, shown_year, keyed)
    else:
        key = ("werkzoekenden", area, selected, tuple(nis_2025), tuple(region_nis_2025), region, span)
        a = keyed(key, jobseeker_areas, run, area, selected, nis_2025, region_nis_2025, region, span, keyed)
        parts = keyed((*key, shown_year), jobseeker_year, run, a, area, nis_2025, region_nis_2025, shown_year, keyed)
    return WerkzaamheidModel(indicator, code, label, years, span, shown_year, note, **parts)


def employment_year(run: Run, a: Areas, area: str, nis: list[str], region_nis: list[str], year: int,
                    keyed: Keyed) -> dict:
    """The employment rate's map, facts and ranking of `year`."""
    if a.rows.empty:
        return nothing("Geen werkzaamheidsgraad beschikbaar voor deze regio.")
    known = keyed(("indicator_meta",), metas, run)
    names = keyed(("municipality names",), names_of, run)
    table = ranking(a.rows, nis, year)
    table = table.assign(name_nl=table["nis"].map(names))
    modelled = bool((table["working_age_quality"] == "modelled").any())
    people = EXTRA + (" (gemodelleerd)" if modelled else "")
    weighted = a.own
    average_year, _, notices = covered_year(a.coverage, year)
    this_year = weighted[weighted["year"] == average_year]
    facts = [Metric("Onder 80 %", f"{int((table['rate'] < TARGET).sum())} van {int(table['rate'].notna().sum())}",
                    f"Gemeenten met een werkzaamheidsgraad onder 80 % in {year}.")]
    if not this_year.empty:
        rate = float(this_year["rate"].iat[0])
        facts.append(Metric("Gemiddelde" + ("" if average_year == year else f" {average_year}"), fmt.percent(rate),
                            f"{area}: gewogen met de totale bevolking op 1 januari {average_year}.",
                            f"{fmt.points(rate - TARGET)} t.o.v. 80 %"))
    facts.append(Metric("Extra werkenden nodig", fmt.number(table["people_needed"].sum(min_count=1)),
                        "Samen, voor de gemeenten onder 80 %: (80 % − werkzaamheidsgraad) × bevolking 20-64 jaar"
                        + (" (gemodelleerd)." if modelled else ".")))
    shown = table.rename(columns={
        "rank": "Rang", "name_nl": "Gemeente", "nis": "NIS-code", "rate": "Werkzaamheidsgraad (%)",
        "gap_points": "Afstand tot 80 % (ptn)", "people_needed": people,
        "change_1y": f"Sinds {year - 1} (ptn)", "change_5y": f"Sinds {year - 5} (ptn)"})
    columns = ["Rang", "Gemeente", "Werkzaamheidsgraad (%)", "Afstand tot 80 % (ptn)", people,
               f"Sinds {year - 1} (ptn)", f"Sinds {year - 5} (ptn)"]
    source = source_text(known, ["werkzaamheidsgraad", WORKING_AGE], year,
                         extra="rang 1 = hoogste werkzaamheidsgraad van de getoonde gemeenten", modelled=modelled)
    export = shown[["NIS-code"] + columns].assign(**{people: shown[people].round()})
    return dict(
        empty=None, modelled=modelled, notices=notices, table=table, hidden=[],
        map_key=(EMPLOYMENT, tuple(nis), tuple(region_nis), year), facts=facts,
        map_source=source_text(known, ["werkzaamheidsgraad", WORKING_AGE], year, modelled=modelled,
                               extra=f"leeftijdsgroep van de werkzaamheidsgraad niet vermeld in de bron; {MAP_SOURCE}"),
        trend=a.trend,
        ranking=Ranking(
            f"Rangschikking {year}", "werkzaamheid", shown[columns],
            formats({"Rang": 0, "Werkzaamheidsgraad (%)": 1, people: 0}, columns[3:4] + columns[5:]), source,
            with_provenance(known, export, ["werkzaamheidsgraad", WORKING_AGE],
                            shown["working_age_quality"] == "modelled"),
            [source] + ([model_bevolking_20_64.META["model"]["description"]] if modelled else [])))


def jobseeker_year(run: Run, a: Areas, area: str, nis_2025: list[str], region_nis_2025: list[str], year: int,
                   keyed: Keyed) -> dict:
    """The jobseeker rate's map, facts and ranking of `year`."""
    rows = a.rows
    if rows[am.RATE].notna().sum() == 0:
        return nothing("Geen werkzoekendengraad beschikbaar voor deze regio.")
    known = keyed(("indicator_meta",), metas, run)
    names = keyed(("municipality names",), names_of, run)
    table = am.municipality_ranking(rows, nis_2025, year)
    table["name_nl"] = table["nis"].map(names)
    average_year, _, notices = covered_year(a.coverage, year)
    average_year = average_year or year
    when = "" if average_year == year else f" {average_year}"
    now = am.table(a.figures, year=average_year, measure=am.RATE)
    facts = [Metric(row["area"].removeprefix("Gemiddelde ") + when,
                    fmt.percent(row["value"]) if pd.notna(row["value"]) else fmt.number(None),
                    row["note"] or "Zoals gepubliceerd door VDAB.") for _, row in now.iterrows()]
    nwwz = am.table({area: a.own}, year=average_year, measure=am.NWWZ).iloc[0]
    facts.append(Metric(f"NWWZ {area}{when}", fmt.number(nwwz["value"]),
                        "Niet-werkende werkzoekenden, jaargemiddelde. " + nwwz["note"]))
    covered = [f"{r['area']}: {am.coverage(r)}" for _, r in now.iterrows() if am.coverage(r)]
    hover = [f"Werkzoekendengraad {year}: <b>{hidden_or(r['rate'], r['hidden'], 1)}"
             f"{' %' if pd.notna(r['rate']) else ''}</b><br>"
             f"NWWZ: {hidden_or(r['nwwz'], r['nwwz_hidden'], 0)}<br>"
             f"Rang: {fmt.number(r['rank'])} van {int(table['ranked'].iat[0])} (1 = laagste)<br>"
             f"Evolutie t.o.v. {year - 1}: {fmt.points(r['change_1y'])}" for _, r in table.iterrows()]
    rate_col, nwwz_col = "Werkzoekendengraad (%)", "NWWZ (jaargemiddelde)"
    shown = pd.DataFrame({
        "Rang": table["rank"], "Gemeente": table["name_nl"], "NIS-code": table["nis"],
        rate_col: [fmt.HIDDEN if h else v for v, h in zip(table["rate"], table["hidden"])],
        nwwz_col: [fmt.HIDDEN if h else v for v, h in zip(table["nwwz"], table["nwwz_hidden"])],
        f"Sinds {year - 1} (ptn)": table["change_1y"], f"Sinds {year - 5} (ptn)": table["change_5y"]})
    columns = [c for c in shown.columns if c != "NIS-code"]
    source = source_text(known, VDAB, year, extra=f"rang 1 = laagste werkzoekendengraad van de getoonde gemeenten; "
                                                  f"{fmt.HIDDEN_NOTE}")
    return dict(
        empty=None, modelled=False, notices=notices, table=table.assign(value=table["rate"], hover=hover),
        hidden=table.loc[table["hidden"], "nis"].tolist(), facts=facts,
        map_key=(JOBSEEKERS, tuple(nis_2025), tuple(region_nis_2025), year),
        map_source=source_text(known, VDAB, year, extra="; ".join([DERIVED, *covered, MAP_SOURCE_2025])),
        trend=a.trend,
        ranking=Ranking(f"Rangschikking {year}", "werkzoekendengraad", shown[columns],
                        formats({rate_col: 1, nwwz_col: 0, "Rang": 0}, columns[-2:]), source,
                        with_provenance(known, shown[["NIS-code"] + columns], VDAB), [source, fmt.HIDDEN_NOTE]))


def nothing(why: str) -> dict:
    """A model's year part when the region has no figures: `why`, nothing else."""
    return dict(empty=why, modelled=False, notices=[], table=None, hidden=[], map_key=(), facts=[], map_source="",
                trend=None, ranking=None)


def hidden_or(value: float, hidden: bool, decimals: int) -> str:
    return fmt.flagged(value, fmt.HIDDEN if hidden else None, decimals)
