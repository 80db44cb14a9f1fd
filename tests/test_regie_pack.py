"""Issue 17.5: the ROSE meeting pack's figures (`page_models.regie.pack`):
the region's headline figures against Flanders, the partnerships' budgets
and the trajectories' results, each checked against the store and the
model's published totals (never typed in), and the handout carrying them.
Nothing unpublished shows as a number, nothing modelled as published."""
from __future__ import annotations

import io
import json
import re
from dataclasses import asdict
from datetime import date

import openpyxl

import pandas as pd
import pytest

from analysis import trajecten as tr
from analysis.budget import NOT_PUBLISHED
from backoffice import importer, regie_progress, snapshots
from common import exports, format as fmt
from common.vocabulary import ALL, FLANDERS, TARGET
from loaders import model_trajecten, portal, regie, versions
from loaders.__main__ import main
from loaders.regions import REGIONS
from loaders.store import connect
from page_models import regie as ur, regie_report
from page_models.fiche import CATEGORY_LABELS
from queries import run_query
from tests.import_fixtures import find_cell, own_store, portal_copy  # noqa: F401 (fixtures)

W13 = REGIONS[ur.REGION]["label"]
NIS = list(REGIONS[ur.REGION]["nis"])
MODELLED = fmt.quality("modelled")


@pytest.fixture(scope="module")
def pack(store_path) -> ur.Pack:
    """Built once for the module, on the session store as the app reads it."""
    with connect(versions.current(store_path), read_only=True) as con:
        return ur.pack(lambda name, **params: run_query(con, name, **params))


def on(path) -> tuple:
    """A read-only connection to the store version `path` and its query runner."""
    con = connect(path, read_only=True)
    return con, lambda name, **params: run_query(con, name, **params)


def row(section: ur.PackSection, column: str, starts: str) -> pd.Series:
    found = section.table[section.table[column].str.startswith(starts)]
    assert len(found) == 1, f"{starts}: {len(found)} rows"
    return found.iloc[0]


def total(store, indicator: str, year: str, nis: list[str] = NIS) -> float:
    return store.execute("select sum(value) from indicators where indicator = ? and period = ? and "
                         "target_group = 'totaal' and list_contains(?, nis)", [indicator, year, nis]).fetchone()[0]


def test_headline_figures_are_the_stores_for_the_region(pack, store):
    h = pack.headline
    nwwz, vacancies = row(h, "Kerncijfer", "Niet-werkende"), row(h, "Kerncijfer", "Ontvangen vacatures")
    year = nwwz["Jaar"]
    later = store.execute("select count(distinct nis) from indicators where indicator = 'nwwz' and value is not null "
                          "and period > ? and list_contains(?, nis) group by period order by 1 desc limit 1",
                          [year, NIS]).fetchone()
    assert later is None or later[0] < len(NIS), "the newest year every municipality of the region has"
    assert nwwz[W13] == fmt.number(total(store, "nwwz", year))
    assert vacancies[W13] == fmt.number(total(store, "vacatures_ontvangen", year))
    assert row(h, "Kerncijfer", "Spanningsindicator")[W13] == fmt.number(
        total(store, "nwwz", year) / total(store, "vacatures_ontvangen", year), 2)
    for label in ("Werkzoekendengraad", "Spanningsindicator"):
        assert row(h, "Kerncijfer", label)[FLANDERS] not in ("", fmt.number(None))


def test_employment_rate_against_80_percent_and_the_extra_workers(pack, store):
    h = pack.headline
    rate = row(h, "Kerncijfer", "Werkzaamheidsgraad")
    year = rate["Jaar"]
    per = store.execute(
        "select r.nis, r.value as rate, p.value as population, w.value as working_age from indicators r "
        "join indicators p on p.nis = r.nis and p.period = r.period and p.indicator = 'bevolking' "
        "and p.target_group = 'totaal' join indicators w on w.nis = r.nis and w.period = r.period "
        "and w.indicator = 'bevolking_20_64' and w.target_group = 'totaal' where r.indicator = 'werkzaamheidsgraad' "
        "and r.target_group = 'totaal' and r.period = ? and list_contains(?, r.nis)", [year, NIS]).df()
    assert len(per) == len(NIS)
    weighted = (per["rate"] * per["population"]).sum() / per["population"].sum()
    assert rate[W13] == fmt.percent(weighted)
    assert row(h, "Kerncijfer", "Afstand tot")[W13] == fmt.points(weighted - TARGET)
    under = per[per["rate"] < TARGET]
    extra = row(h, "Kerncijfer", "Extra werkenden")
    assert extra[W13] == fmt.number(((TARGET - under["rate"]) / 100 * under["working_age"]).sum())
    modelled = store.execute("select quality from indicator_meta where indicator = 'bevolking_20_64'").fetchone()[0]
    assert (extra["Kwaliteit"] == MODELLED) == (modelled == "modelled") == bool(h.modelled)
    assert any(line.startswith("Bron:") and "werkzaamheidsgraad" in line for line in h.sources)


def test_budgets_are_the_published_flows_and_nothing_else(pack, store):
    b = pack.budgets
    flows = store.execute("select from_node, to_node, count(*) = count(amount_eur) as known, sum(amount_eur) as amount "
                          "from budget_flows where quality = 'official' group by all").df()
    assert len(b.table) == len(flows)
    shown = b.table.set_index(["Van", "Naar"])["Bedrag over de periode"]
    for f in flows.itertuples():
        assert shown[(f.from_node, f.to_node)] == (fmt.euro(f.amount) if f.known else NOT_PUBLISHED)
    assert NOT_PUBLISHED in set(shown), "the reference data holds a budget nobody published"
    for p in store.execute("select label from programmes").fetchall():
        assert p[0] in b.lead
    assert b.modelled is None and "(budget, officieel)" in b.sources[0]


def test_trajectories_published_as_published_and_the_split_marked_modelled(pack, store):
    t = pack.trajectories.table
    published = model_trajecten.META["published"]
    programmes = store.execute("select programme, label from programmes").df()
    for p in programmes.itertuples():
        first = t[t["Programma"] == p.label].iloc[0]
        values = tr.published_values(published.get(p.programme, {}), model_trajecten.UNEXPLAINED)
        for category in tr.PUBLISHED:
            label = CATEGORY_LABELS[category]
            assert first[label] == (fmt.number(values[category]) if category in values else NOT_PUBLISHED)
        assert (first["Kwaliteit"] == NOT_PUBLISHED) == values.empty
    split = t[t["Kwaliteit"] == MODELLED]
    assert len(split) and pack.trajectories.modelled
    names = dict(store.execute("select nis, name_nl from municipalities").fetchall())
    started = CATEGORY_LABELS[tr.STARTED]
    programme = None
    for r in t.itertuples():   # a programme's row, then the model's split of it
        if r.Kwaliteit != MODELLED:
            programme = programmes.set_index("label").at[r.Programma, "programme"]
            continue
        code = next(n for n in NIS if names[n] == r.Waar)
        assert r.Programma == f"↳ {r.Waar} ({MODELLED})"
        n = store.execute("select sum(n) from trajectory_counts where nis = ? and programme = ?",
                          [code, programme]).fetchone()[0]
        assert getattr(r, started) in (fmt.number(n), "<5", "x")
    assert not (t["Kwaliteit"].str.startswith(fmt.quality("official")) & t["Waar"].isin(names.values())).any(), \
        "a municipality's share is never shown as published"


def test_the_handout_carries_the_packs_numbers(pack, run):
    model = ur.collect(run)

    class NoCharts:
        def svg(self, fig):
            raise RuntimeError("no browser here")

    html = regie_report.render(model, {}, {}, {}, "20261206-abcdef12", date.today(), pack=pack, renderer=NoCharts())
    for section in (pack.headline, pack.budgets, pack.trajectories):
        assert f"<h2>{section.title}</h2>" in html
        for cell in section.table.to_numpy().ravel():
            assert f">{regie_report.report._e(cell)}<" in html
    order = [html.index(f"<h2>{s.title}</h2>") for s in (pack.headline, pack.budgets, pack.trajectories)]
    assert order == sorted(order) and html.index("Acties per doelstelling") in range(order[0], order[1])


def as_csv(shown: str) -> str:
    """A number as the page shows it, written as the CSV writes it: no unit, no thousands separator, no '+'."""
    return re.sub(r"^€ |\s(%|ptn)$", "", shown).replace(".", "").removeprefix("+")


def test_the_exports_are_the_packs_tables_as_shown_with_their_sources(pack):
    for section in (pack.headline, pack.budgets, pack.trajectories):
        assert list(section.export.columns) == list(section.table.columns)
        csv = pd.read_csv(io.BytesIO(exports.to_csv(section.export, section.decimals)), sep=";", dtype=str,
                          keep_default_na=False, encoding="utf-8-sig")
        book = openpyxl.load_workbook(io.BytesIO(exports.to_xlsx(section.export, notes=section.notes,
                                                                 decimals=section.decimals)))
        sheet = [list(r) for r in book["gegevens"].iter_rows(values_only=True)]
        assert sheet[0] == list(section.table.columns)
        assert [r[0] for r in book["bron"].iter_rows(min_row=2, values_only=True)] == section.notes
        assert set(section.sources) < set(section.notes)
        numbers = 0
        for j, column in enumerate(section.table.columns):
            for i, (shown, written, cell) in enumerate(zip(section.table[column], csv[column], [r[j] for r in
                                                                                               sheet[1:]])):
                if column not in section.decimals or not re.match(r"^(€ )?[+-]?\d", shown):   # a text, or 'x', '<5'
                    assert written == shown == (cell if cell is not None else ""), (column, i)
                    continue
                numbers += 1
                assert written == as_csv(shown), (column, i)
                assert isinstance(cell, (int, float)) and cell == pytest.approx(float(written.replace(",", "."))), \
                    (column, i)
        assert numbers, f"{section.title}: numbers stay numbers"


def assert_same_pack(one: ur.Pack, other: ur.Pack, parts=("headline", "budgets", "trajectories")) -> None:
    for part in parts:
        a, b = asdict(getattr(one, part)), asdict(getattr(other, part))
        for frame in ("table", "export"):
            pd.testing.assert_frame_equal(a.pop(frame), b.pop(frame), obj=f"{part} {frame}")
        assert a == b, part


def test_a_pinned_pack_keeps_its_figures_after_a_later_import(own_store, tmp_path, monkeypatch):
    """Issue 17.5: "the link to the pack reopens it with the same figures
    after later imports". A meeting is recorded and its pack pinned; then
    VDAB's jobseekers export, changed for the region's municipalities in the
    pack's year, comes in through the command line's import. The pinned
    version still gives the meeting's pack, the current one the new count."""
    monkeypatch.setenv("REGIOMONITOR_DB", str(own_store))
    held_on = min(date(regie.read_plan()["source"]["last_year"], 3, 1), date.today())
    importer.publish(regie_progress.record_meeting, "rose_av", held_on, None, "regisseur")
    con, run = on(versions.current())
    try:
        before = ur.pack(run)
        sid = snapshots.create(con, run("data_version").iat[0, 0])
        names = run("municipalities").set_index("nis").loc[NIS, "name_nl"]
    finally:
        con.close()
    year = row(before.headline, "Kerncijfer", "Niet-werkende")["Jaar"]
    spec = next(s for s in portal.specs() if "nwwz" in s["indicators"])
    block = next(iter(spec["indicators"]["nwwz"]["blocks"]))

    def more_jobseekers(sheet):
        """One more jobseeker in every municipality of the region in the pack's year."""
        last = find_cell(sheet, block).column   # the block's name tops its last year's column
        column = next(c for c in range(last, 0, -1) if str(sheet.cell(row=3, column=c).value) == year)
        for name in names:
            cell = sheet.cell(row=find_cell(sheet, name).row, column=column)
            cell.value += 1

    assert main(["import", str(portal_copy(tmp_path, spec["file"], more_jobseekers))]) == 0
    assert versions.current() != snapshots.path(sid).resolve(), "the import published a new version"

    con, run = on(snapshots.path(sid))
    try:
        pinned, pinned_total = ur.pack(run), total(con, "nwwz", year)
    finally:
        con.close()
    assert_same_pack(pinned, before)
    assert row(pinned.headline, "Kerncijfer", "Niet-werkende")[W13] == fmt.number(pinned_total)
    con, run = on(versions.current())
    try:
        now, now_total = ur.pack(run), total(con, "nwwz", year)
        vacancies = total(con, "vacatures_ontvangen", year)
    finally:
        con.close()
    assert now_total == pinned_total + len(NIS)
    assert row(now.headline, "Kerncijfer", "Niet-werkende")[W13] == fmt.number(now_total)
    assert row(now.headline, "Kerncijfer", "Spanningsindicator")[W13] == fmt.number(now_total / vacancies, 2)
    # An import of official figures leaves the partnerships' budgets and the trajectories' records alone.
    assert_same_pack(now, pinned, ("budgets", "trajectories"))


def test_published_trajectory_totals_come_from_the_version_shown(own_store):
    """A pinned version keeps the published totals it was built with: the
    pages read them from the store, not from `model_trajecten.yml` and
    `budget.yml`. A version whose 't Werkt figures and partnership budget
    differ from today's files (built from an earlier edit of them) shows its
    own figures on the pack, Trajecten, the Gemeentefiche and Budgetten."""
    from page_models import budgetten, fiche, trajecten
    from page_models.common import metas

    earlier = json.loads(json.dumps(model_trajecten.META["published"]["t_werkt"]))
    earlier["started"] += 1
    earlier["ongoing"] += 1
    con = connect(own_store)
    try:
        con.execute("update programmes set published = ? where programme = 't_werkt'", [json.dumps(earlier)])
        con.execute("update programmes set total_eur = total_eur + 1 where programme = ?", [budgetten.LP_CODE])
        con.execute("update budget_flow_values set amount_eur = amount_eur + 1 where to_node = ? and from_node = ?",
                    [budgetten.LP["label"], budgetten.LP["funders"][0]["node"]])
    finally:
        con.close()
    con, run = on(own_store)
    try:
        label = run("programmes").set_index("programme").at["t_werkt", "label"]
        started = CATEGORY_LABELS[tr.STARTED]
        shown = ur.trajectories(run).table
        assert shown.loc[shown["Programma"] == label, started].iloc[0] == fmt.number(earlier["started"])
        page = trajecten.collect(run, NIS, W13, [], "totaal", "t_werkt", ALL, "w13")
        assert dict(page.cards[0].items)[started] == fmt.number(earlier["started"])
        nis = next(iter(trajecten.SITES))
        sheet = fiche.tables(fiche.collect(run, nis, date.today().year))["trajecten"]
        assert sheet.loc[sheet["Programma"] == label, started].iloc[0] == earlier["started"]
        overview = budgetten.overview(run, metas(run))
        lp = budgetten.LP
        assert fmt.euro(lp["total_eur"] + 1) in overview.title
        assert overview.funders.iat[0, 1] == fmt.euro(lp["funders"][0]["amount_eur"] + 1)
    finally:
        con.close()


def test_the_meetings_changes_go_over_as_many_slides_as_they_need(own_store, monkeypatch):
    """Issue 18.1: every slide fits the screen. The status changes since the
    previous meeting are a table of any length: on the projector they go
    over slides of at most `PACK_CHANGES` rows, each slide's heading with
    its rows, together every change once, in the order recorded."""
    from datetime import datetime
    from streamlit.testing.v1 import AppTest

    from loaders.config import PROJECT_ROOT
    from tests.helpers.pages import html_tables
    from ui.regie import PACK_CHANGES

    monkeypatch.setenv("REGIOMONITOR_DB", str(own_store))
    plan = regie.read_plan()
    held_on = min(date(plan["source"]["last_year"], 3, 1), date.today())
    followed = [a for a in plan["actions"] if a.get("work_years")][:3 * PACK_CHANGES - 1]

    class Before(datetime):   # the records made before the meeting, as the regisseur would have
        @classmethod
        def now(cls, tz=None):
            return datetime(held_on.year, 2, 1, 10, 0)

    with monkeypatch.context() as m:
        m.setattr(regie_progress, "datetime", Before)
        recorded = [importer.publish(regie_progress.record_status, a["number"], a["work_years"][0], "lopend", None,
                                     "regisseur") for a in followed]
    meeting = importer.publish(regie_progress.record_meeting, "rose_av", held_on, None, "regisseur")
    at = AppTest.from_file(str(PROJECT_ROOT / "app.py"), default_timeout=120)
    at.query_params.update({"presentatie": "1", "vergadering": str(meeting)})
    at.run()
    at.switch_page("views/regie.py").run()
    slides = []
    while True:
        assert not at.exception, [e.message for e in at.exception]
        headings = [h.value for h in at.subheader if "statuswijzigingen" in h.value]
        if not headings:
            break
        slides.append((headings, [int(n) for t in html_tables(at) for n in t["Nr."]]))
        next(b for b in at.button if b.label.startswith("Volgende")).click().run()
    assert len(slides) == -(-len(recorded) // PACK_CHANGES) > 1
    assert all(h.endswith(f" van {len(recorded)})") for headings, _ in slides for h in headings), slides
    assert all(0 < len(rows) <= PACK_CHANGES for _, rows in slides), slides
    assert [n for _, rows in slides for n in rows] == recorded
