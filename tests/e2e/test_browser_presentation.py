"""Presentation mode in the browser, as on a projector with a clicker:
`?presentatie=1` hides the sidebar, PageDown and 'Volgende' step through
the sections and on to the next page."""
from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

from tests.helpers import browser as rb
from tests.helpers.e2e import HOME, PHONE, Visit, position, step
from ui.presentation import MIN_FONT_PX, NAV_KEY

PAGES = rb.app_pages()
def controls_on_screen(page) -> bool:
    """'Volgende' is in the viewport without scrolling (a slide may be taller)."""
    box = page.get_by_role("button", name="Volgende ▶").bounding_box()
    return box is not None and 0 <= box["y"] and box["y"] + box["height"] <= page.viewport_size["height"]


def test_presentation_steps_with_the_clicker_keys(visit):
    page = visit.open(HOME, "presentatie=1")
    visit.assert_clean(page)
    assert page.get_by_test_id("stSidebar").is_hidden()
    assert controls_on_screen(page)
    first = position(page)
    assert first.startswith(f"{HOME.title} · dia 1 van ")

    second = step(visit, page, lambda: page.keyboard.press("PageDown"))
    assert second.startswith(f"{HOME.title} · dia 2 van ")
    assert parse_qs(urlsplit(page.url).query)["dia"] == ["1"]
    # 'Volgende' until the next page of the sequence opens.
    for _ in range(int(first.rsplit(" ", 1)[1])):
        shown = step(visit, page, lambda: page.get_by_role("button", name="Volgende ▶").click())
        if not shown.startswith(HOME.title):
            break
    nxt = PAGES[1]
    assert shown.startswith(f"{nxt.title} · dia 1 van "), shown
    assert urlsplit(page.url).path == f"/{nxt.url_path}"
    assert parse_qs(urlsplit(page.url).query).get("presentatie") == ["1"]
    assert page.get_by_test_id("stSidebar").is_hidden()
    assert controls_on_screen(page)


# The size of the page's letters and of a chart's tick labels, in the browser.
SIZES = """() => ({root: parseFloat(getComputedStyle(document.documentElement).fontSize),
  tick: Math.max(...[...document.querySelectorAll('[data-testid="stMain"] .xtick text')]
                 .map(t => parseFloat(t.style.fontSize || getComputedStyle(t).fontSize)))})"""


def leave_presentation(visit):
    """The page's letters before, on a slide, and the tab after 'Stop presentatie' (Esc)."""
    normal = visit.open(HOME)
    before = normal.evaluate(SIZES)
    page = visit.open(HOME, "presentatie=1&dia=2")   # the jobseeker rate over the years
    on_slide = page.evaluate(SIZES)
    since = page.evaluate(rb.NOW)
    page.keyboard.press("Escape")
    rb.run_done(page, since)
    page.get_by_test_id("stSidebar").wait_for(state="visible")
    visit.wait_for_charts(page)
    visit.assert_clean(page)
    return before, on_slide, page


def test_leaving_presentation_restores_the_page(visit):
    """'Stop presentatie' (Esc) gives the normal page back: the sidebar, the
    normal letters on the page, and a link without `presentatie` and `dia`."""
    before, on_slide, page = leave_presentation(visit)
    assert on_slide["root"] > before["root"] and on_slide["tick"] > before["tick"]
    assert not {"presentatie", "dia"} & set(parse_qs(urlsplit(page.url).query))
    assert page.evaluate(SIZES)["root"] == before["root"]


def test_leaving_presentation_restores_the_chart_letters(visit):
    """Streamlit's charts turn their theme's rem sizes into pixels when they
    are drawn; the run that leaves presentation mode draws them while the
    slide's style is still in the page, and they kept the slide's tick size
    (static/presentation.js)."""
    before, _, page = leave_presentation(visit)
    assert page.evaluate(SIZES)["tick"] == before["tick"]


def test_the_controls_are_one_compact_bar_on_a_phone(browser, server):
    """On a phone Streamlit stacked the four controls: the bar took a third
    of the screen. Now at most an eighth, every button on the screen."""
    visit = Visit.new(browser, server, PHONE)
    try:
        page = visit.open(HOME, "presentatie=1")
        bar = page.locator(f".st-key-{NAV_KEY}").bounding_box()
        assert bar["height"] <= PHONE["height"] / 8, bar
        for name in ("◀ Vorige", "Volgende ▶", "Stop presentatie"):
            box = page.get_by_role("button", name=name).bounding_box()
            assert bar["y"] <= box["y"] and box["y"] + box["height"] <= PHONE["height"], (name, box)
        visit.assert_clean(page)
    finally:
        visit.context.close()


# Per visible button and text of the control bar: its text, on how many lines, its smallest letters (px) and
# its top (px).
BAR_TEXTS = """(key) => [...document.querySelectorAll(`.st-key-${key} :is(button, [data-testid="stMarkdownContainer"]:not(button *))`)]
  .filter(el => el.getClientRects().length).map(el => {
    const tops = [], sizes = [];
    const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      if (!node.textContent.trim()) continue;
      const range = document.createRange();
      range.selectNodeContents(node);
      const rects = [...range.getClientRects()].filter(r => r.width > 0);
      if (rects.length) sizes.push(parseFloat(getComputedStyle(node.parentElement).fontSize));
      for (const r of rects) if (!tops.some(top => Math.abs(top - r.top) < r.height / 2)) tops.push(r.top);
    }
    return {text: el.innerText.trim(), lines: tops.length, size: Math.min(...sizes),
            top: Math.round(el.getBoundingClientRect().top)};
  })"""


def test_the_phone_bar_reads_in_a_slides_letters_on_one_line(browser, server):
    """On a phone the control bar's texts were 16 px, under a slide's 20 px: now in the slide's letters, and
    still the three buttons side by side, each label on one line, the position ("Gemeentefiche · dia 1 van
    14", the longest page title) on one line above them."""
    fiche = next(p for p in PAGES if p.script == "views/gemeentefiche.py")
    visit = Visit.new(browser, server, PHONE)
    try:
        page = visit.open(fiche, "presentatie=1&regio=w13&gemeente=34027")
        texts = page.evaluate(BAR_TEXTS, NAV_KEY)
        buttons = [t for t in texts if t["text"] in ("◀ Vorige", "Volgende ▶", "Stop presentatie")]
        assert len(buttons) == 3 and any(" · dia " in t["text"] for t in texts), texts
        assert all(t["size"] >= MIN_FONT_PX and t["lines"] == 1 for t in texts), texts
        assert len({t["top"] for t in buttons}) == 1, buttons
        visit.assert_clean(page)
    finally:
        visit.context.close()


# The words of the page's title that the browser broke over two lines.
BROKEN_WORDS = """() => {
  const h1 = document.querySelector('[data-testid="stMain"] h1');
  const text = h1.firstChild && h1.firstChild.nodeType === 3 ? h1.firstChild : h1.querySelector('span').firstChild;
  const broken = [];
  for (const m of text.textContent.matchAll(/\\S+/g)) {
    const range = document.createRange();
    range.setStart(text, m.index);
    range.setEnd(text, m.index + m[0].length);
    if (new Set([...range.getClientRects()].map(r => Math.round(r.top))).size > 1) broken.push(m[0]);
  }
  return broken;
}"""


def test_a_slide_title_keeps_its_words_whole_on_a_phone(browser, server):
    """On a phone a slide's title in the slide's 44 px letters between wide
    margins broke 'Kansengroepen' into 'Kansengroepe' and 'n'."""
    visit = Visit.new(browser, server, PHONE)
    try:
        for app_page in PAGES:
            page = visit.open(app_page, "presentatie=1")
            assert page.evaluate(BROKEN_WORDS) == [], app_page.title
            page.close()
    finally:
        visit.context.close()
