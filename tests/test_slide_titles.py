"""Issue 18: a chart title wrapped for a phone (`charts.theme.TITLE_WRAP`)
takes a slide's longer lines on the projector (`ui.components.projected`),
and its top margin gives back the room of the lines it no longer has."""
from __future__ import annotations

from charts.theme import TITLE_WRAP, figure, wrap_lines
from ui.components import SLIDE_WRAP, projected


def test_a_slide_rewraps_a_title_wrapped_for_a_phone():
    title = " ".join(["Werkzaamheidsgraad"] * 4)   # over a phone's line, within a slide's
    assert TITLE_WRAP < len(title) <= SLIDE_WRAP
    fig = figure([], wrap_lines(title))
    slide = projected(fig)
    assert "<br>" in fig.layout.title.text and slide.layout.title.text == title
    assert slide.layout.margin.t < fig.layout.margin.t
    assert fig.layout.title.text == wrap_lines(title)   # the original (a cached figure) unchanged
