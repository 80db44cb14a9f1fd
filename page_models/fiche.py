"""The queries behind the Gemeentefiche, assembled into one `Fiche`, and
what the page and the printable report both show of it: the tables (for
display and export) and the source line of each section.

`run(name, **params)` runs a named query: `ui.data.run` in the app (cached),
`queries.run_query` on a connection in tests and scripts. The queries are
the other pages' own (Werkzaamheid, Kansengroepen, Vacatures, Trajecten,
Overzicht's `arbeidsmarkt_gemeenten`), so the fiche shows the same figures
they do. A value the producer hid is `x` (`common.format.HIDDEN`) in every
table, shown and exported, never 0 or empty."""
from __future__ import annotations

import pandas as pd

from analysis import arbeidsmarkt as am, fiche as af, trajecten as tr
from analysis.budget import NOT_PUBLISHED
from analysis.suppression import HIDDEN_TEXT, MIN_COUNT, PRIMARY, SECONDARY
from common.vocabulary import ALL_GROUPS, FLANDERS, TARGET
from loaders import doelgroepen, model_doelgroepen, model_trajecten, portal
from loaders.regions import REGIONS
from page_models import common
from common import format as fmt

GROUP_LABELS = {ALL_GROUPS: model_doelgroepen.META["indicators"][model_doelgroepen.INDICATOR]["total_label"]} \
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
PUBLISHED_TRAJECTORIES = model_trajecten.META["published_indicator"]["indicator"]
TRAJECTORY_SOURCES = [PUBLISHED_TRAJECTORIES, "budget", model_trajecten.INDICATOR]
SERIES_PARAMS = model_doelgroepen.series_params(model_doelgroepen.SERIES)
# Where a programme runs per municipality from its own start (model_trajecten.yml: 't Werkt in Kortrijk from 2016,
# Menen from 2020); a programme without sites runs in its whole region.
SITES = {code: {nis: day.year for nis, day in a["sites"]["value"].items()}
         for code, a in model_trajecten.META["assumptions"].items() if "sites" in a}
SUPPRESSION_RULE = (f"Kleine aantallen: 1 tot {MIN_COUNT - 1} trajecten in een gemeente staan als "
                    f"'{HIDDEN_TEXT[PRIMARY]}'; een aantal dat zo'n afgeschermd aantal zou verraden, als "
                    f"'{HIDDEN_TEXT[SECONDARY]}'.")


def collect(run: common.Run, nis: str, year: int, keyed: common.Keyed = common.direct) -> af.Fiche:
    """Everything the fiche of `nis` shows, for the chosen `year`: each
    figure at its own reference year (the latest up to `year`). What the
    year leaves alone (the VDAB series of the municipality, its area and
    Flanders; the programmes) comes from `keyed` once per municipality: a
    year change then builds only what it changes."""
    municipalities = run("municipalities")
    names = municipalities.set_index("nis")["name_nl"].to_dict()
    name = names[nis]
    area = af.area_of(nis, municipalities, REGIONS)
    flanders = common.flanders(run)
    flanders_2025 = common.flanders(run, 2025)   # VDAB's series use the 2025 map
    wide_2025 = sorted(set(flanders_2025) | set(area.nis))
    stored = run("fiche_indicators", nis=nis, year=year)
    rate_quality = stored.loc[stored["indicator"] == "werkzaamheidsgraad", "quality"]
    employment = af.employment(run("werkzaamheid_gemeenten", nis=list(area.nis)), nis, name, area, year,
                               run("rate_weighted", nis=list(area.nis), target=TARGET),
                               run("rate_weighted", nis=flanders, target=TARGET),
                               quality=rate_quality.iat[0] if len(rate_quality) else af.OFFICIAL)
    groups = af.groups(run("kansengroepen", nis=[nis], **SERIES_PARAMS),
                       run("kansengroepen_totals", nis=list(area.nis), **SERIES_PARAMS),
                       run("kansengroepen_totals", nis=sorted(set(flanders) | set(flanders_2025)), **SERIES_PARAMS),
                       name, area, year, model_doelgroepen.SERIES)
    vdab = keyed(("fiche vdab", nis), lambda: af.vdab_areas(run("arbeidsmarkt_gemeenten", nis=wide_2025), nis, name,
                                                            area, flanders_2025))
    own = run("fiche_series", indicators=[am.RATE, *PROFILE], nis=[nis])
    jobseekers = af.jobseekers(vdab, own, nis, name, area, year)
    vacancies = af.vacancies(vdab, run("vacatures_jaar", nis=[nis]), nis, name, area, year)
    origin = af.breakdown(run("fiche_series", indicators=[ORIGIN], nis=wide_2025), ORIGIN, nis, area, flanders_2025,
                          year, list(LABELS))
    programmes = keyed(("fiche programmes", nis), lambda: [
        programme(run, row, nis, names, area) for row in run("programmes").itertuples(index=False)
        if nis in REGIONS.get(row.region, {}).get("nis", [])])
    table, breakdowns = af.indicator_table(stored, (employment, groups, jobseekers, vacancies), area, LABELS)
    used = set(stored["indicator"]) | set(groups.table["indicator"]) | (set(TRAJECTORY_SOURCES) if programmes
                                                                           else set())
    meta = run("indicator_meta")
    sources = meta[meta["indicator"].isin(used)]
    sources = sources.iloc[sources["indicator"].map(af.reading_order).argsort(kind="stable")].reset_index(drop=True)
    return af.Fiche(nis, name, area, year, employment, groups, vacancies, jobseekers, origin,
                    own[own["indicator"].isin(PROFILE)].reset_index(drop=True), programmes, table, breakdowns,
                    sources)


def programme(run: common.Run, row, nis: str, names: dict[str, str], area: af.Area) -> af.Programme:
    """One programme of the municipality's region (a `programmes` row):
    what it published, its budget, and the model's split to `nis` where it
    runs there."""
    sites = SITES.get(row.programme, {})
    first = sites.get(nis, row.first_year) if not sites or nis in sites else None
    years = af.span(row.first_year, row.last_year) + (f", {row.period_note}" if isinstance(row.period_note, str) else "")
    where = (", ".join(f"{names[code]} sinds {start}" for code, start in sites.items()) if sites
             else REGIONS[row.region]["label"])
    published = tr.published_values(common.published_by(row.published),
                                    model_trajecten.UNEXPLAINED)
    query = dict(nis=list(area.nis), programme=row.programme, target_group=ALL_GROUPS, start_year=None)
    local = first is not None and not published.empty
    return af.programme(row.programme, row.label, years, where, published,
                        None if pd.isna(row.total_eur) else row.total_eur,
                        af.span(first, row.last_year) if first is not None else None,
                        run("trajectory_cells", **query) if local else None,
                        run("trajectory_timeseries", **query) if local else None, nis, area, REASONS)


def source_lines(fiche: af.Fiche) -> dict[str, tuple[list[str], str | int | None, str]]:
    """Per section: the indicators behind it, the reference period and a
    note, for `common.format.source` (the page: `components.source_text`). The
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
                          f"kerncijfers {j.year}; {fiche.name}: gepubliceerd; {area} en {FLANDERS}: berekend "
                          "uit NWWZ en werkzoekendengraad per gemeente (beroepsbevolking = NWWZ ÷ "
                          f"werkzoekendengraad; NWWZ opgeteld ÷ beroepsbevolking opgeteld){covered(j.coverage)}"),
        "herkomst": ([ORIGIN], fiche.origin.year,
                     "werkzoekenden zonder werk op 31/12; aandeel t.o.v. alle WZW, voor een gebied uit de "
                     "opgetelde aantallen (gemeenten met een verborgen aantal niet meegeteld)"),
        "vacatures": (["vacatures_ontvangen", "vacatures_open", am.NWWZ], span(v.counts["year"]),
                      f"kerncijfers {v.year}; spanningsindicator (VDAB) = NWWZ ÷ ontvangen vacatures, voor een "
                      f"gebied uit de opgetelde aantallen{covered(v.coverage)}; VDAB's eigen telling, niet te "
                      "vergelijken met de gepubliceerde 7.073 open vacatures (augustus 2021)"),
        "profiel": (PROFILE, span(fiche.profile["year"]), "per woonplaats"),
        "werkzaamheid": (["werkzaamheidsgraad", "bevolking", "bevolking_20_64"], span(e.trend["year"]),
                         "gemiddelden gewogen met de totale bevolking op 1 januari; extra werkenden: (80 % − "
                         "werkzaamheidsgraad) × gemodelleerde bevolking 20-64 jaar; leeftijdsgroep van de "
                         "werkzaamheidsgraad niet vermeld in de bron; geen recentere cijfers per gemeente"),
        "doelgroepen": ([*dict.fromkeys(g.table["indicator"]), "bevolking"], ", ".join(map(str, g.years)) or None,
                        "officiële reeksen eerst, elk in zijn laatste jaar tot en met het gekozen jaar; "
                        "gemodelleerde doelgroepen (uit bevolking en werkzaamheidsgraad) in het laatste jaar van het "
                        "model; per 1.000 inwoners met de bevolking van hetzelfde jaar; doelgroepen overlappen, tel "
                        "ze niet op"),
        "trajecten": (TRAJECTORY_SOURCES, None, "per programma wat het publiceerde (officieel); de verdeling over de "
                      f"gemeenten is gemodelleerd. {SUPPRESSION_RULE}"),
        "overzicht": (["werkzaamheidsgraad", am.RATE, am.NWWZ, "vacatures_ontvangen", model_doelgroepen.INDICATOR],
                      None, f"gemeente, {area} en {FLANDERS}; stippellijn: gemodelleerd, geen officiële cijfers"),
    }


def has_hidden(table: pd.DataFrame) -> bool:
    """Whether a table shows a value the producer hid (then `HIDDEN_NOTE` goes with it)."""
    return bool(table.isin([fmt.HIDDEN]).any().any())


NOT_APPLICABLE = "–"


def trajectory_table(fiche: af.Fiche, text: bool, producers: dict[str, str]) -> pd.DataFrame:
    """Per programme of the region: a row of what it published for the
    whole programme (official; 'niet gepubliceerd' where nothing is, the
    yearly budget), and a row of the model's split to the municipality
    where it runs there (small counts as '<5'/'x'; '–': not in the model)."""
    count = fmt.number if text else int
    money = (lambda v: fmt.euro(v)) if text else (lambda v: v)
    shown = [c for c in tr.categories(REASONS) if any(c in p.published.index or c in p.counts.index
                                                      for p in fiche.programmes)]
    rows = []
    for p in fiche.programmes:
        published = {c: count(p.published[c]) if c in p.published.index else NOT_PUBLISHED for c in shown}
        rows.append({"Programma": p.label, "Waar": f"heel het programma ({p.where})", "Periode": p.years,
                     **published, "Budget per jaar (EUR)": common.published(p.budget, money),
                     "Kwaliteit": f"{fmt.quality(af.OFFICIAL)} (gepubliceerd)",
                     "Bron": "; ".join(producers.get(i, "") for i in (PUBLISHED_TRAJECTORIES, "budget"))})
        if not p.counts.empty:
            local = p.text(count)
            rows.append({"Programma": p.label, "Waar": fiche.name, "Periode": p.local_years,
                         **{c: local.get(c, NOT_APPLICABLE) for c in shown},
                         "Budget per jaar (EUR)": NOT_APPLICABLE,
                         "Kwaliteit": f"{fmt.quality(af.MODELLED)} (verdeling van de gepubliceerde totalen)",
                         "Bron": producers.get(model_trajecten.INDICATOR, "")})
    return pd.DataFrame(rows).rename(columns=CATEGORY_LABELS)


def tables(fiche: af.Fiche, text: bool = False) -> dict[str, pd.DataFrame]:
    """The fiche's tables with Dutch headers. Numbers stay numbers (for the
    exports); hidden values are text: 'x' where the producer hid one, '<5'
    and 'x' for small trajectory counts. `text=True`: every number as
    Belgian text, with the decimals of its indicator (display)."""
    area, name = fiche.area.label, fiche.name
    number = fmt.number if text else (lambda v, decimals=0: v if pd.isna(v) else round(v, decimals))  # as shown

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
               for label, column in ((name, "share"), (area, "area_share"), (FLANDERS, "flanders_share"))}})
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
    producers = dict(zip(fiche.sources["indicator"], fiche.sources["producer"]))
    if not g.empty:
        out["doelgroepen"] = pd.DataFrame({
            "Reeks": g["label"], "Jaar": g["year"],
            "Waarde": [fmt.HIDDEN if h else number(v, 1 if u == "%" else 0)
                       for v, h, u in zip(g["value"], g["hidden"], g["unit"])], "Eenheid": g["unit"],
            **{label: [NOT_APPLICABLE if text and pd.isna(v) else number(v, 1) for v in g[column]]
               for label, column in (("Per 1.000 inwoners", "per_1000"), (f"{area}, per 1.000 inwoners",
                                                                           "area_per_1000"),
                                     (f"{FLANDERS}, per 1.000 inwoners", "flanders_per_1000"))},
            "Kwaliteit": g["quality"].map(fmt.quality), "Bron": g["indicator"].map(producers)})
    if fiche.programmes:
        out["trajecten"] = trajectory_table(fiche, text, producers)
    return out
