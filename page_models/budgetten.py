"""Budgetten: first what a policymaker asks (how much a year, for which
years, who pays what), then where the partnership money comes from and
where it goes, per year or over the programme period, and the cost per
trajectory where both sides are published. An amount nobody published is
said to be so, never drawn as 0. The sidebar's filters do not apply: the
page's state is the chosen period and whether the modelled split is shown.

`collect` gathers the flows of that choice; what no choice changes (the
overview, the costs) comes from `fixed`, once per data version (`keyed`)."""
from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from analysis.budget import NOT_PUBLISHED, costs, funders, sankey_links
from common import format as fmt
from loaders import budget
from page_models.common import Keyed, Metric, Run, direct, metas, published, source_text, with_provenance

PERIOD, PERIOD_TEXT = "periode", "de hele programmaperiode"
SPLIT = budget.META["partner_split"]
LP_CODE = "lp_westhoek"
LP = budget.PROGRAMMES[LP_CODE]   # its words (promotor, partners, split node); its amounts come from the store
QUALITY = {"official": "gepubliceerd", "modelled": "gemodelleerd"}
COST_SOURCES = ["budget", "trajecten_gepubliceerd"]


def span(first: int, last: int) -> str:
    return str(first) if first == last else f"{first}-{last}"


@dataclass(frozen=True)
class Overview:
    """The yearly budget of the Westhoek partnership and who pays what."""
    title: str
    metrics: list[Metric]
    funders: pd.DataFrame
    caption: str
    source: str


@dataclass(frozen=True)
class Costs:
    """Cost per trajectory per programme, where budget and count are published."""
    table: pd.DataFrame
    source: str
    export: pd.DataFrame
    filename: str


@dataclass(frozen=True)
class Flows:
    """The flows of the chosen period: the chart's links (empty: nothing
    published), its title, notes and file name, what is not published, the
    table and its export."""
    title: str
    modelled: bool                  # the modelled split is shown
    links: pd.DataFrame
    chart_title: str
    notes: dict[str, str]
    chart_filename: str
    source: str                     # under the chart
    missing: str | None             # the flows without a published amount
    table: pd.DataFrame
    table_source: str
    export: pd.DataFrame
    export_notes: list[str]
    filename: str


@dataclass(frozen=True)
class BudgettenModel:
    period: str                     # "de hele programmaperiode" or the year
    overview: Overview
    flows: Flows
    costs: Costs


def years(run: Run) -> list[str]:
    """The years with budget data (the period choice's options)."""
    return run("budget_years")["year"].astype(str).tolist()


def overview(run: Run, known: dict[str, dict]) -> Overview:
    """The amounts as the store version holds them (a pinned version keeps its own)."""
    programmes = run("programmes").set_index("programme")
    lp = programmes.loc[LP_CODE]
    lp_years, lp_span = lp.last_year - lp.first_year + 1, span(lp.first_year, lp.last_year)
    every = run("budget_flows", year=None, modelled=False)
    first = run("budget_flows", year=int(lp.first_year), modelled=False)
    lp_funders = first[first["to_node"] == lp.label]
    paid = funders(dict(zip(lp_funders["from_node"], lp_funders["amount_eur"].astype(float))), lp_years)
    rows = pd.concat([paid, paid.sum().to_frame("Totaal").T])
    no_amount = programmes[programmes["total_eur"].isna()]
    return Overview(
        title=f"{lp.label}: {fmt.euro(lp.total_eur)} per jaar, {lp_span}",
        metrics=[Metric("Budget per jaar", fmt.euro(lp.total_eur)), Metric(f"Looptijd ({lp_years} jaar)", lp_span),
                 Metric(f"Over {lp_span}", fmt.euro(paid["period"].sum()))],
        funders=pd.DataFrame({"Financier": rows.index, "Per jaar": rows["per_year"].map(fmt.euro),
                              "Aandeel": rows["share"].map(fmt.percent),
                              f"Over {lp_span}": rows["period"].map(fmt.euro)}),
        caption=(f"Promotor: {LP['promotor']}. {len(LP['partners'])} partnerorganisaties: "
                 f"{', '.join(LP['partners'])}; hoeveel elk krijgt, is {NOT_PUBLISHED}. Geen bedrag gepubliceerd voor "
                 + "; ".join(f"{p.label}, financier: {', '.join(every.loc[every['to_node'] == p.label, 'from_node'])}"
                             for p in no_amount.itertuples()) + "."),
        source=source_text(known, ["budget"]))


def cost_table(run: Run, known: dict[str, dict], shown_years: list[str]) -> Costs:
    programmes = costs(run("programme_costs"))
    spans = [span(a, b) for a, b in zip(programmes["first_year"], programmes["last_year"])]
    cost_source = source_text(known, COST_SOURCES, extra="kost per traject: afgeleid")
    # Numbers stay numbers in the export; an empty cell is not published or not computable ("Berekening" says which).
    return Costs(
        table=pd.DataFrame({
            "Programma": programmes["label"], "Jaren": spans,
            "Budget over de periode": programmes["budget_eur"].map(lambda v: published(v, fmt.euro)),
            "Gepubliceerde trajecten": programmes["published_trajectories"].map(published),
            "Kost per traject": programmes["cost_per_trajectory"].map(lambda v: "–" if pd.isna(v) else fmt.euro(v)),
            "Kost per traject naar werk": programmes["cost_per_job"].map(lambda v: "–" if pd.isna(v) else fmt.euro(v)),
            "Berekening": programmes["basis"]}),
        source=cost_source,
        export=with_provenance(known, pd.DataFrame({
            "Programma": programmes["label"], "Jaren": spans,
            "Budget over de periode (EUR)": programmes["budget_eur"].astype(float),
            "Gepubliceerde trajecten": programmes["published_trajectories"].astype("Int64"),
            "Kost per traject (EUR)": programmes["cost_per_trajectory"],
            "Kost per traject naar werk (EUR)": programmes["cost_per_job"], "Berekening": programmes["basis"]}),
            COST_SOURCES),
        filename=f"kost_per_traject_{shown_years[0]}-{shown_years[-1]}")


def fixed(run: Run) -> tuple[dict[str, dict], Overview, Costs]:
    """What no choice on the page changes."""
    known = metas(run)
    return known, overview(run, known), cost_table(run, known, years(run))


def flows(run: Run, known: dict[str, dict], year: str, split: bool) -> Flows:
    """The flows of `year` (`PERIOD`: the whole programme period), with the
    modelled split over the partners when `split`."""
    period, every = PERIOD_TEXT if year == PERIOD else year, years(run)
    rows = run("budget_flows", year=None if year == PERIOD else int(year), modelled=split)
    modelled = bool((rows["quality"] == "modelled").any())   # the split, when shown
    sources = ["budget", "budget_verdeling"] if modelled else ["budget"]
    producers = {known[name]["quality"]: known[name]["producer"] for name in sources}
    spans = [span(a, b) for a, b in zip(rows["first_year"], rows["last_year"])]
    missing = [f"**{to}** ({s}, financier: {frm})" for to, frm, s, v
               in zip(rows["to_node"], rows["from_node"], spans, rows["amount_eur"]) if pd.isna(v)]
    links = sankey_links(rows, LP["split_node"], modelled)
    drawn = rows[rows["to_node"].isin(links["target"])]   # the years of what the chart draws
    drawn_span = span(drawn["first_year"].min(), drawn["last_year"].max()) if len(drawn) else ""
    table = pd.DataFrame({
        "Van": rows["from_node"], "Naar": rows["to_node"], "Jaren": spans,
        "Bedrag": rows["amount_eur"].map(lambda v: published(v, fmt.euro)),
        "Status": [NOT_PUBLISHED if pd.isna(v) else QUALITY[q] for v, q in zip(rows["amount_eur"], rows["quality"])]})
    table_source = source_text(known, sources)
    return Flows(
        title=f"Budgetstromen, {period}", modelled=modelled, links=links,
        chart_title=(f"{'Verdeling over de partners (gemodelleerd)' if modelled else 'Van financier naar partnerschap'}"
                     f", {drawn_span}"),
        notes={LP["label"]: f"naar {LP['split_node']}; {LP['split_note']}", LP["split_node"]: LP["split_note"]},
        chart_filename=f"budgetstromen_{'verdeling_' if modelled else ''}{drawn_span}",
        source=source_text(known, sources, extra="bedragen per jaar zoals gepubliceerd"
                           + ("; over de programmaperiode opgeteld" if year == PERIOD else "")),
        missing=(f"Budget {NOT_PUBLISHED}, dus niet in het diagram (en nooit als 0): " + "; ".join(missing) + "."
                 if missing else None),
        table=table, table_source=table_source,
        export=table.drop(columns="Bedrag").assign(**{"Bedrag (EUR)": rows["amount_eur"].astype(float),
                                                      "Kwaliteit": rows["quality"].map(fmt.quality),
                                                      "Bron": rows["quality"].map(producers)}),
        export_notes=[table_source, f"Periode: {period}"],
        filename=f"budgetstromen_{every[0]}-{every[-1]}" if year == PERIOD else f"budgetstromen_{year}")


def collect(run: Run, year: str, split: bool, keyed: Keyed = direct) -> BudgettenModel:
    """The page for the period `year` (`PERIOD` or a year of `years`) and
    the modelled split shown or not."""
    known, over, cost = keyed(("budgetten",), fixed, run)
    return BudgettenModel(PERIOD_TEXT if year == PERIOD else year, over, flows(run, known, year, split), cost)
