"""Belgian formats and spreadsheet-safe exports, read back as Excel would."""
from __future__ import annotations

import io
from datetime import date

import openpyxl
import pandas as pd
import pytest

from common import exports, format as fmt


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
    mixed = pd.DataFrame({"waarde": [12, "<5", 7, float("nan")], "Bedrag (EUR)": [608890.35, None, 1.0, 2.5]})
    text = exports.to_csv(mixed).decode("utf-8-sig")
    assert text.splitlines()[1:] == ["12;608890,35", "<5;", "7;1,00", ";2,50"]


# A table as a page passes it: full-precision floats, counts as floats, a
# rank as a float, a long table whose unit is in a label column.
PAGE = pd.DataFrame({
    "Rang": [1.0, 2.0, 3.0],
    "Gemeente": ["Menen", "Ieper", "Poperinge"],
    "Werkzaamheidsgraad (%)": [71.44999, 69.96, 80.04],
    "Afstand tot 80 % (ptn)": [-8.55001, -10.04, 0.04],
    "Extra werkenden voor 80 % (gemodelleerd)": [1234.4, 2000.6, 0.0],
    "Spanningsindicator": [0.654321, 1.2, 2.0],
    "Bedrag (EUR)": [608890.354, 1.0, None],
    "Gestart": [12.0, 7.0, 0.0],
    "Jaar": [2015, 2015, 2015],
})
SHOWN = {"Werkzaamheidsgraad (%)": 1, "Afstand tot 80 % (ptn)": 1, "Extra werkenden voor 80 % (gemodelleerd)": 0,
         "Spanningsindicator": 2, "Bedrag (EUR)": 2, "Rang": 0, "Gestart": 0, "Jaar": 0}


def test_exports_round_as_shown():
    """Each column with the decimals the page shows (from its header's unit),
    ranks, people and years whole, in both files."""
    text = exports.to_csv(PAGE).decode("utf-8-sig")
    back = pd.read_csv(io.StringIO(text), sep=";", dtype=str, keep_default_na=False)
    book = openpyxl.load_workbook(io.BytesIO(exports.to_xlsx(PAGE)))
    rows = list(book["gegevens"].iter_rows(min_row=2))
    header = [c.value for c in next(book["gegevens"].iter_rows(max_row=1))]
    for column, decimals in SHOWN.items():
        j = header.index(column)
        for i, value in enumerate(PAGE[column]):
            cell = rows[i][j]
            if pd.isna(value):
                assert back[column].iat[i] == "" and cell.value is None
                continue
            expected = round(value, decimals)
            assert back[column].iat[i] == f"{expected:.{decimals}f}".replace(".", ","), (column, i)
            assert cell.value == expected and (decimals or isinstance(cell.value, int)), (column, i)
            assert cell.number_format == ("0" if column in ("Rang", "Jaar") else
                                          "#,##0" + ("." + "0" * decimals if decimals else "")), column


def test_long_table_rounds_each_row_by_its_unit_and_explicit_decimals_win():
    long = pd.DataFrame({"Indicator": ["Werkzoekendengraad", "NWWZ", "Spanning"], "Waarde": [5.5147, 13346.0, 0.6543],
                         "Eenheid": ["%", "personen", "werkzoekenden per vacature"], "Alveringem": [2.94, 3.06, 4.0]})
    text = exports.to_csv(long, decimals={"Alveringem": 1}).decode("utf-8-sig")
    back = pd.read_csv(io.StringIO(text), sep=";", dtype=str)
    assert back["Waarde"].tolist() == [fmt.number(5.5147, 1), "13346", fmt.number(0.6543, 2)]
    assert back["Alveringem"].tolist() == [fmt.number(v, 1) for v in long["Alveringem"]]


def test_xlsx_has_a_frozen_header_fitted_columns_and_the_source_sheet():
    book = openpyxl.load_workbook(io.BytesIO(exports.to_xlsx(PAGE, notes=["Bron: Steunpunt Werk"])))
    sheet = book["gegevens"]
    assert sheet.freeze_panes == "A2"
    for j, column in enumerate(PAGE.columns, start=1):
        width = sheet.column_dimensions[openpyxl.utils.get_column_letter(j)].width
        assert width >= len(column), column
    assert book["bron"]["A2"].value == "Bron: Steunpunt Werk" and book["bron"].freeze_panes == "A2"


def test_a_cited_source_keeps_producers_and_period_not_the_notes():
    """A slide's source line (the Regie pack's headline): the notes took six lines of a laptop's slide."""
    metas = [{"producer": "VDAB", "quality": "official", "label": "NWWZ"},
             {"producer": "Statbel", "quality": "official", "label": "Bevolking"}]
    line = fmt.source(metas, "2014-2024", "berekend: NWWZ per ontvangen vacature")
    assert fmt.cited(line) == fmt.source(metas, "2014-2024")
    assert "berekend" not in fmt.cited(line) and "referentiejaren 2014-2024" in fmt.cited(line)
