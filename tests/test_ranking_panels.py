"""A ranking on a slide (`charts.ranking.panels`, drawn by
`ui.components.chart`): every municipality in exactly one panel with its
own value, largest first, each panel named bar by bar on the same range."""
from __future__ import annotations

import numpy as np
import pandas as pd

from charts.ranking import panels, ranking
from ui import presentation
from ui.components import SLIDE_PX, projected


def test_a_long_ranking_stands_in_panels_with_every_bar_once():
    frame = pd.DataFrame({"name_nl": [f"Gemeente {i}" for i in range(3 * presentation.PANEL_BARS)],
                          "value": np.linspace(0.5, 3.0, 3 * presentation.PANEL_BARS)[::-1],
                          "count": range(3 * presentation.PANEL_BARS)})
    fig = ranking(frame, "value", "Rangschikking", "%{y}", custom=["count"], references={"Vlaanderen: 1,2": 1.2},
                  modelled=False)
    title, parts, widths = panels(projected(fig), presentation.PANEL_BARS, presentation.MIN_FONT_PX,
                                  presentation.FONT_SCALE, SLIDE_PX)
    assert title == "Rangschikking" and len(parts) == len(widths) > 1
    shown = {}
    for part in parts:
        bar = part.data[0]
        assert len(bar.y) <= presentation.PANEL_BARS
        assert list(part.layout.yaxis.tickvals) == list(bar.y)   # every bar named
        assert part.layout.xaxis.range == parts[0].layout.xaxis.range
        assert [s.x0 for s in part.layout.shapes] == [1.2]
        shown |= {name: (x, c[0]) for name, x, c in zip(bar.y, bar.x, bar.customdata)}
    expected = {name: (value, count) for name, value, count in frame.itertuples(index=False)}
    assert shown == expected
    first = parts[0].data[0]
    assert max(first.x) == frame["value"].max()   # the largest on the first panel, at its top
    assert first.y[-1] == frame.loc[frame["value"].idxmax(), "name_nl"]


def test_a_short_ranking_stays_one_chart():
    frame = pd.DataFrame({"name_nl": [f"G{i}" for i in range(presentation.PANEL_BARS)],
                          "value": range(presentation.PANEL_BARS)})
    fig = projected(ranking(frame, "value", "Kort", "%{y}", modelled=False))
    assert panels(fig, presentation.PANEL_BARS, presentation.MIN_FONT_PX, presentation.FONT_SCALE, SLIDE_PX) is None
    assert list(fig.layout.yaxis.tickvals) == list(fig.data[0].y)   # still every bar named
