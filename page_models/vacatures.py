"""Vacatures: VDAB's yearly vacancies (received and open, in total and per
sector) per municipality and area, and the tension (VDAB's
spanningsindicator: jobseekers per vacancy received). The published 7.073
open vacancies of August 2021 is shown beside them as another count.

`areas` gathers what depends on the compared areas only (every year's
sums, tension and coverage, their export, the published figure) once per
set of areas; `collect` picks the chosen year's rows; `by_sector` gathers
one area's sectors when asked."""
from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from analysis.vacatures import COUNTS, TENSION, area_years, in_year, sectors, shown_year, with_hidden
from analysis.years import coverage, covered_year
from common import format as fmt
from loaders import portal, published
from loaders.meta import load_meta
from loaders.regions import REGIONS
from page_models.common import Keyed, Metric, Region, Run, direct, metas, names_of, source_text, with_provenance

INDICATORS = {"ontvangen": "vacatures_ontvangen", "open": "vacatures_open", "nwwz": "nwwz"}
LABELS = {"ontvangen": "Ontvangen vacatures", "open": "Openstaande vacatures",
          "nwwz": "Niet-werkende werkzoekenden", TENSION: "Spanningsindicator"}
VACANCIES = ["ontvangen", "open"]
HIDDEN_IN_SUM = "Gemeenten met een verborgen waarde (x, niet in de som)"
SOURCES = list(INDICATORS.values())
TENSION_SOURCES = ["nwwz", "vacatures_ontvangen"]
# Sector codes of the store -> the export's own names.
SECTORS = {code: label for label, code in load_meta(str(portal.SPEC_DIR / "vdab_vacatures.yml"))["sectors"].items()}
PUBLISHED = published.VACANCIES_WESTHOEK
HOW_TO_READ = (
    "De **spanningsindicator** van VDAB deelt het aantal niet-werkende werkzoekenden (NWWZ, gemiddelde over de "
    "twaalf maanden van het jaar) door het aantal vacatures dat VDAB in dat jaar ontving. **Hoger** = meer "
    "werkzoekenden per vacature: werkgevers vinden makkelijker kandidaten, de arbeidsmarkt is minder krap. "
    "**Lager** = minder werkzoekenden per vacature: een krappere arbeidsmarkt. Onder 1 kwamen er in het jaar meer "
    "vacatures binnen dan er gemiddeld werkzoekenden waren. Voor een regio of selectie worden eerst de aantallen "
    "opgeteld en dan gedeeld (geen gemiddelde van de gemeenten). De indicator zegt niet of werkzoekenden en "
    "vacatures bij elkaar passen, en werkzoekenden zoeken ook buiten hun gemeente werk.")
# On a slide, read whole from the back of the room: how to read it in two lines (what it divides is in the source).
SLIDE_HOW_TO_READ = ("**Hoger** = meer werkzoekenden per ontvangen vacature, een minder krappe arbeidsmarkt; **lager** = "
                     "een krappere. Onder 1 kwamen er in het jaar meer vacatures binnen dan er werkzoekenden waren.")
TENSION_EXTRA = "spanningsindicator = niet-werkende werkzoekenden (jaargemiddelde) ÷ ontvangen vacatures"
SERIES_COLUMNS = {"area": "Gebied", "year": "Jaar", "ontvangen": LABELS["ontvangen"], "open": LABELS["open"],
                  "nwwz": LABELS["nwwz"], TENSION: LABELS[TENSION], "hidden": HIDDEN_IN_SUM}
TABLE_COLUMNS = {"nis": "NIS-code", "name_nl": "Gemeente", "year": "Jaar", "ontvangen": LABELS["ontvangen"],
                 "open": LABELS["open"], "nwwz": LABELS["nwwz"], TENSION: LABELS[TENSION]}


@dataclass(frozen=True)
class Published:
    """The published August 2021 figure beside VDAB's own open vacancies
    of the same region and year: two counts, never one series."""
    value: str
    label: str
    text: str
    source: str


@dataclass(frozen=True)
class Areas:
    """What depends on the compared areas only, every year at once."""
    rows: pd.DataFrame                    # the region's municipalities, every year
    years: list[int]                      # the years with vacancies
    compared: dict[str, tuple[str, list[str]]]   # code -> label, municipalities
    series: pd.DataFrame                  # `area_years` of the compared areas, complete years only
    coverage: dict[str, pd.DataFrame]     # area -> municipalities with the year, per year
    export: pd.DataFrame                  # `series` as exported
    together: pd.Series                   # the shown municipalities' tension per complete year
    key: tuple                            # the areas' cache key: the series' charts are built under it
    published: Published | None


@dataclass(frozen=True)
class Sectors:
    """One area's or municipality's vacancies per sector in the year."""
    measure: str                          # "Ontvangen vacatures"
    where: str                            # the area and the year
    shown: pd.DataFrame                   # sectors with a value, largest first
    sums: str
    hidden: str | None
    source: str
    export: pd.DataFrame
    notes: list[str]
    file: str

    @property
    def title(self) -> str:
        return f"{self.measure} per sector, {self.where}"

    def largest(self, n: int) -> tuple[pd.DataFrame, str, str | None]:
        """The `n` largest sectors, the chart's title and a note saying how
        many of how many (none when all are shown): a slide has room for
        a handful of names at 20 px, not for all of VDAB's sectors."""
        if len(self.shown) <= n:
            return self.shown, self.title, None
        return (self.shown.nlargest(n, "value"), f"{self.measure}: de {n} grootste sectoren, {self.where}",
                f"De {n} grootste van {len(self.shown)} sectoren; alle sectoren op de pagina en in de export.")


@dataclass(frozen=True)
class VacaturesModel:
    caption: str
    intro: str
    notice: str | None                    # the chosen year is not VDAB's
    year: int
    span: str
    notices: list[str]                    # a newer year covers only part of an area
    missing: str | None                   # shown municipalities without figures in the year
    compared: dict[str, tuple[str, list[str]]]
    rows: pd.DataFrame                    # the region's municipalities, every year
    series: pd.DataFrame                  # the compared areas' sums and tension, complete years
    series_key: tuple
    series_sources: dict[str, str]        # measure -> source line of its yearly chart
    series_export: pd.DataFrame
    series_notes: list[str]
    published: Published | None
    now: pd.DataFrame                     # the shown municipalities in the year, with `hover`
    hidden_note: str | None               # the legend of `x` when one is hidden
    map_sources: dict[str, str]
    sources: dict[str, str]               # measure -> source line of the year
    places: dict[str, str]                # compared area or municipality -> its name (the sector choice)
    place: str                            # the one chosen first
    tension_title: str
    tension: list[Metric]                 # per compared area, in its last complete year
    tension_source: str
    references: dict[str, float] | None   # the shown municipalities' tension, a line in the ranking
    tension_ranking_source: str
    table: pd.DataFrame
    table_export: pd.DataFrame
    table_notes: list[str]

    def on_map(self, measure: str) -> pd.DataFrame:
        """The year's rows with `measure` as the map's value."""
        return self.now.assign(value=self.now[measure])

    def codes(self, place: str) -> list[str]:
        """The municipalities of a compared area, or the one municipality."""
        return list(self.compared[place][1]) if place in self.compared else [place]


def exported(known: dict[str, dict], table: pd.DataFrame, columns: dict[str, str]) -> pd.DataFrame:
    """An export: `columns` (name -> header), hidden counts as `x` and, on
    a row with one, the legend; with provenance."""
    out = table[list(columns)].rename(columns=columns)
    for name in [c for c in columns if f"{c}_flag" in table]:
        out[columns[name]] = with_hidden(table[name], table[f"{name}_flag"])
    if any(flag in table and (table[flag] == fmt.HIDDEN).any() for flag in [f"{c}_flag" for c in columns]):
        out["Opmerking"] = [fmt.HIDDEN_NOTE if hidden else "" for hidden in table["hidden"]]
    return with_provenance(known, out, SOURCES, False)


def has_year(rows: pd.DataFrame) -> pd.Series:
    """Whether a municipality has the row's year: a value or a hidden one."""
    return rows[VACANCIES].notna().any(axis=1) | (rows[[f"{c}_flag" for c in VACANCIES]] == fmt.HIDDEN).any(axis=1)


def compared_areas(region: str, region_label: str, region_nis_2025: list[str], area: str, nis_2025: list[str],
                   selected: bool, home: Region | None) -> dict[str, tuple[str, list[str]]]:
    """The areas compared (code -> label, municipalities): the regions
    shown, or the selection's own region (`home`, as on every page), and
    the selection."""
    if selected:
        return ({"regio": (home.label, list(home.nis_2025))} if home else {}) | {"selectie": (area, list(nis_2025))}
    return ({key: (r["label"], list(r["nis"])) for key, r in REGIONS.items() if region in (key, "beide")}
            or {region: (region_label, list(region_nis_2025))})


def areas(run: Run, region_nis_2025: list[str], compared: dict[str, tuple[str, list[str]]], area: str,
          nis_2025: list[str], keyed: Keyed = direct) -> Areas:
    """Every year's sums and tension per compared area, only for the years
    every municipality of the area has (a year imported for part of it is
    said), each area's coverage per year, the export, the shown
    municipalities' tension together, and the published figure where its
    region is shown."""
    known = keyed(("indicator_meta",), metas, run)
    rows = run("vacatures_jaar", nis=list(region_nis_2025))
    years = sorted(rows.loc[rows["ontvangen"].notna() | rows["open"].notna(), "year"].unique().tolist())
    has = has_year(rows)
    covered = {label: coverage(rows[rows["nis"].isin(codes)], has) for label, codes in compared.values()}
    full = {(label, y) for label, c in covered.items() for y in c.loc[c["present"] >= c["expected"], "year"]}
    every = area_years(rows, {label: codes for label, codes in compared.values()})
    series = every[[key in full for key in zip(every["area"], every["year"])]]
    shown = rows["nis"].isin(nis_2025)
    cover = coverage(rows[shown], has[shown])
    whole = cover.loc[cover["present"] >= cover["expected"], "year"]
    together = area_years(rows, {area: list(nis_2025)}).set_index("year")[TENSION]
    key = ("vacatures", tuple(region_nis_2025), *((code, label, tuple(c)) for code, (label, c) in compared.items()))
    with_published = bool(set(REGIONS[PUBLISHED["region"]]["nis"]) & set(region_nis_2025))
    return Areas(rows, years, compared, series, covered, exported(known, series, SERIES_COLUMNS),
                 together[together.index.isin(whole)], key,
                 published_figure(run, known, keyed) if with_published else None)


def published_figure(run: Run, known: dict[str, dict], keyed: Keyed) -> Published:
    """The published August 2021 figure with its own definition, beside
    VDAB's own open-vacancy count for the same region and year."""
    region = REGIONS[PUBLISHED["region"]]
    year = int(PUBLISHED["period"][:4])
    vdab = keyed(("vacatures gepubliceerd", tuple(region["nis"])), area_years,
                 run("vacatures_jaar", nis=region["nis"]), {region["label"]: region["nis"]})
    vdab_open = vdab.loc[vdab["year"] == year, "open"].iat[0]
    return Published(
        fmt.number(PUBLISHED["value"]), PUBLISHED["label"],
        f"**Een gepubliceerd cijfer, een andere telling.** {PUBLISHED['definition']} VDAB telt in zijn eigen "
        f"cijfers hierboven voor de {region['label']} in {year} **{fmt.number(vdab_open)}** openstaande "
        f"vacatures (jaarcijfer). Het zijn twee verschillende tellingen: zet ze niet in één reeks en tel ze "
        f"niet op.",
        f"Bron: {PUBLISHED['producer']}, {PUBLISHED['source']}: “{PUBLISHED['quote']}”. VDAB-cijfer: "
        + source_text(known, [PUBLISHED["vdab_indicator"]], year, modelled=False)[len("Bron: "):])


def collect(run: Run, region: str, region_label: str, region_nis_2025: list[str], area: str,
            nis_2025: list[str], selected_2025: list[str], home: Region | None, year: int,
            keyed: Keyed = direct) -> VacaturesModel | None:
    """What Vacatures shows for the shared filters: the region `region`
    (named `region_label`, its municipalities on the 2025 map
    `region_nis_2025`), the shown `area` (`nis_2025`; `selected_2025`: the
    chosen ones, empty for the whole region) against its `home` region
    (`Filters.home_region`), the chosen
    `year` (VDAB's latest up to it, else its latest). None when VDAB has
    no vacancies for the region."""
    compared = compared_areas(region, region_label, region_nis_2025, area, nis_2025, bool(selected_2025), home)
    key = ("vacatures areas", tuple(region_nis_2025), area, tuple(nis_2025),
           *((code, label, tuple(c)) for code, (label, c) in compared.items()))
    a = keyed(key, areas, run, region_nis_2025, compared, area, nis_2025, keyed)
    if not a.years:
        return None
    known = keyed(("indicator_meta",), metas, run)
    names = keyed(("municipality names",), names_of, run)
    shown = shown_year(a.years, year)
    span = f"{a.years[0]}-{a.years[-1]}"

    def source(indicators: list[str] = SOURCES, reference: str | int = shown, extra: str | None = None) -> str:
        return source_text(known, indicators, reference, extra, modelled=False)

    area_year, _, partial = covered_year(a.coverage, shown)
    now = in_year(a.rows[a.rows["nis"].isin(nis_2025)], shown)
    # The same as text, `x` where hidden: for the tooltips and the table.
    now_text = now.assign(**{c: [fmt.flagged(v, flag, 2 if c == TENSION else 0)
                                 for v, flag in zip(now[c], now[f"{c}_flag"])] for c in [*COUNTS, TENSION]})
    missing = sorted(set(nis_2025) - set(now["nis"]), key=names.get)
    hover = [f"{r} ontvangen vacatures<br>{o} openstaande vacatures<br>{n} niet-werkende werkzoekenden<br>"
             f"spanningsindicator {s} ({shown})"
             for r, o, n, s in zip(now_text["ontvangen"], now_text["open"], now_text["nwwz"], now_text[TENSION])]
    current = a.series[a.series["year"] == area_year]
    together = a.together.get(shown)
    places = {code: label for code, (label, _) in compared.items()} | {
        code: names[code] for code in sorted(nis_2025, key=names.get)}
    ordered = now.sort_values("name_nl")
    return VacaturesModel(
        caption=f"**{area}**" + (f" · {home.label}" if selected_2025 and home else ""),
        intro=f"VDAB-jaarcijfers {span}: vacatures die VDAB in de loop van het jaar ontving, openstaande vacatures "
              f"en niet-werkende werkzoekenden (jaargemiddelde). Referentiejaar {shown}: het jaarfilter in de "
              f"zijbalk.",
        notice=None if shown == year else (f"VDAB publiceert geen vacaturecijfers per gemeente voor {year} "
                                           f"(reeks {span}); getoond: {shown}."),
        year=shown, span=span, notices=partial,
        missing=(f"Geen VDAB-cijfers voor {len(missing)} gemeente(n) in {shown} (o.a. "
                 f"{', '.join(names[c] for c in missing[:3])}); ze ontbreken ook in de sommen.") if missing else None,
        compared=compared, rows=a.rows, series=a.series, series_key=a.key,
        series_sources={m: source([INDICATORS[m]], span) for m in VACANCIES},
        series_export=a.export, series_notes=[source(reference=span), HOW_TO_READ], published=a.published,
        now=now.assign(hover=hover),
        hidden_note=(fmt.HIDDEN_NOTE + ". Een som over een gebied laat verborgen waarden weg.")
        if now["hidden"].any() else None,
        map_sources={m: source([INDICATORS[m]], extra="gemeentekaart 2025 (gefusioneerde gemeenten uit hun grenzen "
                                                      "van 2019)") for m in VACANCIES},
        sources={m: source([INDICATORS[m]]) for m in VACANCIES},
        places=places,
        place=selected_2025[0] if len(selected_2025) == 1 else ("selectie" if selected_2025 else next(iter(compared))),
        tension_title=f"Spanning: werkzoekenden per ontvangen vacature, {shown}",
        tension=[Metric(f"{r['area']}, {area_year}", fmt.number(r[TENSION], 2),
                        delta=f"{fmt.number(r['nwwz'])} werkzoekenden · {fmt.number(r['ontvangen'])} ontvangen "
                              "vacatures") for _, r in current.iterrows()],
        tension_source=source(TENSION_SOURCES, span, TENSION_EXTRA),
        references={f"{area}: {fmt.number(together, 2)}": together} if pd.notna(together) else None,
        tension_ranking_source=source(TENSION_SOURCES, extra=TENSION_EXTRA),
        table=now_text.sort_values("name_nl")[list(TABLE_COLUMNS)].rename(columns=TABLE_COLUMNS),
        table_export=exported(known, ordered, TABLE_COLUMNS),
        table_notes=[source(extra=TENSION_EXTRA), HOW_TO_READ, fmt.HIDDEN_NOTE])


def by_sector(run: Run, rows: pd.DataFrame, region_nis_2025: list[str], codes: list[str], place: str, kind: str,
              year: int, keyed: Keyed = direct) -> Sectors:
    """The vacancies (`kind`: received or open) per sector of `codes`
    (named `place`) in `year`, against VDAB's total of them (`rows`:
    `vacatures_jaar` of the region)."""
    known = keyed(("indicator_meta",), metas, run)
    found = sectors(run("vacatures_sectoren", indicator=INDICATORS[kind], nis=list(region_nis_2025), year=year),
                    codes, year, SECTORS)
    shown = found[found["value"].notna()]
    total = rows.loc[rows["nis"].isin(codes) & (rows["year"] == year), kind].sum(min_count=1)
    hidden = found["flag"] == fmt.HIDDEN
    source = source_text(known, [INDICATORS[kind]], year, modelled=False)
    return Sectors(
        LABELS[kind], f"{place}, {year}", shown.rename(columns={"label": "name_nl"}),
        f"Som van de sectoren: {fmt.number(shown['value'].sum())}; totaal volgens VDAB: {fmt.number(total)}. "
        "Sectoren die de bron als onbekend ('?') geeft, ontbreken.",
        f"Verborgen (x): {', '.join(found.loc[hidden, 'label'])}. " + fmt.HIDDEN_NOTE if hidden.any() else None,
        source,
        with_provenance(known, found.assign(year=year, place=place, value=with_hidden(found["value"], found["flag"]))[
            ["place", "year", "label", "value"]].rename(columns={
                "place": "Gebied", "year": "Jaar", "label": "Sector", "value": LABELS[kind]}), [INDICATORS[kind]],
                        False),
        [source, fmt.HIDDEN_NOTE], f"vacatures_sectoren_{kind}_{place.replace(' ', '-')}_{year}")
