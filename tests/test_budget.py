"""Budget flows: every published amount checked in the store against
loaders/budget.yml, "not published" stored as NULL (never 0), the Sankey
balanced and its labels readable (amount whole, never captioned "niet
gepubliceerd"), derived costs only where both sides are published, and the
Budgetten page through AppTest (opening on the yearly budget, the period and
who pays what)."""
from __future__ import annotations

import copy
import re

import pandas as pd
import pytest

from analysis.budget import NOT_PUBLISHED, costs, funders, sankey_links
from charts.sankey import BAR_PX, NBSP, WRAP, flow_bars, sankey
from charts.theme import MODELLED_NOTE
from loaders import budget
from page_models import budgetten
from loaders.errors import SourceError
from tests.modelled import read, read_named
from tests.helpers import open_page
from tests.helpers.pages import balanced, csv_number, exported, html_tables, right_aligned
from common import format as fmt

PAGE = "views/budgetten.py"
LP = budget.PROGRAMMES["lp_westhoek"]
LP_YEARS = list(budget.years(LP))


def flows(store_path) -> pd.DataFrame:
    return read(store_path, "select * from budget_flows")


def test_lp_runs_six_years_from_2024_as_published(store_path):
    years = read(store_path, "select distinct year from budget_flows where to_node = ? order by year",
                 [LP["label"]])["year"].tolist()
    assert years == LP_YEARS
    assert years[0] == LP["first_year"] and len(years) == LP["years"]


@pytest.mark.parametrize("funder", LP["funders"], ids=lambda f: f["node"])
def test_each_funder_gives_the_published_amount_every_year(store_path, funder):
    rows = read(store_path, "select year, amount_eur, quality from budget_flows where from_node = ? and to_node = ?",
                [funder["node"], LP["label"]])
    assert rows["year"].tolist() == LP_YEARS
    assert (rows["amount_eur"] == funder["amount_eur"]).all()
    assert (rows["quality"] == "official").all()


def test_yearly_total_is_the_published_total_and_goes_to_the_unpublished_split(store_path):
    into = read(store_path, "select year, sum(amount_eur) as total from budget_flows where to_node = ? "
                            "group by year order by year", [LP["label"]])
    assert (into["total"] == LP["total_eur"]).all()
    out = read(store_path, "select year, from_node, to_node, amount_eur, quality from budget_flows "
                           "where from_node = ? order by year", [LP["label"]])
    assert out["to_node"].unique().tolist() == [LP["split_node"]]
    assert (out["amount_eur"] == LP["total_eur"]).all() and (out["quality"] == "official").all()


def test_modelled_split_covers_the_eleven_partners_and_adds_up_to_the_cent(store_path):
    split = read(store_path, "select year, to_node, amount_eur, quality from budget_flows where from_node = ?",
                 [LP["split_node"]])
    assert (split["quality"] == "modelled").all()
    assert sorted(split["to_node"].unique()) == sorted(LP["partners"])
    per_year = split.groupby("year")["amount_eur"].sum().round(2)
    assert (per_year == LP["total_eur"]).all() and per_year.index.tolist() == LP_YEARS


@pytest.mark.parametrize("total_cents,partners", [(60889035, 11), (100, 3), (5, 7)])
def test_equal_split_is_exact_in_cents(total_cents, partners):
    names = [f"p{i}" for i in range(partners)]
    split = budget.equal_split(total_cents, names)
    assert sum(split.values()) == total_cents
    assert max(split.values()) - min(split.values()) <= 1


@pytest.mark.parametrize("code", [c for c, p in budget.PROGRAMMES.items()
                                  if any(f["amount_eur"] is None for f in p["funders"])])
def test_unpublished_budgets_are_null_never_zero(store_path, code):
    programme = budget.PROGRAMMES[code]
    rows = read(store_path, "select year, amount_eur from budget_flows where to_node = ?", [programme["label"]])
    assert rows["year"].tolist() == list(budget.years(programme))
    assert rows["amount_eur"].isna().all()
    assert read(store_path, "select count(*) as n from budget_flows where amount_eur = 0")["n"].iat[0] == 0


def test_funders_that_do_not_add_up_are_refused_with_a_dutch_message():
    meta = copy.deepcopy(budget.META)
    meta["programmes"]["lp_westhoek"]["total_eur"] += 1
    with pytest.raises(SourceError, match="tellen niet op tot het totaal") as err:
        budget.flows(meta)
    assert err.value.column == "total_eur" and err.value.file == "budget.yml"


def test_programme_budget_over_the_period(store_path):
    rows = read_named(store_path, "programme_costs").set_index("programme")
    assert rows.at["lp_westhoek", "budget_eur"] == pytest.approx(LP["total_eur"] * LP["years"], abs=0.005)
    unpublished = [c for c, p in budget.PROGRAMMES.items() if "total_eur" not in p]
    assert rows.loc[unpublished, "budget_eur"].isna().all()


@pytest.mark.parametrize("year", [None, *LP_YEARS[:1]])
@pytest.mark.parametrize("modelled", [False, True])
def test_sankey_draws_one_level_of_published_or_modelled_flows(store_path, year, modelled):
    links = sankey_links(read_named(store_path, "budget_flows", year=year, modelled=modelled), LP["split_node"],
                         modelled)
    assert links["modelled"].all() == modelled and links["modelled"].any() == modelled
    # Two columns: funders -> programme, or the split node -> partners.
    assert not set(links["source"]) & set(links["target"])
    expected = ({LP["split_node"]}, set(LP["partners"])) if modelled else (
        {f["node"] for f in LP["funders"]}, {LP["label"]})
    assert (set(links["source"]), set(links["target"])) == expected
    years = 1 if year else LP["years"]
    assert links["value"].sum() == pytest.approx(LP["total_eur"] * years, abs=0.005)
    fig = sankey(links, fmt.euro)
    assert balanced(fig)
    assert len(fig.data[0].link.value) == len(links) > 0


def test_sankey_balance_over_three_columns(store_path):
    flows = read_named(store_path, "budget_flows", year=None, modelled=True)
    links = pd.concat([sankey_links(flows, LP["split_node"], False), sankey_links(flows, LP["split_node"], True)])
    assert balanced(sankey(links, fmt.euro))


def test_sankey_balance_check_can_fail():
    links = pd.DataFrame({"source": ["a", "b"], "target": ["b", "c"], "value": [10.0, 9.0]})
    assert not balanced(sankey(links, fmt.euro))


def test_costs_are_derived_only_where_budget_and_count_are_published():
    rows = pd.DataFrame({
        "budget_eur": [1_000_000.0, None, 500_000.0],
        "published_trajectories": pd.array([400, 50, None], dtype="Int64"),
        "published_to_work": pd.array([160, None, None], dtype="Int64"),
    })
    out = costs(rows)
    assert out.at[0, "cost_per_trajectory"] == rows.at[0, "budget_eur"] / rows.at[0, "published_trajectories"]
    assert out.at[0, "cost_per_job"] == rows.at[0, "budget_eur"] / rows.at[0, "published_to_work"]
    assert out.at[0, "basis"].startswith("afgeleid")
    assert out.loc[1:, ["cost_per_trajectory", "cost_per_job"]].isna().all().all()
    assert "budget niet gepubliceerd" in out.at[1, "basis"]
    assert "aantal trajecten niet gepubliceerd" in out.at[2, "basis"]


def test_no_cost_per_modelled_trajectory(app):
    at = open_page(app, PAGE)
    costs_table = next(t for t in html_tables(at) if "Kost per traject" in t.columns)
    assert (costs_table["Kost per traject"] == "–").all()
    assert not any("deelnemers" in c.value for c in at.caption)


def test_tables_right_align_their_figures(app):
    """Issue 18.2: amounts, counts and what stands for a missing one ("–", "niet gepubliceerd") stand
    right-aligned, as in a Belgian report; names left (they stood all left). On a slide every table is HTML."""
    at = open_page(app, PAGE)
    costs_table, aligned = next((t, a) for t, a in zip(html_tables(at), right_aligned(at))
                                if "Kost per traject" in t.columns)
    figures = ["Budget over de periode", "Gepubliceerde trajecten", "Kost per traject", "Kost per traject naar werk"]
    assert aligned == figures, costs_table.head(3)
    # "niet gepubliceerd" stands in a column of figures; the programmes' years ("2016-2022") and names are text.
    assert (costs_table[figures] == NOT_PUBLISHED).any().any()


def test_no_programme_has_both_sides_published_so_no_cost_is_shown(store_path):
    out = costs(read_named(store_path, "programme_costs"))
    both = out["budget_eur"].notna() & out["published_trajectories"].notna()
    assert out.loc[~both, "cost_per_trajectory"].isna().all()
    assert out["basis"].str.startswith("niet berekenbaar").tolist() == (~both).tolist()


def test_funders_table_reproduces_the_published_amounts():
    paid = funders({f["node"]: f["amount_eur"] for f in LP["funders"]}, LP["years"])
    for f in LP["funders"]:
        assert paid.at[f["node"], "per_year"] == f["amount_eur"]
        assert paid.at[f["node"], "period"] == pytest.approx(f["amount_eur"] * LP["years"], abs=0.005)
    assert paid["per_year"].sum() == pytest.approx(LP["total_eur"], abs=0.005)
    assert paid["share"].sum() == pytest.approx(100)


def label_lines(fig) -> list[str]:
    return [line for label in fig.data[0].node.label for line in label.split("<br>")]


@pytest.mark.parametrize("modelled", [False, True])
def test_sankey_labels_keep_the_euro_with_its_amount_and_never_contradict(store_path, modelled):
    # Issue 18.11: "verdeling over 11 partners (niet gepubliceerd): € 3.653.342,10".
    flows = read_named(store_path, "budget_flows", year=None, modelled=modelled)
    notes = {LP["label"]: LP["split_note"], LP["split_node"]: LP["split_note"]}
    fig = sankey(sankey_links(flows, LP["split_node"], modelled), fmt.euro, notes=notes)
    lines = label_lines(fig)
    amounts = [line for line in lines if "€" in line]
    assert len(amounts) == len(fig.data[0].node.label)   # every node its amount, on a line of its own
    assert all(re.fullmatch(rf"€{NBSP}[\d.]+,\d\d", line) for line in amounts), amounts
    assert not [line for line in lines if "niet gepubliceerd" in line and "€" in line]
    assert all(len(line.removeprefix("<i>").removesuffix("</i>")) <= WRAP or " " not in line
               for line in lines if "€" not in line)


@pytest.mark.parametrize("modelled", [False, True])
def test_flow_bars_show_every_link_under_its_own_label(store_path, modelled):
    # Issue 18.3: on a phone the Sankey's labels covered its flows; the bars
    # carry each link's amount (€ with it) in a label above the bar.
    flows = read_named(store_path, "budget_flows", year=None, modelled=modelled)
    links = sankey_links(flows, LP["split_node"], modelled)
    fig = flow_bars(links, fmt.euro, notes={LP["label"]: LP["split_note"]})
    bars, labels = fig.data[0], fig.layout.annotations[:len(links)]
    assert list(bars.x) == pytest.approx(links["value"].tolist())
    for label, value in zip(labels, links["value"]):
        assert f"<b>{fmt.euro(value).replace(' ', NBSP)}</b>" in label.text
    # The y axis counts pixels: a label ends before its bar, the next label starts after it.
    lines = [label.text.count("<br>") + 1 for label in labels]
    tops, centres = [label.y for label in labels], list(bars.y)
    assert all(top + n * 15 <= centre - BAR_PX / 2 for top, n, centre in zip(tops, lines, centres))
    assert all(centre + BAR_PX / 2 <= top for centre, top in zip(centres, tops[1:]))
    assert (MODELLED_NOTE in [a.text for a in fig.layout.annotations]) == modelled


def table_text(app) -> str:
    return "\n".join(d.value.to_string() for d in app.dataframe)


def test_page_opens_on_the_yearly_budget_period_and_who_pays_what(app):
    # Issue 18.11: the first thing on the page answers "how much a year, for
    # which years, who pays what".
    at = open_page(app, PAGE)
    span = f"{LP_YEARS[0]}-{LP_YEARS[-1]}"
    first = at.subheader[0].value
    assert fmt.euro(LP["total_eur"]) in first and "per jaar" in first and span in first
    assert [m.value for m in at.metric[:3]] == [fmt.euro(LP["total_eur"]), span,
                                                fmt.euro(LP["total_eur"] * LP["years"])]
    paid = at.dataframe[0].value.set_index("Financier")
    for f in LP["funders"]:
        assert paid.at[f["node"], "Per jaar"] == fmt.euro(f["amount_eur"])
        assert paid.at[f["node"], f"Over {span}"] == fmt.euro(f["amount_eur"] * LP["years"])
    assert paid.at["Totaal", "Per jaar"] == fmt.euro(LP["total_eur"])
    assert paid.index.tolist() == [f["node"] for f in LP["funders"]] + ["Totaal"]


def test_page_shows_published_amounts_in_belgian_euros_and_says_not_published(app):
    at = open_page(app, PAGE)
    text = table_text(at)
    assert fmt.euro(LP["total_eur"] * LP["years"]) in text
    for funder in LP["funders"]:
        assert fmt.euro(funder["amount_eur"] * LP["years"]) in text
    assert "niet gepubliceerd" in text
    assert any("niet gepubliceerd" in i.value for i in at.info)
    assert not any("badge" in m.value for m in at.markdown)


def test_page_year_and_modelled_split_from_the_link(app):
    at = open_page(app, PAGE, budgetjaar=str(LP_YEARS[0]), verdeling="1")
    text = table_text(at)
    assert fmt.euro(LP["total_eur"]) in text
    assert all(p in text for p in LP["partners"])
    assert any("badge" in m.value and "gemodelleerd" in m.value for m in at.markdown)
    assert at.toggle(key="verdeling").value is True


def test_page_bad_year_in_link_gives_dutch_notice(app):
    at = open_page(app, PAGE, budgetjaar="1990")
    assert any("1990" in w.value and "programmaperiode" in w.value for w in at.warning)


def test_page_exports_flows_and_costs_as_numbers(app, store_path, downloads):
    open_page(app, PAGE)
    years = read_named(store_path, "budget_years")["year"].tolist()
    span = f"{years[0]}-{years[-1]}"
    csv, xlsx = exported(downloads, f"budgetstromen_{span}")
    for funder in LP["funders"]:
        for back, number in ((csv, csv_number), (xlsx, float)):
            row = back[(back["Van"] == funder["node"]) & (back["Naar"] == LP["label"])]
            assert number(row["Bedrag (EUR)"].iat[0]) == pytest.approx(funder["amount_eur"] * LP["years"])
    unpublished = xlsx["Status"] == "niet gepubliceerd"
    assert unpublished.any() and xlsx.loc[unpublished, "Bedrag (EUR)"].isna().all()
    assert (csv.loc[csv["Status"] == "niet gepubliceerd", "Bedrag (EUR)"] == "").all()
    assert xlsx.loc[~unpublished, "Bedrag (EUR)"].map(lambda v: isinstance(v, float)).all()
    assert csv["Bron"].str.len().gt(0).all()

    expected = costs(read_named(store_path, "programme_costs")).set_index("label")
    csv, xlsx = exported(downloads, f"kost_per_traject_{span}")
    for back, number in ((csv, lambda t: csv_number(t) if t else None), (xlsx, lambda v: v)):
        rows = back.set_index("Programma")
        assert rows.index.tolist() == expected.index.tolist()
        for label, row in expected.iterrows():
            budget_cell = number(rows.at[label, "Budget over de periode (EUR)"])
            if pd.isna(row["budget_eur"]):
                assert budget_cell is None, label
            else:
                assert budget_cell == pytest.approx(row["budget_eur"]), label
            assert rows.at[label, "Berekening"] == row["basis"]
    assert isinstance(xlsx.set_index("Programma").at[LP["label"], "Budget over de periode (EUR)"], float)
    assert (xlsx["Kwaliteit"] == fmt.quality("official")).all()


# The page model (`page_models.budgetten.collect`) with the plain query runner.

def test_model_overview_is_the_yearly_budget_and_who_pays_what(run):
    o = budgetten.collect(run, budgetten.PERIOD, False).overview
    span = f"{LP_YEARS[0]}-{LP_YEARS[-1]}"
    assert fmt.euro(LP["total_eur"]) in o.title and span in o.title
    assert [m.value for m in o.metrics] == [fmt.euro(LP["total_eur"]), span, fmt.euro(LP["total_eur"] * LP["years"])]
    paid = o.funders.set_index("Financier")
    assert paid.index.tolist() == [f["node"] for f in LP["funders"]] + ["Totaal"]
    for f in LP["funders"]:
        assert paid.at[f["node"], "Per jaar"] == fmt.euro(f["amount_eur"])
    assert all(p in o.caption for p in LP["partners"]) and "niet gepubliceerd" in o.caption


@pytest.mark.parametrize("split", [False, True])
def test_model_flows_of_a_year_are_the_stored_ones(run, store_path, split):
    year = LP_YEARS[0]
    f = budgetten.collect(run, str(year), split).flows
    stored = read(store_path, "select * from budget_flows where year = ? and (quality = 'official' or ?)",
                  [year, split])
    assert f.modelled == split and ("gemodelleerd" in f.chart_title) == split
    assert sorted(f.export["Bedrag (EUR)"].dropna()) == pytest.approx(sorted(stored["amount_eur"].dropna()))
    drawn = stored[stored["quality"] == "modelled"]["amount_eur"].sum() if split else LP["total_eur"]
    assert f.links["value"].sum() == pytest.approx(drawn) and f.filename == f"budgetstromen_{year}"


def test_model_flows_of_the_period_say_not_published_never_0(run, store_path):
    f = budgetten.collect(run, budgetten.PERIOD, False).flows
    missing = read(store_path, "select distinct from_node, to_node from budget_flows where amount_eur is null")
    unpublished = f.table["Status"] == "niet gepubliceerd"
    assert sorted(zip(f.table.loc[unpublished, "Van"], f.table.loc[unpublished, "Naar"])) == sorted(
        zip(missing["from_node"], missing["to_node"])) and len(missing)
    assert (f.table.loc[unpublished, "Bedrag"] == "niet gepubliceerd").all()
    assert f.export.loc[unpublished, "Bedrag (EUR)"].isna().all()
    assert all(f"**{to}**" in f.missing for to in missing["to_node"])
    assert not f.links["target"].isin(missing["to_node"]).any()


def test_model_costs_are_the_derived_ones(run, store_path):
    c = budgetten.collect(run, budgetten.PERIOD, False).costs
    expected = costs(read_named(store_path, "programme_costs"))
    assert c.table["Programma"].tolist() == c.export["Programma"].tolist() == expected["label"].tolist()
    assert c.table["Budget over de periode"].tolist() == [
        "niet gepubliceerd" if pd.isna(v) else fmt.euro(v) for v in expected["budget_eur"]]
    assert c.export["Berekening"].tolist() == expected["basis"].tolist()
    years = read_named(store_path, "budget_years")["year"]
    assert c.filename == f"kost_per_traject_{years.min()}-{years.max()}"


def test_model_a_change_of_period_or_split_rebuilds_only_the_flows(run):
    built = []

    def keyed(key, func, *args, **kwargs):
        built.append(key)
        return func(*args, **kwargs)

    first = budgetten.collect(run, budgetten.PERIOD, False, keyed=keyed)
    other = budgetten.collect(run, str(LP_YEARS[0]), True, keyed=keyed)
    assert built == [("budgetten",)] * 2   # the same key: cached once in the app
    assert first.overview.title == other.overview.title and first.flows.title != other.flows.title
