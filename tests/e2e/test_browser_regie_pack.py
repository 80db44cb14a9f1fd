"""Issue 17.5-17.6: a ROSE meeting pack in Chromium, stepped through with
the clicker's key (PageDown) in presentation mode on projectors
(1920x1080, 1280x720) and a laptop (1366x768). The meeting is recorded the way the
Regie page records it (`importer.publish` of `regie_progress.record_meeting`)
on the app's own store (the session's server keeps a store without
meetings for the other tests). Every slide of the pack fits the screen (no
table scrolling sideways either, no header or cell text cut short) with no text
under 20 px (no data grid either: its text is on a canvas), no exception and no request off the machine; the region's
headline figures, the budgets and the trajectories show the numbers of
`page_models.regie.pack` on that store.
REGIOMONITOR_SLIDE_SHOTS=<folder> saves a PNG of each slide
(<folder>/<width>x<height>/regie_pakket_<nn>.png)."""
from __future__ import annotations

import os
from contextlib import contextmanager
from pathlib import Path

import pytest

from loaders import versions
from loaders.store import connect
from page_models import regie as ur
from queries import run_query
from tests.helpers import browser as rb
from tests.helpers.e2e import CUT_TEXT, LAPTOP, SLIDE_FIT, TABLES, Visit, position, step
from tests.helpers.regie import CHANGES, CONSULTATION, record_meeting
from ui.layout import WIDE
from ui.presentation import MIN_FONT_PX
from ui.regie import PACK_CHANGES

PAGE = next(p for p in rb.app_pages() if p.script == "views/regie.py")
# A projector at 1920x1080 and at 1280x720 (a beamer's 720p; there the trajectories' grid, sized to fit 1366 px,
# scrolled sideways), and a laptop.
SIZES = [{"width": 1920, "height": 1080}, LAPTOP, {"width": 1280, "height": 720}]
SHOTS = os.environ.get("REGIOMONITOR_SLIDE_SHOTS")
# The text of the visible cells of every table on the slide: Streamlit draws data grids on a canvas, and
# glide-data-grid keeps an accessible copy of the drawn cells beside it, once it drew them (null before);
# an HTML table (`st.table`, `ui.layout.html_table`) has its cells, a no-break space joining € or % to its number
# (read as a space).
CELLS = """() => { const grids = [...document.querySelectorAll(
      '[data-testid="stMain"] :is([data-testid="stDataFrameResizable"], [data-testid="stTable"], [data-testid="rmTable"])')]
    .filter(el => el.getClientRects().length > 0);
  const cells = grids.map(el => [...el.querySelectorAll('td')].map(td => td.innerText.replace(/\u00a0/g, ' ').trim()));
  return cells.every(c => c.length) ? cells.flat() : null; }"""


@pytest.fixture(scope="module")
def pack_server(store_path, tmp_path_factory):
    """The app on its own store with one meeting recorded, `CHANGES` status
    changes before it (more than a slide holds), and the pack's figures read
    from that store."""
    folder = tmp_path_factory.mktemp("regie_pakket")
    db = rb.copy_store(store_path, folder / "regiomonitor.duckdb")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("REGIOMONITOR_DB", str(db))
        meeting = record_meeting("test", "regisseur")
        with connect(versions.current(), read_only=True) as con:
            pack = ur.pack(lambda name, **params: run_query(con, name, **params))
    with rb.Server(rb.APP, db, folder / "streamlit.log") as server:
        yield server, meeting, pack


@contextmanager
def opened(browser, server: rb.Server, size: dict, query: str):
    """The Regie page in a browser context of its own at `size`."""
    visit = Visit.new(browser, server, size)
    try:
        page = visit.open(PAGE, query)
        visit.assert_clean(page)
        yield visit, page
        visit.assert_offline()
    finally:
        visit.context.close()


def walk(browser, pack_server, size: dict) -> dict[str, dict]:
    """Every slide of the Regie page with the meeting's pack at `size`, in
    turn with PageDown: its heading, table cells, text and what does not fit."""
    server, meeting, _ = pack_server
    with opened(browser, server, size, f"presentatie=1&vergadering={meeting}") as (visit, page):
        seen = {}
        while True:
            where = position(page)
            if SHOTS:
                folder = Path(SHOTS) / f"{size['width']}x{size['height']}"
                folder.mkdir(parents=True, exist_ok=True)
                page.screenshot(path=str(folder / f"regie_pakket_{len(seen) + 1:02d}.png"))
            main = page.get_by_test_id("stMain")
            seen[where] = {"headings": [h.inner_text().strip() for h in main.locator("h2, h3").all()],
                           "cells": page.wait_for_function(CELLS, polling="raf").json_value(),
                           "text": main.inner_text(), "sideways": page.evaluate(TABLES),
                           "cut": page.evaluate(CUT_TEXT),
                           **page.evaluate(SLIDE_FIT, MIN_FONT_PX)}
            slide, count = where.rsplit(" · dia ", 1)[1].split(" van ")
            if slide == count:
                break
            step(visit, page, lambda: page.keyboard.press("PageDown"))
    return seen


@pytest.fixture(scope="module", params=SIZES, ids=lambda s: f"{s['width']}x{s['height']}")
def slides(request, browser, pack_server):
    return walk(browser, pack_server, request.param)


def slide_of(slides: dict, section: ur.PackSection) -> dict:
    found = [s for s in slides.values() if section.title in s["headings"]]
    assert len(found) == 1, f"{section.title}: on {len(found)} slides"
    return found[0]


def test_the_pack_leads_with_the_meeting_and_ends_with_budgets_and_trajectories(slides, pack_server):
    pack = pack_server[2]
    order = [next((h for h in s["headings"] if h in {pack.headline.title, pack.budgets.title,
                                                     pack.trajectories.title, "Vergaderpakket"}), None)
             for s in slides.values()]
    shown = [h for h in order if h]
    changes = shown.count("Vergaderpakket")   # the status changes, over as many slides as they need
    assert changes == -(-CHANGES // PACK_CHANGES) > 1, order
    assert shown == ["Vergaderpakket"] * changes + [pack.headline.title, pack.budgets.title,
                                                    pack.trajectories.title], order
    assert order[0] == "Vergaderpakket" and order[-2:] == [pack.budgets.title, pack.trajectories.title]
    assert CONSULTATION["name"] in next(iter(slides.values()))["text"]


def test_every_slide_of_the_pack_fits_the_screen(slides):
    taller = {where: s["overflow"] for where, s in slides.items() if s["overflow"] > 2}
    assert not taller, f"Slides taller than the screen (px): {taller}"
    small = {where: s["small"] for where, s in slides.items() if s["small"]}
    assert not small, f"Text under {MIN_FONT_PX} px: {small}"
    scrolling = {where: s["scrolling"] for where, s in slides.items() if s["scrolling"]}
    assert not scrolling, f"Tables that scroll inside themselves ([box, px below, px beside]): {scrolling}"
    # SLIDE_FIT's `grids`: the kerncijfers' and budgets' grids wrote 17,5 px on a projector, 15 px at 1280x720.
    canvas = [where for where, s in slides.items() if s["grids"]]
    assert not canvas, f"Data grids (text on a canvas, under {MIN_FONT_PX} px) on: {canvas}"
    sideways = {where: s["sideways"] for where, s in slides.items() if any(px > 1 for px in s["sideways"])}
    assert not sideways, f"Tables that scroll sideways (px): {sideways}"
    cut = {where: s["cut"] for where, s in slides.items() if s["cut"]}
    assert not cut, f"Texts cut short (text, px needed, px drawn): {cut}"


def test_no_table_of_the_pack_scrolls_sideways_on_a_laptop_page(browser, pack_server):
    """Off the projector, with the sidebar open, the pack's tables fit the
    main area too, with no header or cell cut short (the trajectories' grid
    read "Niet volledi…" in its 80 px columns)."""
    server, meeting, pack = pack_server
    with opened(browser, server, LAPTOP, f"vergadering={meeting}") as (_, page):
        text = page.get_by_test_id("stMain").inner_text()
        assert all(s.title in text for s in (pack.headline, pack.budgets, pack.trajectories))
        page.set_viewport_size({"width": LAPTOP["width"], "height": 3 * LAPTOP["height"]})   # the pack in view
        page.wait_for_function(f"() => ({TABLES})().length >= 3", polling="raf")
        if SHOTS:
            page.screenshot(path=str(Path(SHOTS) / "regie_pakket_pagina_1366.png"))
        widths = page.evaluate(TABLES)
        assert len(widths) >= 3 and all(px <= 1 for px in widths), widths
        assert page.evaluate(CUT_TEXT, f'[class*="st-key-{WIDE}regie_pakket_"]') == []


@pytest.mark.parametrize("part", ["headline", "budgets", "trajectories"])
def test_the_figure_slides_show_the_stores_numbers(slides, pack_server, part):
    section = getattr(pack_server[2], part)
    cells = set(slide_of(slides, section)["cells"])
    # The trajectories' slide leaves out where, when and the quality: the rows' names and the badge say them.
    shown = section.table.drop(columns=["Waar", "Periode", "Kwaliteit"] if part == "trajectories" else [])
    expected = {str(v) for v in shown.to_numpy().ravel() if str(v) not in ("", "–")}
    assert expected <= cells, f"{section.title}: not on the slide: {sorted(expected - cells)}"
