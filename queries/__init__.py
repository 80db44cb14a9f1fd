"""Named SQL (`queries/sql/<name>.sql`) run with bound parameters.

Pages never hold SQL: they call `ui.data.run(name, **params)`, which caches
the result of `run_query` below per data version. The build's statements
live in `sql/build/` (`build/schema`: every table and view of the store),
the importer's in `sql/import/`; a name may name such a subfolder.
"""
from __future__ import annotations

from functools import cache
from pathlib import Path

import duckdb
import pandas as pd

SQL_DIR = Path(__file__).with_name("sql")


@cache
def sql(name: str) -> str:
    return (SQL_DIR / f"{name}.sql").read_text(encoding="utf-8")


def run_query(con: duckdb.DuckDBPyConnection, name: str, **params) -> pd.DataFrame:
    """Run a named query on its own cursor (safe across Streamlit threads)."""
    cur = con.cursor()
    try:
        return cur.execute(sql(name), params).df()
    finally:
        cur.close()


def run_statement(cur: duckdb.DuckDBPyConnection, name: str, **params) -> duckdb.DuckDBPyConnection:
    """Run a named statement on the caller's connection or cursor, inside
    whatever transaction it holds (a build step, an import)."""
    return cur.execute(sql(name), params or None)
