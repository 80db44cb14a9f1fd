"""Issue 18, points 6-8, in Chromium as a new user meets them: a target group
chosen in a link is said not to apply on Overzicht (at the top, on a phone
too) and the page's own and copied links leave it out, while Kansengroepen
still uses it; Overzicht with only Menen in the link names Menen, compares it
with its own region and opens its Gemeentefiche; after a year was imported for
two municipalities the region's headline stays on its last complete year and
says why."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from common.vocabulary import ALL_GROUPS
from tests.helpers import browser as rb
from loaders import doelgroepen
from loaders.regions import REGIONS
from loaders.store import connect
from tests.helpers.e2e import LAPTOP, PHONE, copied_link, query, switch_to
from tests.helpers.pages import KORTRIJK, MENEN
from tests.import_fixtures import import_year

PAGES = {p.slug: p for p in rb.app_pages()}
GROUP = next(g for g in doelgroepen.LABELS if g != ALL_GROUPS)
DESKTOP = {"width": 1920, "height": 1080}


def open_at(visit, url: str, viewport: dict):
    page = visit.context.new_page()
    page.set_viewport_size(viewport)
    page.on("pageerror", lambda exc: visit.script_errors.append(str(exc)))
    page.goto(url)
    rb.run_done(page)
    visit.wait_for_charts(page)
    return page


def on_screen(page, locator) -> bool:
    """The element's top is within the first screen (no scrolling needed)."""
    box = locator.bounding_box()
    return box is not None and 0 <= box["y"] < page.viewport_size["height"]


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["1920x1080", "390x844"])
def test_a_group_that_does_not_apply_is_said_and_left_out_of_the_link(visit, viewport):
    page = open_at(visit, visit.server.page_url(PAGES["overzicht"], f"doelgroep={GROUP}"), viewport)
    notice = page.get_by_test_id("stMain").get_by_test_id("stAlert").filter(has_text="doelgroepfilter")
    assert notice.count() == 1 and doelgroepen.LABELS[GROUP] in notice.inner_text()
    assert on_screen(page, notice)
    assert "doelgroep" not in query(page)
    if viewport is DESKTOP:
        assert "doelgroep" not in copied_link(page)
        # Kansengroepen uses the group: kept in the session, back in the link, no notice.
        switch_to(visit, page, PAGES["kansengroepen"])
        assert query(page)["doelgroep"] == [GROUP]
        assert page.get_by_test_id("stMain").get_by_text("geldt hier niet", exact=False).count() == 0
    visit.assert_clean(page)


@pytest.mark.parametrize("viewport", [DESKTOP, LAPTOP, PHONE], ids=["1920x1080", "1366x768", "390x844"])
def test_overzicht_names_menen_against_its_own_region_and_opens_its_fiche(visit, store, viewport):
    name = store.execute("select name_nl from municipalities where nis = ?", [MENEN]).fetchone()[0]
    page = open_at(visit, visit.server.page_url(PAGES["overzicht"], f"gemeente={MENEN}"), viewport)
    main = page.get_by_test_id("stMain")
    title = main.locator("h1").first
    assert name in title.inner_text() and on_screen(page, title)
    assert main.get_by_text("gemeente(n) gekozen", exact=False).count() == 0
    labels = main.get_by_test_id("stMetricLabel").all_inner_texts()
    assert REGIONS["w13"]["label"] in [label.strip() for label in labels]
    assert not any(label.strip().startswith("Westhoek") for label in labels)
    assert main.get_by_text("Extra werkenden voor 80 %", exact=False).count() >= 1
    assert main.get_by_text(f"Grootste doelgroepen in {name}").count() == 1
    link = main.get_by_role("link", name=re.compile(f"Gemeentefiche {name}"))
    assert on_screen(page, link)
    since = page.evaluate(rb.NOW)
    link.click()
    rb.run_done(page, since)
    visit.wait_for_charts(page)
    assert page.url.split("?")[0].rstrip("/").endswith("gemeentefiche")
    assert query(page)["gemeente"] == [MENEN]
    assert page.get_by_test_id("stMain").get_by_text(name, exact=False).count() >= 1
    visit.assert_clean(page)


@pytest.fixture(scope="module")
def partial_server(store_path, tmp_path_factory):
    """The app on a copy of the store with one new year of the jobseeker rate
    and NWWZ imported for Menen and Kortrijk only."""
    folder = tmp_path_factory.mktemp("partial")
    db = rb.copy_store(store_path, folder / "partial.duckdb")
    con = connect(db)
    latest = int(con.execute("select max(cast(period as integer)) from indicators "
                             "where indicator = 'werkzoekendengraad'").fetchone()[0])
    for indicator in ("werkzoekendengraad", "nwwz"):
        import_year(con, indicator, latest + 1, [MENEN, KORTRIJK])
    con.close()
    with rb.Server(rb.APP, db, Path(folder) / "streamlit.log") as server:
        yield server, latest


def test_a_partial_import_does_not_take_over_the_headline(visit, partial_server):
    server, latest = partial_server
    page = open_at(visit, server.page_url(PAGES["overzicht"]), LAPTOP)
    main = page.get_by_test_id("stMain")
    both = len(REGIONS["westhoek"]["nis"]) + len(REGIONS["w13"]["nis"])
    notice = main.get_by_test_id("stAlert").filter(has_text=f"Voor {latest + 1} zijn er pas cijfers")
    assert notice.count() == 1 and f"2 van {both} gemeenten" in notice.inner_text()
    assert on_screen(page, notice)
    assert main.get_by_text(f"Werkzoekendengraad (laatste volledige jaar: {latest})").count() == 1
    visit.assert_offline()
