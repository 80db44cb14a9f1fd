"""Benchmark of the Gemeentefiche: how long its data, its figures, a page
run and the printable report take, and how the report prints.

Run from the project root: `python -m bench.gemeentefiche [repeat]` (uses
the store at REGIOMONITOR_DB, or the default one; builds it if needed).
`measure()` returns the numbers for a combined benchmark script.

- data: `page_models.fiche.collect` on the store, uncached (every query of the fiche);
- figures: building the fiche's plotly figures;
- page: one AppTest script run after choosing another municipality (its
  queries and figures not cached yet), at 30 municipalities, and a run
  showing the same one again (presentation step, button: cached);
- report: the HTML report, the first one in the process (starts Chromium)
  and a later one (browser kept), with its size; printed by Chromium to PDF
  (A4): the number of pages.
"""
from __future__ import annotations

import re
import statistics
import sys
import time
from datetime import date

from streamlit.testing.v1 import AppTest

from bench.kansengroepen_vacatures import median_seconds
from charts.fiche import figures
from loaders import build
from loaders.config import PROJECT_ROOT, db_path
from loaders.regions import REGIONS
from loaders.store import connect
from queries import run_query
from page_models import report
from page_models.fiche import CATEGORY_LABELS, LABELS, collect

PAGE = "views/gemeentefiche.py"
MUNICIPALITIES = REGIONS["westhoek"]["nis"] + REGIONS["w13"]["nis"]
YEAR = 2024   # the default year: VDAB's latest


def _page_reruns(repeat: int) -> tuple[list[float], float]:
    """Runs after choosing another municipality, and the median of runs
    that show the same one again (a presentation step, a button)."""
    at = AppTest.from_file(str(PROJECT_ROOT / "app.py"), default_timeout=120)
    at.run()
    at.switch_page(PAGE).run()
    times = []
    for nis in MUNICIPALITIES[1:repeat + 1]:
        start = time.perf_counter()
        at.selectbox(key="fiche").set_value(nis).run()
        times.append(time.perf_counter() - start)
        if at.exception:
            raise RuntimeError(at.exception[0].message)
    return times, median_seconds(at.run, repeat)


def _pdf_pages(document: str) -> int:
    from playwright.sync_api import sync_playwright

    from tests.helpers.browser import CHROMIUM, CHROMIUM_ARGS

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        page = browser.new_page()
        page.set_content(document)
        pdf = page.pdf(format="A4", print_background=True)
        browser.close()
    return len(re.findall(rb"/Type\s*/Page\b", pdf))


def measure(repeat: int = 5, nis: str = "34027") -> dict[str, float]:
    build.ensure_built(progress=lambda _: None)
    con = connect(db_path(), read_only=True)   # as the app reads it: DuckDB refuses a second configuration of one file
    try:
        def run(name, **params):
            return run_query(con, name, **params)

        fiche = collect(run, nis, YEAR)
        out = {"data_s": median_seconds(lambda: collect(run, nis, YEAR), repeat),
               "figures_s": median_seconds(lambda: figures(fiche, LABELS, CATEGORY_LABELS), repeat)}
    finally:
        con.close()
    start = time.perf_counter()
    document = report.render(fiche, date.today(), "bench")
    out["report_first_s"] = time.perf_counter() - start
    out["report_warm_s"] = median_seconds(lambda: report.render(fiche, date.today(), "bench"), max(1, repeat // 2))
    out["report_kb"] = len(document.encode()) / 1024
    out["report_a4_pages"] = _pdf_pages(document)
    reruns, same = _page_reruns(repeat)
    out["page_other_municipality_median_s"] = statistics.median(reruns)
    out["page_other_municipality_max_s"] = max(reruns)
    out["page_same_municipality_median_s"] = same
    return out


if __name__ == "__main__":
    numbers = measure(int(sys.argv[1]) if len(sys.argv) > 1 else 5)
    for key, value in numbers.items():
        print(f"{key:34s} {value:8.2f}")
