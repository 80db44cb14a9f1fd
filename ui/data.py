"""The one place where pages get data: a cached store connection and cached
named queries. Results are cached per data version, so an import or rebuild
shows at once, and a filter change that repeats a query costs nothing."""
from __future__ import annotations

import duckdb
import pandas as pd
import streamlit as st

from loaders import build
from loaders.config import db_path
from loaders.store import connect
from queries import run_query


@st.cache_resource(show_spinner="Gegevens voorbereiden (eerste start)…")
def connection() -> duckdb.DuckDBPyConnection:
    """Build the store if needed (first start, changed sources), then open it."""
    build.ensure_built(progress=lambda _: None)
    return connect(db_path())


def data_version() -> str:
    return run_query(connection(), "data_version").iat[0, 0]


def run(name: str, **params) -> pd.DataFrame:
    """Result of `queries/sql/<name>.sql`; do not mutate it (it is cached)."""
    frozen = tuple(sorted((k, tuple(v) if isinstance(v, list) else v) for k, v in params.items()))
    return _cached(name, frozen, data_version())


@st.cache_data(show_spinner=False, max_entries=2000)
def _cached(name: str, frozen: tuple, version: str) -> pd.DataFrame:
    params = {k: list(v) if isinstance(v, tuple) else v for k, v in frozen}
    return run_query(connection(), name, **params)


def meta(indicator: str) -> dict:
    """Label, unit, quality and provenance of an indicator."""
    rows = run("indicator_meta")
    match = rows[rows["indicator"] == indicator]
    if match.empty:
        raise KeyError(indicator)
    return match.iloc[0].to_dict()
