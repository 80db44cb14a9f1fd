"""Belgian formats and spreadsheet-safe exports, read back as Excel would."""
from __future__ import annotations

import io
from datetime import date

import openpyxl
import pandas as pd
import pytest

from ui import exports, format as fmt


@pytest.mark.parametrize("call,expected", [
    (lambda: fmt.number(7073), "7.073"),
    (lambda: fmt.number(1234567.891, 2), "1.234.567,89"),
    (lambda: fmt.percent(71.449), "71,4 %"),
    (lambda: fmt.points(-8.64), "-8,6 ptn"),
    (lambda: fmt.points(3.25), "+3,2 ptn"),
    (lambda: fmt.euro(608890.35), "€ 608.890,35"),
    (lambda: fmt.day(date(2024, 1, 1)), "01/01/2024"),
    (lambda: fmt.percent(float("nan")), "geen gegevens"),
    (lambda: fmt.number(None), "geen gegevens"),
])
def test_belgian_formats(call, expected):
    assert call() == expected


HOSTILE = pd.DataFrame({
    "gemeente": ["=HYPERLINK(\"http://x\")", "+32 nummer", "-1+1", "@SUM(A1)", "Menen"],
    "waarde": [71.4, -3.5, 0.0, 1234.5, 80.0],
})


def test_csv_is_belgian_and_inert():
    raw = exports.to_csv(HOSTILE)
    assert raw.startswith("\ufeff".encode())
    text = raw.decode("utf-8-sig")
    assert text.splitlines()[0] == "gemeente;waarde"
    back = pd.read_csv(io.StringIO(text), sep=";", decimal=",")
    assert back["waarde"].tolist() == HOSTILE["waarde"].tolist()
    assert all(not v.startswith(("=", "+", "-", "@")) for v in back["gemeente"])
    assert back["gemeente"].iloc[4] == "Menen"


def test_xlsx_numbers_stay_numbers_and_text_never_a_formula():
    book = openpyxl.load_workbook(io.BytesIO(exports.to_xlsx(HOSTILE, notes=["=bron"])))
    sheet = book["gegevens"]
    cells = list(sheet.iter_rows(min_row=2, values_only=False))
    assert [c[1].value for c in cells] == HOSTILE["waarde"].tolist()
    assert all(c[1].data_type == "n" for c in cells)
    assert all(c[0].data_type == "s" for c in cells)  # 's' = string, 'f' would be a formula
    assert book["bron"]["A2"].value == "'=bron"


def test_csv_numbers_beside_text_keep_the_decimal_comma():
    """A column that mixes counts and '<5' (or amounts and 'niet gepubliceerd')
    is text to pandas; its numbers still get a decimal comma, a missing one
    an empty cell."""
    mixed = pd.DataFrame({"aantal": [12, "<5", 7.5, float("nan")], "bedrag": [608890.35, None, 1.0, 2.5]})
    text = exports.to_csv(mixed).decode("utf-8-sig")
    assert text.splitlines()[1:] == ["12;608890,35", "<5;", "7,5;1,0", ";2,5"]
