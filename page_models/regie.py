"""The queries behind the Regie page, assembled into one `RegieModel`
(analysis/regie.py), and the page's tables as shown and exported.

`run(name, **params)` runs a named query: `ui.data.run` in the app (cached),
`queries.run_query` on a connection in tests and scripts. No Streamlit here."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial

import pandas as pd

from analysis import arbeidsmarkt as am, regie as ar, trajecten as tr
from analysis.budget import NOT_PUBLISHED, costs
from analysis.suppression import SHOWN, as_text
from common.vocabulary import ALL_GROUPS, FLANDERS, TARGET
from loaders import model_trajecten, regie
from loaders.regions import REGIONS
from page_models import overzicht
from page_models.common import Keyed, Run, direct, flanders, metas, published, source_text, trajectories_published
from page_models.fiche import CATEGORY_LABELS, PUBLISHED_TRAJECTORIES, REASONS, SERIES_GROUPS
from common import format as fmt

REGION = regie.META["region"]
STATUS_LABELS = {code: s["label"] for code, s in regie.STATUSES.items()}


def areas(run: Run) -> dict[str, list[str]]:
    """W13 and Flanders on the 2025 map (the goals' series are VDAB's,
    inburgering's and education's, all on that map)."""
    return {REGIONS[REGION]["label"]: list(REGIONS[REGION]["nis"]), FLANDERS: flanders(run, 2025)}


def goals(run: Run) -> list[ar.Goal]:
    """The goals with their figures (the same whatever the filters)."""
    rows = run("regie_goals")
    linked = rows[rows["indicator"].notna()]
    pairs = list(dict.fromkeys([*zip(linked["indicator"], linked["target_group"]),
                                *zip(linked["per_indicator"].dropna(), linked["per_target_group"].dropna())]))
    where = areas(run)
    values = run("regie_goal_values", indicators=[p[0] for p in pairs], target_groups=[p[1] for p in pairs],
                 nis=sorted({n for codes in where.values() for n in codes}))
    return ar.goals(rows, values, where, SERIES_GROUPS)


def collect(run: Run, objective: str = ar.ALL, lead: str = ar.ALL, year: int | str = ar.ALL,
            goal_list: list[ar.Goal] | None = None) -> ar.RegieModel:
    """Everything the Regie page shows for the filters; `goal_list`: the
    goals when the caller has them already (`goals(run)`)."""
    plan = run("regie_plan")
    info = dict(zip(plan["key"], plan["value"]))
    years = ar.plan_years(plan)
    shown = years if year == ar.ALL else [int(year)]
    every = ar.followed(run("regie_actions"), years)
    actions = ar.filter_actions(every, objective, lead, year)
    changes = run("regie_changes")
    objectives = run("regie_objectives")
    cadence, meetings = ar.cadence(run("regie_consultations"), changes, shown)
    return ar.RegieModel(
        title=info["title"], producer=info["producer"], document=info["document"], date=info["date"],
        years=years, objective=objective, lead=lead, year=year,
        objectives=objectives[(objectives["code"] == objective) | (objective == ar.ALL)].reset_index(drop=True),
        actions=actions, status=ar.statuses(actions, changes, shown, regie.DEFAULT_STATUS),
        latest=ar.latest_notes(changes), cadence=cadence, meetings=meetings,
        goals=goals(run) if goal_list is None else goal_list,
        history=changes.sort_values("id", ascending=False).reset_index(drop=True),
        leads=sorted({lead for leads in every["leads"] for lead in leads}))


def actions_table(model: ar.RegieModel, objective: str) -> pd.DataFrame:
    """The actions of one objective as shown and exported: number, title,
    lead, partners, timing, work years, a column per shown year with the
    status ("gepland*": nothing recorded), and the latest note."""
    rows = model.actions[model.actions["objective"] == objective]
    status = model.status.assign(text=[STATUS_LABELS[s] + ("" if r else "*") for s, r in
                                       zip(model.status["status"], model.status["recorded"])])
    wide = status.pivot(index="number", columns="year", values="text") if len(status) else pd.DataFrame()
    notes = model.latest.set_index("number")
    out = pd.DataFrame({
        "Actie": rows["number"], "Titel": rows["title"], "Trekker": rows["lead"].fillna(""),
        "Partners": rows["partners"].fillna(""), "Timing": rows["timing"].fillna(""),
        "Werkjaren": [", ".join(map(str, f)) + ("" if named else " (niet vermeld: looptijd van het plan)")
                      for f, named in zip(rows["followed"], rows["years_named"])]})
    for year in model.shown_years:
        column = wide[year] if year in wide else pd.Series(dtype=object)
        out[f"Status {year}"] = rows["number"].map(column).fillna("–").to_numpy()
    out["Laatste toelichting"] = [
        f"{notes.at[n, 'note']} ({notes.at[n, 'year']}, {notes.at[n, 'by']}, {fmt.day(notes.at[n, 'at'].date())})"
        if n in notes.index else "" for n in rows["number"]]
    return out.reset_index(drop=True)


def actions_export(model: ar.RegieModel, tables: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """The shown objectives' action `tables` in one table for CSV/XLSX, each
    row with its objective and the plan as source (empty: no action shown)."""
    shown = [tables[code].assign(Doelstelling=code) for code in model.objectives["code"] if len(tables[code])]
    if not shown:
        return pd.DataFrame()
    export = pd.concat(shown, ignore_index=True)
    return with_plan_source(export[["Doelstelling", *export.columns[:-1]]], model.citation)


def cadence_table(model: ar.RegieModel) -> pd.DataFrame:
    """Per consultation a column per shown year: `3 van minstens 4`."""
    wide = model.cadence.pivot(index="name", columns="year", values="text").reindex(
        model.cadence["name"].drop_duplicates())
    return wide.rename(columns=lambda y: f"Gehouden {y}").rename_axis(None, axis=1).reset_index().rename(
        columns={"name": "Overleg"})


def goal_table(goal: ar.Goal, area: str) -> pd.DataFrame:
    """A goal's indicators as shown: label, year, the area and Flanders
    (Belgian format), the trend of both, method and coverage."""
    f = goal.figures
    percent = "\u00a0%"   # a no-break space: a narrow column wrapped "11,1" and "%" onto two lines
    return pd.DataFrame({
        "Indicator": f["label"], "Jaar": f["year"].map(lambda y: "" if pd.isna(y) else str(int(y))),
        area: [fmt.number(v, d) + ("" if u not in ("%",) else percent) for v, d, u in
               zip(f[area], f["decimals"], f["unit"])],
        FLANDERS: [fmt.number(v, d) + ("" if u not in ("%",) else percent) for v, d, u in
                   zip(f[FLANDERS], f["decimals"], f["unit"])],
        f"Trend {area}": f[f"{area} trend"], f"Trend {FLANDERS}": f[f"{FLANDERS} trend"],
        "Sinds": f["first_year"].map(lambda y: "" if pd.isna(y) else str(int(y))),
        "Berekening": f["method"], "Dekking": f["note"]})


def goal_export(goals: list[ar.Goal], area: str, plan: str, metas: dict[str, dict]) -> pd.DataFrame:
    """Every goal's figures in one table for CSV/XLSX (numbers stay numbers),
    each row with the `Kwaliteit` and `Bron` of its indicator (`metas`, from
    `indicator_meta`); a goal without one cites the plan that links none."""
    rows = []
    for g in goals:
        if g.figures.empty:
            rows.append({"Doelstelling": f"{g.number}. {g.title}", "Indicator": ar.NO_INDICATOR,
                         "Kwaliteit": PLAN_QUALITY, "Bron": plan})
        for r in g.figures.to_dict("records"):
            meta = metas[r["indicator"]]
            rows.append({"Doelstelling": f"{g.number}. {g.title}", "Indicator": r["label"], "Eenheid": r["unit"],
                         "Jaar": r["year"], area: r[area], FLANDERS: r[FLANDERS], "Berekening": r["method"],
                         "Dekking": r["note"], "Kwaliteit": fmt.quality(meta["quality"]), "Bron": meta["producer"]})
    return pd.DataFrame(rows)


PLAN_QUALITY = "actieplan; status en vergaderingen geregistreerd door de regisseur"


def with_plan_source(table: pd.DataFrame, plan: str) -> pd.DataFrame:
    """A table of the plan and what the regisseur recorded (no statistic):
    its exported rows say so and cite the plan."""
    return table.assign(Kwaliteit=PLAN_QUALITY, Bron=plan)


def history_table(changes: pd.DataFrame, names: dict[str, str]) -> pd.DataFrame:
    """Every record in words, newest first: what changed, who, when, undone.
    `names`: consultation code -> name."""
    what = [f"actie {r.action}, {int(r.year)}: {STATUS_LABELS.get(r.status, r.status)}" if r.kind == "status"
            else f"vergadering {names.get(r.consultation, r.consultation)} van "
                 f"{fmt.day(pd.Timestamp(r.held_on).date())}"
            for r in changes.itertuples()]
    return pd.DataFrame({
        "Nr.": changes["id"].astype(int), "Wijziging": what, "Toelichting": changes["note"].fillna(""),
        "Door": changes["recorded_by"], "Op": changes["recorded_at"].map(_moment),
        "Ongedaan": [f"{by}, {_moment(at)}" if isinstance(by, str) else "" for by, at in
                     zip(changes["undone_by"], changes["undone_at"])]})


def _moment(value) -> str:
    return "" if pd.isna(value) else pd.Timestamp(value).strftime("%d/%m/%Y %H:%M")


# The meeting pack's figures: the region's headline figures against Flanders, the partnerships' budgets and the
# trajectories' results, from the queries and transforms of Overzicht, Budgetten and Trajecten.

@dataclass(frozen=True)
class PackSection:
    """One figure section of the meeting pack, as the page, its slide and
    the handout show it: a title, a lead line, a table of text (Belgian
    formats, 'niet gepubliceerd', 'x', '<5'), and its source lines; and the
    same table for CSV/XLSX (`export`: the numbers as numbers, `decimals`
    as shown per column, or per row)."""
    title: str
    lead: str
    table: pd.DataFrame
    sources: list[str]
    export: pd.DataFrame
    decimals: dict[str, int | list[int]]
    modelled: str | None = None   # what of it is modelled (rows with Kwaliteit "gemodelleerd"), for its badge

    @property
    def notes(self) -> list[str]:
        """What an exported file carries beside the table: what it is and its sources."""
        return [self.title, self.lead, *self.sources]


def _section(title: str, lead: str, export: pd.DataFrame, formats: dict[str, Callable | list[Callable]],
             decimals: dict[str, int | list[int]], sources: list[str], modelled: str | None = None) -> PackSection:
    """A section whose shown table is `export` with its numbers in Belgian
    formats (`formats`: per column, or per row); its texts ('x', 'niet
    gepubliceerd', '<5', '–') as they are."""
    table = export.copy()
    for column, shown in formats.items():
        per_row = shown if isinstance(shown, list) else [shown] * len(table)
        table[column] = [v if isinstance(v, str) else f(v) for v, f in zip(export[column], per_row)]
    return PackSection(title, lead, table, sources, export, decimals, modelled)


@dataclass(frozen=True)
class Pack:
    headline: PackSection
    budgets: PackSection
    trajectories: PackSection


def _span(first: int, last: int) -> str:
    return str(first) if first == last else f"{first}-{last}"


def headline(run: Run, keyed: Keyed = direct) -> PackSection:
    """The region's headline figures against Flanders in the newest year
    each covers completely (Overzicht's model of the region): the employment
    rate against 80 % and the extra workers that needs, the jobseekers, the
    vacancies, the tension and the newcomers."""
    area, nis = REGIONS[REGION]["label"], list(REGIONS[REGION]["nis"])   # the 30 kept their borders in 2025
    newest = int(run("indicator_years", indicator=None)["year"].max())
    o = overzicht.collect(run, area, nis, nis, None, newest, keyed=keyed)
    measures = {label: m for m, label in overzicht.LABELS.items()}
    rows = o.table.iloc[(o.table["Kerncijfer"].map(measures) != overzicht.EMPLOYMENT).argsort(kind="stable")]
    value = {(r["Kerncijfer"], r["Gebied"]): r["Waarde"] for _, r in rows.iterrows()}
    out, shown = [], []   # the rows (numbers, or 'x' where the producer hid one) and their formats
    for label, part in rows.groupby("Kerncijfer", sort=False):
        first = part.iloc[0]
        out.append({"Kerncijfer": label, "Jaar": str(int(first["Jaar"])), area: value.get((label, area)),
                    FLANDERS: value.get((label, FLANDERS)), "Kwaliteit": first["Kwaliteit"]})
        m = measures[label]
        shown.append(partial(fmt.percent if m in (am.RATE, overzicht.EMPLOYMENT) else fmt.number,
                             decimals=overzicht.DECIMALS[m]))
        if m == overzicht.EMPLOYMENT and o.employment:
            rate = out[-1]
            out.append(rate | {"Kerncijfer": f"Afstand tot de doelstelling van {fmt.percent(TARGET, 0)}",
                               **{a: rate[a] if isinstance(rate[a], str) else rate[a] - TARGET
                                  for a in (area, FLANDERS)}})
            out.append(out[-1] | {"Kerncijfer": f"Extra werkenden nodig voor {fmt.percent(TARGET, 0)}",
                                  area: o.employment.needed, FLANDERS: "–",
                                  "Kwaliteit": fmt.quality("modelled" if o.employment.modelled else "derived")})
            shown += [partial(fmt.points, decimals=overzicht.DECIMALS[m]), partial(fmt.number, decimals=0)]
    lead = " ".join(filter(None, [f"{area} tegen {FLANDERS}, elk cijfer in het laatste jaar waarvoor alle gemeenten "
                                  "van beide een cijfer hebben.", *([o.employment.caption, "Extra werkenden: "
                                                                     + o.employment.extra.help] if o.employment else []),
                                  *o.notices]))
    places = [f.keywords["decimals"] for f in shown]
    return _section("Kerncijfers van de regio", lead, pd.DataFrame(out), dict.fromkeys((area, FLANDERS), shown),
                    dict.fromkeys((area, FLANDERS), places),
                    [o.source, *([o.employment.source] if o.employment else [])],
                    "Extra werkenden (bevolking 20-64 gemodelleerd)" if o.employment and o.employment.modelled
                    else None)


def budgets(run: Run, keyed: Keyed = direct) -> PackSection:
    """The partnerships' published budgets (Budgetten's flows over each
    programme's period, funders to partners, and each programme's total);
    what nobody published is 'niet gepubliceerd', never 0."""
    flows = run("budget_flows", year=None, modelled=False)
    totals = costs(run("programme_costs"))
    amount = "Bedrag over de periode"
    export = pd.DataFrame({
        "Van": flows["from_node"], "Naar": flows["to_node"],
        "Jaren": [_span(a, b) for a, b in zip(flows["first_year"], flows["last_year"])],
        amount: flows["amount_eur"].astype(object).where(flows["amount_eur"].notna(), NOT_PUBLISHED)})
    lead = "Totaal per programma: " + "; ".join(
        f"{r.label} ({_span(r.first_year, r.last_year)}): {published(r.budget_eur, fmt.euro)}"
        for r in totals.itertuples()) + "."
    known = keyed(("indicator_meta",), metas, run)
    return _section("Budgetten van de partnerschappen", lead, export.reset_index(drop=True), {amount: fmt.euro},
                    {amount: 2}, [source_text(known, ["budget"], extra=f"bedragen zoals gepubliceerd, over de periode "
                                              f"opgeteld; {NOT_PUBLISHED}: geen bedrag bekend (nooit 0)")])


def trajectories(run: Run, keyed: Keyed = direct) -> PackSection:
    """Per programme what it published (official; 'niet gepubliceerd'
    where nothing is), and for the programmes of the region the model's
    split of those totals over its municipalities (marked modelled, small
    counts hidden as on Trajecten)."""
    programmes = run("programmes")
    codes = programmes["programme"].tolist()
    values = tr.published_table(trajectories_published(programmes), codes, model_trajecten.UNEXPLAINED)
    nis = list(REGIONS[REGION]["nis"])
    names = run("municipalities").set_index("nis")["name_nl"].to_dict()
    rows = []
    for p in programmes.itertuples():
        none = values.loc[p.programme].isna().all()
        rows.append({"Programma": p.label, "Waar": REGIONS[p.region]["label"],
                     "Periode": _span(p.first_year, p.last_year),
                     **{c: NOT_PUBLISHED if pd.isna(v) else v for c, v in values.loc[p.programme].items()},
                     "Kwaliteit": NOT_PUBLISHED if none else f"{fmt.quality('official')} (gepubliceerd)"})
        if p.region != REGION or none:
            continue   # the model splits only what a programme published
        query = dict(nis=nis, programme=p.programme, target_group=ALL_GROUPS, start_year=None)
        counts = keyed(("regie pakket trajecten", p.programme, tuple(nis)), tr.counts, run("trajectory_cells", **query),
                       run("trajectory_timeseries", **query), nis, REASONS)
        table, marks = tr.municipal_rows(counts, nis)
        # The counts, '<5' or 'x' where Trajecten hides them.
        split = table.astype(object).where(marks == SHOWN, as_text(table, marks, fmt.number)).drop(index=tr.REGION_ROW)
        rows += [{"Programma": f"↳ {names[code]} ({fmt.quality('modelled')})", "Waar": names[code], "Periode": "",
                  **{c: split.at[code, c] if c in split else "–" for c in tr.PUBLISHED},
                  "Kwaliteit": fmt.quality("modelled")}
                 for code in split.index]
    known = keyed(("indicator_meta",), metas, run)
    modelled = any(r["Kwaliteit"] == fmt.quality("modelled") for r in rows)
    categories = [CATEGORY_LABELS[c] for c in tr.PUBLISHED]
    return _section(
        "Trajecten: resultaten", "Per programma wat het publiceerde, nooit opgeteld over programma's; de verdeling "
        f"over de gemeenten van {REGIONS[REGION]['label']} is gemodelleerd, geen gepubliceerd cijfer.",
        pd.DataFrame(rows).rename(columns=CATEGORY_LABELS), dict.fromkeys(categories, fmt.number),
        dict.fromkeys(categories, 0),
        [source_text(known, [PUBLISHED_TRAJECTORIES, model_trajecten.INDICATOR],
                     extra="'<5' en 'x': kleine aantallen afgeschermd; –: niet in het model")],
        "Verdeling over de gemeenten gemodelleerd" if modelled else None)


def pack(run: Run, keyed: Keyed = direct) -> Pack:
    """The meeting pack's figures (the same whatever the page's filters)."""
    return Pack(headline(run, keyed), budgets(run, keyed), trajectories(run, keyed))
