"""Reading uploaded exports: the real-world formats are read alike, and every
file that is not what it claims, too large, empty or dangerous is refused
with its own Dutch message before anything is parsed or stored."""
from __future__ import annotations

import io

import openpyxl
import pytest

from backoffice import importer
from loaders.errors import SourceError
from backoffice.import_read import max_upload_mb, read_path, read_upload
from tests.import_fixtures import (ENTITY_BOMB, csv_bytes, entity_book, formula_book, raw, reference_rates,
                                   rewrite_member, xlsx_bytes, zip_bomb)

ROWS = reference_rates(6)


def rows_as_text(decimal: str = ",") -> list[list]:
    return [[r.gemeente, r.nis, r.jaar, f"{r.werkzaamheidsgraad}".replace(".", decimal)] for r in ROWS.itertuples()]


def stored_values(store, content: bytes, name: str) -> list[tuple]:
    prepared = importer.prepare(store, read_upload(content, name), "werkzaamheidsgraad")
    assert prepared.ok, prepared.checked.report.frame()
    rows = prepared.rows()
    return list(zip(rows["nis"], rows["period"], rows["value"]))


EXPECTED = list(zip(ROWS["nis"], ROWS["jaar"].astype(str), ROWS["werkzaamheidsgraad"]))


@pytest.mark.parametrize("encoding,sep,decimal,newline", [
    ("utf-8", ";", ",", "\r\n"),
    ("utf-8-sig", ";", ",", "\r\n"),
    ("cp1252", ";", ",", "\r\n"),
    ("utf-16", "\t", ",", "\r\n"),
    ("utf-8", ",", ".", "\n"),
    ("utf-8", ";", ".", "\r"),
])
def test_formats_read_alike(store, encoding, sep, decimal, newline):
    content = csv_bytes(rows_as_text(decimal), sep=sep, encoding=encoding, newline=newline)
    assert stored_values(store, content, "export.csv") == EXPECTED


def test_comma_separated_with_quoted_decimal_commas(store):
    content = csv_bytes([[f'"{c}"' for c in row] for row in rows_as_text(",")], sep=",")
    assert stored_values(store, content, "export.csv") == EXPECTED


def test_cp1252_names_are_decoded(store):
    content = csv_bytes([["Écaussinnes", "55050", 2015, "60,5"]], encoding="cp1252")
    assert raw(content).cells.iloc[0, 0] == "Écaussinnes"


def test_xlsx_reads_numbers_as_numbers(store):
    rows = [[r.gemeente, int(r.nis), r.jaar, r.werkzaamheidsgraad] for r in ROWS.itertuples()]
    assert stored_values(store, xlsx_bytes(rows), "export.xlsx") == EXPECTED


def test_title_lines_above_the_header_are_skipped_and_rows_keep_their_number():
    content = b"Werkzaamheidsgraad per gemeente;;;\r\n;;;\r\n" + csv_bytes(rows_as_text())
    table = raw(content)
    assert table.header == ["gemeente", "nis", "jaar", "werkzaamheidsgraad"]
    assert table.rows[0] == 4  # title, blank, header, then the first value


def refusal(content: bytes, name: str) -> str:
    with pytest.raises(SourceError) as exc:
        read_upload(content, name)
    return exc.value.message


def test_empty_file_is_refused():
    assert refusal(b"", "leeg.csv") == "het bestand is leeg"
    assert refusal(b"  \r\n", "leeg.csv") == "het bestand is leeg"


def test_header_only_is_refused():
    assert "alleen een kopregel" in refusal(csv_bytes([]), "kop.csv")
    assert "alleen een kopregel" in refusal(xlsx_bytes([]), "kop.xlsx")


def test_xlsx_content_named_csv_is_refused():
    assert "geen CSV-tekstbestand" in refusal(xlsx_bytes(rows_as_text()), "vermomd.csv")


def test_csv_content_named_xlsx_is_refused():
    assert "geen Excel-werkmap (.xlsx)" in refusal(csv_bytes(rows_as_text()), "vermomd.xlsx")


def test_old_xls_and_other_extensions_are_refused():
    assert "oude Excel-formaat (.xls)" in refusal(b"\xd0\xcf\x11\xe0rest", "oud.xls")
    assert "alleen CSV-bestanden" in refusal(csv_bytes(rows_as_text()), "export.txt")


def test_file_over_the_upload_limit_is_refused(tmp_path):
    limit = max_upload_mb() * 1024 * 1024
    assert f"de limiet is {max_upload_mb()} MB" in refusal(b"x" * (limit + 1), "groot.csv")
    big = tmp_path / "groot.csv"
    with big.open("wb") as fh:  # sparse: the CLI refuses it from its size, unread
        fh.truncate(limit + 1)
    with pytest.raises(SourceError, match="de limiet is"):
        read_path(big)


def test_the_cli_limit_is_the_apps(monkeypatch):
    import tomllib

    from backoffice.import_read import STREAMLIT_CONFIG

    monkeypatch.delenv("STREAMLIT_SERVER_MAX_UPLOAD_SIZE", raising=False)
    assert max_upload_mb() == tomllib.loads(STREAMLIT_CONFIG.read_text())["server"]["maxUploadSize"]


def test_duplicate_header_names_are_refused():
    content = csv_bytes(rows_as_text(), header=("gemeente", "nis", "nis", "werkzaamheidsgraad"))
    with pytest.raises(SourceError) as exc:
        read_upload(content, "dubbel.csv")
    assert "komt twee keer voor" in exc.value.message and exc.value.column == "nis" and exc.value.row == 1


def test_row_wider_than_the_header_is_refused():
    content = csv_bytes(rows_as_text()) + b"Aalst;41002;2016;70,1;extra\r\n"
    with pytest.raises(SourceError) as exc:
        read_upload(content, "breed.csv")
    assert "5 cellen, de kopregel maar 4" in exc.value.message and exc.value.row == len(ROWS) + 2


def test_undecodable_bytes_are_refused():
    # 0x81 is neither UTF-8 here nor defined in Windows-1252.
    assert "tekens niet leesbaar" in refusal(csv_bytes(rows_as_text()) + b"\x81\x81;1;2;3\r\n", "raar.csv")


def _formula_book(cached: bool) -> bytes:
    return formula_book([ROWS.gemeente[0], ROWS.nis[0], int(ROWS.jaar[0])], cached)


def test_xlsx_formula_reads_the_cached_value_and_warns(store):
    table = read_upload(_formula_book(cached=True), "formule.xlsx")
    assert "bevatten een formule" in table.warnings[0] and "rij 2, kolom D" in table.warnings[0]
    prepared = importer.prepare(store, table, "werkzaamheidsgraad")
    assert prepared.ok and prepared.rows()["value"].tolist() == [70.0]


def test_xlsx_formula_without_cached_value_is_refused():
    with pytest.raises(SourceError) as exc:
        read_upload(_formula_book(cached=False), "formule.xlsx")
    assert "formule zonder bewaarde uitkomst" in exc.value.message and (exc.value.row, exc.value.column) == (2, "D")


def test_text_starting_with_equals_is_not_a_formula():
    book = openpyxl.Workbook()
    book.active.append(["gemeente", "nis", "jaar", "werkzaamheidsgraad"])
    book.active.append(["=Aalst", "41002", 2015, 70.5])
    book.active["A2"].data_type = "s"  # text, as Excel stores '=Aalst typed with an apostrophe
    buf = io.BytesIO()
    book.save(buf)
    table = read_upload(buf.getvalue(), "tekst.xlsx")
    assert table.cells.iloc[0, 0] == "=Aalst" and table.warnings == []


def test_xlsx_zip_bomb_is_refused_before_parsing():
    assert "mogelijke zip-bom" in refusal(zip_bomb(), "bom.xlsx")


def test_xlsx_with_xml_entities_is_refused():
    assert "DOCTYPE- of ENTITY-declaraties" in refusal(entity_book(rows_as_text()), "entiteit.xlsx")


def test_broken_zip_is_refused():
    assert "beschadigde Excel-werkmap" in refusal(b"PK\x03\x04" + b"\x00" * 100, "kapot.xlsx")


def test_entities_hidden_past_the_scanned_head_are_still_refused():
    """The head scan is the first line; openpyxl parsing with defusedxml the
    second: an entity declared after a long comment is refused too."""
    padding = b"<!--" + b"x" * 70_000 + b"-->"
    content = rewrite_member(xlsx_bytes(rows_as_text()), "xl/worksheets/sheet1.xml",
                             lambda xml: padding + ENTITY_BOMB.split(b"?>", 1)[1] + xml)
    assert "verboden XML-constructie" in refusal(content, "entiteit.xlsx")
