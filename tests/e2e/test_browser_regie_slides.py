"""Issue 18.1-18.2 on the Regie page: its status chart reads on a laptop
slide (a colour and a legend entry per status, as tall as a third of the
screen at least: it was a grey block without a legend, about 60 px high),
and no table of the page scrolls sideways, on the page at 1366x768 nor on
any of its slides at 1366x768 and 1920x1080."""
from __future__ import annotations

import pandas as pd
import pytest

from charts import regie as charts
from charts.theme import GREY
from page_models import regie as ur
from queries import run_query
from tests.helpers import browser as rb
from tests.helpers.e2e import LAPTOP, TABLES, Visit, position, step

PAGE = next(p for p in rb.app_pages() if p.script == "views/regie.py")
PROJECTOR = {"width": 1920, "height": 1080}
STATUS_TITLE = charts.statuses(pd.DataFrame({"year": [2024], "status": ["gepland"]}), ur.STATUS_LABELS).layout.title.text

# The status chart (its title) as plotly drew it: legend entries, trace colours, plot height.
STATUS_CHART = """(title) => {
  const gd = [...document.querySelectorAll('[data-testid="stMain"] .js-plotly-plot')]
    .find(g => ((g.layout.title || {}).text || '').includes(title));   // Streamlit's theme makes it bold
  return gd && {legend: [...gd.querySelectorAll('.legend .traces .legendtext')].map(t => t.textContent),
                colours: gd._fullData.map(t => t.marker.color), height: gd._fullLayout._size.h};
}"""


@pytest.fixture()
def at_size(browser, server):
    """Open a page in a browser context with the screen size given (its charts drawn)."""
    contexts = []

    def open_at(size: dict, query: str = ""):
        contexts.append(Visit.new(browser, server, size))
        return contexts[-1], contexts[-1].open(PAGE, query)

    yield open_at
    for visit in contexts:
        visit.assert_offline()
        visit.context.close()


def regie_slides(at_size, size: dict):
    """Every slide of the Regie page in presentation mode at `size`, in turn (its position and the tab)."""
    visit, page = at_size(size, "presentatie=1")
    while True:
        where = position(page)
        yield where, page
        slide, count = where.rsplit(" · dia ", 1)[1].split(" van ")
        if slide == count:
            return
        step(visit, page, lambda: page.keyboard.press("PageDown"))


def test_the_status_chart_reads_on_a_laptop_slide(at_size, store):
    model = ur.collect(lambda name, **params: run_query(store, name, **params))
    shown = [label for code, label in ur.STATUS_LABELS.items() if code in set(model.status["status"])]
    chart = next((page.evaluate(STATUS_CHART, STATUS_TITLE) for _, page in regie_slides(at_size, LAPTOP)
                  if page.get_by_role("heading", name="Acties per doelstelling").count()), None)
    assert chart, "no slide with the actions' status chart"
    assert chart["legend"] == shown
    assert len(set(chart["colours"])) == len(shown) and GREY not in chart["colours"]
    assert chart["height"] >= LAPTOP["height"] / 3, chart


@pytest.mark.parametrize("size", [LAPTOP, PROJECTOR], ids=lambda s: f"{s['width']}x{s['height']}")
def test_no_table_scrolls_sideways_on_a_slide(at_size, size):
    seen = {where: page.evaluate(TABLES) for where, page in regie_slides(at_size, size)}
    assert any(seen.values()), "no table on the Regie slides"
    assert not {w: t for w, t in seen.items() if any(px > 1 for px in t)}, seen


def test_no_table_scrolls_sideways_on_a_laptop(at_size):
    widths = at_size(LAPTOP)[1].evaluate(TABLES)
    assert widths and all(px <= 1 for px in widths), widths
