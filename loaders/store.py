"""Opening the store and writing tidy rows into it."""
from __future__ import annotations

from pathlib import Path

import duckdb
import pandas as pd

from loaders.indicator_frame import FLAG, INDICATOR_COLUMNS

META_COLUMNS = ["indicator", "label", "unit", "decimals", "quality", "title",
                "producer", "citation", "licence", "accessed", "note"]


def connect(path: Path, read_only: bool = False) -> duckdb.DuckDBPyConnection:
    return duckdb.connect(str(path), read_only=read_only)


def attach(con: duckdb.DuckDBPyConnection, path: Path, alias: str, read_only: bool = False) -> None:
    """ATTACH another database file. The statement takes no bound parameter
    for the path, so it is written as an SQL string literal, quotes doubled."""
    literal = str(path).replace("'", "''")
    con.execute(f"attach '{literal}' as {alias}" + (" (read_only)" if read_only else ""))


def insert_frame(con: duckdb.DuckDBPyConnection, table: str, frame: pd.DataFrame) -> int:
    """Append a frame's rows to a table, matching columns by name."""
    con.register("_rows", frame)
    try:
        con.execute(f"insert into {table} by name select * from _rows")
    finally:
        con.unregister("_rows")
    return len(frame)


def insert_indicators(con: duckdb.DuckDBPyConnection, rows: pd.DataFrame) -> int:
    """Append tidy indicator rows (see `indicator_frame`), with their
    `flag` column when they have one."""
    return insert_frame(con, "indicator_values", rows[INDICATOR_COLUMNS + ([FLAG] if FLAG in rows else [])])


def register_indicator(con: duckdb.DuckDBPyConnection, meta: dict) -> None:
    """Record an indicator's label, unit and provenance from its metadata file."""
    values = [meta.get(c) for c in META_COLUMNS]
    values[META_COLUMNS.index("accessed")] = str(meta.get("accessed", ""))
    placeholders = ", ".join("?" for _ in META_COLUMNS)
    con.execute(f"insert or replace into indicator_meta ({', '.join(META_COLUMNS)}) values ({placeholders})", values)
