"""What a new session's first visit of a page costs, in CPU: the server's
(its process, HTTP and WebSocket included) and the browser main thread's
(trace `tdur` of its tasks), from opening the link until the run is done
and every chart drawn. CPU time, which a busy machine inflates far less
than `bench.run`'s wall-clock first render; each visit in a fresh browser
context (nothing cached), after one warm-up visit (the server's caches).
Compare two versions of the code by running this in both, one after the
other.

    .venv/bin/python -m bench.first_visit [page title ...] [--visits 4] [--region beide]
"""
from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import tempfile
from pathlib import Path

from playwright.async_api import async_playwright

from bench import drive
from bench.browser_work import CATEGORIES, PAGES, main_thread
from bench.load import cpu_s
from tests.helpers import browser as rb


async def measure(titles: list[str], visits: int, region: str) -> dict[str, dict[str, float]]:
    out = {}
    with rb.Server(rb.APP, None, Path(tempfile.mkdtemp()) / "log") as server:
        pages = {p.title: p for p in rb.app_pages()}
        async with async_playwright() as p:
            browser = await p.chromium.launch(executable_path=str(rb.CHROMIUM), args=rb.CHROMIUM_ARGS)
            for title in titles:
                url = server.page_url(pages[title], f"regio={region}")
                server_ms, browser_ms = [], []
                for visit in range(visits + 1):   # the first warms the server's caches
                    context = await browser.new_context(viewport=rb.VIEWPORT, locale="nl-BE")
                    await context.add_init_script(rb.PROBE)
                    page = await context.new_page()
                    await browser.start_tracing(page=page, categories=CATEGORIES)
                    before = cpu_s(server.proc.pid)
                    await page.goto(url)
                    await rb.run_done(page)
                    await rb.charts_drawn(page)
                    after = cpu_s(server.proc.pid)
                    events = json.loads(await browser.stop_tracing())["traceEvents"]
                    thread = main_thread(events)
                    if visit:
                        server_ms.append(1000 * (after - before))
                        browser_ms.append(sum(e.get("tdur", 0) for e in events if (e.get("pid"), e.get("tid")) == thread
                                              and e.get("name") == "RunTask") / 1000)
                    await context.close()
                out[title] = {"server_cpu_ms": statistics.median(server_ms), "browser_cpu_ms": statistics.median(browser_ms)}
            await browser.close()
    return out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("pages", nargs="*", default=PAGES)
    parser.add_argument("--visits", type=int, default=4)
    parser.add_argument("--region", default="beide")
    args = parser.parse_args()
    for title, s in asyncio.run(measure(args.pages, args.visits, args.region)).items():
        print(f"{title:14} first visit, medians of {args.visits}: server {s['server_cpu_ms']:5.0f} ms CPU,"
              f" browser main thread {s['browser_cpu_ms']:5.0f} ms CPU", flush=True)


if __name__ == "__main__":
    main()
