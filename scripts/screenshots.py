"""Screenshots of the dashboard for the README and for checking a release on
a projector: every page in app.py (normal mode, both regions), the
Gemeentefiche of Menen, and presentation mode (`?presentatie=1`) of
Werkzaamheid and the Gemeentefiche, at 1920x1080, saved in docs/.

    .venv/bin/python scripts/screenshots.py

The app runs on a free loopback port on its own store, built from the
reference files into a temporary folder (as the benchmarks do), in Debian's
headless Chromium (tests/helpers/browser.py).
"""
from __future__ import annotations

import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.helpers import browser as rb  # noqa: E402
from loaders.config import PROJECT_ROOT  # noqa: E402

DOCS = PROJECT_ROOT / "docs"
SCREEN = {"width": 1920, "height": 1080}
# The link parameters of the README (not imported from ui.filters, which
# needs a Streamlit runtime for its caches).
BOTH_REGIONS, MENEN = "regio=beide", "regio=w13&gemeente=34027"
PRESENTED = ["werkzaamheid", "gemeentefiche"]
SETTLE_MS = 1500   # chart transitions after the charts report data


def shots(pages: list[rb.AppPage]) -> list[tuple[str, rb.AppPage, str]]:
    """(file name, page, query) of every screenshot."""
    by_slug = {p.slug: p for p in pages}
    listed = [(f"screenshot_{p.slug}.png", p, BOTH_REGIONS) for p in pages]
    listed.append(("screenshot_gemeentefiche_menen.png", by_slug["gemeentefiche"], MENEN))
    for slug in PRESENTED:
        query = "presentatie=1&" + (MENEN if slug == "gemeentefiche" else BOTH_REGIONS)
        listed.append((f"screenshot_presentatie_{slug}.png", by_slug[slug], query))
    return listed


def main() -> int:
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
            context = browser.new_context(viewport=SCREEN, locale="nl-BE")
            context.set_default_timeout(rb.TIMEOUT_MS)
            context.add_init_script(rb.PROBE)
            for name, app_page, query in shots(rb.app_pages()):
                page = context.new_page()   # a new session: nothing carried over from the previous shot
                page.goto(server.page_url(app_page, query))
                rb.run_done(page)
                rb.charts_drawn(page)
                page.wait_for_timeout(SETTLE_MS)
                page.screenshot(path=str(DOCS / name))
                page.close()
                print(f"docs/{name}: {app_page.title} ?{query}")
            browser.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
