"""Issue 19.2: an XLSX whose sheets unpack to far more than an export needs
is refused by its unpacked size before openpyxl reads it (a 9 MB workbook
unpacking to 190 MB of XML took 2.4 GB of memory), with a Dutch message."""
from __future__ import annotations

import io
import random
import time
import zipfile

import pytest

from loaders.errors import SourceError
from backoffice.import_read import max_upload_mb, read_upload
from loaders.import_spec import META

LIMIT_MB = META["xlsx"]["max_uncompressed_mb"]


def large_sheet_book(unpacked_mb: float) -> bytes:
    """A workbook whose sheet is ordinary cell XML of `unpacked_mb` MB:
    random numbers, so it compresses like real data, not like a zip bomb."""
    rng = random.Random(19)
    cells, size, row = [], 0, 0
    while size < unpacked_mb * 1024 * 1024:
        row += 1
        cell = f'<row r="{row}"><c r="A{row}"><v>{rng.randrange(10 ** 9)}</v></c></row>'
        cells.append(cell)
        size += len(cell)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("xl/workbook.xml", b"<workbook/>")
        z.writestr("xl/worksheets/sheet1.xml", "<worksheet><sheetData>" + "".join(cells) + "</sheetData></worksheet>")
    return out.getvalue()


def test_workbook_unpacking_past_the_limit_is_refused_before_parsing():
    content = large_sheet_book(LIMIT_MB * 1.2)
    assert len(content) < max_upload_mb() * 1024 * 1024   # the upload limit lets it through
    start = time.perf_counter()
    with pytest.raises(SourceError) as exc:
        read_upload(content, "groot.xlsx")
    assert f"meer dan de {LIMIT_MB} MB die een export hoogstens nodig heeft" in exc.value.message
    assert "zip-bom" not in exc.value.message   # an honest file, just too large
    assert time.perf_counter() - start < 5       # refused from the zip directory, not parsed


def test_limit_leaves_room_for_every_real_export():
    """The reference exports unpack to far less than the limit."""
    from loaders.config import data_dir

    books = list(data_dir().rglob("*.xlsx"))
    assert books
    largest = max(sum(i.file_size for i in zipfile.ZipFile(b).infolist()) for b in books)
    assert largest * 4 < LIMIT_MB * 1024 * 1024
