"""Issue 18, what a user sees on a laptop (1366x768) and a phone (390x844):
nothing cut off (a switch's choices, a badge, a chart's title or bar
label), nothing off the screen, no chart text over another, Sankey labels
on lines of their own and apart, and on a phone the flows as bars whose
labels cover no flow."""
from __future__ import annotations

from collections import Counter
from urllib.parse import parse_qsl

import pytest

from charts.sankey import LABEL_GAP
from charts.theme import wrap_lines
from page_models.vacatures import LABELS
from tests.helpers import browser as rb, open_page
from tests.helpers.e2e import LAPTOP, PHONE, PlaywrightTimeout, chart_faults, step
from tests.helpers.pages import phone_table_rows
from ui.layout import MAP_PX

PAGES = {p.slug: p for p in rb.app_pages()}
DESKTOP = {"width": 1920, "height": 1080}

# Elements in the main area whose content is cut off: a box that clips or
# scrolls its overflow (or ends it with an ellipsis) narrower than its content.
# Tables scroll by design, charts are measured below, a toggle's hidden input is 1 px.
CLIPPED = """() => [...document.querySelectorAll('[data-testid="stMain"] *')]
  .filter(el => !el.closest('.stDataFrame, .stTable, .js-plotly-plot, .stCode') && el.clientWidth > 2)
  .filter(el => { const cs = getComputedStyle(el);
    return (cs.overflowX !== 'visible' || cs.textOverflow === 'ellipsis') && el.scrollWidth > el.clientWidth + 1; })
  .map(el => el.innerText.slice(0, 80))"""
# Text in the main area that ends beyond the window's right edge.
OFF_SCREEN = """() => [...document.querySelectorAll('[data-testid="stMain"] :is(p, span, li, h1, h2, h3)')]
  .filter(el => !el.closest('.stDataFrame, .js-plotly-plot, .stCode') && !el.querySelector('p, span')
                && el.innerText.trim() && el.getBoundingClientRect().right > document.documentElement.clientWidth + 1)
  .map(el => el.innerText.slice(0, 80))"""
# Every Sankey node's name (plotly's customdata) and its label's lines and box.
SANKEY_NODES = """() => [...document.querySelectorAll('[data-testid="stMain"] .js-plotly-plot')]
  .filter(gd => gd.getClientRects().length && gd.querySelector('.sankey')).flatMap(gd =>
    [...gd.querySelectorAll('.sankey-node')].map(node => {
      const label = node.querySelector('.node-label'), b = label.getBoundingClientRect();
      const rect = node.querySelector('.node-rect').getBoundingClientRect();
      return {name: node.__data__.node.customdata, lines: [...label.querySelectorAll('tspan.line')].map(s => s.textContent),
              column: Math.round(rect.left), top: b.top, bottom: b.bottom};
    }))"""


def open_at(visit, slug: str, viewport: dict, query: str = "regio=beide"):
    page = visit.context.new_page()
    page.set_viewport_size(viewport)
    page.on("pageerror", lambda exc: visit.script_errors.append(str(exc)))
    page.goto(visit.server.page_url(PAGES[slug], query))
    rb.run_done(page)
    visit.wait_for_charts(page)
    return page


@pytest.mark.parametrize("slug", ["werkzaamheid", "vacatures"])
def test_nothing_cut_off_on_a_laptop(visit, slug):
    # 18 (screenshots at 1366x768): Werkzaamheid's indicator switch and its
    # "Extra werkenden" badge were cut off, as were Vacatures' chart titles,
    # a bar label and its sector switch.
    page = open_at(visit, slug, LAPTOP)
    assert page.evaluate(CLIPPED) == []
    assert chart_faults(page) == []
    visit.assert_clean(page)


@pytest.mark.parametrize("slug", ["werkzaamheid", "vacatures", "kansengroepen", "budgetten", "trajecten"])
def test_a_phone_shows_everything_on_the_screen(visit, slug):
    # 18 (screenshots at 390x844): a switch ran off the screen, chart titles
    # and bar labels out of their charts, year labels under the legend,
    # notes over titles, the Sankey's labels over its flows; a ranking's
    # reference label (Vacatures, Kansengroepen) over the lowest bars' values
    # or out of its chart; a colour bar's title into its top tick.
    page = open_at(visit, slug, PHONE)
    assert page.evaluate(OFF_SCREEN) == []
    assert page.evaluate(CLIPPED) == []
    assert chart_faults(page) == []
    assert not page.locator(".sankey").filter(visible=True).count()   # the flows as bars, labels above them
    visit.assert_clean(page)


@pytest.mark.parametrize("viewport", [DESKTOP, LAPTOP], ids=["1920", "1366"])
@pytest.mark.parametrize("slug", ["budgetten", "trajecten"])
def test_sankey_names_on_one_line_and_labels_apart(visit, slug, viewport):
    # 18.3/18.4: "Lokaal Partnerschap Westhoek" wrapped over three lines even at
    # 1920, and Trajecten's outcome labels nearly touched each other.
    page = open_at(visit, slug, viewport)
    page.locator(".sankey").first.scroll_into_view_if_needed()
    nodes = page.evaluate(SANKEY_NODES)
    assert nodes
    short = [n for n in nodes if len(n["name"]) <= 30]   # a longer name may wrap (charts.sankey.WRAP)
    assert short and all(n["lines"][0] == n["name"] for n in short), [(n["name"], n["lines"]) for n in short]
    for column in {n["column"] for n in nodes}:
        labels = sorted((n for n in nodes if n["column"] == column), key=lambda n: n["top"])
        gaps = [b["top"] - a["bottom"] for a, b in zip(labels, labels[1:])]
        assert all(gap >= LABEL_GAP / 2 for gap in gaps), list(zip([n["name"] for n in labels[1:]], gaps))
    visit.assert_clean(page)


# Per visible map: its chart's width and height.
MAP_SIZES = """() => [...document.querySelectorAll('[data-testid="stMain"] .js-plotly-plot')]
  .filter(gd => gd.getClientRects().length && gd.querySelector('.geo'))
  .map(gd => { const b = gd.getBoundingClientRect(); return {width: b.width, height: b.height}; })"""


@pytest.mark.parametrize("slug", ["werkzaamheid", "kansengroepen", "vacatures"])   # the pages with a map
def test_a_map_is_as_tall_as_its_width_asks(visit, slug):
    # 18 (390x844): every map was 560-600 px tall, on a phone a small map in
    # the middle of a screen of white; on a laptop and a projector it keeps its height.
    low, high = MAP_PX
    for viewport, expected in ((PHONE, low), (DESKTOP, high)):
        page = open_at(visit, slug, viewport)
        sizes = page.evaluate(MAP_SIZES)
        assert sizes and all(abs(s["height"] - expected) <= 1 for s in sizes), (viewport, sizes)
        visit.assert_clean(page)
        page.close()


# (title) -> the x tick labels plotly turned (stood on end) in the visible chart whose title starts so.
TURNED_TICKS = """(title) => [...document.querySelectorAll('[data-testid="stMain"] .js-plotly-plot')]
  .filter(gd => gd.getClientRects().length && (gd.querySelector('.gtitle') || {}).textContent?.startsWith(title))
  .map(gd => [...gd.querySelectorAll('.xtick text')]
    .filter(t => /rotate\\((?!0[,)])/.test(t.getAttribute('transform') || '')).map(t => t.textContent))"""


def test_year_labels_lie_flat_on_a_phone(visit):
    # 18 (390x844): the Gemeentefiche's "Vacatures bij VDAB" stood its year labels on end.
    page = open_at(visit, "gemeentefiche", PHONE, "regio=w13&gemeente=34027")
    assert page.evaluate(TURNED_TICKS, "Vacatures bij VDAB") == [[]]
    visit.assert_clean(page)


# Per visible table, data grid or HTML table (`st.table`, `ui.layout.html_table`): its width and the width of its columns.
TABLE_WIDTHS = """() => [...document.querySelectorAll(
    '[data-testid="stMain"] :is(.stDataFrame, [data-testid="stTable"], [data-testid="rmTable"])')]
  .filter(t => t.getClientRects().length)
  .map(t => ({width: t.clientWidth, columns: (t.querySelector('.dvn-scroller') ?? t).scrollWidth,
              rows: t.querySelectorAll('tbody tr').length}))"""


# Per page: its link (the Gemeentefiche of Menen).
KEY_TABLES = {"werkzaamheid": "regio=beide", "vacatures": "regio=beide", "kansengroepen": "regio=beide",
              "budgetten": "", "trajecten": "regio=beide", "gemeentefiche": "regio=w13&gemeente=34027", "regie": ""}
# The pages whose longest table has a row for every municipality of both regions.
EVERY_MUNICIPALITY = {"werkzaamheid", "vacatures", "kansengroepen"}
REGION_SIZE = "select count(*) from municipalities where region is not null"


@pytest.mark.parametrize("slug", list(KEY_TABLES))
def test_key_tables_fit_a_phone(visit, app, store, slug):
    # 18 (390x844): the ranking (Werkzaamheid), the tension table (Vacatures), the comparison with the region
    # and the programmes' reach (Kansengroepen), the funders, flows and costs (Budgetten), the outcomes and
    # the municipalities (Trajecten), every table of the Gemeentefiche and the action plan (Regie) scrolled
    # sideways; on a phone they show the name and the figure, every row: each table the page draws for a phone
    # (read from the same page in AppTest, so from its model) shows as many rows in the browser.
    query = KEY_TABLES[slug]
    expected = phone_table_rows(open_page(app, PAGES[slug].script, **dict(parse_qsl(query))))
    if slug in EVERY_MUNICIPALITY:
        assert max(expected) == store.execute(REGION_SIZE).fetchone()[0], expected
    page = open_at(visit, slug, PHONE, query)
    page.locator('[data-testid="stTable"]:visible, [data-testid="rmTable"]:visible').first.wait_for()
    tables = page.evaluate(TABLE_WIDTHS)
    assert tables and all(t["columns"] <= t["width"] + 1 for t in tables), tables
    assert expected and not Counter(expected) - Counter(t["rows"] for t in tables), (expected, tables)
    visit.assert_clean(page)


def test_gemeentefiche_charts_apart_on_a_phone(visit):
    # 18 (390x844): the Gemeentefiche's small multiples put three or four panels side by side, their titles
    # and ticks over each other, and its long chart titles ran out of their charts.
    page = open_at(visit, "gemeentefiche", PHONE, "regio=w13&gemeente=34027")
    assert page.evaluate(OFF_SCREEN) == []
    assert chart_faults(page) == []
    visit.assert_clean(page)


# (title) -> per visible chart whose title starts so: its bars and the names on its y axis.
BAR_NAMES = """(title) => [...document.querySelectorAll('[data-testid="stMain"] .js-plotly-plot')]
  .filter(gd => gd.getClientRects().length && (gd.querySelector('.gtitle') || {}).textContent?.startsWith(title))
  .map(gd => ({bars: gd.querySelectorAll('.trace.bars .point').length,
               names: [...gd.querySelectorAll('.ytick text')].map(t => t.textContent)}))"""


def test_sector_slide_names_every_bar_apart_on_a_laptop(visit):
    # 18 (1366x768): the Vacatures slide "per sector" drew its 28 sector names, wrapped in two lines, over
    # each other, and plotly left every other name out.
    page = visit.context.new_page()
    page.set_viewport_size(LAPTOP)
    page.goto(visit.server.page_url(PAGES["vacatures"], "regio=beide&presentatie=1"))
    rb.run_done(page)
    visit.wait_for_charts(page)
    while not page.get_by_test_id("stHeading").filter(has_text="per sector").count():
        step(visit, page, lambda: page.keyboard.press("PageDown"))
    # A chart sized to the screen is drawn at its first size, then at the slide's (plotly drops the names that
    # do not fit meanwhile): wait for every bar's name; names that never fit fail below with what was drawn.
    every_name = f"(title) => {{ const c = ({BAR_NAMES})(title); return c.length === 1 && c[0].bars === c[0].names.length; }}"
    try:
        page.wait_for_function(every_name, arg=LABELS["ontvangen"], timeout=rb.TIMEOUT_MS, polling="raf")
    except PlaywrightTimeout:
        pass
    charts = page.evaluate(BAR_NAMES, LABELS["ontvangen"])
    assert len(charts) == 1 and charts[0]["bars"] == len(charts[0]["names"]), charts
    assert chart_faults(page) == []
    visit.assert_clean(page)


# (title) -> the lines of the title of each visible chart whose title starts so, once static/titles.js fitted it.
TITLE_LINES = """(title) => [...document.querySelectorAll('[data-testid="stMain"] .js-plotly-plot')]
  .filter(gd => gd.getClientRects().length && (gd.querySelector('.gtitle') || {}).textContent?.startsWith(title))
  .map(gd => { const title = gd.querySelector('.gtitle'), lines = [...title.querySelectorAll('tspan.line')];
    return gd.dataset.rmTitle ? (lines.length ? lines.map(t => t.textContent) : [title.textContent]) : null; })"""


@pytest.mark.parametrize("viewport", [DESKTOP, LAPTOP, PHONE], ids=["1920", "1366", "390"])
def test_a_wide_chart_title_takes_the_chart_width(visit, viewport):
    # 18 (1366x768): a chart as wide as the page kept its title in a phone's lines of 40 characters
    # (charts.theme.TITLE_WRAP), "Ontvangen vacatures per sector, Westhoek, 2024" on two.
    page = open_at(visit, "vacatures", viewport)
    title = f"{LABELS['ontvangen']} per sector"
    page.wait_for_function(f"(title) => ({TITLE_LINES})(title).every(Boolean)", arg=title)
    [lines] = page.evaluate(TITLE_LINES, title)
    server = wrap_lines(" ".join(lines)).split("<br>")
    assert len(server) > 1 and lines == (server if viewport is PHONE else [" ".join(lines)]), lines
    assert chart_faults(page) == []
    visit.assert_clean(page)
