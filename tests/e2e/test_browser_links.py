"""Shared links in the browser: a link with a municipality opens it
selected, a link with an unknown code opens the default view with a Dutch
notice, the filters stay when the user switches pages, and the link of the
'Kopieer link' popover reopens the view it was copied from."""
from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

from tests.helpers import browser as rb
from tests.helpers.e2e import HOME, copied_link, query, switch_to
from ui.filters import DEFAULT_REGION, MUNICIPALITIES, REGION, REGION_CHOICES

PAGES = rb.app_pages()
LINKED_NIS = "34027"   # the example link of the brief
UNKNOWN_NIS = "99999"


def address(url: str) -> tuple[str, dict[str, list[str]]]:
    """Path and parameters of a URL (the app's own link has no '/' before '?')."""
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}{parts.path.rstrip('/')}", parse_qs(parts.query)


def shown(page) -> tuple[str, str]:
    """(region label, selected municipality names) in the sidebar."""
    region = rb.sidebar_widget(page, "stSelectbox", "Regio").locator("input").input_value()
    chosen = rb.sidebar_widget(page, "stMultiSelect", "Gemeenten").get_by_test_id("stMultiSelectTagsContainer")
    return region, chosen.inner_text().strip()


def test_link_opens_the_municipality(visit, store):
    name, region = store.execute("select name_nl, region from municipalities where nis = ?",
                                 [LINKED_NIS]).fetchone()
    page = visit.open(HOME, f"{REGION}={region}&{MUNICIPALITIES}={LINKED_NIS}")
    assert shown(page) == (REGION_CHOICES[region], name)
    assert query(page) == {REGION: [region], MUNICIPALITIES: [LINKED_NIS]}
    assert page.get_by_test_id("stAlert").count() == 0
    visit.assert_clean(page)


def test_link_with_unknown_code_shows_a_notice(visit, store):
    assert store.execute("select count(*) from municipalities where nis = ?", [UNKNOWN_NIS]).fetchone()[0] == 0
    page = visit.open(HOME, f"{MUNICIPALITIES}={UNKNOWN_NIS}")
    notice = page.get_by_test_id("stAlertContentWarning")
    assert notice.count() == 1
    assert UNKNOWN_NIS in notice.inner_text() and "NIS-code" in notice.inner_text()
    assert shown(page) == (REGION_CHOICES[DEFAULT_REGION], "")
    assert MUNICIPALITIES not in query(page)
    visit.assert_clean(page)


def test_filters_stay_when_switching_pages(visit):
    page = visit.open(HOME)
    other_region = next(r for r in REGION_CHOICES if r != DEFAULT_REGION)
    visit.choose(page, "Regio", REGION_CHOICES[other_region])
    target = next(p for p in PAGES if p.url_path)
    switch_to(visit, page, target)
    assert urlsplit(page.url).path == f"/{target.url_path}"
    assert query(page)[REGION] == [other_region]
    assert shown(page)[0] == REGION_CHOICES[other_region]
    visit.assert_clean(page)


def test_copied_link_reopens_the_same_view(visit):
    """A shared filter, the page and its own choice (written to the URL
    while the page runs, after the sidebar): the copied link holds them all."""
    own_page, (label, option) = next(p for p in PAGES if p.slug == "trajecten"), ("Startjaar", 1)
    page = visit.open(own_page, f"{REGION}=w13")
    before = query(page)
    chosen = visit.choose(page, label, option)
    view, filters = page.evaluate(rb.SIGNATURE), shown(page)
    link = copied_link(page)
    assert address(link) == address(page.url)
    assert set(address(link)[1]) > set(before), f"{label} = {chosen} is not in the link {link}"

    reopened = visit.open(link)
    assert shown(reopened) == filters
    assert rb.selectbox(reopened, label).locator("input").input_value() == chosen
    assert reopened.evaluate(rb.SIGNATURE) == view
    visit.assert_clean(reopened)


def year_shown(page) -> str:
    return rb.sidebar_widget(page, "stSelectbox", "Jaar").locator("input").input_value()


def test_old_link_with_an_earlier_year_keeps_it(visit):
    """Links made when the year filter ended in 2015 still open their year,
    without a notice; a page whose series starts later says which year it shows."""
    page = visit.open(HOME, "jaar=2012")
    assert year_shown(page) == "2012"
    assert query(page) == {"jaar": ["2012"]}
    assert page.get_by_test_id("stAlert").count() == 0
    main = page.get_by_test_id("stMain")
    assert main.get_by_text("Werkzaamheidsgraad 2012", exact=True).count() == 1
    assert main.get_by_text("eerste cijfer", exact=False).count() >= 1
    visit.assert_clean(page)


def test_werkzaamheid_switch_lives_in_the_link(visit):
    werkzaamheid = next(p for p in PAGES if p.slug == "werkzaamheid")
    page = visit.open(werkzaamheid, "regio=w13&indicator=werkzoekenden")
    switch = page.get_by_test_id("stMain").get_by_test_id("stButtonGroup")
    assert switch.get_by_role("radio", checked=True).inner_text().startswith("Werkzoekendengraad")
    assert page.get_by_test_id("stMain").get_by_text("Werkzaamheid: werkzoekenden").count() == 1
    since = page.evaluate(rb.NOW)
    switch.get_by_role("radio", name="Werkzaamheidsgraad", exact=False).click()
    rb.run_done(page, since)
    visit.wait_for_charts(page)
    assert "indicator" not in query(page) and query(page)[REGION] == ["w13"]
    assert page.get_by_test_id("stMain").get_by_text("Werkzaamheid: afstand tot 80 %").count() == 1
    visit.assert_clean(page)
