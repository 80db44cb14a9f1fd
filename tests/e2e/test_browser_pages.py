"""Every page listed in app.py, as a user gets it in Chromium: it draws
without errors and without the internet, the shared filters change what it
shows, and a copied link reopens the same view."""
from __future__ import annotations

import pytest

from tests.helpers import browser as rb
from ui.filters import REGION_CHOICES

PAGES = rb.app_pages()

# Pages without a chart, with the reason; every other page must draw one.
NO_CHART = {"beheer": "import page behind a login"}
# The filter each page must follow: (selectbox label, option text or
# position). Default: the shared region filter in the sidebar.
SHARED_FILTER = ("Regio", REGION_CHOICES["w13"])
OWN_FILTER = {
    "budgetten": ("Periode", 1),   # budgets are per programme: the page says the sidebar does not apply
    "regie": ("Werkjaar", 1),      # W13's action plan: the page says the sidebar does not apply
}
NO_FILTER = {"beheer": "import page: shows the store, not the selection"}


def page_id(p: rb.AppPage) -> str:
    return p.slug


def assert_charts_drawn(page, app_page: rb.AppPage) -> None:
    charts = page.evaluate(rb.CHARTS)
    assert charts, f"{app_page.title}: no chart or map"
    for chart in charts:
        assert chart["marks"] > 0, f"{app_page.title}: chart {chart['index'] + 1} is an empty frame: {chart}"


def test_pages_are_read_from_app_py():
    assert len(PAGES) == rb.APP.read_text(encoding="utf-8").count("st.Page(")
    assert sum(p.url_path == "" for p in PAGES) == 1
    assert len({p.url_path for p in PAGES}) == len(PAGES)
    assert all((rb.APP.parent / p.script).is_file() for p in PAGES)


@pytest.mark.parametrize("app_page", PAGES, ids=page_id)
def test_page_in_the_browser(visit, app_page):
    """One session per page (a page load costs seconds on two cores):
    drawn, offline, follows its filter, and its link reopens the same view."""
    page = visit.open(app_page)
    visit.assert_clean(page)
    if app_page.slug not in NO_CHART:
        assert_charts_drawn(page, app_page)

    opened_at, before = page.url, page.evaluate(rb.SIGNATURE)
    label, option = OWN_FILTER.get(app_page.slug, SHARED_FILTER)
    chosen = visit.choose(page, label, option)
    after = page.evaluate(rb.SIGNATURE)
    visit.assert_clean(page)
    if app_page.slug not in NO_FILTER:
        changed = "charts" if after["charts"] else "text"
        assert after[changed] != before[changed], f"{app_page.title}: {label} = {chosen}, same {changed}"
    link = page.url
    assert link != opened_at, f"{app_page.title}: {label} = {chosen} is not in the link"

    reopened = visit.open(link)
    visit.assert_clean(reopened)
    assert reopened.evaluate(rb.SIGNATURE) == after
    assert rb.selectbox(reopened, label).locator("input").input_value() == chosen


# Documentation addresses (RFC 5737, RFC 2606): nothing answers there.
OUTSIDE_HTTP, OUTSIDE_WS = "http://192.0.2.1/tegel.png", "ws://192.0.2.1/stroom"
TRY_BOTH = """([http, ws]) => Promise.all([
  fetch(http, {mode: 'no-cors'}).then(() => 'sent', () => 'aborted'),
  new Promise(done => { const s = new WebSocket(ws); s.onopen = () => done('open'); s.onclose = () => done('closed'); }),
])"""


def test_requests_off_the_machine_are_aborted_and_noted(visit):
    """The guard every browser test runs behind."""
    page = visit.context.new_page()
    page.goto(visit.server.url + "_stcore/health")
    assert page.evaluate(TRY_BOTH, [OUTSIDE_HTTP, OUTSIDE_WS]) == ["aborted", "closed"]
    assert sorted(visit.outside) == sorted([OUTSIDE_HTTP, OUTSIDE_WS])   # both tried at once: either first
    visit.outside.clear()
