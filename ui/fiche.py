"""The queries behind the Gemeentefiche, assembled into one `Fiche`, and
what the page and the printable report both show of it: the tables (for
display and export) and the source line of each section.

`run(name, **params)` runs a named query: `ui.data.run` in the app (cached),
`queries.run_query` on a connection in tests and scripts. The queries are
the other pages' own (Werkzaamheid, Kansengroepen, Vacatures, Trajecten),
so the fiche shows the same figures they do."""
from __future__ import annotations

from collections.abc import Callable

import pandas as pd
import streamlit as st

from analysis import fiche as af, trajecten as tr
from analysis.employment import TARGET
from analysis.suppression import HIDDEN_TEXT, MIN_COUNT, PRIMARY, SECONDARY
from charts.fiche import figures
from loaders import doelgroepen, model_doelgroepen, model_trajecten, model_vacatures
from loaders.regions import FLANDERS_NIS, REGIONS
from ui import format as fmt

Run = Callable[..., pd.DataFrame]
GROUP_LABELS = {doelgroepen.ALL: model_doelgroepen.META["indicators"][model_doelgroepen.INDICATOR]["total_label"]} \
    | {code: doelgroepen.LABELS[code] for code in doelgroepen.GROUPS}
REASONS = list(model_trajecten.META["stop_reasons"])
CATEGORY_LABELS = tr.category_labels(model_trajecten.META["labels"], model_trajecten.META["stop_reasons"])
TRAJECTORY_SOURCES = [model_trajecten.INDICATOR, model_trajecten.META["published_indicator"]["indicator"]]
SUPPRESSION_RULE = (f"Kleine aantallen: 1 tot {MIN_COUNT - 1} trajecten in een gemeente staan als "
                    f"'{HIDDEN_TEXT[PRIMARY]}'; een aantal dat zo'n afgeschermd aantal zou verraden, als "
                    f"'{HIDDEN_TEXT[SECONDARY]}'.")


def collect(run: Run, nis: str, year: int) -> af.Fiche:
    """Everything the fiche of `nis` shows, for the chosen `year`."""
    municipalities = run("municipalities")
    name = municipalities.set_index("nis").at[nis, "name_nl"]
    area = af.area_of(nis, municipalities, REGIONS)
    flanders = run("flanders_nis", flanders=FLANDERS_NIS)["nis"].tolist()
    wide = sorted(set(flanders) | set(area.nis))
    stored = run("fiche_indicators", nis=nis, year=year)
    rate_quality = stored.loc[stored["indicator"] == "werkzaamheidsgraad", "quality"]
    employment = af.employment(run("werkzaamheid_gemeenten", nis=list(area.nis)), nis, name, area, year,
                               run("rate_weighted", nis=list(area.nis), target=TARGET),
                               run("rate_weighted", nis=flanders, target=TARGET),
                               quality=rate_quality.iat[0] if len(rate_quality) else af.OFFICIAL)
    groups = af.groups(run("doelgroepen", nis=wide, year=None), nis, name, area, flanders, year, list(GROUP_LABELS))
    vacancies = af.vacancies(run("vacatures_maand", nis=wide), nis, name, area, flanders)
    programmes = []
    for code, label, first, last in run("programmes")[["programme", "label", "first_year", "last_year"]].itertuples(
            index=False):
        query = dict(nis=list(area.nis), programme=code, target_group=doelgroepen.ALL, start_year=None)
        found = af.programme(run("trajectory_cells", **query), run("trajectory_timeseries", **query), nis, area,
                             REASONS, code, label, str(first) if first == last else f"{first}-{last}")
        if found is not None:
            programmes.append(found)
    table = af.indicator_table(stored, (employment, groups, vacancies), area, GROUP_LABELS)
    used = set(stored["indicator"]) | (set(TRAJECTORY_SOURCES) if programmes else set())
    meta = run("indicator_meta")
    sources = meta[meta["indicator"].isin(used)]
    sources = sources.iloc[sources["indicator"].map(af.reading_order).argsort(kind="stable")].reset_index(drop=True)
    return af.Fiche(nis, name, area, year, employment, groups, vacancies, programmes, table, sources)


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
    return (fiche, every_period | figures(fiche, GROUP_LABELS, CATEGORY_LABELS, part="year"),
            tables(fiche, text=True), tables(fiche))


@st.cache_resource(max_entries=64, show_spinner=False)
def _period_figures(nis: str, version: str, snapshot: str | None, _fiche: af.Fiche) -> dict:
    """The fiche's charts that show every period, once per municipality: a
    year change then builds only the target groups' chart (about half of a
    fiche's build time went to charts that came out the same)."""
    return figures(_fiche, GROUP_LABELS, CATEGORY_LABELS, part="periods")


def source_lines(fiche: af.Fiche) -> dict[str, tuple[list[str], str | int | None, str]]:
    """Per section: the indicators behind it, the reference period and a
    note, for `ui.format.source` (the page: `components.source_line`)."""
    e, g, v = fiche.employment, fiche.groups, fiche.vacancies
    years = e.trend["year"]
    anchor = model_vacatures.ANCHOR
    return {
        "werkzaamheid": (["werkzaamheidsgraad", "bevolking", "bevolking_20_64"],
                         f"{years.min()}-{years.max()}" if len(years) else None,
                         "gemiddelden gewogen met de totale bevolking op 1 januari; extra werkenden: (80 % − "
                         "werkzaamheidsgraad) × gemodelleerde bevolking 20-64 jaar; leeftijdsgroep van de "
                         "werkzaamheidsgraad niet vermeld in de bron"),
        "doelgroepen": ([model_doelgroepen.INDICATOR, "bevolking"], g.year,
                        "gemodelleerd uit bevolking en werkzaamheidsgraad; doelgroepen overlappen, tel ze niet op"),
        "vacatures": ([model_vacatures.VACANCIES, model_vacatures.JOBSEEKERS], None,
                      (f"referentiemaand {fmt.month(v.period)}; " if v.period else "")
                      + f"geijkt op {fmt.number(anchor['value'])} open vacatures in de "
                        f"{REGIONS[anchor['region']]['label']} in {fmt.month(anchor['period'])} (gepubliceerd); "
                        "spanning = vacatures ÷ werkzoekenden"),
        "trajecten": (TRAJECTORY_SOURCES, None, SUPPRESSION_RULE),
        "overzicht": (["werkzaamheidsgraad", "bevolking", model_doelgroepen.INDICATOR, model_vacatures.VACANCIES,
                       model_vacatures.JOBSEEKERS], None,
                      "gemeente, gebied en Vlaanderen; stippellijn: gemodelleerd, geen officiële cijfers"),
    }


def tables(fiche: af.Fiche, text: bool = False) -> dict[str, pd.DataFrame]:
    """The fiche's tables with Dutch headers. Numbers stay numbers (for the
    exports) and hidden trajectory counts are text ('<5', 'x'); `text=True`:
    every number as Belgian text, with the decimals of its indicator (display)."""
    area = fiche.area.label
    ind = fiche.indicators
    number = fmt.number if text else (lambda v, decimals=0: v)
    out = {"kerncijfers": pd.DataFrame({
        "Indicator": ind["label"], "Waarde": [number(v, d) for v, d in zip(ind["value"], ind["decimals"])],
        "Eenheid": ind["unit"], "Periode": ind["period"].map(fmt.period), "Kwaliteit": ind["quality"].map(fmt.quality),
        "Bron": ind["source"]})}
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
