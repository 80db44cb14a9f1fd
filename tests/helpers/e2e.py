"""Steps and views the browser tests (tests/e2e) share: a browser context
on the app (`Visit`, made per test by the `visit` fixture), the copied link
and its query, page switches through the menu, presentation mode's slide
position, what of a slide does not fit the screen (`SLIDE_FIT`, `TABLES`),
the texts a table cuts short (`CUT_TEXT`), and the screen sizes the tests
use."""
from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import parse_qs, urlsplit

from tests.helpers import browser as rb
from ui.presentation import NAV_KEY

try:
    from playwright.sync_api import TimeoutError as PlaywrightTimeout
except ImportError:   # reported by the browser fixture
    PlaywrightTimeout = TimeoutError

LAPTOP, PHONE = {"width": 1366, "height": 768}, {"width": 390, "height": 844}
HOME = next(p for p in rb.app_pages() if p.url_path == "")
# The text of the 'Page · dia n van m' line, in the browser.
POSITION = """() => { const el = [...document.querySelectorAll('[data-testid="stMain"] p')]
  .find(p => p.innerText.includes(' · dia ')); return el ? el.innerText.trim() : null; }"""
# Per visible table, data grid or HTML table (`st.table`, `ui.layout.html_table`; a grid drawn: one far below the fold may not be yet): how far its
# content reaches beyond its width (px). Streamlit clips an HTML table that does not fit: its <table>'s width.
TABLES = """() => [...document.querySelectorAll(
    '[data-testid="stMain"] :is([data-testid="stDataFrameResizable"], [data-testid="stTable"], [data-testid="rmTable"])')]
  .filter(el => el.getClientRects().length > 0 && (el.dataset.testid !== 'stDataFrameResizable' || el.querySelector('.dvn-scroller')))
  .map(el => { const s = el.querySelector('.dvn-scroller');
    return s ? s.scrollWidth - s.clientWidth : Math.ceil(el.querySelector('table').scrollWidth - el.clientWidth); })"""
# Per visible table (under `scope`, a selector: the main area unless given), each header or cell whose text is
# cut short: [text, px its text needs, px it has]. An HTML table (`st.table`, `ui.layout.html_table`): a cell whose content is wider than
# the cell, an element in it that clips or ends its text with "…" (overflow hidden), or a cell reaching beyond
# the table's box (Streamlit clips it, or it scrolls sideways). A data grid draws on a canvas: its columns' drawn
# widths (after stretching) are the `columns` prop of glide-data-grid's canvas, its rows' height and every cell's
# text come from the grid's `rowHeight` and `getCellContent` props (React's fiber of the canvas), its letters and
# padding from the grid's CSS variables; a text is cut when it does not fit the column on one line, or, where
# the grid wraps it (a row over 4rem), on the lines the row's height holds (glide's line height 1,4).
CUT_TEXT = """(scope) => {
  scope = scope || '[data-testid="stMain"]';   // Playwright passes null when no argument is given
  const cut = [];
  const visible = el => el.getClientRects().length > 0;
  for (const el of document.querySelectorAll(`${scope} :is([data-testid="stTable"], [data-testid="rmTable"])`)) {
    if (!visible(el)) continue;
    const right = el.getBoundingClientRect().right;
    for (const cell of el.querySelectorAll('th, td')) {
      const text = cell.innerText.trim();
      if (!text) continue;
      const has = Math.floor(Math.min(cell.clientWidth, right - cell.getBoundingClientRect().left));
      const clipped = [...cell.querySelectorAll('*')].some(c => getComputedStyle(c).overflow !== 'visible'
        && (c.scrollWidth > c.clientWidth + 1 || c.scrollHeight > c.clientHeight + 1));
      if (cell.scrollWidth > has + 1 || clipped) cut.push([text, cell.scrollWidth, has]);
    }
  }
  const measure = document.createElement('canvas').getContext('2d');
  for (const el of document.querySelectorAll(`${scope} [data-testid="stDataFrameResizable"]`)) {
    const canvas = el.querySelector('canvas');
    if (!visible(el) || !canvas) continue;
    const style = getComputedStyle(el.querySelector('.stDataFrameGlideDataEditor'));
    const css = name => style.getPropertyValue(name).trim();
    const padX = parseFloat(css('--gdg-cell-horizontal-padding')), padY = parseFloat(css('--gdg-cell-vertical-padding'));
    const family = css('--gdg-font-family');
    let drawn = null, grid = null;
    for (let f = canvas[Object.keys(canvas).find(k => k.startsWith('__reactFiber'))]; f && !grid; f = f.return) {
      const props = f.memoizedProps || {};
      if (!drawn && Array.isArray(props.columns)) drawn = props.columns;
      if (typeof props.getCellContent === 'function' && typeof props.rows === 'number'
          && typeof props.rowHeight === 'number') grid = props;
    }
    if (!drawn || !grid) { cut.push(['(grid not read)', 0, 0]); continue; }
    const width = text => measure.measureText(text).width;
    measure.font = `${css('--gdg-header-font-style')} ${family}`;
    drawn.forEach(c => { const needs = Math.ceil(width(c.title) + 2 * padX);
                         if (needs > c.width + 1) cut.push([c.title, needs, c.width]); });
    measure.font = `${css('--gdg-base-font-style')} ${family}`;
    const size = parseFloat(css('--gdg-base-font-style').split(' ').pop());
    const lines = Math.max(1, Math.floor((grid.rowHeight - 2 * padY) / (size * (parseFloat(css('--gdg-line-height')) || 1.4))));
    drawn.forEach((c, i) => {
      const room = c.width - 2 * padX;
      for (let row = 0; row < grid.rows; row++) {
        const cell = grid.getCellContent([c.sourceIndex ?? i, row]);
        const text = typeof cell.displayData === 'string' ? cell.displayData.trim() : '';
        if (!text || !['text', 'number', 'uri'].includes(cell.kind)) continue;
        let used = 1, line = 0;   // greedy word wrap, a word wider than the column over several lines
        for (const word of text.split(/\\s+/)) {
          const w = width(word), gap = line ? width(' ') : 0;
          if (line && line + gap + w <= room) { line += gap + w; continue; }
          if (line) used += 1;
          used += Math.max(0, Math.ceil(w / room) - 1);
          line = w % room || room;
        }
        if (used > (cell.allowWrapping ? lines : 1)) cut.push([text, Math.ceil(width(text)), Math.floor(room)]);
      }
    });
  }
  return cut;
}"""
# Per visible chart: its texts (titles, bar and tick labels, notes, legends, Sankey labels, a colour bar's
# title and ticks) with their boxes.
CHART_TEXTS = """() => [...document.querySelectorAll('[data-testid="stMain"] .js-plotly-plot')]
  .filter(gd => gd.getClientRects().length).map(gd => {
    const box = gd.querySelector('.main-svg').getBoundingClientRect();
    const texts = [...gd.querySelectorAll('.gtitle, .bartext, .annotation-text, .node-label, .legendtext, '
                                          + '.xtick text, .ytick text, .cbaxis text, .cbtitle text')]
      .map(t => ({text: t.textContent, box: t.getBoundingClientRect()})).filter(t => t.box.width > 0)
      .map(t => ({text: t.text, left: t.box.left, right: t.box.right, top: t.box.top, bottom: t.box.bottom}));
    return {box: {left: box.left, right: box.right, top: box.top, bottom: box.bottom}, texts};
  })"""
# What does not fit the slide: the scroll height of the document and of the
# main area beyond the viewport, or the slide's content under the control bar
# fixed to the screen's foot; the share of the screen above the bar that the
# content fills; the visible text in the main area (HTML and the charts'
# SVG) under the minimum size, with where it is; the visible data grids
# (`grids`: their text is drawn on a canvas, which the walk over the text
# cannot read, in the grid's own 14-15 px letters); and each table box that
# scrolls inside itself (`scrolling`: [its test id, px hidden below, px
# hidden beside]): an HTML table, or a grid's scroller, whose rows or
# columns lie behind a scrollbar of its own.
SLIDE_FIT = """(minimum) => {
  const main = document.querySelector('[data-testid="stMain"]');
  const bar = document.querySelector('.st-key-{NAV_KEY}').getBoundingClientRect().top;
  const content = [...document.querySelectorAll(
      '[data-testid="stMainBlockContainer"] > [data-testid="stVerticalBlock"] > *:not(.st-key-{NAV_KEY}, :has(.st-key-{NAV_KEY}))')]
    .map(el => el.getBoundingClientRect()).filter(box => box.height > 0).map(box => box.bottom);
  const overflow = Math.max(document.scrollingElement.scrollHeight - innerHeight,
                            main.scrollHeight - main.clientHeight, Math.round(Math.max(0, ...content) - bar));
  const small = [];
  const walker = document.createTreeWalker(main, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const text = node.textContent.trim();
    const el = node.parentElement;
    if (!text || !el || el.closest('.modebar, .hoverlayer')) continue;
    const style = getComputedStyle(el);
    const box = el.getBoundingClientRect();
    if (style.visibility === 'hidden' || style.display === 'none' || +style.opacity === 0
        || box.width === 0 || box.height === 0 || el.closest('[aria-hidden="true"]')) continue;
    const size = parseFloat(style.fontSize);
    if (size < minimum - 0.5) small.push(`${text.slice(0, 40)} (${size} px)`);
  }
  const shown = el => el.getClientRects().length > 0;
  const grids = [...main.querySelectorAll('[data-testid="stDataFrame"]')].filter(shown).length
    + [...main.querySelectorAll('canvas')]
      .filter(c => shown(c) && !c.closest('.js-plotly-plot, [data-testid="stDataFrame"]')).length;
  const scrolling = [...main.querySelectorAll(
      '[data-testid="stTable"], [data-testid="rmTable"], [data-testid="stDataFrame"] .dvn-scroller')].filter(shown)
    .map(el => [el.dataset.testid || 'stDataFrame', el.scrollHeight - el.clientHeight, el.scrollWidth - el.clientWidth])
    .filter(([, down, side]) => down > 1 || side > 1);
  return {overflow, small: [...new Set(small)].slice(0, 8), filled: Math.max(0, ...content) / bar, grids, scrolling};
}""".replace("{NAV_KEY}", NAV_KEY)


@dataclass
class Visit:
    """A browser context on the app, with everything it sent off-machine."""
    context: object
    server: rb.Server
    outside: list[str] = field(default_factory=list)
    script_errors: list[str] = field(default_factory=list)

    @classmethod
    def new(cls, browser, server: rb.Server, viewport: dict = rb.VIEWPORT) -> Visit:
        """A fresh context (a new session) at `viewport`, in Dutch, with the
        run probe (`rb.PROBE`) and nothing let off the machine."""
        context = browser.new_context(viewport=viewport, locale="nl-BE")
        context.set_default_timeout(rb.TIMEOUT_MS)
        context.add_init_script(rb.PROBE)
        visit = cls(context, server)
        visit.block_outside()
        return visit

    def block_outside(self) -> None:
        """Abort, and note, whatever would leave the machine: nothing does."""
        def http(route) -> None:
            self.outside.append(route.request.url)
            route.abort("blockedbyclient")

        def websocket(ws) -> None:
            self.outside.append(ws.url)
            ws.close()

        def outside(url: str) -> bool:
            return not rb.is_loopback(url)

        self.context.route(outside, http)
        self.context.route_web_socket(outside, websocket)

    def assert_offline(self) -> None:
        assert self.outside == [], f"Requests off the machine (aborted): {self.outside}"

    def assert_clean(self, page) -> None:
        """No exception element, no request off the machine, no script error."""
        errors = page.get_by_test_id("stException")
        assert errors.count() == 0, f"Exception element on {page.url}; server log:\n{self.server.log_tail()}"
        self.assert_offline()
        assert self.script_errors == [], f"Script errors: {self.script_errors}"

    def open(self, target: rb.AppPage | str, query: str = ""):
        """A new tab (a new Streamlit session) on a page or a copied link,
        after its first run, with its charts drawn."""
        page = self.context.new_page()
        page.on("pageerror", lambda exc: self.script_errors.append(str(exc)))
        page.goto(target if isinstance(target, str) else self.server.page_url(target, query))
        rb.run_done(page)
        self.wait_for_charts(page)
        return page

    @staticmethod
    def wait_for_charts(page) -> None:
        try:
            rb.charts_drawn(page)
        except PlaywrightTimeout:
            raise AssertionError(f"Charts not drawn on {page.url}: {page.evaluate(rb.CHARTS)}") from None

    @staticmethod
    def choose(page, label: str, option: str | int) -> str:
        """Pick `option` (its text, or its position) in the selectbox `label`
        (sidebar first, else the main area); wait for the rerun. Returns the
        option's text."""
        since = page.evaluate(rb.NOW)
        box = rb.selectbox(page, label)
        box.click()
        options = page.get_by_role("option")
        choice = options.nth(option) if isinstance(option, int) else options.get_by_text(option, exact=True)
        text = choice.inner_text().strip()
        choice.click()
        rb.run_done(page, since)
        Visit.wait_for_charts(page)
        return text


def query(page) -> dict[str, list[str]]:
    return parse_qs(urlsplit(page.url).query)


def copied_link(page) -> str:
    """The link in the sidebar's 'Kopieer link' popover, as the user copies it."""
    page.get_by_test_id("stSidebar").get_by_test_id("stPopover").filter(has_text="Kopieer link").click()
    return page.get_by_test_id("stPopoverBody").get_by_test_id("stCode").locator("code").inner_text().strip()


def switch_to(visit, page, target: rb.AppPage) -> None:
    since = page.evaluate(rb.NOW)
    page.get_by_test_id("stSidebarNav").get_by_role("link", name=target.title, exact=True).click()
    rb.run_done(page, since)
    visit.wait_for_charts(page)


def position(page) -> str:
    """The 'Page · dia n van m' line under the slide."""
    return page.get_by_test_id("stMain").get_by_text(" · dia ").inner_text().strip()


def step(visit, page, action) -> str:
    """Do `action` and return the position it leads to. Stepping past a
    page's last slide takes two runs (the click's run switches page, the new
    page runs next), so wait until the line shows another position."""
    before = position(page)
    since = page.evaluate(rb.NOW)
    action()
    rb.run_done(page, since)
    page.wait_for_function(f"(before) => {{ const now = ({POSITION})(); return now && now !== before; }}",
                           arg=before, timeout=rb.TIMEOUT_MS, polling="raf")
    rb.run_done(page, since)
    visit.wait_for_charts(page)
    visit.assert_clean(page)
    return position(page)


def chart_faults(page) -> list:
    """Chart texts outside their chart, and pairs of chart texts over each other."""
    return [fault for chart in page.evaluate(CHART_TEXTS) for fault in text_faults(chart)]


def text_faults(chart: dict) -> list:
    """Of one chart of `CHART_TEXTS`: its texts outside it, and pairs of its texts over each other."""
    box, texts = chart["box"], chart["texts"]
    faults = [("buiten", t["text"]) for t in texts
              if t["left"] < box["left"] - 1 or t["right"] > box["right"] + 1 or t["top"] < box["top"] - 1
              or t["bottom"] > box["bottom"] + 1]
    return faults + [("over", a["text"], b["text"]) for i, a in enumerate(texts) for b in texts[i + 1:]
                     if min(a["right"], b["right"]) - max(a["left"], b["left"]) > 1
                     and min(a["bottom"], b["bottom"]) - max(a["top"], b["top"]) > 1]
