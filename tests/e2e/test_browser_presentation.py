"""Presentation mode in the browser, as on a projector with a clicker:
`?presentatie=1` hides the sidebar, PageDown and 'Volgende' step through
the sections and on to the next page."""
from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

from tests.helpers import browser as rb
from tests.helpers.e2e import HOME, position, step

PAGES = rb.app_pages()
def controls_on_screen(page) -> bool:
    """'Volgende' is in the viewport without scrolling (a slide may be taller)."""
    box = page.get_by_role("button", name="Volgende ▶").bounding_box()
    return box is not None and 0 <= box["y"] and box["y"] + box["height"] <= page.viewport_size["height"]


def test_presentation_steps_with_the_clicker_keys(visit):
    page = visit.open(HOME, "presentatie=1")
    visit.assert_clean(page)
    assert page.get_by_test_id("stSidebar").is_hidden()
    assert controls_on_screen(page)
    first = position(page)
    assert first.startswith(f"{HOME.title} · dia 1 van ")

    second = step(visit, page, lambda: page.keyboard.press("PageDown"))
    assert second.startswith(f"{HOME.title} · dia 2 van ")
    assert parse_qs(urlsplit(page.url).query)["dia"] == ["1"]
    # 'Volgende' until the next page of the sequence opens.
    for _ in range(int(first.rsplit(" ", 1)[1])):
        shown = step(visit, page, lambda: page.get_by_role("button", name="Volgende ▶").click())
        if not shown.startswith(HOME.title):
            break
    nxt = PAGES[1]
    assert shown.startswith(f"{nxt.title} · dia 1 van "), shown
    assert urlsplit(page.url).path == f"/{nxt.url_path}"
    assert parse_qs(urlsplit(page.url).query).get("presentatie") == ["1"]
    assert page.get_by_test_id("stSidebar").is_hidden()
    assert controls_on_screen(page)
