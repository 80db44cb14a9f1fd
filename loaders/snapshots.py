"""Meeting snapshots: a frozen copy of the store that a link can pin.

A link sent after a meeting must show the figures of the meeting, even when
newer data arrived since. Rather than versioning every table, a snapshot is a
transactionally consistent copy of the whole store (DuckDB's
`COPY FROM DATABASE`), a few MB, opened read-only when a link names it.
"""
from __future__ import annotations

import hashlib
import re
from datetime import date
from pathlib import Path

import duckdb

from loaders.config import db_path
from loaders.store import attach

ID_PATTERN = re.compile(r"^\d{8}-[0-9a-f]{8}$")


def directory() -> Path:
    return db_path().parent / "snapshots"


def path(snapshot_id: str) -> Path:
    if not ID_PATTERN.match(snapshot_id):
        raise ValueError(snapshot_id)
    return directory() / f"{snapshot_id}.duckdb"


def exists(snapshot_id: str) -> bool:
    return bool(ID_PATTERN.match(snapshot_id)) and path(snapshot_id).exists()


def snapshot_id(version: str, today: date | None = None) -> str:
    """`20261123-1a2b3c4d`: the day it was taken and the data version."""
    digest = hashlib.sha256(version.encode()).hexdigest()[:8]
    return f"{(today or date.today()):%Y%m%d}-{digest}"


def create(con: duckdb.DuckDBPyConnection, version: str) -> str:
    """Copy the store into a snapshot file (reused if this version was
    already pinned today); returns the snapshot id."""
    sid = snapshot_id(version)
    target = path(sid)
    if target.exists():
        return sid
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(target.name + ".tmp")
    tmp.unlink(missing_ok=True)
    cur = con.cursor()
    try:
        source = cur.execute("select current_database()").fetchone()[0]
        attach(cur, tmp, "snapshot_copy")
        try:
            cur.execute(f"copy from database {source} to snapshot_copy")
        finally:
            cur.execute("detach snapshot_copy")
        tmp.replace(target)
    finally:
        tmp.unlink(missing_ok=True)
        cur.close()
    return sid
