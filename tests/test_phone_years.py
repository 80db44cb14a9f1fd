"""Issue 18 on a phone (390x844): a slide's chart of values per year
(`ui.components.projected`) labelled six or seven years in 20 px letters
over a phone's 250 px of plot, and they ran together. Its phone copy
(`charts.yearly.phone`) labels every n-th year, the latest among them, a
letter apart, and wraps its legend's names to the chart's width."""
from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
import pytest

from charts import yearly
from charts.fiche import NARROW_TITLE_WRAP, Panel, small_multiples, vacancy_bars
from charts.ranking import ranking
from charts.theme import array
from charts.theme import label_margin
from charts.trend import rate_trend
from ui.components import PHONE_PX, projected
from ui.presentation import FONT_SCALE, MIN_FONT_PX

AREAS = ["Menen", "Zuid-West-Vlaanderen (berekend)", "Vlaanderen (berekend)"]


def _series(first: int, last: int) -> pd.DataFrame:
    years = range(first, last + 1)
    return pd.DataFrame([(area, y, 5.0 + i + (y - first) / 10) for i, area in enumerate(AREAS) for y in years],
                        columns=["area", "year", "rate"])


def _gap_px(fig: go.Figure, ticks: list[int]) -> float:
    """The narrowest distance between two neighbouring year labels' middles on the phone (px), as the plot
    between the figure's margins holds the years (and half a year's room on either side, as bars take it)."""
    years = [int(x) for x in array(fig.data[0].x)]
    first, last = min(ticks[0], *years), max(ticks[-1], *years)
    plot = PHONE_PX - fig.layout.margin.l - fig.layout.margin.r
    return min(b - a for a, b in zip(ticks, ticks[1:])) * plot / (last - first + 1)


# A year's label (four digits in the slide's letters) and a letter between two of them.
NEEDED_PX = label_margin(["2024"], MIN_FONT_PX) - 12 + MIN_FONT_PX


@pytest.mark.parametrize("make", [
    lambda s: yearly.yearly(s, "rate", "Werkzoekendengraad Menen, Zuid-West-Vlaanderen en Vlaanderen (%)"),
    lambda s: rate_trend({a: rows for a, rows in s.groupby("area", sort=False)}, title="Werkzaamheidsgraad"),
    lambda s: vacancy_bars(s[s["area"] == AREAS[0]].rename(columns={"rate": "ontvangen"}).assign(open=3.0),
                           "Vacatures bij VDAB, Menen"),
], ids=["lijnen", "werkzaamheid", "vacatures"])
@pytest.mark.parametrize("span", [(2014, 2024), (2003, 2015), (1997, 2025)])
def test_a_phone_slides_years_stand_a_letter_apart(make, span):
    slide = projected(make(_series(*span)))
    phone = yearly.phone(slide, MIN_FONT_PX, FONT_SCALE, PHONE_PX)
    assert phone is not None
    ticks = list(phone.layout.xaxis.tickvals)
    assert ticks[-1] == span[1] and ticks[0] >= span[0] and len(ticks) >= 2, ticks
    assert _gap_px(phone, ticks) >= NEEDED_PX, (ticks, _gap_px(phone, ticks))
    # The slide's own labels (every n-th year of `YEAR_TICKS`, or every second) were closer: what the copy is for.
    shown = slide.layout.xaxis
    old = list(shown.tickvals) if shown.tickvals else list(range(span[0], span[1] + 1, int(shown.dtick or 1)))
    assert _gap_px(slide, old) < NEEDED_PX, old


def _small_multiples() -> go.Figure:
    """The Gemeentefiche's small multiples as a phone shows them (a panel a row), one panel modelled."""
    years = list(range(2014, 2025))
    panels = [Panel(title, {area: (years, [i + k for k in range(len(years))]) for i, area in enumerate(AREAS)},
                    modelled=modelled) for title, modelled in (("Werkzoekendengraad (%)", False),
                                                               ("Kansengroepen per 1.000 inwoners", True))]
    return small_multiples(panels, 1, title="Menen in één oogopslag", title_wrap=NARROW_TITLE_WRAP)


@pytest.mark.parametrize("make", [lambda: yearly.yearly(_series(2014, 2024), "rate", "Werkzoekendengraad (%)"),
                                  _small_multiples], ids=["lijnen", "kleine grafieken"])
def test_a_phone_slides_legend_fits_its_chart(make):
    slide = projected(make())
    phone = yearly.phone(slide, MIN_FONT_PX, FONT_SCALE, PHONE_PX)
    lines = [line for t in phone.data if t.name and t.showlegend is not False for line in t.name.split("<br>")]
    assert max(label_margin([line], MIN_FONT_PX) - 12 for line in lines) + 40 <= PHONE_PX - 16, lines
    assert any("<br>" in t.name for t in phone.data)   # the region's name was too long for one line
    title = phone.layout.legend.title.text   # the small multiples' modelled note
    assert title is None or max(label_margin([line], MIN_FONT_PX) - 12 for line in title.split("<br>")) \
        <= PHONE_PX - 16, title
    assert phone.layout.margin.b > slide.layout.margin.b   # room under the plot for the legend's lines
    assert list(dict.fromkeys(t.name for t in slide.data)) == AREAS   # the slide's figure itself unchanged


def test_only_values_per_year_get_a_phone_copy():
    bars = pd.DataFrame({"name_nl": ["Menen", "Wevelgem"], "rate": [70.0, 75.0]})
    assert yearly.phone(projected(ranking(bars, "rate", "Rang", "%{x}")), MIN_FONT_PX, FONT_SCALE, PHONE_PX) is None
    months = go.Figure(go.Scatter(x=["2024-01", "2024-02"], y=[1, 2]), layout=dict(height=300))
    assert yearly.phone(projected(months), MIN_FONT_PX, FONT_SCALE, PHONE_PX) is None
    # Years as categories (charts.trajecten.timeline): tick values of numbers would name no category.
    categories = go.Figure(go.Bar(x=["2021", "2022"], y=[1, 2]), layout=dict(height=300, xaxis_type="category"))
    assert yearly.phone(projected(categories), MIN_FONT_PX, FONT_SCALE, PHONE_PX) is None
