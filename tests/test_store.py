"""The built store: contents, the indicators view, rebuilds that lose nothing."""
from __future__ import annotations

import shutil

import duckdb
import pandas as pd
import pytest

from loaders import build, werkzaamheid
from loaders.config import data_dir
from loaders.errors import SourceError
from loaders.regions import REGIONS

DATA = data_dir()


def test_store_holds_all_municipalities_and_regions(store):
    counts = dict(store.execute("select region, count(*) from municipalities group by region").fetchall())
    assert counts["westhoek"] == len(REGIONS["westhoek"]["nis"]) == 17
    assert counts["w13"] == len(REGIONS["w13"]["nis"]) == 13
    flemish = store.execute("select count(*) from municipalities where reg_nl = 'Vlaams Gewest'").fetchone()[0]
    assert flemish > 300


def test_indicators_view_columns_and_values(store):
    cols = [r[0] for r in store.execute("describe indicators").fetchall()]
    assert cols == ["nis", "period", "indicator", "target_group", "value", "unit", "quality", "source", "flag"]
    raw = pd.read_csv(DATA / werkzaamheid.META["file"], sep=";", decimal=",", dtype={"nis": str}).dropna(subset=["nis"])
    got = store.execute("select period, value from indicators where indicator = 'werkzaamheidsgraad' "
                        "and nis = '33011' order by period").df()
    expected = raw[raw["nis"] == "33011"].sort_values("jaar")
    assert got["period"].tolist() == [str(int(y)) for y in expected["jaar"]]
    assert got["value"].tolist() == pytest.approx(expected["werkzaamheidsgraad"].tolist())
    # one row per key
    dup = store.execute("select count(*) from (select nis, period, indicator, target_group, count(*) c "
                        "from indicators group by all having c > 1)").fetchone()[0]
    assert dup == 0


def test_indicators_view_is_read_only(store):
    with pytest.raises(duckdb.Error):
        store.execute("insert into indicators values ('34027', '2015', 'x', 'totaal', 1, '%', 'official', 's')")


def test_every_indicator_has_metadata(store):
    missing = store.execute("select distinct indicator from indicators "
                            "where indicator not in (select indicator from indicator_meta)").fetchall()
    assert missing == []


@pytest.fixture()
def own_store(tmp_path, store_path):
    path = tmp_path / "store.duckdb"
    shutil.copy(store_path, path)
    return path


def test_rebuild_keeps_imported_values_and_official_wins(own_store):
    con = duckdb.connect(str(own_store))
    con.execute("insert into indicator_values values ('34027', '2015', 'proef', 'totaal', 1, 'personen', 'modelled', 'model', null)")
    con.execute("insert into imported_values values ('34027', '2015', 'proef', 'totaal', 2, 'personen', 'official', 'VDAB', 1, null)")
    assert con.execute("select value, quality from indicators where indicator = 'proef'").fetchall() == [(2.0, "official")]
    con.close()
    build.build(own_store, DATA, progress=lambda _: None)
    con = duckdb.connect(str(own_store), read_only=True)
    assert con.execute("select value, source from indicators where indicator = 'proef'").fetchall() == [(2.0, "VDAB")]
    con.close()


def test_failed_build_leaves_previous_store(tmp_path, own_store):
    before = own_store.read_bytes()
    broken = tmp_path / "data"
    shutil.copytree(DATA, broken)
    target = broken / werkzaamheid.META["file"]
    target.chmod(0o644)
    target.write_text("gemeente;nis;jaar;werkzaamheidsgraad\r\nMenen;34027;2015;abc\r\n")
    with pytest.raises(SourceError):
        build.build(own_store, broken, progress=lambda _: None)
    assert own_store.read_bytes() == before
    assert not own_store.with_name(own_store.name + ".tmp").exists()


def test_ensure_built_rebuilds_only_when_a_source_changes(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(DATA, data)
    db = tmp_path / "store.duckdb"
    assert build.ensure_built(db, data) is True
    assert build.ensure_built(db, data) is False
    target = data / werkzaamheid.META["file"]
    target.chmod(0o644)
    target.write_bytes(target.read_bytes() + b"\r\n")  # one more blank row: same figures, new content
    assert build.ensure_built(db, data) is True


def test_build_speed_is_reported(tmp_path):
    lines = []
    seconds = build.build(tmp_path / "s.duckdb", DATA, progress=lines.append)
    assert seconds > 0 and lines[-1].startswith("klaar:") and f"{seconds:.1f} s" in lines[-1]
