"""Issue 18.1 and 18.2, on a projector (1920x1080) and a laptop (1366x768):
every slide of every presented page fits the screen (neither the document
nor the main area scrolls, nothing lies under the control bar), and no text
on it is smaller than 20 px (chart text included), read from the back of
the room; a ranking's reference label stands clear of the axis. REGIOMONITOR_SLIDE_REPORT=1 with -s prints the slides that do not
fit and by how much; REGIOMONITOR_SLIDE_SHOTS=<folder> saves a PNG of each."""
from __future__ import annotations

import os

import pytest

from charts.ranking import REFERENCE_MARK
from tests.helpers import browser as rb
from tests.helpers.e2e import HOME, SLIDE_FIT, Visit, chart_faults, position, step
from ui.presentation import MIN_FONT_PX


SIZES = [{"width": 1920, "height": 1080}, {"width": 1366, "height": 768}]
FICHE = next(p.title for p in rb.app_pages() if p.script == "views/gemeentefiche.py")
SHOTS = os.environ.get("REGIOMONITOR_SLIDE_SHOTS")   # a folder: a PNG of every slide


def volgende(page):
    return page.get_by_role("button", name="Volgende ▶")


@pytest.fixture(scope="module", params=SIZES, ids=lambda s: f"{s['width']}x{s['height']}")
def slides(request, browser, server):
    """Every slide of the presentation at one screen size, measured: one
    walk with the clicker key (PageDown) per size, in one browser context,
    for the tests below."""
    size = request.param
    visit = Visit.new(browser, server, size)
    page = visit.open(HOME, "presentatie=1")
    measured = {}
    while True:
        where = position(page)
        if SHOTS:
            page.screenshot(path=os.path.join(SHOTS, f"slides_{size['width']}_{len(measured) + 1:02d}.png"))
        measured[where] = page.evaluate(SLIDE_FIT, MIN_FONT_PX) | {"charts": chart_faults(page)}
        if volgende(page).is_disabled():
            break
        step(visit, page, lambda: page.keyboard.press("PageDown"))
    visit.context.close()
    assert len(measured) > 20, f"only {len(measured)} slides stepped through"
    if os.environ.get("REGIOMONITOR_SLIDE_REPORT"):
        taller = too_tall(measured)
        print(f"\n{size['width']}x{size['height']}: {len(taller)} of {len(measured)} slides taller than the screen")
        for where, px in taller.items():
            print(f"  {where}: {px} px")
    return measured


def too_tall(measured: dict) -> dict:
    """The slides that scroll or reach under the control bar, by how many
    pixels (2 px of rounding allowed)."""
    return {where: f["overflow"] for where, f in measured.items() if f["overflow"] > 2}


def test_every_slide_fits_the_screen(slides):
    taller = too_tall(slides)
    assert not taller, "Slides taller than the screen (px): " + "; ".join(f"{w}: {px}" for w, px in taller.items())


def test_no_text_on_a_slide_under_20_px(slides):
    small = {where: f["small"] for where, f in slides.items() if f["small"]}
    assert not small, "\n".join(f"{where}: {texts}" for where, texts in small.items())


def test_no_reference_label_on_a_slide_over_the_axis(slides):
    """A ranking's reference line is named under the value axis
    (charts.ranking); on a slide its ticks grow to 20 px, and at 1366x768
    the name stood over them (Vacatures' tension, Kansengroepen's ranking)."""
    faults = {where: [f for f in found if any(str(text).startswith(REFERENCE_MARK) for text in f[1:])]
              for where, found in ((w, f["charts"]) for w, f in slides.items())}
    faults = {where: found for where, found in faults.items() if found}
    assert not faults, "\n".join(f"{where}: {found}" for where, found in faults.items())


def test_the_gemeentefiche_opens_on_a_full_slide(slides):
    """Its first slide held the four key figures alone: half to three fifths of the screen empty."""
    first = next(f for where, f in slides.items() if where.startswith(f"{FICHE} · dia 1 van "))
    assert first["filled"] >= 0.6, first
