"""The real app (`streamlit run`) in headless Chromium.

One server per test session on a free loopback port, on a copy of the
session store (the server is another process and DuckDB lets one process
write a file). Every test gets a fresh browser context that aborts every
request (HTTP or WebSocket) to anything but this machine, records it and the
uncaught script errors, and fails the test when one was attempted; on failure
its pages are saved as PNG in tests/e2e/screenshots/. Without Chromium the tests are skipped, unless
REGIOMONITOR_REQUIRE_BROWSER=1 (set by .ci/run): then they fail.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from tests.helpers import browser as rb

try:
    from playwright.sync_api import TimeoutError as PlaywrightTimeout
except ImportError:   # reported by the browser fixture
    PlaywrightTimeout = TimeoutError

SCREENSHOTS = Path(__file__).parent / "screenshots"
FULL_HEIGHT = """() => Math.max(...[...document.querySelectorAll('[data-testid="stMain"], [data-testid="stSidebarContent"]')]
  .map(e => e.scrollHeight), document.documentElement.scrollHeight)"""


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    report = yield
    setattr(item, f"report_{report.when}", report)
    return report


@pytest.fixture(scope="session")
def server(store_path, tmp_path_factory):
    folder = tmp_path_factory.mktemp("e2e")
    db = rb.copy_store(store_path, folder / "regiomonitor.duckdb")
    with rb.Server(rb.APP, db, folder / "streamlit.log") as s:
        yield s


@dataclass
class Visit:
    """A browser context on the app, with everything it sent off-machine."""
    context: object
    server: rb.Server
    outside: list[str] = field(default_factory=list)
    script_errors: list[str] = field(default_factory=list)

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


@pytest.fixture()
def visit(browser, server, request):
    context = browser.new_context(viewport=rb.VIEWPORT, locale="nl-BE")
    context.set_default_timeout(rb.TIMEOUT_MS)
    context.add_init_script(rb.PROBE)
    v = Visit(context, server)
    v.block_outside()
    yield v
    report = getattr(request.node, "report_call", None)
    if report is not None and report.failed:
        SCREENSHOTS.mkdir(exist_ok=True)
        name = re.sub(r"[^\w.-]+", "_", request.node.name)
        for i, page in enumerate(context.pages):
            # The main area scrolls inside the viewport: grow the viewport to show it all.
            height = page.evaluate(FULL_HEIGHT)
            page.set_viewport_size({"width": rb.VIEWPORT["width"], "height": min(max(height, 600), 12_000)})
            page.screenshot(path=str(SCREENSHOTS / f"{name}_{i}.png"))
    context.close()
    if report is not None and report.passed:
        v.assert_offline()   # also for a test that does not check
