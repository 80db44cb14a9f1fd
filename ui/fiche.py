"""The queries behind the Gemeentefiche, assembled into one `Fiche`, and
what the page and the printable report both show of it: the tables (for
display and export) and the source line of each section.

`run(name, **params)` runs a named query: `ui.data.run` in the app (cached),
`queries.run_query` on a connection in tests and scripts. The queries are
the other pages' own (Werkzaamheid, Kansengroepen, Vacatures, Trajecten,
Overzicht's `arbeidsmarkt_gemeenten`), so the fiche shows the same figures
they do. A value the producer hid is `x` (`ui.format.HIDDEN`) in every
table, shown and exported, never 0 or empty."""
from __future__ import annotations

from collections.abc import Callable

import pandas as pd
import streamlit as st

from analysis import arbeidsmarkt as am, fiche as af, trajecten as tr
from analysis.employment import TARGET
from analysis.suppression import HIDDEN_TEXT, MIN_COUNT, PRIMARY, SECONDARY
from charts.fiche import figures
from loaders import doelgroepen, model_doelgroepen, model_trajecten, portal
from loaders.regions import FLANDERS_NIS, REGIONS
from ui import format as fmt

Run = Callable[..., pd.DataFrame]
GROUP_LABELS = {doelgroepen.ALL: model_doelgroepen.META["indicators"][model_doelgroepen.INDICATOR]["total_label"]} \
    | {code: doelgroepen.LABELS[code] for code in doelgroepen.GROUPS}
# The groups of the VDAB, newcomer and school series (codes from loaders/portal/*.yml), in display order; the
# 28 vacancy sectors under the names the export gives them. A code nobody named here shows as itself.
SERIES_GROUPS = {
    "mannen": "mannen", "vrouwen": "vrouwen", "18_24": "18-24 jaar", "25_59": "25-59 jaar", "60_64": "60-64 jaar",
    "nationaliteit_belg": "Belgische nationaliteit", "nationaliteit_eu": "nationaliteit EU (zonder België)",
    "nationaliteit_niet_eu": "nationaliteit buiten de EU", "herkomst_belgisch": "Belgische herkomst",
    "herkomst_eu": "herkomst EU (zonder België)", "herkomst_niet_eu": "herkomst buiten de EU",
    "basisonderwijs": "basisonderwijs", "secundair": "secundair onderwijs", "maghreb": "Maghreb",
    "oost_europees_niet_eu": "Oost-Europees (niet-EU)", "turks": "Turks", "andere_afrikaans": "ander Afrikaans",
    "belgisch": "Belgisch", "buurlanden": "buurlanden", "eu27": "andere EU27", "niet_eu27": "buiten de EU27",
    "belg": "Belg", "niet_belg": "niet-Belg",
} | {code: name for spec in portal.specs() for name, code in spec.get("sectors", {}).items()}
LABELS = GROUP_LABELS | SERIES_GROUPS
PROFILE = ["nieuwkomers", "nieuwkomers_niet_eu", "nieuwkomers_per_1000", "thuistaal_niet_nederlands"]
ORIGIN = "wzw"
REASONS = list(model_trajecten.META["stop_reasons"])
CATEGORY_LABELS = tr.category_labels(model_trajecten.META["labels"], model_trajecten.META["stop_reasons"])
TRAJECTORY_SOURCES = [model_trajecten.INDICATOR, model_trajecten.META["published_indicator"]["indicator"]]
SUPPRESSION_RULE = (f"Kleine aantallen: 1 tot {MIN_COUNT - 1} trajecten in een gemeente staan als "
                    f"'{HIDDEN_TEXT[PRIMARY]}'; een aantal dat zo'n afgeschermd aantal zou verraden, als "
                    f"'{HIDDEN_TEXT[SECONDARY]}'.")


def collect(run: Run, nis: str, year: int) -> af.Fiche:
    """Everything the fiche of `nis` shows, for the chosen `year`: each
    figure at its own reference year (the latest up to `year`)."""
    municipalities = run("municipalities")
    name = municipalities.set_index("nis").at[nis, "name_nl"]
    area = af.area_of(nis, municipalities, REGIONS)
    flanders = run("flanders_nis", flanders=FLANDERS_NIS)["nis"].tolist()
    flanders_2025 = run("flanders_2025")["nis"].tolist()   # VDAB's series use the 2025 map
    wide = sorted(set(flanders) | set(area.nis))
    wide_2025 = sorted(set(flanders_2025) | set(area.nis))
    stored = run("fiche_indicators", nis=nis, year=year)
    rate_quality = stored.loc[stored["indicator"] == "werkzaamheidsgraad", "quality"]
    employment = af.employment(run("werkzaamheid_gemeenten", nis=list(area.nis)), nis, name, area, year,
                               run("rate_weighted", nis=list(area.nis), target=TARGET),
                               run("rate_weighted", nis=flanders, target=TARGET),
                               quality=rate_quality.iat[0] if len(rate_quality) else af.OFFICIAL)
    groups = af.groups(run("doelgroepen", nis=wide, year=None), nis, name, area, flanders, year, list(GROUP_LABELS))
    vdab = af.vdab_areas(run("arbeidsmarkt_gemeenten", nis=wide_2025), nis, name, area, flanders_2025)
    own = run("fiche_series", indicators=[am.RATE, *PROFILE], nis=[nis])
    jobseekers = af.jobseekers(vdab, own, nis, name, area, year)
    vacancies = af.vacancies(vdab, run("vacatures_jaar", nis=[nis]), nis, name, area, year)
    origin = af.breakdown(run("fiche_series", indicators=[ORIGIN], nis=wide_2025), ORIGIN, nis, area, flanders_2025,
                          year, list(LABELS))
    programmes = []
    for code, label, first, last in run("programmes")[["programme", "label", "first_year", "last_year"]].itertuples(
            index=False):
        query = dict(nis=list(area.nis), programme=code, target_group=doelgroepen.ALL, start_year=None)
        found = af.programme(run("trajectory_cells", **query), run("trajectory_timeseries", **query), nis, area,
                             REASONS, code, label, str(first) if first == last else f"{first}-{last}")
        if found is not None:
            programmes.append(found)
    table, breakdowns = af.indicator_table(stored, (employment, groups, jobseekers, vacancies), area, LABELS)
    used = set(stored["indicator"]) | (set(TRAJECTORY_SOURCES) if programmes else set())
    meta = run("indicator_meta")
    sources = meta[meta["indicator"].isin(used)]
    sources = sources.iloc[sources["indicator"].map(af.reading_order).argsort(kind="stable")].reset_index(drop=True)
    return af.Fiche(nis, name, area, year, employment, groups, vacancies, jobseekers, origin,
                    own[own["indicator"].isin(PROFILE)].reset_index(drop=True), programmes, table, breakdowns,
                    sources)


def cached(nis: str, year: int) -> tuple[af.Fiche, dict, dict, dict]:
    """The fiche, its figures and its tables (as shown, and for export) for
    the app, built once per municipality, year and data version (a page
    view, presentation step or report click reruns the page: the figures
    take longer to build than the queries)."""
    from ui import data

    return _cached(nis, year, data.data_version(), data.active_snapshot())


@st.cache_resource(max_entries=64, show_spinner=False)
def _cached(nis: str, year: int, version: str, snapshot: str | None) -> tuple[af.Fiche, dict, dict, dict]:
    # Shared, not copied: nobody changes them (ui.components.chart enlarges a copy on the projector).
    from ui import data

    fiche = collect(data.run, nis, year)
    every_period = _period_figures(nis, version, snapshot, fiche)
    return (fiche, every_period | figures(fiche, LABELS, CATEGORY_LABELS, part="year"),
            tables(fiche, text=True), tables(fiche))


@st.cache_resource(max_entries=64, show_spinner=False)
def _period_figures(nis: str, version: str, snapshot: str | None, _fiche: af.Fiche) -> dict:
    """The fiche's charts that show every period, once per municipality: a
    year change then builds only the compositions of the year (about half of a
    fiche's build time went to charts that came out the same)."""
    return figures(_fiche, LABELS, CATEGORY_LABELS, part="periods")


def source_lines(fiche: af.Fiche) -> dict[str, tuple[list[str], str | int | None, str]]:
    """Per section: the indicators behind it, the reference period and a
    note, for `ui.format.source` (the page: `components.source_text`). The
    producers' strings carry the export date of the portal's files."""
    e, g, j, v = fiche.employment, fiche.groups, fiche.jobseekers, fiche.vacancies
    area = fiche.area.label

    def span(years) -> str | None:
        return f"{min(years)}-{max(years)}" if len(years) else None

    def covered(coverage: dict[str, str]) -> str:
        return "".join(f"; {label} {j.year if coverage is j.coverage else v.year}: {text}"
                       for label, text in coverage.items() if text)

    return {
        "werkzoekenden": ([am.RATE, am.NWWZ], span(j.series["year"]),
                          f"referentiejaar {j.year}; {fiche.name}: gepubliceerd; {area} en {af.FLANDERS}: berekend "
                          "uit NWWZ en werkzoekendengraad per gemeente (beroepsbevolking = NWWZ ÷ "
                          f"werkzoekendengraad; NWWZ opgeteld ÷ beroepsbevolking opgeteld){covered(j.coverage)}"),
        "herkomst": ([ORIGIN], fiche.origin.year,
                     "werkzoekenden zonder werk op 31/12; aandeel t.o.v. alle WZW, voor een gebied uit de "
                     "opgetelde aantallen (gemeenten met een verborgen aantal niet meegeteld)"),
        "vacatures": (["vacatures_ontvangen", "vacatures_open", am.NWWZ], span(v.counts["year"]),
                      f"referentiejaar {v.year}; spanningsindicator (VDAB) = NWWZ ÷ ontvangen vacatures, voor een "
                      f"gebied uit de opgetelde aantallen{covered(v.coverage)}; VDAB's eigen telling, niet te "
                      "vergelijken met de gepubliceerde 7.073 open vacatures (augustus 2021)"),
        "profiel": (PROFILE, span(fiche.profile["year"]), "per woonplaats"),
        "werkzaamheid": (["werkzaamheidsgraad", "bevolking", "bevolking_20_64"], span(e.trend["year"]),
                         "gemiddelden gewogen met de totale bevolking op 1 januari; extra werkenden: (80 % − "
                         "werkzaamheidsgraad) × gemodelleerde bevolking 20-64 jaar; leeftijdsgroep van de "
                         "werkzaamheidsgraad niet vermeld in de bron; geen recentere cijfers per gemeente"),
        "doelgroepen": ([model_doelgroepen.INDICATOR, "bevolking"], g.year,
                        "gemodelleerd uit bevolking en werkzaamheidsgraad; doelgroepen overlappen, tel ze niet op"),
        "trajecten": (TRAJECTORY_SOURCES, None, SUPPRESSION_RULE),
        "overzicht": (["werkzaamheidsgraad", am.RATE, am.NWWZ, "vacatures_ontvangen", model_doelgroepen.INDICATOR],
                      None, f"gemeente, {area} en {af.FLANDERS}; stippellijn: gemodelleerd, geen officiële cijfers"),
    }


def has_hidden(table: pd.DataFrame) -> bool:
    """Whether a table shows a value the producer hid (then `HIDDEN_NOTE` goes with it)."""
    return bool(table.isin([fmt.HIDDEN]).any().any())


def tables(fiche: af.Fiche, text: bool = False) -> dict[str, pd.DataFrame]:
    """The fiche's tables with Dutch headers. Numbers stay numbers (for the
    exports); hidden values are text: 'x' where the producer hid one, '<5'
    and 'x' for small trajectory counts. `text=True`: every number as
    Belgian text, with the decimals of its indicator (display)."""
    area, name = fiche.area.label, fiche.name
    number = fmt.number if text else (lambda v, decimals=0: v)

    def cells(values, hidden, decimals=0) -> list:
        return [fmt.HIDDEN if h else number(v, decimals) for v, h in zip(values, hidden)]

    def listing(rows: pd.DataFrame, first: dict[str, list]) -> pd.DataFrame:
        return pd.DataFrame({**first, "Waarde": [fmt.HIDDEN if h else number(v, d) for v, h, d in zip(
            rows["value"], rows["hidden"], rows["decimals"])], "Eenheid": rows["unit"],
            "Periode": rows["period"].map(fmt.period), "Kwaliteit": rows["quality"].map(fmt.quality),
            "Bron": rows["source"]})

    ind, parts = fiche.indicators, fiche.breakdowns
    out = {"kerncijfers": listing(ind, {"Indicator": ind["label"]})}
    if not parts.empty:
        out["uitsplitsingen"] = listing(parts, {"Indicator": parts["indicator"].map(
            dict(zip(fiche.sources["indicator"], fiche.sources["label"]))).fillna(parts["indicator"]),
            "Groep": parts["group"]})
    j = fiche.jobseekers
    if j.year is not None:
        wide = pd.DataFrame({"Jaar": sorted(j.series["year"].unique())})
        for label, part in j.series.groupby("area", sort=False):   # only the municipality's own rate can be hidden
            part = part.set_index("year").reindex(wide["Jaar"])
            own = label == name
            wide[label if own else f"{label} (berekend)"] = cells(part["rate"], part["hidden"].fillna(False) & own, 1)
        for code in [c for c in LABELS if c in set(j.groups["target_group"])]:
            part = j.groups[j.groups["target_group"] == code].set_index("year").reindex(wide["Jaar"])
            wide[f"{name}, {LABELS[code]}"] = cells(part["rate"], part["hidden"].fillna(False), 1)
        out["werkzoekenden"] = wide
    o = fiche.origin
    if o.year is not None and not o.table.empty:
        t = o.table
        out["herkomst"] = pd.DataFrame({
            "Groep": t["target_group"].map(lambda c: LABELS.get(c, c)), f"WZW {name}": cells(t["value"], t["hidden"]),
            **{f"Aandeel {label} (%)": cells(t[column], t["hidden"] & (column == "share"), 1)
               for label, column in ((name, "share"), (area, "area_share"), (af.FLANDERS, "flanders_share"))}})
    v = fiche.vacancies
    if v.year is not None:
        c = v.counts
        tension = v.series.pivot(index="year", columns="area", values="spanning").reindex(
            index=c["year"], columns=list(v.series["area"].unique()))
        out["vacatures"] = pd.DataFrame({
            "Jaar": c["year"].to_numpy(),
            **{label: cells(c[col], c[f"{col}_flag"] == fmt.HIDDEN) for label, col in (
                ("Ontvangen vacatures", "ontvangen"), ("Openstaande vacatures", "open"), ("NWWZ", "nwwz"))},
            **{f"Spanningsindicator {label}": tension[label].map(lambda x: number(x, 2)).to_numpy()
               for label in tension.columns}})
    trend = fiche.employment.trend
    if not trend.empty:
        wide = trend.pivot(index="year", columns="area", values="rate")[list(trend["area"].unique())]
        out["werkzaamheid"] = (wide.map(lambda v: number(v, 1)).reset_index()
                               .rename(columns={"year": "Jaar"}).rename_axis(columns=None))
    g = fiche.groups.table
    if not g.empty:
        out["doelgroepen"] = pd.DataFrame({
            "Doelgroep": g["target_group"].map(GROUP_LABELS), "Aantal personen": g["value"].map(number),
            **{label: g[column].map(lambda v: number(v, 1)) for label, column in (
                ("Per 1.000 inwoners", "per_1000"), (f"{area}, per 1.000 inwoners", "area_per_1000"),
                (f"{af.FLANDERS}, per 1.000 inwoners", "flanders_per_1000"))}})
    if fiche.programmes:
        count = fmt.number if text else int
        categories = [c for c in tr.categories(REASONS) if any(c in p.counts.index for p in fiche.programmes)]
        texts = [p.text(count) for p in fiche.programmes]
        rows = pd.DataFrame([{c: shown.get(c, "–") for c in categories} for shown in texts])
        rows.insert(0, "Looptijd", [p.years for p in fiche.programmes])
        rows.insert(0, "Programma", [p.label for p in fiche.programmes])
        rows[f"Gestart in heel {area}"] = [count(p.area_started) for p in fiche.programmes]
        out["trajecten"] = rows.rename(columns=CATEGORY_LABELS).reset_index(drop=True)
    return out
