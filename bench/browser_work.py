"""The browser's side of a page rerun after a change of the sidebar year
(issue 14): what Chromium's main thread does for it, from a trace.

`bench.run` times a rerun in wall-clock milliseconds, which another program
on the two cores inflates (the same page measured 690 and 1.010 ms in runs
minutes apart). This counts what a change costs the browser instead: the
main thread's CPU time of its tasks (trace `tdur`, thread time, which a busy
machine changes far less), the part of it in React's work (`MessagePort`
tasks: rendering and the charts' drawing in effects), the elements whose
style was computed again and the layout objects laid out again (counts, not
times: the same on a busy machine). Each year is visited once, after one
warm-up change. Compare two versions of the code by running this in both,
one after the other.

    .venv/bin/python -m bench.browser_work [page title ...] [--region beide] [--years 2023 2022 2021] [--warm 2025]
"""
from __future__ import annotations

import argparse
import asyncio
import json
import tempfile
from collections import Counter
from pathlib import Path

from playwright.async_api import async_playwright

from bench import drive
from tests.helpers import browser as rb

PAGES = ["Overzicht", "Werkzaamheid", "Kansengroepen", "Vacatures", "Budgetten", "Trajecten", "Gemeentefiche",
         "Regie", "Beheer"]
CATEGORIES = ["devtools.timeline", "disabled-by-default-devtools.timeline", "blink", "v8.execute"]


def main_thread(events: list[dict]) -> tuple[int, int]:
    """The (pid, tid) of the busiest renderer main thread: the page's."""
    names = {(e["pid"], e["tid"]): e["args"]["name"] for e in events if e.get("name") == "thread_name"}
    busy = Counter((e.get("pid"), e.get("tid")) for e in events if e.get("ph") == "X")
    return max((k for k, v in names.items() if v == "CrRendererMain"), key=lambda k: busy[k])


def summary(events: list[dict], changes: int) -> dict[str, float]:
    """Per change: CPU ms of the main thread's tasks and of React's, style
    elements and layout objects."""
    thread = main_thread(events)
    mine = [e for e in events if (e.get("pid"), e.get("tid")) == thread and e.get("ph") == "X"]

    def cpu(name: str) -> float:
        return sum(e.get("tdur", 0) for e in mine if e["name"] == name) / 1000 / changes

    return {"task_cpu_ms": cpu("RunTask"), "react_cpu_ms": cpu("MessagePort::Accept"),
            "style_elements": sum(e.get("args", {}).get("elementCount", 0) for e in mine
                                  if e["name"] == "UpdateLayoutTree") / changes,
            "layout_objects": sum((e.get("args", {}).get("beginData") or {}).get("dirtyObjects", 0) for e in mine
                                  if e["name"] == "Layout") / changes}


async def measure(titles: list[str], region: str, years: list[str], warm: str) -> dict[str, dict[str, float]]:
    out = {}
    with rb.Server(rb.APP, None, Path(tempfile.mkdtemp()) / "log") as server:
        async with async_playwright() as p:
            browser = await p.chromium.launch(executable_path=str(rb.CHROMIUM), args=rb.CHROMIUM_ARGS)
            for title in titles:
                tab, _ = await drive.open_tab(browser, f"{server.url}?regio={region}")
                if title != "Overzicht":
                    await drive.go_to(tab, title)
                await rb.charts_drawn(tab.page)
                await drive.choose(tab, "Jaar", warm)   # warm-up: the first change draws the dropdown's first time
                await rb.charts_drawn(tab.page)
                await browser.start_tracing(page=tab.page, categories=CATEGORIES)
                for year in years:
                    await drive.choose(tab, "Jaar", year)
                    await rb.charts_drawn(tab.page)
                out[title] = summary(json.loads(await browser.stop_tracing())["traceEvents"], len(years))
                await drive.close(tab)
            await browser.close()
    return out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("pages", nargs="*", default=PAGES)
    parser.add_argument("--region", default="beide")
    parser.add_argument("--years", nargs="+", default=["2023", "2022", "2021"])
    parser.add_argument("--warm", default="2025", help="the warm-up change's year")
    args = parser.parse_args()
    for title, s in asyncio.run(measure(args.pages, args.region, args.years, args.warm)).items():
        print(f"{title:14} per year change: main thread {s['task_cpu_ms']:5.0f} ms CPU (React {s['react_cpu_ms']:4.0f}),"
              f" style {s['style_elements']:6.0f} elements, layout {s['layout_objects']:6.0f} objects", flush=True)


if __name__ == "__main__":
    main()
