"""Trajecten: what the coaching trajectories achieve, from started to job,
training or stopped (and why), with counts below 5 per municipality hidden."""
from __future__ import annotations

import pandas as pd
import streamlit as st

from analysis import trajecten as tr
from analysis.suppression import HIDDEN_TEXT, MIN_COUNT, PRIMARY, SECONDARY, as_text, masked, with_hidden
from charts.sankey import sankey
from charts.trajecten import per_municipality, timeline
from loaders import model_trajecten as model
from ui import components, data, filters, format as fmt, model_notes, urlstate
from ui.presentation import Slides

ALL = "alle"
SOURCES = [model.INDICATOR, model.META["published_indicator"]["indicator"]]
REASONS = list(model.META["stop_reasons"])
LABELS = tr.category_labels(model.META["labels"], model.META["stop_reasons"])
PUBLISHED = model.META["published"]["t_werkt"]
FLOW_LABELS = LABELS | {tr.stop_category(r): f"{LABELS['stopped']} – {label[0].lower()}{label[1:]}"
                        for r, label in model.META["stop_reasons"].items()}

f = filters.current()
names = filters.municipality_names()
slides = Slides(["stroom", "uitkomsten", "verloop", "per gemeente"])
programmes = data.run("programmes")
programme_labels = dict(zip(programmes["programme"], programmes["label"]))
years = data.run("trajectory_start_years")["year"].astype(str).tolist()

# The records' quality (every record is modelled today; an official
# register would change it), registered with the indicator.
modelled = data.is_modelled(model.INDICATOR)
st.title("Trajecten")
if modelled:
    components.modelled_badge("Individuele trajecten gemodelleerd")
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

query = dict(nis=list(f.region_nis), programme=None if programme == ALL else programme,
             target_group=f.group, start_year=None if start_year == ALL else int(start_year))
counts = tr.counts(data.run("trajectory_cells", **query), data.run("trajectory_timeseries", **query),
                   list(f.region_nis), REASONS)
if counts.table.at[tr.REGION_ROW, tr.STARTED] == 0:
    st.info("Geen trajecten voor deze keuze. 't Werkt loopt in Kortrijk en Menen (migratieachtergrond), de proeftuin "
            "en het Lokaal Partnerschap in de Westhoek; kies een andere regio, doelgroep, programma of startjaar.",
            icon=":material/info:")
    st.stop()

view = tr.shown(counts.table, counts.marks, list(f.selected))
scope = (f"{', '.join(names[n] for n in f.selected)}" if f.selected and not view.region_fallback
         else f"totaal {f.region_label}")
if view.region_fallback:
    st.info(f"Voor de gekozen gemeente(n) zijn sommige aantallen kleiner dan {MIN_COUNT} en afgeschermd; "
            f"getoond: het **totaal van {f.region_label}**. De tabel per gemeente onderaan toont wat kan.",
            icon=":material/visibility_off:")
text = with_hidden(view.values, fmt.number)
described = (f"{scope} · {programme_labels.get(programme, 'alle programma’s')} · "
             f"{'alle jaren' if start_year == ALL else f'gestart in {start_year}'}")
st.caption(described)
basename = (f"trajecten_{'alle-programmas' if programme == ALL else programme}_{f.slug}_"
            + (f"startjaren-{years[0]}-{years[-1]}" if start_year == ALL else f"start-{start_year}"))
source_text = components.source_text(SOURCES, modelled=modelled)
cols = st.columns(4)
for col, key in zip(cols, [tr.STARTED, tr.ONGOING, tr.ENDED, "job"]):
    col.metric(LABELS[key], text[key])

if slides.show("stroom"):
    st.subheader("Van start tot uitkomst")
    links = tr.flow_links(view.values, REASONS, modelled)
    if links["value"].isna().any():
        st.info("Het stroomdiagram is niet getoond: een deel van de aantallen is afgeschermd.", icon=":material/info:")
    else:
        components.chart(sankey(links, fmt.number, FLOW_LABELS, title=f"Trajecten, {scope}", wrap=40),
                         key="trajecten_sankey", filename=f"{basename}_stroom")
    st.caption(source_text)


def share_notes(shares: pd.DataFrame, ended: float) -> list[str]:
    """Footnotes: shares come from the counts; where the source's own
    percentage differs, both; the unexplained stops."""
    notes = [f"Aandelen van de {fmt.number(ended)} beëindigde trajecten, berekend uit de aantallen."]
    for _, row in shares[shares["differs"]].iterrows():
        pct = fmt.percent(row["source_share"], 0)
        notes.append(f"{LABELS[row['category']]}: de bron noemt {pct}, de aantallen geven {fmt.percent(row['share'])} "
                     f"({fmt.number(row['count'])} van {fmt.number(ended)}); afgerond {pct} zijn "
                     f"{fmt.number(row['fits_low'])} tot {fmt.number(row['fits_high'])} van de {fmt.number(ended)} "
                     "trajecten.")
    unexplained = tr.stop_category(model.UNEXPLAINED)
    if unexplained in shares["category"].tolist() and shares["source_share"].notna().any():
        notes.append(f"{LABELS[unexplained]} ({fmt.number(model.unexplained(PUBLISHED))}): de bron verklaart van de "
                     f"{fmt.number(PUBLISHED['outcomes']['stopped'])} niet volledig doorlopen trajecten er "
                     + " en ".join(fmt.number(n) for n in PUBLISHED["stop_reasons"].values())
                     + "; de rest toont de monitor apart, zonder een reden te verzinnen.")
    return notes


if slides.show("uitkomsten"):
    st.subheader("Uitkomsten van de beëindigde trajecten")
    shares = tr.shares(view.values, REASONS, PUBLISHED)
    st.dataframe(pd.DataFrame({
        "Uitkomst": shares["category"].map(LABELS),
        "Aantal": shares["count"].map(fmt.number),
        "Aandeel (berekend uit de aantallen)": shares["share"].map(fmt.percent),
        "Aandeel volgens de bron": shares["source_share"].map(lambda v: fmt.percent(v, 0) if pd.notna(v) else ""),
    }), hide_index=True)
    outcomes = pd.DataFrame({"Uitkomst": shares["category"].map(LABELS), "Aantal": shares["count"].astype(int),
                             "Aandeel berekend uit de aantallen (%)": shares["share"],
                             "Aandeel volgens de bron (%)": shares["source_share"]})
    notes = share_notes(shares, view.values[tr.ENDED])
    for note in notes:
        st.caption(note)
    st.caption(source_text)
    components.downloads(components.with_provenance(outcomes, SOURCES, modelled), f"{basename}_uitkomsten",
                         [source_text, described, *notes], key="trajecten_uitkomsten_dl")

if slides.show("verloop"):
    st.subheader("Starts en einden per jaar")
    series, texts, fallback = {}, {}, False
    for kind, key in (("start", tr.STARTED), ("end", tr.ENDED)):
        s = tr.shown(counts.timeline[kind], counts.timeline_marks[kind], list(f.selected))
        series[LABELS[key]], texts[LABELS[key]] = s.values, with_hidden(s.values, fmt.number)
        fallback |= s.region_fallback
    where = f"totaal {f.region_label}" if fallback or not f.selected else scope
    components.chart(timeline(series, texts, title=f"Gestarte en beëindigde trajecten per jaar, {where}",
                              modelled=modelled),
                     key="trajecten_verloop", filename=f"{basename}_per_jaar")
    components.source_line(SOURCES, extra="een beëindigd traject telt in het jaar van zijn einde", modelled=modelled)

if slides.show("per gemeente"):
    st.subheader("Per gemeente")
    table, marks = tr.municipal_rows(counts, list(f.selected or f.region_nis))
    row_names = [names.get(n, f"Totaal {f.region_label}") for n in table.index]
    text_table = as_text(table, marks, fmt.number).set_axis(row_names)
    if len(table) > 2:
        components.chart(per_municipality(masked(table, marks)[tr.STARTED].set_axis(row_names).iloc[:-1],
                                          text_table[tr.STARTED].iloc[:-1], title="Gestarte trajecten per gemeente",
                                          modelled=modelled),
                         key="trajecten_gemeenten", filename=f"{basename}_gemeenten")

    def per_row(cells: pd.DataFrame) -> pd.DataFrame:
        """The table with municipality names and NIS codes (blank on the total row)."""
        out = cells.set_axis(row_names).rename(columns=LABELS).rename_axis("Gemeente").reset_index()
        out.insert(0, "NIS-code", [n if n in names else "" for n in table.index])
        return out

    st.dataframe(per_row(text_table), hide_index=True)
    rule = (f"Kleine aantallen: een aantal van 1 tot {MIN_COUNT - 1} per gemeente staat als "
            f"'{HIDDEN_TEXT[PRIMARY]}'. Kan een afgeschermd aantal worden teruggerekend uit de totalen en de andere "
            f"cellen (ook door rijen en kolommen te combineren), dan worden ook andere cellen afgeschermd "
            f"('{HIDDEN_TEXT[SECONDARY]}'). Het regiototaal blijft zichtbaar; kies je een gemeente met afgeschermde "
            "aantallen, dan tonen de grafieken het regiototaal. Grafieken en downloads volgen dezelfde regel.")
    st.caption(rule)
    st.caption(source_text)
    # Counts as numbers, hidden cells as their text ('<5', 'x'): the same cells as shown.
    components.downloads(components.with_provenance(per_row(as_text(table, marks, int)), SOURCES, modelled),
                         f"{basename}_gemeenten", [source_text, described, rule], key="trajecten_dl")

model_notes.assumptions(model.META, names | model.META["value_labels"], sections=programme_labels)
