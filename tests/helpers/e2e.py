"""Steps and views the browser tests (tests/e2e) share: a browser context
on the app (`Visit`, made per test by the `visit` fixture), the copied link
and its query, page switches through the menu, presentation mode's slide
position and what of a slide does not fit the screen (`SLIDE_FIT`, `TABLES`),
and the screen sizes the tests use."""
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
# Per visible table, data grid or HTML table (a grid drawn: one far below the fold may not be yet): how far its
# content reaches beyond its width (px). Streamlit clips an HTML table that does not fit: its <table>'s width.
TABLES = """() => [...document.querySelectorAll(
    '[data-testid="stMain"] :is([data-testid="stDataFrameResizable"], [data-testid="stTable"])')]
  .filter(el => el.getClientRects().length > 0 && (el.dataset.testid === 'stTable' || el.querySelector('.dvn-scroller')))
  .map(el => { const s = el.querySelector('.dvn-scroller');
    return s ? s.scrollWidth - s.clientWidth : Math.ceil(el.querySelector('table').scrollWidth - el.clientWidth); })"""
# Per visible table (under `scope`, a selector: the main area unless given), the column headers cut short:
# [title, px its text needs, px the column has]. Streamlit
# draws data grids on a canvas; the columns' drawn widths (after stretching) are the `columns` prop of
# glide-data-grid's editor, read from React's fiber of the canvas, and the header's font and padding are the
# grid's CSS variables. An HTML table's header is cut where a word is wider than its cell or the cell reaches
# beyond the table's box (Streamlit clips it).
CUT_HEADERS = """(scope = '[data-testid="stMain"]') => [...document.querySelectorAll(`${scope} [data-testid="stTable"]`)]
  .filter(el => el.getClientRects().length > 0).flatMap(el => [...el.querySelectorAll('th')].map(th => [th.innerText,
    th.scrollWidth, Math.floor(Math.min(th.clientWidth, el.getBoundingClientRect().right - th.getBoundingClientRect().left))])
    .filter(([, needs, has]) => needs > has + 1))
  .concat([...document.querySelectorAll(`${scope} [data-testid="stDataFrameResizable"]`)]
  .filter(el => el.getClientRects().length > 0 && el.querySelector('canvas')).flatMap(el => {
    const style = getComputedStyle(el.querySelector('.stDataFrameGlideDataEditor'));
    const padding = parseFloat(style.getPropertyValue('--gdg-cell-horizontal-padding'));
    const text = document.createElement('canvas').getContext('2d');
    text.font = `${style.getPropertyValue('--gdg-header-font-style')} ${style.getPropertyValue('--gdg-font-family')}`;
    const canvas = el.querySelector('canvas');
    let fiber = canvas[Object.keys(canvas).find(k => k.startsWith('__reactFiber'))];
    while (fiber && !Array.isArray((fiber.memoizedProps || {}).columns)) fiber = fiber.return;
    if (!fiber) return [['(no columns found)', 0, 0]];
    return fiber.memoizedProps.columns.map(c => [c.title, Math.ceil(text.measureText(c.title).width + 2 * padding),
                                                 c.width]).filter(([, needs, has]) => needs > has);
  }))"""
# What does not fit the slide: the scroll height of the document and of the
# main area beyond the viewport, or the slide's content under the control bar
# fixed to the screen's foot; the share of the screen above the bar that the
# content fills; and the visible text in the main area (HTML and the charts'
# SVG) under the minimum size, with where it is.
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
  return {overflow, small: [...new Set(small)].slice(0, 8), filled: Math.max(0, ...content) / bar};
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
