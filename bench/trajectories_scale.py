"""How fast the Trajecten page's queries run on many trajectories.

Builds a temporary store (the real schema) with `rows` synthetic
trajectories spread over the 30 municipalities of Westhoek and W13 (or over
`nis`), then times every query the page runs for its default view and for a
filtered one (median of `repeat` cold runs: no Streamlit cache), and the
page's suppression step on the results. `run()` returns the numbers (ms)
for bench/run.py; `python bench/trajectories_scale.py [rows] [repeat]`
prints them.
"""
from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from analysis import trajecten as tr  # noqa: E402
from loaders import budget, build, model_trajecten  # noqa: E402
from loaders.regions import REGIONS  # noqa: E402
from loaders.store import connect, insert_frame  # noqa: E402
from queries import run_query  # noqa: E402

REASONS = list(model_trajecten.META["stop_reasons"])
REGION_NIS = REGIONS["westhoek"]["nis"] + REGIONS["w13"]["nis"]

# Synthetic rows in one SQL statement: programme, place, group, dates and
# outcome from hashes of the row number, consistent with the table's checks.
SYNTHETIC = """
insert into trajectory_records
select programme, nis, target_group, start_date,
       case when outcome = 'ongoing' then null else start_date + duration end,
       outcome, case when outcome = 'stopped' then $reasons[1 + cast(hash(i, 'r') % len($reasons) as bigint)] end,
       'modelled', 'bench/trajectories_scale.py'
from (
    select i, $programmes[1 + cast(hash(i, 'p') % len($programmes) as bigint)] as programme,
           $nis[1 + cast(hash(i, 'n') % len($nis) as bigint)] as nis,
           $groups[1 + cast(hash(i, 'g') % len($groups) as bigint)] as target_group,
           date '2016-01-01' + cast(hash(i, 's') % 3900 as integer) as start_date,
           cast(30 + hash(i, 'd') % 700 as integer) as duration,
           ['ongoing', 'job', 'job', 'training', 'stopped', null][1 + cast(hash(i, 'o') % 6 as bigint)] as outcome
    from range($rows) t(i)
)
"""


def build_store(path: Path, rows: int, nis: list[str]) -> float:
    """The store with synthetic rows; returns the seconds the recount took."""
    with connect(path) as con:
        con.execute(build.SCHEMA.read_text(encoding="utf-8"))
        insert_frame(con, "programmes", budget.programmes(budget.META))
        con.execute(SYNTHETIC, {"rows": rows, "nis": nis, "programmes": list(budget.PROGRAMMES),
                                "groups": ["migratieachtergrond", "inburgeraars", None], "reasons": REASONS})
        start = time.perf_counter()
        model_trajecten.refresh_counts(con)
        refresh = time.perf_counter() - start
        con.execute("checkpoint")
    return refresh


def page_queries(nis: list[str], **filters) -> list[tuple[str, dict]]:
    """The queries the Trajecten page runs for one view."""
    view = dict(nis=nis, programme=None, target_group="totaal", start_year=None) | filters
    return [("programmes", {}), ("trajectory_start_years", {}),
            ("trajectory_cells", view), ("trajectory_timeseries", view)]


def median_ms(action, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def run(rows: int = 1_000_000, repeat: int = 5, nis: list[str] | None = None) -> dict[str, float]:
    """Milliseconds per query and in total, per view, plus the build time."""
    nis = nis or REGION_NIS
    results: dict[str, float] = {}
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "bench.duckdb"
        start = time.perf_counter()
        results["recount_s"] = build_store(path, rows, nis)
        results["build_s"] = time.perf_counter() - start
        con = connect(path, read_only=True)
        try:
            views = {"default": {}, "filtered": {"programme": "t_werkt", "target_group": "migratieachtergrond",
                                                 "start_year": 2020}}
            for view, filters in views.items():
                total = 0.0
                for name, params in page_queries(nis, **filters):
                    ms = median_ms(lambda: run_query(con, name, **params), repeat)
                    results[f"{view}.{name}"] = ms
                    total += ms
                results[f"{view}.queries_total"] = total
                cells = run_query(con, "trajectory_cells", **page_queries(nis, **filters)[2][1])
                events = run_query(con, "trajectory_timeseries", **page_queries(nis, **filters)[3][1])
                results[f"{view}.suppression"] = median_ms(lambda: tr.counts(cells, events, nis, REASONS), repeat)
        finally:
            con.close()
    return results


def main(argv: list[str]) -> None:
    rows = int(argv[1]) if len(argv) > 1 else 1_000_000
    repeat = int(argv[2]) if len(argv) > 2 else 5
    results = run(rows, repeat)
    print(f"Trajecten at {rows:,} synthetic trajectories ({len(REGION_NIS)} municipalities), "
          f"median of {repeat} cold runs; store built in {results.pop('build_s'):.1f} s, "
          f"of which recounting trajectory_counts {results.pop('recount_s'):.2f} s")
    for key, ms in results.items():
        print(f"  {key:<42} {ms:8.1f} ms")


if __name__ == "__main__":
    main(sys.argv)
