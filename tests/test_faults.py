"""Faults end in a Dutch message (issue 19, point 6): no server path reaches
a visitor, an unreadable source file does not take down a current store,
and two people pinning a meeting snapshot at once get one snapshot."""
from __future__ import annotations

import re
import shutil
import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from backoffice import snapshots
from loaders import build
from loaders.config import PROJECT_ROOT, data_dir
from loaders.errors import SourceError, without_paths
from loaders.store import connect

ABSOLUTE = re.compile(r"(^|[\s'\"(:])/\w")


def test_a_missing_data_folder_shows_visitors_no_server_path(tmp_path, monkeypatch, caplog):
    """Nor the setting that names the folder: that is for the server log."""
    from streamlit.testing.v1 import AppTest

    missing = tmp_path / "serverpad" / "referentiedata"
    monkeypatch.setenv("REGIOMONITOR_DATA_DIR", str(missing))
    monkeypatch.setenv("REGIOMONITOR_DB", str(tmp_path / "regiomonitor.duckdb"))
    at = AppTest.from_file(str(PROJECT_ROOT / "app.py"), default_timeout=60)
    at.run()
    assert not at.exception
    shown = " ".join(e.value for e in at.error)
    assert "map met referentiegegevens niet gevonden" in shown
    assert str(tmp_path) not in shown and "serverpad" not in shown and not ABSOLUTE.search(shown), shown
    assert "REGIOMONITOR_" not in shown and "REGIOMONITOR_DATA_DIR" in caplog.text, shown


@pytest.mark.parametrize("message,shown", [
    ("map niet gevonden: /srv/regio monitor/data (zet X)", "map niet gevonden: regio monitor/data (zet X)"),
    ("bestand niet gevonden (map: /work/shared/data/geo)", "bestand niet gevonden (map: geo)"),
    ('IO Error: Cannot open file "/var/lib/rm/x.duckdb": Permission denied', 'IO Error: Cannot open file "x.duckdb": '
                                                                             'Permission denied'),
    ("'08/2021' is geen jaartal", "'08/2021' is geen jaartal"),            # dates stay
    ("zie https://provincies.incijfers.be/databank", "zie https://provincies.incijfers.be/databank"),  # links stay
])
def test_messages_lose_absolute_paths_but_keep_dates_and_links(message, shown):
    error = SourceError("/srv/data/bron.csv", message, row=3)
    assert without_paths(message) == shown and error.message == shown and error.detail == message
    assert str(error) == f"bestand 'bron.csv', rij 3: {shown}"


def unreadable(monkeypatch, victim: Path) -> None:
    """Reading `victim` fails as on a file without read permission (the
    tests run as root, for whom chmod does not stop reading)."""
    read = Path.read_bytes

    def read_bytes(path: Path) -> bytes:
        if path == victim:
            raise PermissionError(13, "Permission denied", str(path))
        return read(path)

    monkeypatch.setattr(Path, "read_bytes", read_bytes)


def test_an_unreadable_source_file_keeps_the_current_store_serving(store_path, monkeypatch):
    victim = build.source_files(data_dir())[0]
    assert build.is_current(store_path, data_dir())
    unreadable(monkeypatch, victim)
    assert build.ensure_built(store_path, data_dir()) is False  # no rebuild, no crash
    con = connect(store_path, read_only=True)
    try:
        assert con.execute("select count(*) from indicators").fetchone()[0] > 0
    finally:
        con.close()


def test_an_unreadable_source_file_without_a_store_is_a_dutch_refusal(tmp_path, monkeypatch):
    victim = build.source_files(data_dir())[0]
    unreadable(monkeypatch, victim)
    with pytest.raises(SourceError, match="niet leesbaar") as caught:
        build.ensure_built(tmp_path / "regiomonitor.duckdb", data_dir())
    assert caught.value.file == victim.name and str(tmp_path) not in str(caught.value)


def test_two_people_pinning_at_once_get_one_snapshot(tmp_path, store_path, monkeypatch):
    db = tmp_path / "regiomonitor.duckdb"
    shutil.copy(versions_file(store_path), db)
    monkeypatch.setenv("REGIOMONITOR_DB", str(db))
    con = connect(db, read_only=True)
    start = threading.Barrier(6)

    def pin(_) -> str:
        start.wait()
        return snapshots.create(con, "vergadering")

    try:
        with ThreadPoolExecutor(6) as pool:
            ids = set(pool.map(pin, range(6)))
    finally:
        con.close()
    assert len(ids) == 1 and snapshots.exists(ids.pop())
    assert len(list(snapshots.directory().iterdir())) == 1


def versions_file(db: Path) -> Path:
    """The store file itself (the session store may be a link to a version)."""
    return db.resolve()


def test_a_store_that_is_no_duckdb_file_is_refused_in_dutch_and_kept(tmp_path):
    db = tmp_path / "regiomonitor.duckdb"
    damaged = b"geen databank " * 10000
    db.write_bytes(damaged)
    with pytest.raises(SourceError) as caught:
        build.ensure_built(db, data_dir())
    assert "beschadigd" in caught.value.message and "imports" in caught.value.message
    assert str(tmp_path) not in str(caught.value)
    assert versions_file(db).read_bytes() == damaged  # nothing overwritten: its imports are not lost unasked


def test_a_truncated_store_is_not_taken_for_current(tmp_path, store_path):
    db = tmp_path / "regiomonitor.duckdb"
    shutil.copy(versions_file(store_path), db)
    assert build.stored_fingerprint(db) is not None
    with db.open("r+b") as fh:
        fh.truncate(db.stat().st_size // 2)
    assert build.stored_fingerprint(db) is None  # built anew, its imports copied when they can be read
