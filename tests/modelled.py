"""Checks every model's tests make: a second build from the same files gives
the model's rows byte for byte, and an official value imported for a
modelled key takes its place."""
from __future__ import annotations

import shutil
from pathlib import Path

import duckdb
import pandas as pd

from loaders import build
from loaders.config import data_dir
from queries import run_query


def read(store_path: Path, sql: str, params: list | None = None) -> pd.DataFrame:
    """Rows from the session store on a short-lived connection (read-only,
    the app's settings: DuckDB refuses a second configuration in a process)."""
    con = duckdb.connect(str(store_path), read_only=True)
    try:
        return con.execute(sql, params or []).df()
    finally:
        con.close()


def read_named(store_path: Path, name: str, **params) -> pd.DataFrame:
    """A named query (queries/sql) on the session store."""
    con = duckdb.connect(str(store_path), read_only=True)
    try:
        return run_query(con, name, **params)
    finally:
        con.close()


def rows_of_two_builds(store_path: Path, tmp_path: Path, indicators: list[str]) -> list[bytes]:
    """The CSV bytes of the indicators' rows in the session store and in a
    second store built now."""
    second = tmp_path / "second.duckdb"
    build.build(second, data_dir(), progress=lambda _: None)
    dumps = []
    for path in (store_path, second):
        con = duckdb.connect(str(path), read_only=True)
        out = tmp_path / f"{path.stem}.csv"
        con.execute(f"copy (select * from indicator_values where list_contains($indicators, indicator) "
                    f"order by all) to '{out}' (header)", {"indicators": indicators})
        con.close()
        dumps.append(out.read_bytes())
    return dumps


def copy_with_official(store_path: Path, tmp_path: Path, indicator: str, nis: str, period: str,
                       target_group: str, value: float, source: str) -> duckdb.DuckDBPyConnection:
    """A connection to a copy of the store with one official imported value."""
    path = tmp_path / "with_official.duckdb"
    shutil.copy(store_path, path)
    con = duckdb.connect(str(path))
    unit = con.execute("select unit from indicator_meta where indicator = ?", [indicator]).fetchone()[0]
    con.execute("insert into imported_values values (?, ?, ?, ?, ?, ?, 'official', ?, 1, null)",
                [nis, period, indicator, target_group, value, unit, source])
    return con
