"""How fast the modelled target groups are generated and the Kansengroepen and
Vacatures pages rerun after a filter change.

Builds a temporary store from the reference files, then prints
- the target-group generator's time for every Flemish municipality (median of `repeat`),
- the pages' rerun time (AppTest, median of `repeat`) at 30 municipalities
  (Westhoek + W13) and at Flanders scale, after the first run warmed the
  caches, for a change of target group, year, municipality and (Vacatures)
  the sector chart's area.

    .venv/bin/python bench/kansengroepen_vacatures.py [repeat]
"""
from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from loaders import build, model_doelgroepen  # noqa: E402
from loaders.config import PROJECT_ROOT, data_dir  # noqa: E402
from loaders.model_common import indicator_meta  # noqa: E402
from loaders.regions import FLANDERS_NIS  # noqa: E402
from loaders.store import connect  # noqa: E402
from queries import run_query  # noqa: E402


def median_seconds(action, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def generators(db: Path, repeat: int) -> None:
    con = connect(db)
    try:
        groups = run_query(con, "model_doelgroepen_inputs", flanders=FLANDERS_NIS)
    finally:
        con.close()
    meta = indicator_meta(model_doelgroepen.META, model_doelgroepen.INDICATOR)
    s = median_seconds(lambda: model_doelgroepen.generate(groups, model_doelgroepen.META, meta), repeat)
    print(f"generator doelgroepen: {groups['nis'].nunique()} municipalities x {groups['year'].nunique()} years "
          f"-> {s:.3f} s")


def pages(repeat: int) -> None:
    from streamlit.testing.v1 import AppTest

    cases = [
        ("views/kansengroepen.py", "beide", lambda at, i: at.selectbox(key="doelgroep").set_value(
            ["inburgeraars", "laaggeschoolden"][i % 2]), "doelgroep"),
        ("views/kansengroepen.py", "beide", lambda at, i: at.selectbox(key="jaar").set_value(2024 - i % 2), "jaar"),
        ("views/kansengroepen.py", "vlaanderen", lambda at, i: at.selectbox(key="doelgroep").set_value(
            ["inburgeraars", "laaggeschoolden"][i % 2]), "doelgroep"),
        ("views/vacatures.py", "beide", lambda at, i: at.selectbox(key="jaar").set_value(2024 - i % 2), "jaar"),
        ("views/vacatures.py", "beide", lambda at, i: at.multiselect(key="gemeente").set_value(
            [["34027"], ["33011"]][i % 2]), "gemeente"),
        ("views/vacatures.py", "beide", lambda at, i: at.selectbox(key="sectoren").set_value(
            ["34027", "33011"][i % 2]), "sectoren"),
        ("views/vacatures.py", "vlaanderen", lambda at, i: at.selectbox(key="jaar").set_value(2024 - i % 2), "jaar"),
    ]
    for page, region, change, what in cases:
        at = AppTest.from_file(str(PROJECT_ROOT / "app.py"), default_timeout=120)
        at.query_params["regio"] = region
        at.run()
        at.switch_page(page).run()
        counter = iter(range(10 ** 6))
        s = median_seconds(lambda: change(at, next(counter)).run(), repeat)
        assert not at.exception, at.exception
        print(f"{page:26} regio={region:10} change of {what:9} -> rerun {s:.3f} s")


def main(repeat: int = 5) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "bench.duckdb"
        build.build(db, data_dir(), progress=print)
        generators(db, repeat)
        os.environ["REGIOMONITOR_DB"] = str(db)
        pages(repeat)


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 5)
