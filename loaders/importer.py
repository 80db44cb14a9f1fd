"""Importing an official export: the one path behind the Beheer page and
`python -m loaders import`.

    raw = import_read.read_upload(content, name)      # safe reading
    prepared = prepare(con, raw, "werkzaamheidsgraad")  # mapping + validation
    preview(con, prepared)                              # first rows as stored
    commit(con, prepared, user="an", via="beheer")      # one transaction

An import writes `imported_values` (which the `indicators` view prefers over
built values of the same quality, and where official beats modelled), the
rows it replaced (`import_replaced`), its log line (`imports`), the column
mapping for this export format and a new `import_version`, all in one DuckDB
transaction: on any error nothing is stored. Unchanged rows are not touched,
so the same file twice changes nothing. `rollback` restores exactly what an
import replaced.

One writer at a time: in the app a process-wide lock serialises imports from
several sessions (they share one DuckDB connection; readers use their own
cursors and see the state before or after an import, never half of it).
Another process cannot open the store while the app holds it: `open_store`
then says so in Dutch.
"""
from __future__ import annotations

import hashlib
import json
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import duckdb
import pandas as pd

from loaders.config import db_path
from loaders.errors import SourceError
from loaders.import_check import FIELDS, Checked, Mapping, auto_mapping, check
from loaders.import_read import RawTable
from loaders.import_spec import IndicatorSpec, importable, normalise_header, register_documented
from loaders.indicator_frame import INDICATOR_COLUMNS
from loaders.store import connect
from queries import run_query
from ui import format as fmt

WRITE_LOCK = threading.Lock()
KEY_COLUMNS = ["nis", "period", "indicator", "target_group"]
IMPORT_TABLES = ("imported_values", "imports", "import_replaced", "import_mappings")
QUALITY = "official"
BUSY = ("de databank is in gebruik door het dashboard (of een andere import); importeer via de "
        "Beheer-pagina of stop het dashboard en probeer opnieuw")


@dataclass
class Prepared:
    """A checked file, ready to show and to import."""
    raw: RawTable
    spec: IndicatorSpec
    mapping: Mapping
    checked: Checked
    source: str

    @property
    def ok(self) -> bool:
        return self.checked.ok

    def rows(self) -> pd.DataFrame:
        """The rows as `imported_values` will hold them (without import_id)."""
        r = self.checked.rows
        return pd.DataFrame({"nis": r["nis"], "period": r["period"], "indicator": self.spec.indicator,
                             "target_group": r["target_group"], "value": r["value"], "unit": self.spec.unit,
                             "quality": QUALITY, "source": self.source})[INDICATOR_COLUMNS]


@dataclass(frozen=True)
class Outcome:
    import_id: int | None     # None: nothing changed, nothing recorded
    added: int
    replaced: int
    unchanged: int
    same_file_as: int | None  # nothing changed: the earlier import of this very file


class StoreBusy(SourceError):
    """Another process holds the store (DuckDB allows one writing process)."""


def open_store(path: Path | None = None, read_only: bool = False, wait_seconds: float = 5.0
               ) -> duckdb.DuckDBPyConnection:
    """Open the store for the CLI. Waits briefly for another import to end;
    raises `StoreBusy` when the dashboard (or another process) holds it."""
    path = path or db_path()
    if not path.exists():
        raise SourceError(path, "databank niet gevonden; bouw ze eerst met: python -m loaders build")
    deadline = time.monotonic() + wait_seconds
    while True:
        try:
            con = connect(path, read_only=read_only)
            break
        except duckdb.IOException as exc:
            if "lock" not in str(exc).lower():
                raise SourceError(path, f"databank niet te openen ({exc})") from exc
            if time.monotonic() >= deadline:
                raise StoreBusy(path, BUSY) from exc
            time.sleep(0.2)
    tables = {r[0] for r in con.execute("select table_name from information_schema.tables").fetchall()}
    if not set(IMPORT_TABLES) <= tables:
        con.close()
        raise SourceError(path, "de databank is ouder dan de importfunctie; bouw ze opnieuw met: "
                                "python -m loaders build (eerdere imports blijven bewaard)")
    return con


def header_key(header: list[str]) -> str:
    return hashlib.sha256("\x1f".join(normalise_header(h) for h in header).encode()).hexdigest()


def remembered_mapping(con: duckdb.DuckDBPyConnection, header: list[str]) -> Mapping | None:
    row = con.cursor().execute("select mapping from import_mappings where header_key = ?",
                               [header_key(header)]).fetchone()
    return json.loads(row[0]) if row else None


def spec_for(con: duckdb.DuckDBPyConnection, indicator: str) -> IndicatorSpec:
    specs = importable(con)
    if indicator not in specs:
        raise SourceError(None, f"indicator '{indicator}' kan niet worden ingeladen; "
                                                f"kies uit: {', '.join(specs)}")
    return specs[indicator]


def guess_indicator(header: list[str], specs: dict[str, IndicatorSpec]) -> str:
    """The indicator a header names (`werkzaamheidsgraad`), else the first."""
    names = {normalise_header(h) for h in header}
    return next((k for k, s in specs.items() if normalise_header(k) in names or normalise_header(s.label) in names),
                next(iter(specs)))


def prepare(con: duckdb.DuckDBPyConnection, raw: RawTable, indicator: str, mapping: Mapping | None = None,
            source: str | None = None) -> Prepared:
    """Map (the given mapping, else the remembered one, else by name) and
    check. Raises `SourceError` when the mapping is incomplete; cell
    problems are in `prepared.checked.report`."""
    spec = spec_for(con, indicator)
    mapping = mapping or auto_mapping(raw.header, spec, remembered_mapping(con, raw.header))
    checked = check(raw, spec, mapping, run_query(con, "import_places"))
    source = (spec.producer if source is None else source).strip()
    return Prepared(raw, spec, mapping, checked,
                    f"{source} (import: {raw.file_name})" if source else f"import: {raw.file_name}")


def preview(con: duckdb.DuckDBPyConnection, prepared: Prepared, n: int = 20) -> pd.DataFrame:
    """The first `n` rows of the file as they will be stored (Dutch column
    names), with the municipality's name and what happens to each row."""
    cur = con.cursor()
    try:
        cur.register("_head", prepared.rows().head(n).assign(rij=prepared.checked.rows["row"].head(n)))
        return cur.execute("""
            select h.rij, h.nis, m.name_nl as gemeente, h.period as periode, h.target_group as doelgroep,
                   h.value as waarde, h.unit as eenheid, h.quality as kwaliteit, h.source as bron,
                   case when o.nis is null then 'nieuw'
                        when o.value is not distinct from h.value then 'ongewijzigd'
                        else 'vervangt ' || coalesce(cast(o.value as varchar), 'leeg') end as actie
            from _head h
            join municipalities m using (nis)
            left join imported_values o using (nis, period, indicator, target_group)
            order by h.rij""").df().assign(waarde=lambda d: d["waarde"].map(_exact))
    finally:
        cur.close()


def _exact(value: float) -> str:
    """Belgian notation with every stored decimal (up to 6): `70,065797`, `7.073`."""
    return fmt.number(value, 6).rstrip("0").rstrip(",")


def counts(con: duckdb.DuckDBPyConnection, prepared: Prepared) -> dict[str, int]:
    """What an import would do: rows added, replaced (an earlier import's
    value changes), unchanged; and over how many built values the imported
    official ones take precedence: modelled values, and official values
    that differ."""
    cur = con.cursor()
    try:
        cur.register("_new", prepared.rows())
        return _counts(cur)
    finally:
        cur.close()


def _counts(cur: duckdb.DuckDBPyConnection) -> dict[str, int]:
    row = cur.execute("""
        select count(*) filter (where o.nis is null),
               count(*) filter (where o.nis is not null and o.value is distinct from n.value),
               count(*) filter (where o.nis is not null and o.value is not distinct from n.value),
               count(*) filter (where b.quality = 'modelled'),
               count(*) filter (where b.quality = 'official' and b.value is distinct from n.value)
        from _new n
        left join imported_values o using (nis, period, indicator, target_group)
        left join (select distinct on (nis, period, indicator, target_group) * from indicator_values
                   order by nis, period, indicator, target_group, quality = 'official' desc) b
            using (nis, period, indicator, target_group)""").fetchone()
    keys = ("added", "replaced", "unchanged", "over_modelled", "over_official")
    return dict(zip(keys, (int(v) for v in row)))


def commit(con: duckdb.DuckDBPyConnection, prepared: Prepared, user: str, via: str) -> Outcome:
    """Store a checked file in one transaction. Refuses a file with findings."""
    if not prepared.ok:
        raise SourceError(prepared.raw.file_name, f"{prepared.checked.report.count} fout(en) in het bestand; "
                                                  "er werd niets ingeladen")
    with _transaction(con) as cur:
        return _write(cur, prepared, user, via)


@contextmanager
def _transaction(con: duckdb.DuckDBPyConnection) -> Iterator[duckdb.DuckDBPyConnection]:
    """One writer at a time, on its own cursor, all or nothing."""
    with WRITE_LOCK:
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


def _write(cur: duckdb.DuckDBPyConnection, prepared: Prepared, user: str, via: str) -> Outcome:
    cur.register("_new", prepared.rows())
    c = _counts(cur)
    new_meta = not cur.execute("select count(*) from indicator_meta where indicator = ?",
                               [prepared.spec.indicator]).fetchone()[0]
    if c["added"] == 0 and c["replaced"] == 0:
        same = cur.execute("select max(id) from imports where content_hash = ? and indicator = ? "
                           "and rolled_back_at is null",
                           [prepared.raw.content_hash, prepared.spec.indicator]).fetchone()[0]
        return Outcome(None, 0, 0, c["unchanged"], same)
    import_id = cur.execute("select coalesce(max(id), 0) + 1 from imports").fetchone()[0]
    on_key = " and ".join(f"o.{k} = n.{k}" for k in KEY_COLUMNS)
    changed = f"exists (select 1 from _new n where {on_key} and o.value is distinct from n.value)"
    cur.execute(f"insert into import_replaced select ?, o.* from imported_values o where {changed}",
                [import_id])
    cur.execute(f"delete from imported_values o where {changed}")
    cur.execute(f"""insert into imported_values
                    select n.*, ? from _new n
                    where not exists (select 1 from imported_values o where {on_key})""", [import_id])
    registered = new_meta and register_documented(cur, prepared.spec)
    now = datetime.now()
    cur.execute("insert into imports values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, null, null)", [
        import_id, now, user, via, prepared.raw.file_name, prepared.raw.content_hash, prepared.spec.indicator,
        len(prepared.checked.rows), c["added"], c["replaced"], c["unchanged"], registered])
    _remember(cur, prepared, now)
    _bump_version(cur, f"{now.isoformat()} import {import_id}")
    return Outcome(import_id, c["added"], c["replaced"], c["unchanged"], None)


def _remember(cur: duckdb.DuckDBPyConnection, prepared: Prepared, now: datetime) -> None:
    """Remember the mapping for files with these headers."""
    mapping = {k: v for k, v in prepared.mapping.items() if k in FIELDS}
    cur.execute("insert or replace into import_mappings values (?, ?, ?, ?)",
                [header_key(prepared.raw.header), " | ".join(prepared.raw.header), json.dumps(mapping), now])


def _bump_version(cur: duckdb.DuckDBPyConnection, version: str) -> None:
    """A new data version: every cached query result of the pages refreshes."""
    cur.execute("insert or replace into build_info values ('import_version', ?)", [version])


def rollback(con: duckdb.DuckDBPyConnection, import_id: int | None, user: str) -> list[int]:
    """Undo an import and every later one still active (newest first), in
    one transaction; returns the ids undone. Without an id: the latest."""
    with _transaction(con) as cur:
        active = _active(cur)
        if not active:
            raise SourceError(None, "er is geen import om terug te draaien")
        import_id = active[0] if import_id is None else import_id
        if import_id not in active:
            raise SourceError(None, f"import {import_id} bestaat niet of werd al teruggedraaid")
        undone = [i for i in active if i >= import_id]
        now = datetime.now()
        for i in undone:
            _undo(cur, i, user, now)
        _bump_version(cur, f"{now.isoformat()} rollback {','.join(map(str, undone))}")
    return undone


def _undo(cur: duckdb.DuckDBPyConnection, import_id: int, user: str, now: datetime) -> None:
    indicator, registered = cur.execute("select indicator, registered_meta from imports where id = ?",
                                        [import_id]).fetchone()
    cur.execute("delete from imported_values where import_id = ?", [import_id])
    cur.execute("""insert into imported_values
                   select nis, period, indicator, target_group, value, unit, quality, source, import_id
                   from import_replaced where replaced_by = ?""", [import_id])
    cur.execute("delete from import_replaced where replaced_by = ?", [import_id])
    if registered:
        cur.execute("""delete from indicator_meta where indicator = ?
                       and not exists (select 1 from imported_values where indicator = ?)""",
                    [indicator, indicator])
    cur.execute("update imports set rolled_back_at = ?, rolled_back_by = ? where id = ?", [now, user, import_id])


def history(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Every import, newest first, with Dutch column names (page and CLI)."""
    h = run_query(con, "imports")

    def moment(ts) -> str:
        return "" if pd.isna(ts) else f"{fmt.day(ts.date())} {ts:%H:%M}"

    status = [("actief" if pd.isna(at) else f"teruggedraaid {moment(at)} door {by}")
              for at, by in zip(h["rolled_back_at"], h["rolled_back_by"])]
    return pd.DataFrame({
        "import": h["id"], "tijdstip": h["imported_at"].map(moment), "door": h["imported_by"], "via": h["via"],
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


def stored(outcome: Outcome) -> str:
    return (f"Import {outcome.import_id} opgeslagen: {fmt.number(outcome.added)} nieuw, "
            f"{fmt.number(outcome.replaced)} vervangen, {fmt.number(outcome.unchanged)} ongewijzigd.")


def nothing_changed(unchanged: int, same_file_as: int | None = None) -> str:
    same = f" (hetzelfde bestand als import {same_file_as})" if same_file_as else ""
    return f"Niets veranderd: alle {fmt.number(unchanged)} waarden staan al zo in de databank{same}."
