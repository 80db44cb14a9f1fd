"""Where the reference data and the store live. Both can be overridden by
environment variables so a deployment can point at its own files."""
from __future__ import annotations

import os
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent


def data_dir() -> Path:
    """Directory with the reference data (`geo/`, `statistics/`)."""
    env = os.environ.get("REGIOMONITOR_DATA_DIR")
    return Path(env) if env else PROJECT_ROOT.parent / "shared" / "data"


def db_path() -> Path:
    """The DuckDB file the pages query."""
    env = os.environ.get("REGIOMONITOR_DB")
    return Path(env) if env else PROJECT_ROOT / "data" / "regiomonitor.duckdb"
