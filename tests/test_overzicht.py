"""Overzicht opens on now: the shared year defaults to the latest year of the
official jobseeker rate, old links with an earlier year keep working, the
headline figures are VDAB's latest (area rates recomputed from NWWZ and the
rate per municipality, never averaged) beside the employment rate with the
year it stops in. Expected values come from the store or the VDAB workbook."""
from __future__ import annotations

import json
import warnings

import openpyxl
import pandas as pd
import pytest

from analysis import arbeidsmarkt as am
from analysis.years import reference_year, spans
from loaders.config import data_dir
from loaders.regions import FLANDERS_NIS, REGIONS
from page_models import overzicht
from tests.helpers.pages import array, csv_number, exported, metric
from common import format as fmt
from ui.filters import REGION_LABELS, REGION_SLUGS

MENEN = "34027"
BOTH = REGIONS["westhoek"]["nis"] + REGIONS["w13"]["nis"]
WORKBOOK = data_dir() / "vdab" / "unemployment_jobseekers_data.xlsx"


class Store:
    """What the store holds for the page, read once (the connection closed
    again before the app opens the store)."""

    def __init__(self, con):
        self.years = [y for (y,) in con.execute(
            "select distinct cast(left(period, 4) as integer) from indicators order by 1").fetchall()]
        self.vdab = con.execute("""
            select nis, cast(period as integer) as year, indicator, value, flag from indicators
            where indicator in ('werkzoekendengraad', 'nwwz', 'vacatures_ontvangen', 'nieuwkomers')
              and target_group = 'totaal'""").df()
        self.flanders = sorted(set(self.vdab.loc[(self.vdab["indicator"] == "werkzoekendengraad")
                                                 & ~self.vdab["nis"].str.startswith("21"), "nis"]))
        self.flemish_2019 = [n for (n,) in con.execute(
            "select nis from municipalities where reg_nis = ? and in_2019_boundaries", [FLANDERS_NIS]).fetchall()]
        self.names = dict(con.execute("select nis, name_nl from municipalities").fetchall())
        self.latest = int(self.vdab.loc[self.vdab["indicator"] == "werkzoekendengraad", "year"].max())

    def values(self, indicator: str, year: int) -> pd.DataFrame:
        rows = self.vdab[(self.vdab["indicator"] == indicator) & (self.vdab["year"] == year)]
        return rows.set_index("nis")

    def area_rate(self, codes, year) -> tuple[float, int]:
        """sum NWWZ / sum (NWWZ / rate) over the municipalities with both, and how many."""
        both = pd.concat([self.values("nwwz", year)["value"].rename("nwwz"),
                          self.values("werkzoekendengraad", year)["value"].rename("rate")], axis=1)
        both = both[both.index.isin(codes)].dropna()
        both = both[both["rate"] > 0]
        return 100 * both["nwwz"].sum() / (both["nwwz"] / (both["rate"] / 100)).sum(), len(both)

    def total(self, indicator: str, codes, year) -> float:
        rows = self.values(indicator, year)
        return rows.loc[rows.index.isin(codes), "value"].sum()


@pytest.fixture(scope="module")
def facts(store_path) -> Store:
    import duckdb

    con = duckdb.connect(str(store_path), read_only=True)
    try:
        return Store(con)
    finally:
        con.close()


def workbook_value(block: str, municipality: str, year: int) -> float:
    """A value as the VDAB workbook publishes it (fractions as percentages):
    row 2 names each block above its last column, row 3 holds the years."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")   # the workbook has no default style
        rows = list(openpyxl.load_workbook(WORKBOOK).active.iter_rows(values_only=True))
    end = rows[1].index(block)
    column = next(c for c in range(end - 10, end + 1) if str(rows[2][c]) == str(year))
    value = next(r[column] for r in rows if r[0] == municipality)
    return value * 100 if block.endswith("[%]") else value


def test_default_year_is_the_latest_jobseeker_year_and_options_cover_every_year(app, facts):
    app.run()
    assert not app.exception
    box = app.sidebar.selectbox(key="jaar")
    assert box.value == facts.latest
    assert box.options == [str(y) for y in facts.years]
    assert "eigen referentiejaar" in box.help
    assert app.query_params == {}   # the default year is not written in the link


def test_one_municipality_is_named_and_shows_the_published_rate(app, facts):
    app.query_params.update({"regio": "w13", "gemeente": [MENEN]})
    app.run()
    assert not app.exception
    assert any(m.value.startswith("**Menen**") for m in app.markdown)
    assert not any("gekozen" in m.value for m in app.markdown)
    published = workbook_value("werkzoekendengraad (jaargemiddelde) [%]", "Menen", facts.latest)
    assert metric(app, "Menen").value == fmt.percent(published)
    assert "VDAB" in metric(app, "Menen").help
    nwwz = workbook_value("werkzoekenden zonder werk (jaargemiddelde) [aantal]", "Menen", facts.latest)
    assert metric(app, f"NWWZ {facts.latest}").value == fmt.number(nwwz)
    region, _ = facts.area_rate(REGIONS["w13"]["nis"], facts.latest)
    assert metric(app, REGION_LABELS["w13"]).value == fmt.percent(region)


def both_regions(run, year: int) -> overzicht.OverzichtModel:
    """What the page shows for the default selection (both regions, no municipality chosen)."""
    return overzicht.collect(run, REGION_LABELS["beide"], BOTH, BOTH, None, year)


def card(cards, label: str):
    return next(m for m in cards if m.label == label)


def test_area_rates_are_recomputed_from_counts_and_say_what_they_cover(run, facts):
    year = facts.latest
    model = both_regions(run, year)
    rate, covered = facts.area_rate(BOTH, year)
    shown = card(model.rates, REGION_LABELS["beide"])
    assert shown.value == fmt.percent(rate) and am.DERIVED in shown.help
    flanders, flemish = facts.area_rate(facts.flanders, year)
    assert flemish < len(facts.flanders)   # a municipality hid its NWWZ: said, not silently dropped
    assert card(model.rates, "Vlaanderen").value == fmt.percent(flanders)
    assert f"{flemish} van {len(facts.flanders)} gemeenten" in card(model.rates, "Vlaanderen").help
    assert model.source.startswith("Bron: VDAB")
    assert am.DERIVED in model.source and f"{flemish} van {len(facts.flanders)} gemeenten" in model.source
    # The other headline figures: summed counts, the tension from them.
    nwwz, vacancies = facts.total("nwwz", BOTH, year), facts.total("vacatures_ontvangen", BOTH, year)
    assert card(model.rates, f"NWWZ {year}").value == fmt.number(nwwz)
    assert card(model.counts, f"Ontvangen vacatures {year}").value == fmt.number(vacancies)
    assert card(model.counts, f"Spanningsindicator {year}").value == fmt.number(nwwz / vacancies, 2)
    assert card(model.counts, f"Nieuwkomers {year}").value == fmt.number(facts.total("nieuwkomers", BOTH, year))


def test_the_page_lays_out_its_model(app, run, facts):
    """The page shows the figures `collect` gathers (the numbers are checked on the model)."""
    app.run()
    model = both_regions(run, facts.latest)
    for m in model.rates + model.counts + [model.employment.rate, model.employment.extra]:
        assert metric(app, m.label).value == m.value
    assert model.source in [c.value for c in app.caption]


def test_the_employment_rate_says_its_last_year(run, store, facts):
    last = int(store.execute("select max(period) from indicators where indicator = 'werkzaamheidsgraad'").fetchone()[0])
    e = both_regions(run, facts.latest).employment
    assert e.rate.label == f"Werkzaamheidsgraad (laatste cijfer: {last})"
    assert e.rate.value.endswith(" %")
    assert "t.o.v. 80 %" in e.rate.delta


def test_an_old_link_with_an_earlier_year_keeps_working(app, facts):
    app.query_params["jaar"] = "2012"
    app.run()
    assert not app.exception and not app.warning
    assert app.sidebar.selectbox(key="jaar").value == 2012
    assert any(m.label == "Werkzaamheidsgraad 2012" for m in app.metric)
    first = int(facts.vdab["year"].min())
    assert any(h.value == f"Werkzoekendengraad (eerste cijfer: {first})" for h in app.subheader)
    assert app.query_params["jaar"] == "2012"


def test_a_hidden_value_shows_x_and_is_exported_as_x(app, facts, downloads):
    hidden = facts.vdab[(facts.vdab["indicator"] == "nwwz") & (facts.vdab["flag"] == "x")
                        & (facts.vdab["year"] == facts.latest) & facts.vdab["nis"].isin(facts.flemish_2019)]
    nis = hidden["nis"].iat[0]
    app.query_params.update({"regio": "vlaanderen", "gemeente": [nis]})
    app.run()
    assert not app.exception
    assert metric(app, f"NWWZ {facts.latest}").value == fmt.HIDDEN
    caption = next(c.value for c in app.caption if c.value.startswith("Bron: VDAB"))
    assert fmt.HIDDEN_NOTE in caption
    name = facts.names[nis]
    csv, xlsx = exported(downloads, f"overzicht_kerncijfers_{name.replace(' ', '-')}_{facts.latest}")
    for back in (csv, xlsx):
        row = back[(back["Gebied"] == name) & back["Kerncijfer"].str.startswith("Niet-werkende")]
        assert row["Waarde"].tolist() == [fmt.HIDDEN]


def test_headline_and_trend_exports(app, facts, downloads):
    app.run()
    year, label = facts.latest, REGION_LABELS["beide"]
    csv, xlsx = exported(downloads, f"overzicht_kerncijfers_{REGION_SLUGS['beide']}_{year}")
    rate, covered = facts.area_rate(BOTH, year)
    for back, number in ((csv, csv_number), (xlsx, float)):
        mine = back[back["Gebied"] == label].set_index("Kerncijfer")
        assert number(mine.at["Werkzoekendengraad (%)", "Waarde"]) == pytest.approx(rate, abs=0.05)   # as shown
        assert mine.at["Werkzoekendengraad (%)", "Kwaliteit"] == fmt.quality("derived")
        assert am.DERIVED in mine.at["Werkzoekendengraad (%)", "Toelichting"]
        assert number(mine.at["Ontvangen vacatures", "Waarde"]) == facts.total("vacatures_ontvangen", BOTH, year)
        assert mine.at["Ontvangen vacatures", "Kwaliteit"] == fmt.quality("official")
        assert int(number(mine.at["Werkzoekendengraad (%)", "Gemeenten met een waarde"])) == covered == len(BOTH)
        assert "Werkzaamheidsgraad (%)" in mine.index
    assert set(csv["Gebied"]) == {label, "Vlaanderen"}
    first = int(facts.vdab["year"].min())
    csv, xlsx = exported(downloads, f"werkzoekendengraad_trend_{REGION_SLUGS['beide']}_{first}-{year}")
    mine = xlsx[xlsx["Gebied"] == label].set_index("Jaar")["Werkzoekendengraad (%)"]
    assert mine.to_dict() == pytest.approx({y: facts.area_rate(BOTH, y)[0] for y in range(first, year + 1)}, abs=0.05)


def test_trend_chart_shows_the_recomputed_rates(app, facts):
    app.run()
    chart = next(el for el in app.get("plotly_chart") if "werkzoekendengraad_trend" in el.proto.id)
    lines = {t["name"]: dict(zip(array(t["x"]).astype(int), array(t["y"]))) for t in json.loads(chart.proto.spec)["data"]}
    assert set(lines) == {REGION_LABELS["beide"], "Vlaanderen"}
    for year, value in lines["Vlaanderen"].items():
        assert value == pytest.approx(facts.area_rate(facts.flanders, year)[0])
    spec = json.loads(chart.proto.spec)
    assert not spec["layout"].get("shapes")   # no 80 % line on the jobseeker rate


@pytest.mark.parametrize("years,chosen,expected", [
    ([2003, 2015], 2024, (2015, "laatste cijfer: 2015")),
    ([2014, 2024], 2012, (2014, "eerste cijfer: 2014")),
    ([2014, 2020, 2024], 2021, (2020, "laatste cijfer: 2020")),
    ([2014, 2024], 2024, (2024, "")),
    ([], 2024, (None, "")),
])
def test_reference_year(years, chosen, expected):
    assert reference_year(years, chosen) == expected


def test_spans():
    assert spans([2016, 2014, 2015, 2019, 2021, 2022]) == "2014-2016, 2019, 2021-2022"


def test_area_figures_never_average_rates_and_count_hidden():
    rows = pd.DataFrame({
        "nis": ["a", "b", "c"], "year": 2024, "werkzoekendengraad": [10.0, 2.0, 5.0],
        "werkzoekendengraad_hidden": False, "nwwz": [100.0, 100.0, None], "nwwz_hidden": [False, False, True],
        "vacatures_ontvangen": [50.0, 150.0, 10.0], "vacatures_ontvangen_hidden": False,
        "nieuwkomers": [1.0, 2.0, 3.0], "nieuwkomers_hidden": False})
    out = am.area_figures(rows, ["a", "b", "c"]).set_index("measure")
    # Labour force 1.000 and 5.000: 200 / 6.000, not the mean of 10 % and 2 %.
    assert out.at[am.RATE, "value"] == pytest.approx(100 * 200 / 6000)
    assert (out.at[am.RATE, "covered"], out.at[am.RATE, "hidden"], out.at[am.RATE, "quality"]) == (2, 1, "derived")
    assert out.at[am.TENSION, "value"] == pytest.approx(200 / 200)
    assert out.at[am.NEWCOMERS, "value"] == 6 and out.at[am.NEWCOMERS, "covered"] == 3
    assert am.coverage(out.loc[am.NWWZ]) == "2 van 3 gemeenten (1 verborgen)"
    one = am.area_figures(rows, ["c"]).set_index("measure")
    assert one.at[am.RATE, "value"] == 5.0 and one.at[am.RATE, "quality"] == "official"
    assert am.cell(one.loc[am.NWWZ]) == fmt.HIDDEN
