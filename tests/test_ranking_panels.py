"""A ranking on a slide (`charts.ranking.panels`, drawn by
`ui.components.chart`): every municipality in exactly one panel with its
own value, largest first, each panel named bar by bar on the same range;
more than three panels hold: the top and the bottom, and a line for the
rest; a value never across a reference line. On a phone's slide
(`charts.ranking.phone`): one chart whose names leave its bars half the
width. The target groups' composition: each value clear of its row's
markers."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from charts.kansengroepen import MARKER_PX, composition
from charts.ranking import MAX_PANELS, REFERENCE_MARK, panels, phone, ranking
from charts.theme import label_margin
from common import format as fmt
from page_models.common import RANKING_LIMIT
from tests.helpers.pages import array
from ui import presentation
from ui.components import PHONE_PX, SLIDE_PX, projected
from ui.urlstate import plain

SIZES = (presentation.PANEL_BARS, presentation.MIN_FONT_PX, presentation.FONT_SCALE, SLIDE_PX)
# Names of every length the region has: the longest left a phone's slide no room for its bars.
NAMES = ["Langemark-Poelkapelle", "Spiere-Helkijn", "Kortrijk", "Ieper", "Zonnebeke", "Heuvelland", "Waregem"]


def frame_of(n: int) -> pd.DataFrame:
    return pd.DataFrame({"name_nl": [NAMES[i] if i < len(NAMES) else f"Gemeente {i}" for i in range(n)],
                         "value": np.linspace(0.5, 3.0, n)[::-1], "count": range(n)})


def test_a_long_ranking_stands_in_panels_with_every_bar_once():
    frame = frame_of(3 * presentation.PANEL_BARS)
    fig = ranking(frame, "value", "Rangschikking", "%{y}", custom=["count"], references={"Vlaanderen: 1,2": 1.2},
                  modelled=False)
    shown_panels = panels(projected(fig), *SIZES)
    assert shown_panels.title == "Rangschikking" and len(shown_panels.parts) == len(shown_panels.widths) > 1
    assert shown_panels.left_out is None
    shown = {}
    for part in shown_panels.parts:
        bar = part.data[0]
        assert len(bar.y) <= presentation.PANEL_BARS
        assert list(part.layout.yaxis.tickvals) == list(bar.y)   # every bar named
        assert part.layout.xaxis.range == shown_panels.parts[0].layout.xaxis.range
        assert [s.x0 for s in part.layout.shapes] == [1.2]
        shown |= {name: (x, c[0]) for name, x, c in zip(bar.y, bar.x, bar.customdata)}
    expected = {name: (value, count) for name, value, count in frame.itertuples(index=False)}
    assert shown == expected
    first = shown_panels.parts[0].data[0]
    assert max(first.x) == frame["value"].max()   # the largest on the first panel, at its top
    assert first.y[-1] == frame.loc[frame["value"].idxmax(), "name_nl"]


def test_a_short_ranking_stays_one_chart():
    frame = pd.DataFrame({"name_nl": [f"G{i}" for i in range(presentation.PANEL_BARS)],
                          "value": range(presentation.PANEL_BARS)})
    fig = projected(ranking(frame, "value", "Kort", "%{y}", modelled=False))
    assert panels(fig, *SIZES) is None
    assert list(fig.layout.yaxis.tickvals) == list(fig.data[0].y)   # still every bar named


@pytest.mark.parametrize("n", [3 * presentation.PANEL_BARS + 1, RANKING_LIMIT])
def test_a_ranking_beyond_three_panels_shows_its_top_and_bottom_and_says_what_it_leaves_out(n):
    """Issue 18.1: 31 to 40 bars (Flanders, or a choice of so many) stood in three panels of 14, taller than a
    laptop's slide: at most `CUT_PANEL_BARS` a panel (at 1366x768 Flanders' rows of 16 px ran their names
    together under the lines that say what is left out), the largest in the first panels, the smallest in the
    last, each name after its place, and a line that says which places are left out."""
    frame = frame_of(n)
    fig = ranking(frame, "value", "Rangschikking", "%{y}", custom=["count"], modelled=False)
    shown = panels(projected(fig), *SIZES, presentation.CUT_PANEL_BARS)
    per = presentation.CUT_PANEL_BARS   # the lines that say what is left out take a few bars' height
    assert len(shown.parts) == MAX_PANELS
    assert all(len(part.data[0].y) <= per for part in shown.parts)
    ranked = frame.sort_values("value", ascending=False)["name_nl"].tolist()
    top, bottom = (MAX_PANELS - 1) * per, per
    places = [*range(1, top + 1), *range(n - bottom + 1, n + 1)]
    expected = [f"{place}. {ranked[place - 1]}" for place in places]
    drawn = [name for part in shown.parts for name in reversed(part.data[0].y)]   # each panel top to bottom
    assert drawn == expected
    for part in shown.parts:   # every bar still named, with its own value and data
        bar = part.data[0]
        assert list(part.layout.yaxis.tickvals) == list(bar.y)
        values = frame.set_index("name_nl")["value"]
        assert [values[name.split(". ", 1)[1]] for name in bar.y] == pytest.approx(list(bar.x))
    assert shown.left_out == (f"Plaats {top + 1} tot {n - bottom} van {n} staan niet op deze dia; "
                              f"de pagina buiten de presentatie toont ze alle {n}.")


def test_a_value_beside_its_bar_never_crosses_a_reference_line():
    """Issue 18.2: a bar ending just short of the region's average had its value drawn across the dashed
    line (Kansengroepen's panels): that value stands beyond the line, the others beside their bars."""
    frame = frame_of(3 * presentation.PANEL_BARS)
    line = float(frame["value"].iloc[12]) + 0.01   # just beyond one bar's end, short of the next
    fig = ranking(frame, "value", "Rangschikking", "%{y}", references={"gemiddelde Westhoek: 1,9": line},
                  modelled=False)
    shown = panels(projected(fig), *SIZES)
    moved = {}
    for part, width in zip(shown.parts, shown.widths):
        bar, plot = part.data[0], part.layout
        low, high = plot.xaxis.range
        per_px = (high - low) / (width - plot.margin.l - plot.margin.r)   # the value axis' units per pixel
        positions = [bar.textposition] * len(bar.y) if isinstance(bar.textposition, str) else bar.textposition
        for name, value, position in zip(bar.y, bar.x, positions):
            text = fmt.number(value, 1)
            if position == "none":
                note = next(a for a in plot.annotations if a.yref == "y" and a.y == name)
                assert note.x == line and note.xanchor == "left" and note.xshift > 0 and note.text == text
                moved[name] = value
            else:   # beside its bar: past the line, or its letters (label_margin's estimate) end short of it
                reach = value + (label_margin([text], presentation.MIN_FONT_PX) - 12) * per_px
                assert position == "outside" and (value >= line or reach < line)
    assert frame.iloc[12]["name_nl"] in {name.split(". ", 1)[-1] for name in moved}


def test_a_phone_slides_ranking_leaves_its_bars_half_the_width():
    """Issue 18 (390x844): the phone's copy of a slide's ranking kept the margins of the longest name and
    value in 20 px letters and left its plot about 2 px: names in lines, every bar named, the plot at least
    half the chart, rows as high as their lines."""
    frame = frame_of(3 * presentation.PANEL_BARS)
    fig = ranking(frame, "value", "Nieuwkomers (doelgroep inburgering), per 1.000 inwoners (2024)", "%{y}",
                  references={"gemiddelde Westhoek + Zuid-West-Vlaanderen: 5,3 per 1.000 inwoners": 1.9},
                  modelled=True)
    title, small, height = phone(projected(fig), presentation.MIN_FONT_PX, presentation.FONT_SCALE, PHONE_PX)
    assert title == "Nieuwkomers (doelgroep inburgering), per 1.000 inwoners (2024)"
    bar, lay = small.data[0], small.layout
    assert lay.margin.l + lay.margin.r <= PHONE_PX / 2
    assert lay.margin.l >= label_margin([line for name in bar.y for line in name.split("<br>")],
                                        presentation.MIN_FONT_PX)
    assert list(lay.yaxis.tickvals) == list(bar.y) and len(bar.y) == len(frame)
    assert [name.replace("-<br>", "-").replace("<br>", " ") for name in bar.y] == \
        frame.sort_values("value")["name_nl"].tolist()
    lines = max(name.count("<br>") + 1 for name in bar.y)
    assert height >= len(bar.y) * lines * presentation.MIN_FONT_PX
    # The reference's note in lines the phone's chart holds, under the plot.
    note = next(a for a in lay.annotations if a.text.startswith(REFERENCE_MARK))
    assert all(label_margin([line], presentation.MIN_FONT_PX) <= PHONE_PX for line in note.text.split("<br>"))


def test_a_slide_title_above_the_panels_is_plain_text():
    """Review: the panels' title is shown literally by `ui.urlstate.plain` (an address in a title was a link)."""
    from streamlit.testing.v1 import AppTest

    def script():
        import pandas as pd
        import streamlit as st

        from charts.ranking import ranking
        from ui import components
        st.session_state["presentatie"] = True
        frame = pd.DataFrame({"name_nl": [f"Gemeente {i}" for i in range(30)], "value": range(30)})
        components.chart(ranking(frame, "value", "Zie www.voorbeeld.be *niet vet*", "%{y}", modelled=False),
                         key="rangschikking", filename="rangschikking")

    at = AppTest.from_function(script, default_timeout=60).run()
    assert not at.exception, [e.message for e in at.exception]
    titles = [m.value for m in at.markdown if "voorbeeld" in m.value]
    assert titles and all(t == f"**{plain('Zie www.voorbeeld.be *niet vet*')}**" for t in titles), titles


def composition_rows() -> tuple[pd.DataFrame, dict[str, pd.Series]]:
    """Three groups: a short bar with both markers over its start, one with a marker just past its end, a long
    one with its markers inside."""
    rows = pd.DataFrame({"label": ["Nieuwkomers (2024, officieel)", "Langdurig werkzoekenden (2015, gemodelleerd)",
                                   "Inactieven (2015, gemodelleerd)"],
                         "group": ["Nieuwkomers", "Langdurig werkzoekenden", "Inactieven"], "year": [2024, 2015, 2015],
                         "per_1000": [7.9, 10.8, 130.1], "value": [272, 371, 4480],
                         "modelled": [False, True, True], "hidden": [False] * 3}, index=["a", "b", "c"])
    return rows, {"Zuid-West-Vlaanderen": pd.Series({"a": 6.7, "b": 11.2, "c": 116.0}),
                  "Vlaanderen": pd.Series({"a": 8.1, "b": 11.9, "c": 130.0})}


def test_the_compositions_values_stand_clear_of_the_markers():
    """Issue 18.2 (the Gemeentefiche at 1920x1080): a value inside a short bar stood under the region's and
    Flanders' markers: each value beside its bar, beyond its row's markers where they reach further, on the
    page and on a slide (its rows renamed)."""
    rows, references = composition_rows()
    for fig in (composition(rows, "Menen", references, "Menen: doelgroepen"),
                projected(composition(rows, "Menen", references, "Menen: doelgroepen"))):
        bar = fig.data[0]
        assert bar.textposition == "none"   # no value inside a bar
        notes = {a.y: a for a in fig.layout.annotations if a.yref == "y"}
        assert set(notes) == set(bar.y)
        for name, value, (code, row) in zip(bar.y, array(bar.x), rows.iloc[::-1].iterrows()):
            furthest = max(value, *(ref[code] for ref in references.values()))
            note = notes[name]
            assert note.text == fmt.number(row["per_1000"], 1) and note.x == furthest and note.xanchor == "left"
            assert note.xshift >= (MARKER_PX / 2 if furthest > value else 0)
        assert fig.layout.xaxis.range[1] > max(max(array(bar.x)), *(ref.max() for ref in references.values()))
