"""Published store versions.

Readers (the dashboard, scripts, an analyst's DuckDB client) only open a
published version, read-only, and a published version is never written
again. A build, an import or a rollback writes a new version next to the
current one (`draft`: copy the current version, change it in one
transaction, check it) and publishes it by replacing one pointer, so a
reader sees the old version or the new one, never half of a change. A
failed change publishes nothing.

For the store `data/regiomonitor.duckdb` (`config.db_path()`):

    data/regiomonitor.duckdb             the pointer: a symbolic link to the current version,
                                         replaced atomically (os.replace); open it read-only
    data/regiomonitor.versions/
        20261206-101502-3f2a9c.duckdb    a published version (named after when its writing began)
        *.draft                          a version being written (removed when it fails)
        pins/20261206-1a2b3c4d.duckdb    a meeting snapshot: a link to the version it pins
        .lock                            held by the one writer at a time

Retention: after each publish every version is deleted except the `KEEP`
newest (the current one among them) and the pinned ones; a pin (a meeting
snapshot's link) lasts `PIN_MAX_AGE_DAYS` from when it was made, so the
versions visitors pin do not pile up for ever. A session still
reading a deleted version keeps its open file until it moves to the current
version on its next rerun.

Size cap: the pins keep at most `PIN_MAX_MB` of versions together (each
pinned version counted once, however many pins name it) in at most
`PIN_MAX_COUNT` pins (the deployment sets both: `backoffice.snapshots.Limits`),
so pinning over and over (an admin importing and pinning in a loop, a stolen
session, a script) cannot fill the disk. A pin that would pass either limit
first deletes the expired pins (the oldest, which the next publish would
prune anyway); if it still would, it is refused (`PinRefused`, in Dutch:
the limit and what to do, unpin in Beheer) and nothing changes: no pin
added, none that is within its retention removed, the current version
untouched. `unpin` removes pins and prunes what only they kept.

A store that is a plain file (built before versions existed, or copied) is
read as it is and becomes the first version on the first write (`adopt`).
A pointer whose version file was deleted points at the newest version left
on the next build, write or CLI read (`adopt`, `require`): the readers'
sessions, a rebuild and the next import go on from there, and only the
change of the deleted file is lost; with no version left, `missing` says so.

A version that cannot be written (a full disk) is deleted and nothing is
published; the writer gets `WriteFailed`, a Dutch message saying so.
"""
from __future__ import annotations

import errno
import fcntl
import logging
import os
import secrets
import shutil
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path

import duckdb

from common.format import number
from loaders.config import db_path
from loaders.errors import SourceError
from loaders.store import connect

KEEP = 3               # newest versions kept besides the pinned ones
PIN_MAX_AGE_DAYS = 366  # a meeting snapshot's link works for a year
# The defaults of the pins' size cap (see the module's docstring): about 27 versions
# of today's store (74 MB), and more pins than a year of daily meetings makes.
PIN_MAX_MB = 2048
PIN_MAX_COUNT = 1000
MB = 1024 * 1024
WAIT_SECONDS = 5.0     # how long a writer waits for another one to finish
SUFFIX = ".duckdb"
BUSY = ("er loopt al een import of een opbouw van de databank; probeer het over een minuut opnieuw "
        "(er werd niets gewijzigd)")
# The data version of a store (queries/sql/data_version.sql): a change that
# leaves it alone (an import that changes nothing) publishes nothing.
DATA_VERSION = ("select coalesce(string_agg(value, '|' order by key), '') from build_info "
                "where key in ('fingerprint', 'built_at', 'import_version')")


LOG = logging.getLogger(__name__)
# What went wrong with a store file, by DuckDB's message or the OS's errno (`fault`). A full disk
# includes a file size limit and a quota.
FAULT_TEXTS = {
    "lock": ("could not set lock", "conflicting lock"),
    "missing": ("does not exist", "no such file"),
    "permission": ("permission denied",),
    "disk_full": ("no space left", "file too large", "quota exceeded"),
    "corrupt": ("not a valid duckdb database", "could not read enough bytes", "corrupt", "checksum"),
}
FAULT_ERRNOS = {errno.EAGAIN: "lock", errno.ENOENT: "missing", errno.EACCES: "permission",
                errno.EPERM: "permission", errno.ENOSPC: "disk_full", errno.EFBIG: "disk_full",
                errno.EDQUOT: "disk_full"}


class Busy(SourceError):
    """Another build or import is writing a version."""


class WriteFailed(SourceError):
    """A new version could not be written (nothing was published)."""


class PinRefused(SourceError):
    """A pin would pass the pins' size cap (nothing was pinned)."""


NOT_WRITTEN = "de nieuwe versie van de databank kon niet worden geschreven; er werd niets gewijzigd"
BUILD_FIRST = "databank niet gevonden; bouw ze eerst met: python -m loaders build"


def directory(db: Path | None = None) -> Path:
    db = db or db_path()
    return db.with_name(db.stem + ".versions")


def pins(db: Path | None = None) -> Path:
    return directory(db) / "pins"


def current(db: Path | None = None) -> Path:
    """The file of the published version (the pointer resolved). Open it
    read-only; a later publish never changes it."""
    return Path(os.path.realpath(db or db_path()))


def is_published(db: Path | None = None) -> bool:
    """Whether the store is a pointer to a published version."""
    db = db or db_path()
    return db.is_symlink() and current(db).exists()


def published_at(version: Path) -> datetime:
    """When a version was written (local time)."""
    return datetime.fromtimestamp(version.stat().st_mtime)


def _link(target: Path, link: Path) -> None:
    """Point `link` at `target` (relative), atomically replacing what was there."""
    tmp = link.with_name(f".{link.name}.{secrets.token_hex(4)}")
    os.symlink(os.path.relpath(target, link.parent), tmp)
    try:
        os.replace(tmp, link)
    finally:
        tmp.unlink(missing_ok=True)


_held = threading.local()


@contextmanager
def lock(db: Path | None = None, wait_seconds: float = WAIT_SECONDS) -> Iterator[None]:
    """The writer's lock (a file lock, so across processes and threads):
    waits up to `wait_seconds`, then raises `Busy`. Re-entrant in a thread
    (`build.ensure_built` holds it around `build`)."""
    folder = directory(db)
    held = getattr(_held, "folders", frozenset())
    if folder in held:
        yield
        return
    folder.mkdir(parents=True, exist_ok=True)
    with open(folder / ".lock", "a") as handle:
        deadline = time.monotonic() + wait_seconds
        while True:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    raise Busy(db or db_path(), BUSY) from None
                time.sleep(0.1)
        _held.folders = held | {folder}
        try:
            yield
        finally:
            _held.folders = held
            fcntl.flock(handle, fcntl.LOCK_UN)


def _new_version(db: Path) -> Path:
    # Names sort by time (prune keeps the newest by name): to the microsecond, as
    # two versions can be published within one second.
    return directory(db) / f"{datetime.now():%Y%m%d-%H%M%S-%f}-{secrets.token_hex(3)}{SUFFIX}"


def adopt(db: Path | None = None) -> None:
    """Make the pointer name a version that exists (under the lock): a plain
    store file becomes the first version (a hard link keeps the file where
    readers have it open); a pointer whose version was deleted points at
    the newest one left."""
    db = db or db_path()
    if db.exists() and not db.is_symlink():
        with lock(db):
            if db.is_symlink():   # another writer adopted it meanwhile
                return
            if Path(f"{db}.wal").exists():   # left by a writer of the old kind: fold it in first
                with connect(db) as con:
                    con.execute("checkpoint")
            version = _new_version(db)
            os.link(db, version)
            _link(version, db)
    elif db.is_symlink() and not db.exists():
        with lock(db):
            left = sorted(directory(db).glob(f"*{SUFFIX}"), reverse=True)
            if not db.exists() and left:   # else: rebuilt or restored meanwhile, or nothing left to build on
                LOG.warning("Store version %s is gone; serving the newest one left, %s", current(db), left[0])
                _link(left[0], db)


def require(db: Path | None = None) -> Path:
    """The file of the current version, for a reader that needs one (the
    CLI): a pointer whose version was deleted first names the newest one
    left (`adopt`); when there is none, a Dutch message says what went."""
    db = db or db_path()
    if db.is_symlink() and not db.exists():
        adopt(db)
    if not db.exists():
        raise SourceError(db, missing(db))
    return current(db)


def missing(db: Path) -> str:
    """Why the store `db` (that does not exist) cannot be read, in Dutch."""
    if not db.is_symlink():
        return BUILD_FIRST
    return (f"de huidige versie van de databank ({current(db).name}) is verwijderd en er is geen andere "
            "versie meer; bouw ze opnieuw met: python -m loaders build (imports die alleen in die versie "
            "stonden, zijn verloren tenzij een back-up ze heeft)")


@contextmanager
def draft(db: Path | None = None, wait_seconds: float = WAIT_SECONDS, fresh: bool = False
          ) -> Iterator[duckdb.DuckDBPyConnection]:
    """A writable new version: a copy of the current one (`fresh`: an empty
    file, for a build). When the block ends without an error and the data
    version changed, the version is checked and published, and old versions
    are pruned; otherwise it is deleted and nothing is published."""
    db = db or db_path()
    with lock(db, wait_seconds):
        adopt(db)
        folder = directory(db)
        for stale in folder.glob("*.draft*"):   # a writer that died; we hold the lock
            stale.unlink()
        version = _new_version(db)
        work = version.with_name(version.name + ".draft")
        if not fresh and not db.exists():
            raise SourceError(db, missing(db))
        try:
            if not fresh:
                try:
                    shutil.copyfile(current(db), work)
                except OSError as exc:
                    raise WriteFailed(db, f"{write_fault(exc)}: {NOT_WRITTEN}") from exc
            with connect(work) as con:
                before = None if fresh else _data_version(con)
                yield con
                con.execute("checkpoint")
                changed = _data_version(con) != before
            if changed:
                _check(work)
                os.replace(work, version)
                _link(version, db)
                prune(db)
        except (OSError, duckdb.Error) as exc:
            if fault(exc) != "disk_full":
                raise   # the change itself failed (a source, a query): its own message
            raise WriteFailed(db, f"de schijf is vol: {NOT_WRITTEN}") from exc
        finally:
            for leftover in folder.glob(work.name + "*"):
                leftover.unlink()


def write_fault(exc: BaseException) -> str:
    """Why a write failed, in Dutch (for `WriteFailed`)."""
    return {"disk_full": "de schijf is vol", "permission": "geen schrijfrechten"}.get(fault(exc), "schrijffout")


def fault(exc: BaseException | None) -> str | None:
    """What kind of fault `exc` (an OSError or a DuckDB error) or an error it
    arose from reports: 'lock' (held by another process), 'missing',
    'permission', 'disk_full', 'corrupt'; None for another. A failed write
    may surface as a later error (DuckDB's "database has been invalidated"
    on the rollback), so the chain is followed."""
    while exc is not None:
        if isinstance(exc, OSError) and exc.errno in FAULT_ERRNOS:
            return FAULT_ERRNOS[exc.errno]
        if isinstance(exc, (duckdb.IOException, duckdb.FatalException)):
            text = str(exc).lower()
            found = next((kind for kind, texts in FAULT_TEXTS.items() if any(t in text for t in texts)), None)
            if found:
                return found
        exc = exc.__cause__ or exc.__context__
    return None


def _data_version(con: duckdb.DuckDBPyConnection) -> str | None:
    try:
        return con.execute(DATA_VERSION).fetchone()[0]
    except duckdb.CatalogException:
        return None


def _check(work: Path) -> None:
    """The written file opens read-only and answers the pages' basic queries."""
    try:
        with connect(work, read_only=True) as con:
            con.execute("select count(*) from indicators").fetchone()
            if not _data_version(con):
                raise SourceError(work, "nieuwe versie zonder gegevensversie")
    except duckdb.Error as exc:
        raise SourceError(work, f"nieuwe versie onleesbaar, niet gepubliceerd ({exc})") from exc


def pin(version: Path, name: str, db: Path | None = None, max_mb: float = PIN_MAX_MB,
        max_count: int = PIN_MAX_COUNT) -> Path:
    """Pin a published version under `name` (a meeting snapshot): it is
    not pruned for `PIN_MAX_AGE_DAYS`. Idempotent and safe when two
    sessions pin at once (under the writer's lock, so a publish's pruning
    never sees half of it). A pin that would take the pins past `max_mb`
    or `max_count` deletes the expired pins first, then is refused
    (`PinRefused`) if it still would."""
    db = db or db_path()
    with lock(db):
        if not version.is_relative_to(directory(db)):   # a plain store file: make it a version first
            adopt(db)
            version = current(db)
        folder = pins(db)
        folder.mkdir(parents=True, exist_ok=True)
        link = folder / f"{name}{SUFFIX}"
        if _over_cap(db, link, version, max_mb, max_count):
            _expire(db)
            refused = _over_cap(db, link, version, max_mb, max_count)
            if refused:
                raise PinRefused(None, refused)
        _link(version, link)
    return link


def pinned(db: Path | None = None) -> dict[Path, Path]:
    """Every pin (its link) and the version it keeps."""
    return {link: Path(os.path.realpath(link)) for link in pins(db or db_path()).glob(f"*{SUFFIX}")}


def size(files: set[Path]) -> int:
    """The bytes `files` take together (a deleted one: none)."""
    total = 0
    for file in files:
        try:
            total += file.stat().st_size
        except FileNotFoundError:
            pass
    return total


def _over_cap(db: Path, link: Path, version: Path, max_mb: float, max_count: int) -> str | None:
    """Why pinning `version` as `link` would pass the cap, in Dutch; None if it would not."""
    after = pinned(db) | {link: Path(os.path.realpath(version))}
    taken = size(set(after.values()))
    if taken <= max_mb * MB and len(after) <= max_count:
        return None
    what = (f"de vastgezette versies zouden samen {number(taken / MB)} MB innemen, meer dan de limiet van "
            f"{number(max_mb)} MB" if taken > max_mb * MB else
            f"er zouden {number(len(after))} momentopnamen zijn, meer dan de limiet van {number(max_count)}")
    return (f"{what}. De beheerder kan ruimte maken door oude momentopnamen los te maken in Beheer > "
            "Momentopnamen; er werd niets gewijzigd")


def unpin(names: list[str], db: Path | None = None) -> list[Path]:
    """Remove the pins `names` (under the writer's lock) and prune the
    versions only they kept; returns the deleted versions."""
    db = db or db_path()
    with lock(db):
        for name in names:
            (pins(db) / f"{name}{SUFFIX}").unlink(missing_ok=True)
        return prune(db)


def _expire(db: Path) -> None:
    """Delete the pins older than `PIN_MAX_AGE_DAYS` (the link's own time: when it was pinned)."""
    expired = time.time() - PIN_MAX_AGE_DAYS * 86400
    for link in pins(db).glob(f"*{SUFFIX}"):
        if link.lstat().st_mtime < expired:
            link.unlink(missing_ok=True)


def prune(db: Path | None = None, keep: int = KEEP) -> list[Path]:
    """Delete pins older than `PIN_MAX_AGE_DAYS`, then the versions beyond
    the `keep` newest that are neither current nor pinned; returns the
    deleted versions."""
    db = db or db_path()
    _expire(db)
    live = {current(db)} | set(pinned(db).values())
    old = sorted(directory(db).glob(f"*{SUFFIX}"), reverse=True)[keep:]
    gone = [v for v in old if v.resolve() not in live]
    for version in gone:
        version.unlink()
    return gone
