"""The Regie page: `collect` with the plain query runner (statuses, cadence,
goals against the store), recording progress with its Dutch refusals,
history and undo, records surviving a rebuild, and the page itself (AppTest),
read-only and logged in. Expected values come from the plan file and the
store, never typed in."""
from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from analysis import regie as ar
from backoffice import regie_progress, snapshots
from loaders import build, regie
from loaders.config import PROJECT_ROOT, data_dir
from loaders.errors import SourceError
from loaders.regions import REGIONS
from loaders.store import connect
from page_models import regie as ur
from queries import run_query
from tests.helpers.admin import PASSWORD, signed_in_app
from tests.helpers.pages import html_tables
from tests.import_fixtures import own_con, own_store  # noqa: F401 (fixtures)
from common import format as fmt
from page_models import regie_report, report

PLAN = regie.read_plan()
YEARS = list(range(PLAN["source"]["first_year"], PLAN["source"]["last_year"] + 1))
USER = "regisseur"
PAGE = "views/regie.py"
APP = str(PROJECT_ROOT / "app.py")
W13 = REGIONS[ur.REGION]["label"]


def runner(con):
    return lambda name, **params: run_query(con, name, **params)


def past_day(year: int) -> date:
    """A day of `year` that is not in the future."""
    return min(date(year, 3, 1), date.today())


def test_collect_without_records_shows_every_action_planned(store):
    model = ur.collect(runner(store))
    assert model.actions["number"].tolist() == [a["number"] for a in PLAN["actions"]]
    assert model.years == YEARS
    assert set(model.status["status"]) == {regie.DEFAULT_STATUS} and not model.status["recorded"].any()
    named = {a["number"]: a.get("work_years") for a in PLAN["actions"]}
    for number, years in model.status.groupby("number")["year"]:
        assert sorted(years) == (named[number] or YEARS)
    assert (model.cadence["held"] == 0).all()
    minimum = {c["code"]: c["minimum_per_year"] for c in PLAN["consultations"]}
    assert model.cadence["text"].tolist() == [
        f"0 van minstens {minimum[code]}" if minimum[code] else "0 (geen minimum afgesproken)"
        for code in model.cadence["code"]]


@pytest.mark.parametrize("objective", [o["code"] for o in PLAN["objectives"]])
def test_filters_objective_lead_and_year(store, objective):
    lead_code, lead = next(iter(PLAN["leads"].items()))
    year = YEARS[-1]
    model = ur.collect(runner(store), objective, lead, year)
    wanted = {a["number"] for a in PLAN["actions"] if a["objective"] == objective and lead_code in a.get("leads", [])
              and year in (a.get("work_years") or YEARS)}
    shown = set(model.actions["number"])
    assert wanted <= shown
    assert all(n in wanted or any(w.startswith(n + ".") for w in wanted) for n in shown), "only their sections"
    assert set(model.status["year"]) <= {year}
    assert model.objectives["code"].tolist() == [objective]


def test_goal_figures_are_the_stores_for_w13_and_flanders(store):
    goals = {g.code: g for g in ur.goals(runner(store))}
    assert [g.title for g in goals.values()] == [g["title"] for g in PLAN["goals"]]
    labels = dict(store.execute("select indicator, label from indicator_meta").fetchall())
    for plan_goal in PLAN["goals"]:
        assert goals[plan_goal["code"]].figures.empty == (not plan_goal["indicators"])
        # Each figure is named by the plan's words for it, else by the indicator's label: never the goal's title.
        figures = goals[plan_goal["code"]].figures
        for link, label in zip(plan_goal["indicators"], [] if figures.empty else figures["label"]):
            assert label == link["title"] if "title" in link else label.startswith(labels[link["indicator"]])
    # A summed count: received vacancies of W13 in the latest complete year, from the store.
    jobs = goals["lokale_werkgelegenheid"].figures.set_index("indicator").loc["vacatures_ontvangen"]
    w13 = list(REGIONS[ur.REGION]["nis"])
    expected = store.execute("select sum(value) from indicators where indicator = 'vacatures_ontvangen' and "
                             "target_group = 'totaal' and period = ? and list_contains(?, nis)",
                             [str(jobs["year"]), w13]).fetchone()[0]
    assert jobs[W13] == pytest.approx(expected)
    assert jobs["year"] == int(store.execute("select max(period) from indicators where indicator = "
                                             "'vacatures_ontvangen'").fetchone()[0])
    # A rate: the median of the municipalities, never a sum or a mean.
    young = goals["jongeren"].figures.iloc[0]
    rates = store.execute("select value from indicators where indicator = 'werkzoekendengraad' and target_group = "
                          "'18_24' and period = ? and list_contains(?, nis)", [str(young["year"]), w13]).df()
    assert young[W13] == pytest.approx(rates["value"].median())
    assert young["method"] == ar.METHODS[ar.MEDIAN]
    assert len(young[f"{W13} trend"]) == young["year"] - young["first_year"] + 1


def test_status_history_and_undo(own_con):
    first = regie_progress.record_status(own_con, "1.5", YEARS[0], "lopend", "", USER)
    second = regie_progress.record_status(own_con, "1.5", YEARS[0], "afgerond", "netwerk in kaart", USER)
    model = ur.collect(runner(own_con))
    row = model.status.set_index(["number", "year"]).loc[("1.5", YEARS[0])]
    assert (row["status"], row["recorded"], row["note"], row["by"]) == ("afgerond", True, "netwerk in kaart", USER)
    assert model.latest.set_index("number").at["1.5", "note"] == "netwerk in kaart"
    assert model.history["id"].tolist() == [second, first]
    regie_progress.undo(own_con, second, USER)
    model = ur.collect(runner(own_con))
    assert model.status.set_index(["number", "year"]).at[("1.5", YEARS[0]), "status"] == "lopend"
    assert model.history.set_index("id").at[second, "undone_by"] == USER
    regie_progress.undo(own_con, first, USER)
    row = ur.collect(runner(own_con)).status.set_index(["number", "year"]).loc[("1.5", YEARS[0])]
    assert (row["status"], row["recorded"]) == (regie.DEFAULT_STATUS, False)
    with pytest.raises(SourceError, match="al ongedaan gemaakt"):
        regie_progress.undo(own_con, first, USER)


def test_cadence_counts_meetings_per_year(own_con):
    code = next(c for c in PLAN["consultations"] if c["minimum_per_year"])
    held = [past_day(YEARS[0]).replace(day=d) for d in range(1, code["minimum_per_year"])]
    ids = [regie_progress.record_meeting(own_con, code["code"], day, None, USER) for day in held]
    regie_progress.record_meeting(own_con, code["code"], past_day(YEARS[1]), "", USER)
    cadence = ur.collect(runner(own_con)).cadence.set_index(["code", "year"])
    assert cadence.at[(code["code"], YEARS[0]), "text"] == f"{len(held)} van minstens {code['minimum_per_year']}"
    assert cadence.at[(code["code"], YEARS[0]), "met"] is False or not cadence.at[(code["code"], YEARS[0]), "met"]
    assert cadence.at[(code["code"], YEARS[1]), "held"] == 1
    regie_progress.undo(own_con, ids[0], USER)
    assert ur.collect(runner(own_con)).cadence.set_index(["code", "year"]).at[
        (code["code"], YEARS[0]), "held"] == len(held) - 1


@pytest.mark.parametrize("call, message", [
    (lambda con: regie_progress.record_status(con, "9.9.9", YEARS[0], "lopend", "", USER),
     "onbekende actie '9.9.9'"),
    (lambda con: regie_progress.record_status(con, "1.5", YEARS[0], "uitgesteld", "  ", USER),
     "geef een toelichting"),
    (lambda con: regie_progress.record_status(con, "1.5", YEARS[-1] + 1, "lopend", "", USER),
     "valt buiten de jaren van het actieplan"),
    (lambda con: regie_progress.record_status(con, "1.5", YEARS[0], "bijna", "", USER), "onbekende status"),
    (lambda con: regie_progress.record_meeting(con, "rose_av", date(YEARS[0] - 1, 12, 31), None, USER),
     "valt buiten de jaren van het actieplan"),
    (lambda con: regie_progress.record_meeting(con, "geen_overleg", past_day(YEARS[0]), None, USER),
     "onbekend overleg"),
])
def test_bad_input_is_refused_in_dutch_and_stores_nothing(own_con, call, message):
    before = own_con.execute("select count(*) from regie_changes").fetchone()[0]
    with pytest.raises(SourceError, match=message):
        call(own_con)
    assert own_con.execute("select count(*) from regie_changes").fetchone()[0] == before


def test_a_work_year_the_plan_does_not_name_is_refused(own_con):
    action = next(a for a in PLAN["actions"] if a.get("work_years") and len(a["work_years"]) < len(YEARS))
    other = next(y for y in YEARS if y not in action["work_years"])
    with pytest.raises(SourceError, match=f"{other} is geen werkjaar van actie {action['number']}"):
        regie_progress.record_status(own_con, action["number"], other, "lopend", "", USER)


def test_a_meeting_twice_is_refused(own_con):
    regie_progress.record_meeting(own_con, "roa", past_day(YEARS[0]), None, USER)
    with pytest.raises(SourceError, match="is al geregistreerd"):
        regie_progress.record_meeting(own_con, "roa", past_day(YEARS[0]), None, USER)


def test_records_survive_a_rebuild_and_the_plan_file_is_untouched(own_store, tmp_path):
    plan_before = regie.PLAN_FILE.read_bytes()
    with connect(own_store) as con:
        regie_progress.record_status(con, "2.1", YEARS[0], "uitgesteld", "wachten op decreet", USER)
        before = con.execute("select * from regie_changes").df()
    rebuilt = tmp_path / "rebuilt" / own_store.name
    rebuilt.parent.mkdir()
    own_store.rename(rebuilt)
    build.build(rebuilt, data_dir(), progress=lambda _: None)
    with connect(rebuilt, read_only=True) as con:
        pd.testing.assert_frame_equal(con.execute("select * from regie_changes").df(), before)
    assert regie.PLAN_FILE.read_bytes() == plan_before


# The page ---------------------------------------------------------------------------------------------------------


def open_regie(app, **params):
    from tests.helpers import open_page

    return open_page(app, PAGE, **params)


def test_page_opens_with_every_section(app):
    at = open_regie(app)
    assert [h.value for h in at.header][:3] == [
        "Acties per doelstelling", "Overleg: vergaderingen tegen de afgesproken frequentie",
        "Doelstellingen van de samenwerkingsovereenkomst VDAB en lokale besturen (WSE-LR4)"]
    empty = [g for g in PLAN["goals"] if not g["indicators"]]
    assert sum(ar.NO_INDICATOR in i.value.lower() for i in at.info) == len(empty)
    # Each goal's figures under its own name (the tables name indicators, not goals).
    goals = [f"{g['number']}. {g['title']}" for g in PLAN["goals"]]
    assert [h.value for h in at.subheader if h.value in goals] == goals
    cadence = next(t for t in html_tables(at) if "Overleg" in t.columns)
    assert cadence["Overleg"].tolist() == [c["name"] for c in PLAN["consultations"]]
    # Every table an HTML table (a data grid cut its texts), the goals' trends drawn in it as sparklines.
    assert not at.dataframe
    trends = [t[c] for t in html_tables(at) if "Indicator" in t.columns for c in t.columns if c.startswith("Trend")]
    assert trends and all(v in ("", "svg") for t in trends for v in t) and any(v == "svg" for t in trends for v in t)
    assert any("Meld u aan op de pagina Beheer" in i.value or "meld u aan op de pagina Beheer" in i.value
               for i in at.info)
    assert not at.form, "no recording without the Beheer login"


def test_page_filters_from_the_link(app):
    objective = PLAN["objectives"][1]["code"]
    at = open_regie(app, regie_doel=objective, regie_jaar=str(YEARS[-1]))
    tables = [t for t in html_tables(at) if "Actie" in t.columns]
    assert len(tables) == 1
    numbers = set(tables[0]["Actie"])
    assert numbers and all(n.split(".")[0] == objective[-1] for n in numbers)
    assert [c for c in tables[0].columns if c.startswith("Status")] == [f"Status {YEARS[-1]}"]


def test_an_unknown_objective_in_the_link_gets_a_dutch_notice(app):
    at = open_regie(app, regie_doel="WSE-LR9")
    shown = [w.value.replace("\\", "").replace("\u200b", "") for w in at.warning]   # as Markdown, escaped
    assert any("Doelstelling 'WSE-LR9'" in w and "getoond: alle" in w for w in shown), shown
    assert len([t for t in html_tables(at) if "Actie" in t.columns]) == len(
        {a["objective"] for a in PLAN["actions"]})


@pytest.fixture()
def signed_in(own_store, monkeypatch):
    """The app on a private store, logged in on Beheer, then on the Regie page."""
    return signed_in_app(own_store, monkeypatch, PAGE, USER, timeout=120)


def submit(at, label: str, password: str = PASSWORD):
    """Press a form's button with the password typed again (issue 19.1)."""
    for field in at.text_input:
        if field.key and field.key.endswith("_wachtwoord"):
            field.input(password)
    next(b for b in at.button if b.label == label).click()
    return at.run()


def test_recording_on_the_page(signed_in):
    at = signed_in
    next(s for s in at.selectbox if s.label == "Actie").set_value("1.5")
    next(s for s in at.selectbox if s.label == "Werkjaar" and s.options == [str(y) for y in YEARS]).set_value(YEARS[0])
    next(s for s in at.selectbox if s.label == "Status").set_value("uitgesteld")
    submit(at, "Status opslaan")
    assert any("geef een toelichting" in e.value for e in at.error), [e.value for e in at.error]
    next(t for t in at.text_area if t.label == "Toelichting").input("wacht op het decreet")
    submit(at, "Status opslaan")
    assert not at.exception and any("Status opgeslagen: actie 1.5" in s.value for s in at.success)
    table = next(t for t in html_tables(at) if "Actie" in t.columns and "1.5" in set(t["Actie"]))
    row = table.set_index("Actie").loc["1.5"]
    assert row[f"Status {YEARS[0]}"] == "uitgesteld" and row["Toelichting"].startswith("wacht op het decreet")
    history = next(t for t in html_tables(at) if "Wijziging" in t.columns)
    assert history["Door"].tolist() == [USER]
    submit(at, "Ongedaan maken", password="geraden")   # a stolen session has no password: nothing undone
    assert any(e.value == "Gebruikersnaam of wachtwoord onjuist." for e in at.error)
    table = next(t for t in html_tables(at) if "Actie" in t.columns and "1.5" in set(t["Actie"]))
    assert table.set_index("Actie").at["1.5", f"Status {YEARS[0]}"] == "uitgesteld"
    submit(at, "Ongedaan maken")
    table = next(t for t in html_tables(at) if "Actie" in t.columns and "1.5" in set(t["Actie"]))
    assert table.set_index("Actie").at["1.5", f"Status {YEARS[0]}"] == f"{regie.DEFAULT_STATUS}*"


def test_meeting_pack_shows_the_status_changes_since_the_previous_meeting(own_con):
    first, second = past_day(YEARS[0]), past_day(YEARS[1])
    earlier = regie_progress.record_meeting(own_con, "rose_av", first, None, USER)
    later = regie_progress.record_meeting(own_con, "rose_av", second, None, USER)
    before = regie_progress.record_status(own_con, "1.5", YEARS[0], "lopend", "", USER)
    between = regie_progress.record_status(own_con, "2.1", YEARS[0], "afgerond", "", USER)
    undone = regie_progress.record_status(own_con, "2.2", YEARS[1], "lopend", "", USER)
    regie_progress.undo(own_con, undone, USER)
    for change, day in ((before, first), (between, second), (undone, second)):   # as if recorded that day
        own_con.execute("update regie_changes set recorded_at = ? where id = ?", [day, change])
    model = ur.collect(runner(own_con))
    meeting, previous, changed = ar.since_previous(model.meetings, model.history, later)
    assert (meeting["held_on"], previous) == (second, first)
    assert changed["id"].tolist() == [between]
    meeting, previous, changed = ar.since_previous(model.meetings, model.history, earlier)
    assert previous is None and changed["id"].tolist() == [before]


def test_recording_a_meeting_on_the_page(signed_in, downloads):
    at = signed_in
    code = next(c for c in PLAN["consultations"] if c["minimum_per_year"])
    next(s for s in at.selectbox if s.label == "Overleg").set_value(code["code"])
    at.date_input[0].set_value(date(YEARS[0] - 1, 6, 1))
    submit(at, "Vergadering opslaan")
    assert any("valt buiten de jaren van het actieplan" in e.value for e in at.error), [e.value for e in at.error]
    at.date_input[0].set_value(past_day(YEARS[0]))
    submit(at, "Vergadering opslaan")
    assert not at.exception and any("Vergadering opgeslagen" in s.value for s in at.success)
    cadence = next(t for t in html_tables(at) if "Overleg" in t.columns).set_index("Overleg")
    assert cadence.at[code["name"], f"Gehouden {YEARS[0]}"] == f"1 van minstens {code['minimum_per_year']}"
    assert "Vergaderpakket" in [h.value for h in at.header]
    assert any(code["name"] in s.value for s in at.subheader)
    # The pack's figures (tests/test_regie_pack.py), as HTML tables like every table of the page.
    assert not at.dataframe
    shown = [t.columns for t in html_tables(at)]
    for column in ("Kerncijfer", "Bedrag over de periode", "Programma"):
        assert any(column in c for c in shown), column
    # Their exports, named after the meeting and the snapshot its figures are pinned as.
    snapshot = snapshots.snapshot_id(at.session_state["_data_version"])
    for part in ("kerncijfers", "budgetten", "trajecten"):
        for kind in ("csv", "xlsx"):
            assert f"regie_pakket_{part}_{code['code']}_{past_day(YEARS[0]):%Y%m%d}_{snapshot}.{kind}" in downloads


def test_pin_and_present_the_meeting(signed_in):
    at = signed_in
    code = next(c for c in PLAN["consultations"] if c["minimum_per_year"])
    next(s for s in at.selectbox if s.label == "Overleg").set_value(code["code"])
    at.date_input[0].set_value(past_day(YEARS[-1]))
    submit(at, "Vergadering opslaan")
    submit(at, "Vastzetten en presenteren")
    assert not at.exception, [e.message for e in at.exception]
    assert at.query_params.get("momentopname") and at.query_params.get("presentatie") == "1"
    assert any(code["name"] in s.value for s in at.subheader), "the pack is the first slide"
    assert not at.form, "no recording on the projector"


def test_the_pack_is_for_everyone_but_only_the_signed_in_regisseur_pins_it(signed_in, own_store):
    """A snapshot keeps a store version on disk (issue 19.2): a visitor reads
    the meeting pack without a pin button; the regisseur's session pins only
    with the password typed again, so a stolen session id pins nothing."""
    from streamlit.testing.v1 import AppTest

    at = signed_in
    code = next(c for c in PLAN["consultations"] if c["minimum_per_year"])
    next(s for s in at.selectbox if s.label == "Overleg").set_value(code["code"])
    at.date_input[0].set_value(past_day(YEARS[-1]))
    submit(at, "Vergadering opslaan")
    submit(at, "Vastzetten en presenteren", password="geraden")
    assert not at.exception, [e.message for e in at.exception]
    assert any("onjuist" in e.value for e in at.error), [e.value for e in at.error]
    assert not at.query_params.get("momentopname") and not at.query_params.get("presentatie")
    assert snapshots.usage()[0] == 0
    visitor = AppTest.from_file(APP, default_timeout=120)
    visitor.secrets["regiomonitor_test"] = "1"
    visitor.run()
    visitor.switch_page(PAGE).run()
    assert any(code["name"] in s.value for s in visitor.subheader), "the pack is shown"
    assert not [b for b in visitor.button if b.label.startswith("Vastzetten")]


def test_handout_carries_the_pages_numbers_and_the_snapshot(store):
    from charts import regie as charts

    model = ur.collect(runner(store))
    actions = {o: ur.actions_table(model, o) for o in model.objectives["code"]}
    goal_tables = {g.code: ur.goal_table(g, W13) for g in model.goals if not g.figures.empty}

    class Stub:
        def svg(self, fig):
            return f"<svg data-title='{fig.layout.title.text}'></svg>"

    made, figure = date.today(), charts.statuses(model.status, ur.STATUS_LABELS)
    html = regie_report.render(model, actions, goal_tables, {"status": figure}, "momentopname 20261206-abcdef12", made,
                               renderer=Stub())
    assert "momentopname 20261206-abcdef12" in html and fmt.day(made) in html
    assert f"<svg data-title='{figure.layout.title.text}'>" in html
    for table in goal_tables.values():
        for cell in table[W13].tolist() + table[ur.FLANDERS].tolist():
            assert f">{cell}<" in html
    for text in model.cadence["text"]:
        assert f">{text}<" in html
    assert html.count(ar.NO_INDICATOR.capitalize()) == sum(not g["indicators"] for g in PLAN["goals"])
    broken = regie_report.render(model, actions, goal_tables, {"status": None}, "x", made, renderer=Stub())
    assert report.NO_CHARTS in broken and "<svg" not in broken, "no chart drawn is said; the rest stays"


def test_handout_from_the_page(signed_in):
    at = signed_in
    next(s for s in at.selectbox if s.label == "Overleg").set_value("roa")
    at.date_input[0].set_value(past_day(YEARS[0]))
    submit(at, "Vergadering opslaan")
    submit(at, "Handout maken")
    assert not at.exception, [e.message for e in at.exception]
    labels = [b.proto.label for b in at.get("download_button")]
    assert "Handout downloaden (HTML, afdrukbaar)" in labels
    # Nothing pinned: the handout names the data version as not pinned, never a snapshot no link opens.
    html = at.session_state["_regie_handout"][1]
    assert "momentopname" not in html
    assert f"gegevensversie {snapshots.snapshot_id(at.session_state['_data_version'])[9:]} (niet vastgezet)" in html


def test_a_goals_trend_is_a_sparkline_of_its_years(store):
    """The goals' trends as an HTML table draws them (`charts.sparkline`):
    one point per year, oldest left, the highest value at the top, a year
    without a value breaking the line."""
    import re

    from charts.sparkline import HEIGHT, PAD, sparkline

    goal = next(g for g in ur.goals(runner(store)) if not g.figures.empty)
    values = goal.figures[f"{W13} trend"].iloc[0]
    points = [[tuple(map(float, p.split(","))) for p in line.split()]
              for line in re.findall(r'points="([^"]+)"', sparkline(values, "#000"))]
    assert len(points) == 1 and len(points[0]) == len(values)
    xs, ys = zip(*points[0])
    assert list(xs) == sorted(xs)
    assert ys[values.index(max(values))] == PAD and ys[values.index(min(values))] == HEIGHT - PAD
    assert len(values) > 4   # room for a gap with a line on either side
    gap = [*values[:2], None, *values[3:]]
    assert [len(line.split()) for line in re.findall(r'points="([^"]+)"', sparkline(gap, "#000"))] == [
        2, len(values) - 3]
    assert sparkline(values[:1], "#000") == ""
