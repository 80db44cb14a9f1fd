"""The shared filters: region, municipalities, target group, year.

They live in the sidebar of every page (drawn by app.py), are kept when the
user switches pages, and are mirrored in the URL with codes
(`?regio=w13&gemeente=34027&doelgroep=inburgeraars&jaar=2012`; see
`ui.urlstate`), so a copied link reopens the same view. A link with values
that cannot be used opens the default view with a Dutch notice.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pandas as pd
import streamlit as st

from analysis.fiche import area_of
from common.vocabulary import ALL_GROUPS, FLANDERS
from loaders import doelgroepen
from loaders.regions import FLANDERS_NIS, REGIONS
from page_models.common import Region
from ui import data, scope, urlstate
from ui.urlstate import BadParam, Param

# The regions' names on the pages are those of loaders/regions.yml, which the
# Gemeentefiche and Kansengroepen use too.
REGION_LABELS = {
    "beide": "Westhoek + Zuid-West-Vlaanderen",
    "westhoek": REGIONS["westhoek"]["label"],
    "w13": REGIONS["w13"]["label"],
    "vlaanderen": "Vlaanderen (alle gemeenten)",
}
# In the sidebar's narrow selectbox the long name of "beide" is cut off; W13 says who coordinates it.
REGION_CHOICES = REGION_LABELS | {"beide": "Beide: Westhoek + W13", "w13": f"{REGIONS['w13']['label']} (W13)"}
REGION_SLUGS = {"beide": "Westhoek-W13", "westhoek": "Westhoek", "w13": "W13", "vlaanderen": FLANDERS}
DEFAULT_REGION = "beide"
REGION, MUNICIPALITIES, GROUP, YEAR = "regio", "gemeente", "doelgroep", "jaar"
# The target group as last chosen, kept outside the widget: a page that
# ignores the group leaves it out of the URL, and `st.switch_page` (the
# presentation's next page) clears widget state and re-seeds it from the URL.
KEPT_GROUP = "_doelgroep"


@dataclass(frozen=True)
class Filters:
    region: str
    selected: tuple[str, ...]      # chosen municipalities; empty = whole region
    group: str
    year: int
    region_nis: tuple[str, ...]    # every municipality of the region (2019 map)
    # The same on the 2025 map (VDAB's and inburgering's series): the region's
    # municipalities after the mergers, and the chosen ones as they are since.
    region_nis_2025: tuple[str, ...] = ()
    selected_2025: tuple[str, ...] = ()
    group_applies: bool = True     # whether the page shown filters by `group` (`ui.scope`)

    @property
    def nis(self) -> list[str]:
        """The municipalities the page shows (2019 map: the employment rate,
        Statbel's series)."""
        return list(self.selected or self.region_nis)

    @property
    def nis_2025(self) -> list[str]:
        """The municipalities the page shows on the 2025 map, for series on
        that map: identical for the 30, different at Flanders scale."""
        return list(self.selected_2025 or self.region_nis_2025)

    @property
    def region_label(self) -> str:
        return REGION_LABELS[self.region]

    @property
    def area_label(self) -> str:
        """What the page shows, in words: the region, the chosen
        municipalities' names (up to three), or how many are chosen."""
        if not self.selected:
            return self.region_label
        if len(self.selected) > 3:
            return f"{len(self.selected)} gekozen gemeenten"
        names = municipality_names()
        return ", ".join(names[code] for code in self.selected)

    @property
    def home_region(self) -> Region | None:
        """"The region" of what the page shows, the same on every page:
        without a selection the chosen region (none for Flanders, which
        every page shows anyway); with one, the region of the chosen
        municipalities whatever the sidebar says (Menen: Zuid-West-Vlaanderen,
        also under 'beide'), as the Gemeentefiche defines it
        (`analysis.fiche.area_of`: Westhoek, W13, else the arrondissement);
        both regions for a choice across them; else the chosen region."""
        if not self.selected:
            return None if self.region == "vlaanderen" else Region(self.region_label, self.region_nis,
                                                                    self.region_nis_2025)
        rows = data.run("municipalities")
        areas = {area_of(code, rows, REGIONS) for code in self.selected}
        if len(areas) == 1:
            area = areas.pop()
            return Region(area.label, area.nis, successor(list(area.nis)))
        if set(self.selected) <= set(region_members("beide")):
            return Region(REGION_LABELS["beide"], tuple(region_members("beide")),
                          tuple(region_members("beide", 2025)))
        return None if self.region == "vlaanderen" else Region(self.region_label, self.region_nis,
                                                                self.region_nis_2025)

    @property
    def slug(self) -> str:
        """Short name for file names: W13, Westhoek, Menen, ..."""
        if len(self.selected) == 1:
            return municipality_names()[self.selected[0]].replace(" ", "-")
        return REGION_SLUGS[self.region]


@data.per_version
def municipality_names() -> dict[str, str]:
    rows = data.run("municipalities")
    return dict(zip(rows["nis"], rows["name_nl"]))


@data.per_version
def region_members(region: str, map_year: int = 2019) -> list[str]:
    """Municipalities of a region on the map of `map_year` (2019 or 2025),
    sorted by name. Only Flanders differs: the 30 kept their borders."""
    rows = data.run("municipalities")
    if region == "vlaanderen":
        on_map = rows["on_map_2025"] if map_year == 2025 else rows["in_2019_boundaries"]
        rows = rows[(rows["reg_nis"] == FLANDERS_NIS) & on_map]
    elif region == "beide":
        rows = rows[rows["region"].notna()]
    else:
        rows = rows[rows["region"] == region]
    return rows["nis"].tolist()


# The default year: the latest year of this official series ("pages open on now").
CURRENT_INDICATOR = "werkzoekendengraad"


@data.per_version
def choices(region: str) -> list[str]:
    """What the municipality filter offers: the region on both maps (at
    Flanders scale the municipalities merged in 2025 and the new ones)."""
    both = set(region_members(region)) | set(region_members(region, 2025))
    return [nis for nis in data.run("municipalities")["nis"] if nis in both]


@data.per_version
def choice_labels() -> dict[str, str]:
    """Names for the filter, with the map where the 2025 mergers matter:
    "Tielt (tot 2024)" beside "Tielt (sinds 2025)"."""
    rows = data.run("municipalities")
    flemish = rows["reg_nis"] == FLANDERS_NIS
    suffix = pd.Series("", index=rows.index)
    suffix[flemish & rows["in_2019_boundaries"] & ~rows["on_map_2025"]] = " (tot 2024)"
    suffix[flemish & ~rows["in_2019_boundaries"] & rows["on_map_2025"]] = " (sinds 2025)"
    return dict(zip(rows["nis"], rows["name_nl"] + suffix))


def successor(codes: list[str]) -> tuple[str, ...]:
    """The chosen municipalities as they are on the 2025 map."""
    rows = data.run("municipalities")
    after = dict(zip(rows["nis"], rows["nis_2025"]))
    return tuple(dict.fromkeys(after.get(code) or code for code in codes))


def indicator_years(indicator: str | None) -> list[int]:
    """The years of an indicator; of every indicator in the store with None."""
    return data.run("indicator_years", indicator=indicator)["year"].astype(int).tolist()


def available_years() -> list[int]:
    """The year filter's options: every year any indicator has, so an old
    link (`?jaar=2012`) keeps working; each figure shows its own year."""
    return indicator_years(None)


def default_year() -> int:
    """The latest year of the official jobseeker rate, from the store."""
    return indicator_years(CURRENT_INDICATOR)[-1]


def _params(years: list[int], default: int) -> list[Param]:
    names = municipality_names()

    def region(raw: list[str]) -> str:
        if raw[-1] not in REGION_LABELS:
            raise BadParam(f"Onbekende regio '{raw[-1]}' in de link; getoond: {REGION_LABELS[DEFAULT_REGION]}.")
        return raw[-1]

    def municipalities(raw: list[str]) -> list[str]:
        chosen = st.session_state.get(REGION, DEFAULT_REGION)
        allowed = set(choices(chosen))
        for code in raw:
            if code not in allowed:
                why = (f"hoort niet bij {REGION_LABELS[chosen]}" if code in names else "is geen gekende NIS-code")
                raise BadParam(f"Gemeente '{code}' in de link {why}; alle gemeenten van de regio getoond.")
        return list(dict.fromkeys(raw))

    def group(raw: list[str]) -> str:
        if raw[-1] not in doelgroepen.LABELS:
            raise BadParam(f"Onbekende doelgroep '{raw[-1]}' in de link; getoond: alle doelgroepen.")
        return raw[-1]

    def year(raw: list[str]) -> int:
        if not raw[-1].isascii() or not raw[-1].isdigit() or int(raw[-1]) not in years:
            raise BadParam(f"Jaar '{raw[-1]}' in de link valt buiten {years[0]}-{years[-1]}; getoond: {default}.")
        return int(raw[-1])

    return [Param(REGION, DEFAULT_REGION, region), Param(MUNICIPALITIES, [], municipalities, list),
            Param(GROUP, ALL_GROUPS, group), Param(YEAR, default, year)]


def toggled(selected: list[str], nis: str, members: list[str]) -> list[str]:
    """The selection after a click on `nis` on a map: added if absent,
    removed if present; a municipality outside the region changes nothing."""
    if nis in selected:
        return [code for code in selected if code != nis]
    return selected + [nis] if nis in members else selected


def map_click(chart_key: str) -> Callable[[], None]:
    """`on_select` callback for a map whose points carry a NIS code as
    `customdata[0]`: toggles the clicked municipality in the shared filter.
    A callback runs before the next run draws the sidebar, so the
    municipality widget (and the URL) show the new selection."""
    def callback() -> None:
        points = st.session_state[chart_key]["selection"]["points"]
        codes = dict.fromkeys(p["customdata"][0] for p in points if p.get("customdata"))
        selected = list(st.session_state.get(MUNICIPALITIES, []))
        members = choices(st.session_state.get(REGION, DEFAULT_REGION))
        for code in codes:
            selected = toggled(selected, code, members)
        st.session_state[MUNICIPALITIES] = selected
    return callback


def _on_region_change() -> None:
    # Municipalities of the previous region are no longer options.
    st.session_state[MUNICIPALITIES] = []


def sidebar(page=None) -> Filters:
    """Draw the filters in the sidebar and return the current choice. On a
    page that ignores the target group (`ui.scope`) the group stays chosen
    for the pages that use it, but the URL leaves it out (a shared link
    must not look filtered) and the page says so at the top."""
    years, default = available_years(), default_year()
    params = _params(years, default)
    if KEPT_GROUP in st.session_state and GROUP not in st.session_state and not urlstate.pending(GROUP):
        st.session_state[GROUP] = st.session_state[KEPT_GROUP]
    notices = urlstate.seed(params)
    applies = scope.uses_group(page)
    labels = choice_labels()
    with st.sidebar:
        st.markdown("### Filters")
        region = st.selectbox("Regio", list(REGION_LABELS), format_func=REGION_CHOICES.get,
                              key=REGION, on_change=_on_region_change)
        urlstate.setdefault(MUNICIPALITIES, [])
        selected = st.multiselect("Gemeenten", choices(region), format_func=labels.get, key=MUNICIPALITIES,
                                  placeholder="Alle gemeenten van de regio",
                                  help="Leeg laten toont alle gemeenten van de gekozen regio.")
        group = st.selectbox("Doelgroep", list(doelgroepen.LABELS), format_func=doelgroepen.LABELS.get, key=GROUP,
                             help=scope.GROUP_HELP)
        if not applies:
            st.caption(scope.NOT_HERE)
        urlstate.setdefault(YEAR, default)
        year = st.selectbox("Jaar", years, key=YEAR,
                            help=f"Gevraagd referentiejaar ({years[0]}-{years[-1]}; standaard {default}, het "
                                 "laatste jaar met officiële cijfers). Elk cijfer toont zijn eigen "
                                 "referentiejaar: een reeks die vroeger stopt (de werkzaamheidsgraad in 2015) "
                                 "of later begint, toont haar dichtstbijzijnde jaar en zegt dat erbij.")
    st.session_state[KEPT_GROUP] = group
    urlstate.write(params if applies else [p for p in params if p.key != GROUP])
    if not applies and GROUP in st.query_params:
        del st.query_params[GROUP]
    for notice in notices:
        st.warning(notice, icon=":material/link_off:")
    if not applies and group != ALL_GROUPS:
        scope.all_groups_notice(doelgroepen.LABELS[group])
    return Filters(region=region, selected=tuple(selected), group=group, year=int(year),
                   region_nis=tuple(region_members(region)), region_nis_2025=tuple(region_members(region, 2025)),
                   selected_2025=successor(selected), group_applies=applies)


def current() -> Filters:
    """The filters drawn in this run (set by app.py before the page runs)."""
    return st.session_state["_filters"]
