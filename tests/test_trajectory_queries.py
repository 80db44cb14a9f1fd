"""The pre-counted trajectory tables answer what a scan of every record
would: `trajectory_reach` against counts straight from the view
`trajectories`, on the session store and on a synthetic one
(bench/trajectories_scale.py); `programme_costs` reads published counts,
never the records; and that benchmark times the queries the pages call."""
from __future__ import annotations

import re

import duckdb
import pandas as pd
import pytest

from bench import trajectories_scale as scale
from loaders.config import PROJECT_ROOT
from loaders.indicator_frame import ALL_GROUPS
from common.vocabulary import ALL
from page_models import budgetten, kansengroepen, trajecten
from queries import run_query

SCAN_REACH = """select programme, nis, target_group, count(*) as started,
                       min(start_date) as first_start, max(start_date) as last_start
                from trajectories where target_group is not null and list_contains($nis, nis) group by all"""
REACH = ["programme", "nis", "target_group", "started", "first_start", "last_start"]


@pytest.fixture(scope="module")
def synthetic_store(tmp_path_factory):
    path = tmp_path_factory.mktemp("scale") / "scale.duckdb"
    scale.build_store(path, 20_000, scale.REGION_NIS)
    return path


def _check_against_records(path) -> None:
    con = duckdb.connect(str(path), read_only=True)
    try:
        reach = run_query(con, "trajectory_reach", nis=scale.REGION_NIS)
        scanned = con.execute(SCAN_REACH, {"nis": scale.REGION_NIS}).df()
        assert len(reach) > 0
        pd.testing.assert_frame_equal(reach[REACH].sort_values(REACH[:3], ignore_index=True),
                                      scanned.sort_values(REACH[:3], ignore_index=True))
    finally:
        con.close()


def test_reach_equals_a_scan_of_the_records(store_path):
    _check_against_records(store_path)


def test_reach_equals_a_scan_of_many_synthetic_records(synthetic_store):
    _check_against_records(synthetic_store)


def test_programme_costs_never_count_modelled_records(synthetic_store, store_path):
    # The synthetic store holds thousands of records for every programme; the
    # costs stay the published counts (NULL where none is published).
    def costs(path):
        con = duckdb.connect(str(path), read_only=True)
        try:
            return run_query(con, "programme_costs")
        finally:
            con.close()

    pd.testing.assert_frame_equal(costs(synthetic_store), costs(store_path))
    assert not any("modelled" in c for c in costs(store_path).columns)


# The pages that gather their data in a page model: its `collect` for the region's municipalities.
MODELS = {"kansengroepen": lambda run, nis: kansengroepen.collect(run, nis, nis, [], "beide", "Regio", nis, nis,
                                                                   ALL_GROUPS, 2024),
          "trajecten": lambda run, nis: (trajecten.options(run),
                                         trajecten.collect(run, nis, "Regio", [], ALL_GROUPS, ALL, ALL, "regio")),
          "budgetten": lambda run, nis: budgetten.collect(run, budgetten.PERIOD, False)}


@pytest.mark.parametrize("page, view", [("Trajecten", "trajecten"), ("Budgetten", "budgetten"),
                                        ("Kansengroepen", "kansengroepen")])
def test_the_benchmark_times_the_queries_the_page_runs(store_path, page, view):
    source = (PROJECT_ROOT / "views" / f"{view}.py").read_text("utf-8")
    called = set(re.findall(r'data\.run\(\s*"(\w+)"', source))
    if "geometry.area(" in source:   # the map's area query, run through ui.geometry
        called.add("map_area")
    con = duckdb.connect(str(store_path), read_only=True)
    try:
        if view in MODELS:   # the queries its model runs, recorded
            MODELS[view](lambda name, **params: called.add(name) or run_query(con, name, **params),
                         scale.REGION_NIS)
        timed = {name for _, name, _ in scale.PAGES[page](con, scale.REGION_NIS)}
    finally:
        con.close()
    assert timed == called
