"""Sessions on the real app for the benchmarks (Playwright async API, so many
sessions can run at once from one browser). Each `Tab` is its own browser
context, i.e. a fresh Streamlit session with an empty browser cache.

Times come from the browser's clock (`performance.now()`, see
`tests.helpers.browser.PROBE`):
- first render: navigation start until the first script run is over and every
  chart in the main area shows data;
- rerun: the user's input (pointer release on the option) until the
  server's "script finished" message arrives, which is what turns the script
  state to `notRunning` (the server's work plus the round trip; the drawing
  afterwards is not included).

A step waits until the app is connected, as a user waits while Streamlit
shows it reconnecting (its widgets are disabled meanwhile). A step whose
input fell in the second a replica's death took the connection away (the
load test's `--kill-one`: the tab's disconnect count went up during the
step, and the step timed out) is redone once and counted (`Tab.redone`).
"""
from __future__ import annotations

from dataclasses import dataclass, field

from playwright.async_api import TimeoutError as PlaywrightTimeout

from tests.helpers import browser as rb


# Where a session stands: the app's connection and script state, its exception elements, its address.
APP_STATE = """() => { const a = document.querySelector('[data-testid="stApp"]');
  return a && [a.getAttribute('data-test-connection-state'), a.getAttribute('data-test-script-state'),
               document.querySelectorAll('[data-testid="stException"]').length, location.href]; }"""


CONNECTED = """() => document.querySelector('[data-testid="stApp"]')
  ?.getAttribute('data-test-connection-state') === 'CONNECTED'"""
# The times the tab lost its server (bench.load sets up the count; 0 elsewhere).
DISCONNECTS = "() => window.rmDisconnects || 0"


class OpenFailed(Exception):
    """A session that did not finish opening, with where its page stood."""


@dataclass
class Tab:
    context: object
    page: object
    ws_bytes: int = 0
    http_bytes: int = 0      # over HTTP until the first render was complete
    outside: list[str] = field(default_factory=list)
    script_errors: list[str] = field(default_factory=list)
    redone: int = 0          # steps redone after their input fell in a reconnect (see the module doc)

    def exceptions(self):
        return self.page.get_by_test_id("stException").count()


async def open_tab(browser, url: str) -> tuple[Tab, float]:
    """A new session on `url`; returns it and its first-render time (ms)."""
    context = await browser.new_context(viewport=rb.VIEWPORT, locale="nl-BE")
    context.set_default_timeout(rb.TIMEOUT_MS)
    await context.add_init_script(rb.PROBE)
    page = await context.new_page()
    tab = Tab(context, page)
    context.on("request", lambda r: None if rb.is_loopback(r.url) else tab.outside.append(r.url))
    page.on("pageerror", lambda exc: tab.script_errors.append(str(exc)))
    page.on("websocket", lambda ws: ws.on("framereceived", lambda frame: _count(tab, frame)))
    try:
        await page.goto(url)
        await rb.run_done(page)
        drawn = await (await rb.charts_drawn(page)).json_value()
        tab.http_bytes = await page.evaluate(rb.HTTP_BYTES)
    except Exception as exc:   # a timeout: the session is given up, its browser context with it
        try:   # stuck (not connected, a run that never ended) or slow?
            state = await page.evaluate(APP_STATE)
        except Exception as lost:   # the page itself is gone
            state = f"{type(lost).__name__}"
        await context.close()
        raise OpenFailed(f"{type(exc).__name__}: {str(exc).splitlines()[0]} (app: {state})") from exc
    return tab, drawn


def _count(tab: Tab, frame: bytes | str) -> None:
    tab.ws_bytes += len(frame.encode() if isinstance(frame, str) else frame)


async def _timed(tab: Tab, action) -> float:
    """Run `action` (a coroutine function doing the user's input) once the
    app is connected and return the ms from the last input to the end of the
    rerun it caused; redone once when the connection went away during it."""
    for attempt in (1, 2):
        await tab.page.wait_for_function(CONNECTED, polling="raf")
        lost, since = await tab.page.evaluate(DISCONNECTS), await tab.page.evaluate(rb.NOW)
        try:
            await action()
            end = await (await rb.run_done(tab.page, since)).json_value()
            return end - await tab.page.evaluate(rb.LAST_INPUT)
        except PlaywrightTimeout:
            if attempt == 2 or await tab.page.evaluate(DISCONNECTS) == lost:
                raise
            tab.redone += 1
            await tab.page.keyboard.press("Escape")   # a list the lost input left open


async def choose(tab: Tab, label: str, option: str) -> float:
    """Pick `option` in the selectbox `label` (the sidebar's, else the
    page's own), typing it first so that it is in the dropdown's drawn part
    (long lists are drawn as they scroll); ms of the rerun."""
    async def pick():
        await rb.selectbox(tab.page, label).click()
        await tab.page.keyboard.type(option)
        await tab.page.get_by_role("option", name=option, exact=True).click()
    return await _timed(tab, pick)


async def go_to(tab: Tab, title: str) -> float:
    """Open a page through the sidebar menu; ms of its run."""
    link = tab.page.get_by_test_id("stSidebarNav").get_by_role("link", name=title, exact=True)
    return await _timed(tab, link.click)


async def options(tab: Tab, label: str) -> list[str]:
    """The options of the selectbox `label` (as `choose` finds it) that the
    open dropdown draws, as shown."""
    await rb.selectbox(tab.page, label).click()
    shown = await tab.page.get_by_role("option").all_inner_texts()
    await tab.page.keyboard.press("Escape")
    return shown


async def close(tab: Tab) -> None:
    await tab.context.close()
