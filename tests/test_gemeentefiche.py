"""The Gemeentefiche through AppTest, for a Westhoek and a W13 municipality:
the figures shown equal the store's (computed here from its tables, not
through the page's queries) and VDAB's own file, each at its reference year
(the employment rate's 2015 said beside it), hidden values as 'x', a new
indicator in the overview without code changes, small trajectory numbers
never appear, the municipality comes from the shared filter or from
`?fiche=` (with a Dutch notice for a bad one), and the fiche's tables read
back from CSV and XLSX."""
from __future__ import annotations

import re

import io
import json
import shutil
from collections import Counter

import duckdb
import openpyxl
import pandas as pd
import pytest

from analysis.budget import NOT_PUBLISHED
from common.vocabulary import TARGET
from analysis.suppression import HIDDEN_TEXT, MIN_COUNT, PRIMARY
from loaders.regions import FLANDERS_NIS, REGIONS
from loaders import budget, model_doelgroepen, model_trajecten
from loaders.model_doelgroepen import SERIES
from loaders.model_common import source_name
from queries import run_query
from tests.helpers import open_page, shown
from tests.helpers.pages import csv_number, exported, figures, html_tables
from tests.helpers.reference import vdab_file_rate
from common import exports, format as fmt
from page_models.fiche import CATEGORY_LABELS, LABELS, SITES, collect, tables

PAGE = "views/gemeentefiche.py"


class Store:
    """What the store holds, read once on a short-lived connection (the app
    opens the same file in this process)."""

    def __init__(self, path):
        con = duckdb.connect(str(path), read_only=True)
        try:
            self.values = con.execute("select nis, period, indicator, target_group, value, flag from indicators").df()
            self.municipalities = con.execute("select nis, name_nl, reg_nis, population_2020 from municipalities").df()
            self.labels = dict(con.execute("select indicator, label from indicator_meta").fetchall())
            self.trajectories = con.execute("select programme, nis, count(*) as started from trajectories "
                                            "group by all").df()
        finally:
            con.close()
        self.names = dict(zip(self.municipalities["nis"], self.municipalities["name_nl"]))
        self.flanders = self.municipalities.loc[self.municipalities["reg_nis"] == FLANDERS_NIS, "nis"].tolist()
        self.year = int(self.series("werkzaamheidsgraad")["period"].max())
        self.latest = int(self.series("werkzoekendengraad")["period"].max())

    def series(self, indicator: str, group: str = "totaal") -> pd.DataFrame:
        v = self.values
        return v[(v["indicator"] == indicator) & (v["target_group"] == group)]

    def value(self, indicator: str, nis: str, period, group: str = "totaal") -> float:
        rows = self.series(indicator, group)
        return float(rows.loc[(rows["nis"] == nis) & (rows["period"] == str(period)), "value"].iat[0])

    def weighted_rate(self, codes: list[str], year: int) -> float:
        rate = self.series("werkzaamheidsgraad").query("period == @year_text", local_dict={"year_text": str(year)})
        pop = self.series("bevolking").query("period == @year_text", local_dict={"year_text": str(year)})
        both = rate.merge(pop, on="nis", suffixes=("_rate", "_pop"))
        both = both[both["nis"].isin(codes)]
        return float((both["value_rate"] * both["value_pop"]).sum() / both["value_pop"].sum())

    def series_any(self, indicator: str) -> pd.DataFrame:
        return self.values[self.values["indicator"] == indicator]

    def largest(self, region: str) -> str:
        """The most populous municipality of a region (a choice, not a value checked)."""
        rows = self.municipalities[self.municipalities["nis"].isin(REGIONS[region]["nis"])]
        return rows.nlargest(1, "population_2020")["nis"].iat[0]


@pytest.fixture(scope="module")
def facts(store_path) -> Store:
    return Store(store_path)


def open_fiche(app, **params):
    return open_page(app, PAGE, **params)


def metric(at, label: str) -> str:
    return next(m.value for m in at.metric if m.label == label)


def shown_table(at, first_column: str) -> pd.DataFrame:
    """The page's table (an HTML table, `ui.layout.html_table`) whose first column is `first_column`, its
    amounts' units joined to their numbers (`ui.layout.unbroken`) read with a plain space again."""
    return next(t for t in html_tables(at) if t.columns[0] == first_column).replace("\u00a0", " ", regex=True)


@pytest.mark.parametrize("region", ["westhoek", "w13"])
def test_fiche_shows_the_store_figures(app, facts, region):
    nis = facts.largest(region)
    at = open_fiche(app, gemeente=nis)
    name, year, latest = facts.names[nis], facts.year, facts.latest
    assert at.selectbox(key="jaar").value == latest     # the default year: VDAB's latest
    assert at.title[0].value == f"Gemeentefiche {name}"
    jobseekers = vdab_file_rate(name, latest)
    assert metric(at, f"Werkzoekendengraad {latest}") == fmt.percent(jobseekers)
    tension = facts.value("nwwz", nis, latest) / facts.value("vacatures_ontvangen", nis, latest)
    assert metric(at, f"Werkzoekenden per ontvangen vacature {latest}") == fmt.number(tension, 2)
    assert metric(at, "Ontvangen vacatures") == fmt.number(facts.value("vacatures_ontvangen", nis, latest))
    rate = facts.value("werkzaamheidsgraad", nis, year)
    assert metric(at, f"Werkzaamheidsgraad {year}") == fmt.percent(rate)
    assert f"{year}, het laatste beschikbare jaar" in [c.value for c in at.caption]   # beside the figure
    assert any(f"getoond: {year}, het laatste beschikbare jaar" in i.value for i in at.info)
    assert metric(at, f"Afstand tot 80 % ({year})") == fmt.points(rate - TARGET)
    area = REGIONS[region]
    codes = area["nis"]
    nwwz = sum(facts.value("nwwz", c, latest) for c in codes)
    labour = sum(facts.value("nwwz", c, latest) / facts.value("werkzoekendengraad", c, latest) * 100 for c in codes)
    assert metric(at, f"{area['label']} (berekend)") == fmt.percent(100 * nwwz / labour)
    assert [m.value for m in at.metric if m.label == name] == [fmt.percent(jobseekers), fmt.percent(rate)]
    assert metric(at, area["label"]) == fmt.percent(facts.weighted_rate(area["nis"], year))
    rates = {code: facts.value("werkzaamheidsgraad", code, year) for code in area["nis"]}
    assert metric(at, "Rang") == f"{sorted(rates.values(), reverse=True).index(rate) + 1} van {len(rates)}"
    sentences = at.markdown[0].value
    assert sentences.startswith(f"- {name}: werkzoekendengraad {fmt.percent(jobseekers)} in {latest} (officieel")
    assert f"werkzaamheidsgraad {fmt.percent(rate)} in {year}, het laatste beschikbare jaar (officieel)" in sentences
    held = facts.values[facts.values["nis"] == nis].drop_duplicates(["indicator", "target_group"])
    labels = shown_table(at, "Indicator")["Indicator"].tolist()
    parts = next(t for t in html_tables(at) if list(t.columns[:2]) == ["Indicator", "Groep"])
    for indicator, group in held[["indicator", "target_group"]].itertuples(index=False):
        label = facts.labels[indicator]
        in_table = any(shown.startswith(label) and (group == "totaal" or shown.endswith(LABELS[group]))
                       for shown in labels)
        in_parts = ((parts["Indicator"] == label) & (parts["Groep"] == LABELS.get(group, group))).any()
        assert in_table or in_parts, (indicator, group)
    sources = shown_table(at, "Indicator").set_index("Indicator")["Bron"]
    assert "(export 21/05/2026)" in sources["Werkzoekendengraad"]   # the export date the file states
    lines = [c.value for c in at.caption if c.value.startswith("Bron:")]   # a span in the plural, once a line
    assert lines and not [line for line in lines if line.count("referentiejaar") > 1], lines
    assert any(re.search(r"referentiejaren \d{4}-\d{4} · ", line) for line in lines), lines


def test_hidden_values_show_as_x_never_as_zero(app, facts):
    """A value VDAB hid ('x' in its file) is 'x' in the overview table and
    its exports, with the legend, and never 0."""
    hidden = facts.values[(facts.values["flag"] == fmt.HIDDEN) & facts.values["nis"].isin(
        REGIONS["westhoek"]["nis"] + REGIONS["w13"]["nis"]) & (facts.values["period"] == str(facts.latest))]
    nis, indicator, group = hidden.iloc[0][["nis", "indicator", "target_group"]]
    at = open_fiche(app, gemeente=nis)
    table = shown_table(at, "Indicator").set_index("Indicator")
    label = f"{facts.labels[indicator]} – {LABELS.get(group, group)}"
    assert table.at[label, "Waarde"] == fmt.HIDDEN and table.at[label, "Periode"] == str(facts.latest)
    assert fmt.HIDDEN_NOTE in [c.value for c in at.caption]


def test_a_new_indicator_in_the_store_appears_without_code_changes(store_path, facts, tmp_path):
    """An indicator the code has never heard of (as an import from the
    portal adds it), in a copy of the store: the overview lists it with its
    unit, period, quality and source, a hidden value of it as 'x'."""
    copy = tmp_path / "copy.duckdb"
    shutil.copy(store_path, copy)
    nis = facts.largest("w13")
    con = duckdb.connect(str(copy))
    try:
        con.execute("insert into indicator_meta (indicator, label, unit, decimals, quality, producer) values "
                    "('leefloon_test', 'Leefloners (test)', 'personen', 0, 'official', "
                    "'POD MI, via provincies.incijfers.be (export 01/02/2026)')")
        con.execute("insert into indicator_values values (?, '2023', 'leefloon_test', 'totaal', 412, 'personen', "
                    "'official', 'POD MI, via provincies.incijfers.be', null), "
                    "(?, '2023', 'leefloon_test', 'vrouwen', null, 'personen', 'official', "
                    "'POD MI, via provincies.incijfers.be', 'x')", [nis, nis])
        fiche = collect(lambda name, **p: run_query(con, name, **p), nis, facts.latest)
    finally:
        con.close()
    table = tables(fiche, text=True)["kerncijfers"].set_index("Indicator")
    assert table.at["Leefloners (test)", "Waarde"] == fmt.number(412)
    assert table.at["Leefloners (test)", "Periode"] == "2023"
    assert table.at["Leefloners (test)", "Bron"] == "POD MI, via provincies.incijfers.be (export 01/02/2026)"
    assert table.at["Leefloners (test) – vrouwen", "Waarde"] == fmt.HIDDEN
    raw = tables(fiche)["kerncijfers"].set_index("Indicator")
    assert raw.at["Leefloners (test) – vrouwen", "Waarde"] == fmt.HIDDEN
    assert "Leefloners (test)" in set(fiche.sources["label"])


@pytest.mark.parametrize("region", ["westhoek", "w13"])
def test_fiche_target_groups_are_the_kansengroepen_series_official_first(app, facts, region):
    """The Kansengroepen page's series (no modelled inburgeraars: the model
    no longer makes them), official ones first in the fiche's year, the
    modelled ones in the model's last year, each row with its year and
    quality, and per 1,000 inhabitants of that year."""
    nis = facts.largest(region)
    at = open_fiche(app, gemeente=nis)
    table = shown_table(at, "Reeks").set_index("Reeks")
    held = [s for s in SERIES if (facts.series(s.indicator, s.target_group)["nis"] == nis).any()]
    assert list(table.index) == [s.label for s in held]
    qualities = table["Kwaliteit"].tolist()
    assert qualities == sorted(qualities, key=lambda q: q != fmt.quality("official"))   # official first
    assert fmt.quality("modelled") in qualities and fmt.quality("official") in qualities
    for s in held:
        rows = facts.series(s.indicator, s.target_group)
        years = rows.loc[rows["nis"] == nis, "period"].astype(int)
        year = int(years[years <= facts.latest].max())
        assert int(table.at[s.label, "Jaar"]) == year
        assert table.at[s.label, "Kwaliteit"] == fmt.quality("modelled" if s.modelled else "official")
        value = facts.value(s.indicator, nis, year, s.target_group)
        unit_rate = table.at[s.label, "Eenheid"] == "%"
        assert table.at[s.label, "Waarde"] == fmt.number(value, 1 if unit_rate else 0)
        if not unit_rate:
            assert table.at[s.label, "Per 1.000 inwoners"] == fmt.number(
                1000 * value / facts.value("bevolking", nis, year), 1)
    assert [s.label for s in held if s.modelled and s.code == "inburgeraars"] == []


def programme_rows(table: pd.DataFrame, label: str) -> pd.DataFrame:
    return table[table["Programma"] == label].set_index("Waar")


@pytest.mark.parametrize("region", ["westhoek", "w13"])
def test_fiche_trajectories_published_official_split_modelled_small_numbers_hidden(app, facts, region):
    """18.9-10: per programme of the region what it published (official, for
    all of it, from model_trajecten.yml; 'niet gepubliceerd' where nothing
    is) and, marked modelled, the split to the municipality from the store
    in its own period (Menen from 2020), counts below 5 never shown."""
    nis = facts.largest(region)
    at = open_fiche(app, gemeente=nis)
    table = shown_table(at, "Programma")
    name = facts.names[nis]
    assert set(table["Programma"]) == {label for code, label in budget.LABELS.items()
                                       if budget.PROGRAMMES[code]["region"] == region}
    for code, label in budget.LABELS.items():
        if budget.PROGRAMMES[code]["region"] != region:
            continue
        rows = programme_rows(table, label)
        whole = rows.iloc[0]
        assert whole["Kwaliteit"].startswith(fmt.quality("official"))
        published = model_trajecten.META["published"].get(code, {})
        assert whole["Gestart"] == (fmt.number(published["started"]) if "started" in published else NOT_PUBLISHED)
        if "job" in table.columns:
            job = published.get("outcomes", {}).get("job")
            assert whole[CATEGORY_LABELS["job"]] == (fmt.number(job) if job else NOT_PUBLISHED)
        total = budget.PROGRAMMES[code].get("total_eur")
        assert whole["Budget per jaar (EUR)"] == (fmt.euro(total) if total else NOT_PUBLISHED)
        mine = facts.trajectories.loc[(facts.trajectories["programme"] == code) & (facts.trajectories["nis"] == nis),
                                      "started"]
        if mine.empty:
            assert name not in rows.index
            continue
        local = rows.loc[name]
        assert local["Kwaliteit"].startswith(fmt.quality("modelled"))
        started = int(mine.iat[0])
        assert local["Gestart"] == (fmt.number(started) if started >= MIN_COUNT else HIDDEN_TEXT[PRIMARY])
        first, last = SITES.get(code, {}).get(nis, budget.PROGRAMMES[code]["first_year"]), budget.PROGRAMMES[
            code]["last_year"]
        assert local["Periode"] == (str(first) if first == last else f"{first}-{last}")
    counts = table.drop(columns=["Programma", "Waar", "Periode", "Kwaliteit", "Bron"]).to_numpy().ravel()
    small = {fmt.number(n) for n in range(1, MIN_COUNT)}
    assert not small & set(counts)


def test_menen_says_it_joined_t_werkt_in_2020(app, facts):
    """18.10: the period of Menen's trajectories is from its own start
    (model_trajecten.yml), on the page, in its sentence and in the report."""
    menen = next(code for code, year in SITES["t_werkt"].items() if year != min(SITES["t_werkt"].values()))
    at = open_fiche(app, gemeente=menen)
    last = budget.PROGRAMMES["t_werkt"]["last_year"]
    period = f"{SITES['t_werkt'][menen]}-{last}"
    assert programme_rows(shown_table(at, "Programma"), budget.LABELS["t_werkt"]).at[facts.names[menen],
                                                                                      "Periode"] == period
    assert f"In {facts.names[menen]} ({period}): " in at.markdown[0].value
    assert f"{budget.PROGRAMMES['t_werkt']['first_year']}-{facts.names[menen]}" not in at.markdown[0].value


def test_westhoek_municipality_without_participants_shows_the_partnership_as_published(app, facts):
    """18.9: no 'Geen trajecten' where the Lokaal Partnerschap runs: its
    trajectories and outcomes are 'niet gepubliceerd', its budget the one
    budget.yml holds; the proeftuin's 13 are the whole region's."""
    without = sorted(set(REGIONS["westhoek"]["nis"]) - set(facts.trajectories["nis"]))[0]
    at = open_fiche(app, gemeente=without)
    assert not any("Geen trajecten" in i.value for i in at.info)
    lp = budget.PROGRAMMES["lp_westhoek"]
    sentence = next(x for x in at.markdown[0].value.split("\n") if lp["label"] in x)
    assert (f"trajecten en uitkomsten {NOT_PUBLISHED}; budget {fmt.euro(lp['total_eur'])} per jaar "
            "(gepubliceerd, officieel)") in sentence
    assert fmt.euro(lp["total_eur"]) in [m.value for m in at.metric]
    table = programme_rows(shown_table(at, "Programma"), lp["label"])
    assert list(table.index) == [f"heel het programma ({REGIONS['westhoek']['label']})"]
    proeftuin = programme_rows(shown_table(at, "Programma"), budget.LABELS["proeftuin_westhoek"])
    assert proeftuin["Gestart"].tolist() == [fmt.number(model_trajecten.META["published"]["proeftuin_westhoek"][
        "started"])]


def test_municipality_from_the_page_choice_and_the_link(app, facts):
    nis = facts.largest("westhoek")
    at = open_fiche(app, fiche=nis)
    assert at.title[0].value == f"Gemeentefiche {facts.names[nis]}"
    other = facts.largest("w13")
    at.selectbox(key="fiche").set_value(other).run()
    assert at.query_params["fiche"] == other
    assert at.title[0].value == f"Gemeentefiche {facts.names[other]}"


@pytest.mark.parametrize("params, says", [
    ({"fiche": "99999"}, "is geen gekende NIS-code"),
    ({"regio": "westhoek", "fiche": "34027"}, "hoort niet bij Westhoek"),
])
def test_bad_fiche_in_link_gets_a_dutch_notice(app, params, says):
    at = open_fiche(app, **params)
    assert any(params["fiche"] in shown(w.value) and says in shown(w.value) for w in at.warning)
    assert at.title[0].value.startswith("Gemeentefiche ")


def test_several_selected_municipalities_offer_the_first(app, facts):
    codes = REGIONS["w13"]["nis"][:2]
    at = open_fiche(app, gemeente=codes)
    assert at.selectbox(key="fiche").value == codes[0]
    assert at.title[0].value == f"Gemeentefiche {facts.names[codes[0]]}"


def test_fiche_tables_read_back_from_csv_and_xlsx(store, facts):
    nis = facts.largest("w13")
    fiche = collect(lambda name, **p: run_query(store, name, **p), nis, facts.year)
    for key, table in tables(fiche).items():
        csv = pd.read_csv(io.BytesIO(exports.to_csv(table)), sep=";", decimal=",", encoding="utf-8-sig", dtype=str)
        assert csv.columns.tolist() == table.columns.tolist(), key
        book = openpyxl.load_workbook(io.BytesIO(exports.to_xlsx(table, notes=["bron"])))
        rows = list(book["gegevens"].values)
        assert list(rows[0]) == table.columns.tolist() and len(rows) == len(table) + 1, key
    key_figures = tables(fiche)["kerncijfers"]
    rate = facts.value("werkzaamheidsgraad", nis, facts.year)
    back = pd.read_csv(io.BytesIO(exports.to_csv(key_figures)), sep=";", decimal=",", encoding="utf-8-sig")
    assert back.loc[back["Indicator"] == "Werkzaamheidsgraad", "Waarde"].iat[0] == pytest.approx(round(rate, 1))
    sheet = list(openpyxl.load_workbook(io.BytesIO(exports.to_xlsx(key_figures)))["gegevens"].values)
    values = {row[0]: row[1] for row in sheet[1:]}
    assert isinstance(values["Werkzaamheidsgraad"], float) and values["Werkzaamheidsgraad"] == pytest.approx(
        round(rate, 1))   # as shown
    trajectories = pd.DataFrame(list(openpyxl.load_workbook(io.BytesIO(exports.to_xlsx(tables(fiche)["trajecten"])))[
        "gegevens"].values)[1:], columns=tables(fiche)["trajecten"].columns)
    counts = trajectories.drop(columns=["Programma", "Waar", "Periode", "Kwaliteit", "Bron", "Budget per jaar (EUR)"])
    assert all(isinstance(c, int) and (c == 0 or c >= MIN_COUNT) or c in (*HIDDEN_TEXT.values(), "–", NOT_PUBLISHED)
               for c in counts.to_numpy().ravel())
    modelled = trajectories["Kwaliteit"].str.startswith(fmt.quality("modelled"))
    started = facts.trajectories.query("nis == @nis")["started"].tolist()
    assert Counter(trajectories.loc[modelled, "Gestart"]) == Counter(
        n if n >= MIN_COUNT else HIDDEN_TEXT[PRIMARY] for n in started)
    published = [model_trajecten.META["published"][code]["started"] for code in fiche_codes(fiche)]
    assert trajectories.loc[~modelled, "Gestart"].tolist() == published


def fiche_codes(fiche) -> list[str]:
    return [p.code for p in fiche.programmes]


def test_report_button_makes_the_report_of_the_shown_municipality(app, facts):
    nis = facts.largest("w13")
    at = open_fiche(app, gemeente=nis)
    next(b for b in at.button if b.label == "Rapport maken").click().run()
    assert not at.exception
    assert any(d.proto.label.startswith("Rapport downloaden") for d in at.get("download_button"))
    basename, document = at.session_state["_fiche_rapport"]
    assert basename == f"gemeentefiche_{facts.names[nis]}_{facts.latest}"
    assert f"<h1>Gemeentefiche {facts.names[nis]}</h1>" in document and "<svg" in document


def test_fiche_page_exports_say_quality_and_source(app, facts, downloads):
    nis = facts.largest("westhoek")
    open_fiche(app, gemeente=nis)
    base = f"gemeentefiche_{facts.names[nis]}_{facts.latest}"
    csv, xlsx = exported(downloads, f"{base}_doelgroepen")
    for back, number in ((csv, csv_number), (xlsx, float)):
        rows = back.set_index("Reeks")
        for s in SERIES:
            if s.label in rows.index:
                year = int(rows.at[s.label, "Jaar"])
                assert number(rows.at[s.label, "Waarde"]) == pytest.approx(
                    facts.value(s.indicator, nis, year, s.target_group)), s.code
                assert rows.at[s.label, "Kwaliteit"] == fmt.quality("modelled" if s.modelled else "official")
        model = rows["Kwaliteit"] == fmt.quality("modelled")
        assert (rows.loc[model, "Bron"] == source_name(model_doelgroepen.META)).all()
        assert not rows.loc[~model, "Bron"].str.contains(source_name(model_doelgroepen.META)).any()
    csv, xlsx = exported(downloads, f"{base}_trajecten")
    for back in (csv, xlsx):   # published rows official, the split modelled, each with its own source
        modelled = back["Kwaliteit"].str.startswith(fmt.quality("modelled"))
        assert modelled.any() and (~modelled).any()
        assert (back.loc[modelled, "Bron"] == source_name(model_trajecten.META)).all()
        assert not back.loc[~modelled, "Bron"].str.contains(source_name(model_trajecten.META)).any()
    csv, xlsx = exported(downloads, f"{base}_werkzaamheid")
    assert (csv["Kwaliteit"] == fmt.quality("official")).all()
    assert csv[facts.names[nis]].map(csv_number).tolist() == pytest.approx(
        [round(facts.value("werkzaamheidsgraad", nis, y), 1) for y in csv["Jaar"].astype(int)])   # as shown


def test_only_the_yearly_charts_depend_on_the_year(store, facts):
    """The app builds the fiche's other charts once per municipality
    (ui.fiche): that holds only if they come out the same for every year;
    and the full set is both parts together, in the same order."""
    from charts.fiche import YEARLY, figures

    results = {}

    def run(name: str, **params):
        # Each query once, as the app's cache does: DuckDB's parallel sums of floats may differ in the last bit.
        key = (name, repr(sorted(params.items())))
        if key not in results:
            results[key] = run_query(store, name, **params)
        return results[key]

    def build(year: int, part=None) -> dict:
        fiche = collect(run, facts.largest("w13"), year)
        return {k: fig.to_json() for k, fig in figures(fiche, LABELS, CATEGORY_LABELS, part=part).items()}

    latest, earlier = build(facts.latest), build(facts.year - 3)
    assert latest.keys() == earlier.keys() and len(latest) > 2
    assert [k for k in latest if latest[k] != earlier[k]] == [k for k in latest if k in YEARLY] == list(YEARLY)
    assert str(facts.year - 3) in json.loads(earlier["doelgroepen"])["layout"]["title"]["text"]
    assert list(build(facts.latest, "periods") | build(facts.latest, "year")) == \
        [k for k in latest if k not in YEARLY] + list(YEARLY)


def test_a_year_change_draws_only_the_yearly_charts_anew(app, facts):
    """Streamlit draws a chart anew when its element id changes (the id hashes
    the figure and its config, the PNG file name included)."""
    from charts.fiche import YEARLY

    at = open_fiche(app, gemeente=facts.largest("w13"))
    before = {c.proto.id for c in at.get("plotly_chart")}
    at.selectbox(key="jaar").set_value(facts.year - 3).run()
    changed = [c for c in at.get("plotly_chart") if c.proto.id not in before]
    assert len(before) > 2 and len(changed) == len(YEARLY)
    titles = [json.loads(c.proto.spec)["layout"]["title"]["text"].replace("<br>", " ") for c in changed]
    assert any(f"kansengroepen per 1.000 inwoners ({facts.year - 3}" in t for t in titles), titles


def test_projector_mode_enlarges_a_copy_not_the_cached_figures(app, facts):
    """On the projector every rerun shows the same sizes: the enlarged fonts
    and label margins are applied to a copy, not again to shared figures."""
    at = open_fiche(app, gemeente=facts.largest("w13"), presentatie="1")
    for _ in range(10):   # to the first slide with charts
        if at.get("plotly_chart"):
            break
        next(b for b in at.button if b.label == "Volgende ▶").click().run()
    def margins():
        return [json.loads(c.proto.spec)["layout"]["margin"].get("l") for c in at.get("plotly_chart")]
    first = margins()
    assert first and any(first)
    at.run()
    at.run()
    assert margins() == first


def test_a_slides_small_multiples_stand_in_one_row_their_titles_in_lines_that_fit(app, facts):
    """Issue 18.2: at a slide's 20 px letters (1366x768) the overview's second row of panels had its titles
    over the first row's ticks, and a title wider than its panel ran out of the chart. On a slide every
    panel stands in one row (the page keeps its grid, a phone a panel a row), titles in a slide's lines."""
    from charts.fiche import SLIDE_TITLE_WRAP
    at = open_fiche(app, gemeente=facts.largest("w13"), presentatie="1")
    for _ in range(30):   # to the overview's slide, the page's last
        grids = [fig for fig in figures(at) if "oogopslag" in (fig.layout.title.text or "")]
        if grids:
            break
        next(b for b in at.button if b.label == "Volgende ▶").click().run()
    assert grids, "no overview slide"
    one_row = [fig for fig in grids
               if len({tuple(v["domain"]) for k, v in fig.layout.to_plotly_json().items() if k.startswith("yaxis")}) == 1]
    assert one_row, [fig.layout.title.text for fig in grids]
    panels = [a.text for a in one_row[0].layout.annotations if a.yanchor == "bottom" and a.y and a.y >= 1]
    assert len(panels) > 3 and all(len(line) <= SLIDE_TITLE_WRAP for t in panels for line in t.split("<br>")), panels
