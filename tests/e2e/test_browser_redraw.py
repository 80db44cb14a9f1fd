"""Issue 14, a year change in Chromium: Streamlit hands plotly.js every new
figure twice, the second time as a JSON copy, and plotly.js redrew the
whole chart both times; static/titles.js then relaid out each title it
wrapped to the chart's width, a third redraw. static/redraw.js makes a
figure handed over again unchanged change nothing in its chart, and a
chart's title comes in its lines before the draw."""
from __future__ import annotations

from tests.helpers import browser as rb

PAGES = {p.slug: p for p in rb.app_pages()}

# Hands the first visible titled chart's figure to plotly.js again as a JSON copy, as Streamlit does (its
# title one word longer when `retitle`), and counts the changes to the chart's elements until two frames later.
HAND_OVER = """async (retitle) => {
  const gd = [...document.querySelectorAll('[data-testid="stMain"] .js-plotly-plot')]
    .find(g => g.getClientRects().length && g.layout.title && g.layout.title.text);
  const fig = JSON.parse(JSON.stringify({data: gd.data, layout: gd.layout}));
  if (retitle) fig.layout.title.text += ' opnieuw';
  let changes = 0;
  const seen = new MutationObserver(records => { changes += records.length; });
  seen.observe(gd, {subtree: true, childList: true, attributes: true, characterData: true});
  await window.Plotly.react(gd, fig);
  await new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)));
  seen.disconnect();
  return changes;
}"""
COUNT_RELAYOUTS = """() => {
  window.__rmRelayouts = 0;
  const relayout = window.Plotly.relayout;
  window.Plotly.relayout = function (...args) { window.__rmRelayouts += 1; return relayout.apply(this, args); };
}"""
# Every visible chart with a title has had it fitted by titles.js (its `passend` mark).
TITLES_FITTED = """() => [...document.querySelectorAll('[data-testid="stMain"] .js-plotly-plot')]
  .filter(gd => gd.getClientRects().length && gd.layout && gd.layout.title && gd.layout.title.text)
  .every(gd => gd.dataset.rmTitle === 'passend')"""


def test_a_figure_handed_over_again_unchanged_is_not_drawn_again(visit):
    page = visit.open(PAGES["gemeentefiche"])
    unchanged, retitled = page.evaluate(HAND_OVER, False), page.evaluate(HAND_OVER, True)
    # Before redraw.js both redrew the chart: 616 and 617 changes.
    assert unchanged * 20 < retitled, (unchanged, retitled)
    visit.assert_clean(page)


def test_a_year_change_relays_out_no_title(visit):
    page = visit.open(PAGES["gemeentefiche"])
    page.wait_for_function(TITLES_FITTED, polling="raf")
    page.evaluate(COUNT_RELAYOUTS)
    shown = rb.sidebar_widget(page, "stSelectbox", "Jaar").locator("input").input_value()
    visit.choose(page, "Jaar", str(int(shown) - 1))
    page.wait_for_function(TITLES_FITTED, polling="raf")
    assert page.evaluate("() => window.__rmRelayouts") == 0
    visit.assert_clean(page)
