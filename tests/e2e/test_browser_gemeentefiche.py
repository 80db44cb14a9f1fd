"""Issue 18 on the Gemeentefiche in Chromium: a Westhoek municipality
without proeftuin participants shows the Lokaal Partnerschap as published
(budget, 'niet gepubliceerd'), Menen's 't Werkt period starts in 2020, and
the page prints without its sidebar and toolbars, every chart within the
page's width."""
from __future__ import annotations

import io

from pypdf import PdfReader

from tests.helpers import browser as rb
from loaders import budget, model_trajecten as model
from loaders.regions import REGIONS
from common import format as fmt

PAGES = {p.slug: p for p in rb.app_pages()}
SITES = model.META["assumptions"]["t_werkt"]["sites"]["value"]
LP = budget.PROGRAMMES["lp_westhoek"]
PRINT_WIDTH = 700   # CSS px across A4 within the print stylesheet's margins (views/gemeentefiche.py)
CHART_WIDTHS = """() => [...document.querySelectorAll('[data-testid="stPlotlyChart"] svg.main-svg')]
  .map(svg => svg.getBoundingClientRect().width)"""
HIDDEN_IN_PRINT = """() => ['stSidebar', 'stHeader'].map(id => {
  const e = document.querySelector(`[data-testid="${id}"]`);
  return e === null || getComputedStyle(e).display === 'none';
})"""


def main_text(page) -> str:
    return page.get_by_test_id("stMain").inner_text()


def test_westhoek_municipality_without_participants_shows_the_partnership_as_published(visit, store):
    with_participants = {n for (n,) in store.execute("select distinct nis from trajectories").fetchall()}
    without = sorted(set(REGIONS["westhoek"]["nis"]) - with_participants)[0]
    page = visit.open(PAGES["gemeentefiche"], f"gemeente={without}")
    text = main_text(page)
    assert "Geen trajecten" not in text
    assert LP["label"] in text and fmt.euro(LP["total_eur"]) in text
    assert "trajecten en uitkomsten niet gepubliceerd" in text
    visit.assert_clean(page)


def test_menen_period_starts_when_menen_joined(visit):
    menen = max(SITES, key=lambda nis: SITES[nis])   # the site that joined last
    page = visit.open(PAGES["gemeentefiche"], f"gemeente={menen}")
    period = f"{SITES[menen].year}-{budget.PROGRAMMES['t_werkt']['last_year']}"
    text = main_text(page)
    # A chart title breaks over lines (charts.theme.wrap_lines), drawn without a space between them.
    assert "".join(f"gemodelleerde verdeling, Menen ({period})".split()) in "".join(text.split())
    assert f"In Menen ({period}): " in text
    visit.assert_clean(page)


def test_fiche_prints_without_sidebar_and_with_charts_within_the_page(visit):
    page = visit.open(PAGES["gemeentefiche"], "gemeente=34027")
    assert max(page.evaluate(CHART_WIDTHS)) > PRINT_WIDTH   # on the screen wider than the printed page
    page.emulate_media(media="print")
    page.evaluate("() => window.dispatchEvent(new Event('beforeprint'))")
    assert all(page.evaluate(HIDDEN_IN_PRINT))
    widths = page.evaluate(CHART_WIDTHS)
    assert widths and max(widths) <= PRINT_WIDTH + 1, widths
    pdf = PdfReader(io.BytesIO(page.pdf(prefer_css_page_size=True)))
    text = "".join(p.extract_text() for p in pdf.pages)
    assert "Gemeentefiche Menen" in text and "Presentatiemodus" not in text   # the sidebar's switch is not printed
    page.evaluate("() => window.dispatchEvent(new Event('afterprint'))")
    page.emulate_media(media="screen")
    assert max(page.evaluate(CHART_WIDTHS)) > PRINT_WIDTH   # back as it was
    visit.assert_clean(page)
