"""Reading published CSV files as they are, and checking what was read.

pandas reads the quirks (encodings, separators, CR/CRLF line ends); these
helpers add what it does not do for us: keep the file's own row numbers for
error messages, and turn bad cells into a `SourceError` naming row and column
instead of a silent NaN.
"""
from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

from loaders.errors import SourceError

HEADER_ROWS = 1
NIS_PATTERN = re.compile(r"^\d{5}$")


def read_csv(path: Path, *, sep: str, encoding: str, columns: list[str]) -> pd.DataFrame:
    """All cells as text; a `row` column holds the row number in the file.

    Blank lines are kept (as empty rows) so that row numbers stay true.
    """
    if not path.exists():
        raise SourceError(path, "bestand niet gevonden (map: %s)" % path.parent)
    try:
        df = pd.read_csv(path, sep=sep, encoding=encoding, dtype=str,
                         keep_default_na=False, skip_blank_lines=False)
    except UnicodeDecodeError as exc:
        raise SourceError(path, f"tekens niet leesbaar als {encoding} ({exc.reason})") from exc
    except pd.errors.ParserError as exc:
        raise SourceError(path, f"geen geldig CSV-bestand met scheidingsteken '{sep}': {exc}") from exc
    except pd.errors.EmptyDataError as exc:
        raise SourceError(path, "bestand is leeg") from exc
    df.columns = [c.strip() for c in df.columns]
    missing = [c for c in columns if c not in df.columns]
    if missing:
        raise SourceError(path, f"kolom(men) ontbreken: {', '.join(missing)}; gevonden: {', '.join(df.columns)}",
                          row=HEADER_ROWS)
    df = df[columns].copy()
    df = df.apply(lambda s: s.str.strip())
    df.insert(0, "row", df.index + HEADER_ROWS + 1)
    return df


def drop_empty(df: pd.DataFrame, key: str) -> pd.DataFrame:
    """Drop rows without a value in `key`: blank lines, `;;;` lines and
    footers such as 'Geen selecties' that export tools append."""
    return df[df[key] != ""].copy()


def check_nis(df: pd.DataFrame, path: Path, column: str, known: set[str] | None = None) -> None:
    """Every code is 5 digits and, when `known` is given, a known REFNIS code."""
    for row, code in zip(df["row"], df[column]):
        if not NIS_PATTERN.match(code):
            raise SourceError(path, f"'{code}' is geen NIS-code van 5 cijfers", row, column)
        if known is not None and code not in known:
            raise SourceError(path, f"NIS-code {code} is geen gekende gemeente (REFNIS)", row, column)


def to_number(df: pd.DataFrame, path: Path, column: str, *, decimal: str = ".",
              integer: bool = False, low: float | None = None, high: float | None = None) -> pd.Series:
    """Parse a text column as numbers; the first bad or out-of-range cell
    raises a `SourceError` with its row."""
    text = df[column]
    if decimal == ",":
        text = text.str.replace(".", "", regex=False).str.replace(",", ".", regex=False)
    values = pd.to_numeric(text, errors="coerce")
    bad = values.isna()
    if integer:
        bad |= values.notna() & (values % 1 != 0)
    if bad.any():
        i = bad.idxmax()
        kind = "geheel getal" if integer else "getal"
        raise SourceError(path, f"'{df.at[i, column]}' is geen {kind}", int(df.at[i, 'row']), column)
    for limit, outside, word in ((low, values < low if low is not None else None, "kleiner dan"),
                                 (high, values > high if high is not None else None, "groter dan")):
        if outside is not None and outside.any():
            i = outside.idxmax()
            raise SourceError(path, f"waarde {df.at[i, column]} is {word} {limit:g}",
                              int(df.at[i, 'row']), column)
    return values.astype("int64") if integer else values.astype("float64")


def check_unique(df: pd.DataFrame, path: Path, keys: list[str]) -> None:
    """No two rows share the same key."""
    dup = df.duplicated(subset=keys, keep="first")
    if dup.any():
        i = dup.idxmax()
        first = df[(df[keys] == df.loc[i, keys]).all(axis=1)]["row"].iloc[0]
        desc = ", ".join(f"{k}={df.at[i, k]}" for k in keys)
        raise SourceError(path, f"dubbele sleutel ({desc}), ook al op rij {first}",
                          int(df.at[i, "row"]), keys[0])
