"""The server's CPU per year change on a real server, fresh and after it
served other sessions (issue 14: Beheer, the shell alone, reran in 246 ms in
a `bench.run` but in 167 ms on a fresh server).

`bench.year_change` runs the script in AppTest, which leaves out what the
server does around a run; this starts `streamlit run app.py` (as
`bench.run` does), changes the sidebar's year in Chromium and reads the
server process's CPU time (user + system, `/proc/<pid>/stat`) before the
change and after its "script finished" message (plus a short settle):
medians per change of a page, on the fresh server, then after `--sessions`
first visits of every page (each a new session, closed again), as a
benchmark run leaves a server. `--post-script-gc` runs the server with
Streamlit's full garbage collection after every run (`runner.postScriptGC`,
its default; `.streamlit/config.toml` switches it off): the numbers before
that change.

    .venv/bin/python -m bench.server_cpu [page title] [--sessions 40] [--changes 8] [--post-script-gc]
"""
from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import tempfile
from pathlib import Path

from playwright.async_api import async_playwright

from bench import drive
from tests.helpers import browser as rb

SETTLE_S = 0.3   # after the finished message: what the server still does for the run


def cpu_s(pid: int) -> float:
    """User + system CPU seconds of process `pid` (its threads, ended ones included)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


async def changes(browser, server: rb.Server, page: rb.AppPage, count: int) -> tuple[float, float]:
    """Median server CPU and wall-clock ms of `count` year changes on `page` (regio=beide)."""
    tab, _ = await drive.open_tab(browser, server.page_url(page, "regio=beide"))
    await asyncio.sleep(SETTLE_S)
    shown = await rb.selectbox(tab.page, "Jaar").locator("input").input_value()
    years = [y for y in reversed(await drive.options(tab, "Jaar")) if y != shown][:count]
    cpu, wall = [], []
    for year in years:
        await asyncio.sleep(SETTLE_S)
        before = cpu_s(server.proc.pid)
        wall.append(await drive.choose(tab, "Jaar", year))
        await asyncio.sleep(SETTLE_S)
        cpu.append((cpu_s(server.proc.pid) - before) * 1000)
    await drive.close(tab)
    return statistics.median(cpu), statistics.median(wall)


async def measure(title: str, sessions: int, count: int) -> None:
    pages = rb.app_pages()
    page = next(p for p in pages if p.title == title)
    with rb.Server(rb.APP, None, Path(tempfile.mkdtemp()) / "log") as server:
        async with async_playwright() as p:
            browser = await rb.launch(p.chromium)
            await changes(browser, server, page, count)   # warm-up: the first session's caches
            for label in ("fresh server", f"after {sessions} sessions"):
                if label != "fresh server":
                    for i in range(sessions):
                        tab, _ = await drive.open_tab(browser, server.page_url(pages[i % len(pages)]))
                        await drive.close(tab)
                cpu, wall = await changes(browser, server, page, count)
                print(f"{title} year change, {label:18}: server {cpu:4.0f} ms CPU, rerun {wall:4.0f} ms wall "
                      f"(median of {count}; RSS {server.rss_mb():.0f} MB, load {os.getloadavg()[0]:.1f})", flush=True)
            await browser.close()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("page", nargs="?", default="Beheer")
    parser.add_argument("--sessions", type=int, default=40)
    parser.add_argument("--changes", type=int, default=8)
    parser.add_argument("--post-script-gc", action="store_true",
                        help="Streamlit's full garbage collection after every run (as before)")
    args = parser.parse_args()
    if args.post_script_gc:
        os.environ["STREAMLIT_RUNNER_POST_SCRIPT_GC"] = "true"   # the server inherits it; beats config.toml
    asyncio.run(measure(args.page, args.sessions, args.changes))


if __name__ == "__main__":
    main()
