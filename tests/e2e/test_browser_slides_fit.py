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
from tests.helpers.e2e import HOME, LAPTOP, PHONE, SLIDE_FIT, Visit, chart_faults, position, step
from ui.presentation import MIN_FONT_PX


SIZES = [{"width": 1920, "height": 1080}, {"width": 1366, "height": 768}]
FICHE = next(p.title for p in rb.app_pages() if p.script == "views/gemeentefiche.py")
SHOTS = os.environ.get("REGIOMONITOR_SLIDE_SHOTS")   # a folder: a PNG of every slide


def volgende(page):
    return page.get_by_role("button", name="Volgende ▶")


# How far the page reaches beyond the screen's width (px): the document, the main area, each visible chart.
SIDEWAYS = """() => { const main = document.querySelector('[data-testid="stMain"]');
  const charts = [...main.querySelectorAll('.js-plotly-plot')].filter(gd => gd.getClientRects().length)
    .map(gd => gd.getBoundingClientRect().right - innerWidth);
  return Math.max(document.scrollingElement.scrollWidth - innerWidth, main.scrollWidth - main.clientWidth, 0,
                  ...charts); }"""


def walk(browser, server, size: dict, target, query: str, name: str) -> dict:
    """Every slide from `target`'s first, opened with `query`, measured: one
    walk with the clicker key (PageDown), in one browser context; to the last
    slide of the presentation, or (`target` not the first page) to the last
    of `target`'s own. `name` names the PNGs (REGIOMONITOR_SLIDE_SHOTS)."""
    visit = Visit.new(browser, server, size)
    page = visit.open(target, query)
    measured = {}
    while True:
        where = position(page)
        if target != HOME and not where.startswith(f"{target.title} · "):
            break
        if SHOTS:
            page.screenshot(path=os.path.join(SHOTS, f"{name}_{size['width']}_{len(measured) + 1:02d}.png"))
        rb.charts_still(page)   # a Sankey's nodes move for half a second after it is drawn
        measured[where] = page.evaluate(SLIDE_FIT, MIN_FONT_PX) | {"charts": chart_faults(page),
                                                                   "plots": page.evaluate(PLOT_HEIGHTS),
                                                                   "sideways": page.evaluate(SIDEWAYS)}
        if volgende(page).is_disabled():
            break
        step(visit, page, lambda: page.keyboard.press("PageDown"))
    visit.context.close()
    return measured


@pytest.fixture(scope="module", params=SIZES, ids=lambda s: f"{s['width']}x{s['height']}")
def size(request) -> dict:
    return request.param


@pytest.fixture(scope="module")
def slides(size, browser, server):
    """Every slide of the presentation at one screen size, measured, for the
    tests below."""
    measured = walk(browser, server, size, HOME, "presentatie=1", "slides")
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



# The walks of the chart test: the default link, both regions (30 municipalities: the longest rankings), and
# Budgetten's split by partner (`verdeling=1`, its own page only).
BUDGETTEN = next(p for p in rb.app_pages() if p.script == "views/budgetten.py")
WALKS = {"standaard": (HOME, "presentatie=1"), "beide regio's": (HOME, "presentatie=1&regio=beide"),
         "verdeling": (BUDGETTEN, "presentatie=1&regio=beide&verdeling=1")}
# The plot area of a chart on a slide at least this tall (px): Vacatures' tension by year had 75 px left
# under its explanation and figures at 1366x768, its tick labels run together.
MIN_PLOT_PX = 120
# Per visible chart, its title and the height of its smallest plot area (a subplot's drag layer).
PLOT_HEIGHTS = """() => [...document.querySelectorAll('[data-testid="stMain"] .js-plotly-plot')]
  .filter(gd => gd.getClientRects().length && gd.querySelector('.nsewdrag'))
  .map(gd => [(gd.querySelector('.gtitle') || {}).textContent || '',
              Math.min(...[...gd.querySelectorAll('.nsewdrag')].map(r => r.getBoundingClientRect().height))])"""


def slide_key(walk_name: str, where: str) -> tuple[str, str, int]:
    """(walk, page, slide number) of a position line 'Page · dia n van m'."""
    title, slide = where.split(" · dia ")
    return walk_name, title, int(slide.split(" van ")[0])


@pytest.fixture(scope="module")
def chart_slides(size, browser, server, slides):
    """The chart texts' faults of every slide of every walk (`WALKS`) at one
    size, by (walk, page, slide number); the default walk is `slides`."""
    found = {}
    for name, (target, query) in WALKS.items():
        measured = slides if name == "standaard" else walk(browser, server, size, target, query, name.split()[0])
        found |= {slide_key(name, where): f for where, f in measured.items()}
    return found



def test_no_chart_text_on_a_slide_outside_its_chart_or_over_another(chart_slides):
    """Issue 18.2: a slide's chart shows every text whole and apart (`chart_faults`): at 1366x768 the
    Trajecten Sankey's outcomes ran over each other and out of the chart, the Gemeentefiche's small
    multiples' titles out of the chart and over the ticks, a partner's label out of Budgetten's Sankey, the
    target groups' names over each other on Kansengroepen's and the Gemeentefiche's composition slides."""
    faults = {key: f["charts"] for key, f in chart_slides.items() if f["charts"]}
    assert not faults, "\n".join(f"{key}: {found}" for key, found in faults.items())


def test_no_data_grid_on_a_slide(chart_slides):
    """Issue 18.1-2: every table on a slide is an HTML table in the slide's letters (`ui.layout.table`): a data
    grid draws its text on a canvas in its own 14-15 px letters, which the walk over a slide's text cannot read
    (Werkzaamheid's ranking, Kansengroepen's tables, Trajecten's and Vacatures' tables stood there as grids)."""
    grids = {key: f["grids"] for key, f in chart_slides.items() if f["grids"]}
    assert not grids, "Data grids (text on a canvas) on: " + "; ".join(f"{k}: {n}" for k, n in grids.items())


def test_no_table_on_a_slide_scrolls_inside_itself(chart_slides):
    """Issue 18.1: a table's rows go over slides (`ui.presentation.Rows`), its columns fit the slide: none hides
    rows or columns behind a scrollbar of its own (Werkzaamheid's ranking showed 9 of its 30 rows at 1366x768,
    Kansengroepen's comparison scrolled sideways)."""
    scrolling = {key: f["scrolling"] for key, f in chart_slides.items() if f["scrolling"]}
    assert not scrolling, "\n".join(f"{key}: [box, px below, px beside] {found}" for key, found in scrolling.items())


def test_no_chart_on_a_slide_squeezed(chart_slides):
    """Issue 18.1: every chart of a slide keeps a plot area of `MIN_PLOT_PX` (the text above it shares the screen)."""
    squeezed = {key: [(title, round(px)) for title, px in f["plots"] if px < MIN_PLOT_PX]
                for key, f in chart_slides.items()}
    squeezed = {key: found for key, found in squeezed.items() if found}
    assert not squeezed, "\n".join(f"{key}: {found}" for key, found in squeezed.items())


def test_the_gemeentefiche_reads_on_a_phone(browser, server):
    """Issue 18 on a phone (390x844): the Gemeentefiche's slides (`?presentatie=1`, Menen) squeezed their charts
    into what the text left of the screen (the small multiples' lines over their legend), and its bars' names in
    20 px took the width (the composition, the origin shares, the trajectories: names over each other, the legend
    out of the chart), and a line chart's 20 px year ticks ran together (six or seven over a phone's 250 px of
    plot). On every slide: nothing beyond the screen's width, every plot at least `MIN_PLOT_PX` high (a phone's
    slide scrolls), and every chart's texts whole and apart (`chart_faults`: the years under a line chart or the
    vacancies' bars, the legends, the small multiples' titles inside their chart)."""
    fiche = next(p for p in rb.app_pages() if p.script == "views/gemeentefiche.py")
    measured = walk(browser, server, PHONE, fiche, "presentatie=1&regio=w13&gemeente=34027", "telefoon")
    assert len(measured) > 5, measured.keys()
    wide = {where: f["sideways"] for where, f in measured.items() if f["sideways"] > 1}
    faults = {where: f["charts"] for where, f in measured.items() if f["charts"]}
    low = {where: [(title, round(px)) for title, px in f["plots"] if px < MIN_PLOT_PX] for where, f in measured.items()}
    assert not wide, f"beyond the screen's width (px): {wide}"
    assert not faults, "\n".join(f"{where}: {found}" for where, found in faults.items())
    assert not any(low.values()), {where: found for where, found in low.items() if found}


def test_flanders_rankings_name_their_municipalities_apart_on_a_laptop(browser, server):
    """Issue 18.2 at Flanders' scale (`regio=vlaanderen`, 1366x768): a ranking cut to its top and bottom (40 of
    300 municipalities) had, under the lines that say what the slide leaves out, rows of about 16 px, and its
    20 px names touched. Every chart text on the slides of the pages with rankings whole and apart
    (`chart_faults`)."""
    ranked = [p for p in rb.app_pages()
              if p.script in ("views/werkzaamheid.py", "views/kansengroepen.py", "views/vacatures.py")]
    faults = {}
    for target in ranked:
        measured = walk(browser, server, LAPTOP, target, "presentatie=1&regio=vlaanderen", "vlaanderen")
        faults |= {where: f["charts"] for where, f in measured.items() if f["charts"]}
    assert not faults, "\n".join(f"{where}: {found}" for where, found in faults.items())
