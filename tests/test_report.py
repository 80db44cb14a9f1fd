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
from charts import svg
from common import format as fmt
from page_models import report
from tests.helpers.reference import vdab_file_rate
from page_models.fiche import CATEGORY_LABELS, LABELS, collect

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

    con = duckdb.connect(str(store_path), read_only=True)
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
        citation = report.CITATIONS["publications"].get(indicator) or report.readable(meta.at[indicator, "citation"])
        assert " ".join(citation.split()) in text
        assert meta.at[indicator, "licence"] in text
        assert f"{meta.at[indicator, 'title']} ({fmt.quality(meta.at[indicator, 'quality'])}: " in text
    assert "Bron: Steunpunt Werk (werkzaamheidsgraad, officieel)" in text
    for producer, where in report.CITATIONS["producers"].items():   # where a reader looks each one up
        if fiche.sources["producer"].str.contains(producer, regex=False).any():
            assert where in text, producer


# What a reader cannot look up: a path in a repository, a file of this one, a commit.
REPOSITORY_TEXT = re.compile(r"\b(seeds|loaders|queries|analysis|charts|views|ui|tests)/|\.(py|ya?ml|sql|txt)\b|"
                             r"\b[0-9a-f]{40}\b|NetBeck22|bmesuere|RoelPi|github", re.IGNORECASE)


@pytest.mark.parametrize("text, expected", [
    ("'t Werkt: artikel van 12/2022 (seeds/003_bb69c85a39019d85.txt); proeftuin: fiche 'X' (seeds/001_9.txt)",
     "'t Werkt: artikel van 12/2022; proeftuin: fiche 'X'"),
    ("DVV Westhoek, 'LP' (projectdossier goedgekeurd door Europa WSE; seeds/002_9c.txt)",
     "DVV Westhoek, 'LP' (projectdossier goedgekeurd door Europa WSE)"),
    ("Eigen model van Regiomonitor Werk (loaders/model_trajecten.py): trajecten", "Eigen model van Regiomonitor Werk: "
                                                                                 "trajecten"),
    ("Statbel, via NetBeck22/education (som van de deelgemeenten)", "Statbel (som van de deelgemeenten)"),
    ("(bron: Steunpunt Werk, via open data: RoelPi/data_visualization_course, 2018)", "(bron: Steunpunt Werk, 2018)"),
    ("Onderwijs Vlaanderen / Statbel, via provincies.incijfers.be (export 21/05/2026)",
     "Onderwijs Vlaanderen / Statbel, via provincies.incijfers.be (export 21/05/2026)"),   # dates and names stay
])
def test_readable_removes_repository_paths_only(text, expected):
    assert report.readable(text) == expected


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
    assert document.count("</style") == 1   # the name in the page footer (CSS) is escaped too
    assert not {"script", "img"} & set(page.tags)
    chart = Parsed(svg.RENDERER.svg(figures(hostile, LABELS, CATEGORY_LABELS)["werkzaamheid"]))
    assert HOSTILE.replace(" ", "") in chart.all("text").replace(" ", "")   # shown as text (a long title wraps) ...
    assert not {"script", "img", "a"} & set(chart.tags)     # ... never as markup
    assert not [name for name, _ in chart.attrs if name.startswith("on")]


def test_file_name_says_what_and_when(fiche):
    assert report.filename(fiche) == f"gemeentefiche_{fiche.name}_{YEAR}.html"
    assert report.filename(replace(fiche, name="Spiere-Helkijn / De Panne")).startswith(
        "gemeentefiche_Spiere-Helkijn-De-Panne_")


BOTTOM_MARGIN_PT = 18 / 25.4 * 72   # report.CSS: @page margin 15mm 15mm 18mm


@pytest.fixture(scope="module")
def printed(rendered, tmp_path_factory, browser) -> tuple[list[str], list[float], str]:
    """The report printed to PDF by Chromium as a reader's browser prints
    it (A4 from its own CSS): per page its text, how far down its content
    reaches (share of the page's height), and the PDF's path; the pages
    also as PNG files where poppler is installed, to look at."""
    from pypdf import PdfReader

    path = tmp_path_factory.mktemp("report") / "report.pdf"
    page = browser.new_page()
    page.set_content(rendered)
    page.pdf(path=str(path), prefer_css_page_size=True)
    page.close()
    texts, reach = [], []
    for pdf_page in PdfReader(path).pages:
        height, heights = float(pdf_page.mediabox.height), []

        def visit(text, cm, tm, font, size):   # the text's baseline, in points from the bottom
            if text.strip():
                heights.append(tm[4] * cm[1] + tm[5] * cm[3] + cm[5])

        texts.append(pdf_page.extract_text(visitor_text=visit))
        content = [y for y in heights if y > BOTTOM_MARGIN_PT]   # the page number and footer stand below
        reach.append(1 - min(content) / height)
    return texts, reach, str(path)


def test_printed_report_has_page_numbers_and_its_footer_on_every_page(fiche, printed):
    texts, _, _ = printed
    assert len(texts) > 1
    for number, text in enumerate(texts, start=1):
        assert f"Pagina {number} van {len(texts)}" in text, number
        assert f"Gemeentefiche {fiche.name} · {fmt.day(MADE)}" in text, number


def test_printed_report_cites_no_repository_path(printed, rendered):
    texts, _, _ = printed
    assert not REPOSITORY_TEXT.search(Parsed(rendered).all()), REPOSITORY_TEXT.search(Parsed(rendered).all())
    for text in texts:
        assert not REPOSITORY_TEXT.search(text), REPOSITORY_TEXT.search(text)


# Printed height (mm) of every block that cannot break across pages: a chart, with its section's heading when it
# opens the section (the heading is kept with it).
BLOCKS = """() => [...document.querySelectorAll('figure')].map(f => {
  const first = f.previousElementSibling && f.previousElementSibling.tagName === 'H2' ? f.previousElementSibling : f;
  return (f.getBoundingClientRect().bottom - first.getBoundingClientRect().top) * 25.4 / 96;
})"""
TEXT_HEIGHT_MM = 297 - 15 - 18   # A4 within report.CSS's @page margins


def test_printed_report_has_no_half_empty_page(printed, rendered, browser):
    """Every page but the last is filled at least halfway down, because no
    block that cannot break is taller than half a page (a block goes to the
    next page only when less than its height is left)."""
    _, reach, _ = printed
    assert all(r > 0.5 for r in reach[:-1]), [round(r, 2) for r in reach]
    page = browser.new_page(viewport={"width": round(180 / 25.4 * 96), "height": 1000})   # A4's text width
    page.emulate_media(media="print")
    page.set_content(rendered)
    blocks = page.evaluate(BLOCKS)
    page.close()
    assert blocks and max(blocks) < TEXT_HEIGHT_MM / 2, [round(b) for b in blocks]


# Boxes of the modelled notes, and of the titles, bar and legend labels they could cover, in every chart.
BOXES = """() => [...document.querySelectorAll('figure svg')].map(svg => {
  const box = e => { const b = e.getBoundingClientRect(); return [b.left, b.top, b.right, b.bottom, e.textContent]; };
  const texts = [...svg.querySelectorAll('.annotation')];
  return {notes: texts.filter(a => a.textContent.includes('geen officiële cijfers')).map(box),
          labels: [...svg.querySelectorAll('.gtitle, .g-gtitle text, .bartext, .legendtext, .annotation-text')]
                  .filter(t => !t.textContent.includes('geen officiële cijfers')).map(box)};
})"""


def test_no_modelled_note_over_a_title_or_label(rendered, browser):
    """18.14: in the report the note 'gemodelleerd: geen officiële cijfers'
    covers no chart title, panel title, bar label or legend entry."""
    page = browser.new_page(viewport={"width": 900, "height": 1200})
    page.set_content(rendered)
    charts = page.evaluate(BOXES)
    page.close()
    noted = [c for c in charts if c["notes"]]
    assert noted, "the Menen fiche holds modelled charts"
    for chart in noted:
        for left, top, right, bottom, _ in chart["notes"]:
            for l2, t2, r2, b2, text in chart["labels"]:
                assert right <= l2 or r2 <= left or bottom <= t2 or b2 <= top, text
