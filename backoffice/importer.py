"""Importing an official export: the one path behind the Beheer page and
`python -m loaders import`.

    raw = import_read.read_upload(content, name)      # safe reading, layout from the content
    prepared = prepare(con, raw, "werkzaamheidsgraad")  # mapping + validation
    preview(con, prepared)                              # first rows as stored
    commit(con, prepared, user="an", via="beheer")      # one transaction
    publish(commit, prepared, user="an", via="beheer")  # the same, as a new published store version

Two kinds of file: a table with a header row (NIS code, period, value; the
columns mapped to fields, one indicator per file), and a provincies.incijfers.be
export as downloaded (`backoffice.import_portal`: every indicator block in it,
no mapping, no indicator to choose). Both are committed the same way.

An import writes `imported_values` (which the `indicators` view prefers over
built values of the same quality, and where official beats modelled), the
rows it replaced (`import_replaced`), its log line (`imports`), the column
mapping for this export format and a new `import_version`, all in one DuckDB
transaction: on any error nothing is stored. Unchanged rows are not touched,
so the same file twice changes nothing. `rollback` restores exactly what an
import replaced.

The page and the CLI never write the version readers have open: `publish`
runs `commit` or `rollback` on a new store version (`loaders.versions.draft`:
a copy of the current one) and publishes it; sessions move to it on their
next rerun. One writer at a time (a file lock, across processes); a second
waits briefly, then gets a Dutch message. An import that changes nothing
publishes nothing.
"""
from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from operator import attrgetter
from pathlib import Path
from typing import TypeVar

import duckdb
import pandas as pd

from loaders.config import db_path
from backoffice import import_portal
from loaders import versions
from loaders.errors import SourceError
from backoffice.import_check import FIELDS, Checked, Mapping, auto_mapping, check
from backoffice.import_portal import PortalPrepared, PreparedFile
from backoffice.import_read import PortalFile, RawTable
from loaders.import_spec import IndicatorSpec, documented_meta, importable, normalise_header
from loaders.indicator_frame import FLAG, INDICATOR_COLUMNS
from loaders.store import connect, register_indicator
from backoffice import import_messages as say
from queries import run_query, run_statement
from common import format as fmt

IMPORT_TABLES = ("imported_values", "imports", "import_replaced", "import_mappings")
QUALITY = "official"
T = TypeVar("T")


@dataclass
class Prepared(PreparedFile):
    """A checked file, ready to show and to import."""
    file: RawTable
    spec: IndicatorSpec
    mapping: Mapping
    checked: Checked
    source: str

    report = property(attrgetter("checked.report"))
    warnings = property(attrgetter("checked.warnings"), doc="The file's and those of the check (rows left out).")
    indicator = property(attrgetter("spec.indicator"))

    @property
    def metas(self) -> list[dict]:
        """Metadata to register when the indicator is not in the store yet."""
        meta = documented_meta(self.spec)
        return [meta] if meta else []

    def rows(self) -> pd.DataFrame:
        """The rows as `imported_values` will hold them (without import_id)."""
        r = self.checked.rows
        return pd.DataFrame({"nis": r["nis"], "period": r["period"], "indicator": self.spec.indicator,
                             "target_group": r["target_group"], "value": r["value"], "unit": self.spec.unit,
                             "quality": QUALITY, "source": self.source, FLAG: None})[INDICATOR_COLUMNS + [FLAG]]


Ready = Prepared | PortalPrepared


@dataclass(frozen=True)
class Outcome:
    import_id: int | None     # None: nothing changed, nothing recorded
    added: int
    replaced: int
    unchanged: int
    same_file_as: int | None  # nothing changed: the earlier import of this very file


@contextmanager
def open_store(path: Path | None = None) -> Iterator[duckdb.DuckDBPyConnection]:
    """The current store version, read-only (listing imports, a dry run)."""
    path = path or db_path()
    with connect(versions.require(path), read_only=True) as con:
        _require_import_tables(con, path)
        yield con


def publish(change: Callable[..., T], *args, wait_seconds: float = versions.WAIT_SECONDS, **kwargs) -> T:
    """`change(con, *args, **kwargs)` (`commit` or `rollback`) on a new store
    version, published when it changed the data; returns its result."""
    with versions.draft(wait_seconds=wait_seconds) as con:
        _require_import_tables(con, db_path())
        return change(con, *args, **kwargs)


def _require_import_tables(con: duckdb.DuckDBPyConnection, path: Path) -> None:
    tables = {r[0] for r in con.execute("select table_name from information_schema.tables").fetchall()}
    if not set(IMPORT_TABLES) <= tables:
        raise SourceError(path, say.STORE_TOO_OLD)


def header_key(header: list[str]) -> str:
    return hashlib.sha256("\x1f".join(normalise_header(h) for h in header).encode()).hexdigest()


def remembered_mapping(con: duckdb.DuckDBPyConnection, header: list[str]) -> Mapping | None:
    row = con.cursor().execute("select mapping from import_mappings where header_key = ?",
                               [header_key(header)]).fetchone()
    return json.loads(row[0]) if row else None


def spec_for(con: duckdb.DuckDBPyConnection, indicator: str) -> IndicatorSpec:
    specs = importable(con)
    if indicator not in specs:
        raise SourceError(None, say.unknown_indicator(indicator, specs))
    return specs[indicator]


def guess_indicator(header: list[str], specs: dict[str, IndicatorSpec]) -> str:
    """The indicator a header names (`werkzaamheidsgraad`), else the first."""
    names = {normalise_header(h) for h in header}
    return next((k for k, s in specs.items() if normalise_header(k) in names or normalise_header(s.label) in names),
                next(iter(specs)))


def prepare(con: duckdb.DuckDBPyConnection, raw: RawTable | PortalFile, indicator: str | None = None,
            mapping: Mapping | None = None, source: str | None = None) -> Ready:
    """Map (the given mapping, else the remembered one, else by name) and
    check. Raises `SourceError` when the mapping is incomplete; cell
    problems are in `prepared.report`. A portal export needs no indicator
    and no mapping (`import_portal.prepare`)."""
    if isinstance(raw, PortalFile):
        return import_portal.prepare(con, raw)
    if indicator is None:
        raise SourceError(raw.file_name, say.NEEDS_INDICATOR)
    spec = spec_for(con, indicator)
    mapping = mapping or auto_mapping(raw.header, spec, remembered_mapping(con, raw.header))
    checked = check(raw, spec, mapping, run_query(con, "import_places"))
    source = (spec.producer if source is None else source).strip()
    return Prepared(raw, spec, mapping, checked,
                    f"{source} (import: {raw.file_name})" if source else f"import: {raw.file_name}")


def _plan(cur: duckdb.DuckDBPyConnection, rows: pd.DataFrame) -> pd.DataFrame:
    """Every row of the file with its action (queries/sql/import/plan.sql), in file order."""
    cur.register("_new", rows.assign(_i=range(len(rows))))
    try:
        return run_statement(cur, "import/plan").df()
    finally:
        cur.unregister("_new")


def _tally(plan: pd.DataFrame) -> dict[str, int]:
    actions = plan["action"].value_counts()
    return {"added": int(actions.get("added", 0)), "replaced": int(actions.get("replaced", 0)),
            "unchanged": int(actions.get("unchanged", 0)), "over_modelled": int(plan["over_modelled"].sum()),
            "over_official": int(plan["over_official"].sum())}


def plan(con: duckdb.DuckDBPyConnection, prepared: Ready) -> pd.DataFrame:
    cur = con.cursor()
    try:
        return _plan(cur, prepared.rows())
    finally:
        cur.close()


def counts(con: duckdb.DuckDBPyConnection, prepared: Ready) -> dict[str, int]:
    """What an import would do: rows added, replaced (an earlier import's
    value changes), unchanged; and over how many built values the imported
    official ones take precedence: modelled values, and official values
    that differ."""
    return _tally(plan(con, prepared))


def preview(con: duckdb.DuckDBPyConnection, prepared: Ready, n: int = 20) -> pd.DataFrame:
    """What the file becomes, in Dutch column names. A table: its first `n`
    rows as they will be stored, with the municipality's name and what
    happens to each row. A portal export: one row per indicator block, with
    its values, hidden values, residual rows left out and what happens."""
    rows = plan(con, prepared)
    if isinstance(prepared, PortalPrepared):
        return _block_preview(prepared.blocks, rows)
    head = rows.head(n).assign(rij=prepared.checked.rows["row"].head(n).to_numpy())
    places = run_query(con, "import_places")
    names = dict(zip(places["nis"], places["name"]))
    action = head["action"].map({"added": "nieuw", "unchanged": "ongewijzigd"}).fillna(
        "vervangt " + head["old_value"].map(lambda v: "leeg" if pd.isna(v) else _exact(v)))
    return pd.DataFrame({"rij": head["rij"], "nis": head["nis"], "gemeente": head["nis"].map(names),
                         "periode": head["period"], "doelgroep": head["target_group"],
                         "waarde": head["value"].map(_exact), "eenheid": head["unit"], "kwaliteit": head["quality"],
                         "bron": head["source"], "actie": action})


def _block_preview(blocks: pd.DataFrame, rows: pd.DataFrame) -> pd.DataFrame:
    per = (rows.groupby(["indicator", "target_group"])["action"].value_counts().unstack(fill_value=0)
           .reindex(columns=["added", "replaced", "unchanged"], fill_value=0)
           .rename(columns={"added": "nieuw", "replaced": "vervangen", "unchanged": "ongewijzigd"}).reset_index())
    out = blocks.merge(per, how="left", left_on=["indicator", "doelgroep"], right_on=["indicator", "target_group"])
    counted = ["nieuw", "vervangen", "ongewijzigd"]
    return out.drop(columns="target_group").fillna({c: 0 for c in counted}).astype({c: int for c in counted})


def _exact(value: float) -> str:
    """Belgian notation with every stored decimal (up to 6): `70,065797`, `7.073`."""
    return fmt.number(value, 6).rstrip("0").rstrip(",")


def commit(con: duckdb.DuckDBPyConnection, prepared: Ready, user: str, via: str) -> Outcome:
    """Store a checked file in one transaction. Refuses a file with findings."""
    if not prepared.ok:
        raise SourceError(prepared.file_name, say.refused(prepared.report.count))
    with _transaction(con) as cur:
        return _write(cur, prepared, user, via)


@contextmanager
def _transaction(con: duckdb.DuckDBPyConnection) -> Iterator[duckdb.DuckDBPyConnection]:
    """On its own cursor, all or nothing."""
    cur = con.cursor()
    try:
        cur.execute("begin transaction")
        yield cur
        cur.execute("commit")
    except BaseException:
        cur.execute("rollback")
        raise
    finally:
        cur.close()


def _write(cur: duckdb.DuckDBPyConnection, prepared: Ready, user: str, via: str) -> Outcome:
    rows = _plan(cur, prepared.rows())
    c = _tally(rows)
    if c["added"] == 0 and c["replaced"] == 0:
        same = cur.execute("select max(id) from imports where content_hash = ? and indicator = ? "
                           "and rolled_back_at is null",
                           [prepared.content_hash, prepared.indicator]).fetchone()[0]
        return Outcome(None, 0, 0, c["unchanged"], same)
    import_id = cur.execute("select coalesce(max(id), 0) + 1 from imports").fetchall()[0][0]
    cur.register("_plan", rows)
    try:
        run_statement(cur, "import/archive_replaced", import_id=import_id)
        run_statement(cur, "import/delete_replaced")
        run_statement(cur, "import/insert_values", import_id=import_id)
    finally:
        cur.unregister("_plan")
    known = {r[0] for r in cur.execute("select indicator from indicator_meta").fetchall()}
    registered = [m for m in prepared.metas if m["indicator"] not in known]
    for meta in registered:
        register_indicator(cur, meta)
    now = datetime.now()
    run_statement(cur, "import/record", id=import_id, imported_at=now, imported_by=user, via=via,
                  file_name=prepared.file_name, content_hash=prepared.content_hash, indicator=prepared.indicator,
                  rows_in_file=len(rows), rows_added=c["added"], rows_replaced=c["replaced"],
                  rows_unchanged=c["unchanged"], registered_meta=bool(registered),
                  meta_json=json.dumps(registered, default=str) if registered else None)
    if isinstance(prepared, Prepared):
        _remember(cur, prepared, now)
    _bump_version(cur, f"{now.isoformat()} import {import_id}")
    return Outcome(import_id, c["added"], c["replaced"], c["unchanged"], None)


def _remember(cur: duckdb.DuckDBPyConnection, prepared: Prepared, now: datetime) -> None:
    """Remember the mapping for files with these headers."""
    mapping = {k: v for k, v in prepared.mapping.items() if k in FIELDS}
    cur.execute("insert or replace into import_mappings values (?, ?, ?, ?)",
                [header_key(prepared.file.header), " | ".join(prepared.file.header), json.dumps(mapping), now])


def _bump_version(cur: duckdb.DuckDBPyConnection, version: str) -> None:
    """A new data version: every cached query result of the pages refreshes."""
    cur.execute("insert or replace into build_info values ('import_version', ?)", [version])


def rollback(con: duckdb.DuckDBPyConnection, import_id: int | None, user: str) -> list[int]:
    """Undo an import and every later one still active (newest first), in
    one transaction; returns the ids undone. Without an id: the latest."""
    with _transaction(con) as cur:
        active = _active(cur)
        if not active:
            raise SourceError(None, say.NOTHING_TO_ROLL_BACK)
        import_id = active[0] if import_id is None else import_id
        if import_id not in active:
            raise SourceError(None, say.not_active(import_id))
        undone = [i for i in active if i >= import_id]
        now = datetime.now()
        for i in undone:
            _undo(cur, i, user, now)
        _bump_version(cur, f"{now.isoformat()} rollback {','.join(map(str, undone))}")
    return undone


def _undo(cur: duckdb.DuckDBPyConnection, import_id: int, user: str, now: datetime) -> None:
    indicator, registered, meta_json = cur.execute(
        "select indicator, registered_meta, meta_json from imports where id = ?", [import_id]).fetchone()
    cur.execute("delete from imported_values where import_id = ?", [import_id])
    run_statement(cur, "import/restore_replaced", import_id=import_id)
    cur.execute("delete from import_replaced where replaced_by = ?", [import_id])
    # Imports made before meta_json existed registered at most their one indicator.
    added = [m["indicator"] for m in json.loads(meta_json)] if meta_json else [indicator] if registered else []
    for name in added:
        run_statement(cur, "import/drop_meta", indicator=name)
    cur.execute("update imports set rolled_back_at = ?, rolled_back_by = ? where id = ?", [now, user, import_id])


def history(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Every import, newest first, with Dutch column names (page and CLI)."""
    h = run_query(con, "imports")
    status = [("actief" if pd.isna(at) else f"teruggedraaid {fmt.moment(at)} door {by}")
              for at, by in zip(h["rolled_back_at"], h["rolled_back_by"])]
    return pd.DataFrame({
        "import": h["id"], "tijdstip": h["imported_at"].map(fmt.moment), "door": h["imported_by"], "via": h["via"],
        "bestand": h["file_name"], "indicator": h["indicator"], "rijen": h["rows_in_file"],
        "nieuw": h["rows_added"], "vervangen": h["rows_replaced"], "ongewijzigd": h["rows_unchanged"],
        "status": status, "sha256": h["content_hash"].str[:12],
    })


def active_ids(con: duckdb.DuckDBPyConnection) -> list[int]:
    """Imports that can still be rolled back, newest first."""
    cur = con.cursor()
    try:
        return _active(cur)
    finally:
        cur.close()


def _active(cur: duckdb.DuckDBPyConnection) -> list[int]:
    return [r[0] for r in cur.execute("select id from imports where rolled_back_at is null order by id desc").fetchall()]

