"""The 2025 municipality map beside the 2019 boundaries: merged
municipalities dissolved from their parts, counts summed across the merger,
rates never, and the map query on either map."""
from __future__ import annotations

import json

import pandas as pd
import pytest
import shapely

from loaders import gebiedsindeling, statbel_herkomst
from loaders.config import data_dir
from loaders.regions import FLANDERS_NIS, REGIONS
from queries import run_query
from tests.helpers import open_page

DATA = data_dir()


@pytest.fixture(scope="module")
def merged() -> pd.DataFrame:
    """2024 code -> 2025 code for the municipalities merged on 1 January 2025."""
    cw = gebiedsindeling.crosswalk(DATA)
    return cw[cw.groupby("nis_2025")["nis_2024"].transform("size") > 1]


def geometry(store, nis: str, column: str):
    text = store.execute(f"select {column} from municipalities where nis = ?", [nis]).fetchone()[0]
    return shapely.from_geojson(text)


def test_every_2025_municipality_is_on_the_2025_map(store):
    flemish = gebiedsindeling.places(DATA).flemish
    on_map = run_query(store, "flanders_2025")["nis"]
    assert set(on_map) == set(flemish)
    drawn = run_query(store, "map_area", nis=sorted(flemish), region=[], map=2025)
    assert set(drawn.loc[drawn["role"] == "gekozen", "nis"]) == set(flemish)


def test_the_2019_map_is_unchanged(store):
    flemish = store.execute("select nis from municipalities where in_2019_boundaries and reg_nis = ?",
                            [FLANDERS_NIS]).df()["nis"].tolist()
    drawn = run_query(store, "map_area", nis=flemish, region=[], map=2019)
    new_in_2025 = store.execute("select nis from municipalities where on_map_2025 and not in_2019_boundaries").df()
    assert sorted(drawn.loc[drawn["role"] == "gekozen", "nis"]) == sorted(flemish)
    assert len(new_in_2025) and not set(drawn["nis"]) & set(new_in_2025["nis"])


def test_merged_boundary_is_the_union_of_its_parts(store, merged):
    for code, parts in merged.groupby("nis_2025")["nis_2024"]:
        column = "geojson_2025"
        union = geometry(store, code, column)
        area_parts = sum(geometry(store, p, "geojson").area for p in parts)
        assert union.area == pytest.approx(area_parts, rel=1e-6), code
        assert union.is_valid


def test_the_30_are_the_same_on_both_maps(store):
    ours = [nis for region in REGIONS.values() for nis in region["nis"]]
    rows = store.execute("select nis, on_map_2025, nis_2025, geojson_2025 from municipalities "
                         "where list_contains(?, nis)", [ours]).fetchall()
    assert len(rows) == 30
    assert all(on and code == nis and extra is None for nis, on, code, extra in rows)
    for map_year in (2019, 2025):
        area = run_query(store, "map_area", nis=ours, region=ours, map=map_year)
        assert sorted(area.loc[area["role"] == "gekozen", "nis"]) == sorted(ours)


def test_counts_across_the_merger_are_sums_of_the_parts(store, merged):
    origin = pd.read_parquet(DATA / statbel_herkomst.META["files"]["origin"])
    last_before = str(origin["year"].max() - 1)
    new_codes = set(merged["nis_2025"]) - set(store.execute(
        "select nis from municipalities where in_2019_boundaries").df()["nis"])
    assert new_codes
    for code in new_codes:
        parts = merged.loc[merged["nis_2025"] == code, "nis_2024"]
        expected = origin[(origin["year"] == int(last_before)) & origin["CD_REFNIS"].isin(parts)]["total"].sum()
        value, source = store.execute("select value, source from indicators where indicator = 'bevolking' "
                                      "and nis = ? and period = ?", [code, last_before]).fetchone()
        assert value == expected and "som van de deelgemeenten" in source


def test_rates_are_never_carried_across_the_merger(store, merged):
    new_codes = sorted(set(merged["nis_2025"]) - set(store.execute(
        "select nis from municipalities where in_2019_boundaries").df()["nis"]))
    n = store.execute("select count(*) from indicators where indicator = 'werkzaamheidsgraad' "
                      "and list_contains(?, nis)", [new_codes]).fetchone()[0]
    assert n == 0


def test_merged_municipality_takes_the_2025_arrondissement(store):
    arr = gebiedsindeling.arrondissement(DATA).set_index("nis")["arr_nis"]
    rows = store.execute("select nis, arr_nis from municipalities where on_map_2025 and not in_2019_boundaries").fetchall()
    assert rows and all(arr[nis] == code for nis, code in rows)
    assert json.loads(store.execute("select geojson_2025 from municipalities where nis = '46030'").fetchone()[0])


def test_vdab_pages_at_flanders_scale_use_the_2025_map(app, store):
    """At Flanders scale the official figures cover every municipality of
    2025: no 'no figures' note, and the jobseeker and newcomers maps draw the
    merged ones."""
    at = open_page(app, "views/vacatures.py", regio="vlaanderen")
    assert not [c.value for c in at.caption if "Geen VDAB-cijfers" in c.value]
    flemish_2025 = run_query(store, "flanders_2025")["nis"].tolist()
    for page, params in (("views/werkzaamheid.py", {"indicator": "werkzoekenden"}),
                         ("views/kansengroepen.py", {"reeks": "nieuwkomers"})):
        at = open_page(app, page, regio="vlaanderen", **params)
        shown = {point for chart in at.get("plotly_chart") for trace in json.loads(chart.proto.spec)["data"]
                 for point in (trace.get("locations") or [])}
        assert set(flemish_2025) <= shown, page
