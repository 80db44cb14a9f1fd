"""Kansengroepen: how large each target group is, per municipality and
against the region. Official first, model second: the official series
(newcomers, jobseekers) in the chosen year, then the modelled groups no
official file measures, which stop in the model's last year. Each figure
says its own year and quality, and none adds the two together."""
from __future__ import annotations

import pandas as pd
import streamlit as st

from analysis.budget import NOT_PUBLISHED
from analysis.kansengroepen import (COUNT_QUALITY, TOTAL, comparison, in_years, mark_hidden, nearest_year, reach,
                                    reach_table, with_group_size, year_note)
from analysis.suppression import HIDDEN_TEXT, MIN_COUNT, PRIMARY, SECONDARY
from charts.choropleth import value_map
from charts.kansengroepen import composition, matrix, matrix_values
from charts.ranking import ranking
from loaders import budget, doelgroepen, model_doelgroepen, model_trajecten
from loaders.indicator_frame import ALL_GROUPS
from loaders.model_doelgroepen import SERIES, Series
from loaders.regions import FLANDERS_NIS, REGIONS
from ui import components, data, filters, format as fmt, geometry, model_notes, presentation, urlstate
from ui.fiche import PUBLISHED_TRAJECTORIES, SITES
from ui.presentation import Slides

PARAMS = model_doelgroepen.series_params(SERIES)
MAP_KEY, MAP_HEIGHT = "kansengroepen_kaart", 560
RELATIONS = {"replaces": "vervangt het model", "beside": "staat naast het model"}
HIDDEN = f"{fmt.HIDDEN} (verborgen)"

f = filters.current()
names = filters.municipality_names()
st.title("Kansengroepen")
badge = st.container()

# Every year at once (cached): a year change then only picks rows.
# Official series are on the 2025 map, modelled ones on that of 2019: at Flanders scale the page reads both
# sets of municipalities (a series has values on its own map only, so nothing is counted twice).
both_maps = list(dict.fromkeys(f.nis + f.nis_2025))
every_year = data.run("kansengroepen", nis=both_maps, **PARAMS)
years_of = {code: sorted(part.unique()) for code, part in every_year.groupby("series")["year"]}
# The chosen group's series (with the pool of all non-employed as context), official first.
shown = [s for s in SERIES if s.code in years_of and (f.group == ALL_GROUPS or s.group in (f.group, ALL_GROUPS))]
if not shown:
    Slides([""])   # the presenter's controls on a page that stops here
    st.info("Geen doelgroepen voor deze selectie.", icon=":material/info:")
    st.stop()
# Each series in the chosen year or the nearest it has.
year_of = {code: nearest_year(years, f.year) for code, years in years_of.items()}
every_shown_year = in_years(every_year, year_of)
# From the data's quality, so an official import takes the marks away.
modelled_of = every_shown_year.groupby("series")["quality"].agg(lambda q: bool((q == "modelled").any())).to_dict()
by_code = {s.code: s for s in SERIES}
rows = every_shown_year[every_shown_year["series"].isin([s.code for s in shown])]
rates = set(rows.loc[rows["unit"] == "%", "series"])
official = [s for s in shown if not modelled_of[s.code]]
modelled = [s for s in shown if modelled_of[s.code]]
counts = [s for s in shown if s.code not in rates]
# A slide for each block that has something to show (one chosen group may have no official series).
slides = Slides([*(["kerncijfers"] if official else []), *(["kerncijfers model"] if modelled else []), "kaart",
                 "rangschikking", *(["matrix"] if f.group == ALL_GROUPS else []), "samenstelling", "regio", "bereik"])
if modelled:
    with badge:
        components.modelled_badge("Deels gemodelleerd (gearceerd)" if official else "Gemodelleerde gegevens")

st.caption(f"**{f.region_label}**" + (f" · {len(f.selected)} gemeente(n) gekozen" if f.selected else "")
           + f" · doelgroep: {doelgroepen.LABELS[f.group]} · gekozen jaar {f.year}")
st.caption("Eerst de officiële cijfers (in het gekozen jaar), dan het model voor de doelgroepen waarvoor geen "
           "officieel bestand per gemeente bestaat (tot het laatste jaar van het model). Elk cijfer staat in zijn "
           "eigen jaar; de doelgroepen overlappen en officiële en gemodelleerde cijfers worden nooit opgeteld.")


def quality(s: Series) -> str:
    return fmt.quality("modelled" if modelled_of[s.code] else "official")


def header(s: Series) -> str:
    """A series' name with its year and quality, for tables and choices."""
    return f"{s.label} ({year_of[s.code]}, {quality(s)})"


def notes(block: list[Series]) -> list[str]:
    """What to say next to figures that are not of the chosen year."""
    said = []
    for s in block:
        note = year_note(modelled_of[s.code], year_of[s.code], f.year, years_of[s.code])
        if note:
            said.append(note if modelled_of[s.code] else f"{s.label}: {note}")
    return list(dict.fromkeys(said))


def shown_years(block: list[Series]) -> str:
    """`2015-2024`: the years `block`'s figures show, for a chart's file name
    (after what it shows, not the chosen year: a year that shows the same
    figures keeps the chart the same element)."""
    years = sorted({year_of[s.code] for s in block})
    return f"{years[0]}-{years[-1]}" if len(years) > 1 else str(years[0])


def source_text(block: list[Series], extra: str | None = None) -> str:
    """The source line of `block`'s figures, each series in its year."""
    indicators = list(dict.fromkeys([s.indicator for s in block] + ["bevolking"]))
    reference = ", ".join(str(y) for y in sorted({year_of[s.code] for s in block}))
    return components.source_text(indicators, reference, extra=extra,
                                  modelled=any(modelled_of[s.code] for s in block))


def series_provenance(code: str, modelled: bool) -> pd.Series:
    """A series' `Kwaliteit` and `Bron` (the same on each of its rows)."""
    return components.with_provenance(pd.DataFrame(index=[0]), [by_code[code].indicator, "bevolking"],
                                      modelled).iloc[0]


def provenance(table: pd.DataFrame) -> pd.DataFrame:
    """`table` (a `series` column) with the `Kwaliteit` and `Bron` of each
    row's series, its rows grouped by series, for the exports. Looked up
    once per series and data version, not per row group and run."""
    codes = table["series"]
    order = codes.map({code: i for i, code in enumerate(codes.unique())}).to_numpy().argsort(kind="stable")
    table, codes = table.iloc[order], codes.iloc[order]
    known = {code: data.keyed(("kansengroepen", code, modelled_of[code]), series_provenance, code, modelled_of[code])
             for code in codes.unique()}
    return table.drop(columns="series").assign(Kwaliteit=codes.map(lambda c: known[c]["Kwaliteit"]),
                                               Bron=codes.map(lambda c: known[c]["Bron"]))


area = f.region_label if not f.selected else "Selectie"
totals = in_years(data.run("kansengroepen_totals", nis=both_maps, **PARAMS), year_of)
# Vlaanderen: the municipalities of the 2019 map (the model's) and of the 2025 map (the official series').
flanders_nis = sorted(set(data.run("flanders_nis", flanders=FLANDERS_NIS)["nis"])
                      | set(data.run("flanders_2025")["nis"]))
# The reference areas' totals, each series in its year, for the composition and the comparison.
FLANDERS = "Vlaanderen"
members = {r["label"]: r["nis"] for r in REGIONS.values()} | {FLANDERS: flanders_nis}
reference_totals = {label: in_years(data.run("kansengroepen_totals", nis=codes, **PARAMS), year_of)
                    for label, codes in members.items()}
hidden_note = fmt.HIDDEN_NOTE if rows["hidden"].any() or (totals["hidden"] > 0).any() else None


def text(value, decimals: int = 0) -> str:
    """A table cell as Belgian text; a hidden value's text stays as it is."""
    return value if isinstance(value, str) else fmt.number(value, decimals)


def metrics(block: list[Series]) -> None:
    """One metric per series of `block` for the shown area, each with its
    year: counts with their rate per 1,000 inhabitants; a rate (it does not
    add up over municipalities) only for one municipality."""
    by_series = totals.set_index("series")
    single = rows["nis"].nunique() == 1
    cards = [s for s in block if s.code not in rates or single]
    per_row = 4 if presentation.active() else 3   # a slide is wider than high
    for start in range(0, len(cards), per_row):
        for col, s in zip(st.columns(per_row), cards[start:start + per_row]):
            label = f"{s.label}, {year_of[s.code]}"
            if s.code in rates:
                one = rows[rows["series"] == s.code].iloc[0]
                col.metric(label, HIDDEN if one["hidden"] else fmt.percent(one["value"]), border=True)
                continue
            total = by_series.loc[s.code]
            # A sum over a value the producer hid holds the published part: "n + x".
            value = HIDDEN if pd.isna(total["value"]) else (
                fmt.number(total["value"]) + (f" + {fmt.HIDDEN}" if total["hidden"] else ""))
            col.metric(label, value, delta=None if pd.isna(total["per_1000"])
                       else f"{fmt.number(total['per_1000'], 1)} per 1.000 inwoners",
                       delta_color="off", delta_arrow="off", border=True)
    left_out = [s.label for s in block if s not in cards]
    if left_out:
        st.caption(f"{', '.join(left_out)}: een graad telt niet op over gemeenten; zie de kaart per gemeente.")


if slides.show("kerncijfers") or slides.show("kerncijfers model"):
    st.subheader(area)
    if official and slides.show("kerncijfers"):
        st.markdown("**Officiële cijfers** · " + ", ".join(map(str, sorted({year_of[s.code] for s in official}))))
        metrics(official)
        for note in notes(official):
            st.caption(f":material/event: {note}")
        st.caption(source_text(official, hidden_note))
    if modelled and slides.show("kerncijfers model"):
        said = notes(modelled)
        st.markdown(f"**Gemodelleerd: niet-werkenden 20-64 jaar** · {' · '.join(said) or year_of[modelled[0].code]}")
        components.modelled_badge()
        metrics(modelled)
        st.caption(source_text(modelled, "gemodelleerd uit bevolking en werkzaamheidsgraad; doelgroepen overlappen"))

if slides.show("kaart") or slides.show("rangschikking") or slides.show("matrix"):
    code = urlstate.selectbox(
        "Reeks op de kaart en in de rangschikking", [s.code for s in shown], "reeks", shown[0].code,
        format_func=lambda c: header(by_code[c]),
        refused=lambda c: f"Reeks '{c}' in de link hoort niet bij deze doelgroep; getoond: {shown[0].label}.")
    s, year, is_rate = by_code[code], year_of[code], code in rates
    one = rows[rows["series"] == code]
    column, unit = ("value", "%") if is_rate else ("per_1000", "per 1.000 inwoners")
    st.subheader(f"{s.label} per gemeente, {year}")
    for note in notes([s]):
        st.caption(f":material/event: {note}")
    # The map of the series' own municipalities: 2025 for the official series, 2019 for the model.
    map_year = geometry.MAP_2019 if modelled_of[code] else geometry.MAP_2025
    on_map, map_region = (f.nis, f.region_nis) if map_year == geometry.MAP_2019 else (f.nis_2025, f.region_nis_2025)
    line = source_text([s], "; ".join(filter(None, [f"gemeentekaart {map_year}",
                                                    hidden_note if one["hidden"].any() else None])))
    if slides.show("kaart"):
        map_area = geometry.area(on_map, list(map_region), map_year=map_year)
        if map_area is not None:
            hover = [(f"{fmt.number(v, 1)} %" if is_rate else
                      f"{fmt.number(p, 1)} per 1.000 inwoners<br>{fmt.number(v)} personen")
                     + (" (gemodelleerd)" if q == "modelled" else "")
                     for p, v, q in zip(one["per_1000"], one["value"], one["quality"])]
            components.chart(
                value_map(map_area, one.assign(value=one[column], hover=hover), names, set(map_region),
                          title=f"{s.label}<br>{unit}", when=str(year), height=MAP_HEIGHT, revision="|".join(on_map),
                          scale=geometry.scale(s.indicator, s.target_group, per_1000=not is_rate),
                          modelled=modelled_of[code], ticksuffix=" %" if is_rate else "",
                          hidden=set(one.loc[one["hidden"], "nis"])),
                key=MAP_KEY, filename=f"kansengroepen_kaart_{code}_{f.slug}_{year}",
                on_select=filters.map_click(MAP_KEY), selection_mode="points")
            if not presentation.active():   # a click on the projector changes nothing
                st.caption("Klik op een gemeente om ze aan de selectie toe te voegen of eruit te halen.")
            st.caption(line)
    if slides.show("rangschikking"):
        bars = components.top(one[~one["hidden"]], column, f"het hoogste cijfer ({unit})")
        average = totals.set_index("series")["per_1000"].get(code)
        components.chart(
            ranking(bars, column, f"{s.label}, {unit} ({year})",
                    "%{y}: %{x:,.1f} %" if is_rate else
                    "%{y}: %{x:,.1f} per 1.000 inwoners<br>%{customdata[0]:,.0f} personen",
                    custom=[] if is_rate else ["value"], modelled=modelled_of[code],
                    references={} if is_rate or pd.isna(average) else {f"gemiddelde {area}": average}),
            key="kansengroepen_ranking", filename=f"kansengroepen_{code}_{f.slug}_{year}")
        if one["hidden"].any():
            st.caption(f"{HIDDEN}: {', '.join(one.loc[one['hidden'], 'name_nl'])} ({fmt.HIDDEN_NOTE}).")
        st.caption(line)
    if slides.show("matrix") and f.group == ALL_GROUPS and rows["nis"].nunique() <= components.RANKING_LIMIT:
        st.markdown("**Alle doelgroepen per gemeente, per 1.000 inwoners** (elke kolom met zijn jaar en kwaliteit)")
        if modelled:
            components.modelled_badge("Kolommen 'gemodelleerd'")
        wide, hidden = matrix_values(rows[rows["series"].isin([c.code for c in counts])],
                                     {c.code: header(c) for c in counts})
        st.dataframe(matrix(wide, hidden, fmt.number, fmt.HIDDEN), height=presentation.table_height())
        matrix_source = source_text(counts, "; ".join(filter(None, [
            "kleur: rood = meer dan het gemiddelde van de getoonde gemeenten, blauw = minder (volle kleur vanaf de "
            "helft meer of minder)", "doelgroepen overlappen", hidden_note])))
        st.caption(matrix_source)
        long = rows[rows["series"].isin([c.code for c in counts])]
        export = pd.DataFrame({
            "series": long["series"], "Gemeente": long["name_nl"], "NIS-code": long["nis"],
            "Reeks": long["series"].map(lambda c: by_code[c].label), "Jaar": long["year"],
            "Aantal": long["value"], "Per 1.000 inwoners": long["per_1000"].round(1)})
        export = mark_hidden(export, pd.DataFrame({"Aantal": long["hidden"], "Per 1.000 inwoners": long["hidden"]}),
                             fmt.HIDDEN, str, [])
        components.downloads(provenance(export), f"kansengroepen_matrix_{f.slug}_{f.year}",
                             list(filter(None, [matrix_source, hidden_note])), key="kansengroepen_matrix")

if slides.show("samenstelling"):
    st.subheader("Samenstelling per gemeente")
    options = rows.drop_duplicates("nis").sort_values("name_nl")["nis"].tolist()
    default = rows.drop_duplicates("nis").nlargest(1, "population")["nis"].iat[0]
    nis = urlstate.selectbox(
        "Gemeente", options, "samenstelling", default, format_func=names.get,
        refused=lambda code: f"Gemeente '{code}' in de link (samenstelling) hoort niet bij de selectie; "
                             f"getoond: {names[default]}.")
    mine = rows[(rows["nis"] == nis) & rows["series"].isin([c.code for c in counts])].set_index("series")
    mine = mine.reindex([c.code for c in counts if c.code in mine.index])
    mine = mine.assign(label=[header(by_code[c]) for c in mine.index], modelled=[modelled_of[c] for c in mine.index])
    references = {label: totals_.set_index("series")["per_1000"] for label, totals_ in reference_totals.items()
                  if label == FLANDERS or nis in members[label]}
    components.chart(composition(mine, names[nis], references, f"{names[nis]}: doelgroepen per 1.000 inwoners"),
                     key="kansengroepen_samenstelling", filename=f"kansengroepen_{names[nis]}_{shown_years(counts)}")
    st.caption(source_text(counts, "; ".join(filter(None, [
        "staaf: gemeente, gearceerd = gemodelleerd; markering: regio en Vlaanderen in hetzelfde jaar",
        "doelgroepen overlappen", hidden_note]))))

if slides.show("regio"):
    st.subheader("Vergelijking met de regio")
    areas = ({area: totals} if f.selected or f.region == "beide" else {}) | reference_totals
    numbers, hidden = comparison(areas, [c.code for c in counts])
    table = pd.concat([pd.DataFrame({"Reeks": [by_code[c].label for c in numbers.index],
                                     "Jaar": [year_of[c] for c in numbers.index]}, index=numbers.index),
                       numbers], axis=1)
    sums = [c for c in numbers.columns if c.endswith("(aantal)")]
    shown_table = mark_hidden(table, hidden, fmt.HIDDEN, fmt.number, sums)
    for column in numbers.columns:
        shown_table[column] = shown_table[column].map(lambda v, d=0 if column in sums else 1: text(v, d))
    st.dataframe(shown_table.assign(Kwaliteit=[quality(by_code[c]) for c in numbers.index]), hide_index=True,
                 height=presentation.table_height())
    region_source = source_text(counts, "; ".join(filter(None, [
        f"per 1.000 inwoners: over de gemeenten met een cijfer en een bevolking in dat jaar (de gemeenten die op "
        "1/1/2025 fuseerden: alleen in het aantal)", hidden_note])))
    st.caption(region_source)
    exported = mark_hidden(table, hidden, fmt.HIDDEN, lambda v: f"{v:.0f}", sums)
    components.downloads(provenance(exported.rename_axis("series").reset_index()),
                         f"kansengroepen_{f.slug}_{f.year}", list(filter(None, [region_source, hidden_note])),
                         key="kansengroepen_regio")

if slides.show("bereik"):
    st.subheader("Bereik van de programma's")
    sizes = [s for s in SERIES if s.code in doelgroepen.LABELS and s.code != ALL_GROUPS and s.code in year_of]
    region_rows = data.run("kansengroepen", nis=list(dict.fromkeys(f.region_nis + f.region_nis_2025)), **PARAMS)
    region_sizes = in_years(region_rows[region_rows["series"].isin([s.code for s in sizes])], year_of)
    reach_rows = with_group_size(data.run("trajectory_reach", nis=list(f.region_nis), year=str(f.year)), region_sizes)
    programmes = data.run("programmes").set_index("programme")
    in_region = [c for c in programmes.index if set(REGIONS[programmes.at[c, "region"]]["nis"]) & set(f.region_nis)]
    code_of = {programmes.at[c, "label"]: c for c in in_region}

    def span(code: str, first: int | None = None) -> str:
        first, last = first or programmes.at[code, "first_year"], programmes.at[code, "last_year"]
        return str(first) if first == last else f"{first}-{last}"

    def period(label: str, nis: str) -> str:
        """When the programme ran in `nis` ('t Werkt in Menen from 2020), or all of it (a total row)."""
        return span(code_of[label], SITES.get(code_of[label], {}).get(nis))

    def area_size(code: str, group: str) -> float:
        """The group's size over the programme's whole area: its sites, else its region."""
        area = SITES.get(code) or REGIONS[programmes.at[code, "region"]]["nis"]
        return region_sizes.loc[(region_sizes["series"] == group) & region_sizes["nis"].isin(area), "value"].sum()

    published = {c: model_trajecten.META["published"].get(c, {}) for c in in_region}
    programme_sizes = {(programmes.at[c, "label"], pub["target_group"]): area_size(c, pub["target_group"])
                       for c, pub in published.items() if "target_group" in pub}
    unpublished = [{"Programma": programmes.at[c, "label"], "Periode": span(c),
                    "Doelgroep": budget.PROGRAMMES[c]["target_group_text"]} for c, pub in published.items()
                   if "started" not in pub]
    reached = data.computed(reach, reach_rows, list(f.selected), f.region_label, programme_sizes)
    if reached.empty and not unpublished:
        st.info("Geen trajectgegevens met een doelgroep voor deze gemeenten.", icon=":material/info:")
    else:
        size_notes = {s.code: f"{year_of[s.code]}, {quality(s)}" for s in sizes}
        size = "Omvang doelgroep"
        shown_reach = reach_table(reached, doelgroepen.LABELS, size, size_notes, fmt.number, period, COUNT_QUALITY,
                                  unpublished)
        st.dataframe(shown_reach.drop(columns="NIS-code"), hide_index=True, height=presentation.table_height())
        explained = (f"Gestarte trajecten: '{TOTAL} {f.region_label}' is het totaal dat het programma publiceerde "
                     "(officieel), zijn omvang die van de doelgroep in het hele werkgebied van het programma; de "
                     "aantallen per gemeente en van een selectie zijn een gemodelleerde verdeling van dat totaal. "
                     "Bereik = gestarte trajecten in de periode ernaast (per gemeente vanaf de start van het "
                     "programma daar) ÷ omvang van de doelgroep in het jaar ernaast (officieel: het gekozen of "
                     "dichtstbijzijnde jaar; gemodelleerd: het jaar van het model). "
                     f"'{TOTAL} {f.region_label}': getoond zonder keuze of wanneer een gekozen gemeente afgeschermde "
                     f"aantallen heeft; '{TOTAL} selectie': de gekozen gemeenten. Minder dan {MIN_COUNT} trajecten in "
                     f"een gemeente: '{HIDDEN_TEXT[PRIMARY]}'; een aantal dat daaruit af te leiden zou zijn: "
                     f"'{HIDDEN_TEXT[SECONDARY]}'; hun bereik: '–'. Afgeschermd wordt over alle gemeenten van de "
                     "regio, zodat een gemeente hetzelfde toont wat je er ook bij kiest."
                     + "".join(f" {row['Programma']}: deelnemers {NOT_PUBLISHED}, dus geen bereik." for row in unpublished))
        st.caption(explained)
        reached_groups = [by_code[g] for g in reached["target_group"].unique() if g in by_code]
        reach_sources = ["trajecten", PUBLISHED_TRAJECTORIES, *dict.fromkeys(s.indicator for s in reached_groups)]
        reach_modelled = data.is_modelled("trajecten") or any(modelled_of[s.code] for s in reached_groups)
        reach_source = components.source_text(
            reach_sources, ", ".join(sorted({str(year_of[s.code]) for s in reached_groups})) or None,
            modelled=reach_modelled)
        st.caption(reach_source)
        # Numbers stay numbers; hidden counts keep their text.
        components.downloads(
            components.with_provenance(reach_table(reached, doelgroepen.LABELS, size, size_notes,
                                                   lambda v, decimals=0: v, period, COUNT_QUALITY, unpublished),
                                       reach_sources, reach_modelled),
            f"kansengroepen_bereik_{f.slug}_{f.year}", [reach_source, explained], key="kansengroepen_bereik")

if not presentation.active():
    with st.expander("Officiële reeksen en het model: wat vervangt wat", icon=":material/rule:"):
        st.table(pd.DataFrame([{
            "Officiële reeks": s.label, "Doelgroep": doelgroepen.LABELS[s.group], "Verhouding": RELATIONS[s.relation],
            "Jaren": f"{years_of[s.code][0]}-{years_of[s.code][-1]}" if s.code in years_of else "geen gegevens",
            "Onderbouwing": model_doelgroepen.META["official"][s.code]["reasoning"]}
            for s in SERIES if not s.modelled]), hide_index=True, border="horizontal")
        st.caption("Gemodelleerd blijven alleen de doelgroepen waarvoor geen officieel bestand per gemeente bestaat: "
                   + ", ".join(s.label.lower() for s in SERIES if s.modelled and s.code != ALL_GROUPS) + ".")
if modelled:
    model_notes.assumptions(model_doelgroepen.META, names, doelgroepen.LABELS)
