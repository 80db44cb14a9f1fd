"""Server CPU of a page rerun after a change of the sidebar year (issue 14).

Opens each page in an AppTest of the whole app and changes the year: every
year first visited (its rows not yet picked), then visited again; prints the
median CPU time (`time.process_time`, the server's work, not the machine's
load) of both. Builds a temporary store from the reference files, or uses
`REGIOMONITOR_DB` when set.

    .venv/bin/python bench/year_change.py [page ...] [--region beide] [--years 4]
"""
from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from loaders import build  # noqa: E402
from loaders.config import PROJECT_ROOT, data_dir  # noqa: E402

PAGES = ["overzicht", "kansengroepen", "gemeentefiche", "regie"]


def cpu(action) -> float:
    start = time.process_time()
    action()
    return time.process_time() - start


def year_change(page: str, region: str, count: int, params: dict[str, str | list[str]]) -> tuple[float, float]:
    """Median CPU seconds of a year change to a year first visited and to one visited before."""
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(PROJECT_ROOT / "app.py"), default_timeout=300)
    at.query_params.update({"regio": region, **params})
    at.run()
    at.switch_page(f"views/{page}.py").run()
    assert not at.exception, at.exception
    box = at.selectbox(key="jaar")
    years = [y for y in map(int, box.options) if y < box.value][-count:][::-1]   # the page opened on the default
    first = [cpu(lambda y=y: at.selectbox(key="jaar").set_value(y).run()) for y in years]
    again = [cpu(lambda y=y: at.selectbox(key="jaar").set_value(y).run()) for y in years]
    assert not at.exception, at.exception
    return statistics.median(first), statistics.median(again)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("pages", nargs="*", default=PAGES)
    parser.add_argument("--region", default="beide")
    parser.add_argument("--years", type=int, default=4)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        if "REGIOMONITOR_DB" not in os.environ:
            db = Path(tmp) / "bench.duckdb"
            build.build(db, data_dir(), progress=lambda _: None)
            os.environ["REGIOMONITOR_DB"] = str(db)
        for page in args.pages:
            params = {"gemeente": ["34027"]} if page == "gemeentefiche" else {}
            first, again = year_change(page, args.region, args.years, params)
            print(f"{page:15} regio={args.region:10} year change: first visit {first * 1000:6.0f} ms CPU, "
                  f"again {again * 1000:6.0f} ms CPU")


if __name__ == "__main__":
    main()
