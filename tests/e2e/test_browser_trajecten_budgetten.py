"""Issue 18 in Chromium: Trajecten shows only what the programmes published
(no invented partnership results, the whole programme's flow as published,
Menen's period from 2020, Kortrijk's job count shown) and Budgetten opens on
the yearly budget, its years and who pays what, with Sankey labels that keep
the euro with its amount and do not overlap on a laptop or a phone."""
from __future__ import annotations

import io
import re

import pandas as pd
import pytest

from tests.helpers import browser as rb
from tests.helpers.e2e import CUT_TEXT, LAPTOP, PHONE, SLIDE_FIT, TABLES, position, step
from ui.presentation import MIN_FONT_PX, NAV_KEY
from charts.theme import MODELLED_NOTE
from loaders import budget, model_trajecten as model
from common import format as fmt

PAGES = {p.slug: p for p in rb.app_pages()}
SLIDE_SIZES = [{"width": 1920, "height": 1080}, {"width": 1366, "height": 768}]   # a projector, a laptop
PUBLISHED = model.META["published"]
SITES = model.META["assumptions"]["t_werkt"]["sites"]["value"]
LP = budget.PROGRAMMES["lp_westhoek"]
# Every label of the Sankey: its lines (plotly draws a <br> as a tspan) and its box.
SANKEY_LABELS = """() => [...document.querySelectorAll('.sankey .node-label')].map(t => {
  const b = t.getBoundingClientRect();
  const lines = [...t.querySelectorAll('tspan.line')].map(s => s.textContent);
  return {lines: lines.length ? lines : [t.textContent], left: b.left, right: b.right, top: b.top, bottom: b.bottom};
})"""
# The lines of the labels of the flows drawn as bars (a phone), in the visible chart without a Sankey.
FLOW_BAR_LINES = """() => [...document.querySelectorAll('[data-testid="stMain"] .js-plotly-plot')]
  .filter(gd => gd.getClientRects().length && !gd.querySelector('.sankey') && gd.querySelector('.barlayer .point'))
  .slice(0, 1).flatMap(gd => [...gd.querySelectorAll('.annotation-text')])
  .flatMap(t => { const lines = [...t.querySelectorAll('tspan.line')].map(s => s.textContent);
                  return lines.length ? lines : [t.textContent]; })"""
SANKEY_BOX = """() => { const b = document.querySelector('.sankey').closest('.main-svg').getBoundingClientRect();
  return {left: b.left, right: b.right}; }"""
# The visible Sankey's room: its chart's drawn height, per column of nodes (by x) the height from its top node's
# top to its bottom node's bottom, each label's letter size, and the empty band under the chart: to the next
# text, table or chart below it, or to the slide's control bar.
SANKEY_ROOM = """(bar) => {
  const gd = [...document.querySelectorAll('.js-plotly-plot')].find(g => g.querySelector('.sankey') && g.getClientRects().length);
  const chart = gd.querySelector('.main-svg').getBoundingClientRect();
  const columns = {};
  for (const rect of gd.querySelectorAll('.sankey-node rect')) {
    const b = rect.getBoundingClientRect(), x = Math.round(b.left);
    columns[x] = [Math.min(b.top, (columns[x] || [Infinity])[0]), Math.max(b.bottom, (columns[x] || [0, -Infinity])[1])];
  }
  const below = [...document.querySelectorAll('[data-testid="stMain"] :is(p, [data-testid="stAlert"], table, .js-plotly-plot)')]
    .filter(el => el.getClientRects().length && el !== gd).map(el => el.getBoundingClientRect().top)
    .filter(top => top >= chart.bottom - 1);
  const bottom = bar ? document.querySelector(bar).getBoundingClientRect().top : Infinity;
  return {height: chart.height, spans: Object.values(columns).map(([top, end]) => end - top),
          letters: [...gd.querySelectorAll('.sankey .node-label')].map(t => parseFloat(getComputedStyle(t).fontSize)),
          empty: Math.min(bottom, ...below) - chart.bottom};
}"""


def open_at(visit, slug: str, query: str = "", viewport: dict | None = None):
    """Like `visit.open`, at a viewport of its own."""
    page = visit.context.new_page()
    page.set_viewport_size(viewport or rb.VIEWPORT)
    page.on("pageerror", lambda exc: visit.script_errors.append(str(exc)))
    page.goto(visit.server.page_url(PAGES[slug], query))
    rb.run_done(page)
    visit.wait_for_charts(page)
    return page


def sankey_labels(page) -> list[dict]:
    chart = page.locator(".sankey").first
    chart.scroll_into_view_if_needed()
    rb.charts_still(page)
    return page.evaluate(SANKEY_LABELS)


def node_value(labels: list[dict], name: str) -> str:
    """The value line of the label that starts with `name`."""
    label = next(lab for lab in labels if lab["lines"][0] == name)
    return next(line for line in label["lines"] if line[0].isdigit() or line.startswith("€"))


def sankey_modelled(page) -> bool:
    chart = page.get_by_test_id("stPlotlyChart").filter(has=page.locator(".sankey"))
    return MODELLED_NOTE in chart.inner_text()


def download(page, index: int = -1) -> tuple[str, pd.DataFrame]:
    """Click a 'CSV downloaden' button (the last: the table per municipality)."""
    button = page.get_by_role("button", name="CSV downloaden").nth(index)
    button.scroll_into_view_if_needed()
    with page.expect_download() as caught:
        button.click()
    done = caught.value
    raw = open(done.path(), "rb").read()
    return done.suggested_filename, pd.read_csv(io.BytesIO(raw), sep=";", encoding="utf-8-sig", dtype=str,
                                                 keep_default_na=False)


def test_trajecten_shows_only_published_results(visit):
    # 18.9: no invented partnership participants added under 'Alle programma's'.
    page = open_at(visit, "trajecten")
    started = sum(pub["started"] for pub in PUBLISHED.values())
    assert node_value(sankey_labels(page), model.META["labels"]["started"]) == fmt.number(started)
    main = page.get_by_test_id("stMain").inner_text()
    assert "Wat de programma's publiceerden" in main and fmt.euro(LP["total_eur"]) in main
    visit.assert_clean(page)

    page = open_at(visit, "trajecten", "regio=westhoek&programma=lp_westhoek")
    assert f"{LP['label']}: trajecten en uitkomsten niet gepubliceerd" in page.get_by_test_id("stMain").inner_text()
    assert page.locator(".sankey").count() == 0
    visit.assert_clean(page)


def test_trajecten_whole_programme_is_official_and_kortrijks_jobs_are_shown(visit, store):
    # 18.10: 't Werkt's totals are the published ones, not "gemodelleerd";
    # Kortrijk's job count is not hidden for Menen's one training.
    page = open_at(visit, "trajecten", "regio=w13&programma=t_werkt")
    labels = sankey_labels(page)
    assert node_value(labels, model.META["labels"]["job"]) == fmt.number(PUBLISHED["t_werkt"]["outcomes"]["job"])
    assert not sankey_modelled(page)
    _, table = download(page)
    kortrijk = min(SITES, key=SITES.get)
    jobs = store.execute("select sum(n) from trajectory_counts where programme = 't_werkt' and nis = ? "
                         "and outcome = 'job'", [kortrijk]).fetchone()[0]
    assert table.set_index("NIS-code").at[kortrijk, model.META["labels"]["job"]] == str(jobs)
    visit.assert_clean(page)


def test_menens_period_and_file_names_start_when_menen_joined(visit, store):
    # 18.10: Menen joined 't Werkt in 2020.
    menen = max(SITES, key=SITES.get)
    name, = store.execute("select name_nl from municipalities where nis = ?", [menen]).fetchone()
    first, last = store.execute("select min(start_year), max(start_year) from trajectory_counts where nis = ?",
                                [menen]).fetchone()
    assert first >= SITES[menen].year
    page = open_at(visit, "trajecten", f"regio=w13&gemeente={menen}")
    ended, = store.execute("select last_year from programmes where programme = 't_werkt'").fetchone()
    assert f"{name} {SITES[menen].year}-{ended}" in page.get_by_test_id("stMain").inner_text()
    filename, _ = download(page)
    assert filename == f"trajecten_alle-programmas_{name}_startjaren-{first}-{last}_gemeenten.csv"
    visit.assert_clean(page)


@pytest.mark.parametrize("viewport", [LAPTOP, PHONE], ids=["laptop", "phone"])
@pytest.mark.parametrize("split", [False, True], ids=["published", "split"])
def test_budgetten_opens_on_the_budget_and_its_sankey_reads(visit, viewport, split):
    # 18.11: the first screen answers "how much a year, which years, who
    # pays what"; the Sankey's labels keep € with the amount, never caption
    # it "niet gepubliceerd", and do not overlap.
    page = open_at(visit, "budgetten", "verdeling=1" if split else "", viewport)
    years = list(budget.years(LP))
    headline = page.get_by_test_id("stHeading").filter(has_text="per jaar").first
    assert headline.inner_text().strip() == f"{LP['label']}: {fmt.euro(LP['total_eur'])} per jaar, " \
                                            f"{years[0]}-{years[-1]}"
    assert headline.bounding_box()["y"] + headline.bounding_box()["height"] <= viewport["height"]
    main = page.get_by_test_id("stMain").inner_text()
    assert "Wie betaalt wat" in main

    if viewport == PHONE:   # the flows as bars, each under its label (test_browser_layout.py)
        lines = page.evaluate(FLOW_BAR_LINES)
        amounts = [line for line in lines if "€" in line]
        assert amounts and all(line.startswith("€\u00a0") for line in amounts), amounts
        assert not [line for line in lines if "niet gepubliceerd" in line and "€" in line]
        visit.assert_clean(page)
        return
    labels = sankey_labels(page)
    box = page.evaluate(SANKEY_BOX)
    lines = [line for label in labels for line in label["lines"]]
    amounts = [line for line in lines if "€" in line]
    assert len(amounts) == len(labels) and all(line.startswith("€\u00a0") for line in amounts), amounts
    assert not [line for line in lines if "niet gepubliceerd" in line and "€" in line]
    for label in labels:
        assert box["left"] - 1 <= label["left"] and label["right"] <= box["right"] + 1, label
    assert not overlapping(labels)
    visit.assert_clean(page)


def overlapping(labels: list[dict]) -> list[tuple[list[str], list[str]]]:
    """The pairs of Sankey labels whose boxes overlap, by their lines."""
    return [(a["lines"], b["lines"]) for i, a in enumerate(labels) for b in labels[i + 1:]
            if not (a["right"] <= b["left"] or b["right"] <= a["left"] or a["bottom"] <= b["top"]
                    or b["bottom"] <= a["top"])]


# Where a Sankey is checked: Budgetten's on the page and on both slides, Trajecten's (seven outcomes, labels of up
# to 73 characters) on the projector's slide.
SANKEYS = [("budgetten", None), *(("budgetten", size) for size in SLIDE_SIZES), ("trajecten", SLIDE_SIZES[0])]
SANKEY_SHOWN = "() => [...document.querySelectorAll('.sankey')].some(el => el.getClientRects().length > 0)"


@pytest.mark.parametrize("slug, size", SANKEYS,
                         ids=lambda v: v if isinstance(v, str) else f"slide-{v['width']}x{v['height']}" if v else "page")
def test_sankey_fills_its_room_with_labels_apart(visit, slug, size):
    """Issue 18.1/18.11 on the projector and a laptop's slide: the Sankey of
    Budgetten filled a third of its slide (the phone's hidden copy of the
    chart kept half the slide, a legend's room the Sankey has not another
    70 px), and at 1366x768 its funders' labels lay over each other; on the
    projector Trajecten's outcomes did. Its nodes now span most of the
    chart, nothing empty under it, labels apart, in a slide's letters, with
    € beside each amount; on the page as well."""
    page = open_at(visit, slug, "presentatie=1" if size else "", size or LAPTOP)
    if size:   # the clicker to the flows' slide: the chart drawn after a slide without it
        while not page.evaluate(SANKEY_SHOWN):
            step(visit, page, lambda: page.keyboard.press("PageDown"))
        fit = page.evaluate(SLIDE_FIT, MIN_FONT_PX)
        assert fit["overflow"] <= 2 and not fit["small"], fit
    bar = f".st-key-{NAV_KEY}" if size else None
    labels = sankey_labels(page)
    room = page.evaluate(SANKEY_ROOM, bar)
    assert max(room["spans"]) >= 0.6 * room["height"], room
    assert room["empty"] <= 40, room
    assert not overlapping(labels)
    if size is not None:
        assert min(room["letters"]) >= MIN_FONT_PX, room
    if slug == "budgetten":
        amounts = [line for label in labels for line in label["lines"] if "€" in line]   # on a slide after the name
        assert len(amounts) == len(labels) and all(re.search(r"(^|: )€\u00a0\d", line) for line in amounts), amounts
    visit.assert_clean(page)


def test_budget_tables_show_every_column_on_the_page_and_its_slides(visit):
    """The cost per trajectory's seven columns ran out of the page and of
    its slide at 1366 px (Berekening cut, behind a sideways scroll), and a
    slide's data grid drew its own smaller letters and, stretched, empty
    rows: HTML tables in the slide's letters, their headers whole."""
    page = open_at(visit, "budgetten", viewport=LAPTOP)
    assert page.evaluate(TABLES) and max(page.evaluate(TABLES)) <= 1 and not page.evaluate(CUT_TEXT)
    page = open_at(visit, "budgetten", "presentatie=1", LAPTOP)
    while position(page).startswith("Budgetten"):   # its slides, up to the next page's first
        assert max(page.evaluate(TABLES), default=0) <= 1 and not page.evaluate(CUT_TEXT), position(page)
        fit = page.evaluate(SLIDE_FIT, MIN_FONT_PX)
        assert fit["overflow"] <= 2 and not fit["small"], (position(page), fit)
        grids = page.get_by_test_id("stMain").get_by_test_id("stDataFrameResizable")
        assert not [g for g in grids.all() if g.is_visible()], f"a data grid on {position(page)}"
        step(visit, page, lambda: page.keyboard.press("PageDown"))
    visit.assert_clean(page)


# Per visible HTML table cell in the main area: an amount whose € sign the browser put on another line than
# its first digit (the cell wrapped at the space between them).
PARTED_EUROS = """() => [...document.querySelectorAll('[data-testid="stMain"] [data-testid="stTable"] td')]
  .filter(td => td.getClientRects().length).flatMap(td => {
    const walker = document.createTreeWalker(td, NodeFilter.SHOW_TEXT), parted = [];
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      for (const match of node.textContent.matchAll(/€\\s\\S/g)) {
        const range = document.createRange();
        range.setStart(node, match.index); range.setEnd(node, match.index + 1);
        const sign = range.getBoundingClientRect();
        range.setStart(node, match.index + 2); range.setEnd(node, match.index + 3);
        if (Math.abs(range.getBoundingClientRect().top - sign.top) > 2) parted.push(td.innerText);
      }
    }
    return parted;
  })"""


def test_budget_tables_on_a_phone_keep_the_euro_with_its_amount(visit):
    """Issue 18.11 on a phone: the flows table's narrow 'Bedrag' column
    wrapped '€ 3.653.342,10' at its space, the € alone above the amount."""
    page = open_at(visit, "budgetten", viewport=PHONE)
    cells = page.get_by_test_id("stMain").get_by_test_id("stTable").locator("td").filter(has_text="€")
    assert cells.count() > 0
    assert page.evaluate(PARTED_EUROS) == []
    visit.assert_clean(page)
