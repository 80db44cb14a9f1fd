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
# The pages with horizontal bar charts on their slides, with the link the screenshots use.
PAGES = {"kansengroepen": "regio=beide", "vacatures": "regio=beide", "trajecten": "regio=beide",
         "gemeentefiche": "regio=w13&gemeente=34027"}
# Per visible chart (as CHART_TEXTS lists them): its horizontal bars' distinct names, and its y axes' tick labels.
BARS = """() => [...document.querySelectorAll('[data-testid="stMain"] .js-plotly-plot')]
  .filter(gd => gd.getClientRects().length).map(gd => ({
    bars: [...new Set(gd.data.filter(t => t.type === 'bar' && t.orientation === 'h').flatMap(t => [...t.y]))].length,
    names: [...gd.querySelectorAll('.yaxislayer-above text')].map(t => t.textContent)}))"""


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
        found[where] = [(bars["bars"], bars["names"], text_faults(chart))
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
    unnamed = {where: [(bars, len(names)) for bars, names, _ in charts if len(names) < bars]
               for where, charts in charted.items()}
    faults = {where: [f for *_, found in charts for f in found] for where, charts in charted.items()}
    assert not any(unnamed.values()), f"bars without a name (bars, names): {unnamed}"
    assert not any(faults.values()), f"texts over each other or outside their chart: {faults}"
