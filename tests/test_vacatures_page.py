"""The Vacatures page through AppTest, and its analysis: VDAB's yearly
counts as the store holds them, the tension as VDAB defines it (NWWZ per
vacancy received, an area from its summed counts), the year and sector
choices, the published 7.073 beside (never in) VDAB's series, hidden
values as `x` in tables and exports. Every expected number is read from
the store (the `indicators` view) or from loaders/published.yml."""
from __future__ import annotations

import duckdb
import numpy as np
import pandas as pd
import pytest

from analysis.vacatures import area_years, sectors, shown_year
from loaders import portal, published
from loaders.meta import load_meta
from loaders.regions import FLANDERS_NIS, REGIONS
from page_models import vacatures as vacatures_model
from page_models.common import Region, direct
from tests.helpers import open_page
from tests.helpers.pages import array, assert_provenance, csv_number, exported, figures, map_values, metric, titled
from tests.helpers.models import counting, memo
from common import format as fmt
from ui import filters

VACATURES = "views/vacatures.py"
BOTH = REGIONS["westhoek"]["nis"] + REGIONS["w13"]["nis"]
PUBLISHED = published.VACANCIES_WESTHOEK
VDAB = "VDAB, via provincies.incijfers.be"
NAMES = {"ontvangen": "vacatures_ontvangen", "open": "vacatures_open", "nwwz": "nwwz"}
HEADERS = {"ontvangen": "Ontvangen vacatures", "open": "Openstaande vacatures", "nwwz": "Niet-werkende werkzoekenden",
           "spanning": "Spanningsindicator"}


class Facts:
    """VDAB's yearly figures as the store holds them, read once (the
    connection closed again: the app opens the store read-only first)."""

    def __init__(self, path):
        con = duckdb.connect(str(path), read_only=True)
        try:
            self.values = con.execute(
                "select nis, cast(period as integer) as year, indicator, target_group, value, flag from indicators "
                "where indicator in ('vacatures_ontvangen', 'vacatures_open', 'nwwz')").df()
            self.names = dict(con.execute("select nis, name_nl from municipalities").fetchall())
            # VDAB's series are on the 2025 map: the page shows Flanders' municipalities of 2025.
            self.flanders = [n for (n,) in con.execute("select nis from municipalities where reg_nis = ? and "
                                                       "on_map_2025", [FLANDERS_NIS]).fetchall()]
        finally:
            con.close()
        totals = self.values[self.values["target_group"] == "totaal"]
        self.years = sorted(totals.loc[totals["indicator"] == "vacatures_ontvangen", "year"].unique().tolist())

    def count(self, measure: str, codes: list[str], year: int) -> float:
        rows = self.values[(self.values["indicator"] == NAMES[measure]) & (self.values["target_group"] == "totaal")
                           & self.values["nis"].isin(codes) & (self.values["year"] == year)]
        return rows["value"].sum()

    def per_municipality(self, measure: str, codes: list[str], year: int) -> dict[str, float]:
        rows = self.values[(self.values["indicator"] == NAMES[measure]) & (self.values["target_group"] == "totaal")
                           & self.values["nis"].isin(codes) & (self.values["year"] == year)]
        return dict(zip(rows["nis"], rows["value"]))

    def tension(self, codes: list[str], year: int) -> float:
        return self.count("nwwz", codes, year) / self.count("ontvangen", codes, year)

    def sectors(self, measure: str, nis: str, year: int) -> dict[str, float]:
        rows = self.values[(self.values["indicator"] == NAMES[measure]) & (self.values["target_group"] != "totaal")
                           & (self.values["nis"] == nis) & (self.values["year"] == year) & self.values["value"].notna()]
        return dict(zip(rows["target_group"], rows["value"]))


@pytest.fixture(scope="module")
def facts(store_path) -> Facts:
    return Facts(store_path)


def chart_by_key(at, key: str):
    return next(el for el in at.get("plotly_chart") if el.proto.id.endswith(key))


def test_default_year_tension_per_region_and_the_year_it_shows(app, facts):
    at = open_page(app, VACATURES)
    chosen = at.selectbox(key="jaar").value
    year = shown_year(facts.years, chosen)
    for key in ("westhoek", "w13"):
        codes = REGIONS[key]["nis"]
        m = metric(at, f"{REGIONS[key]['label']}, {year}")
        assert m.value == fmt.number(facts.tension(codes, year), 2)
        assert m.proto.delta == (f"{fmt.number(facts.count('nwwz', codes, year))} werkzoekenden · "
                                 f"{fmt.number(facts.count('ontvangen', codes, year))} ontvangen vacatures")
    assert any(f"referentiejaar {year}" in c.value for c in at.caption if c.value.startswith("Bron:"))
    # The ranking's reference: both regions together, from the summed counts.
    line = next(sh for sh in titled(at, f"Spanningsindicator per gemeente, {year}").layout.shapes if sh.x0 == sh.x1)
    assert line.x0 == pytest.approx(facts.tension(BOTH, year))
    # Official: no modelled badge, note or source.
    assert not any("geen officiële cijfers" in m.value for m in at.markdown)
    assert not [e for e in at.expander if "Aannames" in e.label]
    assert all("officieel" in c.value for c in at.caption if c.value.startswith("Bron: VDAB"))


def test_series_per_region_from_the_store_and_left_alone_by_a_year_change(app, facts):
    at = open_page(app, VACATURES, regio="westhoek")
    for measure in ("ontvangen", "open"):
        fig = titled(at, f"{HEADERS[measure]}, {REGIONS['westhoek']['label']}")
        line = fig.data[0]
        assert list(array(line.x)) == facts.years
        assert list(array(line.y)) == [facts.count(measure, REGIONS["westhoek"]["nis"], y) for y in facts.years]
        assert line.line.dash in (None, "solid")
    before = {key: chart_by_key(at, key).proto.id for key in ("vacatures_reeks_ontvangen", "vacatures_spanning_reeks")}
    at.selectbox(key="jaar").set_value(facts.years[0]).run()
    assert {key: chart_by_key(at, key).proto.id for key in before} == before


@pytest.mark.parametrize("pick", ["in the series", "after the series", "before the series"])
def test_year_change_shows_the_nearest_earlier_year_or_the_latest_and_says_so(app, facts, pick):
    at = open_page(app, VACATURES)
    options = at.selectbox(key="jaar").options
    candidates = {"in the series": [y for y in facts.years[:-1]],
                  "after the series": [y for y in map(int, options) if y > facts.years[-1]],
                  "before the series": [y for y in map(int, options) if y < facts.years[0]]}[pick]
    if not candidates:
        pytest.skip(f"the year filter offers no year {pick}")
    chosen = candidates[0]
    year = facts.years[-1] if chosen < facts.years[0] else max(y for y in facts.years if y <= chosen)
    at.selectbox(key="jaar").set_value(chosen).run()
    assert not at.exception
    notices = [i.value for i in at.info if str(chosen) in i.value]
    assert bool(notices) == (year != chosen)
    if notices:
        assert f"getoond: {year}" in notices[0]
    expected = facts.per_municipality("ontvangen", BOTH, year)
    ranking = titled(at, f"Ontvangen vacatures, {year}").data[0]
    assert dict(zip(ranking.y, array(ranking.x))) == {facts.names[n]: v for n, v in expected.items()}
    assert map_values(at) == expected
    at.segmented_control(key="kaart").set_value("open").run()
    assert map_values(at) == facts.per_municipality("open", BOTH, year)


def test_sector_choice_for_a_municipality_largest_first(app, facts):
    year = facts.years[-1]
    nis = REGIONS["w13"]["nis"][4]
    at = open_page(app, VACATURES, regio="w13", jaar=str(year))
    at.selectbox(key="sectoren").set_value(nis).run()
    at.segmented_control(key="sector_maat").set_value("open").run()
    assert at.query_params["sectoren"] == nis
    chart = titled(at, f"Openstaande vacatures per sector, {facts.names[nis]}, {year}")
    bars = chart.data[0]
    # The value axis groups thousands as the bars' text does ("1.400" under a bar of 1.418, not "1400").
    assert chart.layout.separators == ",." and chart.layout.xaxis.tickformat.startswith(",")
    expected = facts.sectors("open", nis, year)
    labels = {code: label for label, code in load_meta(str(portal.SPEC_DIR / "vdab_vacatures.yml"))["sectors"].items()}
    assert expected, "the export has sector counts for this municipality"
    names = [name.replace("<br>", " ") for name in bars.y]   # long names drawn in lines
    assert dict(zip(names, array(bars.x))) == {labels[code]: v for code, v in expected.items()}
    assert list(array(bars.x)) == sorted(expected.values())   # drawn bottom-up: the largest on top


def test_sector_link_outside_the_selection_falls_back_with_notice(app):
    at = open_page(app, VACATURES, regio="westhoek", sectoren="34027")
    assert any("34027" in w.value and "sectoren" in w.value for w in at.warning)
    assert at.selectbox(key="sectoren").value == "westhoek"


def test_published_august_2021_figure_beside_vdabs_own_count(app, facts):
    at = open_page(app, VACATURES)
    region = REGIONS[PUBLISHED["region"]]
    pub_year = int(PUBLISHED["period"][:4])
    vdab_open = facts.count("open", region["nis"], pub_year)
    assert next(m for m in at.metric if m.value == fmt.number(PUBLISHED["value"])).label == "Gepubliceerd"
    assert any(c.value == PUBLISHED["label"] for c in at.caption)
    note = next(m.value for m in at.markdown if "andere telling" in m.value)
    assert f"**{fmt.number(vdab_open)}**" in note and str(pub_year) in note
    assert PUBLISHED["definition"].split(".")[0] in note
    assert any(PUBLISHED["quote"] in c.value for c in at.caption)
    # Never mixed: VDAB's series holds VDAB's count for that year, the published figure is in no chart.
    line = next(t for t in titled(at, "Openstaande vacatures").data if t.name == region["label"])
    assert dict(zip(array(line.x), array(line.y)))[pub_year] == vdab_open != PUBLISHED["value"]
    assert not any(PUBLISHED["value"] in array(t.y) for fig in figures(at) for t in fig.data
                   if t.type == "scatter")
    at.selectbox(key="regio").set_value("w13").run()
    assert at.metric and not any(m.value == fmt.number(PUBLISHED["value"]) for m in at.metric)


def test_exports_read_back(app, facts, downloads):
    at = open_page(app, VACATURES)
    year = shown_year(facts.years, at.selectbox(key="jaar").value)
    csv, xlsx = exported(downloads, f"vacatures_Westhoek-W13_{year}")
    assert sorted(csv["NIS-code"]) == sorted(xlsx["NIS-code"]) == sorted(BOTH)
    expected = {m: facts.per_municipality(m, BOTH, year) for m in ("ontvangen", "open", "nwwz")}
    for back, number in ((csv, csv_number), (xlsx, float)):
        rows = back.set_index("NIS-code")
        for nis in BOTH:
            for measure, values in expected.items():
                assert number(rows.at[nis, HEADERS[measure]]) == values[nis], (nis, measure)
            assert number(rows.at[nis, HEADERS["spanning"]]) == pytest.approx(   # as shown: two decimals
                expected["nwwz"][nis] / expected["ontvangen"][nis], abs=0.005)
    assert all(isinstance(v, int) for v in xlsx[HEADERS["ontvangen"]])
    assert_provenance(csv, xlsx, "official", VDAB)
    series_csv, series_xlsx = exported(downloads, f"vacatures_reeks_Westhoek-W13_{facts.years[0]}-{facts.years[-1]}")
    for key in ("westhoek", "w13"):
        rows = series_csv[series_csv["Gebied"] == REGIONS[key]["label"]].set_index("Jaar")
        for y in facts.years:
            assert csv_number(rows.at[str(y), HEADERS["ontvangen"]]) == facts.count("ontvangen", REGIONS[key]["nis"], y)
            assert csv_number(rows.at[str(y), HEADERS["spanning"]]) == pytest.approx(facts.tension(REGIONS[key]["nis"], y),
                                                                                     abs=0.005)   # as shown
    assert_provenance(series_csv, series_xlsx, "official", VDAB)


def test_hidden_values_show_as_x_in_the_table_and_the_exports(app, facts, downloads):
    hidden = facts.values[(facts.values["flag"] == fmt.HIDDEN) & (facts.values["indicator"] == "nwwz")]
    assert not hidden.empty, "the jobseekers' export hides some NWWZ counts"
    nis, year = hidden["nis"].iat[0], int(hidden["year"].iat[0])
    at = open_page(app, VACATURES, regio="vlaanderen", jaar=str(year))
    assert shown_year(facts.years, year) == year
    table = next(df.value for df in at.dataframe if "Spanningsindicator" in df.value.columns).set_index("NIS-code")
    assert table.at[nis, HEADERS["nwwz"]] == table.at[nis, HEADERS["spanning"]] == fmt.HIDDEN
    assert any(fmt.HIDDEN_NOTE in c.value for c in at.caption)
    csv, xlsx = exported(downloads, f"vacatures_Vlaanderen_{year}")
    for back in (csv, xlsx):
        row = back.set_index("NIS-code").loc[nis]
        assert row[HEADERS["nwwz"]] == row[HEADERS["spanning"]] == fmt.HIDDEN
        assert row["Opmerking"] == fmt.HIDDEN_NOTE
    rows = xlsx.set_index("NIS-code")[HEADERS["nwwz"]]
    for code, value in facts.per_municipality("nwwz", rows.index.tolist(), year).items():
        if not np.isnan(value):
            assert rows[code] == value and not isinstance(rows[code], str), code


def test_rankings_at_flanders_scale_show_the_largest_forty(app, facts):
    from ui.components import RANKING_LIMIT

    at = open_page(app, VACATURES, regio="vlaanderen")
    year = shown_year(facts.years, at.selectbox(key="jaar").value)
    received = pd.Series(facts.per_municipality("ontvangen", facts.flanders, year))
    tension = pd.Series(facts.per_municipality("nwwz", facts.flanders, year)) / received.where(received > 0)
    assert len(received) > RANKING_LIMIT
    for title, values in [(f"Ontvangen vacatures, {year}", received), (f"Spanningsindicator per gemeente, {year}", tension)]:
        bars = titled(at, title).data[0]
        largest = values.dropna().nlargest(RANKING_LIMIT)
        assert dict(zip(bars.y, array(bars.x))) == pytest.approx({facts.names[n]: v for n, v in largest.items()})


# The page model: its numbers against the store.

def model_of(run, region: str, year: int, selected: tuple[str, ...] = (), keyed=direct):
    """What the page gathers for a region of the 30 (the same municipalities
    on both maps), against the chosen municipalities' own region."""
    members = list(BOTH if region == "beide" else REGIONS[region]["nis"])
    label = filters.REGION_LABELS[region]
    home = Region(REGIONS["w13"]["label"], tuple(REGIONS["w13"]["nis"]), tuple(REGIONS["w13"]["nis"])) \
        if selected else Region(label, tuple(members), tuple(members))
    area = ", ".join(run("municipalities").set_index("nis").loc[list(selected), "name_nl"]) if selected else label
    return vacatures_model.collect(run, region, label, members, area, list(selected or members), list(selected),
                                   home, year, keyed=keyed)


def test_the_tension_per_region_and_of_the_shown_municipalities_from_the_store(run, facts):
    year = facts.years[-1]
    model = model_of(run, "beide", year + 5)
    assert model.year == year and f"getoond: {year}" in model.notice
    cards = {m.label: m for m in model.tension}
    for key in ("westhoek", "w13"):
        codes = REGIONS[key]["nis"]
        card = cards[f"{REGIONS[key]['label']}, {year}"]
        assert card.value == fmt.number(facts.tension(codes, year), 2)
        assert card.delta == (f"{fmt.number(facts.count('nwwz', codes, year))} werkzoekenden · "
                              f"{fmt.number(facts.count('ontvangen', codes, year))} ontvangen vacatures")
    assert list(model.references.values()) == [pytest.approx(facts.tension(BOTH, year))]
    for measure in ("ontvangen", "open"):
        assert model.on_map(measure).set_index("nis")["value"].to_dict() == facts.per_municipality(
            measure, BOTH, year)


def test_a_selection_is_compared_with_its_own_region(run, facts):
    year, menen = facts.years[-1], "34027"
    model = model_of(run, "beide", year, (menen,))
    assert [label for label, _ in model.compared.values()] == [REGIONS["w13"]["label"], facts.names[menen]]
    assert model.place == menen and model.codes("regio") == REGIONS["w13"]["nis"]
    series = model.series.set_index(["area", "year"])
    assert series.at[(facts.names[menen], year), "ontvangen"] == facts.count("ontvangen", [menen], year)
    s = vacatures_model.by_sector(run, model.rows, BOTH, [menen], facts.names[menen], "open", year)
    assert dict(zip(s.shown["sector"], s.shown["value"])) == facts.sectors("open", menen, year)


def test_a_year_change_only_picks_rows(run, facts):
    """The areas' rows, sums, coverage and export are gathered once; another year runs no query."""
    asked = []
    keyed, counted = memo(), counting(run, asked)

    first = model_of(counted, "beide", facts.years[-1], keyed=keyed)
    before = len(asked)
    again = model_of(counted, "beide", facts.years[-2], keyed=keyed)
    assert asked[before:] == [] and again.series is first.series and again.year == facts.years[-2]


def test_the_page_lays_out_its_model(app, run, facts):
    """The page shows the cards and table `collect` gathers (the numbers are checked on the model)."""
    at = open_page(app, VACATURES, regio="w13")
    model = model_of(run, "w13", int(at.selectbox(key="jaar").value))
    for m in model.tension:
        assert metric(at, m.label).value == m.value
    shown = next(df.value for df in at.dataframe if "Spanningsindicator" in df.value.columns)
    assert shown.astype(str).to_numpy().tolist() == model.table.astype(str).to_numpy().tolist()
    assert model.tension_source in [c.value for c in at.caption]


# The analysis on small frames: what the page's numbers rest on.

def test_area_tension_is_the_ratio_of_the_sums_not_a_mean_of_ratios():
    rows = pd.DataFrame({"nis": ["a", "b"], "year": 2024, "ontvangen": [100.0, 10.0], "open": [5.0, 1.0],
                         "nwwz": [50.0, 40.0], "hidden": False})
    out = area_years(rows, {"A+B": ["a", "b"]}).iloc[0]
    assert out["spanning"] == pytest.approx(90 / 110)
    assert out["spanning"] != pytest.approx(np.mean([50 / 100, 40 / 10]))


def test_an_area_without_any_value_stays_unknown_not_zero():
    rows = pd.DataFrame({"nis": ["a"], "year": 2024, "ontvangen": [np.nan], "open": [np.nan], "nwwz": [np.nan],
                         "hidden": True})
    out = area_years(rows, {"A": ["a"]}).iloc[0]
    assert pd.isna(out["ontvangen"]) and pd.isna(out["spanning"]) and out["hidden"] == 1


def test_shown_year():
    years = [2014, 2015, 2016]
    assert [shown_year(years, y) for y in (2015, 2020, 2010)] == [2015, 2016, 2016]


def test_sectors_largest_first_unknown_absent_hidden_marked():
    rows = pd.DataFrame({"nis": ["a", "b", "a", "a"], "year": 2024, "sector": ["bouw", "bouw", "zorg", "ict"],
                         "value": [3.0, 4.0, 10.0, np.nan], "flag": [None, None, None, fmt.HIDDEN]})
    out = sectors(rows, ["a", "b"], 2024, {"bouw": "Bouw", "zorg": "Zorg"})
    assert out["sector"].tolist() == ["zorg", "bouw", "ict"]
    assert out["value"].tolist()[:2] == [10.0, 7.0] and pd.isna(out["value"].iat[2])
    assert [flag == fmt.HIDDEN for flag in out["flag"]] == [False, False, True]
    assert out["label"].tolist() == ["Zorg", "Bouw", "ict"]
