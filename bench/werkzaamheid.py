"""Benchmark of the map pages (Werkzaamheid, Kansengroepen, Vacatures): how
much geometry each map sends to the browser at 30 municipalities (with their
grey neighbours) and at Flanders scale, and how long a filter or year change
takes to re-render the Werkzaamheid page.

Run from the project root: `python -m bench.werkzaamheid` (uses the store at
REGIOMONITOR_DB, or the default one; builds it if needed). `geometry_sizes()`
and `rerun_times()` return the numbers for bench/run.py, `geometry_report()`
its lines.

Measured through AppTest, so the numbers are for the real page code: the
geometry is the GeoJSON file the map's traces name (fetched once by the
browser; the figure itself only carries its URL), the
time is one script run on the server (queries, transforms, figure), not the
browser's drawing.
"""
from __future__ import annotations

import json
import statistics
import time

from streamlit.testing.v1 import AppTest

from loaders.config import PROJECT_ROOT
from tests.helpers.pages import geometry_files

PAGE = "views/werkzaamheid.py"
MAP_KEY = "werkzaamheid_kaart"
# Map pages: (script, key of the map chart).
MAP_PAGES = {"Werkzaamheid": (PAGE, MAP_KEY),
             "Kansengroepen": ("views/kansengroepen.py", "kansengroepen_kaart"),
             "Vacatures": ("views/vacatures.py", "vacatures_kaart")}
SCENARIOS = {"beide": "30 municipalities + neighbours", "vlaanderen": "Flanders"}
LIMITS_KB = {"beide": 150, "vlaanderen": 1024}


def _page(region: str = "beide", municipalities: list[str] | None = None, page: str = PAGE) -> AppTest:
    at = AppTest.from_file(str(PROJECT_ROOT / "app.py"), default_timeout=120)
    at.run()
    at.session_state["regio"] = region
    at.session_state["gemeente"] = municipalities or []
    at.switch_page(page).run()
    if at.exception:
        error = at.exception[0]
        raise RuntimeError((error.stack_trace or [error.message])[-1].strip())
    return at


def map_spec(at: AppTest, key: str = MAP_KEY) -> dict:
    """The plotly figure of the map as sent to the browser."""
    charts = [el for el in at.get("plotly_chart") if key in el.proto.id]
    return json.loads(charts[0].proto.spec)


def geometry_sizes(pages: tuple[str, ...] = tuple(MAP_PAGES)) -> dict[str, dict[str, dict[str, float]]]:
    """Per map page and scenario (SCENARIOS): features, geometry KB (GeoJSON
    in the figure) and the whole figure in KB."""
    out: dict = {}
    for page in pages:
        script, key = MAP_PAGES[page]
        out[page] = {}
        for region in SCENARIOS:
            try:
                spec = map_spec(_page(region, page=script), key)
            except RuntimeError as exc:   # a page that fails is reported, the others still measured
                out[page][region] = {"failed": str(exc)}
                continue
            geo = geometry_files(spec)
            out[page][region] = {
                "features": sum(len(json.loads(g)["features"]) for g in geo.values()),
                "geometry_kb": sum(len(g) for g in geo.values()) / 1024,
                "figure_kb": len(json.dumps(spec, separators=(",", ":"))) / 1024,
            }
    return out


def geometry_report(sizes: dict[str, dict[str, dict[str, float]]]) -> list[str]:
    """One line per map page and scenario, beside the geometry limit."""
    lines = ["Map geometry sent to the browser (the GeoJSON file the map fetches; figure: the rest)"]
    for page, scenarios in sizes.items():
        for region, row in scenarios.items():
            limit = LIMITS_KB[region]
            if "failed" in row:
                lines.append(f"  {page:<14} {SCENARIOS[region]:<31} page failed: {row['failed']}")
                continue
            lines.append(f"  {page:<14} {SCENARIOS[region]:<31} {row['features']:>4} features  geometry "
                         f"{row['geometry_kb']:7.1f} KB  figure {row['figure_kb']:7.1f} KB  (limit {limit} KB: "
                         f"{'ok' if row['geometry_kb'] <= limit else 'OVER'})")
    return lines


def rerun_times(repeat: int = 5) -> dict[str, float]:
    """Median seconds of one script run after a change on the page: a year
    change (first time: cache miss; again: cached) and a region change."""
    at = _page("beide")
    years = [2014, 2015]

    def timed(change) -> float:
        began = time.perf_counter()
        change()
        at.run()
        return time.perf_counter() - began

    first = [timed(lambda y=y: at.sidebar.selectbox(key="jaar").set_value(y)) for y in range(2003, 2003 + repeat)]
    cached = [timed(lambda: at.sidebar.selectbox(key="jaar").set_value(years[i % 2])) for i in range(repeat * 2)]
    regions = [timed(lambda r=r: at.sidebar.selectbox(key="regio").set_value(r))
               for r in ["westhoek", "w13", "beide"] * max(1, repeat // 3)]
    return {"year (first time)": statistics.median(first), "year (cached)": statistics.median(cached),
            "region": statistics.median(regions)}


def main() -> None:
    print("\n".join(geometry_report(geometry_sizes())))
    print("Werkzaamheid: one script run after a change (median, server)")
    for name, seconds in rerun_times().items():
        print(f"  {name:<20} {seconds * 1000:6.0f} ms")


if __name__ == "__main__":
    main()
