"""Benchmark of the Regie page: its data uncached and one page run after a
filter change.

Run from the project root: `python -m bench.regie [repeat]` (uses the store
at REGIOMONITOR_DB, or the default one; builds it if needed).

- collect: `page_models.regie.collect` on the store, uncached, without the goals'
  figures, and the goals' figures (`page_models.regie.goals`, cached per data
  version in the app: no filter changes them);
- rerun: one AppTest script run after choosing another work year or
  objective (each value once, then again: cached queries), the page's own
  filters (the sidebar's do not apply to it).
"""
from __future__ import annotations

import statistics
import sys
import time

from streamlit.testing.v1 import AppTest

from loaders import build
from loaders.config import PROJECT_ROOT, db_path
from loaders.store import connect
from queries import run_query
from page_models import regie as ur

PAGE = "views/regie.py"


def seconds(func) -> float:
    began = time.perf_counter()
    func()
    return time.perf_counter() - began


def measure(repeat: int = 5) -> dict[str, float]:
    build.ensure_built()
    with connect(db_path(), read_only=True) as con:
        run = lambda name, **params: run_query(con, name, **params)  # noqa: E731
        goals = ur.goals(run)
        collect = statistics.median(seconds(lambda: ur.collect(run, goal_list=goals)) for _ in range(repeat))
        figures = statistics.median(seconds(lambda: ur.goals(run)) for _ in range(repeat))
    at = AppTest.from_file(str(PROJECT_ROOT / "app.py"), default_timeout=120)
    at.run()
    at.switch_page(PAGE).run()
    runs = []
    for _ in range(repeat):
        for label in ("Werkjaar", "Doelstelling"):
            box = next(s for s in at.selectbox if s.label == label)
            for index in [*range(1, len(box.options)), 0]:
                box = next(s for s in at.selectbox if s.label == label)
                runs.append(seconds(lambda: box.select_index(index).run()))
                assert not at.exception, [e.message for e in at.exception]
    return {"collect_ms": collect * 1000, "goals_ms": figures * 1000,
            "rerun_median_ms": statistics.median(runs) * 1000, "rerun_max_ms": max(runs) * 1000,
            "reruns": len(runs)}


if __name__ == "__main__":
    for key, value in measure(int(sys.argv[1]) if len(sys.argv) > 1 else 5).items():
        print(f"{key}: {value:.0f}")
