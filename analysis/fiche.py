"""The Gemeentefiche: every figure the store holds for one municipality,
beside its area (its region, or its arrondissement outside the two regions)
and Flanders, each with its reference period and quality. Query results in
(see `page_models.fiche.collect`), dataclasses out; the page, the summary text and
the printable report all read the same `Fiche`."""
from __future__ import annotations

import math
import re
from dataclasses import dataclass

import pandas as pd

from analysis import arbeidsmarkt as am, trajecten as tr
from analysis.employment import ranking
from analysis.suppression import SHOWN, as_text
from analysis.years import reference_year
from common.vocabulary import ALL_GROUPS, FLANDERS
from common.format import HIDDEN

OFFICIAL, MODELLED = "official", "modelled"


@dataclass(frozen=True)
class Area:
    """What the municipality is compared with."""
    label: str
    nis: tuple[str, ...]


@dataclass(frozen=True)
class Employment:
    year: int | None                 # reference year: the latest <= the chosen one with a rate
    rate: float | None
    quality: str
    gap_points: float | None         # rate - target (negative: below)
    working_age: float | None
    working_age_quality: str | None
    people_needed: float | None      # extra residents at work to reach the target
    rank: int | None                 # 1 = highest rate in the area
    ranked: int
    area_rate: float | None          # population-weighted
    flanders_rate: float | None
    first_year: int | None
    change_since_first: float | None
    trend: pd.DataFrame              # area, year, rate: the municipality, its area, Flanders


@dataclass(frozen=True)
class Groups:
    """The Kansengroepen page's series for the municipality (official
    first, modelled second, `loaders.model_doelgroepen.SERIES`), each in its
    own reference year (the latest up to the chosen one: a modelled group
    stops in the model's last year), never added together."""
    table: pd.DataFrame    # series, label, indicator, year, quality, unit, value, hidden, per_1000 (NaN for a
                           # rate), area_per_1000, flanders_per_1000
    series: pd.DataFrame   # area, year, series, per_1000: the count series every year (municipality, area, Flanders)

    @property
    def years(self) -> list[int]:
        return sorted(set(self.table["year"]))

    @property
    def modelled(self) -> bool:
        return bool((self.table["quality"] == MODELLED).any())


@dataclass(frozen=True)
class Jobseekers:
    """VDAB's jobseeker rate (werkzoekendengraad: NWWZ as a share of the
    labour force) and NWWZ (annual average) in the reference year. The
    area's and Flanders' rates are computed from the municipalities' counts
    (`analysis.arbeidsmarkt`), never averaged; `coverage` says when a
    municipality with a hidden or missing count was left out."""
    year: int | None
    rate: float | None
    hidden: bool
    nwwz: float | None
    nwwz_hidden: bool
    area_rate: float | None
    flanders_rate: float | None
    coverage: dict[str, str]   # area label -> "29 van 30 gemeenten (1 verborgen)", or ""
    series: pd.DataFrame       # area, year, rate, hidden (the municipality's rate hidden, or an area's input):
                               # the municipality (published), its area and Flanders (computed)
    groups: pd.DataFrame       # target_group, year, rate, hidden: the municipality by sex and age


@dataclass(frozen=True)
class Vacancies:
    """VDAB's yearly vacancies in the reference year, and the tension:
    VDAB's spanningsindicator, NWWZ per vacancy received (the lower, the
    tighter the market), for an area from its summed counts."""
    year: int | None
    received: float | None
    open: float | None
    jobseekers: float | None
    hidden: dict[str, bool]    # 'ontvangen', 'open', 'nwwz' -> hidden by the producer
    tension: float | None
    area_tension: float | None
    flanders_tension: float | None
    coverage: dict[str, str]
    counts: pd.DataFrame       # the municipality per year: year, ontvangen, open, nwwz and their *_flag
    series: pd.DataFrame       # area, year, spanning


@dataclass(frozen=True)
class Breakdown:
    """A count split into groups (WZW by nationality and by origin) in the
    reference year: the municipality's count and share of its total per
    group, beside its area's and Flanders' shares from summed counts (a
    municipality whose group or total is hidden is left out of that sum)."""
    indicator: str
    year: int | None
    total: float | None
    table: pd.DataFrame        # target_group, value, hidden, share, area_share, flanders_share


@dataclass(frozen=True)
class Programme:
    """A partnership programme of the municipality's region: what its
    source published for the whole programme (official, never more), and
    the model's split of those totals to the municipality, with counts of 1
    to 4 (and what would reveal them) hidden as statistical offices do."""
    code: str
    label: str
    years: str                 # the programme's period, e.g. '2016-2022'
    where: str                 # where it runs: 'Kortrijk sinds 2016, Menen sinds 2020', 'Westhoek'
    published: pd.Series       # category -> count as published for the whole programme (empty: none)
    budget: float | None       # yearly budget in euro as published (None: not published)
    local_years: str | None    # when it ran in the municipality (Menen: '2020-2022'); None: not there
    counts: pd.Series          # category -> modelled count in the municipality (empty: none)
    marks: pd.Series           # category -> suppression mark (analysis.suppression)

    def values(self) -> pd.Series:
        """Counts with hidden ones as NaN (for charts)."""
        return self.counts.astype(float).where(self.marks == SHOWN)

    def text(self, number) -> pd.Series:
        """Counts as shown: `number(count)`, or "<5" / "x" where hidden."""
        return as_text(self.counts.to_frame().T, self.marks.to_frame().T, number).iloc[0]


@dataclass(frozen=True)
class Fiche:
    nis: str
    name: str
    area: Area
    year: int              # the chosen year (shared filter)
    employment: Employment
    groups: Groups
    vacancies: Vacancies
    jobseekers: Jobseekers
    origin: Breakdown
    profile: pd.DataFrame      # the municipality's newcomers and pupils' home language: indicator, target_group,
                               # year, value, hidden
    programmes: list[Programme]
    indicators: pd.DataFrame   # every figure: indicator, label, value, hidden, unit, decimals, period, quality,
                               # source (`COLUMNS`), long breakdowns by their total only
    breakdowns: pd.DataFrame   # the groups of indicators with a long breakdown (`LONG`), same columns + group
    sources: pd.DataFrame      # indicator_meta rows of every indicator shown


def area_of(nis: str, municipalities: pd.DataFrame, regions: dict[str, dict]) -> Area:
    """The municipality's region (Westhoek, W13), or else its arrondissement
    (any other Flemish municipality), current municipalities only."""
    for region in regions.values():
        if nis in region["nis"]:
            return Area(region["label"], tuple(region["nis"]))
    row = municipalities.set_index("nis").loc[nis]
    peers = municipalities[(municipalities["arr_nl"] == row["arr_nl"]) & municipalities["in_2019_boundaries"]]
    return Area(row["arr_nl"], tuple(peers["nis"]))


def _value_in(rows: pd.DataFrame, year: int | None, column: str = "rate") -> float | None:
    match = rows.loc[rows["year"] == year, column]
    return float(match.iat[0]) if len(match) else None


def employment(rates: pd.DataFrame, nis: str, name: str, area: Area, year: int, area_weighted: pd.DataFrame,
               flanders_weighted: pd.DataFrame, quality: str = OFFICIAL) -> Employment:
    """`rates`: `werkzaamheid_gemeenten` rows of the area; the weighted
    frames: `rate_weighted` rows (year, rate) of the area and of Flanders."""
    own = rates[rates["nis"] == nis].sort_values("year")
    trend = pd.concat([own[["year", "rate"]].assign(area=name),
                       area_weighted[["year", "rate"]].assign(area=area.label),
                       flanders_weighted[["year", "rate"]].assign(area=FLANDERS)], ignore_index=True)
    known = own.loc[own["year"] <= year, "year"]
    if known.empty:
        return Employment(None, None, quality, None, None, None, None, None, 0, None, None, None, None,
                          trend[["area", "year", "rate"]])
    ref = int(known.max())
    table = ranking(rates, list(area.nis), ref)
    row = table.set_index("nis").loc[nis]
    first = own.iloc[0]
    return Employment(
        year=ref, rate=float(row["rate"]), quality=quality, gap_points=float(row["gap_points"]),
        working_age=_float(row["working_age"]), working_age_quality=row["working_age_quality"] or None,
        people_needed=_float(row["people_needed"]), rank=int(row["rank"]), ranked=int(row["ranked"]),
        area_rate=_value_in(area_weighted, ref), flanders_rate=_value_in(flanders_weighted, ref),
        first_year=int(first["year"]), change_since_first=float(row["rate"] - first["rate"]),
        trend=trend[["area", "year", "rate"]])


def _float(value) -> float | None:
    return None if pd.isna(value) else float(value)


def groups(own: pd.DataFrame, area_totals: pd.DataFrame, flanders_totals: pd.DataFrame, name: str, area: Area,
           year: int, series: list) -> Groups:
    """`own`: `kansengroepen` rows of the municipality (every year);
    `area_totals`, `flanders_totals`: `kansengroepen_totals` rows of its
    area and of Flanders; `series`: `model_doelgroepen.SERIES` (display
    order). Each series in its own reference year; a rate (unit '%') has no
    rate per 1,000 and no area sum (it does not add up)."""
    columns = ["series", "label", "indicator", "year", "quality", "unit", "value", "hidden", "per_1000",
               "area_per_1000", "flanders_per_1000"]
    # Looked up in dicts, not by a boolean mask per series and total: the masks were a fifth of a
    # first visit's run (nine series, three frames each).
    first = {}
    for r in own.to_dict("records"):
        first.setdefault((r["series"], int(r["year"])), r)
    years: dict[str, list[int]] = {}
    for code, y in first:
        years.setdefault(code, []).append(y)
    at = [dict(zip(zip(t["series"], t["year"].astype(int)), t["per_1000"])) for t in (area_totals, flanders_totals)]
    rows = []
    for s in series:
        ref, _ = reference_year(years.get(s.code, []), year)
        if ref is None:
            continue
        r = first[(s.code, ref)]
        rows.append([s.code, s.label, s.indicator, ref, r["quality"], r["unit"], _float(r["value"]),
                     bool(r["hidden"]), _float(r["per_1000"]), *(_float(t.get((s.code, ref))) for t in at)])
    per_year = pd.concat([own.assign(area=name), area_totals.assign(area=area.label),
                          flanders_totals.assign(area=FLANDERS)], ignore_index=True)
    per_year = per_year[per_year["per_1000"].notna()]
    return Groups(pd.DataFrame(rows, columns=columns), per_year[["area", "year", "series", "per_1000"]]
                  .reset_index(drop=True))


def vdab_areas(rows: pd.DataFrame, nis: str, name: str, area: Area, flanders: list[str]) -> pd.DataFrame:
    """`analysis.arbeidsmarkt.area_figures` of the municipality, its area and
    Flanders (`arbeidsmarkt_gemeenten` rows of them all), with an `area` column."""
    return pd.concat([am.area_figures(rows, codes).assign(area=label)
                      for label, codes in ((name, [nis]), (area.label, list(area.nis)), (FLANDERS, flanders))],
                     ignore_index=True)


def _figure(figures: pd.DataFrame, measure: str, year: int | None) -> dict[str, dict]:
    """Per area: the `area_figures` row of `measure` in `year` (empty without)."""
    rows = figures[(figures["measure"] == measure) & (figures["year"] == year)]
    return {r["area"]: r for r in rows.to_dict("records")}


def jobseekers(figures: pd.DataFrame, rows: pd.DataFrame, nis: str, name: str, area: Area, year: int) -> Jobseekers:
    """`figures`: `vdab_areas`; `rows`: the municipality's `fiche_series` rows
    of the jobseeker rate (every target group) and NWWZ."""
    own = rows[(rows["nis"] == nis) & (rows["indicator"] == am.RATE)]
    ref, _ = reference_year(own["year"], year)
    rates = figures[figures["measure"] == am.RATE]
    series = pd.DataFrame({"area": rates["area"], "year": rates["year"], "rate": rates["value"],
                           "hidden": rates["hidden"] > 0})
    groups = own[own["target_group"] != ALL_GROUPS].rename(columns={"value": "rate"})[
        ["target_group", "year", "rate", "hidden"]].reset_index(drop=True)
    now, nwwz = _figure(figures, am.RATE, ref), _figure(figures, am.NWWZ, ref)
    mine, count = now.get(name, {}), nwwz.get(name, {})
    return Jobseekers(ref, _float(mine.get("value")), bool(mine.get("hidden")), _float(count.get("value")),
                      bool(count.get("hidden")), _float(now.get(area.label, {}).get("value")),
                      _float(now.get(FLANDERS, {}).get("value")),
                      {label: am.coverage(now[label]) for label in (area.label, FLANDERS) if label in now},
                      series, groups)


def vacancies(figures: pd.DataFrame, counts: pd.DataFrame, nis: str, name: str, area: Area, year: int) -> Vacancies:
    """`figures`: `vdab_areas`; `counts`: `vacatures_jaar` rows of the municipality."""
    own = counts[counts["nis"] == nis].sort_values("year").reset_index(drop=True)
    tension = figures[figures["measure"] == am.TENSION]
    series = pd.DataFrame({"area": tension["area"], "year": tension["year"], "spanning": tension["value"]})
    ref, _ = reference_year(own["year"], year)
    if ref is None:
        return Vacancies(None, None, None, None, {}, None, None, None, {}, own, series)
    row = own.set_index("year").loc[ref]
    now = _figure(figures, am.TENSION, ref)
    return Vacancies(ref, _float(row["ontvangen"]), _float(row["open"]), _float(row["nwwz"]),
                     {c: row[f"{c}_flag"] == HIDDEN for c in ("ontvangen", "open", "nwwz")},
                     *(_float(now.get(label, {}).get("value")) for label in (name, area.label, FLANDERS)),
                     {label: am.coverage(now[label]) for label in (area.label, FLANDERS) if label in now},
                     own, series)


def breakdown(rows: pd.DataFrame, indicator: str, nis: str, area: Area, flanders: list[str], year: int,
              order: list[str]) -> Breakdown:
    """`rows`: `fiche_series` rows of `indicator` (groups and 'totaal') for
    (at least) the area and Flanders; `order`: group codes in display order."""
    rows = rows[rows["indicator"] == indicator]
    ref, _ = reference_year(rows.loc[rows["nis"] == nis, "year"], year)
    wide = rows[rows["year"] == ref].pivot(index="nis", columns="target_group", values="value")
    hidden = rows[(rows["year"] == ref) & (rows["nis"] == nis)].set_index("target_group")["hidden"]
    codes = [c for c in order if c in wide.columns and c != ALL_GROUPS]
    total = wide[ALL_GROUPS] if ALL_GROUPS in wide else pd.Series(float("nan"), index=wide.index)

    def shares(members) -> list[float]:
        """Each group's share (%) of the total over `members`, from the
        municipalities that have both figures (all groups at once: a mask
        per group and area was a sixth of a first visit of a year)."""
        inside = wide.index.isin(members) & total.notna().to_numpy()
        values = wide.loc[inside, codes]
        counted = values.notna()
        share = 100 * values.sum() / counted.mul(total[inside], axis=0).sum()
        return [float("nan") if pd.isna(v) or not math.isfinite(v) else v for v in share.reindex(codes)]

    mine = wide.loc[nis] if nis in wide.index else pd.Series(dtype=float)
    table = pd.DataFrame({
        "target_group": codes, "value": [mine.get(c) for c in codes],
        "hidden": [bool(hidden.get(c, False)) for c in codes], "share": shares([nis]),
        "area_share": shares(area.nis), "flanders_share": shares(flanders)})
    return Breakdown(indicator, ref, _float(mine.get(ALL_GROUPS)), table)


def span(first: int, last: int) -> str:
    return str(first) if first == last else f"{first}-{last}"


def programme(code: str, label: str, years: str, where: str, published: pd.Series, budget: float | None,
              local_years: str | None, cells: pd.DataFrame | None, events: pd.DataFrame | None, nis: str,
              area: Area, reasons: list[str]) -> Programme:
    """One programme of the municipality's region; `cells`/`events`: its
    `trajectory_cells`/`trajectory_timeseries` over the area (None where
    it does not run in the municipality). The area's municipalities are the
    table's rows, so the hidden cells are the same whatever the shared
    filter says."""
    counts = marks = pd.Series(dtype=object)
    if cells is not None:
        table = tr.counts(cells, events, list(area.nis), reasons)
        if nis in table.table.index and table.table.at[nis, tr.STARTED] > 0:
            total = table.table.loc[tr.REGION_ROW]
            columns = [c for c in table.table.columns if c == tr.STARTED or total[c] > 0]
            counts, marks = table.table.loc[nis, columns], table.marks.loc[nis, columns]
    return Programme(code, label, years, where, published, budget, local_years, counts, marks)


# Reading order of the stored indicators: the latest labour-market figures first, the employment rate (to 2015)
# and the modelled target groups after them; others (imports of new indicators) follow.
ORDER = ["werkzoekendengraad", "nwwz", "wzw", "wzw_aandeel", "vacatures_ontvangen", "vacatures_open", "nieuwkomers",
         "nieuwkomers_niet_eu", "nieuwkomers_per_1000", "thuistaal_niet_nederlands",
         "jongeren_niet_belgische_herkomst", "jongeren_herkomst_aandeel", "werkzaamheidsgraad", "bevolking",
         "bevolking_20_64", "bevolking_herkomst", "bevolking_nationaliteit", "doelgroep_omvang", "trajecten",
         "trajecten_gepubliceerd"]
GROUP_INDICATOR = "doelgroep_omvang"
GROUPED = {GROUP_INDICATOR}    # indicators whose total row, too, is named after its target group
LONG = 10   # an indicator with more groups than this shows its total in the table, its groups in `breakdowns`
EXPORT_NOTE = re.compile(r"\(export[^)]*\)$")

# Derived figures in the indicator table: label, unit, decimals, placed after this stored indicator.
DERIVED = {
    "jobseekers_area": ("Werkzoekendengraad {area} (berekend)", "%", 1, "werkzoekendengraad"),
    "jobseekers_flanders": ("Werkzoekendengraad Vlaanderen (berekend)", "%", 1, "werkzoekendengraad"),
    "tension": ("Spanningsindicator: niet-werkende werkzoekenden per ontvangen vacature",
                "werkzoekenden per vacature", 2, "vacatures_ontvangen"),
    "tension_area": ("Spanningsindicator {area}", "werkzoekenden per vacature", 2, "vacatures_ontvangen"),
    "gap": ("Afstand tot de doelstelling van 80 %", "procentpunten", 1, "werkzaamheidsgraad"),
    "people": ("Extra werkenden nodig voor 80 %", "personen", 0, "werkzaamheidsgraad"),
    "rank": ("Rang in {area} (1 = hoogste werkzaamheidsgraad)", "rang", 0, "werkzaamheidsgraad"),
    "area_rate": ("Werkzaamheidsgraad {area} (gewogen)", "%", 1, "werkzaamheidsgraad"),
    "flanders_rate": ("Werkzaamheidsgraad Vlaanderen (gewogen)", "%", 1, "werkzaamheidsgraad"),
    "per_1000": ("{what}, per 1.000 inwoners", "per 1.000 inwoners", 1, "doelgroep_omvang"),
}
COLUMNS = ["indicator", "label", "value", "hidden", "unit", "decimals", "period", "quality", "source"]


def provenance(source: str | None, producer: str | None) -> str:
    """A value's own source with the export date its producer's string
    carries: `VDAB - Vacatures, via provincies.incijfers.be (export 21/05/2026)`."""
    if not source:
        return producer or ""
    dated = EXPORT_NOTE.search(producer or "")
    return f"{source} {dated[0]}" if dated and dated[0] not in source else source


def indicator_table(rows: pd.DataFrame, parts: tuple[Employment, Groups, Jobseekers, Vacancies], area: Area,
                    group_labels: dict[str, str]) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Every stored figure (`fiche_indicators` rows, hidden ones included)
    and the figures derived from them, in reading order (`COLUMNS`); and
    the groups of indicators with more than `LONG` of them (the 28 sectors
    of the vacancies), largest first, which the table gives by their total
    only. A derived figure takes the quality of its inputs: modelled as
    soon as one of them is."""
    e, g, j, v = parts
    rank = {code: k for k, code in enumerate(group_labels)} | {ALL_GROUPS: -1}
    unknown = len(rank)
    producers = dict(zip(rows["indicator"], rows["producer"]))
    stored = rows.assign(
        label=[f"{label} – {group_labels.get(group, group)}" if group != ALL_GROUPS or indicator in GROUPED
               else label for label, group, indicator in rows[["label", "target_group", "indicator"]].itertuples(
                   index=False)],
        source=[provenance(s, p) for s, p in zip(rows["source"], rows["producer"])],
        order=[(reading_order(i), rank.get(t, unknown), 0) for i, t in zip(rows["indicator"], rows["target_group"])])
    groups_per = stored[stored["target_group"] != ALL_GROUPS].groupby("indicator")["target_group"].nunique()
    long = stored["indicator"].isin(groups_per[groups_per > LONG].index) & (stored["target_group"] != ALL_GROUPS)
    derived = []

    def add(key: str, value, period, quality: str, how: str, group: str = ALL_GROUPS, sub: int = 1,
            **names) -> None:
        if value is None or pd.isna(value):
            return
        label, unit, decimals, after = DERIVED[key]
        derived.append({"indicator": after, "label": label.format(area=area.label, **names), "value": float(value),
                        "hidden": False, "unit": unit, "decimals": decimals, "period": str(period),
                        "quality": quality, "source": f"berekend: {how} ({producers.get(after, '')})",
                        "order": (reading_order(after), rank.get(group, unknown), sub)})

    if j.year is not None:
        how = "NWWZ ÷ (NWWZ ÷ werkzoekendengraad), opgeteld over de gemeenten"
        add("jobseekers_area", j.area_rate, j.year, am.COMPUTED, how + _covers(j.coverage, area.label))
        add("jobseekers_flanders", j.flanders_rate, j.year, am.COMPUTED, how + _covers(j.coverage, FLANDERS),
            sub=2)
    if v.year is not None:
        add("tension", v.tension, v.year, am.COMPUTED, "NWWZ ÷ ontvangen vacatures")
        add("tension_area", v.area_tension, v.year, am.COMPUTED,
            "opgetelde NWWZ ÷ opgetelde ontvangen vacatures" + _covers(v.coverage, area.label), sub=2)
    if e.year is not None:
        needs = MODELLED if MODELLED in (e.working_age_quality, e.quality) else e.quality
        add("gap", e.gap_points, e.year, e.quality, "werkzaamheidsgraad − 80 %")
        add("people", e.people_needed, e.year, needs, "(80 % − werkzaamheidsgraad) × bevolking 20-64 jaar", sub=2)
        add("rank", e.rank, e.year, e.quality, f"{e.ranked} gemeenten met een waarde", sub=3)
        add("area_rate", e.area_rate, e.year, e.quality, "gewogen met de bevolking op 1 januari", sub=4)
        add("flanders_rate", e.flanders_rate, e.year, e.quality, "gewogen met de bevolking op 1 januari", sub=5)
    for r in g.table[g.table["indicator"] == GROUP_INDICATOR].itertuples():   # the stored sizes' rates
        add("per_1000", r.per_1000, r.year, r.quality, "omvang ÷ bevolking op 1 januari × 1.000", r.series,
            what=r.label)
    table = pd.concat([stored[~long], pd.DataFrame(derived)], ignore_index=True)
    breakdowns = stored[long].assign(group=stored.loc[long, "target_group"].map(lambda c: group_labels.get(c, c)),
                                     first=[o[0] for o in stored.loc[long, "order"]])
    breakdowns = breakdowns.sort_values(["first", "value"], ascending=[True, False], na_position="last")
    return (table.sort_values("order", kind="stable")[COLUMNS].reset_index(drop=True),
            breakdowns[[*COLUMNS, "group"]].reset_index(drop=True))


def _covers(coverage: dict[str, str], label: str) -> str:
    return f"; {label}: {coverage[label]}" if coverage.get(label) else ""


def reading_order(indicator: str) -> int:
    """Place of an indicator in the fiche's tables and source lists."""
    return ORDER.index(indicator) if indicator in ORDER else len(ORDER)
