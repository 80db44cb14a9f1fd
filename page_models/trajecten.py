"""Trajecten: first what each coaching programme published (official
figures, 'niet gepubliceerd' where nothing is, never added up across
programmes), then, marked as such, the modelled split of those totals over
municipalities, start years and outcomes, with counts below 5 per
municipality hidden. The sidebar's year does not apply; the page's own
choices are a programme and a start year.

`collect` gathers one page state; within it the suppressed counts of a
choice (region, programme, target group, start year) are built once
(`keyed`), so a change of the selected municipalities only picks rows."""
from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from analysis import trajecten as tr
from analysis.budget import NOT_PUBLISHED
from analysis.suppression import HIDDEN_TEXT, MIN_COUNT, PRIMARY, SECONDARY, as_text, masked, with_hidden
from common import format as fmt
from common.vocabulary import ALL
from loaders import doelgroepen, model_trajecten as model
from loaders.regions import REGIONS
from page_models.common import Keyed, Run, direct, metas, source_text, trajectories_published, with_provenance

PUBLISHED_SOURCE = model.META["published_indicator"]["indicator"]
SOURCES = [model.INDICATOR, PUBLISHED_SOURCE]
REASONS = list(model.META["stop_reasons"])
LABELS = tr.category_labels(model.META["labels"], model.META["stop_reasons"])
FLOW_LABELS = LABELS | {tr.stop_category(r): f"{LABELS['stopped']} – {label[0].lower()}{label[1:]}"
                        for r, label in model.META["stop_reasons"].items()}
SITES = model.META["assumptions"]["t_werkt"]["sites"]["value"]   # 't Werkt: municipality -> first day
PUBLISHED_NOTE = ("Zoals de programma's ze publiceerden: per programma, nooit opgeteld (ze tellen andere mensen, in "
                  f"andere gemeenten en jaren). Wat een bron niet geeft, staat als '{NOT_PUBLISHED}': de monitor "
                  "verzint het niet. De filters gemeente, doelgroep en startjaar gelden hier niet.")
RULE = (f"Kleine aantallen: een aantal van 1 tot {MIN_COUNT - 1} per gemeente staat als "
        f"'{HIDDEN_TEXT[PRIMARY]}'. Kan een afgeschermd aantal worden teruggerekend uit de totalen en de andere "
        f"cellen (ook door rijen en kolommen te combineren), dan worden ook andere cellen afgeschermd "
        f"('{HIDDEN_TEXT[SECONDARY]}'). Het regiototaal blijft zichtbaar; kies je een gemeente met afgeschermde "
        "aantallen, dan tonen de grafieken het regiototaal. Grafieken en downloads volgen dezelfde regel.")
# The rule on a slide, in one line: the table's rows need the room (the page and the downloads give it whole).
SLIDE_RULE = (f"'{HIDDEN_TEXT[PRIMARY]}': 1 tot {MIN_COUNT - 1} trajecten; '{HIDDEN_TEXT[SECONDARY]}': afgeschermd, "
              f"zodat geen '{HIDDEN_TEXT[PRIMARY]}' uit de totalen terug te rekenen is.")


def span(first: int, last: int) -> str:
    return str(first) if first == last else f"{first}-{last}"


@dataclass(frozen=True)
class Options:
    """The page's own choices: programmes (code -> label) and start years."""
    programmes: dict[str, str]
    years: list[str]


@dataclass(frozen=True)
class Card:
    """What one programme published: where and for whom, its figures, what is missing."""
    code: str
    heading: str
    items: list[tuple[str, str]]    # (label, value as shown)
    missing: str


@dataclass(frozen=True)
class Outcomes:
    """One programme's published outcomes with the shares computed from its counts."""
    code: str
    title: str
    table: pd.DataFrame
    notes: list[str]
    export: pd.DataFrame
    filename: str


@dataclass(frozen=True)
class Timeline:
    series: dict[str, pd.Series]    # label -> starts or ends per year (NaN: hidden)
    texts: dict[str, pd.Series]
    title: str
    source: str


@dataclass(frozen=True)
class Municipalities:
    """Per municipality: the chart's values (None: two rows or fewer) and the table."""
    chart: pd.Series | None
    chart_texts: pd.Series | None
    table: pd.DataFrame
    export: pd.DataFrame


@dataclass(frozen=True)
class Split:
    """The modelled split of the published totals for the choice."""
    key: tuple                      # the charts' cache key (the choice and the selection)
    scope: str                      # the municipalities shown, or the region's total
    described: str
    fallback: str | None            # the selection's counts are partly hidden: the region is shown
    unpublished_note: str
    flow_title: str
    flow_links: pd.DataFrame        # NaN values: part is hidden, no chart
    slide_links: pd.DataFrame       # the same, the stopped ones in one node (a slide's labels need the room)
    flow_hidden: dict[str, str]     # the counts that can be shown, when the chart cannot
    flow_source: str
    timeline: Timeline
    municipalities: Municipalities
    source: str
    basename: str


@dataclass(frozen=True)
class TrajectenModel:
    shown: list[str]                # the programmes of the region, or the chosen one
    modelled: bool                  # the records are modelled (an official register would change it)
    cards: list[Card]
    published_source: str
    published_export: pd.DataFrame
    published_filename: str
    outcomes: list[Outcomes]
    empty: str | None               # no trajectories for the choice: why
    split: Split | None


def options(run: Run) -> Options:
    programmes = run("programmes")
    return Options(dict(zip(programmes["programme"], programmes["label"])),
                   run("trajectory_start_years")["year"].astype(str).tolist())


def where(programmes: pd.DataFrame, names: dict[str, str], code: str) -> str:
    """Where and when a programme ran: 't Werkt per municipality from its own start."""
    last = programmes.at[code, "last_year"]
    if code == "t_werkt":
        return ", ".join(f"{names[nis]} {span(first.year, last)}" for nis, first in SITES.items())
    note = programmes.at[code, "period_note"]
    return (f"{REGIONS[programmes.at[code, 'region']]['label']}, {span(programmes.at[code, 'first_year'], last)}"
            + (f" ({note})" if isinstance(note, str) else ""))


def target_group(programmes: pd.DataFrame, published: dict[str, dict], code: str) -> str:
    return doelgroepen.LABELS.get(published[code].get("target_group")) or programmes.at[code, "target_group_text"]


def missing_text(values: pd.Series, budget_published: bool) -> str:
    """What a programme did not publish, in words."""
    missing = ([] if not values.empty else ["aantal trajecten"]) + (
        [] if tr.ENDED in values else
        ["uitkomsten (" + ", ".join(LABELS[k].lower() for k in tr.PUBLISHED if k not in values) + ")"]) + (
        [] if budget_published else ["budget"])
    return f"{NOT_PUBLISHED.capitalize()}: {', '.join(missing)}." if missing else ""


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


def outcomes(known: dict[str, dict], programmes: pd.DataFrame, pub: dict, code: str) -> Outcomes:
    values = tr.published_values(pub, model.UNEXPLAINED)
    shares = tr.shares(values, REASONS, pub)
    return Outcomes(
        code, f"Uitkomsten van {programmes.at[code, 'label']}, zoals gepubliceerd",
        pd.DataFrame({
            "Uitkomst": shares["category"].map(LABELS),
            "Aantal": shares["count"].map(fmt.number),
            "Aandeel (berekend uit de aantallen)": shares["share"].map(fmt.percent),
            "Aandeel volgens de bron": shares["source_share"].map(lambda v: fmt.percent(v, 0) if pd.notna(v) else "")}),
        share_notes(shares, pub, values[tr.ENDED]),
        with_provenance(known, pd.DataFrame({
            "Uitkomst": shares["category"].map(LABELS), "Aantal": shares["count"].astype(int),
            "Aandeel berekend uit de aantallen (%)": shares["share"],
            "Aandeel volgens de bron (%)": shares["source_share"]}), [PUBLISHED_SOURCE], False),
        f"trajecten_{code}_uitkomsten_gepubliceerd_"
        f"{span(programmes.at[code, 'first_year'], programmes.at[code, 'last_year'])}")


def split(run: Run, known: dict[str, dict], names: dict[str, str], shown: list[str], labels: dict[str, str],
          published: dict[str, dict], modelled: bool, region_nis: list[str], region_label: str, selected: list[str], group: str,
          programme: str, start_year: str, slug: str, keyed: Keyed) -> tuple[str | None, Split | None]:
    """The modelled split for the choice, or why there is none."""
    query = dict(nis=region_nis, programme=None if programme == ALL else programme, target_group=group,
                 start_year=None if start_year == ALL else int(start_year))
    choice = ("trajecten", tuple(region_nis), programme, group, start_year)
    counts = keyed(choice, tr.counts, run("trajectory_cells", **query), run("trajectory_timeseries", **query),
                   region_nis, REASONS)
    unpublished = [labels[c] for c in shown if "started" not in published[c]]
    view = tr.shown(counts.table, counts.marks, selected)
    if view.values[tr.STARTED] == 0:
        if unpublished and programme != ALL:
            return (f"{unpublished[0]}: trajecten en uitkomsten {NOT_PUBLISHED}. De monitor toont er daarom geen "
                    "(hij verzint ze niet); het budget staat hierboven en op de pagina Budgetten."), None
        return ("Geen trajecten voor deze keuze. 't Werkt loopt in Kortrijk en Menen (migratieachtergrond), de "
                "proeftuin in de Westhoek (inburgeraars); kies een andere regio, doelgroep, programma of "
                "startjaar."), None
    scope = ", ".join(names[n] for n in selected) if selected and not view.region_fallback else f"totaal {region_label}"
    # The flow is the published figure itself when it shows exactly the published
    # counts of the one programme in view (all of it); else a modelled part.
    in_view = [c for c in shown if published[c]]
    flow_modelled = modelled and not (len(in_view) == 1 and tr.matches_published(view.values, published[in_view[0]],
                                                                                 REASONS))
    chosen_years = tr.start_years(counts, [n for n in selected if n in counts.table.index])
    basename = (f"trajecten_{'alle-programmas' if programme == ALL else programme}_{slug}_"
                + (f"startjaren-{span(chosen_years[0], chosen_years[-1])}" if start_year == ALL
                   else f"start-{start_year}"))
    published_source = source_text(known, [PUBLISHED_SOURCE, "budget"])
    hidden_flow = with_hidden(view.values, fmt.number)
    return None, Split(
        key=(*choice, tuple(selected)), scope=scope,
        described=(f"{scope} · {labels.get(programme, 'alle programma’s')} · "
                   f"{'alle startjaren' if start_year == ALL else f'gestart in {start_year}'}"),
        fallback=(f"Voor de gekozen gemeente(n) zijn sommige aantallen kleiner dan {MIN_COUNT} en afgeschermd; "
                  f"getoond: het **totaal van {region_label}**. De tabel per gemeente onderaan toont wat kan."
                  if view.region_fallback else None),
        unpublished_note="".join(f" {label}: geen trajecten gepubliceerd, dus hier geen." for label in unpublished),
        flow_title=f"Trajecten, {scope}" + ("" if flow_modelled else ": de gepubliceerde aantallen"),
        flow_links=tr.flow_links(view.values, REASONS, flow_modelled),
        slide_links=tr.flow_links(view.values, [], flow_modelled),
        flow_hidden={LABELS[k]: hidden_flow[k] for k in tr.PUBLISHED},
        flow_source=source_text(known, SOURCES, modelled=flow_modelled) if flow_modelled else published_source,
        timeline=timeline(known, counts, names, selected, region_label, modelled),
        municipalities=municipalities(known, counts, names, selected or region_nis, region_label, modelled),
        source=source_text(known, SOURCES, modelled=modelled), basename=basename)


def timeline(known: dict[str, dict], counts: tr.Counts, names: dict[str, str], selected: list[str],
             region_label: str, modelled: bool) -> Timeline:
    """Starts and ends per year, from the first start shown (a hidden count
    is at least 1): Menen's from 2020, not 2016."""
    series, fallback = {}, False
    for kind, key in (("start", tr.STARTED), ("end", tr.ENDED)):
        s = tr.shown(counts.timeline[kind], counts.timeline_marks[kind], selected)
        series[LABELS[key]], fallback = s.values, fallback or s.region_fallback
    starts = series[LABELS[tr.STARTED]]
    series = {name: v.loc[starts.index[starts.ne(0)][0]:] for name, v in series.items()}
    area = f"totaal {region_label}" if fallback or not selected else ", ".join(names[n] for n in selected)
    return Timeline(series, {name: with_hidden(v, fmt.number) for name, v in series.items()},
                    f"Gestarte en beëindigde trajecten per jaar, {area}",
                    source_text(known, SOURCES, extra="een beëindigd traject telt in het jaar van zijn einde",
                                modelled=modelled))


def municipalities(known: dict[str, dict], counts: tr.Counts, names: dict[str, str], rows: list[str],
                   region_label: str, modelled: bool) -> Municipalities:
    table, marks = tr.municipal_rows(counts, rows)
    row_names = [names.get(n, f"Totaal {region_label}") for n in table.index]
    text_table = as_text(table, marks, fmt.number).set_axis(row_names)

    def per_row(cells: pd.DataFrame) -> pd.DataFrame:
        """The table with municipality names and NIS codes (blank on the total row)."""
        out = cells.set_axis(row_names).rename(columns=LABELS).rename_axis("Gemeente").reset_index()
        out.insert(0, "NIS-code", [n if n in names else "" for n in table.index])
        return out

    charted = len(table) > 2
    return Municipalities(
        masked(table, marks)[tr.STARTED].set_axis(row_names).iloc[:-1] if charted else None,
        text_table[tr.STARTED].iloc[:-1] if charted else None,
        per_row(text_table),
        # Counts as numbers, hidden cells as their text ('<5', 'x'): the same cells as shown.
        with_provenance(known, per_row(as_text(table, marks, int)), SOURCES, modelled))


def collect(run: Run, region_nis: list[str], region_label: str, selected: list[str], group: str, programme: str,
            start_year: str, slug: str, keyed: Keyed = direct) -> TrajectenModel:
    """The page for the sidebar's region, selection and target group and
    the page's programme (`ALL` or a code) and start year (`ALL` or one of
    `options`)."""
    known = keyed(("indicator_meta",), metas, run)
    programmes = run("programmes").set_index("programme")
    labels = programmes["label"].to_dict()
    places = run("municipalities")
    names = dict(zip(places["nis"], places["name_nl"]))
    modelled = known[model.INDICATOR]["quality"] == "modelled"
    shown = ([programme] if programme != ALL else
             [c for c in programmes.index if set(REGIONS[programmes.at[c, "region"]]["nis"]) & set(region_nis)])
    published = trajectories_published(programmes)
    table = tr.published_table(published, shown, model.UNEXPLAINED)
    budgets = {c: None if pd.isna(v) else v for c, v in programmes["total_eur"].items()}   # yearly, as published
    cards = []
    for code in shown:
        values, total = table.loc[code].dropna(), budgets[code]
        cards.append(Card(code, f"**{labels[code]}** · {where(programmes, names, code)} · doelgroep: "
                                f"{target_group(programmes, published, code).lower()}",
                          [(LABELS[k], fmt.number(v)) for k, v in values.items()]
                          + ([("Budget per jaar", fmt.euro(total))] if total else []),
                          missing_text(values, bool(total))))
    first = pd.DataFrame({"Programma": [labels[c] for c in shown],
                          "Waar en wanneer": [where(programmes, names, c) for c in shown],
                          "Doelgroep": [target_group(programmes, published, c) for c in shown]})
    money = pd.DataFrame({"Budget per jaar (EUR)": [budgets[c] or NOT_PUBLISHED for c in shown]})
    export = pd.concat([first, table.astype(object).where(table.notna(), NOT_PUBLISHED).rename(columns=LABELS)
                        .reset_index(drop=True), money], axis=1)
    period = span(programmes.loc[shown, "first_year"].min(), programmes.loc[shown, "last_year"].max()) if shown else ""
    empty, modelled_split = split(run, known, names, shown, labels, published, modelled, region_nis, region_label, selected, group,
                                  programme, start_year, slug, keyed)
    return TrajectenModel(
        shown=shown, modelled=modelled, cards=cards,
        published_source=source_text(known, [PUBLISHED_SOURCE, "budget"]),
        published_export=with_provenance(known, export, [PUBLISHED_SOURCE, "budget"], False),
        published_filename=(f"trajecten_gepubliceerd_{'alle-programmas' if programme == ALL else programme}_"
                            f"{slug}_{period}"),
        outcomes=[outcomes(known, programmes, published[c], c) for c in shown if "ended" in published[c]],
        empty=empty, split=modelled_split)
