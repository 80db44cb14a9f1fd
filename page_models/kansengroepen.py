"""Kansengroepen: how large each target group is, per municipality and
against the region. Official first, model second: the official series
(newcomers, jobseekers) in the chosen year, then the modelled groups no
official file measures, which stop in the model's last year. Each figure
says its own year and quality, and none adds the two together.

`areas` gathers what the year leaves alone (every year's rows, the
programmes' trajectories with their small counts hidden) once per set of
areas; `collect` picks each series' year. What the reader picks on the page
(the series of the map, the municipality of the composition) are methods of
the model."""
from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from analysis.budget import NOT_PUBLISHED
from analysis.kansengroepen import (COUNT_QUALITY, COUNT_QUALITY_COLUMN, TOTAL, comparison, counted, in_years,
                                    mark_hidden, nearest_year, reach_table, sized, year_note)
from analysis.suppression import HIDDEN_TEXT, MIN_COUNT, PRIMARY, SECONDARY
from charts.kansengroepen import matrix_values
from loaders import doelgroepen, model_doelgroepen
from loaders.indicator_frame import ALL_GROUPS
from loaders.model_doelgroepen import SERIES, Series
from loaders.regions import REGIONS
from page_models.common import (FLANDERS, RANKING_LIMIT, Keyed, Metric, Run, direct, flanders, metas, selection,
                                source_text, trajectories_published, with_provenance)
from page_models.fiche import PUBLISHED_TRAJECTORIES, SITES
from common import format as fmt

PARAMS = model_doelgroepen.series_params(SERIES)
BY_CODE = {s.code: s for s in SERIES}
HIDDEN = f"{fmt.HIDDEN} (verborgen)"
MAP_2019, MAP_2025 = 2019, 2025
RELATIONS = {"replaces": "vervangt het model", "beside": "staat naast het model"}
INTRO = ("Eerst de officiële cijfers (in het gekozen jaar), dan het model voor de doelgroepen waarvoor geen "
         "officieel bestand per gemeente bestaat (tot het laatste jaar van het model). Elk cijfer staat in zijn "
         "eigen jaar; de doelgroepen overlappen en officiële en gemodelleerde cijfers worden nooit opgeteld.")


@dataclass(frozen=True)
class Areas:
    """What the year leaves alone, once per set of areas."""
    every_year: pd.DataFrame                 # `kansengroepen` rows of the shown municipalities, both maps
    years_of: dict[str, list[int]]           # series -> its years
    totals: pd.DataFrame                     # `kansengroepen_totals` of the shown municipalities, every year
    members: dict[str, list[str]]            # reference area -> municipalities
    reference_totals: dict[str, pd.DataFrame]
    region_rows: pd.DataFrame                # `kansengroepen` rows of the whole region
    reach: pd.DataFrame                      # `analysis.kansengroepen.counted` of the region's programmes
    programmes: pd.DataFrame                 # the region's programmes, by code
    unpublished: list[dict]                  # reach rows of programmes that published no participants
    official_table: pd.DataFrame             # the official series and what they replace


@dataclass(frozen=True)
class Years:
    """Each series' year and quality for the chosen `year`."""
    year: int
    year_of: dict[str, int]                  # series -> the year shown (the chosen or the nearest)
    years_of: dict[str, list[int]]           # series -> its years
    modelled_of: dict[str, bool]             # series -> modelled (from the data's quality)
    known: dict[str, dict]                   # `indicator_meta` by indicator

    def quality(self, s: Series) -> str:
        return fmt.quality("modelled" if self.modelled_of[s.code] else "official")

    def header(self, s: Series) -> str:
        """A series' name with its year and quality, for tables and choices."""
        return f"{s.label} ({self.year_of[s.code]}, {self.quality(s)})"

    def shown_years(self, block: list[Series]) -> str:
        """`2015-2024`: the years `block`'s figures show, for a chart's file
        name (after what it shows, not the chosen year: a year that shows
        the same figures keeps the chart the same element)."""
        years = sorted({self.year_of[s.code] for s in block})
        return f"{years[0]}-{years[-1]}" if len(years) > 1 else str(years[0])

    def notes(self, block: list[Series]) -> list[str]:
        """What to say next to figures that are not of the chosen year."""
        said = []
        for s in block:
            note = year_note(self.modelled_of[s.code], self.year_of[s.code], self.year, self.years_of[s.code])
            if note:
                said.append(note if self.modelled_of[s.code] else f"{s.label}: {note}")
        return list(dict.fromkeys(said))

    def source(self, block: list[Series], extra: str | None = None) -> str:
        """The source line of `block`'s figures, each series in its year."""
        indicators = list(dict.fromkeys([s.indicator for s in block] + ["bevolking"]))
        reference = ", ".join(str(y) for y in sorted({self.year_of[s.code] for s in block}))
        return source_text(self.known, indicators, reference, extra=extra,
                           modelled=any(self.modelled_of[s.code] for s in block))


@dataclass(frozen=True)
class Block:
    """The key figures of the official or the modelled series."""
    heading: str
    metrics: list[Metric]
    left_out: str | None
    notes: list[str]
    source: str


@dataclass(frozen=True)
class SeriesView:
    """One series on the map and in the ranking."""
    code: str
    title: str
    notes: list[str]
    rows: pd.DataFrame                       # per municipality, `hover` its tooltip
    column: str                              # the value shown: `value` (a rate) or `per_1000`
    unit: str
    year: int
    modelled: bool
    is_rate: bool
    map_year: int
    on_map: list[str]
    map_region: list[str]
    source: str
    ranking_title: str
    hover: str
    custom: list[str]
    references: dict[str, float]
    hidden: str | None                       # the municipalities whose value is hidden


@dataclass(frozen=True)
class Reach:
    table: pd.DataFrame
    explained: str
    source: str
    export: pd.DataFrame
    slide_explained: str   # on a slide, what a reader of the table needs (`explained` took seven lines of a laptop's)
    slide_table: pd.DataFrame   # on a slide, each count's quality in a word (`slide_explained` says what it counts)


@dataclass(frozen=True)
class KansengroepenModel:
    caption: str
    years: Years
    shown: list[Series]
    official: list[Series]
    modelled: list[Series]
    counts: list[Series]                     # the shown series that count people (no rate)
    rates: set[str]                          # the shown series that are rates
    area: str
    blocks: dict[str, Block]                 # "kerncijfers", "kerncijfers model"
    rows: pd.DataFrame                       # every shown series' rows in its year
    totals: pd.DataFrame
    reference_totals: dict[str, pd.DataFrame]
    members: dict[str, list[str]]
    maps: dict[int, tuple[list[str], list[str]]]   # map year -> shown municipalities, the region's
    hidden_note: str | None
    matrix: tuple[pd.DataFrame, pd.DataFrame] | None    # values and hidden cells, a column per series
    matrix_source: str
    matrix_export: pd.DataFrame | None
    composition_source: str
    comparison: pd.DataFrame
    comparison_source: str
    comparison_export: pd.DataFrame
    reach: Reach | None
    official_table: pd.DataFrame
    modelled_groups: str

    def series(self, code: str) -> SeriesView:
        """The map's and the ranking's figures of series `code`."""
        s, year, modelled = BY_CODE[code], self.years.year_of[code], self.years.modelled_of[code]
        is_rate = code in self.rates
        one = self.rows[self.rows["series"] == code]
        column, unit = ("value", "%") if is_rate else ("per_1000", "per 1.000 inwoners")
        # The map of the series' own municipalities: 2025 for the official series, 2019 for the model.
        map_year = MAP_2019 if modelled else MAP_2025
        hover = [(f"{fmt.number(v, 1)} %" if is_rate else
                  f"{fmt.number(p, 1)} per 1.000 inwoners<br>{fmt.number(v)} personen")
                 + (" (gemodelleerd)" if q == "modelled" else "")
                 for p, v, q in zip(one["per_1000"], one["value"], one["quality"])]
        average = self.totals.set_index("series")["per_1000"].get(code)
        hidden = bool(one["hidden"].any())
        return SeriesView(
            code=code, title=f"{s.label} per gemeente, {year}", notes=self.years.notes([s]),
            rows=one.assign(hover=hover), column=column, unit=unit, year=year, modelled=modelled, is_rate=is_rate,
            map_year=map_year, on_map=self.maps[map_year][0], map_region=self.maps[map_year][1],
            source=self.years.source([s], "; ".join(filter(None, [
                f"gemeentekaart {map_year}", self.hidden_note if hidden else None]))),
            ranking_title=f"{s.label}, {unit} ({year})",
            hover="%{y}: %{x:,.1f} %" if is_rate else
                  "%{y}: %{x:,.1f} per 1.000 inwoners<br>%{customdata[0]:,.0f} personen",
            custom=[] if is_rate else ["value"],
            # The average with its value: a slide's ranking panels have no value axis to read it from.
            references={} if is_rate or pd.isna(average) else {
                f"gemiddelde {self.area}: {fmt.number(average, 1)} {unit}": average},
            hidden=f"{HIDDEN}: {', '.join(one.loc[one['hidden'], 'name_nl'])} ({fmt.HIDDEN_NOTE})." if hidden
            else None)

    def composition(self, nis: str) -> tuple[pd.DataFrame, dict[str, pd.Series]]:
        """Municipality `nis`'s counted groups per 1,000 inhabitants (each
        labelled with its year and quality, `group` and `year` apart for a
        slide, `modelled` for the hatching)
        and, per reference area it belongs to, the areas' figures."""
        codes = [c.code for c in self.counts]
        mine = self.rows[(self.rows["nis"] == nis) & self.rows["series"].isin(codes)].set_index("series")
        mine = mine.reindex([c for c in codes if c in mine.index])
        mine = mine.assign(label=[self.years.header(BY_CODE[c]) for c in mine.index],
                           group=[BY_CODE[c].label for c in mine.index],
                           year=[self.years.year_of[c] for c in mine.index],
                           modelled=[self.years.modelled_of[c] for c in mine.index])
        references = {label: totals.set_index("series")["per_1000"] for label, totals in self.reference_totals.items()
                      if label == FLANDERS or nis in self.members[label]}
        return mine, references


def official_table(years_of: dict[str, list[int]]) -> pd.DataFrame:
    """The official series, the group each belongs to, whether it replaces
    the model, its years and why."""
    return pd.DataFrame([{
        "Officiële reeks": s.label, "Doelgroep": doelgroepen.LABELS[s.group], "Verhouding": RELATIONS[s.relation],
        "Jaren": f"{years_of[s.code][0]}-{years_of[s.code][-1]}" if s.code in years_of else "geen gegevens",
        "Onderbouwing": model_doelgroepen.META["official"][s.code]["reasoning"]} for s in SERIES if not s.modelled])


def areas(run: Run, nis: list[str], nis_2025: list[str], selected: list[str], region_label: str,
          region_nis: list[str], region_nis_2025: list[str]) -> Areas:
    """Every year's rows of the shown municipalities (official series on the
    2025 map, modelled ones on that of 2019: at Flanders scale both sets; a
    series has values on its own map only, so nothing is counted twice), of
    the reference areas and of the region, and the programmes'
    trajectories in the region (`counted`: their sizes depend on the year)."""
    both_maps = list(dict.fromkeys(nis + nis_2025))
    every_year = run("kansengroepen", nis=both_maps, **PARAMS)
    years_of = {code: sorted(part.unique()) for code, part in every_year.groupby("series")["year"]}
    # Vlaanderen: the municipalities of the 2019 map (the model's) and of the 2025 map (the official series').
    members = {r["label"]: r["nis"] for r in REGIONS.values()} | {
        FLANDERS: sorted(set(flanders(run)) | set(flanders(run, 2025)))}
    programmes = run("programmes").set_index("programme")
    in_region = [c for c in programmes.index if set(REGIONS[programmes.at[c, "region"]]["nis"]) & set(region_nis)]
    published = {c: pub for c, pub in trajectories_published(programmes).items() if c in in_region}
    started = run("trajectory_reach", nis=list(region_nis))
    return Areas(
        every_year=every_year, years_of=years_of, totals=run("kansengroepen_totals", nis=both_maps, **PARAMS),
        members=members,
        reference_totals={label: run("kansengroepen_totals", nis=codes, **PARAMS) for label, codes in members.items()},
        region_rows=run("kansengroepen", nis=list(dict.fromkeys(region_nis + region_nis_2025)), **PARAMS),
        reach=counted(started, list(selected), region_label), programmes=programmes.loc[in_region],
        unpublished=[{"Programma": programmes.at[c, "label"], "Periode": span(programmes, c),
                      "Doelgroep": programmes.at[c, "target_group_text"]} for c, pub in published.items()
                     if "started" not in pub],
        official_table=official_table(years_of))


def span(programmes: pd.DataFrame, code: str, first: int | None = None) -> str:
    """When programme `code` ran (from `first` on where given)."""
    first, last = first or programmes.at[code, "first_year"], programmes.at[code, "last_year"]
    return str(first) if first == last else f"{first}-{last}"


def series_provenance(known: dict[str, dict], code: str, modelled: bool) -> pd.Series:
    """A series' `Kwaliteit` and `Bron` (the same on each of its rows)."""
    return with_provenance(known, pd.DataFrame(index=[0]), [BY_CODE[code].indicator, "bevolking"], modelled).iloc[0]


def collect(run: Run, nis: list[str], nis_2025: list[str], selected: list[str], region: str, region_label: str,
            region_nis: list[str], region_nis_2025: list[str], group: str, year: int,
            keyed: Keyed = direct) -> KansengroepenModel:
    """What Kansengroepen shows for the shared filters' values: `nis`,
    `nis_2025` the shown municipalities on both maps, `selected` the chosen
    ones (empty: the whole region `region`, named `region_label`, whose
    municipalities are `region_nis` and `region_nis_2025`), `group` the
    target group, `year` the chosen year."""
    a = keyed(("kansengroepen areas", tuple(nis), tuple(nis_2025), tuple(selected), region_label, tuple(region_nis),
               tuple(region_nis_2025)), areas, run, nis, nis_2025, selected, region_label, region_nis,
              region_nis_2025)
    # Each series in the chosen year or the nearest it has.
    year_of = {code: nearest_year(years, year) for code, years in a.years_of.items()}
    every_shown_year = in_years(a.every_year, year_of)
    # From the data's quality, so an official import takes the marks away.
    modelled_of = every_shown_year.groupby("series")["quality"].agg(lambda q: bool((q == "modelled").any())).to_dict()
    y = Years(year, year_of, a.years_of, modelled_of, keyed(("indicator_meta",), metas, run))
    # The chosen group's series (with the pool of all non-employed as context), official first.
    shown = [s for s in SERIES if s.code in a.years_of and (group == ALL_GROUPS or s.group in (group, ALL_GROUPS))]
    rows = every_shown_year[every_shown_year["series"].isin([s.code for s in shown])]
    rates = set(rows.loc[rows["unit"] == "%", "series"])
    official = [s for s in shown if not modelled_of[s.code]]
    modelled = [s for s in shown if modelled_of[s.code]]
    counts = [s for s in shown if s.code not in rates]
    totals = in_years(a.totals, year_of)
    reference_totals = {label: in_years(t, year_of) for label, t in a.reference_totals.items()}
    hidden_note = fmt.HIDDEN_NOTE if rows["hidden"].any() or (totals["hidden"] > 0).any() else None
    area = region_label if not selected else "Selectie"

    def provenance(table: pd.DataFrame) -> pd.DataFrame:
        """`table` (a `series` column) with the `Kwaliteit` and `Bron` of each
        row's series, its rows grouped by series, for the exports. Looked up
        once per series and data version."""
        codes = table["series"]
        order = codes.map({code: i for i, code in enumerate(codes.unique())}).to_numpy().argsort(kind="stable")
        table, codes = table.iloc[order], codes.iloc[order]
        found = {code: keyed(("kansengroepen", code, modelled_of[code]), series_provenance, y.known, code,
                             modelled_of[code]) for code in codes.unique()}
        return table.drop(columns="series").assign(Kwaliteit=codes.map({c: p["Kwaliteit"] for c, p in found.items()}),
                                                   Bron=codes.map({c: p["Bron"] for c, p in found.items()}))

    def metrics(block: list[Series]) -> tuple[list[Metric], str | None]:
        """One metric per series of `block` for the shown area, each with its
        year: counts with their rate per 1,000 inhabitants; a rate (it does
        not add up over municipalities) only for one municipality; and what
        is left out."""
        by_series = totals.set_index("series")
        single = rows["nis"].nunique() == 1
        cards = []
        for s in block:
            label = f"{s.label}, {year_of[s.code]}"
            if s.code in rates:
                if single:
                    one = rows[rows["series"] == s.code].iloc[0]
                    cards.append(Metric(label, HIDDEN if one["hidden"] else fmt.percent(one["value"])))
                continue
            total = by_series.loc[s.code]
            # A sum over a value the producer hid holds the published part: "n + x".
            value = HIDDEN if pd.isna(total["value"]) else (
                fmt.number(total["value"]) + (f" + {fmt.HIDDEN}" if total["hidden"] else ""))
            cards.append(Metric(label, value, delta=None if pd.isna(total["per_1000"])
                                else f"{fmt.number(total['per_1000'], 1)} per 1.000 inwoners"))
        left_out = [s.label for s in block if s.code in rates and not single]
        return cards, (f"{', '.join(left_out)}: een graad telt niet op over gemeenten; zie de kaart per gemeente."
                       if left_out else None)

    blocks = {}
    if official:
        cards, left_out = metrics(official)
        blocks["kerncijfers"] = Block(
            "**Officiële cijfers** · " + ", ".join(map(str, sorted({year_of[s.code] for s in official}))),
            cards, left_out, y.notes(official), y.source(official, hidden_note))
    if modelled:
        cards, left_out = metrics(modelled)
        said = " · ".join(y.notes(modelled)) or year_of[modelled[0].code]
        blocks["kerncijfers model"] = Block(
            f"**Gemodelleerd: niet-werkenden 20-64 jaar** · {said}",
            cards, left_out, [], y.source(modelled, "gemodelleerd uit bevolking en werkzaamheidsgraad; doelgroepen "
                                                    "overlappen"))
    # Every group per municipality, where there are few enough municipalities to read them.
    matrix = matrix_export = None
    long = rows[rows["series"].isin([c.code for c in counts])]
    if group == ALL_GROUPS and rows["nis"].nunique() <= RANKING_LIMIT:
        matrix = matrix_values(long, {c.code: y.header(c) for c in counts})
        export = pd.DataFrame({
            "series": long["series"], "Gemeente": long["name_nl"], "NIS-code": long["nis"],
            "Reeks": long["series"].map(lambda c: BY_CODE[c].label), "Jaar": long["year"],
            "Aantal": long["value"], "Per 1.000 inwoners": long["per_1000"].round(1)})
        matrix_export = provenance(mark_hidden(export, pd.DataFrame({"Aantal": long["hidden"],
                                                                     "Per 1.000 inwoners": long["hidden"]}),
                                               fmt.HIDDEN, str, []))
    matrix_source = y.source(counts, "; ".join(filter(None, [
        "kleur: rood = meer dan het gemiddelde van de getoonde gemeenten, blauw = minder (volle kleur vanaf de "
        "helft meer of minder)", "doelgroepen overlappen", hidden_note])))

    # The comparison with the region: the selection (or both regions), each region and Flanders.
    numbers, hidden = comparison(({area: totals} if selected or region == "beide" else {}) | reference_totals,
                                 [c.code for c in counts])
    table = pd.concat([pd.DataFrame({"Reeks": [BY_CODE[c].label for c in numbers.index],
                                     "Jaar": [year_of[c] for c in numbers.index]}, index=numbers.index),
                       numbers], axis=1)
    sums = [c for c in numbers.columns if c.endswith("(aantal)")]
    shown_table = mark_hidden(table, hidden, fmt.HIDDEN, fmt.number, sums)
    for column in numbers.columns:   # a hidden value's text stays as it is
        shown_table[column] = shown_table[column].map(
            lambda v, d=0 if column in sums else 1: v if isinstance(v, str) else fmt.number(v, d))
    exported = mark_hidden(table, hidden, fmt.HIDDEN, lambda v: f"{v:.0f}", sums)

    return KansengroepenModel(
        caption=selection(region_label, len(selected), doelgroepen.LABELS[group], year), years=y, shown=shown,
        official=official, modelled=modelled, counts=counts, rates=rates, area=area, blocks=blocks, rows=rows,
        totals=totals, reference_totals=reference_totals, members=a.members,
        maps={MAP_2019: (list(nis), list(region_nis)), MAP_2025: (list(nis_2025), list(region_nis_2025))},
        hidden_note=hidden_note, matrix=matrix, matrix_source=matrix_source, matrix_export=matrix_export,
        composition_source=y.source(counts, "; ".join(filter(None, [
            "markering: regio en Vlaanderen in hetzelfde jaar",   # bar and hatching: the chart's legend and note
            "doelgroepen overlappen", hidden_note]))),
        comparison=shown_table.assign(Kwaliteit=[y.quality(BY_CODE[c]) for c in numbers.index]),
        comparison_source=y.source(counts, "; ".join(filter(None, [
            "per 1.000 inwoners: over de gemeenten met een cijfer en een bevolking in dat jaar (de gemeenten die "
            "op 1/1/2025 fuseerden: alleen in het aantal)", hidden_note]))),
        comparison_export=provenance(exported.rename_axis("series").reset_index()),
        reach=programme_reach(a, region_label, y),
        official_table=a.official_table,
        modelled_groups=", ".join(s.label.lower() for s in SERIES if s.modelled and s.code != ALL_GROUPS))


def programme_reach(a: Areas, region_label: str, y: Years) -> Reach | None:
    """The programmes' reach in the region: the trajectories started (once
    per set of areas) over the group's size in each series' year. None
    when no programme has trajectories with a target group here."""
    known, year_of = y.known, y.year_of
    sizes = [s for s in SERIES if s.code in doelgroepen.LABELS and s.code != ALL_GROUPS and s.code in year_of]
    region_sizes = in_years(a.region_rows[a.region_rows["series"].isin([s.code for s in sizes])], year_of)
    programmes = a.programmes
    code_of = {programmes.at[c, "label"]: c for c in programmes.index}

    def period(label: str, nis: str) -> str:
        """When the programme ran in `nis` ('t Werkt in Menen from 2020), or all of it (a total row)."""
        return span(programmes, code_of[label], SITES.get(code_of[label], {}).get(nis))

    def area_size(code: str, group: str) -> float:
        """The group's size over the programme's whole area: its sites, else its region."""
        area = SITES.get(code) or REGIONS[programmes.at[code, "region"]]["nis"]
        return region_sizes.loc[(region_sizes["series"] == group) & region_sizes["nis"].isin(area), "value"].sum()

    published = trajectories_published(programmes)
    programme_sizes = {(programmes.at[c, "label"], pub["target_group"]): area_size(c, pub["target_group"])
                       for c, pub in published.items() if "target_group" in pub}
    reached = sized(a.reach, dict(zip(zip(region_sizes["nis"], region_sizes["series"]), region_sizes["value"])),
                    programme_sizes)
    if reached.empty and not a.unpublished:
        return None
    size_notes = {s.code: f"{year_of[s.code]}, {y.quality(s)}" for s in sizes}
    size = "Omvang doelgroep"
    explained = (f"Gestarte trajecten: '{TOTAL} {region_label}' is het totaal dat het programma publiceerde "
                 "(officieel), zijn omvang die van de doelgroep in het hele werkgebied van het programma; de "
                 "aantallen per gemeente en van een selectie zijn een gemodelleerde verdeling van dat totaal. "
                 "Bereik = gestarte trajecten in de periode ernaast (per gemeente vanaf de start van het "
                 "programma daar) ÷ omvang van de doelgroep in het jaar ernaast (officieel: het gekozen of "
                 "dichtstbijzijnde jaar; gemodelleerd: het jaar van het model). "
                 f"'{TOTAL} {region_label}': getoond zonder keuze of wanneer een gekozen gemeente afgeschermde "
                 f"aantallen heeft; '{TOTAL} selectie': de gekozen gemeenten. Minder dan {MIN_COUNT} trajecten in "
                 f"een gemeente: '{HIDDEN_TEXT[PRIMARY]}'; een aantal dat daaruit af te leiden zou zijn: "
                 f"'{HIDDEN_TEXT[SECONDARY]}'; hun bereik: '–'. Afgeschermd wordt over alle gemeenten van de "
                 "regio, zodat een gemeente hetzelfde toont wat je er ook bij kiest."
                 + "".join(f" {row['Programma']}: deelnemers {NOT_PUBLISHED}, dus geen bereik."
                           for row in a.unpublished))
    slide_explained = (f"Bereik = gestarte trajecten ÷ omvang van de doelgroep. '{TOTAL} {region_label}': het "
                       "gepubliceerde totaal van het programma (officieel); per gemeente een gemodelleerde verdeling "
                       "ervan, een selectie de som daarvan. "
                       f"'{HIDDEN_TEXT[PRIMARY]}' en '{HIDDEN_TEXT[SECONDARY]}': afgeschermd, hun bereik '–'. "
                       "De volledige toelichting staat op de pagina."
                       + "".join(f" {row['Programma']}: deelnemers {NOT_PUBLISHED}." for row in a.unpublished))
    reached_groups = [BY_CODE[g] for g in reached["target_group"].unique() if g in BY_CODE]
    sources = ["trajecten", PUBLISHED_TRAJECTORIES, *dict.fromkeys(s.indicator for s in reached_groups)]
    modelled = known["trajecten"]["quality"] == "modelled" or any(y.modelled_of[s.code] for s in reached_groups)
    line = source_text(known, sources, ", ".join(sorted({str(year_of[s.code]) for s in reached_groups})) or None,
                       modelled=modelled)
    # Numbers stay numbers in the export; hidden counts keep their text.
    table = reach_table(reached, doelgroepen.LABELS, size, size_notes, fmt.number, period, COUNT_QUALITY,
                        a.unpublished).drop(columns="NIS-code")
    return Reach(
        table=table, slide_table=table.assign(**{
            COUNT_QUALITY_COLUMN: table[COUNT_QUALITY_COLUMN].str.split(" (", regex=False).str[0]}),
        explained=explained, source=line, slide_explained=slide_explained,
        export=with_provenance(known, reach_table(reached, doelgroepen.LABELS, size, size_notes,
                                                  lambda v, decimals=0: v, period, COUNT_QUALITY, a.unpublished),
                               sources, modelled))
