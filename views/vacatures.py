"""Vacatures: VDAB's yearly vacancies (received and open, in total and per
sector) per municipality and area, and the tension (VDAB's
spanningsindicator: jobseekers per vacancy received). The published 7.073
open vacancies of August 2021 is shown beside them as another count."""
from __future__ import annotations

import pandas as pd
import streamlit as st

from analysis.vacatures import COUNTS, TENSION, area_years, in_year, sectors, shown_year, with_hidden
from analysis.years import coverage, covered_year
from charts.choropleth import value_map
from charts.ranking import ranking
from charts.yearly import yearly
from loaders import portal, published
from loaders.meta import load_meta
from loaders.regions import REGIONS
from common import format as fmt
from ui import components, data, filters, geometry, presentation, urlstate
from ui.presentation import Slides

INDICATORS = {"ontvangen": "vacatures_ontvangen", "open": "vacatures_open", "nwwz": "nwwz"}
LABELS = {"ontvangen": "Ontvangen vacatures", "open": "Openstaande vacatures",
          "nwwz": "Niet-werkende werkzoekenden", TENSION: "Spanningsindicator"}
VACANCIES = ["ontvangen", "open"]
HIDDEN_IN_SUM = "Gemeenten met een verborgen waarde (x, niet in de som)"
SOURCES = list(INDICATORS.values())
# Sector codes of the store -> the export's own names.
SECTORS = {code: label for label, code in load_meta(str(portal.SPEC_DIR / "vdab_vacatures.yml"))["sectors"].items()}
PUBLISHED = published.VACANCIES_WESTHOEK
MAP_KEY, MAP_HEIGHT = "vacatures_kaart", 560
HOW_TO_READ = (
    "De **spanningsindicator** van VDAB deelt het aantal niet-werkende werkzoekenden (NWWZ, gemiddelde over de "
    "twaalf maanden van het jaar) door het aantal vacatures dat VDAB in dat jaar ontving. **Hoger** = meer "
    "werkzoekenden per vacature: werkgevers vinden makkelijker kandidaten, de arbeidsmarkt is minder krap. "
    "**Lager** = minder werkzoekenden per vacature: een krappere arbeidsmarkt. Onder 1 kwamen er in het jaar meer "
    "vacatures binnen dan er gemiddeld werkzoekenden waren. Voor een regio of selectie worden eerst de aantallen "
    "opgeteld en dan gedeeld (geen gemiddelde van de gemeenten). De indicator zegt niet of werkzoekenden en "
    "vacatures bij elkaar passen, en werkzoekenden zoeken ook buiten hun gemeente werk.")

f = filters.current()
with_published = bool(set(REGIONS[PUBLISHED["region"]]["nis"]) & set(f.region_nis_2025))
slides = Slides(["reeks", *(["gepubliceerd"] if with_published else []), "per gemeente", "rangschikking", "sectoren",
                 "spanning", "spanning per gemeente", "spanning tabel"])
names = filters.municipality_names()
st.title("Vacatures")

rows = data.run("vacatures_jaar", nis=list(f.region_nis_2025))
years = sorted(rows.loc[rows["ontvangen"].notna() | rows["open"].notna(), "year"].unique().tolist())
if not years:
    st.info("Geen VDAB-vacaturecijfers voor deze regio.", icon=":material/info:")
    st.stop()
year = shown_year(years, f.year)
span = f"{years[0]}-{years[-1]}"
region = f.home_region
st.caption(f"**{f.area_label}**" + (f" · {region.label}" if f.selected and region else ""))
st.caption(f"VDAB-jaarcijfers {span}: vacatures die VDAB in de loop van het jaar ontving, openstaande vacatures en "
           f"niet-werkende werkzoekenden (jaargemiddelde). Referentiejaar {year}: het jaarfilter in de zijbalk.")
if year != f.year:
    st.info(f"VDAB publiceert geen vacaturecijfers per gemeente voor {f.year} (reeks {span}); getoond: {year}.",
            icon=":material/info:")

# Areas to compare (code -> label, municipalities): the regions shown, or the selection's own region
# (`Filters.home_region`, as on every page), and the selection.
areas = ({key: (r["label"], r["nis"]) for key, r in REGIONS.items() if f.region in (key, "beide")}
         or {f.region: (f.region_label, list(f.region_nis_2025))})
if f.selected:
    areas = ({"regio": (region.label, list(region.nis_2025))} if region else {}) | {"selectie": (f.area_label, f.nis_2025)}
# A municipality has a year when it has a value or a hidden one.
has = rows[VACANCIES].notna().any(axis=1) | (rows[[f"{c}_flag" for c in VACANCIES]] == fmt.HIDDEN).any(axis=1)


def area_series() -> tuple[pd.DataFrame, dict[str, pd.DataFrame]]:
    """Every year's sums and tension per area, only for the years every
    municipality of the area has (a year imported for part of it is said),
    and each area's coverage per year."""
    covered = {label: coverage(rows[rows["nis"].isin(codes)], has) for label, codes in areas.values()}
    full = {(label, y) for label, c in covered.items() for y in c.loc[c["present"] >= c["expected"], "year"]}
    every = area_years(rows, {label: codes for label, codes in areas.values()})
    return every[[key in full for key in zip(every["area"], every["year"])]], covered


# The same for every year: cached under the areas' codes (`ui.data.keyed`), so a year change only picks rows.
AREAS_KEY = ("vacatures", tuple(f.region_nis_2025), *((key, label, tuple(codes)) for key, (label, codes) in areas.items()))
series, covered = data.keyed(AREAS_KEY, area_series)
area_year, _, partial = covered_year(covered, year)
for notice in partial:
    st.warning(notice, icon=":material/hourglass_top:")
now = in_year(rows[rows["nis"].isin(f.nis_2025)], year)
# The same as text, `x` where hidden: for the tooltips and the table.
now_text = now.assign(**{c: [fmt.flagged(v, flag, 2 if c == TENSION else 0) for v, flag in zip(now[c], now[f"{c}_flag"])]
                         for c in [*COUNTS, TENSION]})
missing = sorted(set(f.nis_2025) - set(now["nis"]), key=names.get)
if missing:
    st.caption(f"Geen VDAB-cijfers voor {len(missing)} gemeente(n) in {year} (o.a. "
               f"{', '.join(names[c] for c in missing[:3])}); ze ontbreken ook in de sommen.")


def source_text(indicators: list[str] = SOURCES, reference: str | int = year, extra: str | None = None) -> str:
    return components.source_text(indicators, reference, extra=extra, modelled=False)


def hidden_note(table) -> None:
    """The legend of `x`, under a table or chart that has one."""
    if table["hidden"].any():
        st.caption(fmt.HIDDEN_NOTE + ". Een som over een gebied laat verborgen waarden weg.")


def exported(table, columns: dict[str, str]):
    """An export: `columns` (name -> header), hidden counts as `x` and, on
    a row with one, the legend; with provenance."""
    out = table[list(columns)].rename(columns=columns)
    for name in [c for c in columns if f"{c}_flag" in table]:
        out[columns[name]] = with_hidden(table[name], table[f"{name}_flag"])
    if any(flag in table and (table[flag] == fmt.HIDDEN).any() for flag in [f"{c}_flag" for c in columns]):
        out["Opmerking"] = [fmt.HIDDEN_NOTE if hidden else "" for hidden in table["hidden"]]
    return components.with_provenance(out, SOURCES, False)


def published_figure() -> None:
    """The published August 2021 figure with its own definition, beside
    VDAB's own open-vacancy count for the same region and year."""
    region = REGIONS[PUBLISHED["region"]]
    pub_year = int(PUBLISHED["period"][:4])
    vdab = data.keyed(("vacatures gepubliceerd", tuple(region["nis"])), area_years,
                      data.run("vacatures_jaar", nis=region["nis"]), {region["label"]: region["nis"]})
    vdab_open = vdab.loc[vdab["year"] == pub_year, "open"].iat[0]
    with st.container(border=True):
        left, right = st.columns([1, 3])
        left.metric("Gepubliceerd", fmt.number(PUBLISHED["value"]))
        left.caption(PUBLISHED["label"])
        right.markdown(
            f"**Een gepubliceerd cijfer, een andere telling.** {PUBLISHED['definition']} VDAB telt in zijn eigen "
            f"cijfers hierboven voor de {region['label']} in {pub_year} **{fmt.number(vdab_open)}** openstaande "
            f"vacatures (jaarcijfer). Het zijn twee verschillende tellingen: zet ze niet in één reeks en tel ze "
            f"niet op.")
        right.caption(f"Bron: {PUBLISHED['producer']}, {PUBLISHED['source']}: “{PUBLISHED['quote']}”. "
                      f"VDAB-cijfer: " + source_text([PUBLISHED["vdab_indicator"]], pub_year)[len("Bron: "):])


if slides.show("reeks"):
    st.subheader(f"Vacatures per jaar, {span}")
    for col, measure in zip(st.columns(2), VACANCIES):
        with col:
            # Cached and named after the series' period: a year change leaves these charts alone.
            components.chart(data.figure(yearly, series, measure, f"{LABELS[measure]}, {' en '.join(series['area'].unique())}",
                                         key=(measure, *AREAS_KEY)),
                             key=f"vacatures_reeks_{measure}", filename=f"vacatures_{measure}_{f.slug}_{span}")
            st.caption(source_text([INDICATORS[measure]], span))
    st.caption("Ontvangen vacatures: alle vacatures die VDAB in de loop van het jaar binnenkreeg. Openstaande "
               "vacatures: VDAB's telling van de vacatures die nog openstaan. Beide zijn VDAB's eigen tellingen.")
if with_published and slides.show("gepubliceerd"):   # after the series, on a slide of its own
    published_figure()
if slides.show("reeks"):
    components.downloads(
        data.keyed(("vacatures reeks", *AREAS_KEY), exported, series,
                   {"area": "Gebied", "year": "Jaar", "ontvangen": LABELS["ontvangen"], "open": LABELS["open"],
                    "nwwz": LABELS["nwwz"], TENSION: LABELS[TENSION], "hidden": HIDDEN_IN_SUM}),
        f"vacatures_reeks_{f.slug}_{span}", [source_text(reference=span), HOW_TO_READ], key="vacatures_reeks_dl")

if slides.show("per gemeente") or slides.show("rangschikking"):
    st.subheader(f"Per gemeente, {year}")
    measure = st.segmented_control("Vacatures", VACANCIES, format_func=LABELS.get, key="kaart",
                                   default="ontvangen") or "ontvangen"
    if slides.show("per gemeente"):
        hover = [f"{r} ontvangen vacatures<br>{o} openstaande vacatures<br>{n} niet-werkende werkzoekenden<br>"
                 f"spanningsindicator {s} ({year})"
                 for r, o, n, s in zip(now_text["ontvangen"], now_text["open"], now_text["nwwz"], now_text[TENSION])]
        map_area = geometry.area(f.nis_2025, list(f.region_nis_2025), map_year=geometry.MAP_2025)
        if map_area is not None:
            components.chart(
                value_map(map_area, now.assign(value=now[measure], hover=hover), names, set(f.region_nis_2025),
                          title=LABELS[measure].replace(" ", "<br>"), when=str(year), height=MAP_HEIGHT,
                          scale=geometry.scale(INDICATORS[measure], log=True),
                          revision="|".join(f.nis_2025)),
                key=MAP_KEY, filename=f"vacatures_kaart_{measure}_{f.slug}_{year}",
                on_select=filters.map_click(MAP_KEY), selection_mode="points")
            if not presentation.active():   # a click on the projector changes nothing
                st.caption("Klik op een gemeente om ze aan de selectie toe te voegen of eruit te halen.")
            st.caption(source_text([INDICATORS[measure]],
                                   extra="gemeentekaart 2025 (gefusioneerde gemeenten uit hun grenzen van 2019)"))
    if slides.show("rangschikking"):
        other = next(m for m in VACANCIES if m != measure)
        components.chart(
            ranking(components.top(now, measure, f"de meeste {LABELS[measure].lower()}"), measure,
                    f"{LABELS[measure]}, {year}",
                    f"%{{y}}: %{{x:,.0f}} {LABELS[measure].lower()}<br>%{{customdata[0]:,.0f}} {LABELS[other].lower()}",
                    custom=[other], text_format=",.0f", modelled=False),
            key="vacatures_ranking", filename=f"vacatures_{measure}_{f.slug}_{year}")
        st.caption(source_text([INDICATORS[measure]]))
        hidden_note(now)

if slides.show("sectoren"):
    st.subheader(f"Vacatures per sector, {year}")
    options = list(areas) + sorted(f.nis_2025, key=names.get)
    default = f.selected_2025[0] if len(f.selected_2025) == 1 else ("selectie" if f.selected else next(iter(areas)))
    label_of = {code: label for code, (label, _) in areas.items()} | names
    left, right = st.columns(2)   # a third of the width cut the switch's second choice off on a laptop
    with left:
        where = urlstate.selectbox(
            "Gebied of gemeente", options, "sectoren", default, format_func=label_of.get,
            refused=lambda raw: f"'{raw}' in de link (sectoren) hoort niet bij de selectie; "
                                f"getoond: {label_of[default]}.")
    with right:
        kind = st.segmented_control("Vacatures", VACANCIES, format_func=LABELS.get, key="sector_maat",
                                    default="ontvangen") or "ontvangen"
    codes = areas[where][1] if where in areas else [where]
    by_sector = sectors(data.run("vacatures_sectoren", indicator=INDICATORS[kind], nis=list(f.region_nis_2025), year=year),
                        codes, year, SECTORS)
    shown = by_sector[by_sector["value"].notna()]
    place = label_of[where]
    if shown.empty:
        st.info(f"Geen sectorcijfers voor {place} in {year}.", icon=":material/info:")
    else:
        components.chart(
            ranking(shown.rename(columns={"label": "name_nl"}), "value",
                    f"{LABELS[kind]} per sector, {place}, {year}",
                    f"%{{y}}: %{{x:,.0f}} {LABELS[kind].lower()}", text_format=",.0f", modelled=False),
            key="vacatures_sectoren", filename=f"vacatures_sectoren_{kind}_{place.replace(' ', '-')}_{year}")
        total = rows.loc[rows["nis"].isin(codes) & (rows["year"] == year), kind].sum(min_count=1)
        st.caption(f"Som van de sectoren: {fmt.number(shown['value'].sum())}; totaal volgens VDAB: "
                   f"{fmt.number(total)}. Sectoren die de bron als onbekend ('?') geeft, ontbreken.")
        st.caption(source_text([INDICATORS[kind]]))
        if (by_sector["flag"] == fmt.HIDDEN).any():
            st.caption(f"Verborgen (x): {', '.join(by_sector.loc[by_sector['flag'] == fmt.HIDDEN, 'label'])}. "
                       + fmt.HIDDEN_NOTE)
        components.downloads(
            components.with_provenance(
                by_sector.assign(year=year, place=place, value=with_hidden(by_sector["value"], by_sector["flag"]))[
                    ["place", "year", "label", "value"]].rename(columns={
                        "place": "Gebied", "year": "Jaar", "label": "Sector", "value": LABELS[kind]}),
                [INDICATORS[kind]], False),
            f"vacatures_sectoren_{kind}_{place.replace(' ', '-')}_{year}",
            [source_text([INDICATORS[kind]]), fmt.HIDDEN_NOTE], key="vacatures_sectoren_dl")

if slides.show("spanning") or slides.show("spanning per gemeente") or slides.show("spanning tabel"):
    st.subheader(f"Spanning: werkzoekenden per ontvangen vacature, {year}")
    extra = "spanningsindicator = niet-werkende werkzoekenden (jaargemiddelde) ÷ ontvangen vacatures"
    if slides.show("spanning"):
        (st.caption if presentation.active() else st.markdown)(HOW_TO_READ)   # on a slide: a footer-sized note
        current = series[series["year"] == area_year]
        for col, (_, r) in zip(st.columns(max(len(current), 1)), current.iterrows()):
            col.metric(f"{r['area']}, {area_year}", fmt.number(r[TENSION], 2),
                       delta=f"{fmt.number(r['nwwz'])} werkzoekenden · {fmt.number(r['ontvangen'])} ontvangen vacatures",
                       delta_color="off", delta_arrow="off", border=True)
        components.chart(data.figure(yearly, series, TENSION, f"Spanningsindicator per jaar, {span}", number_format=",.2f",
                                     key=(TENSION, *AREAS_KEY)),
                         key="vacatures_spanning_reeks", filename=f"spanning_{f.slug}_{span}")
        st.caption(source_text(["nwwz", "vacatures_ontvangen"], span, extra))
    if slides.show("spanning per gemeente"):
        # The reference line: the shown municipalities together (sums, like every area).
        shown_area = f.area_label
        shown_cover = coverage(rows[rows["nis"].isin(f.nis_2025)], has).set_index("year")
        together = (data.keyed(("vacatures samen", tuple(f.region_nis_2025), shown_area, tuple(f.nis_2025)),
                               area_years, rows, {shown_area: f.nis_2025}).set_index("year")[TENSION].get(year)
                    if year in shown_cover.index and shown_cover.at[year, "present"] >= shown_cover.at[year, "expected"]
                    else None)
        components.chart(
            ranking(components.top(now, TENSION, "de hoogste spanningsindicator"), TENSION,
                    f"Spanningsindicator per gemeente, {year}",
                    "%{y}: %{x:,.2f} werkzoekenden per ontvangen vacature<br>%{customdata[0]:,.0f} werkzoekenden · "
                    "%{customdata[1]:,.0f} ontvangen vacatures", custom=["nwwz", "ontvangen"], text_format=",.2f",
                    references={f"{shown_area}: {fmt.number(together, 2)}": together} if pd.notna(together) else None,
                    modelled=False),
            key="vacatures_spanning", filename=f"spanning_{f.slug}_{year}")
        st.caption(source_text(["nwwz", "vacatures_ontvangen"], extra=extra))
    if slides.show("spanning tabel"):
        columns = {"nis": "NIS-code", "name_nl": "Gemeente", "year": "Jaar", "ontvangen": LABELS["ontvangen"],
                   "open": LABELS["open"], "nwwz": LABELS["nwwz"], TENSION: LABELS[TENSION]}
        st.dataframe(now_text.sort_values("name_nl")[list(columns)].rename(columns=columns), hide_index=True,
                     height=presentation.table_height())
        hidden_note(now)
        components.downloads(exported(now.sort_values("name_nl"), columns), f"vacatures_{f.slug}_{year}",
                             [source_text(extra=extra), HOW_TO_READ, fmt.HIDDEN_NOTE], key="vacatures_dl")
