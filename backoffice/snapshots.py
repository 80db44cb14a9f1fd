"""Meeting snapshots: a pinned store version that a link can name.

A link sent after a meeting must show the figures of the meeting, even when
newer data arrived since. Every published store version is immutable
(`loaders.versions`), so a snapshot is the version the session read, pinned:
a link in the versions' `pins/` folder that keeps it from being pruned, opened
read-only when a link names it. Nothing is copied.

The pins have a size cap (`loaders.versions.pin`), set by the deployment
(`Limits`, read by `backoffice.limits.configured`): the Streamlit secrets'
`[momentopnamen] max_mb` and `max_count`, else `REGIOMONITOR_PIN_MAX_MB` and
`REGIOMONITOR_PIN_MAX_COUNT` in the environment, else the defaults
(`versions.PIN_MAX_MB`, `versions.PIN_MAX_COUNT`). A refusal names those
settings in the server log only.
"""
from __future__ import annotations

import hashlib
import logging
import re
from dataclasses import dataclass, fields
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import ClassVar

import duckdb
import pandas as pd

from backoffice import limits
from common import format as fmt
from loaders import versions

ID_PATTERN = re.compile(r"^\d{8}-[0-9a-f]{8}$")
LOG = logging.getLogger(__name__)


@dataclass(frozen=True)
class Limits:
    """The pins' size cap: the versions they keep together (MB) and how many pins."""
    SECTION: ClassVar[str] = "momentopnamen"
    WHAT: ClassVar[str] = "de limiet van de momentopnamen"
    max_mb: float = limits.setting(versions.PIN_MAX_MB, "REGIOMONITOR_PIN_MAX_MB")
    max_count: int = limits.setting(versions.PIN_MAX_COUNT, "REGIOMONITOR_PIN_MAX_COUNT")


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


def create(con: duckdb.DuckDBPyConnection, version: str, cap: Limits = Limits()) -> str:
    """Pin the store version `con` reads; returns the snapshot id (the
    same for the same data on the same day). A pin that cannot be written
    (a full disk) raises `versions.WriteFailed`, one past `cap`
    `versions.PinRefused`, both in Dutch."""
    sid = snapshot_id(version)
    cur = con.cursor()  # the app's sessions share `con`: one statement at a time on it would mix their results
    try:
        source = cur.execute("select path from duckdb_databases() "
                             "where database_name = current_database()").fetchone()[0]
    finally:
        cur.close()
    try:
        versions.pin(Path(source), sid, max_mb=cap.max_mb, max_count=cap.max_count)
    except versions.PinRefused as exc:
        settings = ", ".join(f"{f.metadata['env']} ({f.name} under [{Limits.SECTION}])" for f in fields(Limits))
        LOG.warning("Snapshot refused: %s. Unpin in Beheer or raise %s.", exc.detail, settings)
        raise
    except OSError as exc:
        raise versions.WriteFailed(None, f"{versions.write_fault(exc)}: de momentopname kon niet worden "
                                         "bewaard") from exc
    return sid


def listing() -> pd.DataFrame:
    """Every snapshot, newest first, for Beheer: when it was pinned, when its
    link stops working, the data it shows (when its version was published)
    and that version's size."""
    rows = []
    for link, version in versions.pinned().items():
        made = datetime.fromtimestamp(link.lstat().st_mtime)
        rows.append({"momentopname": link.stem, "vastgezet": made,
                     "verloopt": made + timedelta(days=versions.PIN_MAX_AGE_DAYS),
                     "gegevens van": versions.published_at(version) if version.exists() else None,
                     "MB": versions.size({version}) / versions.MB})
    table = pd.DataFrame(rows, columns=["momentopname", "vastgezet", "verloopt", "gegevens van", "MB"])
    table = table.sort_values("vastgezet", ascending=False, ignore_index=True)
    return table.assign(**{c: table[c].map(fmt.moment) for c in ("vastgezet", "verloopt", "gegevens van")},
                        MB=table["MB"].map(lambda mb: fmt.number(mb, 1)))


def usage() -> tuple[int, float]:
    """How many pins there are and the MB their versions take together (each once)."""
    pinned = versions.pinned()
    return len(pinned), versions.size(set(pinned.values())) / versions.MB


def unpin(ids: list[str]) -> None:
    """Remove the snapshots `ids` (their links stop working) and prune the
    versions only they kept."""
    versions.unpin([path(i).stem for i in ids])
