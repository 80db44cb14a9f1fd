"""The Regie page in Chromium: it draws without errors and without the
internet, with its charts, the cadence as "0 van minstens 4" and the goals
the store has no indicator for said so; its own year filter changes what it
shows and lands in the link; no table cuts its texts short, on a projector,
a laptop or a phone."""
from __future__ import annotations

import pytest

from analysis import regie as ar
from loaders import regie
from tests.helpers import browser as rb
from tests.helpers.e2e import CUT_TEXT, LAPTOP, PHONE, TABLES, Visit

PAGE = next(p for p in rb.app_pages() if p.script == "views/regie.py")
PLAN = regie.read_plan()


def test_regie_page_in_the_browser(visit):
    page = visit.open(PAGE)
    visit.assert_clean(page)
    charts = page.evaluate(rb.CHARTS)
    assert len(charts) == 2 and all(chart["marks"] > 0 for chart in charts), charts
    text = page.get_by_test_id("stMain").inner_text()
    minimum = next(c["minimum_per_year"] for c in PLAN["consultations"] if c["minimum_per_year"])
    assert f"van minstens {minimum}" in text
    assert text.lower().count(ar.NO_INDICATOR) == sum(not g["indicators"] for g in PLAN["goals"])
    year = str(PLAN["source"]["first_year"])
    visit.choose(page, "Werkjaar", year)
    visit.assert_clean(page)
    assert f"regie_jaar={year}" in page.url


# The visible tables' column counts.
COLUMNS = """() => [...document.querySelectorAll(
    '[data-testid="stMain"] :is([data-testid="stDataFrameResizable"], [data-testid="stTable"], [data-testid="rmTable"])')]
  .filter(el => el.getClientRects().length > 0).map(el => el.querySelectorAll('thead th').length)"""


@pytest.mark.parametrize("size", [{"width": 1920, "height": 1080}, LAPTOP, PHONE],
                         ids=lambda s: f"{s['width']}x{s['height']}")
def test_no_table_cuts_its_texts(browser, server, size):
    """Every table of the page (an objective's actions, the consultations,
    each goal's indicators) shows its headers and cells whole, without
    scrolling sideways, at 1920x1080 and at 1366x768 with the sidebar open;
    a phone its two phone columns. At 1366x768 the consultations' data grid
    read "Stuurgroep samenwerkingsovereenkomst VDAB en lo…" and
    "0 (geen minimum afgesprok…"."""
    visit = Visit.new(browser, server, size)
    try:
        page = visit.open(PAGE)
        visit.assert_clean(page)
        tables = len({a["objective"] for a in PLAN["actions"]}) + 1 + sum(bool(g["indicators"]) for g in PLAN["goals"])
        sideways = page.evaluate(TABLES)
        assert len(sideways) == tables and all(px <= 1 for px in sideways), sideways
        assert page.evaluate(CUT_TEXT) == []
        if size == PHONE:
            assert page.evaluate(COLUMNS) == [2] * tables
    finally:
        visit.context.close()
