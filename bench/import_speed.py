"""How long a large official export takes to import (Beheer / CLI path).

Builds a temporary store from the reference files, writes a valid CSV of
`rows` monthly values (every municipality in the store, months counted back
from last year's December, `;` separator, thousands dots, CRLF as Excel
writes it) and times reading, checking and committing it. The target is
under 10 s for 100,000 rows. Then the same for the largest
provincies.incijfers.be export (VDAB vacancies, 58 blocks), with one block
renamed so that it imports as a new indicator.

    .venv/bin/python bench/import_speed.py [rows]
"""
from __future__ import annotations

import sys
import tempfile
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import openpyxl  # noqa: E402

from backoffice import importer  # noqa: E402
from loaders import build
from loaders.config import data_dir  # noqa: E402
from backoffice.import_read import read_upload  # noqa: E402
from loaders.store import connect  # noqa: E402

INDICATOR = "vacatures"
PORTAL_FILE = "vdab/vacancies_shortages_sectors.xlsx"
PORTAL_BLOCK = ("openstaande vacatures", "openstaande vacatures (bench)")


def make_csv(codes: list[str], rows: int) -> bytes:
    """`rows` lines of NIS code, month and a whole number (some >= 1.000)."""
    last = date.today().year - 1
    months = [f"{y}-{m:02d}" for y in range(last, 1989, -1) for m in range(12, 0, -1)]
    lines = ["NIS-code;Maand;Aantal"]
    for i in range(rows):
        nis, month = codes[i % len(codes)], months[i // len(codes)]
        value = (i * 37) % 2500
        lines.append(f"{nis};{month};{value // 1000}.{value % 1000:03d}" if value >= 1000 else f"{nis};{month};{value}")
    return ("\r\n".join(lines) + "\r\n").encode("utf-8")


def measure(rows: int = 100_000) -> dict[str, float]:
    """Seconds per step and in total for one import of `rows` rows."""
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "bench.duckdb"
        build.build(db, data_dir(), progress=lambda _: None)
        con = connect(db)
        try:
            codes = [r[0] for r in con.execute("select nis from municipalities order by nis").fetchall()]
            content = make_csv(codes, rows)
            start = time.perf_counter()
            raw = read_upload(content, "bench.csv")
            read = time.perf_counter()
            prepared = importer.prepare(con, raw, INDICATOR)
            checked = time.perf_counter()
            if not prepared.ok:
                raise SystemExit(f"benchmark file not valid: {prepared.checked.report.frame().head()}")
            outcome = importer.commit(con, prepared, "bench", "cli")
            done = time.perf_counter()
        finally:
            con.close()
    assert outcome.added == rows
    return {"rows": rows, "mb": len(content) / 1e6, "read_s": read - start, "check_s": checked - read,
            "commit_s": done - checked, "total_s": done - start}


def portal_export(tmp: Path) -> bytes:
    """The vacancies workbook with one block renamed (a new indicator)."""
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        book = openpyxl.load_workbook(data_dir() / PORTAL_FILE)
    old, new = PORTAL_BLOCK
    next(c for row in book.worksheets[0].iter_rows(max_row=2) for c in row if c.value == old).value = new
    book.save(tmp / "export.xlsx")
    return (tmp / "export.xlsx").read_bytes()


def measure_portal() -> dict[str, float]:
    """Seconds per step for one import of a portal export."""
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "bench.duckdb"
        build.build(db, data_dir(), progress=lambda _: None)
        content = portal_export(Path(tmp))
        con = connect(db)
        try:
            start = time.perf_counter()
            raw = read_upload(content, "export.xlsx")
            read = time.perf_counter()
            prepared = importer.prepare(con, raw)
            importer.preview(con, prepared)
            checked = time.perf_counter()
            outcome = importer.commit(con, prepared, "bench", "cli")
            done = time.perf_counter()
        finally:
            con.close()
    return {"blocks": len(raw.export.blocks), "values": len(prepared.rows()), "added": outcome.added,
            "read_s": read - start, "check_s": checked - read, "commit_s": done - checked, "total_s": done - start}


if __name__ == "__main__":
    result = measure(int(sys.argv[1]) if len(sys.argv) > 1 else 100_000)
    print(f"import {result['rows']:,} rows ({result['mb']:.1f} MB CSV): total {result['total_s']:.2f} s "
          f"(read {result['read_s']:.2f} s, check {result['check_s']:.2f} s, commit {result['commit_s']:.2f} s)")
    p = measure_portal()
    print(f"portal export {PORTAL_FILE} ({p['blocks']} blocks, {p['values']:,} values, {p['added']:,} new): "
          f"total {p['total_s']:.2f} s (read {p['read_s']:.2f} s, check + preview {p['check_s']:.2f} s, "
          f"commit {p['commit_s']:.2f} s)")
