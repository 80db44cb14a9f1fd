"""Issue 18.1-2: a table on a slide is an HTML table in the slide's letters
(`ui.layout.table`), never a data grid, and its rows go over as many slides
as they need (`ui.presentation.Rows`): every row on exactly one slide, in
the table's order, at most `TABLE_ROWS` a slide and `TABLE_SLIDES` slides;
at Flanders' scale the last says where the rest is."""
from __future__ import annotations

import re

import pytest

from common import format as fmt
from tests.helpers.pages import html_tables
from ui.presentation import TABLE_ROWS, TABLE_SLIDES, split

PAGE = "views/werkzaamheid.py"
MOST = TABLE_ROWS * TABLE_SLIDES


@pytest.mark.parametrize("total", range(0, MOST + TABLE_ROWS + 2))
def test_every_row_on_exactly_one_slide_in_order(total):
    parts = split(total, "gemeenten")
    shown = parts[-1].stop
    assert [row for p in parts for row in range(p.start, p.stop)] == list(range(shown))
    assert len(parts) <= TABLE_SLIDES and all(p.stop - p.start <= TABLE_ROWS for p in parts)
    sizes = [p.stop - p.start for p in parts]
    assert max(sizes) - min(sizes) <= 1, sizes   # 12 rows: 6 and 6, not 10 and 2
    # Every row when the slides hold them; else the line for the rest, on the last slide only.
    assert shown == total if total <= MOST else MOST - TABLE_ROWS < shown < total
    assert [p.rest is not None for p in parts] == [total > MOST and k == len(parts) - 1 for k in range(len(parts))]
    if total > MOST:
        assert f"de eerste {shown}" in parts[-1].rest and f"({fmt.number(total)} gemeenten)" in parts[-1].rest
    assert all(p.label == (f" ({p.start + 1}-{p.stop} van {total})" if len(parts) > 1 or shown < total else "")
               for p in parts)


def ranking_slides(app, region: str) -> tuple[list[tuple[str, list[str], list[str]]], list[str]]:
    """Werkzaamheid's ranking slides at `region`: per slide its heading, its
    table's municipalities and its captions; then the ranking's
    municipalities as the page (out of presentation mode) shows them. Fails
    on a data grid on any of the page's slides."""
    app.query_params.update({"presentatie": "1", "regio": region})
    app.run()
    app.switch_page(PAGE).run()
    slides = []
    while True:
        assert not app.exception, [e.message for e in app.exception]
        where = next(m.value for m in app.markdown if " · dia " in m.value)
        assert where.startswith("**Werkzaamheid**"), where
        assert not app.get("dataframe"), f"a data grid on {where}"
        heading = next((h.value for h in app.subheader if h.value.startswith("Rangschikking")), None)
        if heading:
            slides.append((heading, list(html_tables(app)[0]["Gemeente"]), [c.value for c in app.caption]))
        slide, count = map(int, re.search(r"dia (\d+) van (\d+)", where).groups())
        if slide == count:
            break
        next(b for b in app.button if b.label == "Volgende ▶").click().run()
    next(b for b in app.button if b.label == "Stop presentatie").click().run()
    assert not app.exception, [e.message for e in app.exception]
    return slides, list(app.dataframe[0].value["Gemeente"])


def test_the_ranking_goes_over_slides_every_municipality_once_in_order(app):
    slides, ranking = ranking_slides(app, "beide")
    assert TABLE_ROWS < len(ranking) <= MOST   # both regions: more than one slide holds, fewer than the cap
    assert [name for _, names, _ in slides for name in names] == ranking
    assert len(slides) == -(-len(ranking) // TABLE_ROWS)
    start = 1
    for heading, names, _ in slides:
        assert heading.endswith(f" ({start}-{start + len(names) - 1} van {len(ranking)})"), heading
        start += len(names)
    assert not any("volledige tabel" in c for _, _, captions in slides for c in captions)


def test_flanders_ranking_has_at_most_its_slides_and_says_where_the_rest_is(app):
    slides, ranking = ranking_slides(app, "vlaanderen")
    assert len(ranking) > MOST
    assert len(slides) == TABLE_SLIDES
    names = [name for _, names, _ in slides for name in names]
    assert MOST - TABLE_ROWS < len(names) < len(ranking) and names == ranking[:len(names)]
    rest = [c for c in slides[-1][2] if "volledige tabel" in c]
    assert rest and f"({fmt.number(len(ranking))} gemeenten)" in rest[0], slides[-1][2]
    assert not any("volledige tabel" in c for _, _, captions in slides[:-1] for c in captions)
