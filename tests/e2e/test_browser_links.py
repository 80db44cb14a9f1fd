"""Shared links in the browser: a link with a municipality opens it
selected, a link with an unknown code opens the default view with a Dutch
notice, and the filters stay when the user switches pages."""
from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

from bench import browser as rb
from ui.filters import DEFAULT_REGION, MUNICIPALITIES, REGION, REGION_LABELS

PAGES = rb.app_pages()
HOME = next(p for p in PAGES if p.url_path == "")
LINKED_NIS = "34027"   # the example link of the brief
UNKNOWN_NIS = "99999"


def query(page) -> dict[str, list[str]]:
    return parse_qs(urlsplit(page.url).query)


def shown(page) -> tuple[str, str]:
    """(region label, selected municipality names) in the sidebar."""
    region = rb.sidebar_widget(page, "stSelectbox", "Regio").locator("input").input_value()
    chosen = rb.sidebar_widget(page, "stMultiSelect", "Gemeenten").get_by_test_id("stMultiSelectTagsContainer")
    return region, chosen.inner_text().strip()


def test_link_opens_the_municipality(visit, store):
    name, region = store.execute("select name_nl, region from municipalities where nis = ?",
                                 [LINKED_NIS]).fetchone()
    page = visit.open(HOME, f"{REGION}={region}&{MUNICIPALITIES}={LINKED_NIS}")
    assert shown(page) == (REGION_LABELS[region], name)
    assert query(page) == {REGION: [region], MUNICIPALITIES: [LINKED_NIS]}
    assert page.get_by_test_id("stAlert").count() == 0
    assert visit.outside == [] and page.get_by_test_id("stException").count() == 0


def test_link_with_unknown_code_shows_a_notice(visit, store):
    assert store.execute("select count(*) from municipalities where nis = ?", [UNKNOWN_NIS]).fetchone()[0] == 0
    page = visit.open(HOME, f"{MUNICIPALITIES}={UNKNOWN_NIS}")
    notice = page.get_by_test_id("stAlertContentWarning")
    assert notice.count() == 1
    assert UNKNOWN_NIS in notice.inner_text() and "NIS-code" in notice.inner_text()
    assert shown(page) == (REGION_LABELS[DEFAULT_REGION], "")
    assert MUNICIPALITIES not in query(page)
    assert visit.outside == [] and page.get_by_test_id("stException").count() == 0


def test_filters_stay_when_switching_pages(visit):
    page = visit.open(HOME)
    other_region = next(r for r in REGION_LABELS if r != DEFAULT_REGION)
    visit.choose(page, "Regio", REGION_LABELS[other_region])
    target = next(p for p in PAGES if p.url_path)
    since = page.evaluate(rb.NOW)
    page.get_by_test_id("stSidebarNav").get_by_role("link", name=target.title, exact=True).click()
    rb.run_done(page, since)
    visit.wait_for_charts(page)
    assert urlsplit(page.url).path == f"/{target.url_path}"
    assert query(page)[REGION] == [other_region]
    assert shown(page)[0] == REGION_LABELS[other_region]
    assert visit.outside == [] and page.get_by_test_id("stException").count() == 0
