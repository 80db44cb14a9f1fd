"""Every page's downloads (AppTest): the numbers as the page shows them
(at most the two decimals of an amount or a ratio; ranks, people and years
whole), a quality and a source on every row, and an Excel sheet with a frozen
header and a number format on every number."""
from __future__ import annotations

import io
import re

import openpyxl
import pytest

from tests.helpers.browser import app_pages
from tests.helpers import open_page
from tests.helpers.pages import read_csv

PAGES = [p for p in app_pages() if p.slug != "beheer"]   # Beheer exports its import history, not figures
# Columns whose numbers are whole on every page: ranks, years, codes, people and counts.
WHOLE = re.compile(r"^(rang|jaar|nis-code)$|aantal|personen|werkenden|gestart|omvang|nwwz|wzw|gemeenten", re.I)
PER = re.compile(r"%|aandeel|per ", re.I)   # a share or a rate of people is not a count
NUMBER = re.compile(r"^-?\d+(,(\d+))?$")


def exports_of(app, page, made) -> dict[str, tuple]:
    open_page(app, page.script)
    files = {name[:-4]: make for name, make in made.items() if name.endswith(".csv")}
    assert files, f"{page.title}: no downloads"
    return {base: (read_csv(make()), made[f"{base}.xlsx"]()) for base, make in files.items()}


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.slug)
def test_every_export_is_as_shown_with_quality_per_row(app, page, downloads):
    for base, (csv, xlsx) in exports_of(app, page, downloads).items():
        assert {"Kwaliteit", "Bron"} <= set(csv.columns), f"{base}: no quality or source per row"
        assert (csv["Kwaliteit"] != "").all() and (csv["Bron"] != "").all(), base
        for column in csv.columns:
            for text in csv[column]:
                number = NUMBER.match(text)
                if not number:
                    continue
                places = len(number.group(2) or "")
                assert places <= 2, f"{base}, {column}: {text} (more decimals than any page shows)"
                whole = WHOLE.search(column) and not PER.search(column)
                assert not (whole and places), f"{base}, {column}: {text} (not a whole number)"
        sheet = openpyxl.load_workbook(io.BytesIO(xlsx))["gegevens"]
        assert sheet.freeze_panes == "A2", base
        for row in sheet.iter_rows(min_row=2):
            for cell in row:
                if cell.data_type == "n" and cell.value is not None:
                    assert cell.number_format != "General", f"{base}, {cell.coordinate}: no number format"
