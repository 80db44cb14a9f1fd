"""Issue 18, points 12 and 13, in Chromium: no English a user can see or hear
(Streamlit's and plotly's built-in texts, labels and tooltips of the controls,
the document's language), and a table's exports are the page's own (no
Streamlit "Download as CSV"; the numbers as shown, an Excel sheet with number
formats and a frozen header)."""
from __future__ import annotations

import io
import os
import re

import openpyxl
import pandas as pd
import pytest

from tests.helpers import browser as rb
from backoffice import auth

PAGES = rb.app_pages()
BY_SLUG = {p.slug: p for p in PAGES}
USER, PASSWORD = "coordinator", "een lang genoeg wachtwoord"

# Streamlit's and plotly's own English, as they write it (texts, aria-labels, tooltips, placeholders).
ENGLISH = {
    "Skip to main content", "Collapse sidebar", "Expand sidebar", "Sidebar", "App pages", "Link to heading", "Open",
    "Close", "Clear all", "Delete", "Remove file", "Show password", "Hide password", "Choose an option",
    "Choose options", "No results", "Drag and drop file here", "Browse files", "Upload", "Press Enter to submit form",
    "Press Enter to apply", "Running...", "Stop", "Search", "Fullscreen", "Close fullscreen", "Show/hide columns",
    "Download as CSV", "Autoscale", "Pan", "Zoom", "Zoom in", "Zoom out", "Reset", "Reset axes", "Reset view",
    "Download plot", "Download plot as a PNG", "Add files", "file upload",
}
ENGLISH_PATTERNS = [re.compile(p) for p in (
    r"^Help for ", r"MB per file", r"^[a-z_]+ icon$", r"files are not allowed", r"^Download plot", r"^Remove ",
    r"^Error:", r"\d\.\d\s?(B|KB|MB)$")]

# Every text node (also one shown on focus only, as the skip link) and every
# label, tooltip and placeholder, with where it was found. Chart text (SVG) is
# the page's own and Dutch.
STRINGS = """() => {
  const out = [];
  for (const el of document.querySelectorAll('[aria-label], [title], [placeholder], [data-title]')) {
    for (const a of ['aria-label', 'title', 'placeholder', 'data-title']) {
      const v = el.getAttribute(a);
      if (v) out.push(`${a}: ${v.trim()}`);
    }
  }
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    const t = n.nodeValue.trim();
    if (t && !n.parentElement.closest('svg, script, style')) out.push(`text: ${t}`);
  }
  return out;
}"""


def english(page) -> list[str]:
    found = []
    for item in page.evaluate(STRINGS):
        value = item.split(": ", 1)[1]
        if value in ENGLISH or any(p.search(value) for p in ENGLISH_PATTERNS):
            found.append(item)
    return sorted(set(found))


def assert_dutch(page, where: str) -> None:
    # The relabelling follows the DOM: give it a moment after the last change.
    page.wait_for_timeout(300)
    found = english(page)
    lang = page.evaluate("document.documentElement.lang")
    if not lang.startswith("nl"):
        found.append(f'<html lang="{lang}">')   # a screen reader would read the page as English
    assert found == [], f"{where}: English on screen"


@pytest.mark.parametrize("app_page", PAGES, ids=lambda p: p.slug)
def test_no_english_on_a_page(visit, app_page):
    """Every page as it opens: texts, labels, tooltips of the chart and table
    toolbars, placeholders, the skip link."""
    page = visit.open(app_page)
    tables = page.get_by_test_id("stDataFrame").filter(visible=True)
    if tables.count():   # a data grid (the Gemeentefiche shows its tables as HTML, its sources' grid folded)
        tables.first.hover()   # the table's toolbar
    charts = page.locator(".js-plotly-plot")
    if charts.count():
        charts.first.hover()   # the chart's toolbar
    assert_dutch(page, app_page.title)
    visit.assert_clean(page)


def test_a_search_without_match_says_so_in_dutch(visit):
    page = visit.open(PAGES[0])
    box = page.get_by_test_id("stSidebar").get_by_test_id("stMultiSelect").first
    box.click()
    page.keyboard.type("qqqq")
    page.get_by_text("Geen resultaten").wait_for()
    assert_dutch(page, "Gemeenten zonder treffer")
    page.keyboard.press("Escape")


@pytest.fixture(scope="module")
def admin_server(store_path, tmp_path_factory):
    """The app with an administrator account (the Beheer page's login)."""
    folder = tmp_path_factory.mktemp("e2e_beheer")
    db = rb.copy_store(store_path, folder / "regiomonitor.duckdb")
    env = {auth.ENV_USER: USER, auth.ENV_HASH: auth.hash_password(PASSWORD)}
    before = {k: os.environ.get(k) for k in env}
    os.environ.update(env)
    try:
        with rb.Server(rb.APP, db, folder / "streamlit.log") as s:
            yield s
    finally:
        for k, v in before.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v


def test_beheer_login_and_upload_are_dutch(visit, admin_server, tmp_path):
    visit.server = admin_server
    page = visit.open(BY_SLUG["beheer"])
    page.get_by_label("Gebruikersnaam").fill(USER)
    page.get_by_label("Wachtwoord", exact=True).fill(PASSWORD)
    assert_dutch(page, "Beheer, aanmelden")   # a form's "Press Enter to submit form"
    since = page.evaluate(rb.NOW)
    page.get_by_role("button", name="Aanmelden").click()
    rb.run_done(page, since)
    uploader = page.get_by_test_id("stFileUploader")
    uploader.wait_for()
    assert_dutch(page, "Beheer, opladen")
    wrong = tmp_path / "notities.txt"
    wrong.write_text("geen export", encoding="utf-8")
    uploader.locator("input[type=file]").set_input_files(str(wrong))
    page.wait_for_timeout(1000)
    assert_dutch(page, "Beheer, verkeerd bestandstype")
    visit.assert_clean(page)


def test_a_table_has_only_the_pages_own_exports_as_shown(visit):
    """Werkzaamheid's ranking: Streamlit's toolbar offers no CSV download; the
    page's CSV has whole ranks and people and the table's decimals, its Excel
    file number formats and a frozen header."""
    page = visit.open(BY_SLUG["werkzaamheid"])
    table = page.get_by_test_id("stDataFrame").first
    table.hover()
    toolbar = page.get_by_test_id("stElementToolbar").filter(visible=True)
    toolbar.first.wait_for()
    labels = [b.get_attribute("aria-label") or b.inner_text() for b in toolbar.first.get_by_role("button").all()]
    assert labels and not [t for t in labels if "CSV" in t], labels

    with page.expect_download() as csv_download:
        page.get_by_role("button", name="CSV downloaden").first.click()
    csv = pd.read_csv(csv_download.value.path(), sep=";", encoding="utf-8-sig", dtype=str, keep_default_na=False)
    assert csv["Rang"].str.fullmatch(r"\d+").all()
    for column in csv.columns:
        if column.endswith("(%)") or column.endswith("(ptn)"):
            assert csv[column].str.fullmatch(r"-?\d+,\d|x|").all(), column   # one decimal, as the table shows
        if column.startswith("Extra werkenden"):
            assert csv[column].str.fullmatch(r"\d+|x|").all(), column        # whole people
    with page.expect_download() as xlsx_download:
        page.get_by_role("button", name="Excel downloaden").first.click()
    sheet = openpyxl.load_workbook(io.BytesIO(open(xlsx_download.value.path(), "rb").read()))["gegevens"]
    assert sheet.freeze_panes == "A2"
    header = [c.value for c in sheet[1]]
    assert sheet.cell(row=2, column=header.index("Rang") + 1).number_format == "0"
    assert sheet.cell(row=2, column=header.index("Werkzaamheidsgraad (%)") + 1).number_format == "#,##0.0"
    visit.assert_clean(page)
