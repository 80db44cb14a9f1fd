"""Issue 18.1 and 18.2: a slide's bar charts name every bar, readable from
the back of the room, at 1920x1080 and 1366x768. Walking the slides (the
clicker's PageDown) of the pages with horizontal bars: a ranking of 30
municipalities named only every second to fifth bar (plotly leaves out the
tick labels it finds too close), and the target groups' composition
(Kansengroepen, Gemeentefiche) drew its three-line names over each other.
Each horizontal bar chart on a slide must have a name for every bar, and
no text of it over another or outside the chart."""
from __future__ import annotations

import pytest

from tests.helpers import browser as rb
from tests.helpers.e2e import CHART_TEXTS, Visit, position, step, text_faults

SIZES = [{"width": 1920, "height": 1080}, {"width": 1366, "height": 768}]
PHONE = {"width": 390, "height": 844}
# The pages with horizontal bar charts on their slides, with the link the screenshots use.
PAGES = {"kansengroepen": "regio=beide", "vacatures": "regio=beide", "trajecten": "regio=beide",
         "gemeentefiche": "regio=w13&gemeente=34027"}
# Per visible chart (as CHART_TEXTS lists them): its horizontal bars' distinct names, its y axes' tick labels,
# whether it is one trace of them named by its axis (a ranking), and the widths of its plot and of the chart (px).
BARS = """() => [...document.querySelectorAll('[data-testid="stMain"] .js-plotly-plot')]
  .filter(gd => gd.getClientRects().length).map(gd => ({
    bars: [...new Set(gd.data.filter(t => t.type === 'bar' && t.orientation === 'h').flatMap(t => [...t.y]))].length,
    names: [...gd.querySelectorAll('.yaxislayer-above text')].map(t => t.textContent),
    ranking: gd.data.length === 1 && gd.data[0].type === 'bar' && gd.data[0].orientation === 'h'
      && [...gd.data[0].y].every(name => typeof name === 'string'),   // not the flows' bars laid out in pixels
    plot: Math.min(...[...gd.querySelectorAll('.nsewdrag')].map(r => r.getBoundingClientRect().width)),
    width: gd.querySelector('.main-svg').getBoundingClientRect().width}))"""


def walk(browser, server, size: dict, slug: str) -> dict[str, list]:
    """Per slide of page `slug`: (bars, names, faults) of each chart with horizontal bars."""
    visit = Visit.new(browser, server, size)
    app_page = next(p for p in rb.app_pages() if p.slug == slug)
    page = visit.open(app_page, f"presentatie=1&{PAGES[slug]}")
    title, found = position(page).split(" · ")[0], {}
    while True:
        where = position(page)
        if not where.startswith(f"{title} · "):
            break
        rb.charts_still(page)   # plotly lays a chart out again after its first draw
        found[where] = [(bars["bars"], bars["names"], text_faults(chart), bars)
                        for bars, chart in zip(page.evaluate(BARS), page.evaluate(CHART_TEXTS)) if bars["bars"]]
        if page.get_by_role("button", name="Volgende ▶").is_disabled():
            break
        step(visit, page, lambda: page.keyboard.press("PageDown"))
    visit.context.close()
    return found


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s['width']}x{s['height']}")
@pytest.mark.parametrize("slug", list(PAGES))
def test_slide_bar_charts_name_every_bar_without_overlap(browser, server, size, slug):
    found = walk(browser, server, size, slug)
    charted = {where: charts for where, charts in found.items() if charts}
    assert charted, f"no horizontal bar chart on any slide of {slug}"
    unnamed = {where: [(bars, len(names)) for bars, names, *_ in charts if len(names) < bars]
               for where, charts in charted.items()}
    faults = {where: [f for _, _, found, _ in charts for f in found] for where, charts in charted.items()}
    assert not any(unnamed.values()), f"bars without a name (bars, names): {unnamed}"
    assert not any(faults.values()), f"texts over each other or outside their chart: {faults}"


@pytest.mark.parametrize("slug", ["kansengroepen", "vacatures", "trajecten", "gemeentefiche"])
def test_a_phones_slide_ranking_shows_its_bars_with_every_name(browser, server, slug):
    """Issue 18 on a phone (390x844): the slide's ranking kept the margins of the longest name and value in
    20 px letters and left its plot about 2 px (Kansengroepen's, Vacatures'), and plotly named a few of its
    30 bars. Every ranking on a phone's slide (one trace of horizontal bars): a plot at least half the chart's
    width, every bar named, no text of it over another or outside the chart."""
    found = walk(browser, server, PHONE, slug)
    rankings = {where: [c for c in charts if c[3]["ranking"]] for where, charts in found.items()}
    rankings = {where: charts for where, charts in rankings.items() if charts}
    assert rankings, f"no ranking on any slide of {slug}"
    narrow = {where: [(round(c[3]["plot"]), round(c[3]["width"])) for c in charts if c[3]["plot"] < c[3]["width"] / 2]
              for where, charts in rankings.items()}
    unnamed = {where: [(bars, len(names)) for bars, names, *_ in charts if len(names) < bars]
               for where, charts in rankings.items()}
    faults = {where: [f for _, _, found, _ in charts for f in found] for where, charts in rankings.items()}
    assert not any(narrow.values()), f"plots narrower than half their chart (plot, chart px): {narrow}"
    assert not any(unnamed.values()), f"bars without a name (bars, names): {unnamed}"
    assert not any(faults.values()), f"texts over each other or outside their chart: {faults}"
