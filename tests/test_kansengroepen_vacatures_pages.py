"""The Kansengroepen page through AppTest: official first, model second.
The official series are shown in the chosen year (or the nearest, saying
so), the modelled groups in the model's years (saying where the model
stops), never added together; hidden values stay 'x'; the page's own URL
parameters go in and out. Expectations are computed from the reference
files, the store and the models' metadata files. (The Vacatures page:
tests/test_vacatures_page.py.)"""
from __future__ import annotations

import duckdb
import numpy as np
import pandas as pd
import plotly.io as pio
import pyarrow as pa
import pytest

from analysis.suppression import HIDDEN_TEXT, MIN_COUNT, PRIMARY
from charts.ranking import REFERENCE_MARK
from loaders import doelgroepen, model_doelgroepen, model_trajecten
from loaders.config import data_dir
from loaders.indicator_frame import ALL_GROUPS
from loaders.model_common import source_name
from loaders.model_doelgroepen import SERIES
from loaders.regions import REGIONS
from page_models import kansengroepen
from tests.helpers import open_page
from tests.helpers.pages import array, assert_provenance, csv_number, exported, map_values, metric, titled
from common import format as fmt
from ui import filters

KANSENGROEPEN = "views/kansengroepen.py"
BOTH = REGIONS["westhoek"]["nis"] + REGIONS["w13"]["nis"]
BY_CODE = {s.code: s for s in SERIES}
MODEL_SOURCE = source_name(model_doelgroepen.META)


class Facts:
    """What the store holds for this page, read once and the connection
    closed again: the app checks the store read-only on its first start,
    which DuckDB refuses while this process holds a read-write connection.
    `values`: every series of the page (loaders/model_doelgroepen.yml) per
    municipality and year, read from `indicators` by its indicator and
    target group, with that year's population."""

    def __init__(self, path):
        con = duckdb.connect(str(path), read_only=True)
        try:
            self.values = pd.concat([con.execute(
                "select i.nis, cast(i.period as integer) as year, i.value, i.quality, i.unit, "
                "coalesce(i.flag = 'x', false) as hidden, p.value as population from indicators i "
                "left join indicators p on p.nis = i.nis and p.period = i.period and p.indicator = 'bevolking' "
                "and p.target_group = 'totaal' where i.indicator = ? and i.target_group = ?",
                [s.indicator, s.target_group]).df().assign(series=s.code) for s in SERIES], ignore_index=True)
            self.names = dict(con.execute("select nis, name_nl from municipalities").fetchall())
            self.made = set(con.execute("select distinct target_group from indicator_values where indicator = ?",
                                        [model_doelgroepen.INDICATOR]).df()["target_group"])
            self.started = con.execute("select nis, target_group, count(*) as started from trajectories "
                                       "where target_group is not null group by all").df()
        finally:
            con.close()

    def years(self, code: str) -> list[int]:
        return sorted(self.values.loc[self.values["series"] == code, "year"].unique())

    def year(self, code: str, chosen: int) -> int:
        """The year the page should show for `chosen`: itself, else the nearest (the earlier on a tie)."""
        return min(self.years(code), key=lambda y: (abs(y - chosen), y))

    def rows(self, code: str, codes: list[str], year: int) -> pd.DataFrame:
        v = self.values
        return v[(v["series"] == code) & v["nis"].isin(codes) & (v["year"] == year)]

    def total(self, code: str, codes: list[str], year: int) -> tuple[float, int, float]:
        """Sum of the published values, how many were hidden, and per 1,000
        inhabitants over the municipalities with a value and a population."""
        rows = self.rows(code, codes, year)
        known = rows[rows["value"].notna() & rows["population"].notna()]
        return rows["value"].sum(), int(rows["hidden"].sum()), 1000 * known["value"].sum() / known["population"].sum()


@pytest.fixture(scope="module")
def facts(store_path) -> Facts:
    return Facts(store_path)


def model_of(run, region: str, year: int, selected: tuple[str, ...] = (), group: str = ALL_GROUPS):
    """What the page gathers for a region of the 30 (the same municipalities on both maps)."""
    members = REGIONS[region]["nis"]
    shown = list(selected or members)
    return kansengroepen.collect(run, shown, shown, list(selected), region, filters.REGION_LABELS[region], members,
                                 members, group, year)


def assert_marked_as_modelled(at, meta: dict) -> None:
    assert any("geen officiële cijfers" in m.value for m in at.markdown)
    assert any(source_name(meta) in c.value for c in at.caption)
    assert any(source_name(meta) in e.label for e in at.expander)


def chosen_year(at) -> int:
    return int(at.selectbox(key=filters.YEAR).value)


def caption_text(at) -> str:
    return " ".join(c.value for c in at.caption) + " ".join(m.value for m in at.markdown)


def test_default_year_shows_the_official_newcomers_of_the_file_for_menen(app, facts):
    """The default year shows the newcomers as the reference CSV has them."""
    menen = "34027"
    csv = pd.read_csv(data_dir() / "inburgering" / "nieuwkomers - gemeenten.csv", sep=";", dtype=str)
    latest = max(csv.columns[1:], key=lambda c: int(c.split("|")[1]))
    published = csv.loc[csv["gemeenten"] == facts.names[menen], latest].iat[0]
    at = open_page(app, KANSENGROEPEN, regio="w13", gemeente=menen)
    year = int(latest.split("|")[1])
    assert facts.year("inburgeraars", chosen_year(at)) == year, "the default year shows the file's latest year"
    m = metric(at, f"{BY_CODE['inburgeraars'].label}, {year}")
    assert m.value == fmt.number(int(published))
    population = facts.rows("inburgeraars", [menen], year)["population"].iat[0]
    assert m.proto.delta == f"{fmt.number(1000 * int(published) / population, 1)} per 1.000 inwoners"
    # One municipality: its youth jobseeker rate, as the store has it.
    rate = facts.rows("werkzoekendengraad_18_24", [menen], year)["value"].iat[0]
    assert metric(at, f"{BY_CODE['werkzoekendengraad_18_24'].label}, {year}").value == fmt.percent(rate)


def test_default_shows_official_first_and_the_model_saying_it_stops(app, facts):
    at = open_page(app, KANSENGROEPEN)
    chosen = chosen_year(at)
    labels = [m.label for m in at.metric]
    official = [s for s in SERIES if not s.modelled and s.code not in {"werkzoekendengraad_18_24"}]
    modelled = [s for s in SERIES if s.modelled]
    positions = {s.code: labels.index(f"{s.label}, {facts.year(s.code, chosen)}") for s in official + modelled}
    assert max(positions[s.code] for s in official) < min(positions[s.code] for s in modelled), "official first"
    for s in official + modelled:
        year = facts.year(s.code, chosen)
        value, hidden, per_1000 = facts.total(s.code, BOTH, year)
        m = metric(at, f"{s.label}, {year}")
        assert m.value == fmt.number(value) + (f" + {fmt.HIDDEN}" if hidden else ""), s.code
        assert m.proto.delta == f"{fmt.number(per_1000, 1)} per 1.000 inwoners", s.code
    # A rate does not add up over municipalities: not shown for a region.
    assert not any(label.startswith(BY_CODE["werkzoekendengraad_18_24"].label) for label in labels)
    last = max(facts.years(model_doelgroepen.ALL_GROUPS))
    assert chosen > last, "the default year lies after the model's last year"
    assert f"laatste jaar van het model: {last}" in caption_text(at)
    assert_marked_as_modelled(at, model_doelgroepen.META)
    expander = next(e for e in at.expander if MODEL_SOURCE in e.label)
    shown = " ".join(str(t.value) for t in expander.get("markdown")) + " ".join(
        t.value.to_csv() for t in expander.table)
    for assumption in model_doelgroepen.META["assumptions"].values():
        assert assumption["label"] in shown
    # Which official series replaces or stands beside which modelled group, on the page.
    mapping = next(e for e in at.expander if "Officiële reeksen" in e.label).table[0].value
    assert mapping["Officiële reeks"].tolist() == [s.label for s in SERIES if not s.modelled]


def test_no_total_adds_modelled_and_official(run, facts):
    """The model no longer makes the group an official series replaced, and
    every total is of one series, so of one quality."""
    replaced = [code for code, s in model_doelgroepen.META["official"].items() if s["relation"] == "replaces"]
    assert replaced and not set(replaced) & facts.made
    qualities = facts.values.groupby("series")["quality"].unique()
    for s in SERIES:
        assert list(qualities[s.code]) == ["modelled" if s.modelled else "official"], s.code
    chosen = max(facts.years("inburgeraars"))
    table = model_of(run, "w13", chosen).comparison.set_index("Reeks")
    for s in SERIES:
        if s.label not in table.index:
            continue
        row = table.loc[s.label]
        assert row["Kwaliteit"] == fmt.quality("modelled" if s.modelled else "official")
        year = facts.year(s.code, chosen)
        assert int(row["Jaar"]) == year
        value, hidden, _ = facts.total(s.code, REGIONS["w13"]["nis"], year)
        assert row[f"{REGIONS['w13']['label']} (aantal)"] == fmt.number(value) + (f" + {fmt.HIDDEN}" if hidden else "")


def test_one_group_from_the_url_official_beside_modelled(app, facts):
    group, year, municipality = "migratieachtergrond", 2010, REGIONS["w13"]["nis"][5]
    at = open_page(app, KANSENGROEPEN, regio="w13", doelgroep=group, jaar=str(year), samenstelling=municipality,
                   reeks=group)
    w13 = REGIONS["w13"]["nis"]
    shown = [s for s in SERIES if s.group in (group, ALL_GROUPS)]
    assert [m.label for m in at.metric] == [f"{s.label}, {facts.year(s.code, year)}" for s in shown]
    beside = next(s for s in shown if not s.modelled)
    official_year = facts.year(beside.code, year)
    assert official_year != year
    assert f"{beside.label}: geen cijfer voor {year}, getoond: {official_year}" in caption_text(at)
    assert metric(at, f"{BY_CODE[group].label}, {year}").value == fmt.number(facts.total(group, w13, year)[0])
    ranking = titled(at, f"{BY_CODE[group].label}, per 1.000 inwoners ({year})").data[0]
    per_1000 = {c: facts.total(group, [c], year)[2] for c in w13}
    assert dict(zip(ranking.y, array(ranking.x))) == pytest.approx({facts.names[c]: v for c, v in per_1000.items()})
    assert map_values(at) == pytest.approx(per_1000)
    chart = next(el for el in at.get("plotly_chart") if "kansengroepen_ranking" in el.proto.id)
    fig = pio.from_json(chart.proto.spec)
    reference = next(a for a in fig.layout.annotations if a.text.startswith(REFERENCE_MARK + "gemiddelde"))
    assert (reference.text.replace("-<br>", "-").replace("<br>", " ")   # drawn in lines
            == f"{REFERENCE_MARK}gemiddelde {filters.REGION_LABELS['w13']}: "
               f"{fmt.number(facts.total(group, w13, year)[2], 1)} per 1.000 inwoners")
    line = next(sh for sh in fig.layout.shapes if sh.x0 == sh.x1)
    assert line.x0 == pytest.approx(facts.total(group, w13, year)[2])
    assert at.selectbox(key="samenstelling").value == municipality
    assert at.query_params["samenstelling"] == municipality
    # The composition: the official bar solid, the modelled ones hatched, each with its year.
    bars = titled(at, f"{facts.names[municipality]}: doelgroepen").data[0]
    hatched = dict(zip((y.replace("<br>", " ") for y in bars.y), bars.marker.pattern.shape))   # names in lines
    assert hatched[f"{beside.label} ({official_year}, officieel)"] == ""
    assert hatched[f"{BY_CODE[group].label} ({year}, gemodelleerd)"] == "/"


def test_bad_composition_and_series_links_fall_back_with_notice(app):
    at = open_page(app, KANSENGROEPEN, regio="westhoek", samenstelling="34027", reeks="onbestaand")
    assert any("samenstelling" in w.value and "34027" in w.value for w in at.warning)
    assert any("onbestaand" in w.value for w in at.warning)
    assert at.selectbox(key="samenstelling").value in REGIONS["westhoek"]["nis"]


def hidden_case(facts) -> tuple[str, str, int]:
    """A series, municipality and year of the two regions with a hidden value."""
    v = facts.values
    rows = v[v["hidden"] & v["nis"].isin(BOTH) & (v["unit"] != "%")].sort_values(["year", "nis"])
    assert not rows.empty, "the VDAB file hides some small values of these municipalities"
    return rows["series"].iat[-1], rows["nis"].iat[-1], int(rows["year"].iat[-1])


def test_hidden_values_are_x_on_screen_and_in_the_exports(app, facts, downloads):
    code, nis, year = hidden_case(facts)
    region = next(key for key, r in REGIONS.items() if nis in r["nis"])
    at = open_page(app, KANSENGROEPEN, regio=region, jaar=str(year), reeks=code)
    assert fmt.HIDDEN_NOTE in caption_text(at)
    s = BY_CODE[code]
    slug = REGIONS[region]["label"].split(" ")[0] if region == "westhoek" else "W13"
    csv, xlsx = exported(downloads, f"kansengroepen_matrix_{slug}_{year}")
    for back in (csv, xlsx):
        row = back[(back["NIS-code"] == nis) & (back["Reeks"] == s.label)].iloc[0]
        assert row["Aantal"] == row["Per 1.000 inwoners"] == fmt.HIDDEN
    value, hidden, _ = facts.total(code, REGIONS[region]["nis"], year)
    assert hidden
    csv, xlsx = exported(downloads, f"kansengroepen_{slug}_{year}")
    column = f"{REGIONS[region]['label']} (aantal)"
    for back in (csv, xlsx):
        assert back.set_index("Reeks").at[s.label, column] == f"{value:.0f} + {fmt.HIDDEN}"
    # In the data itself, not only in the styler's text: the browser shows an empty number cell as 'None'.
    matrix = next(df for df in at.dataframe if "Gemeente" == df.value.index.name)
    shown = pa.ipc.open_stream(matrix.proto.arrow_data.styler.display_values).read_all().to_pandas()
    header = f"{s.label} ({year}, officieel)"
    assert shown.at[facts.names[nis], header] == matrix.value.at[facts.names[nis], header] == fmt.HIDDEN
    assert metric(at, f"{s.label}, {year}").value == f"{fmt.number(value)} + {fmt.HIDDEN}"


def test_a_hidden_value_of_one_municipality_is_x_never_0(run, facts):
    code, nis, year = hidden_case(facts)
    region = next(key for key, r in REGIONS.items() if nis in r["nis"])
    cards = model_of(run, region, year, (nis,)).blocks["kerncijfers"].metrics
    shown = next(m for m in cards if m.label == f"{BY_CODE[code].label}, {year}")
    assert shown.value == f"{fmt.HIDDEN} (verborgen)"


def test_the_page_lays_out_its_model(app, run, facts):
    """The page shows the figures `collect` gathers (the numbers are checked on the model)."""
    at = open_page(app, KANSENGROEPEN, regio="w13")
    model = model_of(run, "w13", chosen_year(at))
    for block in model.blocks.values():
        for m in block.metrics:
            assert metric(at, m.label).value == m.value
    for column, table in (("Reeks", model.comparison), ("Gestarte trajecten", model.reach.table)):
        shown = next(df.value for df in at.dataframe if column in df.value.columns)
        assert list(shown.columns) == list(table.columns)
        assert shown.astype(str).to_numpy().tolist() == table.astype(str).to_numpy().tolist()


def test_matrix_of_every_series_reads_back_with_its_quality(app, facts, downloads):
    at = open_page(app, KANSENGROEPEN, regio="w13")
    chosen = chosen_year(at)
    csv, xlsx = exported(downloads, f"kansengroepen_matrix_W13_{chosen}")
    counts = [s for s in SERIES if s.code != "werkzoekendengraad_18_24"]
    for back, number in ((csv, csv_number), (xlsx, float)):
        assert len(back) == len(REGIONS["w13"]["nis"]) * len(counts)
        for s in counts:
            year = facts.year(s.code, chosen)
            rows = back[back["Reeks"] == s.label].set_index("NIS-code")
            assert (rows["Jaar"].astype(int) == year).all()
            assert (rows["Kwaliteit"] == fmt.quality("modelled" if s.modelled else "official")).all(), s.code
            assert rows["Bron"].str.contains(MODEL_SOURCE, regex=False).all() == s.modelled, s.code
            for nis in REGIONS["w13"]["nis"]:
                value, hidden, per_1000 = facts.total(s.code, [nis], year)
                if not hidden:
                    assert number(rows.at[nis, "Aantal"]) == value, (s.code, nis)
                    assert number(rows.at[nis, "Per 1.000 inwoners"]) == pytest.approx(per_1000, abs=0.05)
    assert not at.exception


def test_region_table_exports_read_back(app, facts, downloads):
    at = open_page(app, KANSENGROEPEN, regio="w13")
    chosen = chosen_year(at)
    csv, xlsx = exported(downloads, f"kansengroepen_W13_{chosen}")
    counts = [s for s in SERIES if s.code != "werkzoekendengraad_18_24"]
    assert csv["Reeks"].tolist() == xlsx["Reeks"].tolist() == [s.label for s in counts]
    for s in counts:
        year = facts.year(s.code, chosen)
        for region in REGIONS.values():
            value, hidden, _ = facts.total(s.code, region["nis"], year)
            column = f"{region['label']} (aantal)"
            cell = xlsx.set_index("Reeks").at[s.label, column]
            if hidden:
                assert cell == f"{value:.0f} + {fmt.HIDDEN}"
            else:
                assert csv_number(csv.set_index("Reeks").at[s.label, column]) == value, (s.code, column)
                assert isinstance(cell, (int, float)) and cell == value, (s.code, column)
    for back in (csv, xlsx):
        quality = back.set_index("Reeks")["Kwaliteit"]
        for s in counts:
            assert quality[s.label] == fmt.quality("modelled" if s.modelled else "official")
    assert not at.exception


@pytest.mark.parametrize("chosen", [2015, 2024])
def test_reach_of_the_programmes_against_each_groups_own_series(run, facts, chosen):
    started = facts.started[facts.started["nis"].isin(REGIONS["w13"]["nis"])]
    assert not started.empty, "the trajectory model writes groups for W13"
    table = model_of(run, "w13", chosen).reach.table
    for nis, group, count in started.itertuples(index=False):
        row = table[(table["Gemeente"] == facts.names[nis]) & (table["Doelgroep"] == doelgroepen.LABELS[group])].iloc[0]
        year = facts.year(group, chosen)
        size = facts.total(group, [nis], year)[0]
        assert row["Gestarte trajecten"] == fmt.number(count)
        assert row["Omvang doelgroep"] == fmt.number(size)
        quality = fmt.quality("modelled" if BY_CODE[group].modelled else "official")
        assert row["Omvang: jaar, kwaliteit"] == f"{year}, {quality}"
        assert row["Bereik (%)"] == fmt.number(100 * count / size, 1)


def proeftuin_small(facts) -> tuple[str, str]:
    """A Westhoek municipality and group with 1-4 started trajectories."""
    small = facts.started[facts.started["nis"].isin(REGIONS["westhoek"]["nis"])
                          & (facts.started["started"] < MIN_COUNT)]
    assert not small.empty, "the proeftuin's 13 are spread over Westhoek municipalities"
    return small["nis"].iat[0], small["target_group"].iat[0]


def test_reach_offers_the_region_total_and_hides_small_counts(app, facts, downloads):
    nis, group = proeftuin_small(facts)
    at = open_page(app, KANSENGROEPEN, regio="westhoek", gemeente=nis)
    chosen = chosen_year(at)
    region = facts.started[facts.started["nis"].isin(REGIONS["westhoek"]["nis"])
                           & (facts.started["target_group"] == group)]
    started = int(region["started"].sum())
    year = facts.year(group, chosen)
    size = facts.total(group, REGIONS["westhoek"]["nis"], year)[0]   # the proeftuin's whole area
    total = f"Totaal {filters.REGION_LABELS['westhoek']}"
    table = next(df.value for df in at.dataframe if "Gestarte trajecten" in df.value.columns).set_index("Gemeente")
    assert table.at[facts.names[nis], "Gestarte trajecten"] == HIDDEN_TEXT[PRIMARY]
    assert table.at[facts.names[nis], "Bereik (%)"] == "–"
    assert table.at[total, "Gestarte trajecten"] == fmt.number(started)
    assert table.at[total, "Omvang doelgroep"] == fmt.number(size)
    assert table.at[total, "Bereik (%)"] == fmt.number(100 * started / size, 1)
    csv, xlsx = exported(downloads, f"kansengroepen_bereik_{facts.names[nis].replace(' ', '-')}_{chosen}")
    for back, number in ((csv, csv_number), (xlsx, float)):
        rows = back.set_index("Gemeente")
        assert rows.at[facts.names[nis], "Gestarte trajecten"] == HIDDEN_TEXT[PRIMARY]
        assert rows.at[facts.names[nis], "NIS-code"] == nis
        assert number(rows.at[total, "Gestarte trajecten"]) == started
        assert number(rows.at[total, "Bereik (%)"]) == pytest.approx(100 * started / size, abs=0.05)   # as shown
    assert isinstance(xlsx.set_index("Gemeente").at[total, "Gestarte trajecten"], int)
    assert_provenance(csv, xlsx, "modelled", source_name(model_trajecten.META))


@pytest.mark.parametrize("region", ["westhoek", "w13"])
def test_reach_says_which_counts_were_published(app, facts, region, downloads):
    """18.9-10: the region total of each programme is its published figure
    (official), the counts per municipality the model's split of it; each
    row in its own period (Menen's 't Werkt from 2020); a programme that
    published no participants is a row 'niet gepubliceerd', never left out."""
    from analysis.budget import NOT_PUBLISHED
    from loaders import budget
    from page_models.fiche import SITES
    from analysis.kansengroepen import COUNT_QUALITY

    at = open_page(app, KANSENGROEPEN, regio=region)
    table = next(df.value for df in at.dataframe if "Gestarte trajecten" in df.value.columns)
    total = f"Totaal {filters.REGION_LABELS[region]}"
    for code, programme in budget.PROGRAMMES.items():
        if programme["region"] != region:
            continue
        rows = table[table["Programma"] == programme["label"]].set_index("Gemeente")
        published = model_trajecten.META["published"].get(code, {})
        if "started" not in published:
            assert rows["Gestarte trajecten"].tolist() == [NOT_PUBLISHED]
            last = programme["first_year"] + programme["years"] - 1   # budget.yml: a start and a duration
            assert rows["Periode"].tolist() == [f"{programme['first_year']}-{last}"]
            continue
        assert rows.at[total, "Gestarte trajecten"] == fmt.number(published["started"])
        assert rows.at[total, "Aantal: kwaliteit"] == COUNT_QUALITY["regio"]
        local, last = rows.drop(index=total), programme["last_year"]
        assert (local["Aantal: kwaliteit"] == COUNT_QUALITY["gemeente"]).all()
        for name, period in local["Periode"].items():
            nis = next(n for n, known in facts.names.items() if known == name)
            first = SITES.get(code, {}).get(nis, programme["first_year"])
            assert period == (str(first) if first == last else f"{first}-{last}"), name
    if region == "w13":
        menen = table.set_index("Gemeente").at["Menen", "Periode"]
        assert menen == f"{SITES['t_werkt']['34027']}-{budget.PROGRAMMES['t_werkt']['last_year']}"
    name = next(k for k in downloads if k.startswith("kansengroepen_bereik_") and k.endswith(".csv"))
    csv, xlsx = exported(downloads, name.removesuffix(".csv"))
    for back in (csv, xlsx):
        assert set(back["Aantal: kwaliteit"]) <= {*COUNT_QUALITY.values(), NOT_PUBLISHED}


def test_reach_total_is_the_selections_unless_a_count_is_hidden():
    from analysis.kansengroepen import counted, sized

    started = {"a": 3 * MIN_COUNT, "b": 2 * MIN_COUNT, "c": MIN_COUNT - 1, "d": MIN_COUNT + 1}
    sizes = {"a": 100.0, "b": 200.0, "c": 50.0, "d": 400.0}
    rows = pd.DataFrame({"programme_label": "P", "target_group": "g", "nis": list(started), "name_nl": list(started),
                         "started": list(started.values())})

    def reach(selected: list[str], programme_sizes=None) -> pd.DataFrame:
        return sized(counted(rows, selected, "Regio"), {(n, "g"): v for n, v in sizes.items()},
                     programme_sizes).set_index("name_nl")

    region = reach([])
    assert region.at["Totaal Regio", "started"] == sum(started.values())
    assert region.at["Totaal Regio", "group_size"] == sum(sizes.values())
    assert region.at["a", "reach_pct"] == pytest.approx(100 * started["a"] / sizes["a"])
    assert region.at["c", "mark"] == PRIMARY and pd.isna(region.at["c", "reach_pct"])
    chosen = reach(["a", "b"])
    assert chosen.index.tolist() == ["a", "b", "Totaal selectie"]
    assert chosen.at["Totaal selectie", "started"] == started["a"] + started["b"]
    assert chosen.at["Totaal selectie", "reach_pct"] == pytest.approx(
        100 * (started["a"] + started["b"]) / (sizes["a"] + sizes["b"]))
    hidden = reach(["a", "c"], {("P", "g"): 10 * sum(sizes.values())})
    assert hidden.index.tolist() == ["a", "c", "Totaal Regio"]
    assert hidden.at["Totaal Regio", "started"] == sum(started.values())
    assert hidden.at["Totaal Regio", "group_size"] == 10 * sum(sizes.values())   # the programme's whole area
    # Marks come from the whole region: a municipality shows the same whatever else is chosen.
    for n in started:
        assert reach([n]).at[n, "mark"] == region.at[n, "mark"]


def test_nearest_year_note_and_hidden_marks():
    from analysis.kansengroepen import mark_hidden, nearest_year, year_note

    years = [2014, 2016, 2024]
    assert nearest_year(years, 2016) == 2016
    assert nearest_year(years, 2015) == 2014          # a tie: the earlier year
    assert nearest_year(years, 2030) == 2024
    assert year_note(True, 2024, 2024, years) is None
    assert year_note(True, 2024, 2030, years) == "laatste jaar van het model: 2024"
    assert year_note(True, 2014, 2003, years) == "eerste jaar van het model: 2014"
    assert "getoond: 2024" in year_note(False, 2024, 2030, years)
    table = pd.DataFrame({"n": [10.0, np.nan, 7.0], "r": [1.5, np.nan, 2.0]})
    hidden = pd.DataFrame({"n": [1, 1, 0], "r": [1, 1, 0]})
    marked = mark_hidden(table, hidden, "x", lambda v: f"{v:.0f}", ["n"])
    assert marked["n"].tolist() == ["10 + x", "x", 7.0]
    assert marked["r"].tolist() == [1.5, "x", 2.0]


def test_phone_matrix_reaches_every_series(app):
    # 18 (390x844): the phone's matrix (an HTML table, one column wide) showed only its first series.
    at = open_page(app, KANSENGROEPEN, regio="w13")
    wide = next(df for df in at.dataframe if "Gemeente" == df.value.index.name).value
    choice = at.selectbox(key="kansengroepen_matrix_reeks")
    assert choice.options == list(wide.columns) and choice.value == wide.columns[0]
    last = wide.columns[-1]
    choice.set_value(last).run()
    phone = next(t.value for t in at.table if t.value.index.name == "Gemeente")
    assert phone.astype(str).to_dict() == wide[[last]].astype(str).to_dict()
