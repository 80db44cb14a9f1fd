"""Load test: concurrent browser sessions on the real app, loopback only.

Every session does the same fixed sequence: open the default page, then for
each page in the menu (app.py PAGES, in order) open it through the sidebar
and change the year. Sessions start one second apart (a meeting room opening
a shared link) and are bounded in number and in total time. Reported:
errors (exception elements, uncaught script errors, requests that leave the
machine, steps that time out; must be 0), p50/p95 of every page switch and
year change (ms, browser clock, see bench.drive), and the server's resident
memory before, at its peak and after the sessions closed.

With `--replicas N` the app runs as the shared deployment does
(scripts/serve.py: N replicas behind nginx) and memory is summed over the
replicas; `--publish` publishes a new store version halfway (as an import
would: every session moves to it on its next step), `--kill-one` kills one
replica halfway (its sessions reconnect to another).

    .venv/bin/python -m bench.load [--sessions 20] [--time-limit 1500] [--replicas 2 [--kill-one]] [--publish]
(also `python -m bench.run --load`)
"""
from __future__ import annotations

import argparse
import asyncio
import os
import tempfile
from contextlib import ExitStack
from pathlib import Path

from tests.helpers import browser as rb
from bench import drive
from bench.stats import summary
from loaders import versions
from scripts import serve

RAMP_S = 1.0
APP_STATE = """() => { const a = document.querySelector('[data-testid="stApp"]');
  return a && [a.getAttribute('data-test-connection-state'), a.getAttribute('data-test-script-state'),
               document.querySelectorAll('[data-testid="stException"]').length, location.href]; }"""
SETTLE_S = 5.0


async def _session(browser, server: rb.Server, pages: list[rb.AppPage], years: list[str], index: int) -> dict:
    await asyncio.sleep(index * RAMP_S)
    times, errors, tab, where = [], [], None, "opening the app"
    try:
        tab, _ = await drive.open_tab(browser, server.url)
        for page in pages[1:] + pages[:1]:
            where = f"{page.title}: opening"
            times.append(await drive.go_to(tab, page.title))
            for year in years:
                where = f"{page.title}: year {year}"
                times.append(await drive.choose(tab, "Jaar", year))
            if await tab.exceptions():
                errors.append(f"exception element on {page.title}")
    except Exception as exc:   # a timeout or a lost page is an error of this session, not of the test
        state = await tab.page.evaluate(APP_STATE) if tab else None
        errors.append(f"session {index}, {where}: {type(exc).__name__}: {str(exc).splitlines()[0]} (app: {state})")
    finally:
        if tab is not None:
            errors += [f"request off the machine: {u}" for u in tab.outside]
            errors += [f"script error: {e}" for e in tab.script_errors]
            await drive.close(tab)
    return {"times": times, "errors": errors}


async def _sample_rss(server: rb.Server, peak: list[float]) -> None:
    while True:
        peak[0] = max(peak[0], server.rss_mb())
        await asyncio.sleep(0.5)


async def run_load(browser, server: rb.Server, pages: list[rb.AppPage], sessions: int = 20,
                   time_limit: float = 1500, halfway=None) -> dict:
    """`sessions` concurrent sessions (server already warm); see module doc.
    `halfway()`, if given, runs once the last session started and the first
    has walked a while (a publish, a replica killed)."""
    probe, _ = await drive.open_tab(browser, server.url)
    years = (await drive.options(probe, "Jaar"))[-2:]   # the year before the default one, then back
    await drive.close(probe)
    await asyncio.sleep(SETTLE_S)
    before = server.rss_mb()
    peak = [before]
    sampler = asyncio.create_task(_sample_rss(server, peak))
    tasks = [asyncio.create_task(_session(browser, server, pages, years, i)) for i in range(sessions)]
    if halfway is not None:
        await asyncio.sleep(sessions * RAMP_S + 10)
        await asyncio.to_thread(halfway)
    done, pending = await asyncio.wait(tasks, timeout=time_limit)
    for task in pending:
        task.cancel()
    results = [t.result() for t in done]
    sampler.cancel()
    await asyncio.sleep(SETTLE_S)
    after = server.rss_mb()
    times = [t for r in results for t in r["times"]]
    errors = [e for r in results for e in r["errors"]] + ["session not finished within the time limit"] * len(pending)
    log = server.log_tail(6000)
    return {"sessions": sessions, "steps": len(times), "errors": len(errors), "error_messages": errors[:20],
            "server_log": log[log.find("Traceback"):] if errors and "Traceback" in log else "",
            **summary(times), "rss_before_mb": before, "rss_peak_mb": peak[0], "rss_after_mb": after,
            "rss_growth_mb": after - before}


async def _main(args: argparse.Namespace) -> dict:
    from playwright.async_api import async_playwright

    with tempfile.TemporaryDirectory() as tmp, ExitStack() as stack:
        db = rb.fresh_store(Path(tmp))
        if args.replicas:
            run = Path(tmp) / "run"
            run.mkdir()
            server = stack.enter_context(serve.Cluster(args.replicas, run=run, env={"REGIOMONITOR_DB": str(db)}))
        else:
            server = stack.enter_context(rb.Server(rb.APP, db, Path(tmp) / "streamlit.log"))

        def halfway() -> None:
            if args.publish:
                with versions.draft(db) as con:
                    con.execute("insert or replace into build_info values ('import_version', 'load test')")
            if args.kill_one:
                server.kill(0)

        async with async_playwright() as p:
            browser = await rb.launch(p.chromium)
            pages = rb.app_pages()
            # Warm the caches, as on a server that has been running (each new tab
            # gets its own cookie, so with replicas the tabs spread over them).
            for _ in range(max(1, args.replicas)):
                for page in pages:
                    tab, _ = await drive.open_tab(browser, server.page_url(page))
                    await drive.close(tab)
            result = await run_load(browser, server, pages, args.sessions, args.time_limit,
                                    halfway if args.publish or args.kill_one else None)
            await browser.close()
        result.update(replicas=args.replicas, cores=os.cpu_count(), published=args.publish, killed=args.kill_one)
    return result


def print_load(r: dict) -> None:
    print(f"Load test: {r['sessions']} concurrent sessions, {r['steps']} steps, {r['errors']} errors")
    print(f"  rerun (page switch and year change): p50 {r['median_ms']:.0f} ms, p95 {r['p95_ms']:.0f} ms")
    where = f"{r['replicas']} replicas behind nginx" if r.get("replicas") else "one process"
    print(f"  {where}, {r.get('cores', '?')} cores" + (", a new version published halfway" if r.get("published") else "")
          + (", one replica killed halfway" if r.get("killed") else ""))
    print(f"  server RSS (all replicas): {r['rss_before_mb']:.0f} MB before, peak {r['rss_peak_mb']:.0f} MB, "
          f"{r['rss_after_mb']:.0f} MB after (growth {r['rss_growth_mb']:+.0f} MB); "
          f"{(r['rss_peak_mb'] - r['rss_before_mb']) / r['sessions']:.0f} MB per session at the peak")
    for message in r["error_messages"]:
        print(f"  error: {message}")
    if r["server_log"]:
        print("  server log:\n" + r["server_log"])


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.load", description=__doc__.split("\n\n")[0])
    parser.add_argument("--sessions", type=int, default=20)
    parser.add_argument("--time-limit", type=float, default=1500, help="seconds for the whole test")
    parser.add_argument("--replicas", type=int, default=0, help="N replicas behind nginx (0: one process)")
    parser.add_argument("--publish", action="store_true", help="publish a new store version halfway")
    parser.add_argument("--kill-one", action="store_true", help="kill one replica halfway (with --replicas)")
    args = parser.parse_args(argv)
    print_load(asyncio.run(_main(args)))


if __name__ == "__main__":
    main()
