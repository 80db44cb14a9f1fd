"""The Kansengroepen and Vacatures pages through AppTest: the figures shown
equal the store's, the modelled marking is there, and the page's own URL
parameters go in and out. Expectations are computed from the store and the
models' metadata files."""
from __future__ import annotations

import base64
import io
import json
import shutil
from collections.abc import Callable

import duckdb
import numpy as np
import openpyxl
import pandas as pd
import plotly.io as pio
import pytest
from streamlit.runtime.media_file_manager import MediaFileManager

from analysis.suppression import HIDDEN_TEXT, MIN_COUNT, PRIMARY
from loaders import doelgroepen, model_doelgroepen, model_trajecten, model_vacatures
from loaders.indicator_frame import ALL_GROUPS
from loaders.model_common import source_name
from loaders.regions import REGIONS
from ui import filters, format as fmt

KANSENGROEPEN, VACATURES = "views/kansengroepen.py", "views/vacatures.py"
GROUP_INDICATOR = model_doelgroepen.INDICATOR
TOTAL_LABEL = model_doelgroepen.META["indicators"][GROUP_INDICATOR]["total_label"]
ANCHOR = model_vacatures.ANCHOR
BOTH = REGIONS["westhoek"]["nis"] + REGIONS["w13"]["nis"]


class Facts:
    """What the store holds for these pages, read once and the connection
    closed again: the app checks the store read-only on its first start,
    which DuckDB refuses while this process holds a read-write connection."""

    def __init__(self, path):
        con = duckdb.connect(str(path))
        try:
            self.groups = con.execute(
                "select g.nis, g.period, g.target_group, g.value, p.value as population from indicators g "
                "join indicators p on p.nis = g.nis and p.period = g.period and p.indicator = 'bevolking' "
                "and p.target_group = 'totaal' where g.indicator = ?", [GROUP_INDICATOR]).df()
            self.monthly = con.execute("select nis, period, indicator, value from indicators "
                                       "where indicator in ('vacatures', 'werkzoekenden')").df()
            self.names = dict(con.execute("select nis, name_nl from municipalities").fetchall())
            self.started = con.execute("select nis, target_group, count(*) as started from trajectories "
                                       "where target_group is not null group by all").df()
            self.rate_year = int(con.execute("select max(period) from indicators "
                                             "where indicator = 'werkzaamheidsgraad'").fetchone()[0])
        finally:
            con.close()
        self.group_year = int(self.groups["period"].max())
        self.latest_month = self.monthly["period"].max()

    def group_totals(self, codes: list[str], year: int) -> pd.DataFrame:
        """Per group: summed size and per 1,000 inhabitants."""
        rows = self.groups[self.groups["nis"].isin(codes) & (self.groups["period"] == str(year))]
        totals = rows.groupby("target_group")[["value", "population"]].sum()
        return totals.assign(per_1000=1000 * totals["value"] / totals["population"])

    def month_totals(self, codes: list[str], period: str) -> dict[str, float]:
        rows = self.monthly[self.monthly["nis"].isin(codes) & (self.monthly["period"] == period)]
        return rows.groupby("indicator")["value"].sum().to_dict()


@pytest.fixture(scope="module")
def facts(store_path) -> Facts:
    return Facts(store_path)


def metric(at, label: str):
    return next(m for m in at.metric if m.label == label)


def array(value) -> np.ndarray:
    """A trace's data: plotly sends numbers as base64 typed arrays."""
    if isinstance(value, dict) and "bdata" in value:
        return np.frombuffer(base64.b64decode(value["bdata"]), dtype=value["dtype"])
    return np.asarray(value)


def figures(at) -> list:
    return [pio.from_json(el.proto.spec) for el in at.get("plotly_chart")]


def titled(at, start: str):
    """The chart whose title starts with `start`."""
    return next(fig for fig in figures(at) if (fig.layout.title.text or "").startswith(start))


def map_values(at) -> dict[str, float]:
    """NIS code -> colour value of the map's value layer."""
    fig = next(fig for fig in figures(at) if fig.data and fig.data[0].type == "choropleth")
    layer = next(t for t in fig.data if t.colorscale and t.showscale is not False)
    return dict(zip(layer.locations, array(layer.z)))


def assert_marked_as_modelled(at, meta: dict) -> None:
    assert any("geen officiële cijfers" in m.value for m in at.markdown)
    assert any(source_name(meta) in c.value for c in at.caption)
    assert any(source_name(meta) in e.label for e in at.expander)
    for fig in figures(at):
        assert any("geen officiële cijfers" in a.text for a in fig.layout.annotations)


@pytest.fixture()
def downloads(monkeypatch) -> dict[str, Callable[[], bytes]]:
    """File name -> the function that makes the file, for every download
    button a page draws. The files are made on click (deferred) and AppTest
    drops its runtime after a run, so the functions are caught as the page
    registers them; calling one gives the bytes a click would download."""
    made = {}
    register = MediaFileManager.add_deferred

    def record(self, data_callable, mimetype, coordinates, file_name=None, **kwargs):
        made[file_name] = data_callable
        return register(self, data_callable, mimetype, coordinates, file_name=file_name, **kwargs)

    monkeypatch.setattr(MediaFileManager, "add_deferred", record)
    return made


def read_csv(raw: bytes) -> pd.DataFrame:
    """A downloaded CSV as Excel in a Belgian locale reads it; every cell text."""
    assert raw.startswith("\ufeff".encode())
    return pd.read_csv(io.BytesIO(raw), sep=";", encoding="utf-8-sig", dtype=str, keep_default_na=False)


def csv_number(text: str) -> float:
    return float(text.replace(",", "."))


def read_xlsx(raw: bytes) -> pd.DataFrame:
    """The data sheet of a downloaded XLSX, cells as openpyxl reads them
    (numbers as int/float, text as str)."""
    rows = list(openpyxl.load_workbook(io.BytesIO(raw))["gegevens"].values)
    return pd.DataFrame(rows[1:], columns=rows[0], dtype=object)


def exported(made: dict, basename: str) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The CSV and XLSX of one table, read back."""
    return read_csv(made[f"{basename}.csv"]()), read_xlsx(made[f"{basename}.xlsx"]())


def assert_provenance(csv: pd.DataFrame, xlsx: pd.DataFrame, quality: str, source: str) -> None:
    """Every row says its quality and source, in both files."""
    for table in (csv, xlsx):
        assert (table["Kwaliteit"] == fmt.quality(quality)).all()
        assert table["Bron"].str.contains(source, regex=False).all()


def open_page(app, page: str, **params):
    for key, value in params.items():
        app.query_params[key] = value
    app.run()
    app.switch_page(page).run()
    assert not app.exception, app.exception
    return app


def test_kansengroepen_default_shows_every_group_of_both_regions(app, facts):
    at = open_page(app, KANSENGROEPEN)
    expected = facts.group_totals(BOTH, facts.rate_year)
    for code in [ALL_GROUPS, *doelgroepen.GROUPS]:
        m = metric(at, TOTAL_LABEL if code == ALL_GROUPS else doelgroepen.LABELS[code])
        assert m.value == fmt.number(expected.at[code, "value"]), code
        assert m.proto.delta == f"{fmt.number(expected.at[code, 'per_1000'], 1)} per 1.000 inwoners", code
    assert_marked_as_modelled(at, model_doelgroepen.META)
    expander = at.expander[0]
    shown = " ".join(str(t.value) for t in expander.get("markdown")) + json.dumps(
        [t.value.to_dict() for t in expander.table], ensure_ascii=False, default=str)
    for assumption in model_doelgroepen.META["assumptions"].values():
        assert assumption["label"] in shown


def test_kansengroepen_one_group_ranking_and_composition_from_the_url(app, facts):
    group, year, municipality = "migratieachtergrond", 2010, REGIONS["w13"]["nis"][5]
    at = open_page(app, KANSENGROEPEN, regio="w13", doelgroep=group, jaar=str(year), samenstelling=municipality)
    expected = facts.group_totals(REGIONS["w13"]["nis"], year)
    assert metric(at, doelgroepen.LABELS[group]).value == fmt.number(expected.at[group, "value"])
    assert [m.label for m in at.metric] == [TOTAL_LABEL, doelgroepen.LABELS[group]]
    ranking = titled(at, f"{doelgroepen.LABELS[group]}, per 1.000 inwoners").data[0]
    per_1000 = {c: facts.group_totals([c], year).at[group, "per_1000"] for c in REGIONS["w13"]["nis"]}
    assert dict(zip(ranking.y, array(ranking.x))) == pytest.approx({facts.names[c]: v for c, v in per_1000.items()})
    assert map_values(at) == pytest.approx(per_1000)
    chart = json.loads(next(el for el in at.get("plotly_chart") if "kansengroepen_ranking" in el.proto.id).proto.spec)
    reference = next(a for a in chart["layout"]["annotations"] if a["text"].startswith("gemiddelde"))
    assert reference["text"] == f"gemiddelde {filters.REGION_LABELS['w13']}"
    line = next(sh for sh in chart["layout"]["shapes"] if sh.get("x0") == sh.get("x1"))
    assert line["x0"] == pytest.approx(expected.at[group, "per_1000"])
    assert at.selectbox(key="samenstelling").value == municipality
    assert at.query_params["samenstelling"] == municipality


def test_kansengroepen_bad_composition_link_falls_back_with_notice(app):
    at = open_page(app, KANSENGROEPEN, regio="westhoek", samenstelling="34027")
    assert any("samenstelling" in w.value and "34027" in w.value for w in at.warning)
    assert at.selectbox(key="samenstelling").value in REGIONS["westhoek"]["nis"]


def test_kansengroepen_reach_of_the_programmes(app, facts):
    at = open_page(app, KANSENGROEPEN, regio="w13")
    started = facts.started[facts.started["nis"].isin(REGIONS["w13"]["nis"])]
    assert not started.empty, "the trajectory model writes groups for W13"
    table = next(df.value for df in at.dataframe if "Gestarte trajecten" in df.value.columns)
    for nis, group, count in started.itertuples(index=False):
        row = table[(table["Gemeente"] == facts.names[nis]) & (table["Doelgroep"] == doelgroepen.LABELS[group])].iloc[0]
        size = facts.group_totals([nis], facts.group_year).at[group, "value"]
        assert row["Gestarte trajecten"] == fmt.number(count)
        assert row["Bereik (%)"] == fmt.number(100 * count / size, 1)


def test_vacatures_default_latest_month_tension_per_region(app, facts):
    at = open_page(app, VACATURES)
    latest = facts.latest_month
    assert at.selectbox(key="maand").value == latest
    for key in ("westhoek", "w13"):
        totals = facts.month_totals(REGIONS[key]["nis"], latest)
        m = metric(at, f"{REGIONS[key]['label']}, {fmt.month(latest)}")
        assert m.value == fmt.number(totals["vacatures"] / totals["werkzoekenden"], 2)
        assert m.proto.delta == (f"{fmt.number(totals['vacatures'])} vacatures · "
                                 f"{fmt.number(totals['werkzoekenden'])} werkzoekenden")
    assert_marked_as_modelled(at, model_vacatures.META)
    assert "maand" not in at.query_params


def test_vacatures_published_august_2021_figure_is_marked_and_met(app, facts):
    at = open_page(app, VACATURES, regio=ANCHOR["region"], maand=ANCHOR["period"])
    series = titled(at, "Open vacatures per maand")
    label = REGIONS[ANCHOR["region"]]["label"]
    line = next(t for t in series.data if t.name == label)
    assert line.line.dash == "dash"
    at_anchor = dict(zip(pd.to_datetime(line.x).strftime("%Y-%m"), array(line.y)))[ANCHOR["period"]]
    assert at_anchor == ANCHOR["value"] == facts.month_totals(REGIONS[ANCHOR["region"]]["nis"], ANCHOR["period"])["vacatures"]
    star = next(t for t in series.data if t.marker.symbol == "star")
    assert list(array(star.y)) == [ANCHOR["value"]]
    assert fmt.number(ANCHOR["value"]) in star.name
    assert metric(at, f"{label}, {fmt.month(ANCHOR['period'])}").proto.delta.startswith(fmt.number(ANCHOR["value"]))


def test_vacatures_month_choice_goes_to_the_url_and_bad_links_fall_back(app, facts):
    at = open_page(app, VACATURES, maand="1999-13")
    assert any("1999-13" in w.value for w in at.warning)
    assert at.selectbox(key="maand").value == facts.latest_month
    at.selectbox(key="maand").set_value(ANCHOR["period"]).run()
    assert at.query_params["maand"] == ANCHOR["period"]
    ranking = titled(at, f"Open vacatures, {fmt.month(ANCHOR['period'])}").data[0]
    rows = facts.monthly[(facts.monthly["indicator"] == "vacatures") & (facts.monthly["period"] == ANCHOR["period"])
                         & facts.monthly["nis"].isin(BOTH)]
    expected = dict(zip(rows["nis"], rows["value"]))
    assert dict(zip(ranking.y, array(ranking.x))) == {facts.names[n]: v for n, v in expected.items()}
    assert map_values(at) == expected
    at.segmented_control(key="kaart").set_value("spanning").run()
    jobseekers = facts.monthly[(facts.monthly["indicator"] == "werkzoekenden") & (facts.monthly["period"] == ANCHOR["period"])]
    tension = {n: expected[n] / j for n, j in zip(jobseekers["nis"], jobseekers["value"]) if n in expected}
    assert map_values(at) == pytest.approx(tension)


def test_vacatures_per_municipality_series_stay_on_the_latest_months_largest(app, facts):
    """Without a choice the series per municipality are the five with most
    vacancies in the latest month, whichever month the map and rankings show."""
    vacancies = facts.monthly[(facts.monthly["indicator"] == "vacatures") & facts.monthly["nis"].isin(BOTH)]
    latest = vacancies[vacancies["period"] == facts.latest_month].nlargest(5, "value")
    expected = {facts.names[n] for n in latest["nis"]}
    at = open_page(app, VACATURES)
    for month in (facts.latest_month, ANCHOR["period"]):
        at.selectbox(key="maand").set_value(month).run()
        fig = titled(at, f"Open vacatures per maand, de 5 gemeenten met de meeste vacatures in "
                         f"{fmt.month(facts.latest_month)}")
        assert {trace.name for trace in fig.data} == expected
        anchor = fig.data[0]
        own = vacancies[vacancies["nis"] == next(n for n in latest["nis"] if facts.names[n] == anchor.name)]
        assert dict(zip(pd.to_datetime(anchor.x).strftime("%Y-%m"), array(anchor.y))) == \
            dict(zip(own["period"], own["value"]))


def test_vacatures_rankings_at_flanders_scale_show_the_largest_forty(app, facts):
    from ui.components import RANKING_LIMIT

    at = open_page(app, VACATURES, regio="vlaanderen")
    month = facts.monthly[facts.monthly["period"] == facts.latest_month].pivot(
        index="nis", columns="indicator", values="value")
    month["spanning"] = month["vacatures"] / month["werkzoekenden"]
    assert len(month) > RANKING_LIMIT
    for title, column in [("Open vacatures, ", "vacatures"), ("Vacatures per werkzoekende, ", "spanning")]:
        bars = titled(at, title).data[0]
        largest = month.nlargest(RANKING_LIMIT, column)
        assert dict(zip(bars.y, array(bars.x))) == pytest.approx(
            {facts.names[n]: v for n, v in largest[column].items()})
    assert any(c.value.startswith(f"De {RANKING_LIMIT} gemeenten met de meeste open vacatures") for c in at.caption)


def test_kansengroepen_matrix_of_every_group_reads_back(app, facts, downloads):
    at = open_page(app, KANSENGROEPEN, regio="w13")
    year = facts.rate_year
    csv, xlsx = exported(downloads, f"kansengroepen_matrix_W13_{year}")
    assert sorted(csv["Gemeente"]) == sorted(xlsx["Gemeente"]) == sorted(facts.names[c] for c in REGIONS["w13"]["nis"])
    for nis in REGIONS["w13"]["nis"]:
        expected = facts.group_totals([nis], year)
        row = csv["Gemeente"] == facts.names[nis]
        for code in doelgroepen.GROUPS:
            assert csv_number(csv.loc[row, doelgroepen.LABELS[code]].iat[0]) == pytest.approx(
                expected.at[code, "per_1000"]), (nis, code)
    assert_provenance(csv, xlsx, "modelled", source_name(model_doelgroepen.META))
    assert not at.exception


def test_kansengroepen_region_table_exports_read_back(app, facts, downloads):
    at = open_page(app, KANSENGROEPEN, regio="w13")
    year = facts.rate_year
    csv, xlsx = exported(downloads, f"kansengroepen_W13_{year}")
    assert csv["Gebied"].tolist() == xlsx["Gebied"].tolist() == [r["label"] for r in REGIONS.values()] + ["Vlaanderen"]
    for key, region in REGIONS.items():
        expected = facts.group_totals(region["nis"], year)
        for code in [ALL_GROUPS, *doelgroepen.GROUPS]:
            column = f"{TOTAL_LABEL if code == ALL_GROUPS else doelgroepen.LABELS[code]} (aantal)"
            row = csv["Gebied"] == region["label"]
            assert csv_number(csv.loc[row, column].iat[0]) == expected.at[code, "value"], (key, code)
            cell = xlsx.loc[xlsx["Gebied"] == region["label"], column].iat[0]
            assert isinstance(cell, (int, float)) and cell == expected.at[code, "value"], (key, code)
    assert_provenance(csv, xlsx, "modelled", source_name(model_doelgroepen.META))
    assert not at.exception


def proeftuin_small(facts) -> tuple[str, str]:
    """A Westhoek municipality and group with 1-4 started trajectories."""
    small = facts.started[facts.started["nis"].isin(REGIONS["westhoek"]["nis"])
                          & (facts.started["started"] < MIN_COUNT)]
    assert not small.empty, "the proeftuin's 13 are spread over Westhoek municipalities"
    return small["nis"].iat[0], small["target_group"].iat[0]


def test_kansengroepen_reach_offers_the_region_total_and_hides_small_counts(app, facts, downloads):
    from ui.filters import REGION_LABELS

    nis, group = proeftuin_small(facts)
    at = open_page(app, KANSENGROEPEN, regio="westhoek", gemeente=nis)
    region = facts.started[facts.started["nis"].isin(REGIONS["westhoek"]["nis"])
                           & (facts.started["target_group"] == group)]
    started = int(region["started"].sum())
    size = sum(facts.group_totals([n], facts.group_year).at[group, "value"] for n in region["nis"])
    total = f"Totaal {REGION_LABELS['westhoek']}"
    table = next(df.value for df in at.dataframe if "Gestarte trajecten" in df.value.columns).set_index("Gemeente")
    assert table.at[facts.names[nis], "Gestarte trajecten"] == HIDDEN_TEXT[PRIMARY]
    assert table.at[facts.names[nis], "Bereik (%)"] == "–"
    assert table.at[total, "Gestarte trajecten"] == fmt.number(started)
    assert table.at[total, f"Omvang doelgroep {facts.group_year}"] == fmt.number(size)
    assert table.at[total, "Bereik (%)"] == fmt.number(100 * started / size, 1)
    csv, xlsx = exported(downloads, f"kansengroepen_bereik_{facts.names[nis].replace(' ', '-')}_{facts.group_year}")
    for back, number in ((csv, csv_number), (xlsx, float)):
        rows = back.set_index("Gemeente")
        assert rows.at[facts.names[nis], "Gestarte trajecten"] == HIDDEN_TEXT[PRIMARY]
        assert rows.at[facts.names[nis], "NIS-code"] == nis
        assert number(rows.at[total, "Gestarte trajecten"]) == started
        assert number(rows.at[total, "Bereik (%)"]) == pytest.approx(100 * started / size)
    assert isinstance(xlsx.set_index("Gemeente").at[total, "Gestarte trajecten"], int)
    assert_provenance(csv, xlsx, "modelled", source_name(model_trajecten.META))


def test_vacatures_exports_read_back(app, facts, downloads):
    open_page(app, VACATURES)
    latest = facts.latest_month
    csv, xlsx = exported(downloads, f"vacatures_Westhoek-W13_{latest}")
    month = facts.monthly[facts.monthly["period"] == latest]
    expected = {ind: dict(zip(part["nis"], part["value"])) for ind, part in month.groupby("indicator")}
    assert sorted(csv["NIS-code"]) == sorted(xlsx["NIS-code"]) == sorted(BOTH)
    for back, number in ((csv, csv_number), (xlsx, float)):
        rows = back.set_index("NIS-code")
        for nis in BOTH:
            assert number(rows.at[nis, "Open vacatures"]) == expected["vacatures"][nis]
            assert number(rows.at[nis, "Werkzoekenden"]) == expected["werkzoekenden"][nis]
            assert number(rows.at[nis, "Vacatures per werkzoekende"]) == pytest.approx(
                expected["vacatures"][nis] / expected["werkzoekenden"][nis])
    assert all(isinstance(v, (int, float)) for v in xlsx["Open vacatures"])
    assert_provenance(csv, xlsx, "modelled", source_name(model_vacatures.META))


def test_vacatures_marks_follow_the_data_after_an_official_import(app, store_path, tmp_path, monkeypatch, downloads):
    """Official figures for every vacancy and jobseeker value replace the
    model: the badge, the chart notes, the model's source and assumptions go."""
    from charts.theme import MODELLED_NOTE
    from ui import data

    path = tmp_path / "official.duckdb"
    shutil.copy(store_path, path)
    con = duckdb.connect(str(path))
    con.execute("insert into imported_values select nis, period, indicator, target_group, value, unit, 'official', "
                "'VDAB (test)', 1 from indicator_values where indicator in ('vacatures', 'werkzoekenden')")
    con.execute("insert or replace into build_info values ('import_version', 'officieel')")
    con.close()
    monkeypatch.setenv("REGIOMONITOR_DB", str(path))
    data.connection.clear()
    try:
        at = open_page(app, VACATURES)
        assert not any("geen officiële cijfers" in m.value for m in at.markdown)
        assert not any(a.text == MODELLED_NOTE for fig in figures(at) for a in fig.layout.annotations)
        assert not any(source_name(model_vacatures.META) in c.value for c in at.caption)
        assert any("officieel" in c.value for c in at.caption if c.value.startswith("Bron:"))
        assert not [e for e in at.expander if "Aannames" in e.label]
        csv, _ = exported(downloads, f"vacatures_Westhoek-W13_{Facts(path).latest_month}")
        assert (csv["Kwaliteit"] == fmt.quality("official")).all()
    finally:
        data.connection.clear()


def test_reach_total_is_the_selections_unless_a_count_is_hidden():
    from analysis.kansengroepen import reach

    started = {"a": 3 * MIN_COUNT, "b": 2 * MIN_COUNT, "c": MIN_COUNT - 1, "d": MIN_COUNT + 1}
    rows = pd.DataFrame({"programme_label": "P", "target_group": "g", "nis": list(started), "name_nl": list(started),
                         "started": list(started.values()), "group_size": [100.0] * len(started)})
    region = reach(rows, [], "Regio").set_index("name_nl")
    assert region.at["Totaal Regio", "started"] == sum(started.values())
    assert region.at["c", "mark"] == PRIMARY and pd.isna(region.at["c", "reach_pct"])
    chosen = reach(rows, ["a", "b"], "Regio").set_index("name_nl")
    assert chosen.index.tolist() == ["a", "b", "Totaal selectie"]
    assert chosen.at["Totaal selectie", "started"] == started["a"] + started["b"]
    hidden = reach(rows, ["a", "c"], "Regio").set_index("name_nl")
    assert hidden.index.tolist() == ["a", "c", "Totaal Regio"]
    assert hidden.at["Totaal Regio", "started"] == sum(started.values())
    # Marks come from the whole region: a municipality shows the same whatever else is chosen.
    for n in started:
        assert reach(rows, [n], "Regio").set_index("name_nl").at[n, "mark"] == region.at[n, "mark"]
