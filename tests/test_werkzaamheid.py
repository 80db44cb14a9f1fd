"""The Werkzaamheid page, its working-age model and its people-gap.

Expected values are computed from the reference files (shared/data) and the
model's metadata, never written down. AppTest cannot click a plotly chart,
so the click round trip is tested in two halves that meet: the map carries
the NIS code in each municipality's `customdata` (read from the figure the
page sends), the `on_select` callback turns such a point into the shared
filter (called directly with a session state holding that point, as
Streamlit would), and the page then shows, and keeps, that selection.
"""
from __future__ import annotations

import json
import math

import duckdb
import numpy as np
import pandas as pd
import pytest
import streamlit as st

from analysis.employment import people_needed, ranking
from common.vocabulary import TARGET
from charts.choropleth import NO_DATA
from loaders import bevolking, gemeenten, model_bevolking_20_64, werkzaamheid
from queries import sql
from loaders.config import data_dir
from loaders.indicator_frame import indicator_frame
from loaders.regions import FLANDERS_NIS, REGIONS
from loaders.store import insert_indicators
from loaders.model_common import source_name
from tests.helpers import shown
from tests.helpers.pages import array, assert_provenance, csv_number, exported, geometry_files
from tests.helpers.models import counting, memo
from common import format as fmt
from page_models import werkzaamheid as werkzaamheid_model
from page_models.common import Region, direct
from ui import filters

DATA = data_dir()
PAGE = "views/werkzaamheid.py"
MAP_KEY = "werkzaamheid_kaart"
SHARE = model_bevolking_20_64.META["assumptions"]["share_20_64"]["value"]
MENEN = "34027"


@pytest.fixture(scope="module")
def reference() -> pd.DataFrame:
    """Rate and total population per municipality and year, from the files."""
    rates = pd.read_csv(DATA / werkzaamheid.META["file"], sep=";", decimal=",",
                        dtype={"nis": str}).dropna(subset=["nis"])
    pop = pd.read_csv(DATA / bevolking.META["file"], sep=";", dtype={"nis": str}).dropna(subset=["nis"])
    return rates.merge(pop[["nis", "jaar", "inwoners"]], on=["nis", "jaar"], how="left")


def ref(reference, nis: str, year: int, column: str = "werkzaamheidsgraad") -> float:
    return float(reference.loc[(reference["nis"] == nis) & (reference["jaar"] == year), column].iat[0])


def open_page(app, region: str = "w13", year: int | None = None, chosen: list[str] | None = None):
    app.run()
    app.session_state["regio"] = region
    app.session_state["gemeente"] = chosen or []
    if year is not None:
        app.session_state["jaar"] = year
    app.switch_page(PAGE).run()
    assert not app.exception, [e.message for e in app.exception]
    return app


def map_spec(app) -> dict:
    chart = next(el for el in app.get("plotly_chart") if MAP_KEY in el.proto.id)
    return json.loads(chart.proto.spec)


def map_trace(app, name: str) -> dict | None:
    return next((t for t in map_spec(app)["data"] if name in t.get("name", "")), None)


def table(app) -> pd.DataFrame:
    return app.dataframe[0].value


# The working-age model -------------------------------------------------------

def test_working_age_is_population_times_documented_share(store, reference):
    rows = store.execute("""
        select w.nis, w.period, w.value, w.quality, p.value as population
        from indicators w join indicators p
          on p.nis = w.nis and p.period = w.period and p.indicator = 'bevolking' and p.target_group = 'totaal'
        where w.indicator = 'bevolking_20_64'""").df()
    assert not rows.empty and set(rows["quality"]) == {"modelled"}
    assert np.array_equal(rows["value"].to_numpy(), np.rint(rows["population"].to_numpy() * SHARE))
    # The input is the real population from the reference file.
    menen = rows[(rows["nis"] == MENEN) & (rows["period"] == "2015")]
    assert menen["value"].iat[0] == np.rint(ref(reference, MENEN, 2015, "inwoners") * SHARE)
    meta = store.execute("select quality, unit from indicator_meta where indicator = 'bevolking_20_64'").fetchone()
    assert meta == ("modelled", model_bevolking_20_64.META["indicators"]["bevolking_20_64"]["unit"])


def test_working_age_function_rounds_to_persons():
    population = pd.Series([1000, 33333, 0])
    assert model_bevolking_20_64.working_age(population).tolist() == [round(p * SHARE) for p in population]


def test_an_official_working_age_series_replaces_the_model():
    """An official series under the same indicator (from a loader, or a
    Beheer import) wins in the `indicators` view, which every query reads;
    the modelled rows stay stored."""
    con = duckdb.connect()
    con.execute(sql("build/schema"))
    population = indicator_frame(pd.Series([MENEN, "34022"]), pd.Series(["2015", "2015"]),
                                 pd.Series([33000.0, 76000.0]), bevolking.META)
    insert_indicators(con, population)
    model_bevolking_20_64.run(con)
    official = {"indicator": "bevolking_20_64", "quality": "official", "unit": "personen",
                "source_short": "Statbel"}
    insert_indicators(con, indicator_frame(pd.Series([MENEN]), pd.Series(["2015"]), pd.Series([20000.0]), official))
    shown = dict(con.execute("""select nis, quality from indicators
                                where indicator = 'bevolking_20_64' and period = '2015'""").fetchall())
    assert shown == {MENEN: "official", "34022": "modelled"}


# The people-gap and the ranking ----------------------------------------------

@pytest.mark.parametrize("below", [0.5, 8.6, 25.0])
def test_people_needed_is_the_gap_share_of_the_working_age_population(below):
    working_age = 12345.0
    assert people_needed(TARGET - below, working_age) == pytest.approx(below / 100 * working_age)


@pytest.mark.parametrize("above", [0.0, 0.1, 5.0])
def test_people_needed_is_zero_at_or_above_the_target(above):
    assert people_needed(TARGET + above, 5000.0) == 0.0


def test_people_needed_missing_stays_missing_and_works_on_series():
    out = people_needed(pd.Series([TARGET - 10, np.nan, TARGET - 1]), pd.Series([1000.0, 1000.0, np.nan]))
    assert out[0] == pytest.approx(100.0) and math.isnan(out[1]) and math.isnan(out[2])


def test_ranking_orders_ranks_and_compares_years():
    params = {"a": (70.0, 1.0), "b": (75.0, 0.5), "c": (60.0, 2.0)}
    rates = pd.DataFrame([{"nis": nis, "year": y, "rate": base + (y - 2005) * step,
                           "working_age": 1000.0, "working_age_quality": "modelled"}
                          for nis, (base, step) in params.items() for y in range(2005, 2012)])
    year = 2011
    out = ranking(rates, ["a", "b", "missing"], year).set_index("nis")
    expected = {nis: base + (year - 2005) * step for nis, (base, step) in params.items() if nis != "c"}
    assert out.index.tolist() == sorted(expected, key=expected.get, reverse=True) + ["missing"]
    for nis, rate in expected.items():
        step = params[nis][1]
        assert out.at[nis, "rate"] == pytest.approx(rate)
        assert out.at[nis, "gap_points"] == pytest.approx(rate - TARGET)
        assert out.at[nis, "change_1y"] == pytest.approx(step)
        assert out.at[nis, "change_5y"] == pytest.approx(5 * step)
        assert out.at[nis, "people_needed"] == pytest.approx(people_needed(rate, 1000.0))
    assert out["rank"].tolist()[:2] == [1, 2] and out["ranked"].iat[0] == len(expected)
    assert out.loc["missing", ["rate", "rank", "people_needed"]].isna().all()
    # Five years back is before the data: missing, not zero.
    assert math.isnan(ranking(rates, ["a"], 2008).at[0, "change_5y"])


# The page ------------------------------------------------------------------

def test_values_for_a_known_municipality_and_year_match_the_reference_file(app, reference):
    year = 2012
    open_page(app, "w13", year)
    rate = ref(reference, MENEN, year)
    working_age = np.rint(ref(reference, MENEN, year, "inwoners") * SHARE)
    row = table(app).set_index("Gemeente").loc["Menen"]
    assert row["Werkzaamheidsgraad (%)"] == pytest.approx(rate)
    assert row["Afstand tot 80 % (ptn)"] == pytest.approx(rate - TARGET)
    assert row["Extra werkenden voor 80 % (gemodelleerd)"] == pytest.approx((TARGET - rate) / 100 * working_age)
    assert row[f"Sinds {year - 1} (ptn)"] == pytest.approx(rate - ref(reference, MENEN, year - 1))
    assert row[f"Sinds {year - 5} (ptn)"] == pytest.approx(rate - ref(reference, MENEN, year - 5))
    w13 = reference[reference["nis"].isin(REGIONS["w13"]["nis"]) & (reference["jaar"] == year)]
    assert row["Rang"] == (w13["werkzaamheidsgraad"] > rate).sum() + 1
    # The map's tooltip says the same, in Belgian formats.
    values = map_trace(app, "werkzaamheidsgraad")
    tooltip = next(c for c in values["customdata"] if c[0] == MENEN)
    assert tooltip[1:4] == ["Menen", str(year), fmt.percent(rate)]
    assert tooltip[5] == fmt.points(rate - TARGET)
    assert tooltip[6] == fmt.number((TARGET - rate) / 100 * working_age) + " (gemodelleerd)"
    assert tooltip[8] == fmt.points(rate - ref(reference, MENEN, year - 1))


def test_changing_year_and_region_changes_what_is_shown(app, reference):
    open_page(app, "w13", 2015)
    assert set(map_trace(app, "werkzaamheidsgraad")["locations"]) == set(REGIONS["w13"]["nis"])
    app.sidebar.selectbox(key="jaar").set_value(2006).run()
    assert not app.exception
    shown = table(app).set_index("Gemeente")["Werkzaamheidsgraad (%)"]
    assert shown["Menen"] == pytest.approx(ref(reference, MENEN, 2006))
    assert any("referentiejaar 2006" in c.value for c in app.caption)
    app.sidebar.selectbox(key="regio").set_value("westhoek").run()
    assert not app.exception
    assert set(map_trace(app, "werkzaamheidsgraad")["locations"]) == set(REGIONS["westhoek"]["nis"])
    assert len(table(app)) == len(REGIONS["westhoek"]["nis"]) and "Menen" not in set(table(app)["Gemeente"])


def test_year_buttons_step_through_the_shared_year(app):
    open_page(app, "w13", 2010)
    app.button(key="werkzaamheid_volgend_jaar").click().run()
    assert app.sidebar.selectbox(key="jaar").value == 2011
    app.button(key="werkzaamheid_vorig_jaar").click().run()
    assert app.sidebar.selectbox(key="jaar").value == 2010


def clicked_on_map(monkeypatch, state: dict) -> None:
    """The map's on_select callback on `state` as session state; only for the
    call: the app's runs read the real one (`ui.urlstate.pending`)."""
    with monkeypatch.context() as patched:
        patched.setattr(st, "session_state", state)
        filters.map_click(MAP_KEY)()


def test_click_on_the_map_selects_the_municipality_and_survives_reruns(app, monkeypatch):
    open_page(app, "w13", 2015)
    clicked = next(c for c in map_trace(app, "werkzaamheidsgraad")["customdata"] if c[0] == MENEN)
    # What Streamlit stores for a click on that polygon, then calls on_select with.
    state = {"regio": "w13", "gemeente": [], MAP_KEY: {"selection": {"points": [{"customdata": clicked}]}}}
    clicked_on_map(monkeypatch, state)
    assert state["gemeente"] == [MENEN]

    app.session_state["gemeente"] = state["gemeente"]
    app.run()
    assert app.sidebar.multiselect(key="gemeente").value == [MENEN]
    assert map_trace(app, "werkzaamheidsgraad")["locations"] == [MENEN]
    assert table(app)["Gemeente"].tolist() == ["Menen"]
    app.sidebar.selectbox(key="jaar").set_value(2009).run()  # another rerun: still selected
    assert app.sidebar.multiselect(key="gemeente").value == [MENEN]
    assert table(app)["Gemeente"].tolist() == ["Menen"]

    # Neighbours drawn grey are clickable too; a second click on Menen removes it.
    neighbour = next(c for c in map_trace(app, "niet gekozen")["customdata"]
                     if c[0] in REGIONS["w13"]["nis"])
    state[MAP_KEY] = {"selection": {"points": [{"customdata": neighbour}]}}
    clicked_on_map(monkeypatch, state)
    assert state["gemeente"] == [MENEN, neighbour[0]]
    state[MAP_KEY] = {"selection": {"points": [{"customdata": clicked}]}}
    clicked_on_map(monkeypatch, state)
    assert state["gemeente"] == [neighbour[0]]


def test_a_click_outside_the_region_changes_nothing(monkeypatch):
    state = {"regio": "w13", "gemeente": [MENEN],
             MAP_KEY: {"selection": {"points": [{"customdata": [REGIONS["westhoek"]["nis"][0]]}]}}}
    monkeypatch.setattr(st, "session_state", state)
    filters.map_click(MAP_KEY)()
    assert state["gemeente"] == [MENEN]


def test_missing_values_are_grey_geen_gegevens_not_zero(app, reference, store):
    year = 2015
    open_page(app, "vlaanderen", year)
    flemish = set(store.execute("select nis from municipalities where reg_nis = ? and in_2019_boundaries",
                                [FLANDERS_NIS]).df()["nis"])
    with_rate = set(reference.loc[reference["jaar"] == year, "nis"])
    missing = flemish - with_rate
    assert missing  # municipalities merged in 2019 have no rate in the file
    trace = map_trace(app, "geen gegevens")
    assert set(trace["locations"]) == missing
    assert {c for _, c in trace["colorscale"]} == {NO_DATA} and trace["showscale"] is False
    assert set(map_trace(app, "werkzaamheidsgraad")["locations"]) == flemish & with_rate
    rows = table(app).set_index("Gemeente")
    names = dict(store.execute("select nis, name_nl from municipalities").fetchall())
    assert rows.loc[[names[n] for n in missing], "Werkzaamheidsgraad (%)"].isna().all()


def weighted_by_year(reference: pd.DataFrame, codes) -> pd.Series:
    """Population-weighted rate per year of `codes`, from the files."""
    rows = reference[reference["nis"].isin(set(codes))].dropna(subset=["werkzaamheidsgraad", "inwoners"])
    return (rows["werkzaamheidsgraad"] * rows["inwoners"]).groupby(rows["jaar"]).sum() / rows.groupby("jaar")[
        "inwoners"].sum()


def test_trend_shows_the_municipality_against_region_flanders_and_80(app, store, reference):
    open_page(app, "w13", chosen=[MENEN])
    chart = next(el for el in app.get("plotly_chart") if "werkzaamheid_trend" in el.proto.id)
    spec = json.loads(chart.proto.spec)
    lines = {t["name"]: pd.Series(array(t["y"]), index=array(t["x"]).astype(int)) for t in spec["data"]}
    menen = reference[reference["nis"] == MENEN].set_index("jaar")["werkzaamheidsgraad"]
    region = weighted_by_year(reference, REGIONS["w13"]["nis"])
    flemish = [r[0] for r in store.execute("select nis from municipalities where reg_nis = ?", [FLANDERS_NIS]).fetchall()]
    flanders = weighted_by_year(reference, flemish)
    expected = {"Menen": menen, f"Gemiddelde {filters.REGION_LABELS['w13']}": region, "Vlaanderen": flanders}
    assert set(lines) == set(expected)
    for name, values in expected.items():
        assert lines[name].to_numpy() == pytest.approx(values.loc[lines[name].index].to_numpy()), name
    target_lines = [s for s in spec["layout"]["shapes"] if s.get("y0") == s.get("y1") == TARGET]
    assert len(target_lines) == 1


@pytest.mark.parametrize("region,limit_kb", [("beide", 150), ("vlaanderen", 1024)])
def test_map_geometry_stays_small(app, region, limit_kb):
    open_page(app, region)
    spec = map_spec(app)
    files = geometry_files(spec)
    layers = [t["geojson"] for t in spec["data"] if "geojson" in t]   # the names layer has none
    assert len(files) == len(layers) == len(set(layers))   # every layer its own URL (ui.geometry says why)
    features = [f for g in files.values() for f in json.loads(g)["features"]]
    assert len(features) > (30 if region == "beide" else 300)
    assert sum(len(g) for g in files.values()) < limit_kb * 1024


def test_sources_under_map_trend_and_table_and_downloads(app):
    open_page(app, "w13", 2015)
    captions = [c.value for c in app.caption if c.value.startswith("Bron:")]
    assert len(captions) == 3  # map, trend, table
    model = model_bevolking_20_64.META["model"]
    assert all(werkzaamheid.META["producer"] in c for c in captions)
    assert sum(f"{model['name']} {model['version']} (bevolking 20-64 jaar, gemodelleerd)" in c
               for c in captions) == 2
    assert gemeenten.META["citation"] in captions[0]
    # Files are made on click (deferred), so the buttons carry no URL yet.
    kinds = sorted(b.proto.id.rsplit("_", 1)[-1] for b in app.get("download_button"))
    assert kinds == ["csv", "xlsx"]


def test_ranking_exports_read_back_as_the_reference_file(app, reference, downloads):
    year = 2012
    open_page(app, "w13", year)
    csv, xlsx = exported(downloads, f"werkzaamheid_W13_{year}")
    assert sorted(csv["NIS-code"]) == sorted(xlsx["NIS-code"]) == sorted(REGIONS["w13"]["nis"])
    people = "Extra werkenden voor 80 % (gemodelleerd)"
    for back, number in ((csv, csv_number), (xlsx, float)):
        rows = back.set_index("NIS-code")
        for nis in REGIONS["w13"]["nis"]:
            rate = ref(reference, nis, year)
            working_age = np.rint(ref(reference, nis, year, "inwoners") * SHARE)
            # Rounded as the page shows them (one decimal).
            assert number(rows.at[nis, "Werkzaamheidsgraad (%)"]) == pytest.approx(rate, abs=0.05)
            assert number(rows.at[nis, "Afstand tot 80 % (ptn)"]) == pytest.approx(rate - TARGET, abs=0.05)
            assert number(rows.at[nis, people]) == round(people_needed(rate, working_age))
    assert all(isinstance(v, (int, float)) for v in xlsx["Werkzaamheidsgraad (%)"])   # numbers, not text
    assert_provenance(csv, xlsx, "modelled", source_name(model_bevolking_20_64.META))
    assert csv["Bron"].str.contains(werkzaamheid.META["producer"]).all()


# The switch to the jobseeker rate (`?indicator=werkzoekenden`) -----------------

JOBSEEKER_TRACE = "Werkzoekenden-<br>graad"


def vdab(store, indicator: str) -> pd.DataFrame:
    return store.execute("select nis, cast(period as integer) as year, value, flag from indicators "
                         "where indicator = ? and target_group = 'totaal'", [indicator]).df()


def test_the_page_opens_on_the_employment_rate_and_says_its_last_year(app, reference):
    last = int(reference["jaar"].max())
    open_page(app, "w13")
    assert app.session_state["indicator"] == "werkzaamheid"
    assert app.sidebar.selectbox(key="jaar").value > last   # the shared year is later than the series
    assert any(f"laatste cijfer: {last}" in m.value for m in app.markdown)
    assert map_trace(app, "werkzaamheidsgraad") is not None
    assert table(app).set_index("Gemeente").at["Menen", "Werkzaamheidsgraad (%)"] == pytest.approx(
        ref(reference, MENEN, last))
    assert app.button(key="werkzaamheid_volgend_jaar").disabled
    app.button(key="werkzaamheid_vorig_jaar").click().run()
    assert app.sidebar.selectbox(key="jaar").value == last - 1


def test_link_opens_the_jobseeker_rate_with_its_own_map_ranking_and_trend(app, store):
    rates = vdab(store, "werkzoekendengraad")
    year = int(rates["year"].max())
    app.query_params.update({"regio": "w13", "indicator": "werkzoekenden"})
    app.run()
    app.switch_page(PAGE).run()
    assert not app.exception and not app.warning
    assert app.query_params["indicator"] == "werkzoekenden"
    trace = map_trace(app, JOBSEEKER_TRACE)
    this_year = rates[rates["year"] == year].set_index("nis")["value"]
    assert dict(zip(trace["locations"], array(trace["z"]))) == pytest.approx(
        this_year.reindex(REGIONS["w13"]["nis"]).to_dict())
    assert trace["zmin"] == 0 and trace["zmax"] >= rates[rates["nis"].isin(REGIONS["w13"]["nis"])]["value"].max()
    assert all(tick.endswith(" %") for tick in trace["colorbar"]["ticktext"])
    assert map_trace(app, "werkzaamheidsgraad") is None
    shown = table(app).set_index("Gemeente")
    assert shown.at["Menen", "Werkzoekendengraad (%)"] == this_year[MENEN]
    assert shown["Rang"].iat[0] == 1 and shown["Werkzoekendengraad (%)"].iat[0] == this_year.reindex(
        REGIONS["w13"]["nis"]).min()                                             # 1 = lowest rate
    assert not [c for c in table(app).columns if "80 %" in c]                   # no target, no people gap
    trend = next(el for el in app.get("plotly_chart") if "werkzaamheid_trend" in el.proto.id)
    spec = json.loads(trend.proto.spec)
    assert not spec["layout"].get("shapes")
    w13 = rates[rates["nis"].isin(REGIONS["w13"]["nis"])]
    nwwz = vdab(store, "nwwz")
    nwwz = nwwz[nwwz["nis"].isin(REGIONS["w13"]["nis"])].set_index(["nis", "year"])["value"]
    force = (nwwz / (w13.set_index(["nis", "year"])["value"] / 100)).groupby("year").sum()
    expected = 100 * nwwz.groupby("year").sum() / force
    average = next(t for t in spec["data"] if t["name"] == f"Gemiddelde {filters.REGION_LABELS['w13']}")
    assert dict(zip(array(average["x"]).astype(int), array(average["y"]))) == pytest.approx(expected.to_dict())
    # Back to the employment rate: the default leaves the link.
    app.session_state["indicator"] = "werkzaamheid"
    app.run()
    assert "indicator" not in app.query_params and map_trace(app, "werkzaamheidsgraad") is not None


def test_year_buttons_follow_the_jobseeker_years(app, store):
    years = sorted(vdab(store, "werkzoekendengraad")["year"].unique())
    app.query_params.update({"regio": "w13", "indicator": "werkzoekenden", "jaar": "2010"})
    app.run()
    app.switch_page(PAGE).run()
    assert any(f"eerste cijfer: {years[0]}" in m.value for m in app.markdown)
    assert app.button(key="werkzaamheid_vorig_jaar").disabled
    app.button(key="werkzaamheid_volgend_jaar").click().run()
    assert app.sidebar.selectbox(key="jaar").value == years[1]


def test_bad_indicator_in_link_gets_a_notice(app):
    app.query_params["indicator"] = "<script>"
    app.run()
    app.switch_page(PAGE).run()
    assert not app.exception
    assert any("Onbekende indicator '<script>'" in shown(w.value) for w in app.warning)
    assert map_trace(app, "werkzaamheidsgraad") is not None


def test_hidden_jobseeker_values_are_x_in_the_ranking_and_its_export(app, store, downloads):
    nwwz = vdab(store, "nwwz")
    year = int(nwwz["year"].max())
    flemish = set(store.execute("select nis from municipalities where reg_nis = ? and in_2019_boundaries",
                                [FLANDERS_NIS]).df()["nis"])
    hidden = nwwz[(nwwz["flag"] == "x") & (nwwz["year"] == year) & nwwz["nis"].isin(flemish)]["nis"].iat[0]
    name = store.execute("select name_nl from municipalities where nis = ?", [hidden]).fetchone()[0]
    app.query_params.update({"regio": "vlaanderen", "gemeente": [hidden], "indicator": "werkzoekenden"})
    app.run()
    app.switch_page(PAGE).run()
    assert not app.exception
    assert table(app)["NWWZ (jaargemiddelde)"].tolist() == [fmt.HIDDEN]
    tooltip = map_trace(app, JOBSEEKER_TRACE)["customdata"][0][2]
    assert f"NWWZ: {fmt.HIDDEN}" in tooltip
    csv, xlsx = exported(downloads, f"werkzoekendengraad_{name.replace(' ', '-')}_{year}")
    assert csv["NWWZ (jaargemiddelde)"].tolist() == xlsx["NWWZ (jaargemiddelde)"].tolist() == [fmt.HIDDEN]


# The page model ------------------------------------------------------------

def model_of(run, indicator: str, region: str, year: int, keyed=direct):
    """What the page gathers for a whole region of the 30 (the same municipalities on both maps)."""
    members = list(REGIONS[region]["nis"])
    home = Region(filters.REGION_LABELS[region], tuple(members), tuple(members))
    return werkzaamheid_model.collect(run, indicator, filters.REGION_LABELS[region], members, members, False,
                                      members, members, home, year, keyed=keyed)


def test_the_employment_facts_are_the_files_weighted_average_and_gap(run, reference):
    year = 2012
    model = model_of(run, werkzaamheid_model.EMPLOYMENT, "w13", year)
    w13 = reference[reference["nis"].isin(REGIONS["w13"]["nis"]) & (reference["jaar"] == year)]
    average = weighted_by_year(reference, REGIONS["w13"]["nis"])[year]
    below = w13[w13["werkzaamheidsgraad"] < TARGET]
    needed = ((TARGET - below["werkzaamheidsgraad"]) / 100 * np.rint(below["inwoners"] * SHARE)).sum()
    facts = {m.label: m for m in model.facts}
    assert facts["Onder 80 %"].value == f"{len(below)} van {w13['werkzaamheidsgraad'].notna().sum()}"
    assert facts["Gemiddelde"].value == fmt.percent(average)
    assert facts["Gemiddelde"].delta == f"{fmt.points(average - TARGET)} t.o.v. 80 %"
    assert facts["Extra werkenden nodig"].value == fmt.number(needed)
    assert model.modelled and "gemodelleerd" in model.map_source
    names = dict(run("municipalities")[["nis", "name_nl"]].to_numpy())
    ranked = model.ranking.table.set_index("Gemeente")["Werkzaamheidsgraad (%)"]
    assert ranked.to_dict() == pytest.approx(w13.set_index(w13["nis"].map(names))["werkzaamheidsgraad"].to_dict())


def test_a_year_after_the_employment_series_shows_its_last_year_and_says_so(run, reference):
    last = int(reference["jaar"].max())
    model = model_of(run, werkzaamheid_model.EMPLOYMENT, "w13", last + 3)
    assert (model.year, model.year_note) == (last, f"laatste cijfer: {last}")
    assert model.ranking.title == f"Rangschikking {last}"


def test_the_jobseeker_facts_are_recomputed_from_nwwz_and_the_rate(run, store):
    rates, nwwz = vdab(store, "werkzoekendengraad"), vdab(store, "nwwz")
    year = int(rates["year"].max())
    model = model_of(run, werkzaamheid_model.JOBSEEKERS, "w13", year)
    both = pd.concat([nwwz[nwwz["year"] == year].set_index("nis")["value"].rename("nwwz"),
                      rates[rates["year"] == year].set_index("nis")["value"].rename("rate")], axis=1)
    w13 = both[both.index.isin(REGIONS["w13"]["nis"])]
    known = w13.dropna()
    known = known[known["rate"] > 0]
    facts = {m.label: m.value for m in model.facts}
    label = filters.REGION_LABELS["w13"]
    assert facts[label] == fmt.percent(100 * known["nwwz"].sum() / (known["nwwz"] / (known["rate"] / 100)).sum())
    assert facts[f"NWWZ {label}"] == fmt.number(w13["nwwz"].sum())
    assert "Vlaanderen" in facts and not model.modelled
    shown = model.ranking.table
    assert shown["Rang"].iat[0] == 1 and shown["Werkzoekendengraad (%)"].iat[0] == w13["rate"].min()


@pytest.mark.parametrize("indicator", [werkzaamheid_model.EMPLOYMENT, werkzaamheid_model.JOBSEEKERS])
def test_a_year_change_builds_nothing_that_does_not_depend_on_the_year(run, indicator):
    """What the areas share over the years (their rows, averages, trend) is
    gathered once; another year runs no query for it again."""
    asked = []
    keyed, counted = memo(), counting(run, asked)

    years = model_of(run, indicator, "w13", 2100).years
    first = model_of(counted, indicator, "w13", years[-1], keyed)
    before = len(asked)
    again = model_of(counted, indicator, "w13", years[-2], keyed)
    assert set(asked[before:]) <= {"indicator_years"}
    assert again.trend is first.trend and again.year == years[-2]


def test_the_page_lays_out_its_model(app, run):
    """The page shows the facts and ranking `collect` gathers (the numbers are checked on the model)."""
    open_page(app, "w13", 2012)
    model = model_of(run, werkzaamheid_model.EMPLOYMENT, "w13", 2012)
    for m in model.facts:
        assert next(x for x in app.metric if x.label == m.label).value == m.value
    assert table(app).astype(str).to_numpy().tolist() == model.ranking.table.astype(str).to_numpy().tolist()
    assert model.map_source in [c.value for c in app.caption]
