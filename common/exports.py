"""Tables as CSV and XLSX files that are safe to open in Excel, with the
numbers as the page shows them.

As shown: every number is rounded to the decimals it has on screen. A
column's decimals come from `decimals` ({column: n, or one n per row}),
else from the unit words in its header (`UNIT_DECIMALS`: "(%)" 1, "(EUR)" 2,
"Rang" and counts 0), else per row from a label column that names the unit
(`ROW_LABELS`, for a long table with one value column), else from the
numbers when the page rounded them already (whole numbers: counts). Zero decimals make integers (ranks, people, years).
CSV: `;` separator, decimal comma with the column's decimals, UTF-8 with BOM
(Excel in a Belgian locale opens it with the right columns and accents),
also for a number in a column that mixes numbers and text (a count beside
'<5'). XLSX: numbers stay numbers, with a number format per column ('#,##0.0';
Excel shows them in its own locale), columns as wide as their content, the
header row frozen, and the notes on a second sheet `bron`.
In both, a text cell that Excel would read as a formula (starting with `=`,
`+`, `-`, `@`, tab or carriage return) is written with a leading apostrophe.
"""
from __future__ import annotations

import io
import math
import numbers
import re
from collections.abc import Mapping, Sequence

import pandas as pd
from openpyxl.utils import get_column_letter

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")

# Decimals on screen by the words of a header or unit, first match wins.
UNIT_DECIMALS = [
    (re.compile(r"^(rang|jaar|nis-code)$"), 0),
    (re.compile(r"\(%\)|^%$|\(ptn\)|procentpunt|per 1\.000|aandeel|graad"), 1),
    (re.compile(r"\beur\b|€"), 2),
    (re.compile(r"spanning|per (ontvangen )?vacature"), 2),
    (re.compile(r"aantal|personen|werkenden|werkzoekenden|vacatures|trajecten|gestart|nwwz|wzw|gemeenten"
                r"|nieuwkomers|omvang"), 0),
]
# Identifiers and ranks: whole numbers without a thousands separator in Excel.
PLAIN = re.compile(r"^(rang|jaar|nis-code)$")
# Columns whose text names the unit of a long table's value column, by preference.
ROW_LABELS = ("Eenheid", "Kerncijfer", "Indicator")
XLSX_FORMATS = {0: "#,##0", 1: "#,##0.0", 2: "#,##0.00"}
MAX_WIDTH = 60

Decimals = Mapping[str, int | Sequence[int]]


def neutralise(value):
    """Make a text value inert for spreadsheets; other values pass unchanged."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def decimals_of(label: str) -> int | None:
    """The decimals a header or unit text implies, or None."""
    text = str(label).strip().lower()
    return next((d for pattern, d in UNIT_DECIMALS if pattern.search(text)), None)


def _is_number(value) -> bool:
    return isinstance(value, numbers.Number) and not isinstance(value, bool) and not pd.isna(value)


def _column_decimals(df: pd.DataFrame, col: str, given: Decimals) -> list[int | None]:
    """Per row: the decimals of the column's numbers (None: not known)."""
    if col in given:
        d = given[col]
        return [d] * len(df) if isinstance(d, int) else list(d)
    d = decimals_of(col)
    if d is None:
        label = next((c for c in ROW_LABELS if c in df.columns and c != col), None)
        if label is not None:
            return [decimals_of(v) if isinstance(v, str) else None for v in df[label]]
    return [d] * len(df)


def _places(cells: list) -> int | None:
    """A column without a unit that the page rounded already (at most two
    decimals; whole numbers: counts) keeps them; None otherwise."""
    places = 0
    for v in cells:
        if _is_number(v):
            text = repr(float(v))
            if "e" in text:
                return None
            places = max(places, len(text.split(".")[1].rstrip("0")))
    return places if places <= 2 else None


def _round(value, d: int | None):
    if not _is_number(value) or d is None:
        return value
    return int(round(value)) if d == 0 else round(float(value), d)


def as_shown(df: pd.DataFrame, decimals: Decimals | None = None) -> tuple[pd.DataFrame, dict[str, list]]:
    """The table with its numbers rounded as on screen, and per column the
    decimals of each row (None where not known and not whole)."""
    out, places = df.copy(), {}
    for col in out.columns:
        series = out[col]
        if not (pd.api.types.is_numeric_dtype(series) and not pd.api.types.is_bool_dtype(series)
                or series.dtype == object):
            continue
        ds = _column_decimals(out, col, decimals or {})
        cells = [v.item() if hasattr(v, "item") else v for v in series]
        known = [d for v, d in zip(cells, ds) if _is_number(v)]
        if not known:
            continue
        if all(d is None for d in known):
            ds = [_places(cells)] * len(ds)
        out[col] = pd.Series([_round(v, d) for v, d in zip(cells, ds)], index=out.index, dtype=object)
        places[col] = ds
    return out, places


def _safe(df: pd.DataFrame) -> pd.DataFrame:
    out = df.copy()
    out.columns = [neutralise(str(c)) for c in out.columns]
    for col in out.columns:
        if out[col].dtype == object or pd.api.types.is_string_dtype(out[col]):
            out[col] = out[col].map(neutralise)
    return out


def _text(value, d: int | None = None):
    """A number as CSV text with a decimal comma (`d` decimals when known);
    a missing one empty; text unchanged."""
    if isinstance(value, float) and math.isnan(value) or value is None or value is pd.NA:
        return ""
    if not _is_number(value):
        return value
    if isinstance(value, float) and d is None:
        return repr(value).replace(".", ",")
    return f"{value:.{d or 0}f}".replace(".", ",") if d else str(int(value))


def to_csv(df: pd.DataFrame, decimals: Decimals | None = None) -> bytes:
    shown, places = as_shown(df, decimals)
    out = _safe(shown)
    for col, name in zip(shown.columns, out.columns):
        if out[name].dtype == object or col in places:
            ds = places.get(col, [None] * len(out))
            out[name] = [_text(v, d) for v, d in zip(out[name], ds)]
    text = out.to_csv(index=False, sep=";", decimal=",", lineterminator="\r\n")
    return ("\ufeff" + text).encode("utf-8")


def _fit(sheet) -> None:
    """Columns as wide as their longest cell (within MAX_WIDTH), header frozen."""
    for i, column in enumerate(sheet.iter_cols(values_only=True), start=1):
        width = max((len(str(v)) for v in column if v is not None), default=8)
        sheet.column_dimensions[get_column_letter(i)].width = min(width + 2, MAX_WIDTH)
    sheet.freeze_panes = "A2"


def to_xlsx(df: pd.DataFrame, sheet: str = "gegevens", notes: list[str] | None = None,
            decimals: Decimals | None = None) -> bytes:
    """One sheet with the table; `notes` (source, quality) on a second sheet."""
    shown, places = as_shown(df, decimals)
    buf = io.BytesIO()
    with pd.ExcelWriter(buf, engine="openpyxl") as writer:
        _safe(shown).to_excel(writer, sheet_name=sheet[:31], index=False)
        data = writer.sheets[sheet[:31]]
        for j, col in enumerate(shown.columns, start=1):
            plain = PLAIN.match(str(col).strip().lower()) is not None
            for i, d in enumerate(places.get(col, []), start=2):
                cell = data.cell(row=i, column=j)
                if d is not None and cell.data_type == "n" and cell.value is not None:
                    cell.number_format = "0" if plain else XLSX_FORMATS.get(d, "#,##0.00")
        _fit(data)
        if notes:
            pd.DataFrame({"toelichting": [neutralise(n) for n in notes]}).to_excel(
                writer, sheet_name="bron", index=False)
            _fit(writer.sheets["bron"])
    return buf.getvalue()
