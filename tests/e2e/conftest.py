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
from pathlib import Path

import pytest

from tests.helpers import browser as rb
from tests.helpers.e2e import Visit

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


@pytest.fixture()
def visit(browser, server, request):
    v = Visit.new(browser, server)
    yield v
    report = getattr(request.node, "report_call", None)
    if report is not None and report.failed:
        SCREENSHOTS.mkdir(exist_ok=True)
        name = re.sub(r"[^\w.-]+", "_", request.node.name)
        for i, page in enumerate(v.context.pages):
            # The main area scrolls inside the viewport: grow the viewport to show it all.
            height = page.evaluate(FULL_HEIGHT)
            page.set_viewport_size({"width": rb.VIEWPORT["width"], "height": min(max(height, 600), 12_000)})
            page.screenshot(path=str(SCREENSHOTS / f"{name}_{i}.png"))
    v.context.close()
    if report is not None and report.passed:
        v.assert_offline()   # also for a test that does not check
