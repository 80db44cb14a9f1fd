"""`bench.run --load` prints the README's capacity row as `bench.load` does:
one function (`bench.load.capacity_lines`) for both, on a constructed
result of `run_load` (the load test itself is not run here)."""
from __future__ import annotations

import os
from datetime import datetime

from bench import load, run

# What `run_load` returns for a run of 6 sessions (numbers made up).
RUN = {"sessions": 6, "steps": 60, "errors": 0, "error_messages": [], "server_log": "", "n": 60,
       "median_ms": 812.4, "p95_ms": 1530.2, "rss_before_mb": 410.0, "rss_peak_mb": 890.5, "rss_after_mb": 470.0,
       "rss_peak_per_replica_mb": [890.5], "rss_growth_mb": 60.0, "server_cpu_s": 12.0,
       "server_cpu_ms_per_step": 200.0}


def cells(row: str) -> list[str]:
    return [c.strip() for c in row.strip("|").split("|")]


def test_bench_run_load_reports_the_capacity_row_bench_load_prints():
    started = datetime(2026, 12, 6, 17, 47, 4)
    result = load.described(RUN, started, (1.5, 1.25, 0.75))
    lines = load.capacity_lines(result)
    header, row = lines[-2].splitlines()[0], lines[-1]
    assert len(cells(row)) == len(cells(header))
    shown = dict(zip(cells(header), cells(row)))
    per_core = RUN["sessions"] / os.cpu_count()
    assert shown["Mode"] == "one process" and shown["Sessions"] == str(RUN["sessions"])
    assert shown["Cores"] == str(os.cpu_count()) and shown["p95 ms"] == f"{RUN['p95_ms']:.0f}"
    assert shown["Sessions per replica per core (p95 < 2 s, 0 errors?)"] == f"{per_core:.1f} (yes)"
    assert shown["Measured at"] == f"{started:%Y-%m-%d %H:%M}"
    assert shown["Server CPU ms per step"] == f"{RUN['server_cpu_ms_per_step']:.0f}"
    estimate = load.server_sessions_per_core(RUN["server_cpu_ms_per_step"])
    assert shown["Sessions per core, server alone (estimate)"] == f"{estimate:.0f}"
    report = run.report({"load": result})
    assert report[report.index(lines[1]) - 1:][:len(lines)] == lines


def test_the_server_alone_serves_more_sessions_the_less_cpu_a_step_takes():
    """The estimate's shape: a step that costs half the CPU serves twice the
    sessions; one visitor's step every THINK_S seconds at BUSY load is the
    unit (a step costing BUSY * THINK_S seconds fills a core with one session)."""
    one = load.server_sessions_per_core(load.BUSY * load.THINK_S * 1000)
    assert one == 1
    assert load.server_sessions_per_core(100.0) == 2 * load.server_sessions_per_core(200.0)


def test_cpu_time_of_a_process_is_read_from_proc_and_grows_with_its_work():
    before = load.cpu_s(os.getpid())
    sum(i * i for i in range(2_000_000))
    assert load.cpu_s(os.getpid()) > before > 0
    assert load.cpu_s(2 ** 22 + 7) == 0.0   # no such process (above the kernel's pid_max default)
