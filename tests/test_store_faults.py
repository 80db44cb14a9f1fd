"""Faults of the store end in a Dutch message and lose nothing (issue 19,
point 6): a published version deleted while the dashboard runs, a full disk
during an import (Beheer and CLI) or a meeting snapshot, a store that
cannot be built, and each kind of fault opening the store told apart.

A full disk is real here (`tests.helpers.disk`): writes past a size fail,
as on a full disk, which needs no root and no mount; a snapshot only
writes a symbolic link, which that limit does not stop, so its pins folder
is a full tmpfs in a mount namespace of the process that pins."""
from __future__ import annotations

import errno
import json
import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import duckdb
import pytest

from backoffice import snapshots
from loaders import build, versions
from loaders.__main__ import main
from loaders.config import PROJECT_ROOT
from loaders.errors import SourceError
from loaders.store import connect
from tests.helpers import disk, open_page
from tests.helpers.admin import OVERZICHT, confirm, rows, signed_in_app, upload
from tests.helpers.processes import hold
from tests.import_fixtures import assert_same, csv_bytes, snapshot
from ui import geometry

APP = str(PROJECT_ROOT / "app.py")
DATA_TABLES = ("imported_values", "imports", "indicator_meta", "build_info")
# What a visitor reads when the store is held by another process (app.STORE_FAULTS).
LOCKED = "in gebruik door een ander programma"


@pytest.fixture()
def published(tmp_path, store_path, monkeypatch) -> Path:
    """A private store with published versions (a copy of the session store's)."""
    db = tmp_path / "regiomonitor.duckdb"
    shutil.copyfile(versions.current(store_path), db)
    versions.adopt(db)
    monkeypatch.setenv("REGIOMONITOR_DB", str(db))
    return db


def publish(db: Path, label: str) -> Path:
    """A change by another process (an import from the CLI): a new version."""
    with versions.draft(db) as con:
        con.execute("insert or replace into build_info values ('import_version', ?)", [label])
    return versions.current(db)


def visitor():
    from streamlit.testing.v1 import AppTest

    return AppTest.from_file(APP, default_timeout=120)


def shown(at) -> str:
    assert not at.exception, [e.message for e in at.exception]
    return " ".join(e.value for e in at.error)


def drafts(db: Path) -> list[str]:
    """What a failed writer left beside the versions."""
    return [p.name for p in versions.directory(db).glob("*.draft*")]


def tables(version: Path) -> dict:
    with connect(version, read_only=True) as con:
        return snapshot(con, DATA_TABLES)


# A published version deleted while the dashboard runs


def test_a_version_deleted_while_the_dashboard_runs_gives_way_to_the_one_before(published):
    at = visitor()
    at.run()
    assert not shown(at)
    before = versions.current(published)
    newer = publish(published, "nieuw")
    newer.unlink()
    at.run()
    assert not shown(at) and at.metric   # the page keeps serving
    assert versions.current(published) == before
    # The next publish goes on from there.
    after = publish(published, "daarna")
    assert after.exists() and after != before


def test_the_next_import_after_a_deleted_version_goes_on_from_the_one_before(published, tmp_path, capsys):
    before = tables(versions.current(published))
    publish(published, "nieuw").unlink()
    path = tmp_path / "export.csv"
    path.write_bytes(csv_bytes(rows()))
    assert main(["import", str(path), "--indicator", "werkzaamheidsgraad"]) == 0, capsys.readouterr().err
    assert "Import 1 opgeslagen" in capsys.readouterr().out
    after = tables(versions.current(published))
    assert len(after["imported_values"]) == len(rows()) and len(before["imported_values"]) == 0


@pytest.mark.parametrize("command", ["imports", "path"])
def test_the_cli_reads_the_version_before_a_deleted_one(published, capsys, command):
    """`imports` and `path` only read: the pointer moves to the newest version
    left, as the next page load or import would do, instead of "build it"."""
    before = versions.current(published)
    publish(published, "nieuw").unlink()
    assert main([command]) == 0, capsys.readouterr().err
    out = capsys.readouterr().out
    assert versions.current(published) == before
    assert (out.strip() == str(before)) if command == "path" else "Nog geen imports." in out


@pytest.mark.parametrize("command", ["imports", "path"])
def test_the_cli_says_when_no_version_is_left(published, capsys, command):
    gone = versions.current(published)
    for version in versions.directory(published).glob(f"*{versions.SUFFIX}"):
        version.unlink()
    assert main([command]) == 1
    err = capsys.readouterr().err
    assert f"de huidige versie van de databank ({gone.name}) is verwijderd" in err, err
    assert "python -m loaders build" in err and str(published.parent) not in err


# A full disk


# Where the disk fills up: while the current version is copied into the new
# one, or right after, while the import writes its rows into the copy.
WHERE = ("kopie", "import")


@contextmanager
def full_disk(where: str, current: Path) -> Iterator[None]:
    """While the block runs, no file of this process may grow past half the
    size of the `current` version ('kopie'), or, from the moment the copy
    is made, past 4 KB ('import')."""
    copy = shutil.copyfile
    with disk.full_past() as fill, pytest.MonkeyPatch.context() as patch:
        def copy_then_fill(*args, **kwargs):
            copied = copy(*args, **kwargs)
            fill(4096)
            return copied

        if where == "kopie":
            fill(current.stat().st_size // 2)
        else:
            patch.setattr(shutil, "copyfile", copy_then_fill)
        yield


@pytest.mark.parametrize("where", WHERE)
def test_a_full_disk_during_a_cli_import_is_said_and_leaves_nothing(published, tmp_path, capsys, where):
    current = versions.current(published)
    before = tables(current)
    path = tmp_path / "export.csv"
    path.write_bytes(csv_bytes(rows()))
    with full_disk(where, current):
        code = main(["import", str(path), "--indicator", "werkzaamheidsgraad"])
    err = capsys.readouterr().err
    assert code == 1 and "de schijf is vol" in err and "niets gewijzigd" in err, err
    assert "Traceback" not in err
    assert versions.current(published) == current
    assert_same(before, tables(current))
    assert drafts(published) == []


@pytest.mark.parametrize("where", WHERE)
def test_a_full_disk_during_an_import_on_the_beheer_page_is_said_and_leaves_nothing(published, monkeypatch, where):
    at = signed_in_app(published, monkeypatch)
    upload(at, csv_bytes(rows()))
    current = versions.current(published)
    before = tables(current)
    with full_disk(where, current):
        confirm(at, "Importeren")
    assert shown(at) == "De import is mislukt; er werd niets opgeslagen."
    assert any("de schijf is vol" in t.value for t in at.text), [t.value for t in at.text]
    assert versions.current(published) == current
    assert_same(before, tables(current))
    assert drafts(published) == []
    # Every visitor keeps working, and once there is room the import succeeds.
    other = visitor()
    other.run()
    assert not shown(other) and other.metric
    confirm(at, "Importeren")
    assert at.success[0].value.startswith("Import 1 opgeslagen")


# A meeting snapshot on a full disk, in a process of its own (`disk.run_on_full_folder`):
# the admin (the account in the environment) pins the version the page reads; prints what
# the page said, as JSON.
PIN_ON_FULL_DISK = """
import json
from streamlit.testing.v1 import AppTest
from tests.helpers.admin import OVERZICHT, confirm, sign_in
at = AppTest.from_file(sys.argv[2], default_timeout=120)
at.secrets["regiomonitor_test"] = "1"
at.run()
confirm(sign_in(at, OVERZICHT), "Vastzetten")
print(json.dumps({"exceptions": [e.message for e in at.exception], "errors": [e.value for e in at.error],
                  "snapshot": "momentopname" in at.query_params}))
"""


def test_a_full_disk_when_pinning_a_snapshot_is_said_and_changes_nothing(published, monkeypatch):
    """A snapshot writes no file data, only a link in `pins/` (backoffice.snapshots):
    what fails on a full disk is that link's directory entry, so the pins
    folder is a full file system here, for the process that runs the page."""
    at = signed_in_app(published, monkeypatch, OVERZICHT)   # the account, also in the other process's environment
    done = disk.run_on_full_folder(versions.pins(published), PIN_ON_FULL_DISK, APP, cwd=PROJECT_ROOT)
    assert done.returncode == 0, done.stderr
    page = json.loads(done.stdout.splitlines()[-1])
    message = " ".join(page["errors"])
    assert not page["exceptions"] and not page["snapshot"], page
    assert "De momentopname werd niet gemaakt" in message and "de schijf is vol" in message, message
    assert not list(versions.pins(published).glob("*"))
    # Once there is room (here: outside that process) the same click pins it.
    confirm(at, "Vastzetten")
    assert not shown(at) and snapshots.exists(at.query_params["momentopname"])


def map_charts(at) -> list:
    return [c for c in at.get("plotly_chart") if "kaart" in c.proto.id]


def test_a_full_disk_while_a_map_file_is_written_is_said_and_the_page_keeps_serving(store_path, tmp_path, monkeypatch):
    """The map's boundaries go to a file in `static/geo/` (ui.geometry): when it
    cannot be written, the map says so in Dutch, the rest of the page draws,
    no part of a file is left, and once there is room the map is drawn."""
    folder = tmp_path / "geo"
    monkeypatch.setattr(geometry, "GEO_DIR", folder)
    geometry._area.clear()   # every selection's file is written anew, into `folder`
    at = visitor()
    with disk.full_past(1024):
        open_page(at, "views/werkzaamheid.py")
    warnings = " ".join(w.value for w in at.warning)
    assert "De kaart kan nu niet getoond worden: de schijf is vol" in warnings, warnings
    assert not map_charts(at) and at.get("plotly_chart") and at.dataframe   # trend and table drawn
    assert not folder.exists() or not list(folder.iterdir())
    at.run()
    assert not at.warning and len(map_charts(at)) == 1
    assert list(folder.glob("*.geojson")) and not list(folder.glob("*.tmp"))


# A store that cannot be built


def test_a_store_that_cannot_be_built_is_tried_once_until_it_changes(published, monkeypatch):
    """A truncated store is built anew (keeping its imports); when its imports
    cannot be read that build fails after its ~40 s. It is tried once: every
    page load after it shows the refusal at once, until the store changes."""
    current = versions.current(published)
    whole = current.read_bytes()
    with current.open("r+b") as fh:
        fh.truncate(len(whole) // 2)
    assert build.stored_fingerprint(published) is None   # taken for cut short: to be built
    builds = []

    def refused(db, data=None, progress=print):
        builds.append(db)
        raise SourceError(db, build.DAMAGED)   # what the build says when the imports are unreadable

    monkeypatch.setattr(build, "build", refused)
    for _ in range(2):
        at = visitor()
        at.run()
        assert "beschadigd of onvolledig" in shown(at)
    assert len(builds) == 1
    current.write_bytes(whole)   # restored from a backup: the store changed
    at = visitor()
    at.run()
    assert not shown(at) and at.metric and len(builds) == 1


# Each kind of fault opening the store, told apart


def test_a_store_held_by_another_process_is_said_to_be_in_use(published):
    holder = "import duckdb, sys, os; c = duckdb.connect(os.path.realpath(sys.argv[1])); print('open', flush=True); " \
             "sys.stdin.read()"
    with hold(holder, str(published)):
        at = visitor()
        at.run()
        assert LOCKED in shown(at)


def broken(version: Path, how: str) -> None:
    if how == "beschadigd":
        version.write_bytes(b"geen databank " * 10000)
    else:   # a folder where the file was: neither locked, nor missing, nor damaged
        version.unlink()
        version.mkdir()


@pytest.mark.parametrize("how,message", [
    ("beschadigd", "beschadigd"),
    ("map", "De databank kon niet worden geopend"),
])
def test_a_broken_new_version_is_not_said_to_be_in_use(published, how, message):
    """Another process published a version that turns out broken before the
    dashboard opened it: a Dutch message for what it is, never "in use"."""
    at = visitor()
    at.run()
    broken(publish(published, "nieuw"), how)
    at.run()
    text = shown(at)
    assert message in text and LOCKED not in text, text
    assert str(published.parent) not in text


def faults() -> dict[str, BaseException]:
    """Errors of each kind, from DuckDB. Permissions: the tests run as root,
    whom no file refuses, so that one is the OS's error as raised for a
    file without read permission."""
    found = {"permission": PermissionError(errno.EACCES, os.strerror(errno.EACCES), "regiomonitor.duckdb")}
    for kind, path in {"missing": "/nonexistent/regiomonitor.duckdb", "corrupt": "/proc/version"}.items():
        try:
            duckdb.connect(path, read_only=True)
        except duckdb.Error as exc:
            found[kind] = exc
    return found


@pytest.mark.parametrize("kind", ["missing", "corrupt", "permission"])
def test_each_kind_of_fault_is_told_apart(kind):
    exc = faults()[kind]
    assert versions.fault(exc) == kind, exc


def test_a_lock_is_told_apart(tmp_path, store_path):
    db = tmp_path / "x.duckdb"
    shutil.copyfile(versions.current(store_path), db)
    holder = "import duckdb, sys; c = duckdb.connect(sys.argv[1]); print('open', flush=True); sys.stdin.read()"
    with hold(holder, str(db)):
        with pytest.raises(duckdb.IOException) as caught:
            connect(db, read_only=True)
    assert versions.fault(caught.value) == "lock"
