"""The Regie page in Chromium: it draws without errors and without the
internet, with its charts, the cadence as "0 van minstens 4" and the goals
the store has no indicator for said so; its own year filter changes what it
shows and lands in the link."""
from __future__ import annotations

from analysis import regie as ar
from loaders import regie
from tests.helpers import browser as rb

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
