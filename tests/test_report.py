"""The printable report of the Gemeentefiche, parsed back: the municipality,
its figures (equal to the store), the summary, every source with its
quality, charts as inline SVG rendered by the system Chromium, A4 print
CSS, nothing fetched from outside; without a browser a whole report with a
note; a hostile name escaped everywhere."""
from __future__ import annotations

import re
from dataclasses import replace
from datetime import date
from html.parser import HTMLParser

import pytest

from analysis.summary import summary
from charts.fiche import figures
from queries import run_query
from ui import format as fmt, report, svg
from tests.test_gemeentefiche import vdab_file_rate
from ui.fiche import CATEGORY_LABELS, LABELS, collect

MENEN, YEAR, RATE_YEAR = "34027", 2024, 2015   # the fiche's year; the employment rate's last
MADE = date(2026, 11, 23)
HOSTILE = '<script>alert("x")</script> & <img src=x onerror=alert(1)>'


class Parsed(HTMLParser):
    """Text per tag, the tags, and their attributes."""

    def __init__(self, document: str):
        super().__init__(convert_charrefs=True)
        self.stack, self.tags, self.attrs, self.text = [], [], [], {}
        self.feed(document)

    def handle_starttag(self, tag, attrs):
        self.stack.append(tag)
        self.tags.append(tag)
        self.attrs += attrs

    def handle_endtag(self, tag):
        while self.stack and self.stack.pop() != tag:
            pass

    def handle_data(self, data):
        for tag in set(self.stack):
            self.text.setdefault(tag, []).append(data)

    def all(self, tag: str = "body") -> str:
        return "".join(self.text.get(tag, []))


@pytest.fixture(scope="module")
def fiche(store_path):
    import duckdb

    con = duckdb.connect(str(store_path))
    try:
        return collect(lambda name, **p: run_query(con, name, **p), MENEN, YEAR)
    finally:
        con.close()


@pytest.fixture(scope="module")
def rendered(fiche) -> str:
    return report.render(fiche, MADE, "abcd1234")


def no_browser() -> svg.Renderer:
    return svg.Renderer("/nonexistent/chromium")


def test_report_holds_the_municipality_its_figures_and_summary(fiche, rendered, store):
    page = Parsed(rendered)
    assert page.all("h1") == f"Gemeentefiche {fiche.name}"
    assert fiche.name in page.all("title") and str(YEAR) in page.all("title")
    rate = store.execute("select value from indicators where indicator = 'werkzaamheidsgraad' and nis = ? "
                         "and period = ?", [MENEN, str(RATE_YEAR)]).fetchone()[0]
    cells = page.text["td"]
    assert fmt.number(rate, 1) in cells
    assert "gemaakt op 23/11/2026" in page.all("p")
    for sentence in summary(fiche, LABELS):
        assert sentence in page.all("li")
    for label in fiche.indicators["label"]:     # every figure of the fiche, with its quality
        assert label in cells
    assert {"officieel", "gemodelleerd"} <= set(cells)


def test_report_carries_the_2024_figures_with_the_export_date(fiche, rendered):
    """VDAB's jobseeker rate of the fiche's year, as in VDAB's own file, in the
    key figures, its table and the summary; the employment rate's year said
    as its last; the export date in the sources and the rows' source."""
    page = Parsed(rendered)
    rows = [r for r in re.findall(r"<tr>(.*?)</tr>", rendered) if ">Werkzoekendengraad<" in r]
    jobseekers = fmt.number(vdab_file_rate(fiche.name, YEAR), 1)
    assert rows and jobseekers in rows[0] and f">{YEAR}<" in rows[0] and "(export 21/05/2026)" in rows[0]
    assert f"{fiche.name}: werkzoekendengraad {jobseekers} % in {YEAR}" in page.all("li")
    assert f"in {RATE_YEAR}, het laatste beschikbare jaar" in page.all("li")
    assert "(export 21/05/2026)" in page.all("p")   # the sections' source lines


def test_report_names_every_source_with_quality_and_licence(fiche, rendered, store):
    text = Parsed(rendered).all()
    meta = store.execute("select * from indicator_meta").df().set_index("indicator")
    for indicator in fiche.sources["indicator"]:
        assert meta.at[indicator, "citation"] in text
        assert meta.at[indicator, "licence"] in text
        assert f"{meta.at[indicator, 'title']} ({fmt.quality(meta.at[indicator, 'quality'])})" in text
    assert "Bron: Steunpunt Werk (werkzaamheidsgraad, officieel)" in text


def test_report_charts_are_inline_svg_and_nothing_is_fetched(fiche, rendered):
    page = Parsed(rendered)
    assert page.tags.count("svg") == len(figures(fiche, LABELS, CATEGORY_LABELS))
    assert report.NO_CHARTS not in page.all()
    assert not {"script", "link", "img", "iframe"} & set(page.tags)
    urls = [value for name, value in page.attrs if name in ("src", "href") and value]
    assert all(not value.startswith(("http:", "https:", "//")) for value in urls), urls
    assert "@page { size: A4" in page.all("style") and "@media print" in page.all("style")


def test_report_chart_labels_fit_inside_the_chart(rendered):
    """The y tick labels end (text-anchor end) far enough right to be drawn
    inside the SVG: without automargin they stuck out on the left, cut off."""
    labels = re.findall(r'<g class="ytick"><text text-anchor="end" x="([-\d.]+)"[^>]*>([^<]+)</text>', rendered)
    assert labels
    for x, text in labels:
        assert float(x) >= 5 * len(text), (x, text)


def test_report_without_a_browser_is_whole_with_a_note(fiche):
    document = report.render(fiche, MADE, "abcd1234", renderer=no_browser())
    page = Parsed(document)
    assert report.NO_CHARTS in page.all("p")
    assert "svg" not in page.tags
    assert page.all("h1") == f"Gemeentefiche {fiche.name}"
    assert set(fiche.indicators["label"]) <= set(page.text["td"])
    assert "Traceback" not in document


def test_renderer_without_browser_says_unavailable_at_once():
    renderer = no_browser()
    for _ in range(2):   # the failure is remembered, not retried per chart
        with pytest.raises(svg.Unavailable):
            renderer.ensure()


def test_hostile_name_is_escaped_in_text_and_charts(fiche):
    hostile = replace(fiche, name=HOSTILE)
    document = report.render(hostile, MADE, "<b>v</b>", renderer=no_browser())
    page = Parsed(document)
    assert page.all("h1") == f"Gemeentefiche {HOSTILE}"
    assert HOSTILE not in document and "<script" not in document and "<b>v" not in document
    assert not {"script", "img"} & set(page.tags)
    chart = Parsed(svg.RENDERER.svg(figures(hostile, LABELS, CATEGORY_LABELS)["werkzaamheid"]))
    assert HOSTILE in chart.all("text")      # shown as text ...
    assert not {"script", "img", "a"} & set(chart.tags)     # ... never as markup
    assert not [name for name, _ in chart.attrs if name.startswith("on")]


def test_file_name_says_what_and_when(fiche):
    assert report.filename(fiche) == f"gemeentefiche_{fiche.name}_{YEAR}.html"
    assert report.filename(replace(fiche, name="Spiere-Helkijn / De Panne")).startswith(
        "gemeentefiche_Spiere-Helkijn-De-Panne_")
