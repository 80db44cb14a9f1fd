"""Reading an uploaded export (CSV or XLSX) into a table of cells, safely.

Everything a user uploads is untrusted: the size is checked before reading,
the content must be what the extension says, XLSX archives are checked for
zip bombs and XML entity declarations before openpyxl parses them (which then
parses with defusedxml as a second line of defence). CSV files may come in
UTF-8 (with or without BOM), UTF-16 or Windows-1252, with `;`, `,`, tab or `|`
between cells and any line ends. Title lines above the header are skipped.

The result keeps the row numbers a spreadsheet shows, so every later message
can name the row.
"""
from __future__ import annotations

import codecs
import csv
import hashlib
import io
import os
import tomllib
import zipfile
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

import pandas as pd

from loaders import incijfers
from loaders.config import PROJECT_ROOT
from loaders.errors import SourceError
from loaders.import_spec import META, normalise_header

STREAMLIT_CONFIG = PROJECT_ROOT / ".streamlit" / "config.toml"
SEPARATORS = (";", ",", "\t", "|")
SNIFF_LINES = 50
HEADER_SEARCH_ROWS = 20
XML_HEAD_BYTES = 65536
OLE_MAGIC = b"\xd0\xcf\x11\xe0"  # old .xls (and other Office binary files)
ZIP_MAGIC = b"PK\x03\x04"


@dataclass
class RawTable:
    """The cells under the header, as text (XLSX numbers stay numbers)."""
    file_name: str
    content_hash: str
    header: list[str]
    cells: pd.DataFrame          # one column per header, in file order
    rows: list[int]              # spreadsheet row number of each data row
    warnings: list[str] = field(default_factory=list)


@dataclass
class PortalFile:
    """A provincies.incijfers.be export as downloaded (`loaders.incijfers`),
    recognised by its content: blocks of years per indicator, names only."""
    file_name: str
    content_hash: str
    export: incijfers.Export
    warnings: list[str] = field(default_factory=list)


def max_upload_mb() -> int:
    """The upload limit the app enforces (`server.maxUploadSize`); the CLI
    uses the same. Streamlit's own environment override wins, as in the app."""
    env = os.environ.get("STREAMLIT_SERVER_MAX_UPLOAD_SIZE")
    if env:
        return int(env)
    with STREAMLIT_CONFIG.open("rb") as fh:
        return int(tomllib.load(fh)["server"]["maxUploadSize"])


def check_size(file_name: str, size: int) -> None:
    limit = max_upload_mb()
    if size > limit * 1024 * 1024:
        raise SourceError(file_name, f"het bestand is {size / 1024 / 1024:.1f} MB; "
                                     f"de limiet is {limit} MB".replace(".", ","))


def read_path(path: Path) -> RawTable | PortalFile:
    """Read a file from disk (the CLI); the size is checked before reading."""
    if not path.is_file():
        raise SourceError(path, f"bestand niet gevonden: {path}")
    check_size(path.name, path.stat().st_size)
    return read_upload(path.read_bytes(), path.name)


def read_upload(content: bytes, file_name: str) -> RawTable | PortalFile:
    """A table with a header row (mapped to fields later), or a portal export
    (its own layout, read by `loaders.incijfers`): the content decides."""
    check_size(file_name, len(content))
    if not content.strip():
        raise SourceError(file_name, "het bestand is leeg")
    ext = Path(file_name).suffix.lower()
    warnings: list[str] = []
    content_hash = hashlib.sha256(content).hexdigest()
    if ext == ".csv":
        text = _decode(content, file_name)
        if incijfers.is_csv_export(_first_csv_row(text, file_name)):
            return PortalFile(file_name, content_hash, incijfers.from_csv(Path(file_name), io.StringIO(text)))
        rows = _csv_rows(text, file_name)
    elif ext == ".xlsx":
        values = _xlsx_values(content, file_name, warnings)
        if incijfers.is_sheet_export(values):
            return PortalFile(file_name, content_hash, incijfers.from_rows(Path(file_name), values), warnings)
        rows = _numbered(values, file_name)
    elif ext == ".xls":
        raise SourceError(file_name, "het oude Excel-formaat (.xls) wordt niet ondersteund; "
                                     "bewaar het bestand in Excel als .xlsx of als CSV")
    else:
        raise SourceError(file_name, "alleen CSV-bestanden (.csv) en Excel-werkmappen (.xlsx) "
                                     "kunnen worden geïmporteerd")
    header_at, header = _header(rows, file_name)
    body = [(n, cells) for n, cells in rows[header_at + 1:]]
    if not body:
        raise SourceError(file_name, "het bestand bevat alleen een kopregel, geen gegevens",
                          row=rows[header_at][0])
    width = len(header)
    for n, cells in body:
        if len(cells) > width and any(_text(c) for c in cells[width:]):
            raise SourceError(file_name, f"rij heeft {len(cells)} cellen, de kopregel maar {width}", row=n)
    frame = pd.DataFrame([(cells + [""] * width)[:width] for _, cells in body], columns=header, dtype=object)
    return RawTable(file_name, content_hash, header, frame,
                    [n for n, _ in body], warnings)


def _text(cell) -> str:
    return cell.strip() if isinstance(cell, str) else ("" if cell is None else str(cell))


def _header(rows: list[tuple[int, list]], file_name: str) -> tuple[int, list[str]]:
    """Index of the header row and its names. The header is the first row
    that names a known column; failing that, the first row with two or more
    filled cells (export tools put a one-cell title above the table)."""
    aliases = {a for f in META["fields"].values() for a in f["aliases"]}
    candidates = rows[:HEADER_SEARCH_ROWS]
    at = next((i for i, (_, cells) in enumerate(candidates)
               if any(normalise_header(_text(c)) in aliases for c in cells)), None)
    if at is None:
        at = next((i for i, (_, cells) in enumerate(candidates) if sum(bool(_text(c)) for c in cells) >= 2), 0)
    row, cells = rows[at]
    names = [_text(c) for c in cells]
    while names and not names[-1]:
        names.pop()
    names = [n or f"kolom {i + 1}" for i, n in enumerate(names)]
    seen: dict[str, int] = {}
    for i, name in enumerate(names):
        if name in seen:
            raise SourceError(file_name, f"de kolomnaam komt twee keer voor (kolommen {seen[name] + 1} "
                                         f"en {i + 1})", row=row, column=name)
        seen[name] = i
    return at, names


# --- CSV --------------------------------------------------------------------

def _decode(content: bytes, file_name: str) -> str:
    if content.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return content.decode("utf-16")
    if content.startswith((ZIP_MAGIC, OLE_MAGIC, b"%PDF")) or b"\x00" in content:
        raise SourceError(file_name, "dit is geen CSV-tekstbestand (de inhoud lijkt een Excel-, zip- of ander "
                                     "binair bestand); controleer de extensie of kies het juiste bestand")
    try:
        return content.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        return content.decode("cp1252")
    except UnicodeDecodeError as exc:
        raise SourceError(file_name, "tekens niet leesbaar als UTF-8 of Windows-1252 "
                                     f"(byte {exc.start + 1})") from exc


def _sniff_separator(text: str, file_name: str) -> str:
    """The separator that splits the first lines into the most consistent,
    widest rows (a decimal comma splits `;` files too, but unevenly)."""
    numbered = [(n, line) for n, line in enumerate(text.splitlines()[:SNIFF_LINES], start=1) if line.strip()]
    lines = [line for _, line in numbered]
    best, best_score = None, (0, 0)
    for sep in SEPARATORS:
        reader = csv.reader(lines, delimiter=sep)
        try:
            widths = [len(r) for r in reader]
        except csv.Error as exc:
            raise _csv_error(exc, file_name, numbered[reader.line_num - 1][0]) from exc
        common = max(set(widths), key=widths.count)
        score = (widths.count(common), common)
        if common >= 2 and score > best_score:
            best, best_score = sep, score
    if best is None:
        raise SourceError(file_name, "geen kolommen gevonden: verwacht cellen gescheiden door ';' of ','",
                          row=1)
    return best


def _first_csv_row(text: str, file_name: str) -> list[str]:
    """The first line's cells with the portal's separator (`;`)."""
    try:
        return next(csv.reader(io.StringIO(text.lstrip(), newline=""), delimiter=";"), [])
    except csv.Error as exc:
        raise _csv_error(exc, file_name, 1) from exc


def _csv_error(exc: csv.Error, file_name: str, row: int) -> SourceError:
    """The csv module's refusal in Dutch. A cell over its length limit is
    nearly always a quote (") that is never closed, which makes the rest of
    the file one cell."""
    if "field larger than field limit" in str(exc):
        return SourceError(file_name, f"een cel is langer dan {csv.field_size_limit():,} tekens; ".replace(",", ".")
                           + 'wellicht een aanhalingsteken (") dat niet wordt afgesloten', row=row)
    return SourceError(file_name, "ongeldige CSV-opmaak (bijvoorbeeld een aanhalingsteken midden in een cel)",
                       row=row)


def _csv_rows(text: str, file_name: str) -> list[tuple[int, list]]:
    if not text.strip():
        raise SourceError(file_name, "het bestand is leeg")
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_sniff_separator(text, file_name))
    rows, start = [], 1
    try:
        for cells in reader:
            if any(c.strip() for c in cells):
                rows.append((start, [c.strip() for c in cells]))
            start = reader.line_num + 1
    except csv.Error as exc:
        raise _csv_error(exc, file_name, start) from exc
    return rows


# --- XLSX -------------------------------------------------------------------

def _check_archive(content: bytes, file_name: str) -> None:
    """Refuse before parsing: not a zip, too many members, unpacking to far
    more than the upload, or XML that declares a DTD or entities."""
    if not content.startswith(ZIP_MAGIC):
        kind = "een oud .xls-bestand" if content.startswith(OLE_MAGIC) else "geen Excel-werkmap (.xlsx)"
        raise SourceError(file_name, f"de inhoud is {kind}; controleer de extensie of kies het juiste bestand")
    limits = META["xlsx"]
    try:
        archive = zipfile.ZipFile(io.BytesIO(content))
        infos = archive.infolist()
    except (zipfile.BadZipFile, ValueError) as exc:
        raise SourceError(file_name, "beschadigde Excel-werkmap (het zip-archief is onleesbaar)") from exc
    if len(infos) > limits["max_members"]:
        raise SourceError(file_name, f"verdacht Excel-bestand: {len(infos)} onderdelen in het archief")
    total = sum(i.file_size for i in infos)
    if any(i.file_size > limits["max_ratio"] * max(i.compress_size, 1) and i.file_size > 1024 * 1024
           for i in infos):
        raise SourceError(file_name, f"verdacht Excel-bestand: het pakt uit tot {total / 1024 / 1024:.0f} MB "
                                     "(mogelijke zip-bom); geweigerd zonder het te openen")
    if total > limits["max_uncompressed_mb"] * 1024 * 1024:
        raise SourceError(file_name, f"het Excel-bestand pakt uit tot {total / 1024 / 1024:.0f} MB, meer dan de "
                                     f"{limits['max_uncompressed_mb']} MB die een export hoogstens nodig heeft; "
                                     "geweigerd zonder het te openen (bewaar het als CSV of verdeel het)")
    if "xl/workbook.xml" not in archive.namelist():
        raise SourceError(file_name, "de inhoud is geen Excel-werkmap (.xlsx): xl/workbook.xml ontbreekt")
    for info in infos:
        if info.filename.endswith((".xml", ".rels", ".vml")):
            with archive.open(info) as fh:
                head = fh.read(XML_HEAD_BYTES)
            if b"<!DOCTYPE" in head or b"<!ENTITY" in head:
                raise SourceError(file_name, "verdacht Excel-bestand: XML met DOCTYPE- of ENTITY-declaraties "
                                             f"({info.filename}); geweigerd zonder het te openen")


def _sheet(content: bytes, data_only: bool):
    """The first sheet, streamed; the stored dimension is ignored (the
    portal's workbooks have none, and a streamed sheet would then read as one cell)."""
    import warnings  # a module-level import would be shadowed by the warning lists here

    import openpyxl

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # "Workbook contains no default style" (the portal's workbooks)
        book = openpyxl.load_workbook(io.BytesIO(content), read_only=True, data_only=data_only)
    sheet = book.worksheets[0]
    sheet.reset_dimensions()
    return book, sheet


def _xlsx_values(content: bytes, file_name: str, warnings: list[str]) -> list[list]:
    """Every row of the first sheet as values (formulas as Excel last computed them)."""
    from defusedxml import DefusedXmlException

    _check_archive(content, file_name)
    try:
        book, sheet = _sheet(content, data_only=False)
        raw = list(sheet.iter_rows(min_row=1, values_only=True))
    except Exception as exc:  # openpyxl raises (and wraps) many types for broken files
        cause = exc
        while cause is not None and not isinstance(cause, DefusedXmlException):
            cause = cause.__cause__ or cause.__context__
        if cause is not None:
            raise SourceError(file_name, "verdacht Excel-bestand: verboden XML-constructie "
                                         f"({type(cause).__name__}); geweigerd") from exc
        raise SourceError(file_name, f"Excel-werkmap niet leesbaar ({type(exc).__name__})") from exc
    if len(book.worksheets) > 1:
        warnings.append(f"Alleen het eerste werkblad ('{sheet.title}') werd gelezen; "
                        f"de werkmap heeft er {len(book.worksheets)}.")
    # A text cell can start with '=' too: formulas are the '=' cells whose
    # cached value (data_only) differs from the formula text.
    starts = [(r, c) for r, values in enumerate(raw) for c, v in enumerate(values)
              if isinstance(v, str) and v.startswith("=")]
    rows = [list(values) for values in raw]
    if starts:
        cached = list(_sheet(content, data_only=True)[1].iter_rows(min_row=1, values_only=True))
        formulas = [(r, c) for r, c in starts if cached[r][c] != raw[r][c]]
        for r, c in formulas:
            if cached[r][c] is None:
                raise SourceError(file_name, "formule zonder bewaarde uitkomst: open het bestand in Excel en "
                                             "bewaar het opnieuw, of plak de cellen als waarden",
                                  row=r + 1, column=_column_letter(c))
            rows[r][c] = cached[r][c]
        if formulas:
            r, c = formulas[0]
            warnings.append(f"{len(formulas)} cel(len) bevatten een formule; de laatst in Excel berekende "
                            f"waarden werden gelezen (eerste: rij {r + 1}, kolom {_column_letter(c)}). "
                            "Controleer of die waarden actueel zijn.")
    return rows


def _numbered(rows: list[list], file_name: str) -> list[tuple[int, list]]:
    """The non-empty rows with their spreadsheet row number, cells as text or numbers."""
    out = []
    for r, values in enumerate(rows):
        cells = [_cell(v) for v in values]
        if any(c != "" for c in cells):
            out.append((r + 1, cells))
    if not out:
        raise SourceError(file_name, "het eerste werkblad is leeg")
    return out


def _cell(value):
    """Text as text, whole numbers as their digits, dates as ISO dates;
    other numbers stay floats (no decimal separator to guess)."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == datetime.min.time() else value.isoformat(sep=" ")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, (int, float)) and float(value).is_integer():
        return str(int(value))
    return float(value)


def _column_letter(index: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(index + 1)
