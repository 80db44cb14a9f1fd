"""Gemeentefiche: one municipality on one page, for the alderman who wants
"my municipality": every indicator the store holds for it against its area,
Flanders and the 80 % target, each at its own reference year (VDAB's
jobseekers and vacancies to 2024, the employment rate to 2015, said beside
the figure), a generated summary, and a printable report."""
from __future__ import annotations

from datetime import date

import streamlit as st

from analysis import trajecten as tr
from analysis.budget import NOT_PUBLISHED
from analysis.summary import no_programme_text, summary, when
from charts.fiche import NARROW, SLIDE, YEARLY, shown_years
from common.vocabulary import FLANDERS
from page_models.common import with_provenance
from page_models.fiche import CATEGORY_LABELS, LABELS, has_hidden, source_lines, tables
from common import format as fmt
from page_models import report
from ui import components, data, filters, layout, presentation, urlstate
from ui.fiche import cached
from ui.presentation import Slides

KEY, REPORT = "fiche", "_fiche_rapport"
# Printing the page itself (the browser's print): no sidebar, header, toolbars or buttons, and every chart scaled
# to the page's width when printing starts (a chart keeps the width it was drawn at on the screen, which a
# stylesheet cannot shrink; a transform does, without a new layout that would redraw it), back after. The report
# (button below) is the handout made for print.
PRINT = """<style>@media print {
  @page { size: A4; margin: 12mm; }
  [data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"], [data-testid="stHeader"],
  [data-testid="stToolbar"], [data-testid="stDecoration"], [data-testid="stElementToolbar"], .modebar-container,
  [data-testid="stDownloadButton"], [data-testid="stButton"], [data-testid="stBottom"] { display: none !important; }
  [data-testid="stAppViewContainer"], [data-testid="stMain"] { position: static !important;
                                                               overflow: visible !important; }
  [data-testid="stMainBlockContainer"] { padding: 0 !important; max-width: none !important; }
  [data-testid="stPlotlyChart"], [data-testid="stMetric"], h2, h3 { break-inside: avoid; }
  h2, h3 { break-after: avoid; }
}</style>
<script>(() => {
  if (window.__rmPrint) return;
  window.__rmPrint = true;
  const PAGE = 700;   /* CSS px across A4 within 12 mm margins */
  const charts = () => document.querySelectorAll('[data-testid="stPlotlyChart"]');
  addEventListener("beforeprint", () => charts().forEach(c => {
    const box = c.getBoundingClientRect(), scale = PAGE / box.width;
    if (scale < 1) Object.assign(c.style, {transform: `scale(${scale})`, transformOrigin: "top left",
                                           marginBottom: `${-(1 - scale) * box.height}px`});
  }));
  addEventListener("afterprint", () => charts().forEach(c => {
    Object.assign(c.style, {transform: "", transformOrigin: "", marginBottom: ""});
  }));
})();</script>"""
PUBLISHED_METRICS = (tr.STARTED, tr.ONGOING, tr.ENDED, "job", "training", "stopped")
SENTENCES_PER_SLIDE = 4   # of the summary, on the projector
FIRST_SENTENCES = 3       # beside the key figures, on the first slide

f = filters.current()
names = filters.municipality_names()
st.html(PRINT, unsafe_allow_javascript=True)
head = st.container()
if len(f.selected) == 1:
    nis = f.selected[0]
else:
    options = list(f.region_nis)
    default = f.selected[0] if f.selected else options[0]
    with st.columns([1, 2])[0]:
        nis = urlstate.selectbox(
            "Gemeente", options, KEY, default, format_func=names.get,
            help="Of kies precies één gemeente in de zijbalk.",
            refused=lambda code: f"Gemeente '{code}' in de link (fiche) "
                                 + (f"hoort niet bij {f.region_label}" if code in names else "is geen gekende NIS-code")
                                 + f"; getoond: {names[default]}.")

fiche, figs, shown = cached(nis, f.year)
known = data.metas()
# On a slide: the key figures with the summary's first sentences (the figures alone left two thirds of the
# slide empty), the further sentences a few per slide, one programme's trajectories at a time.
sentences = data.keyed(("fiche samenvatting", nis, f.year), summary, fiche, LABELS)   # like the tables: once
sentence_slide = ["samenvatting" if i < FIRST_SENTENCES
                  else f"samenvatting {(i - FIRST_SENTENCES) // SENTENCES_PER_SLIDE + 2}" for i in range(len(sentences))]
sentence_slides = list(dict.fromkeys(["samenvatting", *sentence_slide]))
# A programme's modelled split on a slide of its own, after its published figures: under them its chart had too
# little height on a laptop's slide to name its bars.
split_slides = {p.code: f"trajecten {p.code} verdeling" for p in fiche.programmes
                if f"trajecten_{p.code}" in figs and p.local_years is not None and not p.published.empty}
programme_slides = [slide for p in fiche.programmes
                    for slide in [f"trajecten {p.code}", *filter(None, [split_slides.get(p.code)])]] or ["trajecten"]
slides = Slides([*sentence_slides, "werkzoekenden", "werkzoekenden naar groep", "vacatures",
                 "herkomst", "profiel", "werkzaamheid", "kansengroepen", *programme_slides, "overzicht"])
e, g, j, v, o = fiche.employment, fiche.groups, fiche.jobseekers, fiche.vacancies, fiche.origin
lines = source_lines(fiche)
# Per exported table: its indicators and whether its values are modelled
# (from the data's quality), for the Kwaliteit and Bron columns. The key
# figures, target groups and trajectories carry both per row already.
PROVENANCE = {"werkzoekenden": (lines["werkzoekenden"][0], False), "vacatures": (lines["vacatures"][0], False),
              "herkomst": (lines["herkomst"][0], False),
              "werkzaamheid": (["werkzaamheidsgraad", "bevolking"], e.quality == "modelled")}
basename = report.basename(fiche)
head.title(f"Gemeentefiche {fiche.name}")
head.caption(f"**{fiche.area.label}** · NIS-code {nis} · gekozen jaar {f.year}; elk cijfer staat bij zijn eigen "
             "referentiejaar (het laatste tot en met het gekozen jaar)")


def source(key: str) -> str:
    return components.source_text(*lines[key])


def chart(key: str) -> None:
    # Only the compositions (`YEARLY`) depend on the chosen year, and their file names carry the years they show;
    # the others show every period: a file name without a year keeps each the same element across year changes
    # (Streamlit draws a chart anew when its figure or its configuration changes).
    if key in figs:
        name = report.basename(fiche, dated=False) + (f"_{shown_years(fiche, key)}" if key in YEARLY else "")

        def draw(shown: str) -> None:
            components.chart(figs[shown], key=f"fiche_{shown}", filename=f"{name}_{key}")
        wide = key + SLIDE if presentation.active() and key + SLIDE in figs else key   # a slide: one row
        if key + NARROW in figs:   # small multiples: a panel a row on a phone
            layout.by_width(f"fiche_{key}_grafiek", lambda: draw(wide), lambda: draw(key + NARROW))
        else:
            draw(key)


# Each table's columns on a phone: the name and the figure that matters (the exports keep every column).
phone = {"kerncijfers": ["Indicator", "Waarde"], "uitsplitsingen": ["Indicator", "Groep", "Waarde"],
         "werkzoekenden": ["Jaar", fiche.name], "vacatures": ["Jaar", "Ontvangen vacatures", "NWWZ"],
         "herkomst": ["Groep", f"Aandeel {fiche.name} (%)"], "werkzaamheid": ["Jaar", fiche.name],
         "doelgroepen": ["Reeks", "Jaar", "Per 1.000 inwoners"], "trajecten": ["Programma", "Gestart", "Werk"]}


def table(key: str, notes: list[str]) -> None:
    """A table as shown and its CSV/XLSX downloads; left out on the
    projector (one subject per screen; the report is the handout)."""
    if presentation.active() or key not in shown:
        return
    # HTML tables (`ui.layout.html_table`), made once per municipality and year (`kept`): the page's eight
    # data grids were redrawn on their canvas at every year change, a third of the browser's work for it.
    layout.html_table(f"fiche_{key}_tabel", shown[key], phone[key], kept=(nis, f.year))
    hidden = data.keyed(("fiche verborgen", nis, f.year, key), has_hidden, shown[key])
    if key != "trajecten" and hidden:   # there 'x' is a count hidden by us (the rule is in the source)
        st.caption(fmt.HIDDEN_NOTE)
        notes = [*notes, fmt.HIDDEN_NOTE]
    components.downloads(lambda: exported(key), f"{basename}_{key}", notes, key=f"fiche_{key}_dl")


def exported(key: str):
    """The table `key` for its files, made on the click (no Streamlit call in here)."""
    raw = tables(fiche)[key]
    return with_provenance(known, raw, *PROVENANCE[key]) if key in PROVENANCE else raw


def heading(title: str, year: int | None, missing: str) -> bool:
    """The section's heading with its reference year, and why when that is
    not the chosen year (the series stops earlier); without one (no data for
    this municipality) a notice instead, and False."""
    st.subheader(f"{title} ({year})" if year else title)
    if year is None:
        st.info(missing, icon=":material/info:")
    elif year != f.year and presentation.active():   # a slide: a line under the heading, the chart keeps the room
        st.caption(f"Gekozen jaar {f.year}; getoond: {when(year, f.year)} van deze reeks.")
    elif year != f.year:
        st.info(f"Gekozen jaar {f.year}; getoond: {when(year, f.year)} van deze reeks.", icon=":material/history:")
    return year is not None


def chart_and_cards(key: str, cards: list[tuple[str, str, str | None]]) -> None:
    """A chart with its key figures (label, value, help) as cards: in a
    column beside it on the page, in a row above it on a slide (four cards
    stacked are taller than a laptop's screen), without their borders' room
    (the sources under the chart are read whole)."""
    if presentation.active():
        for cell, (label, value, explained) in zip(st.columns(len(cards)), cards):
            cell.metric(label, value, help=explained)
        chart(key)
        return
    left, right = st.columns([3, 1])
    with left:
        chart(key)
    for label, value, explained in cards:
        right.metric(label, value, border=True, help=explained)


def shown_value(value, hidden: bool, formatter=fmt.number) -> str:
    return fmt.HIDDEN if hidden else formatter(value)


def sources_and_table(key: str, with_table: bool = True) -> None:
    """The end of a section: its source line, then its table (with the
    source line in the exported file)."""
    line = source(key)
    st.caption(line)
    if with_table:
        table(key, [line])


def make_report() -> None:
    with st.spinner("Rapport wordt gemaakt (grafieken tekenen)…"):
        st.session_state[REPORT] = (basename, report.render(fiche, date.today(), data.version_label()))


if any(slides.show(section) for section in sentence_slides):
    st.subheader("Samenvatting")
    if slides.show("samenvatting"):
        cols = st.columns(4)
        if j.year is not None:
            cols[0].metric(f"Werkzoekendengraad {j.year}", shown_value(j.rate, j.hidden, fmt.percent), border=True,
                           help="Niet-werkende werkzoekenden (jaargemiddelde) t.o.v. de beroepsbevolking (VDAB).")
        if v.year is not None:
            cols[1].metric(f"Werkzoekenden per ontvangen vacature {v.year}", fmt.number(v.tension, 2), border=True,
                           help="Spanningsindicator van VDAB: NWWZ ÷ ontvangen vacatures; hoe lager, hoe krapper de "
                                f"arbeidsmarkt. {fiche.area.label}: {fmt.number(v.area_tension, 2)} (berekend).")
        if e.rate is not None:
            cols[2].metric(f"Werkzaamheidsgraad {e.year}", fmt.percent(e.rate), border=True,
                           help="Geen recentere werkzaamheidsgraad per gemeente.")
            cols[2].caption(when(e.year, f.year))
            cols[3].metric(f"Afstand tot 80 % ({e.year})", fmt.points(e.gap_points), border=True,
                           help="Procentpunten boven (+) of onder (-) de doelstelling van 80 %.")
    shown_sentences = [sentence for sentence, slide in zip(sentences, sentence_slide) if slides.show(slide)]
    if shown_sentences:
        st.markdown("\n".join(f"- {sentence}" for sentence in shown_sentences))
    if shown_sentences and not (presentation.active() and slides.show("samenvatting")):   # room for the cards
        st.caption("Elke zin vermeldt het referentiejaar en de kwaliteit: officieel, berekend (uit officiële "
                   "aantallen) of gemodelleerd (geen officiële cijfers, eigen modellen van Regiomonitor Werk).")
    if not presentation.active():
        with st.expander("Alle cijfers van de gemeente", icon=":material/table:", expanded=True):
            table("kerncijfers", [f"Gemeentefiche {fiche.name}, gekozen jaar {f.year}",
                                  "Periode, kwaliteit en bron (met exportdatum) staan per cijfer in de tabel."])
        if "uitsplitsingen" in shown:
            with st.expander("Uitsplitsingen (vacatures per sector)", icon=":material/list:"):
                table("uitsplitsingen", [f"Gemeentefiche {fiche.name}, gekozen jaar {f.year}",
                                         "In de tabel hierboven staat het totaal; hier elke groep."])
        left, right = st.columns([1, 3], vertical_alignment="center")
        if left.button("Rapport maken", icon=":material/print:", width="stretch",
                       help="Een afdrukbaar HTML-bestand (A4) met de samenvatting, alle cijfers, de grafieken en "
                            "de bronnen."):
            make_report()
        made = st.session_state.get(REPORT)
        if made and made[0] == basename:
            right.download_button("Rapport downloaden (HTML, afdrukbaar)", made[1], report.filename(fiche),
                                  mime="text/html", icon=":material/download:", on_click="ignore")
            if report.NO_CHARTS in made[1]:
                st.warning(report.NO_CHARTS, icon=":material/image_not_supported:")

if slides.show("werkzoekenden") or slides.show("werkzoekenden naar groep"):
    if heading("Werkzoekenden", j.year, "Geen werkzoekendencijfers van VDAB voor deze gemeente."):
        if slides.show("werkzoekenden"):
            chart_and_cards("werkzoekenden", [
                (fiche.name, shown_value(j.rate, j.hidden, fmt.percent), None),
                (f"{fiche.area.label} (berekend)", fmt.percent(j.area_rate), j.coverage.get(fiche.area.label) or None),
                (f"{FLANDERS} (berekend)", fmt.percent(j.flanders_rate), j.coverage.get(FLANDERS) or None),
                ("Niet-werkende werkzoekenden", shown_value(j.nwwz, j.nwwz_hidden), "Jaargemiddelde (NWWZ).")])
        if slides.show("werkzoekenden naar groep"):
            chart("werkzoekenden_groepen")
        sources_and_table("werkzoekenden", with_table=slides.show("werkzoekenden naar groep"))

if slides.show("vacatures"):
    if heading("Vacatures en spanning", v.year, "Geen vacaturecijfers van VDAB voor deze gemeente."):
        left, middle, right = st.columns([2, 2, 1])
        with left:
            chart("vacatures")
        with middle:
            chart("spanning")
        framed = not presentation.active()   # a slide: three cards stacked without borders' room (1366x768)
        right.metric("Ontvangen vacatures", shown_value(v.received, v.hidden.get("ontvangen", False)), border=framed)
        right.metric("Openstaande vacatures", shown_value(v.open, v.hidden.get("open", False)), border=framed)
        right.metric("Werkzoekenden per vacature", fmt.number(v.tension, 2), border=framed,
                     help=f"NWWZ ÷ ontvangen vacatures; {fiche.area.label}: {fmt.number(v.area_tension, 2)}, "
                          f"Vlaanderen: {fmt.number(v.flanders_tension, 2)} (berekend uit de opgetelde aantallen).")
        sources_and_table("vacatures")

if slides.show("herkomst") or slides.show("profiel"):
    if heading("Werkzoekenden naar herkomst, nieuwkomers en thuistaal", o.year,
               "Geen werkzoekenden naar herkomst voor deze gemeente."):
        if slides.show("herkomst"):
            chart("herkomst")
            sources_and_table("herkomst")
        if slides.show("profiel"):
            chart("profiel")
            sources_and_table("profiel", with_table=False)

if slides.show("werkzaamheid"):
    if heading("Werkzaamheid tegen de doelstelling van 80 %", e.year, "Geen werkzaamheidsgraad voor deze gemeente."):
        chart_and_cards("werkzaamheid", [
            (fiche.name, fmt.percent(e.rate), None), (fiche.area.label, fmt.percent(e.area_rate), None),
            (FLANDERS, fmt.percent(e.flanders_rate), None),
            ("Rang", f"{e.rank} van {e.ranked}",
             f"Onder de gemeenten van {fiche.area.label}; 1 = hoogste werkzaamheidsgraad.")])
        sources_and_table("werkzaamheid")

if slides.show("kansengroepen"):
    st.subheader("Kansengroepen")
    if g.table.empty:
        st.info("Geen kansengroepen voor deze gemeente.", icon=":material/info:")
    else:
        if not presentation.active():   # a slide says both in its source line and the chart's note
            st.caption("Eerst de officiële reeksen, elk in zijn laatste jaar tot en met het gekozen jaar; dan het "
                       "model voor de doelgroepen zonder officieel bestand per gemeente, in het laatste jaar van het "
                       "model. Ze overlappen en worden nooit opgeteld.")
            if g.modelled:
                components.modelled_badge("Deels gemodelleerd (gearceerd)")
        chart("doelgroepen")
        sources_and_table("doelgroepen")

if any(slides.show(section) for section in programme_slides):
    st.subheader("Trajecten in de partnerschapsprogramma's")
    if not fiche.programmes:
        st.info(no_programme_text(fiche.name), icon=":material/info:")
    for p in fiche.programmes:
        split = split_slides.get(p.code)
        published, modelled = slides.show(f"trajecten {p.code}"), split is not None and slides.show(split)
        if not (published or modelled):
            continue
        st.markdown(f"**{p.label}** · {p.years} · {p.where}")
        if published:
            st.badge("Gepubliceerd voor het hele programma (officieel)", icon=":material/verified:", color="green")
            items = [(CATEGORY_LABELS[c], fmt.number(v)) for c, v in p.published.items() if c in PUBLISHED_METRICS]
            items += [("Budget per jaar", fmt.euro(p.budget))] if p.budget is not None else []
            # Started, ongoing, ended; then the outcomes (on a slide in one row, wider than high).
            per_row = max(len(items), 1) if presentation.active() else 3
            for row in range(0, len(items), per_row):
                for col, (label, value) in zip(st.columns(per_row), items[row:row + per_row]):
                    col.metric(label, value)
            missing = ([] if not p.published.empty else ["trajecten"]) + (
                [] if tr.ENDED in p.published.index else ["uitkomsten"]) + ([] if p.budget is not None else ["budget"])
            if missing:
                st.caption(f"{' en '.join(missing).capitalize()}: {NOT_PUBLISHED}.")
        if p.published.empty:
            continue
        if p.local_years is None:
            st.caption(f"Niet actief in {fiche.name}.")
        elif f"trajecten_{p.code}" in figs:
            if modelled:
                components.modelled_badge(f"Verdeling over de gemeenten gemodelleerd ({fiche.name}: {p.local_years})")
                chart(f"trajecten_{p.code}")
        elif p.counts.empty:
            st.caption(f"In {fiche.name}: geen deelnemers in de gemodelleerde verdeling over de gemeenten (de bron "
                       "noemt geen gemeenten).")
        else:
            st.info(f"{p.label} in {fiche.name} ({p.local_years}, gemodelleerde verdeling): elk aantal is kleiner "
                    "dan 5 of daaruit af te leiden, en daarom afgeschermd.", icon=":material/visibility_off:")
    if fiche.programmes:
        sources_and_table("trajecten")

if slides.show("overzicht"):
    st.subheader("Alle indicatoren door de tijd")
    chart("overzicht")
    sources_and_table("overzicht", with_table=False)
    if not presentation.active():
        with st.expander("Bronnen", icon=":material/menu_book:"):
            layout.table("fiche_bronnen", fiche.sources.assign(quality=fiche.sources["quality"].map(fmt.quality))[
                ["title", "quality", "producer", "citation", "licence", "accessed"]].rename(columns={
                    "title": "Gegevens", "quality": "Kwaliteit", "producer": "Producent", "citation": "Bron",
                    "licence": "Licentie", "accessed": "Geraadpleegd"}), ["Gegevens", "Bron"], kept=(nis, f.year),
                hide_index=True)
