"""Budgetten: first what a policymaker asks (how much a year, for which
years, who pays what), then where the partnership money comes from and
where it goes, per year and over the programme period; amounts that are not
published are said to be so, never drawn as 0."""
from __future__ import annotations

import pandas as pd
import streamlit as st

from analysis.budget import NOT_PUBLISHED, costs, funders, sankey_links
from charts.sankey import flow_bars, sankey
from loaders import budget
from common import format as fmt
from ui import components, data, layout, presentation, urlstate
from ui.presentation import Slides
from ui.urlstate import BadParam, Param

PERIOD = "periode"
SPLIT = budget.META["partner_split"]
LP = budget.PROGRAMMES["lp_westhoek"]
QUALITY = {"official": "gepubliceerd", "modelled": "gemodelleerd"}

LP_YEARS = budget.years(LP)
NO_AMOUNT = [p for p in budget.PROGRAMMES.values() if "total_eur" not in p]

slides = Slides(["overzicht", "stromen", "stromen tabel", "kosten"])
years = data.run("budget_years")["year"].astype(str).tolist()


def _flag(raw: list[str]) -> bool:
    if raw[-1] not in ("0", "1"):
        raise BadParam(f"Onbekende waarde '{raw[-1]}' voor verdeling in de link; gebruik 1 of 0.")
    return raw[-1] == "1"


def _span(first: int, last: int) -> str:
    return str(first) if first == last else f"{first}-{last}"


split_param = [Param("verdeling", False, _flag, lambda v: "1")]
st.title("Budgetten")
for notice in urlstate.seed(split_param):
    st.warning(notice, icon=":material/link_off:")

if slides.show("overzicht"):
    lp_span = _span(LP_YEARS[0], LP_YEARS[-1])
    st.subheader(f"{LP['label']}: {fmt.euro(LP['total_eur'])} per jaar, {lp_span}")
    paid = funders({f["node"]: f["amount_eur"] for f in LP["funders"]}, len(LP_YEARS))
    for col, (label, value) in zip(st.columns(3), [
            ("Budget per jaar", fmt.euro(LP["total_eur"])), (f"Looptijd ({len(LP_YEARS)} jaar)", lp_span),
            (f"Over {lp_span}", fmt.euro(paid["period"].sum()))]):
        col.metric(label, value)
    st.markdown("**Wie betaalt wat**")
    rows = pd.concat([paid, paid.sum().to_frame("Totaal").T])
    st.dataframe(pd.DataFrame({
        "Financier": rows.index, "Per jaar": rows["per_year"].map(fmt.euro),
        "Aandeel": rows["share"].map(fmt.percent), f"Over {lp_span}": rows["period"].map(fmt.euro),
    }), hide_index=True)
    st.caption(f"Promotor: {LP['promotor']}. {len(LP['partners'])} partnerorganisaties: {', '.join(LP['partners'])}; "
               f"hoeveel elk krijgt, is {NOT_PUBLISHED}. Geen bedrag gepubliceerd voor "
               + "; ".join(f"{p['label']}, financier: {', '.join(f['node'] for f in p['funders'])}"
                           for p in NO_AMOUNT) + ".")
    components.source_line(["budget"])

if not presentation.active():   # no sidebar on the projector
    st.caption("Budgetten gelden per programma, niet per gemeente: de filters in de zijbalk gelden hier niet.")
# The choice of the flows, drawn (it keeps its value) but not shown on the overview's slide.
with presentation.hidden() if slides.current == "overzicht" else st.container():
    left, right = st.columns([2, 3])
with left:
    year = urlstate.selectbox(
        "Periode", [PERIOD, *years], "budgetjaar", PERIOD,
        lambda v: f"Jaar '{v}' in de link heeft geen budgetgegevens ({years[0]}-{years[-1]}); "
                  "getoond: de hele programmaperiode.",
        format_func=lambda y: "Hele programmaperiode" if y == PERIOD else y)
split = right.toggle(f"Gemodelleerde verdeling over de {len(LP['partners'])} partners tonen", key="verdeling",
                     help=f"Niet gepubliceerd. Aanname: {SPLIT['method']}. {SPLIT['reasoning']}")
urlstate.write(split_param)
period = "de hele programmaperiode" if year == PERIOD else year
when = f"{years[0]}-{years[-1]}" if year == PERIOD else year  # for file names

flows = data.run("budget_flows", year=None if year == PERIOD else int(year), modelled=split)
modelled = bool((flows["quality"] == "modelled").any())  # the split, when shown
if slides.show("stromen") or slides.show("stromen tabel"):
    st.subheader(f"Budgetstromen, {period}")
    if modelled:
        components.modelled_badge("Verdeling over de partners gemodelleerd")
    sources = ["budget", "budget_verdeling"] if modelled else ["budget"]
    producers = {data.meta(name)["quality"]: data.meta(name)["producer"] for name in sources}
    spans = [_span(a, b) for a, b in zip(flows["first_year"], flows["last_year"])]
    missing = [f"**{to}** ({span}, financier: {frm})" for to, frm, span, v
               in zip(flows["to_node"], flows["from_node"], spans, flows["amount_eur"]) if pd.isna(v)]
    if slides.show("stromen"):
        links = sankey_links(flows, LP["split_node"], modelled)
        if links.empty:
            st.info(f"Geen gepubliceerde bedragen voor {period}.", icon=":material/info:")
        else:
            drawn = flows[flows["to_node"].isin(links["target"])]   # the years of what the chart draws
            drawn_span = _span(drawn["first_year"].min(), drawn["last_year"].max())
            title = (f"{'Verdeling over de partners (gemodelleerd)' if modelled else 'Van financier naar partnerschap'}, "
                     f"{drawn_span}")
            note = f"naar {LP['split_node']}; {LP['split_note']}"
            notes = {LP["label"]: note, LP["split_node"]: LP["split_note"]}
            filename = f"budgetstromen_{'verdeling_' if modelled else ''}{drawn_span}"
            # The sidebar's filters do not apply here: built once per period and split. On a phone as bars.
            layout.by_width("budget_stromen", lambda: components.chart(
                data.figure(sankey, links, fmt.euro, title=title, height=420, notes=notes, key=("budgetten", year, split)),
                key="budget_sankey", filename=filename), lambda: components.chart(
                data.figure(flow_bars, links, fmt.euro, title=title, notes=notes, key=("budgetten", year, split)),
                key="budget_stromen_smal", filename=filename))
        components.source_line(sources, extra="bedragen per jaar zoals gepubliceerd"
                               + ("; over de programmaperiode opgeteld" if year == PERIOD else ""))
        if missing:
            st.info(f"Budget {NOT_PUBLISHED}, dus niet in het diagram (en nooit als 0): " + "; ".join(missing) + ".",
                    icon=":material/money_off:")
    if slides.show("stromen tabel"):
        table = pd.DataFrame({
            "Van": flows["from_node"], "Naar": flows["to_node"], "Jaren": spans,
            "Bedrag": flows["amount_eur"].map(lambda v: NOT_PUBLISHED if pd.isna(v) else fmt.euro(v)),
            "Status": [NOT_PUBLISHED if pd.isna(v) else QUALITY[q] for v, q in zip(flows["amount_eur"], flows["quality"])],
        })
        st.dataframe(table, hide_index=True, height=presentation.table_height())
        components.source_line(sources)
        export = table.drop(columns="Bedrag").assign(**{"Bedrag (EUR)": flows["amount_eur"].astype(float),
                                                         "Kwaliteit": flows["quality"].map(fmt.quality),
                                                         "Bron": flows["quality"].map(producers)})
        components.downloads(export, f"budgetstromen_{when}", [components.source_text(sources), f"Periode: {period}"],
                             key="budget_dl")

if slides.show("kosten"):
    st.subheader("Kost per traject")
    programmes = data.keyed(("budgetten",), costs, data.run("programme_costs"))
    spans = [_span(a, b) for a, b in zip(programmes["first_year"], programmes["last_year"])]
    st.dataframe(pd.DataFrame({
        "Programma": programmes["label"], "Jaren": spans,
        "Budget over de periode": programmes["budget_eur"].map(lambda v: NOT_PUBLISHED if pd.isna(v) else fmt.euro(v)),
        "Gepubliceerde trajecten": programmes["published_trajectories"].map(
            lambda v: NOT_PUBLISHED if pd.isna(v) else fmt.number(v)),
        "Kost per traject": programmes["cost_per_trajectory"].map(lambda v: "–" if pd.isna(v) else fmt.euro(v)),
        "Kost per traject naar werk": programmes["cost_per_job"].map(lambda v: "–" if pd.isna(v) else fmt.euro(v)),
        "Berekening": programmes["basis"],
    }), hide_index=True)
    st.caption("Een kost per traject is afgeleid (budget ÷ gepubliceerd aantal trajecten) en staat er alleen waar "
               "beide gepubliceerd zijn; nooit uit gemodelleerde aantallen.")
    cost_sources = ["budget", "trajecten_gepubliceerd"]
    cost_source = components.source_text(cost_sources, extra="kost per traject: afgeleid")
    st.caption(cost_source)
    # Numbers stay numbers; an empty cell is not published or not computable ("Berekening" says which).
    components.downloads(components.with_provenance(pd.DataFrame({
        "Programma": programmes["label"], "Jaren": spans,
        "Budget over de periode (EUR)": programmes["budget_eur"].astype(float),
        "Gepubliceerde trajecten": programmes["published_trajectories"].astype("Int64"),
        "Kost per traject (EUR)": programmes["cost_per_trajectory"],
        "Kost per traject naar werk (EUR)": programmes["cost_per_job"], "Berekening": programmes["basis"],
    }), cost_sources), f"kost_per_traject_{years[0]}-{years[-1]}", [cost_source], key="budget_kosten_dl")
