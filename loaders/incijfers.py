"""Reading a provincies.incijfers.be export exactly as the portal writes it.

Two layouts, both what regional staff download every year:

- XLSX: row 1 a title, then a row of indicator names (one name per block of
  year columns, written above the block's last column), a row of years, one
  row per municipality by name, and below them a legend ("Speciale
  waarden"), "Eenheid", "Bron", "Voetnoot" and "Datum export" rows;
- CSV: a header `"gemeenten";"<indicator>|<year>";...`, `;` separated,
  decimal comma, no footer.

Both become one long table of cells (`Export.cells`): file row, spreadsheet
column, municipality name, indicator block, year, value and the portal's
marker (`x` hidden, `-` no value, `?` missing, `nvt` not applicable). Which
block means which indicator, and in which unit, is the caller's business
(`loaders.portal`); this module only refuses what is not such an export.
pandas and openpyxl read the files; what no library knows is this layout:
blocks named above their last column, years as text, markers in number cells.
"""
from __future__ import annotations

import io
import re
import warnings
from dataclasses import dataclass
from pathlib import Path

import openpyxl
import pandas as pd
from openpyxl.utils import get_column_letter

from loaders.errors import SourceError
from loaders.indicator_frame import HIDDEN

MARKERS = {"x": "verborgen", "-": "geen waarde", "?": "ontbrekend", "nvt": "niet van toepassing"}

FOOTER_KEYS = {"Speciale waarden", "Eenheid", "Bron", "Voetnoot", "Datum export"}
YEAR = re.compile(r"^\d{4}$")
CSV_HEADER = re.compile(r"^(?P<block>.+)\|(?P<year>\d{4})$")
NUMBER_TEXT = re.compile(r"^-?\d+([.,]\d+)?$")


@dataclass(frozen=True)
class Export:
    path: Path
    layout: str                 # 'xlsx' or 'csv'
    title: str | None
    blocks: tuple[str, ...]     # indicator names in file order
    cells: pd.DataFrame         # row, column, name, block, year, value, marker
    sources: tuple[str, ...]    # the "Bron" lines
    unit: str | None            # the "Eenheid" line
    exported: str | None        # the "Datum export" line, as written


def read(path: Path) -> Export:
    """Read an export; the layout follows from the file's content (an XLSX is
    a zip file), not from its name."""
    if not path.exists():
        raise SourceError(path, f"bestand niet gevonden (map: {path.parent})")
    with path.open("rb") as fh:
        is_zip = fh.read(4) == b"PK\x03\x04"
    return from_rows(path, _sheet_rows(path)) if is_zip else from_csv(path, path)


def _sheet_rows(path: Path) -> list[list]:
    """The first sheet's cell values, row by row (rows end at their last
    filled cell). The portal's workbooks have no sheet dimension, so the
    streaming reader is told to ignore it."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # "Workbook contains no default style"
            book = openpyxl.load_workbook(path, read_only=True, data_only=True)
            sheet = book.worksheets[0]
            sheet.reset_dimensions()
            rows = [list(r) for r in sheet.iter_rows(values_only=True)]
            book.close()
    except Exception as exc:  # openpyxl raises many types for a broken file
        raise SourceError(path, f"geen leesbaar Excel-bestand ({type(exc).__name__})") from exc
    return rows


def is_sheet_export(rows: list[list]) -> bool:
    """Whether a sheet looks like a portal export (a row of years under the
    indicator names, or the footer's keys in column A), so that a broken
    export is refused with the reason instead of read as another table."""
    return (_years_row_at(rows) is not None
            or any(r and _text(r[0]) in FOOTER_KEYS - {"Voetnoot"} for r in rows))


def is_csv_export(header: list[str]) -> bool:
    """Whether a CSV header has the portal's `<indicator>|<year>` columns."""
    return any(CSV_HEADER.match(_text(h)) for h in header[1:])


def _years_row_at(rows: list[list]) -> int | None:
    return next((i for i, r in enumerate(rows[:10]) if _is_years_row(r)), None)


def from_rows(path: Path, rows: list[list]) -> Export:
    """An XLSX export from its first sheet's values (`path` names it in messages)."""
    years_at = _years_row_at(rows)
    if years_at is None or years_at == 0:
        raise SourceError(path, "geen rij met jaartallen boven de gemeenten gevonden: is dit een export van "
                                "provincies.incijfers.be (titel, indicatoren, jaren, gemeenten)?", row=1)
    names_row, years_row = rows[years_at - 1], rows[years_at]
    columns = _blocks_from_rows(path, names_row, years_row, years_at)
    data, footer = _split_footer(rows, years_at + 1)
    if not any(r and _text(r[0]) in FOOTER_KEYS for r in footer):  # nothing, or only empty rows
        raise SourceError(path, "de voettekst met 'Bron' en 'Datum export' ontbreekt onder de gemeenten: "
                                "het bestand is niet volledig zoals de portaal het exporteert",
                          row=years_at + 2 + len(data))
    records = []
    for offset, r in enumerate(data):
        row = years_at + 2 + offset
        name = _text(r[0])
        for j, (block, year) in columns.items():
            records.append((row, get_column_letter(j + 1), name, block, year, r[j] if j < len(r) else None))
    meta = _footer(footer)
    if "Bron" not in meta:
        raise SourceError(path, "de regel 'Bron' ontbreekt in de voettekst", row=years_at + 2 + len(data))
    return Export(path=path, layout="xlsx", title=_text(rows[0][0]) or None,
                  blocks=tuple(dict.fromkeys(b for b, _ in columns.values())),
                  cells=_cells(path, records), sources=tuple(meta.get("Bron", [])),
                  unit=(meta.get("Eenheid") or [None])[0], exported=(meta.get("Datum export") or [None])[0])


def _blocks_from_rows(path: Path, names: list, years: list, years_at: int) -> dict[int, tuple[str, int]]:
    """Column index -> (block name, year). A block is a run of rising years;
    its name is the one name written above it (the portal writes it above
    the block's last column)."""
    runs: list[list[int]] = []
    for j, v in enumerate(years[1:], start=1):
        if not _is_year(v):
            if _text(v):
                raise SourceError(path, f"'{v}' is geen jaartal", years_at + 1, get_column_letter(j + 1))
            continue
        if runs and runs[-1][-1] == j - 1 and int(years[j - 1]) < int(v):
            runs[-1].append(j)
        else:
            runs.append([j])
    columns: dict[int, tuple[str, int]] = {}
    for run in runs:
        found = [_text(names[j]) for j in run if j < len(names) and _text(names[j])]
        where = f"{get_column_letter(run[0] + 1)}-{get_column_letter(run[-1] + 1)}"
        if not found:
            raise SourceError(path, f"het blok jaren {years[run[0]]}-{years[run[-1]]} in kolommen {where} "
                                    "heeft geen indicatornaam", years_at, get_column_letter(run[-1] + 1))
        if len(found) > 1:
            raise SourceError(path, f"kolommen {where} hebben meer dan één indicatornaam: {', '.join(found)}",
                              years_at, get_column_letter(run[0] + 1))
        columns |= {j: (found[0], int(years[j])) for j in run}
    return columns


def _split_footer(rows: list[list], first: int) -> tuple[list[list], list[list]]:
    """The municipality rows and the footer (legend, unit, source, date):
    the municipality rows end at the first empty row or footer key."""
    for i in range(first, len(rows)):
        head = _text(rows[i][0]) if rows[i] else ""
        if not head and not any(_text(v) for v in rows[i]) or head in FOOTER_KEYS:
            return rows[first:i], rows[i:]
    return rows[first:], []


def _footer(rows: list[list]) -> dict[str, list[str]]:
    """Footer lines by key; a line with an empty first cell continues the
    key above it (the second "Bron" line)."""
    out: dict[str, list[str]] = {}
    key = None
    for r in rows:
        head = _text(r[0]) if r else ""
        rest = [_text(v) for v in r[1:] if _text(v)] if r else []
        if head in FOOTER_KEYS:
            key = head
        elif head:
            key = None
        if key and rest:
            out.setdefault(key, []).append(" ".join(rest))
    return out


def from_csv(path: Path, source: Path | io.StringIO) -> Export:
    """A CSV export from a file or from text already decoded (`path` names
    it in messages)."""
    try:
        df = pd.read_csv(source, sep=";", dtype=str, keep_default_na=False, encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        raise SourceError(path, f"tekens niet leesbaar als UTF-8 ({exc.reason})") from exc
    except (pd.errors.ParserError, pd.errors.EmptyDataError) as exc:
        raise SourceError(path, f"geen geldig CSV-bestand met scheidingsteken ';': {exc}") from exc
    if df.shape[1] < 2:
        raise SourceError(path, "verwacht kopregel \"gemeenten\";\"<indicator>|<jaar>\";...", row=1)
    columns: dict[str, tuple[str, int]] = {}
    for j, head in enumerate(df.columns[1:], start=2):
        match = CSV_HEADER.match(head.strip())
        if not match:
            raise SourceError(path, f"kolomkop '{head}' heeft niet de vorm '<indicator>|<jaar>'", 1,
                              get_column_letter(j))
        if not match["block"].strip():
            raise SourceError(path, f"kolomkop '{head}' heeft geen indicatornaam", 1, get_column_letter(j))
        columns[head] = (match["block"].strip(), int(match["year"]))
    records = []
    name_col = df.columns[0]
    for i, r in enumerate(df.itertuples(index=False)):
        name = _text(r[0])
        if not name:
            continue
        for j, head in enumerate(df.columns[1:], start=1):
            block, year = columns[head]
            records.append((i + 2, get_column_letter(j + 1), name, block, year, _csv_number(r[j])))
    if not records:
        raise SourceError(path, f"geen gemeenten onder de kopregel (kolom '{name_col}')", row=2)
    return Export(path=path, layout="csv", title=None,
                  blocks=tuple(dict.fromkeys(b for b, _ in columns.values())),
                  cells=_cells(path, records), sources=(), unit=None, exported=None)


def _csv_number(text: str) -> str:
    """Decimal comma to a point; thousands points go (`1.234,5` -> `1234.5`)."""
    text = text.strip()
    return text.replace(".", "").replace(",", ".") if NUMBER_TEXT.match(text.replace(".", "")) else text


def _cells(path: Path, records: list[tuple]) -> pd.DataFrame:
    """Cells with their value (float) or marker; any other text refuses the
    file with its row and column."""
    df = pd.DataFrame(records, columns=["row", "column", "name", "block", "year", "raw"])
    df["marker"] = None
    values, markers = [], []
    for row, column, block, year, raw in zip(df["row"], df["column"], df["block"], df["year"], df["raw"]):
        if raw is None or isinstance(raw, str) and not raw.strip():
            values.append(float("nan")); markers.append(None)
        elif isinstance(raw, bool):
            raise SourceError(path, f"'{raw}' is geen getal ({block}, {year})", row, column)
        elif isinstance(raw, (int, float)):
            values.append(float(raw)); markers.append(None)
        elif raw.strip() in MARKERS:
            values.append(float("nan")); markers.append(raw.strip())
        elif NUMBER_TEXT.match(raw.strip()):  # numbers stored as text
            values.append(float(raw.strip().replace(",", "."))); markers.append(None)
        else:
            raise SourceError(path, f"'{raw}' is geen getal en geen gekende markering "
                                    f"({', '.join(MARKERS)}) ({block}, {year})", row, column)
    df["value"], df["marker"] = values, markers
    return df.drop(columns="raw")


def _text(v) -> str:
    return "" if v is None else str(v).strip()


def _is_years_row(row: list) -> bool:
    """No name in the first cell, and only years after it."""
    filled = [v for v in row[1:] if _text(v)]
    return bool(filled) and not _text(row[0]) and all(_is_year(v) for v in filled)


def _is_year(v) -> bool:
    return bool(YEAR.match(_text(v)))
