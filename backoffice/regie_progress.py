"""Recording progress on the W13 action plan: an action's status in a work
year, a meeting of a consultation held, and undoing either. Every record is
a row of `regie_changes` with who and when; nothing is updated or deleted
except an undo mark, so the table is the history. The plan file is never
touched.

Each change is a function `(con, ...)` that checks its input against the
plan in the store (a Dutch `SourceError` otherwise), writes in one
transaction and sets a new `import_version`, so every page's cached figures
refresh and a store version with the change can be published
(`backoffice.importer.publish(change, ...)`, what the Regie page calls)."""
from __future__ import annotations

from datetime import date, datetime

import duckdb

from loaders import regie
from loaders.errors import SourceError
from common import format as fmt


def _plan_years(cur: duckdb.DuckDBPyConnection) -> range:
    info = dict(cur.execute("select key, value from regie_plan").fetchall())
    return range(int(info["first_year"]), int(info["last_year"]) + 1)


def _span(years: range) -> str:
    return f"{years.start}-{years.stop - 1}"


def _insert(cur: duckdb.DuckDBPyConnection, user: str, now: datetime, **values) -> int:
    """One new record; returns its id."""
    change_id = cur.execute("select coalesce(max(id), 0) + 1 from regie_changes").fetchone()[0]
    values |= {"id": change_id, "recorded_by": user, "recorded_at": now}
    cur.execute(f"insert into regie_changes ({', '.join(values)}) values ({', '.join('?' for _ in values)})",
                list(values.values()))
    return change_id


def _write(con: duckdb.DuckDBPyConnection, change, *args) -> int:
    """`change(cursor, now, *args)` in one transaction, with a new data
    version; returns the change's id. The only write path of this module."""
    cur = con.cursor()
    try:
        cur.execute("begin transaction")
        now = datetime.now()
        result = change(cur, now, *args)
        cur.execute("insert or replace into build_info values ('import_version', ?)",
                    [f"{now.isoformat()} regie {result}"])
        cur.execute("commit")
        return result
    except BaseException:
        cur.execute("rollback")
        raise
    finally:
        cur.close()


def _note(note: str | None) -> str | None:
    return (note or "").strip() or None


def check_status(cur: duckdb.DuckDBPyConnection, action: str, year: int, status: str, note: str | None) -> None:
    """Refuses an unknown action or status, a year outside the plan or the
    action's work years, and a missing note where the status needs one."""
    row = cur.execute("select work_years from regie_actions where number = ?", [action]).fetchone()
    if row is None:
        raise SourceError(None, f"onbekende actie '{action}': die staat niet in het actieplan")
    if status not in regie.STATUSES:
        raise SourceError(None, f"onbekende status '{status}'; kies uit: {', '.join(regie.STATUSES)}")
    years = _plan_years(cur)
    if year not in years:
        raise SourceError(None, f"{year} valt buiten de jaren van het actieplan ({_span(years)})")
    if row[0] is not None and year not in row[0]:
        raise SourceError(None, f"{year} is geen werkjaar van actie {action} (werkjaren: "
                                f"{', '.join(map(str, row[0]))})")
    if regie.STATUSES[status].get("needs_note") and not _note(note):
        raise SourceError(None, f"geef een toelichting: waarom is actie {action} in {year} {status}?")


def record_status(con: duckdb.DuckDBPyConnection, action: str, year: int, status: str, note: str | None,
                  user: str) -> int:
    """Set an action's status for a work year, with an optional note."""
    def change(cur, now):
        check_status(cur, action, year, status, note)
        return _insert(cur, user, now, kind="status", action=action, year=year, status=status, note=_note(note))
    return _write(con, change)


def record_meeting(con: duckdb.DuckDBPyConnection, consultation: str, held_on: date, note: str | None,
                   user: str) -> int:
    """A meeting of a consultation held on a day of the plan's years, not
    in the future and not recorded twice."""
    def change(cur, now):
        name = cur.execute("select name from regie_consultations where code = ?", [consultation]).fetchone()
        if name is None:
            raise SourceError(None, f"onbekend overleg '{consultation}': het staat niet in het actieplan")
        years = _plan_years(cur)
        if held_on.year not in years:
            raise SourceError(None, f"de datum {fmt.day(held_on)} valt buiten de jaren van het actieplan "
                                    f"({_span(years)})")
        if held_on > now.date():
            raise SourceError(None, f"de datum {fmt.day(held_on)} ligt in de toekomst: registreer een overleg "
                                    "nadat het plaatsvond")
        if cur.execute("select 1 from regie_changes where kind = 'overleg' and consultation = ? and held_on = ? "
                       "and undone_at is null", [consultation, held_on]).fetchone():
            raise SourceError(None, f"{name[0]} van {fmt.day(held_on)} is al geregistreerd")
        return _insert(cur, user, now, kind="overleg", consultation=consultation, held_on=held_on,
                       note=_note(note))
    return _write(con, change)


def undo(con: duckdb.DuckDBPyConnection, change_id: int, user: str) -> int:
    """Mark a record undone (it stays in the history): a status falls back
    to the one recorded before it (or the default), a meeting no longer counts."""
    def change(cur, now):
        row = cur.execute("select undone_at from regie_changes where id = ?", [change_id]).fetchone()
        if row is None:
            raise SourceError(None, f"wijziging {change_id} bestaat niet")
        if row[0] is not None:
            raise SourceError(None, f"wijziging {change_id} werd al ongedaan gemaakt")
        cur.execute("update regie_changes set undone_by = ?, undone_at = ? where id = ?", [user, now, change_id])
        return change_id
    return _write(con, change)
