"""The Kansengroepen and Vacatures pages through AppTest: the figures shown
equal the store's, the modelled marking is there, and the page's own URL
parameters go in and out. Expectations are computed from the store and the
models' metadata files."""
from __future__ import annotations

import base64
import json

import duckdb
import numpy as np
import pandas as pd
import plotly.io as pio
import pytest

from loaders import doelgroepen, model_doelgroepen, model_vacatures
from loaders.indicator_frame import ALL_GROUPS
from loaders.model_common import source_name
from loaders.regions import REGIONS
from ui import format as fmt

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
    fig = next(fig for fig in figures(at) if fig.data and fig.data[0].type == "choroplethmap")
    layer = next(t for t in fig.data if t.colorscale and t.showscale is not False)
    return dict(zip(layer.locations, array(layer.z)))


def assert_marked_as_modelled(at, meta: dict) -> None:
    assert any("geen officiële cijfers" in m.value for m in at.markdown)
    assert any(source_name(meta) in c.value for c in at.caption)
    assert any(source_name(meta) in e.label for e in at.expander)
    for fig in figures(at):
        assert any("geen officiële cijfers" in a.text for a in fig.layout.annotations)


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
