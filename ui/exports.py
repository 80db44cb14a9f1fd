"""Tables as CSV and XLSX files that are safe to open in Excel.

CSV: `;` separator, decimal comma, UTF-8 with BOM (Excel in a Belgian locale
opens it with the right columns and accents), also for a number in a
column that mixes numbers and text (a count beside '<5'). XLSX: numbers
stay numbers.
In both, a text cell that Excel would read as a formula (starting with `=`,
`+`, `-`, `@`, tab or carriage return) is written with a leading apostrophe.
"""
from __future__ import annotations

import io
import math

import pandas as pd

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value):
    """Make a text value inert for spreadsheets; other values pass unchanged."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def _safe(df: pd.DataFrame) -> pd.DataFrame:
    out = df.copy()
    out.columns = [neutralise(str(c)) for c in out.columns]
    for col in out.columns:
        if out[col].dtype == object or pd.api.types.is_string_dtype(out[col]):
            out[col] = out[col].map(neutralise)
    return out


def _decimal_comma(value):
    """A float in a mixed column as pandas writes it, with a decimal comma
    (pandas applies `decimal` to float columns only)."""
    if isinstance(value, float):
        return "" if math.isnan(value) else repr(float(value)).replace(".", ",")
    return value


def to_csv(df: pd.DataFrame) -> bytes:
    out = _safe(df)
    for col in out.columns:
        if out[col].dtype == object:
            out[col] = out[col].map(_decimal_comma)
    text = out.to_csv(index=False, sep=";", decimal=",", lineterminator="\r\n")
    return ("\ufeff" + text).encode("utf-8")


def to_xlsx(df: pd.DataFrame, sheet: str = "gegevens", notes: list[str] | None = None) -> bytes:
    """One sheet with the table; `notes` (source, quality) on a second sheet."""
    buf = io.BytesIO()
    with pd.ExcelWriter(buf, engine="openpyxl") as writer:
        _safe(df).to_excel(writer, sheet_name=sheet[:31], index=False)
        if notes:
            pd.DataFrame({"toelichting": [neutralise(n) for n in notes]}).to_excel(
                writer, sheet_name="bron", index=False)
    return buf.getvalue()
