"""Meeting snapshots: a pinned store version that a link can name.

A link sent after a meeting must show the figures of the meeting, even when
newer data arrived since. Every published store version is immutable
(`loaders.versions`), so a snapshot is the version the session read, pinned:
a link in the versions' `pins/` folder that keeps it from being pruned, opened
read-only when a link names it. Nothing is copied.
"""
from __future__ import annotations

import hashlib
import re
from datetime import date
from pathlib import Path

import duckdb

from loaders import versions

ID_PATTERN = re.compile(r"^\d{8}-[0-9a-f]{8}$")


def directory() -> Path:
    return versions.pins()


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
    """Pin the store version `con` reads; returns the snapshot id (the
    same for the same data on the same day). A pin that cannot be written
    (a full disk) raises `versions.WriteFailed`, in Dutch."""
    sid = snapshot_id(version)
    cur = con.cursor()  # the app's sessions share `con`: one statement at a time on it would mix their results
    try:
        source = cur.execute("select path from duckdb_databases() "
                             "where database_name = current_database()").fetchone()[0]
    finally:
        cur.close()
    try:
        versions.pin(Path(source), sid)
    except OSError as exc:
        raise versions.WriteFailed(None, f"{versions.write_fault(exc)}: de momentopname kon niet worden "
                                         "bewaard") from exc
    return sid
