"""A year change that leaves a chart's figures as they were sends the same
chart, so the browser keeps it instead of drawing it again: before a
series' first year (the population reaches back to 1997, VDAB to 2014) the
pages show each series' first year whatever year is chosen. A chart's file
name and cache key follow the years it shows, not the chosen one (a
composition's redraw was most of the browser's work for a year change)."""
from __future__ import annotations

import json

import pytest

from tests.helpers import open_page


def charts(at) -> dict[str, tuple]:
    """Each chart of the page by its key: its figure and its configuration (file name included)."""
    return {c.proto.id: (json.loads(c.proto.spec), json.loads(c.proto.config)) for c in at.main.get("plotly_chart")}


@pytest.mark.parametrize("page", ["gemeentefiche", "kansengroepen"])
def test_a_year_that_shows_the_same_figures_sends_the_same_charts(app, page):
    at = open_page(app, f"views/{page}.py", regio="beide")
    first, second = sorted(map(int, at.selectbox(key="jaar").options))[:2]   # both before any series but population
    before = charts(at.selectbox(key="jaar").set_value(first).run())
    after = charts(at.selectbox(key="jaar").set_value(second).run())
    assert not at.exception
    assert before, f"{page} drew no chart in {first}"
    assert after == before


def test_a_year_that_shows_the_same_figures_builds_no_chart_again(app, monkeypatch):
    """Kansengroepen keeps its charts under the years they show: a year
    change before every series' first year builds none of them again."""
    from ui import data

    at = open_page(app, "views/kansengroepen.py", regio="beide")
    first, second = sorted(map(int, at.selectbox(key="jaar").options))[:2]
    at.selectbox(key="jaar").set_value(first).run()
    built, call = [], data._call

    def counted(func, args, kwargs):   # what a cache miss computes; a chart is `_as_dict` of its builder
        if getattr(func, "func", None) is data._as_dict:
            built.append(func.args[0].__name__)
        return call(func, args, kwargs)

    monkeypatch.setattr(data, "_call", counted)
    at.selectbox(key="jaar").set_value(second).run()
    assert not at.exception
    assert len(at.main.get("plotly_chart")) >= 3
    assert built == []
