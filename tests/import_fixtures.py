"""Shared pieces of the import tests: a private copy of the session store
(tests that write never touch the shared one), a snapshot of everything an
import may change, small export files built from the reference data, and
`import_year` (a newer year through the importer, for the filter tests).

Test modules import the fixtures by name: `from tests.import_fixtures import
own_store, ...`.
"""
from __future__ import annotations

import hashlib
import io
import shutil
import warnings
import zipfile
from pathlib import Path

import duckdb
import openpyxl
import pandas as pd
import pytest

from backoffice import importer
from loaders import werkzaamheid
from loaders.config import data_dir
from backoffice.import_read import read_upload
from loaders.store import connect

# Everything an import or rollback may touch, compared row by row.
TABLES = ("imported_values", "imports", "import_replaced", "import_mappings", "indicator_meta",
          "build_info", "indicators")


@pytest.fixture()
def own_store(tmp_path, store_path) -> Path:
    """A copy of the session store this test may write."""
    path = tmp_path / "own.duckdb"
    shutil.copy(store_path, path)
    return path


@pytest.fixture()
def own_con(own_store):
    con = connect(own_store)
    yield con
    con.close()


def snapshot(con: duckdb.DuckDBPyConnection, tables=TABLES) -> dict[str, pd.DataFrame]:
    """Every row of the tables an import may change, in a fixed order."""
    out = {}
    for table in tables:
        df = con.cursor().execute(f"select * from {table}").df()
        out[table] = df.sort_values(list(df.columns)).reset_index(drop=True)
    return out


def assert_same(before: dict[str, pd.DataFrame], after: dict[str, pd.DataFrame]) -> None:
    assert before.keys() == after.keys()
    for table in before:
        pd.testing.assert_frame_equal(before[table], after[table], obj=table)


def reference_rates(n: int | None = None, year: int | None = None) -> pd.DataFrame:
    """Rows of the real employment-rate file (name, nis, year, rate)."""
    df = pd.read_csv(data_dir() / werkzaamheid.META["file"], sep=";", decimal=",", dtype={"nis": str})
    df = df.dropna(subset=["nis"]).astype({"jaar": int})
    if year is not None:
        df = df[df["jaar"] == year]
    return (df.head(n) if n else df).reset_index(drop=True)


def csv_bytes(rows: list[list], header=("gemeente", "nis", "jaar", "werkzaamheidsgraad"), sep: str = ";",
              encoding: str = "utf-8", newline: str = "\r\n") -> bytes:
    lines = [sep.join(header)] + [sep.join(str(c) for c in row) for row in rows]
    return (newline.join(lines) + newline).encode(encoding)


def xlsx_bytes(rows: list[list], header=("gemeente", "nis", "jaar", "werkzaamheidsgraad")) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(list(header))
    for row in rows:
        sheet.append(list(row))
    buf = io.BytesIO()
    book.save(buf)
    return buf.getvalue()


def raw(content: bytes, name: str = "export.csv"):
    return read_upload(content, name)


def zip_bomb() -> bytes:
    """An 'xlsx' whose sheet unpacks to over a thousand times its size."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("xl/workbook.xml", b"<workbook/>")
        z.writestr("xl/worksheets/sheet1.xml", b"\0" * (3 * 1024 * 1024))
    return out.getvalue()


def rewrite_member(content: bytes, member: str, change) -> bytes:
    """The workbook `content` with one zip member passed through `change`."""
    src = zipfile.ZipFile(io.BytesIO(content))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info.filename)
            dst.writestr(info.filename, change(data) if info.filename == member else data)
    return out.getvalue()


def formula_book(row: list, cached: bool) -> bytes:
    """A sheet whose value cell is the formula =60+10, with or without the
    value Excel stores beside it (openpyxl writes none; Excel always does)."""
    content = xlsx_bytes([[*row[:3], "=60+10"]])
    if not cached:
        return content
    return rewrite_member(content, "xl/worksheets/sheet1.xml",
                          lambda xml: xml.replace(b"<f>60+10</f><v />", b"<f>60+10</f><v>70</v>"))


ENTITY_BOMB = b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;">]>'


def entity_book(rows: list[list]) -> bytes:
    """A workbook whose sheet declares XML entities (a billion-laughs start)."""
    return rewrite_member(xlsx_bytes(rows), "xl/worksheets/sheet1.xml", lambda xml: ENTITY_BOMB + xml)


# --- provincies.incijfers.be exports: copies of the real files ---------------------

def imported_checksum(con: duckdb.DuckDBPyConnection) -> str:
    """sha256 of every imported_values row, to show a refused file stored nothing."""
    rows = con.cursor().execute("select * from imported_values order by all").fetchall()
    return hashlib.sha256(repr(rows).encode()).hexdigest()


def find_cell(sheet, value):
    return next(c for row in sheet.iter_rows() for c in row if c.value == value)


def portal_copy(tmp_path: Path, relative: str, change=None, name: str | None = None) -> Path:
    """A copy in tmp_path of a real portal export: an XLSX passed through
    `change(sheet)`, a CSV through `change(text)`."""
    source = data_dir() / relative
    target = tmp_path / (name or Path(relative).name)
    if source.suffix == ".xlsx":
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # the portal's workbooks have no default style
            book = openpyxl.load_workbook(source)
        if change:
            change(book.worksheets[0])
        book.save(target)
    else:
        text = source.read_text(encoding="utf-8")
        target.write_text(change(text) if change else text, encoding="utf-8")
    return target


def import_year(con, indicator: str, year: int, codes: list[str]) -> None:
    """Import `indicator` of `year` for `codes` (last year's value, a little higher)."""
    last = con.execute("""select i.nis, m.name_nl, i.value from indicators i join municipalities m using (nis)
        where indicator = ? and target_group = 'totaal' and period = ? and list_contains(?, i.nis)""",
                       [indicator, str(year - 1), codes]).fetchall()
    text = (lambda v: str(int(round(v * 1.1)))) if indicator == "nwwz" else (lambda v: f"{v + 1:.1f}".replace(".", ","))
    rows = [[name, nis, year, text(value)] for nis, name, value in last]
    prepared = importer.prepare(con, raw(csv_bytes(rows, header=("gemeente", "nis", "jaar", indicator)),
                                         f"{indicator}.csv"), indicator)
    assert prepared.ok, prepared.checked.report.frame()
    importer.commit(con, prepared, "tester", "cli")
