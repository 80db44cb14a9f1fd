"""Screenshots of the dashboard for the README and for checking a release on
a laptop, a projector and a phone: every page in app.py (normal mode, both
regions) and the Gemeentefiche of Menen at 1920x1080, 1366x768 and 390x844,
saved as docs/screenshots/<size>/<name>.png; at the same sizes every slide
of every presented page (`?presentatie=1`, the Gemeentefiche of Menen),
`presentatie_<page>_<n>.png`. Then, with a meeting recorded (as the Regie
page records one, status changes a month before it), the Regie page with
its meeting pack and every slide of the pack (`regie_pakket.png`,
`presentatie_regie_pakket_<n>.png`).

    .venv/bin/python scripts/screenshots.py                  # all of them
    .venv/bin/python scripts/screenshots.py presentatie vacatures   # only the files whose name starts so
    .venv/bin/python scripts/screenshots.py --help

A page is shot whole (the window made as tall as the page, up to
MAX_SCREENS screens: the main area scrolls inside the window, so a
full-page shot of the document would stop at the first screen); a slide is
one screen. PNGs with a 256-colour palette, to keep the repository small
(a colour bar's gradient shows in steps).

The app runs on a free loopback port on its own store, built from the
reference files into a temporary folder (as the benchmarks do), in Debian's
headless Chromium (tests/helpers/browser.py).
"""
from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

from PIL import Image

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.helpers import browser as rb  # noqa: E402
from tests.helpers.regie import record_meeting  # noqa: E402
from loaders.config import PROJECT_ROOT  # noqa: E402

OUT = PROJECT_ROOT / "docs" / "screenshots"
SIZES = [(1920, 1080), (1366, 768), (390, 844)]
MAX_SCREENS = 6
# The link parameters of the README (not imported from ui.filters, which
# needs a Streamlit runtime for its caches).
BOTH_REGIONS, MENEN = "regio=beide", "regio=w13&gemeente=34027"
NOT_PRESENTED = {"beheer"}   # as app.py's NOT_PRESENTED
# How many slides the page has: the control bar's "dia 1 van <n>".
SLIDE_COUNT = """() => { const m = document.body.innerText.match(/dia \\d+ van (\\d+)/);
  return m && Number(m[1]); }"""
SETTLE_MS = 1500   # chart transitions after the charts report data
RESIZE_MS = 500
# How tall the page is: the main area and the sidebar scroll inside the window.
PAGE_HEIGHT = """() => Math.max(document.documentElement.scrollHeight,
  ...[...document.querySelectorAll('[data-testid="stMain"], [data-testid="stSidebarContent"]')].map(e => e.scrollHeight))"""


def shots(pages: list[rb.AppPage]) -> list[tuple[str, rb.AppPage, str]]:
    """(file name, page, query) of every screenshot at one size."""
    by_slug = {p.slug: p for p in pages}
    listed = [(f"{p.slug}.png", p, BOTH_REGIONS) for p in pages]
    listed.append(("gemeentefiche_menen.png", by_slug["gemeentefiche"], MENEN))
    return listed


def presented(pages: list[rb.AppPage]) -> list[tuple[str, rb.AppPage, str]]:
    """(name, page, query) of every page presented: both regions, the Gemeentefiche of Menen."""
    return [(p.slug, p, MENEN if p.slug == "gemeentefiche" else BOTH_REGIONS) for p in pages
            if p.slug not in NOT_PRESENTED]


def slide_shots(browser, server: rb.Server, decks: list[tuple[str, rb.AppPage, str]], size: tuple[int, int]
                ) -> list[tuple[str, rb.AppPage, str]]:
    """(file name, page, query) of every slide of each (name, page, query)
    of `decks` at `size`, `presentatie_<name>_<n>.png`: as many as the
    page's control bar counts there."""
    listed = []
    context = browser.new_context(viewport=dict(zip(("width", "height"), size)), locale="nl-BE")
    context.add_init_script(rb.PROBE)
    page = context.new_page()
    for name, app_page, query in decks:
        query = f"presentatie=1&{query}"
        page.goto(server.page_url(app_page, query))
        rb.run_done(page)
        count = page.wait_for_function(SLIDE_COUNT).json_value()
        listed += [(f"presentatie_{name}_{n + 1}.png", app_page, f"{query}&dia={n}") for n in range(count)]
    context.close()
    return listed


def record_pack(db: Path) -> int:
    """A meeting on `db` with more status changes before it than a slide holds (`tests.helpers.regie`); its id."""
    os.environ["REGIOMONITOR_DB"] = str(db)
    return record_meeting(None, "screenshots")


def shoot(context, url: str, path: Path, whole: bool) -> None:
    """Open `url` in a new session, wait for its charts and save the window
    (grown to the page's height when `whole`) as a palette PNG."""
    page = context.new_page()
    page.goto(url)
    rb.run_done(page)
    rb.charts_drawn(page)
    page.wait_for_timeout(SETTLE_MS)
    if whole:   # only taller: the charts keep their width
        width, height = page.viewport_size["width"], page.viewport_size["height"]
        page.set_viewport_size({"width": width, "height": min(page.evaluate(PAGE_HEIGHT), MAX_SCREENS * height)})
        page.wait_for_timeout(RESIZE_MS)
    path.parent.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(path))
    page.close()
    Image.open(path).convert("RGB").quantize(256).save(path, optimize=True)


def take(browser, server: rb.Server, sizes: list[tuple[int, int]], listed: list[tuple[str, rb.AppPage, str]],
         only: list[str]) -> None:
    """The screenshots `listed` whose name starts with one of `only` (all when empty), at each of `sizes`."""
    for width, height in sizes:
        context = browser.new_context(viewport={"width": width, "height": height}, locale="nl-BE")
        context.set_default_timeout(rb.TIMEOUT_MS)
        context.add_init_script(rb.PROBE)
        for name, app_page, query in listed:
            if only and not name.startswith(tuple(only)):
                continue
            path = OUT / f"{width}x{height}" / name
            shoot(context, server.page_url(app_page, query), path, whole="presentatie=1" not in query)
            print(f"{path.relative_to(PROJECT_ROOT)}: {app_page.title} ?{query}")
        context.close()


def wanted(prefix: str, only: list[str]) -> bool:
    """Whether files whose name starts with `prefix` may be among those `only` asks for (all when empty)."""
    return not only or any(prefix.startswith(o) or o.startswith(prefix) for o in only)


def main(only: list[str]) -> int:
    reason = rb.chromium_missing()
    if reason:
        print(f"Cannot take screenshots: {reason}.", file=sys.stderr)
        return 1
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        db = rb.fresh_store(folder)
        with rb.Server(rb.APP, db, folder / "streamlit.log") as server, sync_playwright() as p:
            browser = rb.launch(p.chromium)
            pages = rb.app_pages()
            take(browser, server, SIZES, shots(pages), only)
            if wanted("presentatie_", only):
                for size in SIZES:
                    take(browser, server, [size], slide_shots(browser, server, presented(pages), size), only)
            regie_page = next(p for p in pages if p.slug == "regie")
            # The app reads each run's published version: the pack shows from the next page opened.
            if wanted("regie_pakket", only) or wanted("presentatie_regie_pakket", only):
                pack = f"vergadering={record_pack(db)}"
                take(browser, server, SIZES, [("regie_pakket.png", regie_page, pack)], only)
                for size in SIZES:
                    take(browser, server, [size],
                         slide_shots(browser, server, [("regie_pakket", regie_page, pack)], size), only)
            browser.close()
    return 0


def arguments(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description="Screenshots of every page and of chosen slides at 1920x1080, 1366x768 and 390x844, saved in "
                    f"{OUT.relative_to(PROJECT_ROOT)}/<size>/ (the app on a store built from the reference files, in "
                    "headless Chromium).")
    parser.add_argument("only", nargs="*", metavar="NAME",
                        help="only the files whose name starts so (e.g. presentatie vacatures); all when none given")
    return parser.parse_args(argv)


if __name__ == "__main__":
    sys.exit(main(arguments(sys.argv[1:]).only))
