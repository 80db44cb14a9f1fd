"""Trajecten: first what each coaching programme published (official
figures, 'niet gepubliceerd' where nothing is, never added up across
programmes), then, marked as such, the modelled split of those totals over
municipalities, start years and outcomes, with counts below 5 per
municipality hidden."""
from __future__ import annotations

import pandas as pd
import streamlit as st

from analysis import trajecten as tr
from analysis.budget import NOT_PUBLISHED
from analysis.suppression import HIDDEN_TEXT, MIN_COUNT, PRIMARY, SECONDARY, as_text, masked, with_hidden
from charts.sankey import flow_bars, sankey
from charts.trajecten import per_municipality, timeline
from common.vocabulary import ALL
from loaders import budget, doelgroepen, model_trajecten as model
from loaders.regions import REGIONS
from common import format as fmt
from ui import components, data, filters, layout, model_notes, presentation, urlstate
from ui.presentation import Slides

PUBLISHED_SOURCE = model.META["published_indicator"]["indicator"]
SOURCES = [model.INDICATOR, PUBLISHED_SOURCE]
PUBLISHED = model.META["published"]
REASONS = list(model.META["stop_reasons"])
LABELS = tr.category_labels(model.META["labels"], model.META["stop_reasons"])
FLOW_LABELS = LABELS | {tr.stop_category(r): f"{LABELS['stopped']} – {label[0].lower()}{label[1:]}"
                        for r, label in model.META["stop_reasons"].items()}
SITES = model.META["assumptions"]["t_werkt"]["sites"]["value"]   # 't Werkt: municipality -> first day

f = filters.current()
names = filters.municipality_names()
programmes = data.run("programmes").set_index("programme")
programme_labels = programmes["label"].to_dict()
years = data.run("trajectory_start_years")["year"].astype(str).tolist()
modelled = data.is_modelled(model.INDICATOR)   # the records' quality (an official register would change it)

st.title("Trajecten")
left, right = st.columns(2)
with left:
    programme = urlstate.selectbox(
        "Programma", [ALL, *programme_labels], "programma", ALL,
        lambda v: f"Onbekend programma '{v}' in de link; getoond: alle programma's.",
        format_func=lambda p: "Alle programma's" if p == ALL else programme_labels[p])
with right:
    start_year = urlstate.selectbox(
        "Startjaar", [ALL, *years], "startjaar", ALL,
        lambda v: f"Startjaar '{v}' in de link valt buiten {years[0]}-{years[-1]}; getoond: alle jaren.",
        format_func=lambda y: "Alle jaren" if y == ALL else y)
st.caption("Het jaarfilter in de zijbalk (werkzaamheidsgraad) geldt hier niet; kies hierboven een startjaar. "
           "Programma en startjaar staan ook in de link.")

# The programmes of the chosen region (or the chosen one), and those of them
# whose source published outcomes.
shown = ([programme] if programme != ALL else
         [c for c in programmes.index if set(REGIONS[programmes.at[c, "region"]]["nis"]) & set(f.region_nis)])
with_outcomes = [c for c in shown if "ended" in PUBLISHED.get(c, {})]
published_slides = [f"gepubliceerd {code}" for code in shown] or ["gepubliceerd"]   # on a slide: one programme each
slides = Slides([*published_slides, *(["uitkomsten"] if with_outcomes else []), "stroom", "verloop", "per gemeente",
                 "per gemeente tabel"])
published_source = components.source_text([PUBLISHED_SOURCE, "budget"])


def span(first: int, last: int) -> str:
    return str(first) if first == last else f"{first}-{last}"


def where(code: str) -> str:
    """Where and when a programme ran: 't Werkt per municipality from its own start."""
    last = programmes.at[code, "last_year"]
    if code == "t_werkt":
        return ", ".join(f"{names[nis]} {span(first.year, last)}" for nis, first in SITES.items())
    when = span(programmes.at[code, "first_year"], last)
    note = budget.PROGRAMMES[code].get("period_note")
    return f"{filters.REGION_LABELS[programmes.at[code, 'region']]}, {when}" + (f" ({note})" if note else "")


def target_group(code: str) -> str:
    return (doelgroepen.LABELS.get(PUBLISHED.get(code, {}).get("target_group"))
            or budget.PROGRAMMES[code]["target_group_text"])


def missing_text(values: pd.Series, budget_published: bool) -> str:
    """What a programme did not publish, in words."""
    missing = ([] if not values.empty else ["aantal trajecten"]) + (
        [] if tr.ENDED in values else
        ["uitkomsten (" + ", ".join(LABELS[k].lower() for k in tr.PUBLISHED if k not in values) + ")"]) + (
        [] if budget_published else ["budget"])
    return f"{NOT_PUBLISHED.capitalize()}: {', '.join(missing)}." if missing else ""


if any(slides.show(section) for section in published_slides):
    st.subheader("Wat de programma's publiceerden")
    st.badge("Gepubliceerde cijfers (officieel)", icon=":material/verified:", color="green")
    table = tr.published_table(PUBLISHED, shown, model.UNEXPLAINED)
    for code in shown:
        if not slides.show(f"gepubliceerd {code}"):
            continue
        values = table.loc[code].dropna()
        total = budget.PROGRAMMES[code].get("total_eur")
        st.markdown(f"**{programme_labels[code]}** · {where(code)} · doelgroep: {target_group(code).lower()}")
        items = [(LABELS[k], fmt.number(v)) for k, v in values.items()] + (
            [("Budget per jaar", fmt.euro(total))] if total else [])
        # Started, ongoing, ended; then the outcomes (on a slide all in one row).
        per_row = max(len(items), 1) if presentation.active() else 3
        for row in range(0, len(items), per_row):
            for col, (label, value) in zip(st.columns(per_row), items[row:row + per_row]):
                col.metric(label, value)
        st.caption(missing_text(values, bool(total)))
    st.caption("Zoals de programma's ze publiceerden: per programma, nooit opgeteld (ze tellen andere mensen, in "
               f"andere gemeenten en jaren). Wat een bron niet geeft, staat als '{NOT_PUBLISHED}': de monitor "
               "verzint het niet. De filters gemeente, doelgroep en startjaar gelden hier niet.")
    st.caption(published_source)
    first = pd.DataFrame({"Programma": [programme_labels[c] for c in shown],
                          "Waar en wanneer": [where(c) for c in shown],
                          "Doelgroep": [target_group(c) for c in shown]})
    money = pd.DataFrame({"Budget per jaar (EUR)": [budget.PROGRAMMES[c].get("total_eur", NOT_PUBLISHED)
                                                    for c in shown]})
    export = pd.concat([first, table.astype(object).where(table.notna(), NOT_PUBLISHED).rename(columns=LABELS)
                        .reset_index(drop=True), money], axis=1)
    period = span(programmes.loc[shown, "first_year"].min(), programmes.loc[shown, "last_year"].max())
    components.downloads(components.with_provenance(export, [PUBLISHED_SOURCE, "budget"], False),
                         f"trajecten_gepubliceerd_{'alle-programmas' if programme == ALL else programme}_"
                         f"{f.slug}_{period}", [published_source], key="trajecten_gepubliceerd_dl")


def share_notes(shares: pd.DataFrame, pub: dict, ended: float) -> list[str]:
    """Footnotes: shares come from the counts; where the source's own
    percentage differs, both; the unexplained stops."""
    notes = [f"Aandelen van de {fmt.number(ended)} beëindigde trajecten, berekend uit de gepubliceerde aantallen."]
    for _, row in shares[shares["differs"]].iterrows():
        pct = fmt.percent(row["source_share"], 0)
        notes.append(f"{LABELS[row['category']]}: de bron noemt {pct}, de aantallen geven {fmt.percent(row['share'])} "
                     f"({fmt.number(row['count'])} van {fmt.number(ended)}); afgerond {pct} zijn "
                     f"{fmt.number(row['fits_low'])} tot {fmt.number(row['fits_high'])} van de {fmt.number(ended)} "
                     "trajecten.")
    notes.append(f"{LABELS[tr.stop_category(model.UNEXPLAINED)]} ({fmt.number(model.unexplained(pub))}): de bron "
                 f"verklaart van de {fmt.number(pub['outcomes']['stopped'])} niet volledig doorlopen trajecten er "
                 + " en ".join(fmt.number(n) for n in pub["stop_reasons"].values())
                 + "; de rest toont de monitor apart, zonder een reden te verzinnen.")
    return notes


if with_outcomes and slides.show("uitkomsten"):
    for code in with_outcomes:
        pub = PUBLISHED[code]
        st.subheader(f"Uitkomsten van {programme_labels[code]}, zoals gepubliceerd")
        values = tr.published_values(pub, model.UNEXPLAINED)
        shares = tr.shares(values, REASONS, pub)
        st.dataframe(pd.DataFrame({
            "Uitkomst": shares["category"].map(LABELS),
            "Aantal": shares["count"].map(fmt.number),
            "Aandeel (berekend uit de aantallen)": shares["share"].map(fmt.percent),
            "Aandeel volgens de bron": shares["source_share"].map(lambda v: fmt.percent(v, 0) if pd.notna(v) else ""),
        }), hide_index=True)
        notes = share_notes(shares, pub, values[tr.ENDED])
        for note in [" ".join(notes)] if presentation.active() else notes:   # a slide: one footer
            st.caption(note)
        st.caption(published_source)
        outcomes = pd.DataFrame({"Uitkomst": shares["category"].map(LABELS), "Aantal": shares["count"].astype(int),
                                 "Aandeel berekend uit de aantallen (%)": shares["share"],
                                 "Aandeel volgens de bron (%)": shares["source_share"]})
        components.downloads(components.with_provenance(outcomes, [PUBLISHED_SOURCE], False),
                             f"trajecten_{code}_uitkomsten_gepubliceerd_"
                             f"{span(programmes.at[code, 'first_year'], programmes.at[code, 'last_year'])}",
                             [published_source, *notes], key=f"trajecten_uitkomsten_{code}_dl")

# --- The modelled split of the published totals ---------------------------
query = dict(nis=list(f.region_nis), programme=None if programme == ALL else programme,
             target_group=f.group, start_year=None if start_year == ALL else int(start_year))
# The year filter does not apply here: a year change reruns the page with the same choice, so what the
# choice determines (the suppressed counts, the charts, the tables) is built once (`ui.data.keyed`).
CHOICE = ("trajecten", tuple(f.region_nis), programme, f.group, start_year)
SHOWN = (*CHOICE, tuple(f.selected))
counts = data.keyed(CHOICE, tr.counts, data.run("trajectory_cells", **query),
                    data.run("trajectory_timeseries", **query), list(f.region_nis), REASONS)
unpublished = [programme_labels[c] for c in shown if "started" not in PUBLISHED.get(c, {})]
view = tr.shown(counts.table, counts.marks, list(f.selected))
if view.values[tr.STARTED] == 0:
    if unpublished and programme != ALL:
        st.info(f"{unpublished[0]}: trajecten en uitkomsten {NOT_PUBLISHED}. De monitor toont er daarom geen "
                "(hij verzint ze niet); het budget staat hierboven en op de pagina Budgetten.",
                icon=":material/info:")
    else:
        st.info("Geen trajecten voor deze keuze. 't Werkt loopt in Kortrijk en Menen (migratieachtergrond), de "
                "proeftuin in de Westhoek (inburgeraars); kies een andere regio, doelgroep, programma of startjaar.",
                icon=":material/info:")
    st.stop()

scope = (f"{', '.join(names[n] for n in f.selected)}" if f.selected and not view.region_fallback
         else f"totaal {f.region_label}")
# The flow is the published figure itself when it shows exactly the published
# counts of the one programme in view (all of it); else a modelled part.
in_view = [c for c in shown if c in PUBLISHED]
flow_modelled = modelled and not (len(in_view) == 1 and tr.matches_published(view.values, PUBLISHED[in_view[0]],
                                                                             REASONS))
chosen_years = tr.start_years(counts, [n for n in f.selected if n in counts.table.index])
described = (f"{scope} · {programme_labels.get(programme, 'alle programma’s')} · "
             f"{'alle startjaren' if start_year == ALL else f'gestart in {start_year}'}")
basename = (f"trajecten_{'alle-programmas' if programme == ALL else programme}_{f.slug}_"
            + (f"startjaren-{span(chosen_years[0], chosen_years[-1])}" if start_year == ALL
               else f"start-{start_year}"))
source_text = components.source_text(SOURCES, modelled=modelled)

if any(slides.show(section) for section in ("stroom", "verloop", "per gemeente", "per gemeente tabel")):
    st.header("Verdeling over gemeenten en startjaren")
    if modelled:
        components.modelled_badge("Verdeling gemodelleerd")
    if modelled and slides.show("stroom"):   # on a slide the first only: the table's slide needs the room
        st.caption("Gepubliceerd zijn alleen de totalen hierboven. Hoe ze over gemeenten, startjaren en uitkomsten "
                   "verdeeld zijn, is een model dat die totalen exact volgt (aannames onderaan)."
                   + "".join(f" {label}: geen trajecten gepubliceerd, dus hier geen." for label in unpublished))
    st.caption(described)
    if view.region_fallback:
        st.info(f"Voor de gekozen gemeente(n) zijn sommige aantallen kleiner dan {MIN_COUNT} en afgeschermd; "
                f"getoond: het **totaal van {f.region_label}**. De tabel per gemeente onderaan toont wat kan.",
                icon=":material/visibility_off:")

if slides.show("stroom"):
    st.subheader("Van start tot uitkomst")
    links = tr.flow_links(view.values, REASONS, flow_modelled)
    if links["value"].isna().any():
        st.info("Het stroomdiagram is niet getoond: een deel van de aantallen is afgeschermd. De aantallen die "
                "kunnen:", icon=":material/info:")
        text = with_hidden(view.values, fmt.number)
        for col, key in zip(st.columns(len(tr.PUBLISHED)), tr.PUBLISHED):
            col.metric(LABELS[key], text[key])
    else:
        title = f"Trajecten, {scope}" + ("" if flow_modelled else ": de gepubliceerde aantallen")
        layout.by_width("trajecten_stroom", lambda: components.chart(   # on a phone as bars
            data.figure(sankey, links, fmt.number, FLOW_LABELS, title=title, key=SHOWN),
            key="trajecten_sankey", filename=f"{basename}_stroom"), lambda: components.chart(
            data.figure(flow_bars, links, fmt.number, FLOW_LABELS, title=title, key=SHOWN),
            key="trajecten_stroom_smal", filename=f"{basename}_stroom"))
    st.caption(components.source_text(SOURCES, modelled=flow_modelled) if flow_modelled else published_source)

if slides.show("verloop"):
    st.subheader("Starts en einden per jaar")
    series, texts, fallback = {}, {}, False
    for kind, key in (("start", tr.STARTED), ("end", tr.ENDED)):
        s = tr.shown(counts.timeline[kind], counts.timeline_marks[kind], list(f.selected))
        series[LABELS[key]], fallback = s.values, fallback or s.region_fallback
    # From the first start shown (a hidden count is at least 1): Menen's from 2020, not 2016.
    starts = series[LABELS[tr.STARTED]]
    series = {name: v.loc[starts.index[starts.ne(0)][0]:] for name, v in series.items()}
    texts = {name: with_hidden(v, fmt.number) for name, v in series.items()}
    area = (f"totaal {f.region_label}" if fallback or not f.selected
            else ", ".join(names[n] for n in f.selected))
    components.chart(data.figure(timeline, series, texts, title=f"Gestarte en beëindigde trajecten per jaar, {area}",
                                 modelled=modelled, key=SHOWN),
                     key="trajecten_verloop", filename=f"{basename}_per_jaar")
    components.source_line(SOURCES, extra="een beëindigd traject telt in het jaar van zijn einde", modelled=modelled)

if slides.show("per gemeente") or slides.show("per gemeente tabel"):
    st.subheader("Per gemeente")
    table, marks = data.keyed(SHOWN, tr.municipal_rows, counts, list(f.selected or f.region_nis))
    row_names = [names.get(n, f"Totaal {f.region_label}") for n in table.index]
    text_table = data.keyed(SHOWN, as_text, table, marks, fmt.number).set_axis(row_names)
    if slides.show("per gemeente") and len(table) > 2:
        components.chart(data.figure(per_municipality, masked(table, marks)[tr.STARTED].set_axis(row_names).iloc[:-1],
                                     text_table[tr.STARTED].iloc[:-1], title="Gestarte trajecten per gemeente",
                                     modelled=modelled, key=SHOWN),
                         key="trajecten_gemeenten", filename=f"{basename}_gemeenten")

    if slides.show("per gemeente tabel"):
        def per_row(cells: pd.DataFrame) -> pd.DataFrame:
            """The table with municipality names and NIS codes (blank on the total row)."""
            out = cells.set_axis(row_names).rename(columns=LABELS).rename_axis("Gemeente").reset_index()
            out.insert(0, "NIS-code", [n if n in names else "" for n in table.index])
            return out

        st.dataframe(per_row(text_table), hide_index=True, height=presentation.table_height())
        rule = (f"Kleine aantallen: een aantal van 1 tot {MIN_COUNT - 1} per gemeente staat als "
                f"'{HIDDEN_TEXT[PRIMARY]}'. Kan een afgeschermd aantal worden teruggerekend uit de totalen en de andere "
                f"cellen (ook door rijen en kolommen te combineren), dan worden ook andere cellen afgeschermd "
                f"('{HIDDEN_TEXT[SECONDARY]}'). Het regiototaal blijft zichtbaar; kies je een gemeente met afgeschermde "
                "aantallen, dan tonen de grafieken het regiototaal. Grafieken en downloads volgen dezelfde regel.")
        st.caption(rule)
        st.caption(source_text)
        # Counts as numbers, hidden cells as their text ('<5', 'x'): the same cells as shown.
        exported = data.keyed(SHOWN, lambda: components.with_provenance(per_row(as_text(table, marks, int)), SOURCES,
                                                                        modelled))
        components.downloads(exported,
                             f"{basename}_gemeenten", [source_text, described, rule], key="trajecten_dl")

model_notes.assumptions(model.META, names | model.META["value_labels"], sections=programme_labels)
