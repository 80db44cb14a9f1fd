"""Issue 18, points 6-8, in AppTest: a page that ignores the target group says
so and its link leaves the group out; Overzicht with one municipality names
it and compares it with its own region (one definition on every page), the
extra workers it needs, its largest target groups and a link to its fiche; a
year imported for two municipalities is no region figure. Expected values
come from the store (or a copy with the import), never written down."""
from __future__ import annotations

import json
import shutil

import pytest

from analysis.employment import people_needed
from common.vocabulary import ALL_GROUPS, TARGET
from tests.helpers.browser import app_pages
from loaders import doelgroepen, model_doelgroepen
from loaders.regions import REGIONS
from loaders.store import connect
from tests.helpers.pages import KORTRIJK, MENEN, array, metric
from tests.import_fixtures import import_year
from common import format as fmt
from ui import scope

GROUP = next(g for g in doelgroepen.LABELS if g != ALL_GROUPS)
PAGES = [p for p in app_pages() if p.slug != "beheer"]


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.slug)
def test_a_page_says_whether_the_target_group_applies(app, page):
    app.query_params["doelgroep"] = GROUP
    app.run()
    app.switch_page(page.script).run()
    assert not app.exception
    said = [i.value for i in app.info if "doelgroepfilter" in i.value]
    if page.url_path in scope.GROUP_PAGES:
        assert not said
        assert app.query_params.get("doelgroep") == [GROUP] or app.query_params.get("doelgroep") == GROUP
    else:
        assert said and doelgroepen.LABELS[GROUP] in said[0] and "geldt hier niet" in said[0]
        assert "doelgroep" not in app.query_params   # a shared link does not look filtered
        assert any(c.value == scope.NOT_HERE for c in app.sidebar.caption)
    # The choice is kept for the pages that use it.
    app.switch_page("views/kansengroepen.py").run()
    assert app.sidebar.selectbox(key="doelgroep").value == GROUP
    assert app.query_params.get("doelgroep") in ([GROUP], GROUP)


def test_every_page_but_kansengroepen_and_trajecten_ignores_the_group():
    """The pages that do not read the group from the filters are the ones that say so."""
    for page in app_pages():
        source = open(page.script, encoding="utf-8").read()
        assert ("f.group" in source) == (page.url_path in scope.GROUP_PAGES), page.script


def area_rate(store, codes, year) -> float:
    """sum NWWZ / sum (NWWZ / rate) over the municipalities with both."""
    rows = store.execute("""
        select nis, indicator, value from indicators where indicator in ('werkzoekendengraad', 'nwwz')
          and target_group = 'totaal' and period = ? and value is not null""", [str(year)]).df()
    wide = rows.pivot(index="nis", columns="indicator", values="value").reindex(codes).dropna()
    return 100 * wide["nwwz"].sum() / (wide["nwwz"] / (wide["werkzoekendengraad"] / 100)).sum()


def test_overzicht_answers_the_alderman_for_one_municipality(app, store):
    # 'beide' in the sidebar: Menen is still compared with its own region.
    app.query_params["gemeente"] = MENEN
    app.run()
    assert not app.exception
    name = store.execute("select name_nl from municipalities where nis = ?", [MENEN]).fetchone()[0]
    assert name in app.title[0].value
    assert not any("gekozen" in m.value for m in app.markdown)
    w13 = REGIONS["w13"]
    year = int(store.execute("select max(cast(period as integer)) from indicators "
                             "where indicator = 'werkzoekendengraad'").fetchone()[0])
    assert metric(app, w13["label"]).value == fmt.percent(area_rate(store, w13["nis"], year))
    assert not any(m.label.startswith("Westhoek") for m in app.metric)
    # The extra workers for 80 %, in the employment rate's last year, the modelled population marked.
    job_year, rate = store.execute("""select cast(period as integer), value from indicators where nis = ?
        and indicator = 'werkzaamheidsgraad' order by period desc limit 1""", [MENEN]).fetchone()
    working_age, quality = store.execute("""select value, quality from indicators where nis = ?
        and indicator = 'bevolking_20_64' and period = ?""", [MENEN, str(job_year)]).fetchone()
    extra = metric(app, f"Extra werkenden voor 80 % ({job_year})")
    assert extra.value == fmt.number(people_needed(rate, working_age, TARGET))
    assert (quality == "modelled") == any("20-64 jaar gemodelleerd" in m.value for m in app.markdown)
    # Its largest target groups: official series first, each with its year, modelled ones marked.
    table = next(d.value for d in app.dataframe if "Doelgroep" in d.value.columns)
    qualities = table["Kwaliteit"].tolist()
    assert qualities == sorted(qualities, key=lambda q: q == fmt.quality("modelled"))
    official = [s for s in model_doelgroepen.SERIES if not s.modelled]
    expected = store.execute("""select indicator, target_group, value from indicators where nis = ? and period = ?
        and unit <> '%'""", [MENEN, str(year)]).df()
    first = table.iloc[0]
    assert first["Jaar"] == str(year) and first["Kwaliteit"] == fmt.quality("official")
    biggest = max((s for s in official if ((expected["indicator"] == s.indicator)
                                           & (expected["target_group"] == s.target_group)).any()),
                  key=lambda s: expected.loc[(expected["indicator"] == s.indicator)
                                             & (expected["target_group"] == s.target_group), "value"].iat[0])
    assert first["Doelgroep"] == biggest.label
    # And a link to its Gemeentefiche that opens Menen.
    link = app.get("page_link")[0]
    assert link.proto.page.endswith("gemeentefiche") or "gemeentefiche" in link.proto.page
    assert f"gemeente={MENEN}" in link.proto.query_string


def test_the_region_is_the_same_on_werkzaamheid_and_vacatures(app):
    app.query_params.update({"gemeente": MENEN, "indicator": "werkzoekenden"})
    app.run()
    app.switch_page("views/werkzaamheid.py").run()
    assert not app.exception
    labels = [m.label for m in app.metric]
    assert any(label.startswith(REGIONS["w13"]["label"]) for label in labels)
    assert not any(label.startswith("Westhoek") for label in labels)
    app.switch_page("views/vacatures.py").run()
    assert any(m.label.startswith(REGIONS["w13"]["label"]) for m in app.metric)
    assert not any(m.label.startswith("Westhoek") for m in app.metric)


# --- Point 8: a partial import ---------------------------------------------

@pytest.fixture()
def partial(tmp_path, store_path, monkeypatch):
    """A copy of the store with one new year of the jobseeker rate, NWWZ and
    vacancies received, and one of the employment rate, for Menen and
    Kortrijk only. The app reads it through REGIOMONITOR_DB (its caches are
    keyed on the store's path, so nothing needs clearing)."""
    path = tmp_path / "partial.duckdb"
    shutil.copy(store_path, path)
    con = connect(path)
    latest = int(con.execute("select max(cast(period as integer)) from indicators "
                             "where indicator = 'werkzoekendengraad'").fetchone()[0])
    job = int(con.execute("select max(cast(period as integer)) from indicators "
                          "where indicator = 'werkzaamheidsgraad'").fetchone()[0])
    for indicator in ("werkzoekendengraad", "nwwz", "vacatures_ontvangen"):
        import_year(con, indicator, latest + 1, [MENEN, KORTRIJK])
    import_year(con, "werkzaamheidsgraad", job + 1, [MENEN, KORTRIJK])
    con.close()
    monkeypatch.setenv("REGIOMONITOR_DB", str(path))
    return path, latest, job


def test_a_partial_year_does_not_take_over_overzicht(app, partial, store):
    path, latest, job = partial
    app.run()
    assert not app.exception
    assert app.sidebar.selectbox(key="jaar").value == latest + 1   # the new year exists...
    both = REGIONS["westhoek"]["nis"] + REGIONS["w13"]["nis"]
    area = metric(app, "Westhoek + Zuid-West-Vlaanderen")
    assert area.value == fmt.percent(area_rate(store, both, latest))   # ...but the region shows its last full year
    flanders = store.execute("select count(*) from municipalities where on_map_2025 and nis not like '21%'"
                             ).fetchone()[0]
    notices = [w.value for w in app.warning]
    assert f"Voor {latest + 1} zijn er pas cijfers voor 2 van {len(both)} gemeenten" in notices[0]
    assert f"2 van {flanders} gemeenten van Vlaanderen" in notices[0]
    assert any(f"Voor {job + 1} zijn er pas cijfers voor 2 van {len(both)} gemeenten" in n for n in notices)
    assert any(m.label == f"Werkzaamheidsgraad (laatste volledige jaar: {job})" for m in app.metric)
    # The trends: the areas' lines stop at their last full year.
    trend = next(c for c in app.get("plotly_chart") if "werkzoekendengraad_trend" in c.proto.id)
    for line in json.loads(trend.proto.spec)["data"]:
        assert max(array(line["x"])) == latest


def test_a_partial_year_is_no_region_figure_on_werkzaamheid(app, partial, store):
    path, latest, job = partial
    app.query_params.update({"gemeente": MENEN, "indicator": "werkzoekenden"})
    app.run()
    app.switch_page("views/werkzaamheid.py").run()
    assert not app.exception
    w13 = REGIONS["w13"]
    region = metric(app, f"{w13['label']} {latest}")
    assert region.value == fmt.percent(area_rate(store, w13["nis"], latest))
    assert any(f"Voor {latest + 1} zijn er pas cijfers voor 2 van {len(w13['nis'])} gemeenten van {w13['label']}"
               in w.value for w in app.warning)


def test_a_partial_year_is_no_region_sum_on_vacatures(app, partial, store):
    path, latest, job = partial
    app.query_params["gemeente"] = MENEN
    app.run()
    app.switch_page("views/vacatures.py").run()
    assert not app.exception
    w13 = REGIONS["w13"]
    sums = store.execute("""select indicator, sum(value) from indicators where period = ? and target_group = 'totaal'
        and indicator in ('nwwz', 'vacatures_ontvangen') and list_contains(?, nis) group by indicator""",
                         [str(latest), w13["nis"]]).fetchall()
    tension = dict(sums)["nwwz"] / dict(sums)["vacatures_ontvangen"]
    assert metric(app, f"{w13['label']}, {latest}").value == fmt.number(tension, 2)
    assert any(f"Voor {latest + 1} zijn er pas cijfers voor 2 van {len(w13['nis'])} gemeenten van {w13['label']}"
               in w.value for w in app.warning)
