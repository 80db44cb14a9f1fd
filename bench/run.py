"""Every performance number of the dashboard in one command, printed as a
table beside its budget and written as JSON to bench/results/.

    .venv/bin/python -m bench.run            # everything (about 15-25 minutes on 2 cores)
    .venv/bin/python -m bench.run --quick    # fewer repetitions, 1M rows only, no load test
    .venv/bin/python -m bench.run --load     # only the load test, in this table and JSON, with the capacity row bench.load prints

What and how:
- A store is built from the reference files in a temporary directory; the app
  (`streamlit run app.py`) and a one-line Streamlit app are started the same
  way (headless, free loopback port, project root as working directory so the
  same .streamlit/config.toml applies) and driven in Debian's Chromium.
- First render: a fresh browser context (new session, empty cache) per visit,
  navigation start until the first run is over and every chart in the main
  area shows data; median of `--visits` after one warm-up visit per page (the
  cold time is kept too). The same for the one-line app (a title and a year
  selectbox); the ratio is our overhead over the framework's floor.
- Bytes to the browser: websocket frames received during that first load
  (the budget), and beside it what came over HTTP (scripts, styles).
- Rerun: in the real browser, from the input event (choosing another year in
  the sidebar) to the arrival of the server's "script finished" message
  (what turns the script state to `notRunning`): the server's run plus the
  round trip, not the drawing afterwards. The years are those a user steps
  back through, the default's predecessors newest first (`rerun_years`).
  Each is visited once, so each is the first time for that page; at 30
  municipalities (`regio=beide`) and at all Flemish municipalities
  (`regio=vlaanderen`).
  The one-line app's rerun is the framework's floor.
- Server memory: resident set of the streamlit process (/proc), idle and with
  10 sessions open at once; the load test (bench/load.py) with 20.
- DuckDB against pandas (bench/aggregations.py); the map geometry each map
  page sends at 30 municipalities and at Flanders (bench/werkzaamheid.py);
  the queries of every page that shows trajectories at 1,000,000 synthetic
  trajectories against 200 ms per page (bench/trajectories_scale.py); and
  the numbers of the other benchmark modules when they are present.
"""
from __future__ import annotations

import argparse
import asyncio
import importlib
import json
import math
import os
import platform
import tempfile
import time
from datetime import datetime
from pathlib import Path

import streamlit

from bench import aggregations, drive, load
from tests.helpers import browser as rb
from bench.stats import summary
from loaders.config import PROJECT_ROOT

RESULTS = load.RESULTS
BASELINE_APP = ('import streamlit as st; st.title("Regiomonitor Werk"); '
                'st.sidebar.selectbox("Jaar", ["2014", "2015"])\n')
SCALES = {"beide": "30 municipalities", "vlaanderen": "Flanders"}
BUDGETS = {
    "rerun_median_ms": {"beide": 250, "vlaanderen": 600},
    "first_render_ratio": 2.0,
    "first_load_mb": 2.0,
    "load_errors": 0,
    "rss_growth_mb_per_20_sessions": 100,
}
CONCURRENT = 10
SETTLE_S = 3.0
# Other modules' numbers, included when the module exists: (label, module, function, kwargs, lines), where
# `lines` names the module's function that turns the numbers into report lines (None: printed as JSON). A
# module's numbers may name missed budgets under "missed".
OPTIONAL = [
    ("map geometry per map page", "bench.werkzaamheid", "geometry_sizes", {}, "geometry_report"),
    ("queries of the trajectory pages at 1,000,000 trajectories", "bench.trajectories_scale", "run", {}, "report"),
    ("import of an official export", "bench.import_speed", "measure", {}, None),
    ("Gemeentefiche data, figures, page run and report", "bench.gemeentefiche", "measure", {}, None),
]


async def first_renders(browser, app: rb.Server, base: rb.Server, pages: list[rb.AppPage], visits: int) -> dict:
    async def visit(url: str) -> dict:
        try:
            tab, ms = await drive.open_tab(browser, url)
        except Exception as exc:   # a page that never finishes is reported, the others still measured
            return {"ms": math.nan, "ws_bytes": 0, "http_bytes": 0, "exceptions": 0, "outside": [],
                    "script_errors": [f"did not finish: {type(exc).__name__}"]}
        await asyncio.sleep(0.5)   # frames that follow the run's end
        row = {"ms": ms, "ws_bytes": tab.ws_bytes, "http_bytes": tab.http_bytes, "exceptions": await tab.exceptions(),
               "outside": list(tab.outside), "script_errors": list(tab.script_errors)}
        await drive.close(tab)
        return row

    out = {"baseline": {"cold_ms": (await visit(base.url))["ms"]}, "pages": {}}
    warm = [await visit(base.url) for _ in range(visits)]
    out["baseline"].update(ms=[v["ms"] for v in warm], http_bytes=max(v["http_bytes"] for v in warm),
                           ws_bytes=max(v["ws_bytes"] for v in warm), **summary([v["ms"] for v in warm]))
    for page in pages:
        cold = await visit(app.page_url(page))
        warm = [await visit(app.page_url(page)) for _ in range(visits)]
        out["pages"][page.slug] = {
            "title": page.title, "cold_ms": cold["ms"], "ms": [v["ms"] for v in warm],
            **summary([v["ms"] for v in warm]),
            "ws_bytes": max(v["ws_bytes"] for v in [cold, *warm]),
            "http_bytes": max(v["http_bytes"] for v in warm),
            "problems": sorted({p for v in [cold, *warm] for p in _problems(v)}),
        }
    return out


def _problems(visit: dict) -> list[str]:
    return ([f"{visit['exceptions']} exception element(s)"] if visit["exceptions"] else []) \
        + [f"request off the machine: {u}" for u in visit["outside"]] \
        + [f"script error: {e}" for e in visit["script_errors"]]


def rerun_years(selected: str, count: int) -> list[str]:
    """The `count` years before `selected`, newest first: a policymaker steps
    back from the default year. Not read from the dropdown: it draws only the
    options in view (a virtual list), and its last drawn ones were the oldest
    years (1997-2000 until 07/12), before any series but population: reruns
    of a page that shows little, unlike the years anyone asks for."""
    return [str(int(selected) - k) for k in range(1, count + 1)]


async def reruns(browser, app: rb.Server, pages: list[rb.AppPage], region: str, count: int) -> dict:
    out = {}
    for page in pages:
        tab, times = None, []
        try:
            tab, first_ms = await drive.open_tab(browser, app.page_url(page, f"regio={region}"))
            await asyncio.sleep(0.5)   # frames that follow the run's end
            first_bytes = tab.ws_bytes
            selected = await rb.selectbox(tab.page, "Jaar").locator("input").input_value()
            for value in rerun_years(selected, count):
                times.append(await drive.choose(tab, "Jaar", value))
            out[page.slug] = {"title": page.title, "filter": "Jaar", "first_render_ms": first_ms, "ws_bytes": first_bytes,
                              "ms": times, **summary(times), "exceptions": await tab.exceptions()}
        except Exception as exc:   # reported beside the others' numbers
            out[page.slug] = {"title": page.title, "ws_bytes": 0, "ms": times,
                              **summary(times), "failed": f"{type(exc).__name__}: {str(exc).splitlines()[0]}"}
        if tab:
            await drive.close(tab)
    return out


async def rerun_floor(browser, base: rb.Server, count: int) -> dict:
    """Reruns of the one-line app: the framework's floor for a rerun."""
    tab, _ = await drive.open_tab(browser, base.url)
    years = await drive.options(tab, "Jaar")
    times = [await drive.choose(tab, "Jaar", years[(i + 1) % 2]) for i in range(count)]   # starts on years[0]
    await drive.close(tab)
    return {"ms": times, **summary(times)}


async def memory(browser, app: rb.Server, pages: list[rb.AppPage]) -> dict:
    await asyncio.sleep(SETTLE_S)
    idle = app.rss_mb()
    opened = await asyncio.gather(*(drive.open_tab(browser, app.page_url(pages[i % len(pages)]))
                                    for i in range(CONCURRENT)))
    busy = app.rss_mb()
    for tab, _ in opened:
        await drive.close(tab)
    await asyncio.sleep(SETTLE_S)
    return {"idle_mb": idle, f"with_{CONCURRENT}_sessions_mb": busy, "after_close_mb": app.rss_mb()}


async def browser_part(args, db: Path, folder: Path) -> dict:
    from playwright.async_api import async_playwright

    pages = rb.app_pages()
    baseline = folder / "one_line_app.py"
    baseline.write_text(BASELINE_APP, encoding="utf-8")
    out: dict = {}
    with rb.Server(rb.APP, db, folder / "app.log") as app, rb.Server(baseline, None, folder / "base.log") as base:
        out["rss_start_mb"] = app.rss_mb()
        async with async_playwright() as p:
            browser = await rb.launch(p.chromium)
            out["chromium"] = browser.version
            if args.load:
                for page in pages:
                    tab, _ = await drive.open_tab(browser, app.page_url(page))
                    await drive.close(tab)
            else:
                step("first render and bytes per page")
                out["first_render"] = await first_renders(browser, app, base, pages, args.visits)
                out["rerun_floor"] = await rerun_floor(browser, base, args.reruns)
                out["rerun"] = {}
                for region in SCALES:
                    step(f"reruns at {SCALES[region]}")
                    out["rerun"][region] = await reruns(browser, app, pages, region, args.reruns)
                step(f"memory with {CONCURRENT} sessions")
                out["memory"] = await memory(browser, app, pages)
            if args.load or not args.quick:
                step(f"load test, {args.sessions} sessions")
                started, load_start = datetime.now(), os.getloadavg()
                out["load"] = load.described(await load.run_load(browser, app, pages, args.sessions,
                                                                 args.time_limit), started, load_start)
            await browser.close()
    return out


def optional_numbers(db: Path, folder: Path) -> dict:
    """Other benchmark modules, on their own copy of the store (the app
    server had ours open)."""
    os.environ["REGIOMONITOR_DB"] = str(rb.copy_store(db, folder / "optional.duckdb"))
    out = {}
    for label, module, function, kwargs, _ in OPTIONAL:
        try:
            measure = getattr(importlib.import_module(module), function)
        except ModuleNotFoundError:
            continue
        step(label)
        try:
            out[label] = measure(**kwargs)
        except Exception as exc:   # report it, keep the other numbers
            out[label] = {"failed": f"{type(exc).__name__}: {exc}"}
    return out


def step(what: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {what}…", flush=True)


# --- Report -----------------------------------------------------------------

def verdict(value: float, budget: float, unit: str) -> str:
    if math.isnan(value):
        return "n/a"
    if value <= budget:
        return "ok"
    if budget == 0:
        return f"OVER by {value:g} {unit}"
    return f"OVER by {value - budget:.{0 if unit == 'ms' else 2}f} {unit} ({(value / budget - 1) * 100:.0f} %)"


def report(r: dict) -> list[str]:
    """The table and one line per missed budget."""
    lines, missed = [], []
    fr = r.get("first_render")
    if fr:
        base = fr["baseline"]["median_ms"]
        floor = r["rerun_floor"]
        lines.append(f"One-line Streamlit app: first render median {base:.0f} ms (cold "
                     f"{fr['baseline']['cold_ms']:.0f} ms, {fr['baseline']['http_bytes'] / 1e6:.2f} MB over HTTP); "
                     f"rerun median {floor['median_ms']:.0f} ms, p95 {floor['p95_ms']:.0f} ms (the framework's floor)")
        head = (f"{'page':<14}{'first render':>13}{'x 1-line':>10}{'WS MB':>8}{'HTTP MB':>9}"
                + "".join(f"{'rerun ' + SCALES[s] + ' med/p95':>34}" for s in SCALES))
        lines += [head, "-" * len(head)]
        for slug, row in fr["pages"].items():
            ratio = row["median_ms"] / base
            mb = row["ws_bytes"] / 1e6
            cells = [f"{row['title']:<14}{row['median_ms']:>10.0f} ms{ratio:>9.2f}x{mb:>8.3f}"
                     f"{row['http_bytes'] / 1e6:>9.2f}"]
            checks = [("first render", ratio, BUDGETS["first_render_ratio"], "x"),
                      ("first load", mb, BUDGETS["first_load_mb"], "MB")]
            for s in SCALES:
                rr = r["rerun"][s].get(slug)
                cells.append(f"{rr['median_ms']:>21.0f} / {rr['p95_ms']:>5.0f} ms" if rr else f"{'-':>34}")
                if rr:
                    checks.append((f"rerun {SCALES[s]}", rr["median_ms"], BUDGETS["rerun_median_ms"][s], "ms"))
                if rr and (rr.get("failed") or rr.get("exceptions")):
                    missed.append(f"{row['title']}: rerun {SCALES[s]}: {rr.get('failed') or 'exception element'}")
            lines.append("".join(cells))
            for what, value, budget, unit in checks:
                v = verdict(value, budget, unit)
                if v.startswith("OVER"):
                    missed.append(f"{row['title']}: {what} {value:.2f} {unit} against {budget} {unit}: {v}")
            missed += [f"{row['title']}: {p}" for p in row["problems"]]
        lines.append(f"Budgets: rerun median < {BUDGETS['rerun_median_ms']['beide']} ms (30) and "
                     f"< {BUDGETS['rerun_median_ms']['vlaanderen']} ms (Flanders); first render <= "
                     f"{BUDGETS['first_render_ratio']:.0f}x the one-line app; first load <= "
                     f"{BUDGETS['first_load_mb']:.0f} MB over the websocket.")
        lines.append("Reruns change the sidebar's year, back from the default.")
        fl = r["rerun"]["vlaanderen"]
        lines.append("First load of a link at Flanders scale (?regio=vlaanderen), WS MB: " + ", ".join(
            f"{row['title']} {row['ws_bytes'] / 1e6:.3f}" for row in fl.values()))
        for row in fl.values():
            mb = row["ws_bytes"] / 1e6
            if mb > BUDGETS["first_load_mb"]:
                missed.append(f"{row['title']}: first load at Flanders scale {mb:.2f} MB against "
                              f"{BUDGETS['first_load_mb']} MB: {verdict(mb, BUDGETS['first_load_mb'], 'MB')}")
    mem = r.get("memory")
    if mem:
        lines.append(f"Server RSS: {r['rss_start_mb']:.0f} MB at start, {mem['idle_mb']:.0f} MB idle after the "
                     f"runs above, {mem[f'with_{CONCURRENT}_sessions_mb']:.0f} MB with {CONCURRENT} sessions "
                     f"open, {mem['after_close_mb']:.0f} MB after they closed")
    ld = r.get("load")
    if ld:
        growth = ld["rss_growth_mb"] * 20 / ld["sessions"]
        lines.append(f"Load test: {ld['sessions']} sessions, {ld['steps']} steps, {ld['errors']} errors "
                     f"(budget 0: {verdict(ld['errors'], BUDGETS['load_errors'], 'errors')}); rerun p50 "
                     f"{ld['median_ms']:.0f} ms, p95 {ld['p95_ms']:.0f} ms; RSS {ld['rss_before_mb']:.0f} -> peak "
                     f"{ld['rss_peak_mb']:.0f} -> {ld['rss_after_mb']:.0f} MB, growth {ld['rss_growth_mb']:+.0f} MB "
                     f"(budget < {BUDGETS['rss_growth_mb_per_20_sessions']} MB per 20 sessions: "
                     f"{verdict(growth, BUDGETS['rss_growth_mb_per_20_sessions'], 'MB')})")
        lines += [f"  load error: {m}" for m in ld["error_messages"]]
        if ld["errors"]:
            missed.append(f"load test: {ld['errors']} errors")
        if growth > BUDGETS["rss_growth_mb_per_20_sessions"]:
            missed.append(f"load test: RSS growth {growth:.0f} MB per 20 sessions")
        lines += load.capacity_lines(ld)
    for row in r.get("aggregations", []):
        lines.append(f"{row['aggregation']:<30} {row['rows']:>11,} rows: DuckDB {row['duckdb_s'] * 1000:8.1f} ms, "
                     f"pandas {row['pandas_s'] * 1000:8.1f} ms, pandas/DuckDB {row['ratio']:.1f}x, "
                     f"same result: {row['same_result']}")
    for label, numbers in r.get("optional", {}).items():
        lines += _optional_lines(label, numbers)
        missed += numbers.get("missed", []) if isinstance(numbers, dict) else []
    lines.append("Missed budgets: " + ("none" if not missed else ""))
    lines += [f"  - {m}" for m in missed]
    return lines


def _optional_lines(label: str, numbers) -> list[str]:
    module, lines = next((m, f) for name, m, _, _, f in OPTIONAL if name == label)
    if lines and not (isinstance(numbers, dict) and "failed" in numbers):
        return getattr(importlib.import_module(module), lines)(numbers)
    return [f"{label}: {json.dumps(_rounded(numbers), default=str)}"]


def _rounded(value):
    if isinstance(value, float):
        return round(value, 3)
    if isinstance(value, dict):
        return {k: _rounded(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_rounded(v) for v in value]
    return value


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.run", description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="fewer repetitions, 1M rows, no load test")
    parser.add_argument("--load", action="store_true", help="only the load test")
    parser.add_argument("--visits", type=int, default=None, help="first-render visits per page (default 5)")
    parser.add_argument("--reruns", type=int, default=None, help="year changes per page and scale (default 12)")
    parser.add_argument("--sessions", type=int, default=20, help="sessions in the load test")
    parser.add_argument("--time-limit", type=float, default=1500, help="seconds for the whole load test")
    args = parser.parse_args(argv)
    args.visits = args.visits or (2 if args.quick else 5)
    args.reruns = args.reruns or (8 if args.quick else 12)
    reason = rb.chromium_missing()
    if reason:
        raise SystemExit(f"no browser: {reason}")

    started = datetime.now()
    result: dict = {"started": started.isoformat(timespec="seconds"), "cpus": os.cpu_count(),
                    "load_average_start": os.getloadavg()[0],
                    "python": platform.python_version(), "streamlit": streamlit.__version__,
                    "rerun_measure": "browser: input event to the server's script-finished message",
                    "budgets": BUDGETS}
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        step("building the store")
        db = rb.fresh_store(folder)
        result.update(asyncio.run(browser_part(args, db, folder)))
        if not args.load:
            step("DuckDB against pandas")
            result["aggregations"] = aggregations.measure((1_000_000,) if args.quick else (1_000_000, 10_000_000))
            result["optional"] = optional_numbers(db, folder)
    result["seconds"] = (datetime.now() - started).total_seconds()
    result["load_average_end"] = os.getloadavg()[0]
    lines = report(result)
    print(f"\nRegiomonitor Werk benchmark {started:%d/%m/%Y %H:%M}, {os.cpu_count()} cores, Streamlit "
          f"{streamlit.__version__}, Chromium {result.get('chromium', '?')}; reruns measured in the browser "
          f"(input event to the server's script-finished message); load average {result['load_average_start']:.1f} at "
          f"start, {result['load_average_end']:.1f} at end (other work on the machine slows every number)")
    print("\n".join(lines))
    RESULTS.mkdir(parents=True, exist_ok=True)
    path = RESULTS / f"bench-{started:%Y%m%d-%H%M%S}.json"
    path.write_text(json.dumps(_rounded({**result, "report": lines}), indent=1, default=str), encoding="utf-8")
    print(f"\nJSON: {path.relative_to(PROJECT_ROOT)}")


if __name__ == "__main__":
    main()
