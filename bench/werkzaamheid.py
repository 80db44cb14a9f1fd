"""Benchmark of the Werkzaamheid page: how much geometry the map sends to
the browser, and how long a filter or year change takes to re-render.

Run from the project root: `python -m bench.werkzaamheid` (uses the store at
REGIOMONITOR_DB, or the default one; builds it if needed). `geometry_sizes()`
and `rerun_times()` return the numbers for a combined benchmark script.

Measured through AppTest, so the numbers are for the real page code: the
geometry is what the plotly figure carries (the bytes Streamlit sends), the
time is one script run on the server (queries, transforms, figure), not the
browser's drawing.
"""
from __future__ import annotations

import json
import statistics
import time

from streamlit.testing.v1 import AppTest

from loaders.config import PROJECT_ROOT

PAGE = "views/werkzaamheid.py"
MAP_KEY = "werkzaamheid_kaart"
LIMITS_KB = {"beide": 150, "vlaanderen": 1024}


def _page(region: str = "beide", municipalities: list[str] | None = None) -> AppTest:
    at = AppTest.from_file(str(PROJECT_ROOT / "app.py"), default_timeout=120)
    at.run()
    at.session_state["regio"] = region
    at.session_state["gemeente"] = municipalities or []
    at.switch_page(PAGE).run()
    if at.exception:
        raise RuntimeError(at.exception[0].message)
    return at


def map_spec(at: AppTest) -> dict:
    """The plotly figure of the map as sent to the browser."""
    charts = [el for el in at.get("plotly_chart") if MAP_KEY in el.proto.id]
    return json.loads(charts[0].proto.spec)


def geometry_sizes() -> dict[str, dict[str, float]]:
    """Per scenario: features, geometry KB (GeoJSON in the figure) and the
    whole figure in KB."""
    scenarios = {"beide": ("beide", None), "w13": ("w13", None),
                 "menen": ("w13", ["34027"]), "vlaanderen": ("vlaanderen", None)}
    out = {}
    for name, (region, chosen) in scenarios.items():
        spec = map_spec(_page(region, chosen))
        geo = [t["geojson"] for t in spec["data"] if "geojson" in t]
        out[name] = {
            "features": sum(len(g["features"]) for g in geo),
            "geometry_kb": sum(len(json.dumps(g, separators=(",", ":"))) for g in geo) / 1024,
            "figure_kb": len(json.dumps(spec, separators=(",", ":"))) / 1024,
        }
    return out


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
    return {"jaar (eerste keer)": statistics.median(first), "jaar (in cache)": statistics.median(cached),
            "regio": statistics.median(regions)}


def main() -> None:
    print("Werkzaamheid: geometrie naar de browser")
    for name, row in geometry_sizes().items():
        limit = LIMITS_KB.get(name)
        print(f"  {name:<11} {row['features']:>4} gemeenten  geometrie {row['geometry_kb']:7.1f} KB"
              f"  figuur {row['figure_kb']:7.1f} KB" + (f"  (grens {limit} KB)" if limit else ""))
    print("Werkzaamheid: één run na een wijziging (mediaan, server)")
    for name, seconds in rerun_times().items():
        print(f"  {name:<20} {seconds * 1000:6.0f} ms")


if __name__ == "__main__":
    main()
