"""Nothing lost: imports are transactions, recorded, idempotent and undone
exactly; official beats modelled; concurrent imports and readers are safe;
the CLI shares the path, works while the dashboard reads the store and says
clearly when another import is writing.
Every test writes to its own copy of the session store."""
from __future__ import annotations

import threading

import pytest

from backoffice import import_cli, import_messages, importer
from loaders import build, import_spec, versions
from loaders.__main__ import main
from loaders.config import data_dir
from loaders.errors import SourceError
from loaders.store import connect
from queries import run_query
from tests.helpers.processes import hold
from tests.import_fixtures import (assert_same, csv_bytes, own_con, own_store, raw, reference_rates,  # noqa: F401
                                   snapshot)

# What an import changes in the data (the log and the version change by design).
DATA_TABLES = ("imported_values", "import_replaced", "indicator_meta", "indicators")
HEADER = ("gemeente", "nis", "jaar", "werkzaamheidsgraad")
RATES = reference_rates(year=2015).head(12)
# Another import or build: holds the writer's lock until its stdin closes.
LOCK_HOLDER = ("import sys; from pathlib import Path; from loaders import versions\n"
               "with versions.lock(Path(sys.argv[1])):\n"
               "    print('locked', flush=True); sys.stdin.read()")


def rows(shift: float = 0.0, frame=RATES) -> list[list]:
    return [[r.gemeente, r.nis, r.jaar, f"{r.werkzaamheidsgraad + shift:.4f}".replace(".", ",")]
            for r in frame.itertuples()]


def do_import(con, content_rows, name="export.csv", indicator="werkzaamheidsgraad", header=HEADER):
    prepared = importer.prepare(con, raw(csv_bytes(content_rows, header=header), name), indicator)
    assert prepared.ok, prepared.checked.report.frame()
    return importer.commit(con, prepared, "tester", "cli")


def test_round_trip_import_then_rollback_restores_the_store(own_con):
    before = snapshot(own_con, DATA_TABLES)
    outcome = do_import(own_con, rows(shift=0.5))
    assert (outcome.added, outcome.replaced) == (len(RATES), 0)
    shown = own_con.execute("select value from indicators where indicator = 'werkzaamheidsgraad' "
                            "and period = '2015' and nis = ?", [RATES.nis[0]]).fetchone()[0]
    assert shown == pytest.approx(round(RATES.werkzaamheidsgraad[0] + 0.5, 4))
    assert importer.rollback(own_con, None, "tester") == [outcome.import_id]
    assert_same(before, snapshot(own_con, DATA_TABLES))
    log = importer.history(own_con)
    assert log.at[0, "status"].startswith("teruggedraaid") and log.at[0, "status"].endswith("door tester")


def test_replaced_values_come_back_exactly(own_con):
    original = snapshot(own_con, DATA_TABLES)
    first = do_import(own_con, rows(shift=0.5), name="eerste.csv")
    after_first = snapshot(own_con, DATA_TABLES)
    changed = rows(shift=0.5)
    changed[0][3], changed[1][3] = "1,5", "2,5"
    second = do_import(own_con, changed + rows(frame=reference_rates(year=2014).head(1)), name="tweede.csv")
    assert (second.added, second.replaced, second.unchanged) == (1, 2, len(RATES) - 2)
    importer.rollback(own_con, second.import_id, "tester")
    assert_same(after_first, snapshot(own_con, DATA_TABLES))
    importer.rollback(own_con, first.import_id, "tester")
    assert_same(original, snapshot(own_con, DATA_TABLES))


def test_rolling_back_an_earlier_import_undoes_the_later_ones_first(own_con):
    original = snapshot(own_con, DATA_TABLES)
    first = do_import(own_con, rows(shift=0.5))
    second = do_import(own_con, rows(shift=1.0))
    assert importer.rollback(own_con, first.import_id, "tester") == [second.import_id, first.import_id]
    assert_same(original, snapshot(own_con, DATA_TABLES))
    with pytest.raises(SourceError, match="geen import om terug te draaien"):
        importer.rollback(own_con, None, "tester")


def test_same_file_twice_changes_nothing(own_con):
    first = do_import(own_con, rows(shift=0.5))
    before = snapshot(own_con)
    again = do_import(own_con, rows(shift=0.5))
    assert again.import_id is None and again.unchanged == len(RATES) and again.same_file_as == first.import_id
    assert_same(before, snapshot(own_con))
    assert "hetzelfde bestand als import" in import_messages.nothing_changed(again.unchanged, again.same_file_as)


def test_official_beats_modelled_and_the_quality_follows(own_con):
    nis, period, modelled = own_con.execute(
        "select nis, period, value from indicators where indicator = 'bevolking_20_64' and quality = 'modelled' "
        "and target_group = 'totaal' order by nis, period limit 1").fetchone()
    prepared = importer.prepare(own_con, raw(csv_bytes([[nis, period, int(modelled) + 1]],
                                                       header=("nis", "jaar", "bevolking_20_64"))), "bevolking_20_64")
    assert importer.counts(own_con, prepared)["over_modelled"] == 1
    outcome = importer.commit(own_con, prepared, "tester", "cli")
    query = ("select value, quality, source from indicators where indicator = 'bevolking_20_64' and nis = ? "
             "and period = ? and target_group = 'totaal'")
    value, quality, source = own_con.execute(query, [nis, period]).fetchone()
    assert (value, quality) == (int(modelled) + 1, "official") and "export.csv" in source
    importer.rollback(own_con, outcome.import_id, "tester")
    assert own_con.execute(query, [nis, period]).fetchone()[:2] == (modelled, "modelled")


def test_published_file_reproduces_the_built_values(own_con):
    path = data_dir() / "statistics" / "werkzaamheidsgraad_gemeenten_2003_2015.csv"
    query = "select nis, period, value from indicators where indicator = 'werkzaamheidsgraad' order by all"
    before = own_con.execute(query).fetchall()
    prepared = importer.prepare(own_con, raw(path.read_bytes(), path.name), "werkzaamheidsgraad")
    assert prepared.ok and importer.counts(own_con, prepared)["over_official"] == 0
    importer.commit(own_con, prepared, "tester", "cli")
    assert own_con.execute(query).fetchall() == before


def test_import_and_rollback_each_change_the_data_version(own_con):
    versions = [run_query(own_con, "data_version").iat[0, 0]]
    outcome = do_import(own_con, rows(shift=0.5))
    versions.append(run_query(own_con, "data_version").iat[0, 0])
    importer.rollback(own_con, outcome.import_id, "tester")
    versions.append(run_query(own_con, "data_version").iat[0, 0])
    assert len(set(versions)) == 3


def test_an_error_halfway_stores_nothing(own_con, monkeypatch):
    before = snapshot(own_con)

    def broken(*_):
        raise RuntimeError("schijf vol")

    monkeypatch.setattr(importer, "_bump_version", broken)  # after every other write
    with pytest.raises(RuntimeError):
        do_import(own_con, rows(shift=0.5))
    assert_same(before, snapshot(own_con))


def test_documented_indicator_is_registered_undone_and_kept_on_rebuild(own_store, monkeypatch):
    documented = dict(import_spec.META["indicators"]["werkzoekenden"], label="Proefindicator")
    monkeypatch.setitem(import_spec.META["indicators"], "proef_import", documented)
    meta = "select label, quality from indicator_meta where indicator = 'proef_import'"
    header = ("nis", "maand", "aantal")
    with connect(own_store) as con:
        outcome = do_import(con, [["33011", "2021-08", "12"]], indicator="proef_import", header=header)
        assert con.execute(meta).fetchall() == [("Proefindicator", "official")]
        importer.rollback(con, outcome.import_id, "tester")
        assert con.execute(meta).fetchall() == []
        do_import(con, [["33011", "2021-08", "12"]], indicator="proef_import", header=header)
    build.build(own_store, data_dir(), progress=lambda _: None)
    with connect(own_store) as con:
        assert con.execute(meta).fetchall() == [("Proefindicator", "official")]
        assert con.execute("select value from indicators where indicator = 'proef_import'").fetchall() == [(12.0,)]
        assert len(importer.history(con)) == 2


def test_two_imports_at_once_are_serialised(own_store, monkeypatch):
    """Two sessions import at once: each publishes its own version, the
    second one on top of the first; nothing is lost."""
    monkeypatch.setenv("REGIOMONITOR_DB", str(own_store))
    files = [rows(shift=0.5), rows(shift=0.5, frame=reference_rates(year=2014).head(12))]
    with importer.open_store() as con:
        prepared = [importer.prepare(con, raw(csv_bytes(r), f"f{i}.csv"), "werkzaamheidsgraad")
                    for i, r in enumerate(files)]
    outcomes, errors = [], []

    def run(p):
        try:
            outcomes.append(importer.publish(importer.commit, p, "tester", "beheer", wait_seconds=60))
        except Exception as exc:  # noqa: BLE001 - collected and asserted below
            errors.append(exc)

    threads = [threading.Thread(target=run, args=(p,)) for p in prepared]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert sorted(o.import_id for o in outcomes) == [1, 2]
    with importer.open_store() as con:
        assert con.execute("select count(*) from imported_values").fetchone()[0] == sum(map(len, files))


def test_readers_see_the_store_before_or_after_an_import_never_half(own_con):
    everything = reference_rates()
    content = csv_bytes(rows(frame=everything))
    prepared = importer.prepare(own_con, raw(content), "werkzaamheidsgraad")
    added = importer.counts(own_con, prepared)["added"]  # a value equal to the built one is not stored
    seen, done = set(), threading.Event()

    state = "select (select count(*) from imported_values), (select count(*) from imports)"

    def read():
        cur = own_con.cursor()
        while not done.is_set():
            seen.add(cur.execute(state).fetchone())
        seen.add(cur.execute(state).fetchone())

    reader = threading.Thread(target=read)
    reader.start()
    importer.commit(own_con, prepared, "tester", "beheer")
    done.set()
    reader.join()
    assert seen <= {(0, 0), (added, 1)} and (added, 1) in seen and added > len(everything) / 2


# --- the command line -----------------------------------------------------------

def test_cli_dry_run_import_list_and_rollback(own_store, tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("REGIOMONITOR_DB", str(own_store))
    path = tmp_path / "export.csv"
    path.write_bytes(csv_bytes(rows(shift=0.5)))
    with connect(own_store) as con:
        before = snapshot(con)
    assert main(["import", str(path), "--indicator", "werkzaamheidsgraad", "--dry-run"]) == 0
    assert "Proefdraai (--dry-run): niets opgeslagen." in capsys.readouterr().out
    with connect(own_store) as con:
        assert_same(before, snapshot(con))
    assert main(["import", str(path), "--indicator", "werkzaamheidsgraad"]) == 0
    assert f"Import 1 opgeslagen: {len(RATES)} nieuw" in capsys.readouterr().out
    assert main(["imports"]) == 0
    assert "export.csv" in capsys.readouterr().out
    assert main(["rollback"]) == 0
    assert "Teruggedraaid: import 1." in capsys.readouterr().out
    assert main(["rollback"]) == 1
    assert "geen import om terug te draaien" in capsys.readouterr().err
    with connect(own_store) as con:
        assert_same({t: before[t] for t in DATA_TABLES}, snapshot(con, DATA_TABLES))


def test_cli_column_mapping_is_remembered_for_the_same_headers(own_store, tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("REGIOMONITOR_DB", str(own_store))
    header = ("Code", "Jaartal", "Cijfer")
    first, second = tmp_path / "eerste.csv", tmp_path / "tweede.csv"
    first.write_bytes(csv_bytes([r[1:] for r in rows(shift=0.5)], header=header))
    second.write_bytes(csv_bytes([r[1:] for r in rows(shift=1.0)], header=header))
    assert main(["import", str(first), "--indicator", "werkzaamheidsgraad"]) == 1
    assert "geen kolom gekoppeld aan 'NIS-code'" in capsys.readouterr().err
    assert main(["import", str(first), "--indicator", "werkzaamheidsgraad",
                 "--map", "nis=Code", "--map", "period=Jaartal", "--map", "value=Cijfer"]) == 0
    assert main(["import", str(second), "--indicator", "werkzaamheidsgraad"]) == 0
    assert f"{len(RATES)} vervangen" in capsys.readouterr().out


def test_cli_imports_while_the_dashboard_reads_the_store(own_store, tmp_path, monkeypatch, capsys):
    """A second process holding the current version open read-only, as the
    dashboard does: the CLI import publishes a new version beside it, and the
    reader's version stays as it was."""
    monkeypatch.setenv("REGIOMONITOR_DB", str(own_store))
    path = tmp_path / "export.csv"
    path.write_bytes(csv_bytes(rows(shift=0.5)))
    reader = ("import duckdb, sys, os; c = duckdb.connect(os.path.realpath(sys.argv[1]), read_only=True); "
              "print('open', flush=True); sys.stdin.read(); "
              "print(c.execute('select count(*) from imports').fetchone()[0])")
    with hold(reader, str(own_store)) as seen_by_reader:
        assert main(["import", str(path), "--indicator", "werkzaamheidsgraad"]) == 0
        assert "Import 1 opgeslagen" in capsys.readouterr().out
    assert seen_by_reader == ["0"]
    with connect(own_store, read_only=True) as con:
        assert con.execute("select count(*) from imports").fetchone()[0] == 1


def test_cli_says_so_when_another_import_is_writing(own_store, tmp_path, monkeypatch, capsys):
    """Another process holds the writer's lock (an import or a build): a Dutch
    message, no traceback, nothing changed."""
    monkeypatch.setenv("REGIOMONITOR_DB", str(own_store))
    monkeypatch.setattr(import_cli, "LOCK_WAIT_SECONDS", 0.0)
    path = tmp_path / "export.csv"
    path.write_bytes(csv_bytes(rows(shift=0.5)))
    with hold(LOCK_HOLDER, str(own_store)):
        assert main(["import", str(path), "--indicator", "werkzaamheidsgraad"]) == 1
        assert versions.BUSY in capsys.readouterr().err
    with connect(own_store, read_only=True) as con:
        assert con.execute("select count(*) from imports").fetchone()[0] == 0
