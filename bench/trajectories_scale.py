"""How fast the queries of every page that shows trajectories run on many
trajectories, against the 200 ms budget per page.

Builds a temporary store from the reference files, replaces its trajectory
records with `rows` synthetic ones spread over the 30 municipalities of
Westhoek and W13 (or over `nis`) and recounts the pre-counted tables, then
times the queries each page runs for its default view (Trajecten also for a
filtered one): median of `repeat` cold runs per query (no Streamlit cache),
summed per page. The pages and their queries are those of views/*.py
(`data.run("<name>", ...)`, the shared sidebar's queries left out) and, for
the Gemeentefiche, the queries `page_models.fiche.collect` runs. The Trajecten page's
suppression step on the results is timed too (not part of the budget).

`run()` returns the numbers for bench/run.py;
`python -m bench.trajectories_scale [--rows N ...] [--10m] [--repeat R]`
prints them (default 1,000,000 rows; `--10m` adds 10,000,000).
"""
from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

import duckdb

from analysis import trajecten as tr
from bench.kansengroepen_vacatures import median_seconds
from common.vocabulary import ALL_GROUPS
from loaders import build, budget, model_doelgroepen, model_trajecten
from loaders.config import data_dir
from loaders.regions import FLANDERS_NIS, REGIONS
from loaders.store import connect
from queries import run_query

BUDGET_MS = 200
REASONS = list(model_trajecten.META["stop_reasons"])
REGION_NIS = REGIONS["westhoek"]["nis"] + REGIONS["w13"]["nis"]
FICHE_NIS = REGIONS["w13"]["nis"][0]
FILTERED = {"programme": "t_werkt", "target_group": "migratieachtergrond", "start_year": 2020}

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

Query = tuple[str, str, dict]   # label, named query, parameters


def build_store(path: Path, rows: int, nis: list[str]) -> float:
    """The reference store with `rows` synthetic trajectories instead of the
    modelled ones; returns the seconds the recount took."""
    build.build(path, data_dir(), progress=lambda _: None)
    with connect(path) as con:
        con.execute("delete from trajectory_records")
        con.execute(SYNTHETIC, {"rows": rows, "nis": nis, "programmes": list(budget.PROGRAMMES),
                                "groups": ["migratieachtergrond", "inburgeraars", None], "reasons": REASONS})
        start = time.perf_counter()
        model_trajecten.refresh_counts(con)
        refresh = time.perf_counter() - start
        con.execute("checkpoint")
    return refresh


# --- The queries of each page, as views/*.py call them ----------------------

def trajecten(con: duckdb.DuckDBPyConnection, nis: list[str], **filters) -> list[Query]:
    """views/trajecten.py (its page model); `filters`: programme, target_group, start_year."""
    view = dict(nis=nis, programme=None, target_group=ALL_GROUPS, start_year=None) | filters
    return [_q("programmes"), _q("trajectory_start_years"), _q("municipalities"),
            _q("trajectory_cells", **view), _q("trajectory_timeseries", **view), _q("indicator_meta")]


def budgetten(con: duckdb.DuckDBPyConnection, nis: list[str]) -> list[Query]:
    """views/budgetten.py (its page model: the whole programme period, published amounts)."""
    return [_q("budget_years"), _q("budget_flows", year=None, modelled=False), _q("programme_costs"),
            _q("programmes"), _q("indicator_meta")]


def kansengroepen(con: duckdb.DuckDBPyConnection, nis: list[str]) -> list[Query]:
    """views/kansengroepen.py: key figures, map, region comparison, reach."""
    series = model_doelgroepen.series_params(model_doelgroepen.SERIES)
    flanders = sorted(set(run_query(con, "flanders_nis", flanders=FLANDERS_NIS)["nis"])
                      | set(run_query(con, "flanders_2025")["nis"]))
    areas = [(region["label"], region["nis"]) for region in REGIONS.values()] + [("Flanders", flanders)]
    return ([_q("kansengroepen", nis=nis, **series), _q("kansengroepen_totals", nis=nis, **series),
             _q("flanders_nis", flanders=FLANDERS_NIS), _q("flanders_2025"),
             _q("map_area", nis=nis, region=nis, map=2025)]
            + [(f"kansengroepen_totals ({label})", "kansengroepen_totals", {"nis": codes, **series})
               for label, codes in areas]
            + [_q("trajectory_reach", nis=nis), _q("programmes"), _q("indicator_meta")])


def gemeentefiche(con: duckdb.DuckDBPyConnection, nis: list[str]) -> list[Query]:
    """The queries `page_models.fiche.collect` runs for a municipality of W13 (its
    trajectory part: `programmes` and, per programme, cells and time series)."""
    from page_models.fiche import collect

    calls: list[Query] = []

    def recording(name: str, **params):
        label = f"{name} ({params['programme']})" if "programme" in params else name
        repeats = sum(1 for _, n, _ in calls if n == name)
        calls.append((f"{label} #{repeats + 1}" if repeats and "programme" not in params else label, name, params))
        return run_query(con, name, **params)

    collect(recording, FICHE_NIS, max(run_query(con, "indicator_years", indicator="werkzaamheidsgraad")["year"]))
    return calls


def _q(name: str, **params) -> Query:
    return name, name, params


def _trajectory_part(queries: list[Query]) -> list[Query]:
    return [q for q in queries if q[1] == "programmes" or q[1].startswith("trajectory_")]


PAGES = {
    "Trajecten": trajecten,
    "Trajecten, filtered": lambda con, nis: trajecten(con, nis, **FILTERED),
    "Budgetten": budgetten,
    "Kansengroepen": kansengroepen,
    "Gemeentefiche, trajectories": lambda con, nis: _trajectory_part(gemeentefiche(con, nis)),
    "Gemeentefiche, all queries": gemeentefiche,
}


def run(rows: int = 1_000_000, repeat: int = 5, nis: list[str] | None = None) -> dict:
    """Per page: milliseconds per query, their total and the verdict against
    the budget; plus the build and recount time and the suppression step."""
    nis = nis or REGION_NIS
    results: dict = {"rows": rows, "repeat": repeat, "budget_ms": BUDGET_MS}
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "bench.duckdb"
        start = time.perf_counter()
        results["recount_s"] = build_store(path, rows, nis)
        results["build_s"] = time.perf_counter() - start
        con = connect(path, read_only=True)
        try:
            results["pages"] = {}
            for page, queries in PAGES.items():
                times = {label: median_seconds(lambda: run_query(con, name, **params), repeat) * 1000
                         for label, name, params in queries(con, nis)}
                total = sum(times.values())
                results["pages"][page] = {"queries_ms": times, "total_ms": total,
                                          "verdict": "pass" if total < BUDGET_MS else "MISSED"}
            results["missed"] = [f"{page}: queries at {rows:,} trajectories {row['total_ms']:.0f} ms against "
                                 f"{BUDGET_MS} ms" for page, row in results["pages"].items()
                                 if row["verdict"] == "MISSED"]
            for view, filters in {"default": {}, "filtered": FILTERED}.items():
                params = next(p for _, name, p in trajecten(con, nis, **filters) if name == "trajectory_cells")
                cells = run_query(con, "trajectory_cells", **params)
                events = run_query(con, "trajectory_timeseries", **params)
                results[f"suppression_{view}_ms"] = median_seconds(
                    lambda: tr.counts(cells, events, nis, REASONS), repeat) * 1000
        finally:
            con.close()
    return results


def report(results: dict) -> list[str]:
    """The lines to print: per page its total beside the budget, then its queries."""
    lines = [f"Trajectory pages at {results['rows']:,} synthetic trajectories, median of {results['repeat']} cold "
             f"runs per query; store built in {results['build_s']:.1f} s, of which recounting the "
             f"pre-counted tables {results['recount_s']:.2f} s"]
    for page, row in results["pages"].items():
        lines.append(f"  {page:<28} {row['total_ms']:7.1f} ms  (budget {results['budget_ms']} ms: {row['verdict']})")
        lines += [f"      {label:<44} {ms:7.1f} ms" for label, ms in row["queries_ms"].items()]
    lines.append(f"  Trajecten suppression step (not a query): default {results['suppression_default_ms']:.1f} ms, "
                 f"filtered {results['suppression_filtered_ms']:.1f} ms")
    return lines


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.trajectories_scale", description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, nargs="+", default=[1_000_000], help="synthetic trajectories")
    parser.add_argument("--10m", dest="ten_million", action="store_true", help="also at 10,000,000 rows")
    parser.add_argument("--repeat", type=int, default=5, help="cold runs per query")
    args = parser.parse_args(argv)
    for rows in args.rows + ([10_000_000] if args.ten_million else []):
        print("\n".join(report(run(rows, args.repeat))), flush=True)


if __name__ == "__main__":
    main()
