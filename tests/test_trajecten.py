"""Trajectories: every published figure checked in the store against
loaders/model_trajecten.yml, no record for a programme that published none,
the records consistent with the article's date, the flow balanced, shares
from the counts beside the source's percentages, and the Trajecten page
through AppTest (published figures first and as official, the modelled
split marked, periods per municipality, small numbers never shown)."""
from __future__ import annotations

import copy
import math
import re
from datetime import date

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from analysis import trajecten as tr
from analysis.suppression import HIDDEN_TEXT, MIN_COUNT, PRIMARY, SECONDARY, SHOWN
from charts.sankey import sankey
from charts.theme import MODELLED_NOTE
from loaders import budget, model_trajecten as model
from loaders.config import PROJECT_ROOT
from loaders.errors import SourceError
from loaders.regions import REGIONS
from page_models import trajecten
from tests.modelled import read, read_named
from tests.helpers import open_page
from tests.helpers.pages import balanced, exported, figures, read_csv
from tests.helpers.suppression import needless
from common import format as fmt
from common.vocabulary import ALL

PAGE = "views/trajecten.py"
PUB = model.META["published"]
T_WERKT, PROEFTUIN = PUB["t_werkt"], PUB["proeftuin_westhoek"]
ASSUME = model.META["assumptions"]
REASONS = list(model.META["stop_reasons"])
BOTH = REGIONS["westhoek"]["nis"] + REGIONS["w13"]["nis"]
APP = str(PROJECT_ROOT / "app.py")
LABELS = model.META["labels"]
LP = budget.PROGRAMMES["lp_westhoek"]
SITES = ASSUME["t_werkt"]["sites"]["value"]


def records(store_path, programme: str) -> pd.DataFrame:
    return read(store_path, "select * from trajectories where programme = ?", [programme])


def test_t_werkt_totals_are_the_published_ones(store_path):
    rows = records(store_path, "t_werkt")
    assert len(rows) == T_WERKT["started"]
    assert (rows["outcome"] == "ongoing").sum() == T_WERKT["ongoing"]
    assert (rows["outcome"] != "ongoing").sum() == T_WERKT["ended"]
    assert rows["outcome"].value_counts().drop("ongoing").to_dict() == T_WERKT["outcomes"]


def test_t_werkt_stop_reasons_are_published_and_the_rest_unexplained(store_path):
    stopped = records(store_path, "t_werkt").query("outcome == 'stopped'")
    counts = stopped["stop_reason"].value_counts().to_dict()
    unexplained = T_WERKT["outcomes"]["stopped"] - sum(T_WERKT["stop_reasons"].values())
    assert counts == T_WERKT["stop_reasons"] | {model.UNEXPLAINED: unexplained}
    assert model.unexplained(T_WERKT) == unexplained


def test_t_werkt_places_group_and_dates_fit_the_article(store_path):
    rows = records(store_path, "t_werkt")
    sites = ASSUME["t_werkt"]["sites"]["value"]
    reference = ASSUME["t_werkt"]["reference_date"]["value"]
    publication = date.fromisoformat(f"{T_WERKT['publication_month']}-01")
    assert reference < publication
    assert set(rows["nis"]) == set(sites)
    assert (rows["target_group"] == T_WERKT["target_group"]).all()
    for nis, first in sites.items():
        assert rows.loc[rows["nis"] == nis, "start_date"].dt.date.min() >= first
    assert rows["start_date"].dt.date.max() <= reference
    ended = rows[rows["outcome"] != "ongoing"]
    assert ended["end_date"].dt.date.max() <= reference
    assert (ended["end_date"] >= ended["start_date"]).all()
    assert rows.loc[rows["outcome"] == "ongoing", "end_date"].isna().all()


def test_proeftuin_has_the_published_13_and_no_invented_outcome(store_path):
    rows = records(store_path, "proeftuin_westhoek")
    assert len(rows) == PROEFTUIN["started"]
    assert (rows["target_group"] == PROEFTUIN["target_group"]).all()
    assert set(rows["nis"]) <= set(REGIONS["westhoek"]["nis"])
    assert rows["outcome"].isna().all() and rows["end_date"].notna().all()


@pytest.mark.parametrize("code", [c for c in budget.PROGRAMMES if c not in PUB])
def test_a_programme_that_published_no_trajectories_has_none(store_path, code):
    # The Lokaal Partnerschap published a budget and partners, not outcomes:
    # no record, no count, nothing a page could add to the published ones.
    assert records(store_path, code).empty
    for table in ("trajectory_counts", "trajectory_starts"):
        assert read(store_path, f"select count(*) as n from {table} where programme = ?", [code])["n"].iat[0] == 0
    assert set(read(store_path, "select distinct programme from trajectories")["programme"]) == set(PUB)


def test_every_record_is_marked_modelled(store_path):
    assert read(store_path, "select distinct quality from trajectories")["quality"].tolist() == ["modelled"]


def test_the_page_counts_are_the_records_counted(store_path):
    recount = read(store_path, "select programme, nis, target_group, year(start_date) as start_year, "
                               "year(end_date) as end_year, outcome, stop_reason, count(*) as n "
                               "from trajectories group by all order by all")
    stored = read(store_path, "select * from trajectory_counts order by all")
    pd.testing.assert_frame_equal(stored, recount, check_dtype=False)


def test_programmes_carry_the_published_counts(store_path):
    rows = read(store_path, "select * from programmes").set_index("programme")
    for code, pub in PUB.items():
        assert rows.at[code, "published_trajectories"] == pub["started"]
    assert rows.at["t_werkt", "published_to_work"] == T_WERKT["outcomes"]["job"]
    assert pd.isna(rows.at["lp_westhoek", "published_trajectories"])


def test_the_model_is_deterministic(store_path):
    inputs = read_named(store_path, "model_trajecten_inputs")
    pd.testing.assert_frame_equal(model.generate(inputs, model.META), model.generate(inputs, model.META))


@pytest.mark.parametrize("change", [("ongoing", 1), ("ended", 1)])
def test_contradicting_published_figures_are_refused(change):
    meta = copy.deepcopy(model.META)
    meta["published"]["t_werkt"][change[0]] += change[1]
    with pytest.raises(SourceError, match="kloppen niet") as err:
        model.check_published(meta["published"])
    assert err.value.file == "model_trajecten.yml"


def region_counts(store_path, **filters) -> tr.Counts:
    query = dict(nis=BOTH, programme=None, target_group="totaal", start_year=None) | filters
    return tr.counts(read_named(store_path, "trajectory_cells", **query),
                     read_named(store_path, "trajectory_timeseries", **query), query["nis"], REASONS)


def test_page_query_reproduces_the_published_counts(store_path):
    values = region_counts(store_path, programme="t_werkt").table.loc[tr.REGION_ROW]
    assert tr.matches_published(values, T_WERKT, REASONS)
    assert values[tr.stop_category(model.UNEXPLAINED)] == model.unexplained(T_WERKT)
    assert values["unknown"] == 0


def test_flow_balances_and_shares_come_from_the_counts(store_path):
    values = region_counts(store_path).table.loc[tr.REGION_ROW]
    links = tr.flow_links(values, REASONS, modelled=True)
    assert balanced(sankey(links, fmt.number))
    assert links.loc[links["source"] == tr.STARTED, "value"].sum() == values[tr.STARTED]
    by_reason = links["target"].isin([tr.stop_category(r) for r in REASONS])
    assert links.loc[by_reason, "value"].sum() == values[tr.STOPPED]


def test_a_slides_flow_has_the_stopped_ones_in_one_node(store_path):
    """Issue 18.2: at 1366x768 the three stop reasons' labels ran over each other and out of the slide's
    Sankey; a slide shows them as one node, the same total (the page keeps the reasons)."""
    values = region_counts(store_path).table.loc[tr.REGION_ROW]
    links, full = tr.flow_links(values, [], modelled=True), tr.flow_links(values, REASONS, modelled=True)
    assert balanced(sankey(links, fmt.number))
    ends = set(links["target"]) - set(links["source"])
    assert ends == (set(full["target"]) - set(full["source"]) - {tr.stop_category(r) for r in REASONS}) | {tr.STOPPED}
    assert links.loc[links["target"] == tr.STOPPED, "value"].sum() == values[tr.STOPPED]
    assert links.groupby("source")["value"].sum().equals(full.groupby("source")["value"].sum())


def test_shares_beside_the_source_percentages_where_they_differ(store_path):
    values = region_counts(store_path, programme="t_werkt").table.loc[tr.REGION_ROW]
    shares = tr.shares(values, REASONS, T_WERKT).set_index("category")
    ended = T_WERKT["ended"]
    for key, pct in T_WERKT["source_percentages"].items():
        row = shares.loc[key if key in T_WERKT["outcomes"] else tr.stop_category(key)]
        assert row["share"] == pytest.approx(row["count"] / ended * 100)
        assert row["source_share"] == pct
        assert row["differs"] == (round(row["count"] / ended * 100) != pct)
    assert shares["differs"].any()
    assert pd.isna(shares.at[tr.stop_category(model.UNEXPLAINED), "source_share"])


def test_source_percentages_only_for_exactly_the_published_counts(store_path):
    values = region_counts(store_path, programme="t_werkt", start_year=2022).table.loc[tr.REGION_ROW]
    assert tr.shares(values, REASONS, T_WERKT)["source_share"].isna().all()


def test_timeline_totals_match_the_table(store_path):
    counts = region_counts(store_path)
    assert counts.timeline["start"].loc[tr.REGION_ROW].sum() == counts.table.at[tr.REGION_ROW, tr.STARTED]
    assert counts.timeline["end"].loc[tr.REGION_ROW].sum() == counts.table.at[tr.REGION_ROW, tr.ENDED]


def test_selection_with_hidden_cells_falls_back_to_the_region(store_path):
    counts = region_counts(store_path)
    small = [n for n in BOTH if (counts.marks.loc[n] != "").any()]
    clear = [n for n in BOTH if counts.table.at[n, tr.STARTED] > 0 and not (counts.marks.loc[n] != "").any()]
    assert small
    fallback = tr.shown(counts.table, counts.marks, small[:1])
    assert fallback.region_fallback and fallback.values.equals(counts.table.loc[tr.REGION_ROW].astype(float))
    if clear:
        own = tr.shown(counts.table, counts.marks, clear[:1])
        assert not own.region_fallback and own.values.equals(counts.table.loc[clear[0]])


def metrics(at) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def node_values(fig) -> dict[str, str]:
    """Sankey node name -> the value its label shows (the line after the
    name's lines, before any note in italics)."""
    out = {}
    for name, label in zip(fig.data[0].node.customdata, fig.data[0].node.label):
        lines = [line for line in label.split("<br>") if not line.startswith("<i>")]
        out[name] = lines[-1]
    return out


def test_page_shows_the_published_t_werkt_figures(app):
    at = open_page(app, PAGE, programma="t_werkt")
    expected = tr.published_values(T_WERKT, model.UNEXPLAINED)
    assert metrics(at) == {LABELS[k]: fmt.number(expected[k]) for k in tr.PUBLISHED}
    assert any("Gepubliceerde cijfers (officieel)" in m.value for m in at.markdown)
    shares = at.dataframe[0].value.set_index("Uitkomst")
    unexplained = model.META["stop_reasons"][model.UNEXPLAINED]
    assert shares.at[unexplained, "Aantal"] == fmt.number(model.unexplained(T_WERKT))
    assert shares["Aandeel volgens de bron"].str.len().gt(0).sum() == len(T_WERKT["source_percentages"])
    captions = " ".join(c.value for c in at.caption)
    assert "de bron noemt 13 %" in captions and unexplained in captions
    assert any("Verdeling gemodelleerd" in m.value for m in at.markdown)


def test_the_whole_programmes_flow_is_the_published_figure_not_modelled(app):
    # Issue 18.10: the flow of all of 't Werkt is its published totals, not "gemodelleerd".
    at = open_page(app, PAGE, regio="w13", programma="t_werkt")
    fig = sankey_figure(at)
    assert MODELLED_NOTE not in [a.text for a in fig.layout.annotations]
    labels = tr.category_labels(LABELS, model.META["stop_reasons"])
    published = tr.published_values(T_WERKT, model.UNEXPLAINED)
    shown = node_values(fig)
    assert shown[labels[tr.STARTED]] == fmt.number(published[tr.STARTED])
    assert shown[labels["job"]] == fmt.number(published["job"])
    # Its split over municipalities and years stays marked modelled (not the same flow as a phone's bars).
    flow = fig.layout.title.text
    others = [f for f in figures(at) if f.data[0].type != "sankey" and f.layout.title.text.replace("<br>", " ") != flow]
    phone = [f for f in figures(at) if f.data[0].type == "bar" and f.layout.title.text.replace("<br>", " ") == flow]
    assert phone and MODELLED_NOTE not in [a.text for a in phone[0].layout.annotations]
    assert others and all(MODELLED_NOTE in [a.text for a in f.layout.annotations] for f in others)


def test_all_programmes_show_only_published_results(app, store_path):
    # Issue 18.9: under 'Alle programma's' the flow starts from the published
    # starts only (no invented Lokaal Partnerschap participants), and the
    # partnership shows its money and 'niet gepubliceerd'.
    at = open_page(app, PAGE)
    started = sum(pub["started"] for pub in PUB.values())
    assert node_values(sankey_figure(at))[LABELS["started"]] == fmt.number(started)
    assert metrics(at)["Budget per jaar"] == fmt.euro(LP["total_eur"])
    captions = " ".join(c.value for c in at.caption)
    assert "Niet gepubliceerd: aantal trajecten" in captions


def test_the_partnership_shows_niet_gepubliceerd_and_no_trajectory(app):
    at = open_page(app, PAGE, regio="westhoek", programma="lp_westhoek")
    assert metrics(at) == {"Budget per jaar": fmt.euro(LP["total_eur"])}
    assert any(f"{LP['label']}: trajecten en uitkomsten niet gepubliceerd" in i.value for i in at.info)
    assert not figures(at)


def test_page_never_shows_a_count_below_five_for_a_municipality(app):
    at = open_page(app, PAGE)
    table = next(d.value for d in at.dataframe if "NIS-code" in d.value.columns)
    municipal = table[table["NIS-code"] != ""].drop(columns=["NIS-code", "Gemeente"])
    for text in municipal.to_numpy().ravel():
        assert text in ("<5", "x", "0") or int(text.replace(".", "")) >= 5, text
    assert (municipal == "<5").any().any() and (municipal == "x").any().any()


def test_page_offers_the_region_total_for_a_municipality_with_small_numbers(app, store_path):
    counts = region_counts(store_path)
    small = next(n for n in REGIONS["w13"]["nis"] if (counts.marks.loc[n] != "").any())
    at = open_page(app, PAGE, regio="w13", gemeente=small)
    assert any("totaal van" in i.value for i in at.info)
    region = region_counts(store_path, nis=REGIONS["w13"]["nis"]).table.loc[tr.REGION_ROW]
    shown = node_values(sankey_figure(at))
    assert {k: shown[LABELS[k]] for k in (tr.STARTED, tr.ONGOING, tr.ENDED, "job")} == {
        k: fmt.number(region[k]) for k in (tr.STARTED, tr.ONGOING, tr.ENDED, "job")}


def w13_t_werkt(store_path) -> tr.Counts:
    return region_counts(store_path, nis=REGIONS["w13"]["nis"], programme="t_werkt")


def test_kortrijks_job_count_is_shown_when_only_menens_small_cells_need_hiding(store_path):
    # Issue 18.10: Menen's small training count hid Kortrijk's job count
    # although the rule did not need it.
    counts = w13_t_werkt(store_path)
    table, marks = tr.municipal_rows(counts, REGIONS["w13"]["nis"])
    kortrijk = min(SITES, key=SITES.get)   # where 't Werkt started
    assert marks.at[kortrijk, "job"] == SHOWN
    parts = {total: [c for c in cells if c in table.columns] for total, cells in tr.parts(REASONS).items()}
    assert needless(table, marks, parts, tr.REGION_ROW) == []


def test_page_shows_kortrijks_job_count_in_the_municipal_table(app, store_path):
    kortrijk = min(SITES, key=SITES.get)
    at = open_page(app, PAGE, regio="w13", programma="t_werkt")
    table = next(d.value for d in at.dataframe if "NIS-code" in d.value.columns).set_index("NIS-code")
    assert table.at[kortrijk, LABELS["job"]] == fmt.number(w13_t_werkt(store_path).table.at[kortrijk, "job"])


def test_menen_s_period_starts_when_menen_joined(app, store_path, downloads):
    # Issue 18.10: Menen joined 't Werkt in 2020; its period, chart and file
    # names say so, not the programme's 2016.
    menen = max(SITES, key=SITES.get)
    joined = SITES[menen].year
    first, last = read(store_path, "select min(start_year) as a, max(start_year) as b from trajectory_counts "
                                   "where nis = ?", [menen]).iloc[0]
    assert first >= joined
    at = open_page(app, PAGE, regio="w13", gemeente=menen)
    names = read(store_path, "select nis, name_nl from municipalities where nis = ?", [menen])
    last_year = read(store_path, "select last_year from programmes where programme = 't_werkt'")["last_year"].iat[0]
    assert any(f"{names['name_nl'].iat[0]} {joined}-{last_year}" in m.value for m in at.markdown)
    slug = names["name_nl"].iat[0]
    assert f"trajecten_alle-programmas_{slug}_startjaren-{first}-{last}_gemeenten.csv" in downloads
    per_year = next(fig for fig in figures(at) if (fig.layout.title.text or "").startswith("Gestarte en"))
    assert int(per_year.data[0].x[0]) == first



def test_page_bad_filter_values_in_the_link_are_named(app):
    at = open_page(app, PAGE, programma="onbekend", startjaar="1800")
    warnings = " ".join(w.value for w in at.warning)
    assert "onbekend" in warnings and "1800" in warnings


@pytest.mark.parametrize("which", [0, -1])
def test_page_start_year_from_the_link_filters_the_counts(app, store_path, which):
    year = int(start_years(store_path)[which])
    at = open_page(app, PAGE, startjaar=str(year))
    assert at.selectbox(key="startjaar").value == str(year)
    counts = region_counts(store_path, start_year=year)
    hidden = (counts.marks.loc[tr.REGION_ROW] != SHOWN).any()
    # The flow when no count of the region is hidden, else the counts that can be shown.
    shown = (metrics(at) if hidden else node_values(sankey_figure(at)))[LABELS["started"]]
    assert shown == fmt.number(counts.table.at[tr.REGION_ROW, tr.STARTED])


def test_the_flow_is_marked_modelled_as_its_records_are(store_path):
    values = region_counts(store_path).table.loc[tr.REGION_ROW]
    notes = lambda modelled: [a.text for a in sankey(tr.flow_links(values, REASONS, modelled), fmt.number).layout.annotations]
    assert MODELLED_NOTE in notes(True) and MODELLED_NOTE not in notes(False)


def start_years(store_path) -> list[str]:
    return read_named(store_path, "trajectory_start_years")["year"].astype(str).tolist()


def basename(store_path, programme: str = "alle-programmas", where: str = "Westhoek-W13") -> str:
    years = start_years(store_path)
    return f"trajecten_{programme}_{where}_startjaren-{years[0]}-{years[-1]}"


def programme_span(store_path, code: str) -> str:
    first, last = read(store_path, "select first_year, last_year from programmes where programme = ?", [code]).iloc[0]
    return str(first) if first == last else f"{first}-{last}"


def sankey_figure(at):
    return next(fig for fig in figures(at) if fig.data and fig.data[0].type == "sankey")


def test_page_marks_the_flow_modelled(app):
    at = open_page(app, PAGE)
    assert any(a.text == MODELLED_NOTE for a in sankey_figure(at).layout.annotations)
    assert all(any(a.text == MODELLED_NOTE for a in fig.layout.annotations) for fig in figures(at))


def test_page_exports_the_municipal_table_with_numbers_and_hidden_cells(app, store_path, downloads):
    open_page(app, PAGE)
    counts = region_counts(store_path)
    table, marks = tr.municipal_rows(counts, BOTH)
    csv, xlsx = exported(downloads, f"{basename(store_path)}_gemeenten")
    assert len(csv) == len(xlsx) == len(table)
    labels = tr.category_labels(model.META["labels"], model.META["stop_reasons"])
    for back, number, typed in ((csv, int, False), (xlsx, lambda v: v, True)):
        back = back.assign(row=[n or tr.REGION_ROW for n in back["NIS-code"]]).set_index("row")
        for row in table.index:
            for column in table.columns:
                cell, mark = back.at[row, labels[column]], marks.at[row, column]
                if mark == SHOWN:
                    assert number(cell) == table.at[row, column], (row, column)
                    assert not typed or isinstance(cell, int), (row, column, cell)
                else:
                    assert cell == HIDDEN_TEXT[mark], (row, column, cell)
    assert (csv == HIDDEN_TEXT[PRIMARY]).any().any() and (csv == HIDDEN_TEXT[SECONDARY]).any().any()
    assert (csv["Kwaliteit"] == fmt.quality("modelled")).all()
    assert csv["Bron"].str.contains(model.META["model"]["name"]).all()


def test_page_exports_the_outcomes_as_numbers(app, store_path, downloads):
    open_page(app, PAGE, programma="t_werkt")
    csv, xlsx = exported(downloads, f"trajecten_t_werkt_uitkomsten_gepubliceerd_{programme_span(store_path, 't_werkt')}")
    assert (csv["Kwaliteit"] == fmt.quality("official")).all()
    expected = {model.META["labels"][k]: n for k, n in T_WERKT["outcomes"].items()}
    for back, number in ((csv, int), (xlsx, lambda v: v)):
        rows = back.set_index("Uitkomst")
        for label, n in expected.items():
            assert number(rows.at[label, "Aantal"]) == n
    shares = xlsx.set_index("Uitkomst")["Aandeel berekend uit de aantallen (%)"]
    assert all(isinstance(v, float) for v in shares)
    assert shares[model.META["labels"]["job"]] == pytest.approx(T_WERKT["outcomes"]["job"] / T_WERKT["ended"] * 100,
                                                                abs=0.05)   # as shown: one decimal


def shown_counts(at, downloads) -> list[str]:
    """Every count the page shows as text: metrics, chart labels and bar
    texts, and the count cells of its CSV files."""
    texts = [m.value for m in at.metric]
    for fig in figures(at):
        for trace in fig.data:
            if trace.type == "sankey":
                texts += list(node_values(fig).values())
            elif trace.text is not None:
                texts += list(trace.text)
    for name, make in downloads.items():
        if name.endswith(".csv") and name.startswith("trajecten_"):
            back = read_csv(make())
            counts = back.drop(columns=[c for c in back.columns if c in (
                "NIS-code", "Gemeente", "Uitkomst", "Programma", "Waar en wanneer", "Doelgroep", "Kwaliteit", "Bron")
                or "%" in c or "EUR" in c])
            texts += counts.to_numpy().ravel().tolist()
    return [re.sub(r"<br>", "", t) for t in texts]


def test_page_never_shows_a_count_of_one_to_four(app, store_path, downloads):
    counts = region_counts(store_path)
    small = next(n for n in BOTH if (counts.marks.loc[n] == PRIMARY).any())
    programmes = read(store_path, "select programme from programmes")["programme"].tolist()
    views = [{}, *({"programma": code} for code in programmes), {"gemeente": small},
             {"regio": "w13", "startjaar": start_years(store_path)[0]}]
    forbidden = {fmt.number(n) for n in range(1, MIN_COUNT)}
    for params in views:
        downloads.clear()
        at = open_page(AppTest.from_file(APP, default_timeout=60), PAGE, **params)  # a new session per view
        texts = shown_counts(at, downloads)
        with_records = params.get("programma", "t_werkt") in PUB
        assert texts and any(name.endswith("_gemeenten.csv") for name in downloads) == with_records, params
        assert not forbidden & set(texts), (params, forbidden & set(texts))


def test_page_shows_the_proeftuins_published_13(app):
    at = open_page(app, PAGE, regio="westhoek", programma="proeftuin_westhoek")
    started = fmt.number(PROEFTUIN["started"])
    assert metrics(at) == {LABELS["started"]: started}
    assert node_values(sankey_figure(at))[LABELS["started"]] == started
    assert node_values(sankey_figure(at))[LABELS["unknown"]] == started
    assert "Niet gepubliceerd: uitkomsten" in " ".join(c.value for c in at.caption)


def test_page_notes_which_counts_fit_the_sources_rounded_percentage(app):
    at = open_page(app, PAGE, programma="t_werkt")
    captions = " ".join(c.value for c in at.caption)
    ended = T_WERKT["ended"]
    for key, pct in T_WERKT["source_percentages"].items():
        count = T_WERKT["outcomes"].get(key, T_WERKT["stop_reasons"].get(key))
        if round(100 * count / ended) == pct:
            continue
        fits = [n for n in range(ended + 1) if math.floor(100 * n / ended + 0.5) == pct]
        assert (f"afgerond {fmt.percent(pct, 0)} zijn {fmt.number(fits[0])} tot {fmt.number(fits[-1])} "
                f"van de {fmt.number(ended)} trajecten") in captions, key
    assert not re.search(r"\d+,\d trajecten", captions)


# The page model (`page_models.trajecten.collect`) with the plain query runner.

def collected(run, region: list[str] = BOTH, selected: tuple[str, ...] = (), programme: str = ALL,
              start_year: str = ALL, keyed=None) -> trajecten.TrajectenModel:
    extra = {"keyed": keyed} if keyed else {}
    return trajecten.collect(run, list(region), "de regio", list(selected), "totaal", programme, start_year, "regio",
                             **extra)


def test_model_shows_what_t_werkt_published_and_its_own_flow(run):
    m = collected(run, programme="t_werkt")
    expected = tr.published_values(T_WERKT, model.UNEXPLAINED)
    assert m.shown == ["t_werkt"] and [c.code for c in m.cards] == ["t_werkt"]
    assert dict(m.cards[0].items) == {LABELS[k]: fmt.number(expected[k]) for k in tr.PUBLISHED} | (
        {"Budget per jaar": fmt.euro(budget.PROGRAMMES["t_werkt"]["total_eur"])}
        if budget.PROGRAMMES["t_werkt"].get("total_eur") else {})
    [o] = m.outcomes
    assert o.table.set_index("Uitkomst").at[model.META["stop_reasons"][model.UNEXPLAINED], "Aantal"] == fmt.number(
        model.unexplained(T_WERKT))
    links = m.split.flow_links
    assert links.loc[links["source"] == tr.STARTED, "value"].sum() == T_WERKT["started"]
    assert "gemodelleerd" not in m.split.flow_source and m.modelled


@pytest.mark.parametrize("code", [c for c in budget.PROGRAMMES if c not in PUB])
def test_model_of_a_programme_without_trajectories_says_not_published(run, code):
    m = collected(run, programme=code)
    assert m.split is None and "niet gepubliceerd" in m.empty and budget.PROGRAMMES[code]["label"] in m.empty
    assert "aantal trajecten" in m.cards[0].missing


def test_model_never_shows_a_count_below_five_for_a_municipality(run):
    table = collected(run).split.municipalities.table
    municipal = table[table["NIS-code"] != ""].drop(columns=["NIS-code", "Gemeente"])
    for text in municipal.to_numpy().ravel():
        assert text in ("<5", "x", "0") or int(text.replace(".", "")) >= 5, text
    assert (municipal == "<5").any().any() and (municipal == "x").any().any()


def test_model_of_a_municipality_with_small_numbers_shows_the_region(run, store_path):
    counts = region_counts(store_path, nis=REGIONS["w13"]["nis"])
    small = next(n for n in REGIONS["w13"]["nis"] if (counts.marks.loc[n] != "").any())
    s = collected(run, REGIONS["w13"]["nis"], (small,)).split
    assert s.fallback and "de regio" in s.fallback and s.scope == "totaal de regio"
    region = counts.table.loc[tr.REGION_ROW]
    links = s.flow_links
    assert links.loc[links["source"] == tr.STARTED, "value"].sum() == region[tr.STARTED]


def test_model_a_change_of_selection_does_not_count_again(run):
    built = []

    def keyed(key, func, *args, **kwargs):
        built.append(key)
        return func(*args, **kwargs)

    one, two = (collected(run, selected=(nis,), keyed=keyed) for nis in list(SITES)[:2])
    counted = [k for k in built if k[0] == "trajecten"]
    assert len(counted) == 2 and counted[0] == counted[1]   # one cache entry for both selections
    assert one.split.key != two.split.key   # the charts differ per selection
