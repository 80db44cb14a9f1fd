"""The caches of `ui.data` and `ui.geometry` are right by construction, not
by comments (issue 15, point 5): a store copy never shares a cached result
with the original, a session changing what it got changes nobody else's,
two functions of one name never share an entry, and a map file that does
not hold what its name says is written again.

The functions run in bare mode (no `streamlit run`): `st.session_state` is
then one dict, so `in_session` starts a new session by clearing it."""
from __future__ import annotations

import shutil
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import streamlit as st
from streamlit import dataframe_util

from loaders import versions
from loaders.regions import REGIONS
from loaders.store import connect
from tests.helpers import disk
from analysis import regie as ar
from ui import data, fiche, geometry, layout, regie


def in_session(db: Path, monkeypatch) -> None:
    """A new session on the store `db`, at the start of a run."""
    monkeypatch.setenv("REGIOMONITOR_DB", str(db))
    st.session_state.clear()
    data.begin_run()


def test_a_store_copy_never_shares_a_cached_result_with_the_original(tmp_path, store_path, monkeypatch):
    original, copy = tmp_path / "origineel.duckdb", tmp_path / "kopie.duckdb"
    shutil.copyfile(versions.current(store_path), original)
    shutil.copyfile(original, copy)
    with connect(copy) as con:   # changed outside the versions: the same data version as the original
        con.execute("update municipalities set name_nl = name_nl || ' (kopie)'")
    in_session(original, monkeypatch)
    names = data.run("import_places")
    in_session(copy, monkeypatch)
    copied = data.run("import_places")
    gemeenten = copied[copied["kind"] == "gemeente"]["name"]
    assert len(gemeenten) and gemeenten.str.endswith(" (kopie)").all()
    assert not names["name"].str.endswith(" (kopie)").any()


def shared_result() -> tuple:
    frame = pd.DataFrame({"waarde": [1.0, 2.0]})
    return frame, {"rij": frame["waarde"]}, [frame], np.array([1, 2])


def test_a_session_changing_a_shared_result_changes_nobody_elses(store_path, monkeypatch):
    in_session(store_path, monkeypatch)
    frame, by_name, listed, array = data.keyed(("gedeeld",), shared_result)
    frame.loc[0, "waarde"] = 99.0
    frame["nieuw"] = 0
    by_name["rij"].iloc[1] = 99.0
    listed.append("meer")
    with pytest.raises(ValueError):
        array[0] = 99   # read-only: an array cannot be copied on write
    in_session(store_path, monkeypatch)   # another session
    again, by_name_again, listed_again, _ = data.keyed(("gedeeld",), shared_result)
    pd.testing.assert_frame_equal(again, shared_result()[0])
    assert by_name_again["rij"].tolist() == shared_result()[1]["rij"].tolist() and len(listed_again) == 1


def test_a_session_changing_its_map_area_changes_nobody_elses(store_path, monkeypatch):
    in_session(store_path, monkeypatch)
    region = REGIONS["w13"]["nis"]
    places = geometry.area(region[:2], region).places
    expected = places.copy()
    places.loc[:, "lon"] = 0.0
    pd.testing.assert_frame_equal(geometry.area(region[:2], region).places, expected)


def changed_everywhere(shown: pd.DataFrame, figures: dict) -> None:
    """What a session might do to what it got: change a table and every chart."""
    shown.iloc[0, 0] = "gewijzigd"
    shown["nieuw"] = 0
    for fig in figures.values():
        fig.update_layout(title_text="gewijzigd", height=99)


def test_a_session_changing_its_gemeentefiche_changes_nobody_elses(store_path, monkeypatch):
    in_session(store_path, monkeypatch)
    nis = REGIONS["w13"]["nis"][0]
    year = int(data.run("werkzaamheid_gemeenten", nis=[nis])["year"].max())
    got, figures, shown = fiche.cached(nis, year)
    before = (got.indicators.copy(), {k: f.to_json() for k, f in figures.items()}, {k: t.copy() for k, t in shown.items()})
    got.indicators.loc[:, "value"] = -1.0
    got.programmes.clear()
    changed_everywhere(next(iter(shown.values())), figures)
    in_session(store_path, monkeypatch)   # another session
    again, figures_again, shown_again = fiche.cached(nis, year)
    pd.testing.assert_frame_equal(again.indicators, before[0])
    assert {k: f.to_json() for k, f in figures_again.items()} == before[1] and len(before[1]) > 2
    assert shown_again.keys() == before[2].keys()
    for name, table in shown_again.items():
        pd.testing.assert_frame_equal(table, before[2][name])


def test_a_session_changing_its_regie_model_changes_nobody_elses(store_path, monkeypatch):
    in_session(store_path, monkeypatch)
    model, tables, figures, _, exports = regie.collected(ar.ALL, ar.ALL, ar.ALL)
    goal_list, goal_tables = regie.goals()
    before = (model.actions.copy(), {k: t.copy() for k, t in tables.items()}, {k: f.to_json() for k, f in figures.items()},
              len(goal_list), {k: t.copy() for k, t in goal_tables.items()}, {k: t.copy() for k, t in exports.items()})
    model.actions.loc[:, "title"] = "gewijzigd"
    model.goals.clear()
    goal_list.clear()
    changed_everywhere(next(iter(tables.values())), figures)
    changed_everywhere(next(iter(goal_tables.values())), {})
    changed_everywhere(exports["acties"], {})
    in_session(store_path, monkeypatch)   # another session
    model_again, tables_again, figures_again, _, exports_again = regie.collected(ar.ALL, ar.ALL, ar.ALL)
    goals_again, goal_tables_again = regie.goals()
    pd.testing.assert_frame_equal(model_again.actions, before[0])
    assert len(model_again.goals) == len(goals_again) == before[3] > 0
    assert {k: f.to_json() for k, f in figures_again.items()} == before[2] and len(before[2]) == 2
    for got, kept in ((tables_again, before[1]), (goal_tables_again, before[4]), (exports_again, before[5])):
        assert got.keys() == kept.keys() and kept
        for name, table in got.items():
            pd.testing.assert_frame_equal(table, kept[name])


def test_a_kept_table_sends_what_streamlit_sends_for_its_frame(store_path, monkeypatch):
    """`ui.layout.table(..., kept=)` hands Streamlit the Arrow tables it made once: the grid and the phone's
    table get the bytes Streamlit makes of the frame itself (its index in the metadata, the same types)."""
    in_session(store_path, monkeypatch)
    view = regie.collected(ar.ALL, ar.ALL, ar.ALL)
    frames = [*view.action_tables.values(), view.cadence, *regie.goals()[1].values()]
    for frame in frames:
        columns = [frame.columns[1], frame.columns[-1]]
        wide, narrow = layout._arrow(frame, columns)
        for kept, shown in ((wide, frame), (narrow, frame[columns])):
            assert (dataframe_util.convert_arrow_table_to_arrow_bytes(kept)
                    == dataframe_util.convert_pandas_df_to_arrow_bytes(shown))


def page_function(path: str, value: str):
    """`export` as a page script defines it: Streamlit runs a page as `__main__`."""
    namespace = {"__name__": "__main__"}
    exec(compile(f"def export():\n    return {value!r}\n", path, "exec"), namespace)
    return namespace["export"]


def test_two_functions_of_one_name_never_share_an_entry(store_path, monkeypatch):
    in_session(store_path, monkeypatch)
    one, two = page_function("views/een.py", "een"), page_function("views/twee.py", "twee")
    assert (one.__module__, one.__qualname__) == (two.__module__, two.__qualname__)
    assert [data.keyed(("k",), f) for f in (one, two)] == ["een", "twee"]
    assert [data.computed(f) for f in (one, two)] == ["een", "twee"]
    first = lambda: "eerste"    # noqa: E731 (two lambdas of one function: one qualified name)
    second = lambda: "tweede"   # noqa: E731
    assert [data.keyed(("k",), f) for f in (first, second)] == ["eerste", "tweede"]


class Model:
    """A page model whose figures are picked by a method (`model.series(code)`), cached by the view."""
    def __init__(self):
        self.described = 0

    def __repr__(self) -> str:   # a model's repr writes out its frames: costly, and no part of a cache key
        self.described += 1
        return "Model(...)"

    def series(self, code: str) -> str:
        return f"reeks {code}"


def test_a_method_kept_under_a_key_never_writes_out_its_object(store_path, monkeypatch):
    in_session(store_path, monkeypatch)
    model = Model()
    assert data.keyed(("model", "a"), model.series, "a") == "reeks a"
    assert data.keyed(("model", "a"), model.series, "a") == "reeks a"
    assert model.described == 0


def map_file(region: list[str]) -> Path:
    return geometry.GEO_DIR / geometry.area(region[:2], region).url.removeprefix(geometry.URL_PREFIX)


def test_a_cut_off_map_file_is_written_again(store_path, monkeypatch):
    in_session(store_path, monkeypatch)
    region = REGIONS["w13"]["nis"]
    path = map_file(region)
    whole = path.read_bytes()
    path.write_bytes(whole[: len(whole) // 2])
    assert map_file(region) == path and path.read_bytes() == whole


def test_a_map_file_that_differs_from_its_name_is_written_again(store_path, monkeypatch):
    in_session(store_path, monkeypatch)
    region = REGIONS["westhoek"]["nis"]
    path = map_file(region)
    whole = path.read_bytes()
    path.write_bytes(whole.replace(b"Feature", b"Featurx", 1))   # the same size
    geometry._area.clear()   # the selection is cached anew (a new data version, a restart)
    assert map_file(region) == path and path.read_bytes() == whole


def test_a_failed_map_write_leaves_no_temporary_file(store_path, monkeypatch, tmp_path):
    in_session(store_path, monkeypatch)
    monkeypatch.setattr(geometry, "GEO_DIR", tmp_path / "geo")
    region = REGIONS["westhoek"]["nis"]
    with disk.full_past(1024):
        assert geometry.area(region[3:5], region) is None   # said on the page (tests/test_store_faults.py)
    assert not list((tmp_path / "geo").iterdir())


def test_a_page_run_says_it_is_building_once_not_at_every_cache_miss(tmp_path, store_path, monkeypatch):
    """Streamlit's cache spinner starts a timer thread and sends a message at
    every miss; a year first visited misses some twenty entries. The note
    "Cijfers berekenen…" is the page run's (`data.building`, app.py), once."""
    from streamlit.runtime.scriptrunner_utils.script_run_context import ScriptRunContext
    from streamlit.testing.v1 import AppTest

    copy = tmp_path / "kopie.duckdb"   # a store of its own: every entry of the run below is a miss
    shutil.copyfile(versions.current(store_path), copy)
    monkeypatch.setenv("REGIOMONITOR_DB", str(copy))
    sent, enqueue = [], ScriptRunContext.enqueue

    def counted(self, msg):
        sent.append(msg.delta.WhichOneof("type") if msg.WhichOneof("type") == "delta" else None)
        enqueue(self, msg)

    monkeypatch.setattr(ScriptRunContext, "enqueue", counted)
    at = AppTest.from_file(str(Path(data.__file__).parents[1] / "app.py"), default_timeout=120)
    at.query_params["regio"] = "beide"
    at.run()
    at.switch_page("views/gemeentefiche.py").run()
    sent.clear()
    at.selectbox(key="jaar").set_value(at.selectbox(key="jaar").options[-1]).run()
    assert not at.exception
    assert at.main.get("plotly_chart"), "the page drew nothing: no run to count"
    assert sent.count("new_transient") == 1   # the page run's note, cleared once; a miss adds none
