"""The Gemeentefiche: every figure the store holds for one municipality,
beside its area (its region, or its arrondissement outside the two regions)
and Flanders, each with its reference period and quality. Query results in
(see `ui.fiche.collect`), dataclasses out; the page, the summary text and
the printable report all read the same `Fiche`."""
from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from analysis import trajecten as tr
from analysis.employment import ranking
from analysis.kansengroepen import area_totals
from analysis.suppression import SHOWN, as_text
from analysis.vacatures import area_series

FLANDERS = "Vlaanderen"
OFFICIAL, MODELLED = "official", "modelled"
TOTAL_GROUP = "totaal"


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
    year: int | None
    quality: str
    table: pd.DataFrame    # target_group, value, per_1000, area_per_1000, flanders_per_1000 ('totaal' first)
    series: pd.DataFrame   # area, year, target_group, per_1000


@dataclass(frozen=True)
class Vacancies:
    period: str | None     # 'YYYY-MM', the latest month
    quality: str
    vacancies: float | None
    jobseekers: float | None
    tension: float | None  # vacancies per jobseeker
    area_tension: float | None
    flanders_tension: float | None
    series: pd.DataFrame   # area, period, vacatures, werkzoekenden, spanning


@dataclass(frozen=True)
class Programme:
    """A partnership programme with trajectories in the municipality; counts
    of 1 to 4 (and what would reveal them) hidden as statistical offices do."""
    code: str
    label: str
    years: str             # the programme's years, e.g. '2016-2022'
    counts: pd.Series      # category -> count in the municipality
    marks: pd.Series       # category -> suppression mark (analysis.suppression)
    area_started: int      # started in the whole area (never hidden)

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
    programmes: list[Programme]
    indicators: pd.DataFrame   # every figure: label, value, unit, decimals, period, quality, source
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


def _per_year(rows: pd.DataFrame, label: str) -> pd.DataFrame:
    totals = area_totals(rows, label, by=("period", "target_group"))
    return totals.assign(year=totals["period"].astype(int)).drop(columns="period")


def groups(rows: pd.DataFrame, nis: str, name: str, area: Area, flanders: list[str], year: int,
           order: list[str]) -> Groups:
    """`rows`: `doelgroepen` rows of every year for (at least) Flanders and
    the area; `order`: the group codes in display order ('totaal' first)."""
    own = rows[rows["nis"] == nis]
    series = pd.concat([_per_year(own, name), _per_year(rows[rows["nis"].isin(area.nis)], area.label),
                        _per_year(rows[rows["nis"].isin(flanders)], FLANDERS)], ignore_index=True)
    years = sorted(int(p) for p in own["period"].unique())
    ref = max([y for y in years if y <= year] or years[:1] or [None])
    columns = ["target_group", "value", "per_1000", "area_per_1000", "flanders_per_1000"]
    if ref is None:
        return Groups(None, MODELLED, pd.DataFrame(columns=columns),
                      series[["area", "year", "target_group", "per_1000"]])
    now = series[series["year"] == ref].pivot(index="target_group", columns="area", values="per_1000")
    mine = own[own["period"] == str(ref)].set_index("target_group")
    codes = [c for c in order if c in mine.index]
    table = pd.DataFrame({"target_group": codes, "value": mine["value"].reindex(codes).to_numpy(),
                          "per_1000": mine["per_1000"].reindex(codes).to_numpy(),
                          "area_per_1000": now[area.label].reindex(codes).to_numpy(),
                          "flanders_per_1000": now[FLANDERS].reindex(codes).to_numpy()})
    quality = MODELLED if (mine["quality"] == MODELLED).any() else OFFICIAL
    return Groups(ref, quality, table, series[["area", "year", "target_group", "per_1000"]])


def vacancies(rows: pd.DataFrame, nis: str, name: str, area: Area, flanders: list[str]) -> Vacancies:
    """`rows`: `vacatures_maand` rows for (at least) Flanders and the area."""
    series = area_series(rows, {name: [nis], area.label: list(area.nis), FLANDERS: flanders})
    own = rows[rows["nis"] == nis]
    if own.empty:
        return Vacancies(None, MODELLED, None, None, None, None, None, series.iloc[0:0])
    period = own["period"].max()
    now = series[series["period"] == period].set_index("area")
    return Vacancies(period, MODELLED if own["modelled"].any() else OFFICIAL,
                     float(now.at[name, "vacatures"]), float(now.at[name, "werkzoekenden"]),
                     _float(now.at[name, "spanning"]), _float(now.at[area.label, "spanning"]),
                     _float(now.at[FLANDERS, "spanning"]), series)


def programme(cells: pd.DataFrame, events: pd.DataFrame, nis: str, area: Area, reasons: list[str], code: str,
              label: str, years: str) -> Programme | None:
    """From `trajectory_cells`/`trajectory_timeseries` of one programme over
    the area; None when the programme has no trajectory in the municipality.
    The area's municipalities are the table's rows, so the hidden cells are
    the same whatever the shared filter says."""
    counts = tr.counts(cells, events, list(area.nis), reasons)
    if nis not in counts.table.index or counts.table.at[nis, tr.STARTED] == 0:
        return None
    total = counts.table.loc[tr.REGION_ROW]
    columns = [c for c in counts.table.columns if c == tr.STARTED or total[c] > 0]
    return Programme(code, label, years, counts.table.loc[nis, columns], counts.marks.loc[nis, columns],
                     int(total[tr.STARTED]))


# Reading order of the stored indicators; others (imports of new indicators) follow.
ORDER = ["werkzaamheidsgraad", "bevolking", "bevolking_20_64", "doelgroep_omvang", "vacatures", "werkzoekenden",
         "trajecten", "trajecten_gepubliceerd"]
GROUPED = {"doelgroep_omvang"}    # indicators whose rows are named after their target group

# Derived figures in the indicator table: label, unit, decimals, placed after this stored indicator.
DERIVED = {
    "gap": ("Afstand tot de doelstelling van 80 %", "procentpunten", 1, "werkzaamheidsgraad"),
    "people": ("Extra werkenden nodig voor 80 %", "personen", 0, "werkzaamheidsgraad"),
    "rank": ("Rang in {area} (1 = hoogste werkzaamheidsgraad)", "rang", 0, "werkzaamheidsgraad"),
    "area_rate": ("Werkzaamheidsgraad {area} (gewogen)", "%", 1, "werkzaamheidsgraad"),
    "flanders_rate": ("Werkzaamheidsgraad Vlaanderen (gewogen)", "%", 1, "werkzaamheidsgraad"),
    "per_1000": ("{group}, per 1.000 inwoners", "per 1.000 inwoners", 1, "doelgroep_omvang"),
    "tension": ("Spanning: vacatures per werkzoekende", "vacatures per werkzoekende", 2, "werkzoekenden"),
}
COLUMNS = ["label", "value", "unit", "decimals", "period", "quality", "source"]


def indicator_table(rows: pd.DataFrame, parts: tuple[Employment, Groups, Vacancies], area: Area,
                    group_labels: dict[str, str]) -> pd.DataFrame:
    """Every stored figure (`fiche_indicators` rows) and the figures derived
    from them, in reading order. Columns: label, value, unit, decimals,
    period, quality, source. A derived figure takes the quality of its
    inputs: modelled as soon as one of them is."""
    e, g, v = parts
    group_rank = {code: k for k, code in enumerate(group_labels)}
    stored = rows.assign(
        label=[f"{label} – {group_labels.get(group, group)}" if indicator in GROUPED else label
               for label, group, indicator in rows[["label", "target_group", "indicator"]].itertuples(index=False)],
        order=[(reading_order(i), 0, group_rank.get(t, -1)) for i, t in zip(rows["indicator"], rows["target_group"])])
    derived = []

    def add(key: str, value, period, quality: str, source: str, sub: int = 0, **names) -> None:
        if value is None or pd.isna(value):
            return
        label, unit, decimals, after = DERIVED[key]
        derived.append({"label": label.format(area=area.label, **names), "value": float(value), "unit": unit,
                        "decimals": decimals, "period": str(period), "quality": quality, "source": source,
                        "order": (reading_order(after), 1, sub)})

    if e.year is not None:
        needs = MODELLED if MODELLED in (e.working_age_quality, e.quality) else e.quality
        add("gap", e.gap_points, e.year, e.quality, "berekend: werkzaamheidsgraad − 80 %")
        add("people", e.people_needed, e.year, needs,
            "berekend: (80 % − werkzaamheidsgraad) × bevolking 20-64 jaar", 1)
        add("rank", e.rank, e.year, e.quality, f"berekend: {e.ranked} gemeenten met een waarde", 2)
        add("area_rate", e.area_rate, e.year, e.quality, "berekend: gewogen met de bevolking op 1 januari", 3)
        add("flanders_rate", e.flanders_rate, e.year, e.quality, "berekend: gewogen met de bevolking op 1 januari", 4)
    for r in g.table.itertuples():
        add("per_1000", r.per_1000, g.year, g.quality, "berekend: omvang ÷ bevolking op 1 januari × 1.000",
            group_rank.get(r.target_group, -1), group=group_labels.get(r.target_group, r.target_group))
    add("tension", v.tension, v.period, v.quality, "berekend: vacatures ÷ werkzoekenden")
    table = pd.concat([stored, pd.DataFrame(derived)], ignore_index=True)
    return table.sort_values("order", kind="stable")[COLUMNS].reset_index(drop=True)


def reading_order(indicator: str) -> int:
    """Place of an indicator in the fiche's tables and source lists."""
    return ORDER.index(indicator) if indicator in ORDER else len(ORDER)
