"""Published store versions: an atomic switch, nothing published by a failed
or empty change, pins kept and the rest pruned, one writer at a time, the
CLI's `path`, and a session that moves to new data on its next rerun."""
from __future__ import annotations

import os
import shutil
import threading
import time

import duckdb
import pytest

from backoffice import snapshots
from tests.helpers.admin import OVERZICHT, confirm, signed_in_app
from common import format as fmt
from loaders import versions
from loaders.__main__ import main
from loaders.errors import SourceError
from loaders.store import connect


@pytest.fixture()
def db(tmp_path, store_path, monkeypatch):
    """A private copy of the session store (a plain file, as an old store)."""
    path = tmp_path / "regiomonitor.duckdb"
    shutil.copyfile(versions.current(store_path), path)
    monkeypatch.setenv("REGIOMONITOR_DB", str(path))
    return path


def import_version(path) -> str:
    with connect(path, read_only=True) as con:
        return con.execute("select value from build_info where key = 'import_version'").fetchone()


def publish(db, label: str):
    with versions.draft(db) as con:
        con.execute("insert or replace into build_info values ('import_version', ?)", [label])
    return versions.current(db)


def test_a_change_is_published_as_a_new_version_and_the_old_one_stays_as_it_was(db):
    reader = connect(db, read_only=True)   # a session on the plain store file
    first = publish(db, "eerste")
    assert db.is_symlink() and first.parent == versions.directory(db)
    assert import_version(db) == ("eerste",)
    # The reader's file is untouched: it still sees the store it opened.
    assert reader.execute("select count(*) from build_info where key = 'import_version'").fetchone() == (0,)
    reader.close()
    second = publish(db, "tweede")
    assert second != first and import_version(first) == ("eerste",) and import_version(db) == ("tweede",)


def test_a_failed_change_publishes_nothing_and_leaves_no_file(db):
    before = publish(db, "eerste")
    files = set(versions.directory(db).iterdir())
    with pytest.raises(duckdb.Error):
        with versions.draft(db) as con:
            con.execute("insert or replace into build_info values ('import_version', 'half')")
            con.execute("select * from no_such_table")
    assert versions.current(db) == before and import_version(db) == ("eerste",)
    assert set(versions.directory(db).iterdir()) == files


def test_a_change_that_leaves_the_data_alone_publishes_nothing(db):
    before = publish(db, "eerste")
    with versions.draft(db) as con:
        con.execute("select count(*) from indicators").fetchone()
    assert versions.current(db) == before


def test_pinned_versions_survive_pruning_the_rest_keep_the_newest(db):
    pinned = publish(db, "vergadering")
    with connect(pinned, read_only=True) as con:
        sid = snapshots.create(con, "vergadering")
    assert snapshots.path(sid).resolve() == pinned
    made = [publish(db, f"later {i}") for i in range(versions.KEEP + 2)]
    kept = set(versions.directory(db).glob("*.duckdb"))
    assert kept == {pinned, *made[-versions.KEEP:]}
    assert versions.current(db) == made[-1]


def test_a_pin_older_than_its_retention_no_longer_keeps_its_version(db):
    old, recent = publish(db, "vergadering 2025"), publish(db, "vergadering 2026")
    links = [versions.pin(v, name, db) for v, name in ((old, "20250101-aaaaaaaa"), (recent, "20261101-bbbbbbbb"))]
    made = time.time() - (versions.PIN_MAX_AGE_DAYS + 1) * 86400
    os.utime(links[0], (made, made), follow_symlinks=False)
    later = [publish(db, f"later {i}") for i in range(versions.KEEP)]
    assert [p.name for p in versions.pins(db).iterdir()] == [links[1].name]
    assert set(versions.directory(db).glob("*.duckdb")) == {recent, *later}


def test_pinning_twice_at_once_gives_one_pin(db):
    version = publish(db, "vergadering")
    threads = [threading.Thread(target=versions.pin, args=(version, "20261206-abcdef12", db)) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert [p.name for p in versions.pins(db).iterdir()] == ["20261206-abcdef12.duckdb"]
    assert (versions.pins(db) / "20261206-abcdef12.duckdb").resolve() == version


def test_a_second_writer_is_refused_with_a_clear_message(db):
    before = publish(db, "eerste")
    refused = []

    def second_writer():
        try:
            publish_within(db, 0.2)
        except versions.Busy as exc:
            refused.append(exc)

    with versions.lock(db):   # the first writer, e.g. an import from the command line
        thread = threading.Thread(target=second_writer)
        thread.start()
        thread.join()
    assert len(refused) == 1 and versions.BUSY in str(refused[0]) and isinstance(refused[0], SourceError)
    assert versions.current(db) == before
    publish_within(db, 0.2)   # once the first one is done, the next goes through
    assert versions.current(db) != before


def publish_within(db, wait_seconds: float) -> None:
    with versions.draft(db, wait_seconds=wait_seconds) as con:
        con.execute("insert or replace into build_info values ('import_version', 'tweede')")


def test_cli_path_prints_the_current_version(db, capsys):
    current = publish(db, "eerste")
    assert main(["path"]) == 0
    assert capsys.readouterr().out.strip() == str(current)


def test_a_running_session_moves_to_new_data_on_its_next_rerun_with_a_notice(db):
    from streamlit.testing.v1 import AppTest

    from loaders.config import PROJECT_ROOT

    at = AppTest.from_file(str(PROJECT_ROOT / "app.py"), default_timeout=60)
    at.run()
    first = at.session_state["_version_file"]
    assert not at.toast
    at.run()
    assert not at.toast and at.session_state["_version_file"] == first
    publish(db, "nieuw")
    at.run()
    assert not at.exception
    assert at.session_state["_version_file"] == str(versions.current(db)) != first
    assert [t.value for t in at.toast][0].startswith("Nieuwe gegevens sinds ")


def test_pinning_past_the_size_cap_is_refused_and_changes_nothing(db):
    first = publish(db, "vergadering 1")
    one_version = versions.size({first}) / versions.MB
    cap = one_version * 1.5   # room for one version, not two
    kept = versions.pin(first, "20261201-aaaaaaaa", db, max_mb=cap)
    second = publish(db, "vergadering 2")
    with pytest.raises(versions.PinRefused) as refused:
        versions.pin(second, "20261202-bbbbbbbb", db, max_mb=cap)
    message = str(refused.value)
    assert f"limiet van {fmt.number(cap)} MB" in message and "Beheer" in message, message
    assert versions.pinned(db) == {kept: first} and versions.current(db) == second
    # The same version pinned again under another name takes no more room.
    versions.pin(first, "20261203-cccccccc", db, max_mb=cap)
    assert set(versions.pinned(db).values()) == {first}


def test_pinning_past_the_count_cap_is_refused_and_changes_nothing(db):
    version = publish(db, "vergadering")
    kept = versions.pin(version, "20261201-aaaaaaaa", db, max_count=1)
    with pytest.raises(versions.PinRefused, match=r"limiet van 1\. .*Beheer"):
        versions.pin(version, "20261202-bbbbbbbb", db, max_count=1)
    assert versions.pinned(db) == {kept: version}
    assert versions.pin(version, kept.stem, db, max_count=1) == kept   # pinning it again adds none


def test_expired_pins_go_first_when_a_pin_would_pass_the_cap(db):
    old, recent = publish(db, "vergadering 2025"), publish(db, "vergadering 2026")
    cap = versions.size({old}) / versions.MB * 1.5
    expired = versions.pin(old, "20250101-aaaaaaaa", db, max_mb=cap)
    made = time.time() - (versions.PIN_MAX_AGE_DAYS + 1) * 86400
    os.utime(expired, (made, made), follow_symlinks=False)
    link = versions.pin(recent, "20261101-bbbbbbbb", db, max_mb=cap)
    assert versions.pinned(db) == {link: recent}


def test_unpinning_frees_the_room_and_prunes_what_only_the_pin_kept(db):
    pinned = publish(db, "vergadering")
    link = versions.pin(pinned, "20261201-aaaaaaaa", db)
    later = [publish(db, f"later {i}") for i in range(versions.KEEP)]
    assert pinned.exists()
    assert versions.unpin([link.stem], db) == [pinned]
    assert versions.pinned(db) == {} and not pinned.exists()
    assert set(versions.directory(db).glob("*.duckdb")) == set(later)


def test_pinning_past_the_cap_tells_the_admin_in_dutch_and_the_log_the_settings(db, monkeypatch, caplog):
    """What the person who pinned reads says what happened and where room is
    made (Beheer > Momentopnamen); the settings that raise the cap are the
    operator's: the server log names them, the page does not (issue 19)."""
    version = publish(db, "vergadering")
    kept = versions.pin(version, "20250101-aaaaaaaa", db)
    monkeypatch.setenv("REGIOMONITOR_PIN_MAX_COUNT", "1")
    at = signed_in_app(db, monkeypatch, OVERZICHT)
    confirm(at, "Vastzetten")
    assert not at.exception, [e.message for e in at.exception]
    message = " ".join(e.value for e in at.error)
    assert message.startswith("De momentopname werd niet gemaakt") and "limiet van 1" in message, message
    assert "Beheer > Momentopnamen" in message, message
    for setting in ("REGIOMONITOR_", "max_count", "max_mb", "secrets", snapshots.Limits.SECTION + "]"):
        assert setting not in message, message
    assert "REGIOMONITOR_PIN_MAX_COUNT" in caplog.text and "REGIOMONITOR_PIN_MAX_MB" in caplog.text
    assert "momentopname" not in at.query_params and versions.pinned(db) == {kept: version}
    assert versions.current(db) == version
