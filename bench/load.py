"""Load test: concurrent browser sessions on the real app, loopback only.

Every session does the same fixed sequence: open the default page, then for
each page in the menu (app.py PAGES, in order) open it through the sidebar
and change the year. Sessions start one second apart (a meeting room opening
a shared link) and are bounded in number and in total time. Reported:
errors (exception elements, uncaught script errors, requests that leave the
machine, steps that time out, a chosen year the sidebar or the link does not
show; must be 0), p50/p95 of every page switch and year change (ms, browser
clock, see bench.drive), the server's resident memory before, at its peak
and after the sessions closed, and the server's CPU time per step (its
processes' user + system time from /proc).

With `--replicas N` the app runs as the shared deployment does
(scripts/serve.py: N replicas behind nginx) and memory is summed over the
replicas; `--publish` publishes a new store version halfway (as an import
would: every session moves to it on its next step), `--kill-one` kills one
replica halfway (its sessions reconnect to another; "halfway": once every
session is connected and walking, so the killed replica holds about half
of them).

After the run it prints the capacity line for the README's deployment
section (`capacity`): sessions per replica per core, which counts as
capacity only with 0 errors and a p95 under 2 s; memory per session (peak
minus idle over the sessions); the load average at start and end (other
work on the machine slows every number). The browsers run on the same
cores as the server and take most of them, so the p95 counts far fewer
sessions per core than a server whose visitors' browsers are elsewhere: the
server's CPU per step gives that estimate (`server_sessions_per_core`, on
the assumptions named there), printed beside the measured capacity. Every number goes to
`bench/results/load-<time>.json`.

    .venv/bin/python -m bench.load [--sessions 20] [--time-limit 1500] [--replicas 2 [--kill-one]] [--publish]
(also `python -m bench.run --load`)
"""
from __future__ import annotations

import argparse
import asyncio
import json
import os
import tempfile
from contextlib import ExitStack
from datetime import datetime
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from tests.helpers import browser as rb
from bench import drive
from bench.stats import summary
from loaders import versions
from loaders.config import PROJECT_ROOT
from scripts import serve

RAMP_S = 1.0
HALFWAY_AFTER_S = 10.0   # the publish or kill: this long after every session took its first step
SETTLE_S = 5.0
# Counts the notice a session shows when it moved to a newly published version
# (ui.data.begin_run's toast; a toast goes after a few seconds, so it is caught as it is added).
NEW_DATA = "Nieuwe gegevens sinds"
COUNT_NEW_DATA = """() => { window.rmNewData = 0; new MutationObserver(records => { for (const r of records)
  for (const n of r.addedNodes) if ((n.textContent || '').includes('%s')) window.rmNewData += 1; })
  .observe(document.body, {childList: true, subtree: true}); }""" % NEW_DATA
# Counts the times the app lost its server (a replica killed): the frontend leaves CONNECTED, then reconnects
# through the proxy to another replica. (Playwright's "websocket" events counted none in a kill-one run.)
COUNT_DISCONNECTS = """() => { window.rmDisconnects = 0; const app = document.querySelector('[data-testid="stApp"]');
  new MutationObserver(records => { for (const r of records) if (r.oldValue === 'CONNECTED') window.rmDisconnects += 1; })
  .observe(app, {attributes: true, attributeOldValue: true, attributeFilter: ['data-test-connection-state']}); }"""
RESULTS = PROJECT_ROOT / "bench" / "results"
P95_LIMIT_MS = 2000   # the capacity counts the sessions a core serves with a p95 under this
# Assumptions of the server-alone estimate (`server_sessions_per_core`): a visitor takes a step (a page, a
# filter) every THINK_S seconds, and a core is kept at most BUSY busy, so that a step seldom waits for
# another (at half load a step waits on average as long as it runs, which keeps the p95 near twice a step).
THINK_S = 15.0
BUSY = 0.5
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


async def lost_choice(tab: drive.Tab, page: rb.AppPage, year: str) -> list[str]:
    """An error when the year just chosen is not what the sidebar shows or
    the link holds (a choice lost around a replica's death)."""
    shown = await rb.selectbox(tab.page, "Jaar").locator("input").input_value()
    linked = parse_qs(urlsplit(tab.page.url).query).get("jaar", [shown])
    if shown == linked[-1] == year:
        return []
    return [f"{page.title}: chose {year}, the sidebar shows {shown}, the link {linked[-1]}"]


async def _session(browser, server: rb.Server, pages: list[rb.AppPage], years: list[str], index: int,
                   published: asyncio.Event, walking: list[asyncio.Event]) -> dict:
    """One session's walk; it sets its `walking[index]` after its first
    step (connected, its page drawn); `published` is set once a new version
    was published: a session that took a step after it must have said so."""
    await asyncio.sleep(index * RAMP_S)
    times, errors, tab, where, stepped_after, reconnected = [], [], None, "opening the app", False, False
    try:
        tab, _ = await drive.open_tab(browser, server.url)
        await tab.page.evaluate(COUNT_DISCONNECTS)
        # Only a session whose first run ended before the publish read the old version and has news to tell
        # (on a busy machine a late session opens on the new one).
        saw_old = not published.is_set()
        await tab.page.evaluate(COUNT_NEW_DATA)
        for page in pages[1:] + pages[:1]:
            where = f"{page.title}: opening"
            times.append(await drive.go_to(tab, page.title))
            walking[index].set()
            for year in years:
                where = f"{page.title}: year {year}"
                began_after = published.is_set()
                times.append(await drive.choose(tab, "Jaar", year))
                stepped_after |= began_after
                errors += await lost_choice(tab, page, year)
            if await tab.exceptions():
                errors.append(f"exception element on {page.title}")
        if saw_old and stepped_after and not await tab.page.evaluate("window.rmNewData"):
            errors.append(f"session {index} stepped after the publish without the notice '{NEW_DATA}'")
    except drive.OpenFailed as exc:
        errors.append(f"session {index}, {where}: {exc}")
    except Exception as exc:   # a timeout or a lost page is an error of this session, not of the test
        state = await tab.page.evaluate(drive.APP_STATE) if tab else None
        errors.append(f"session {index}, {where}: {type(exc).__name__}: {str(exc).splitlines()[0]} (app: {state})")
    finally:
        walking[index].set()   # a session that failed no longer holds the halfway step back
        if tab is not None:
            try:
                reconnected = bool(await tab.page.evaluate("() => window.rmDisconnects || 0"))
            except Exception as exc:   # a lost page: its error is already counted
                errors.append(f"session {index}: reconnections not read ({type(exc).__name__})")
            errors += [f"request off the machine: {u}" for u in tab.outside]
            errors += [f"script error: {e}" for e in tab.script_errors]
            await drive.close(tab)
    return {"times": times, "errors": errors, "reconnected": reconnected, "redone": tab.redone if tab else 0}


def cpu_s(pid: int) -> float:
    """User + system CPU seconds of process `pid` so far (0 when it is gone)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except FileNotFoundError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / CLOCK_TICKS   # utime, stime: fields 14 and 15 of stat(5)


def server_sessions_per_core(cpu_ms_per_step: float) -> float:
    """Sessions one core serves when the visitors' browsers run elsewhere:
    a core's busy share (BUSY) over what a session asks of it (one step of
    `cpu_ms_per_step` every THINK_S seconds). An estimate on those
    assumptions, not a measurement."""
    return BUSY * THINK_S * 1000 / cpu_ms_per_step if cpu_ms_per_step > 0 else float("nan")


def _per_replica(server) -> dict[int, float]:
    """Resident memory of each live replica by process id (one process: itself)."""
    if hasattr(server, "replica_rss_mb"):
        return dict(zip(server.pids(), server.replica_rss_mb()))
    return {server.proc.pid: server.rss_mb()}


async def _sample(server: rb.Server, peak: list[float], replica_peaks: dict[int, float],
                  cpu: dict[int, float]) -> None:
    """Every half second: the peak memory (all replicas, each replica) and
    each process's CPU time so far (kept after a replica dies: its last sample)."""
    while True:
        each = _per_replica(server)
        peak[0] = max(peak[0], sum(each.values()))
        for pid, mb in each.items():   # a replica restarted after a kill is another process
            replica_peaks[pid] = max(replica_peaks.get(pid, 0.0), mb)
            cpu[pid] = max(cpu.get(pid, 0.0), cpu_s(pid))
        await asyncio.sleep(0.5)


async def run_load(browser, server: rb.Server, pages: list[rb.AppPage], sessions: int = 20,
                   time_limit: float = 1500, halfway=None) -> dict:
    """`sessions` concurrent sessions (server already warm); see module doc.
    `halfway()`, if given, runs `HALFWAY_AFTER_S` after every session took
    its first step (a publish, a replica killed); when it returns True
    (it published a version), every session that takes a step after it
    must show the notice of new data."""
    probe, _ = await drive.open_tab(browser, server.url)
    years = (await drive.options(probe, "Jaar"))[-2:]   # the year before the default one, then back
    await drive.close(probe)
    await asyncio.sleep(SETTLE_S)
    before = server.rss_mb()
    peak, replica_peaks = [before], _per_replica(server)
    cpu_before = {pid: cpu_s(pid) for pid in replica_peaks}
    cpu = dict(cpu_before)
    sampler = asyncio.create_task(_sample(server, peak, replica_peaks, cpu))
    published, walking = asyncio.Event(), [asyncio.Event() for _ in range(sessions)]
    tasks = [asyncio.create_task(_session(browser, server, pages, years, i, published, walking))
             for i in range(sessions)]
    if halfway is not None:
        # Once every session is connected and has drawn a page (a replica killed earlier, while most tabs were
        # still opening, left them nothing to reconnect: 1 of 20 did), and a few steps later.
        await asyncio.gather(*(w.wait() for w in walking))
        await asyncio.sleep(HALFWAY_AFTER_S)
        if await asyncio.to_thread(halfway):
            published.set()
    done, pending = await asyncio.wait(tasks, timeout=time_limit)
    for task in pending:
        task.cancel()
    results = [t.result() for t in done]
    sampler.cancel()
    for pid in _per_replica(server):
        cpu[pid] = max(cpu.get(pid, 0.0), cpu_s(pid))
    server_cpu_s = sum(cpu.values()) - sum(cpu_before.values())
    await asyncio.sleep(SETTLE_S)
    after = server.rss_mb()
    times = [t for r in results for t in r["times"]]
    errors = [e for r in results for e in r["errors"]] + ["session not finished within the time limit"] * len(pending)
    log = server.log_tail(6000)
    return {"sessions": sessions, "steps": len(times), "errors": len(errors), "error_messages": errors[:20],
            "reconnected": sum(r["reconnected"] for r in results), "redone": sum(r["redone"] for r in results),
            "server_log": log[log.find("Traceback"):] if errors and "Traceback" in log else "",
            **summary(times), "rss_before_mb": before, "rss_peak_mb": peak[0], "rss_after_mb": after,
            "rss_peak_per_replica_mb": list(replica_peaks.values()),
            "rss_growth_mb": after - before, "server_cpu_s": server_cpu_s,
            "server_cpu_ms_per_step": server_cpu_s * 1000 / len(times) if times else float("nan")}


async def _main(args: argparse.Namespace) -> dict:
    from playwright.async_api import Error as PlaywrightError, async_playwright

    started, load_start = datetime.now(), os.getloadavg()
    with tempfile.TemporaryDirectory() as tmp, ExitStack() as stack:
        db = rb.fresh_store(Path(tmp))
        if args.replicas:
            run = Path(tmp) / "run"
            run.mkdir()
            server = stack.enter_context(serve.Cluster(args.replicas, run=run, env={"REGIOMONITOR_DB": str(db)}))
        else:
            server = stack.enter_context(rb.Server(rb.APP, db, Path(tmp) / "streamlit.log"))

        def halfway() -> bool:
            if args.kill_one:
                server.kill(0)
            if args.publish:
                with versions.draft(db) as con:
                    con.execute("insert or replace into build_info values ('import_version', 'load test')")
            # A session whose replica was killed starts anew on another, with no notice to give.
            return args.publish and not args.kill_one

        async with async_playwright() as p:
            browser = await rb.launch(p.chromium)
            pages = rb.app_pages()
            # Warm the caches, as on a server that has been running (each new tab
            # gets its own cookie, so with replicas the tabs spread over them).
            # A page that does not warm in time (a busy machine) is reported, and the load test still runs.
            warming = []
            for _ in range(max(1, args.replicas)):
                for page in pages:
                    try:
                        tab, _ = await drive.open_tab(browser, server.page_url(page))
                        await drive.close(tab)
                    except PlaywrightError as exc:
                        warming.append(f"warming {page.title}: {type(exc).__name__}: {str(exc).splitlines()[0]}")
            result = await run_load(browser, server, pages, args.sessions, args.time_limit,
                                    halfway if args.publish or args.kill_one else None)
            await browser.close()
        result["warming_errors"] = warming
    return described(result, started, load_start, replicas=args.replicas, published=args.publish,
                     killed=args.kill_one)


def described(result: dict, started: datetime, load_start: tuple[float, ...], replicas: int = 0,
              published: bool = False, killed: bool = False) -> dict:
    """`run_load`'s result with how and when it ran and its `capacity`:
    what `capacity_lines` prints (bench.load, bench.run --load)."""
    result = result | {"replicas": replicas, "cores": os.cpu_count(), "published": published, "killed": killed,
                       "started": started.isoformat(timespec="seconds"), "load_average_start": load_start,
                       "load_average_end": os.getloadavg()}
    return result | capacity(result)


def capacity(r: dict) -> dict:
    """The run as capacity: the machine's cores shared by its replicas (one
    process: all of them), so sessions per replica per core is sessions over
    cores whatever the number of replicas. It holds only with 0 errors and
    a p95 under 2 s; otherwise this many sessions per core is too many."""
    return {"sessions_per_replica_per_core": r["sessions"] / r["cores"],
            "memory_per_session_mb": (r["rss_peak_mb"] - r["rss_before_mb"]) / r["sessions"],
            "within_p95_limit": r["errors"] == 0 and r["p95_ms"] < P95_LIMIT_MS,
            "server_sessions_per_core": server_sessions_per_core(r["server_cpu_ms_per_step"])}


def mode(r: dict) -> str:
    return (f"{r['replicas']} replicas behind nginx" if r.get("replicas") else "one process") \
        + (", a new version published halfway" if r.get("published") else "") \
        + (", one replica killed halfway" if r.get("killed") else "")


def load_text(r: dict) -> str:
    return "/".join(f"{x:.1f}" for x in r["load_average_start"]) + " → " \
        + "/".join(f"{x:.1f}" for x in r["load_average_end"])


def capacity_row(r: dict) -> str:
    """One row of the README's capacity table (Markdown)."""
    held = "yes" if r["within_p95_limit"] else "no: too many"
    return (f"| {mode(r)} | {r['sessions']} | {r['cores']} | {r['errors']} | {r['median_ms']:.0f} | "
            f"{r['p95_ms']:.0f} | {r['sessions_per_replica_per_core']:.1f} ({held}) | "
            f"{r['memory_per_session_mb']:.0f} | {r['rss_before_mb']:.0f} / {r['rss_peak_mb']:.0f} | "
            f"{r['server_cpu_ms_per_step']:.0f} | {r['server_sessions_per_core']:.0f} | "
            f"{load_text(r)} | {r['started'][:16].replace('T', ' ')} |")


CAPACITY_HEADER = ("| Mode | Sessions | Cores | Errors | p50 ms | p95 ms | Sessions per replica per core "
                   "(p95 < 2 s, 0 errors?) | MB per session | RSS idle / peak MB | Server CPU ms per step | "
                   "Sessions per core, server alone (estimate) | Load average 1/5/15 min, start → end | "
                   "Measured at |\n|---|---|---|---|---|---|---|---|---|---|---|---|---|")


def capacity_lines(r: dict) -> list[str]:
    """The README's capacity table's header and the row of the run `r` (a `described` result)."""
    return ["", "For the README's capacity table:", CAPACITY_HEADER, capacity_row(r)]


def write(r: dict) -> Path:
    RESULTS.mkdir(parents=True, exist_ok=True)
    path = RESULTS / f"load-{r['started'].replace(':', '').replace('-', '')}.json"
    path.write_text(json.dumps(r, indent=1, default=str), encoding="utf-8")
    return path


def print_load(r: dict) -> None:
    print(f"Load test: {r['sessions']} concurrent sessions, {r['steps']} steps, {r['errors']} errors"
          + (f", {r['reconnected']} sessions reconnected, {r.get('redone', 0)} steps redone (their input fell in"
             " the reconnect)" if r.get("killed") else ""))
    print(f"  rerun (page switch and year change): p50 {r['median_ms']:.0f} ms, p95 {r['p95_ms']:.0f} ms")
    print(f"  {mode(r)}, {r.get('cores', '?')} cores")
    print(f"  server RSS (all replicas): {r['rss_before_mb']:.0f} MB before, peak {r['rss_peak_mb']:.0f} MB, "
          f"{r['rss_after_mb']:.0f} MB after (growth {r['rss_growth_mb']:+.0f} MB); peak per replica "
          + ", ".join(f"{mb:.0f}" for mb in r["rss_peak_per_replica_mb"]) + " MB")
    print(f"  capacity: {r['sessions_per_replica_per_core']:.1f} sessions per replica per core "
          + ("at a p95 under 2 s with 0 errors" if r["within_p95_limit"] else
             f"is too many (p95 {r['p95_ms'] / 1000:.1f} s, {r['errors']} errors): run fewer")
          + f"; {r['memory_per_session_mb']:.0f} MB per session (peak - idle); load average {load_text(r)}")
    print(f"  server CPU: {r['server_cpu_s']:.1f} s over {r['steps']} steps, {r['server_cpu_ms_per_step']:.0f} ms "
          f"per step; with the browsers elsewhere a core would serve about {r['server_sessions_per_core']:.0f} "
          f"sessions (estimate: a step every {THINK_S:.0f} s per visitor, cores at most {BUSY:.0%} busy)")
    for message in r["error_messages"]:
        print(f"  error: {message}")
    for message in r.get("warming_errors", []):
        print(f"  before the test (not counted): {message}")
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
    result = asyncio.run(_main(args))
    print_load(result)
    print("\n".join(capacity_lines(result)))
    print(f"\nJSON: {write(result).relative_to(PROJECT_ROOT)}")


if __name__ == "__main__":
    main()
