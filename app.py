"""Regiomonitor Werk: entry point. Navigation and the shared filters; each
page in views/ reads the filters, calls queries and charts."""
from __future__ import annotations

from pathlib import Path

import duckdb
import streamlit as st

from charts.choropleth import names_css
from charts.theme import TITLE_LINE_PX
from loaders import versions
from loaders.errors import SourceError
from ui import data, filters, layout, presentation, share

# A local icon: a Material icon as page_icon makes the browser fetch the
# favicon from a font CDN, which breaks offline use.
st.set_page_config(page_title="Regiomonitor Werk", page_icon="static/favicon.png", layout="wide")

PAGES = [
    st.Page("views/overzicht.py", title="Overzicht", icon=":material/dashboard:", default=True),
    st.Page("views/werkzaamheid.py", title="Werkzaamheid", icon=":material/map:"),
    st.Page("views/kansengroepen.py", title="Kansengroepen", icon=":material/groups:"),
    st.Page("views/vacatures.py", title="Vacatures", icon=":material/work_history:"),
    st.Page("views/budgetten.py", title="Budgetten", icon=":material/euro:"),
    st.Page("views/trajecten.py", title="Trajecten", icon=":material/route:"),
    st.Page("views/gemeentefiche.py", title="Gemeentefiche", icon=":material/location_city:"),
    st.Page("views/regie.py", title="Regie", icon=":material/flag:"),
    st.Page("views/beheer.py", title="Beheer", icon=":material/admin_panel_settings:"),
]

# Pages left out of the presentation sequence.
NOT_PRESENTED = {"Beheer"}
# Each map's names layer for its width; a slide's map, its names drawn larger, carries its own rules
# (ui.components.chart). The slide is told by the root's class, not by `:root:has(<the slide's controls>)`:
# a `:has()` on the root made the browser check the whole page at every element a run adds (a year change
# on Vacatures: 175 -> 113 ms of style work, Chromium trace).
NAMES_CSS = names_css(f":root:not(.{presentation.ROOT_CLASS})")
# Streamlit's own interface texts in Dutch (no option for them; see the script), chart titles
# wrapped to their chart's width (the server wraps them for a phone; see the script), a new figure drawn once
# rather than twice (Streamlit hands it to plotly.js twice; see the script), a run after the
# tab reconnected (a choice made while the connection was down is otherwise lost; see the script), and
# plotly.js's failure on a map removed before its boundary file arrived dropped (harmless; see the script).
STATIC = Path(__file__).parent / "static"
SCRIPTS = ((STATIC / "nl.js").read_text(encoding="utf-8")
           + (STATIC / "titles.js").read_text(encoding="utf-8").replace("TITLE_LINE_PX;", f"{TITLE_LINE_PX};")
           + (STATIC / "redraw.js").read_text(encoding="utf-8")
           + (STATIC / "reconnect.js").read_text(encoding="utf-8")
           + (STATIC / "geo_race.js").read_text(encoding="utf-8"))


def dutch_interface() -> None:
    """Run static/nl.js, titles.js, redraw.js, reconnect.js and geo_race.js in
    the page (once per tab: they guard themselves). Its empty element is kept
    out of the layout by its own CSS rule; the same style carries the rule
    that picks each map's names layer for its width and the page layout's by
    width (`ui.layout`)."""
    st.html(f'<style>.stElementContainer:has(> .stHtml > .rm-dutch){{display:none}}{NAMES_CSS}{layout.CSS}</style>'
            f'<span class="rm-dutch"></span><script>{SCRIPTS}</script>',
            unsafe_allow_javascript=True)


# What a visitor reads when the store cannot be opened, by the kind of fault
# (`loaders.versions.fault`); none of them names a server path.
STORE_FAULTS = {
    "lock": ("De databank is in gebruik door een ander programma (bijvoorbeeld een import of een tweede dashboard "
             "op hetzelfde bestand). Probeer het over enkele ogenblikken opnieuw.", ":material/lock:"),
    "missing": ("Het bestand van de databank ontbreekt (verwijderd of verplaatst). Probeer het over enkele "
                "ogenblikken opnieuw; blijft deze melding, dan moet de beheerder de databank opnieuw opbouwen.",
                ":material/error:"),
    "permission": ("Het dashboard mag het bestand van de databank niet lezen (de rechten op het bestand). De "
                   "beheerder moet de rechten herstellen.", ":material/block:"),
    "corrupt": ("Het bestand van de databank is beschadigd en kan niet worden gelezen. De beheerder moet het "
                "herstellen of de databank opnieuw opbouwen.", ":material/error:"),
    "disk_full": ("De schijf van de server is vol: de databank kan niet worden gelezen. De beheerder moet ruimte "
                  "maken.", ":material/error:"),
    None: ("De databank kon niet worden geopend (een fout van de schijf of het bestand). Probeer het over enkele "
           "ogenblikken opnieuw.", ":material/error:"),
}


def open_store(step) -> None:
    """Run `step` (opening the store for this run); a fault ends the run
    with a Dutch message instead of a traceback."""
    try:
        step()
    except SourceError as exc:
        st.error(f"De gegevens konden niet worden geladen: {exc}", icon=":material/error:")
        st.stop()
    except (duckdb.IOException, OSError) as exc:
        message, icon = STORE_FAULTS[versions.fault(exc)]
        st.error(message, icon=icon)
        st.stop()


def main() -> None:
    open_store(data.connection)
    dutch_interface()
    notices = share.seed()
    open_store(data.begin_run)
    page = st.navigation(PAGES, position="hidden" if presentation.active() else "sidebar")
    presentation.set_sequence([p for p in PAGES if p.title not in NOT_PRESENTED])
    st.session_state["_filters"] = filters.sidebar(page)
    link = share.sidebar()
    # Only after the filters wrote the URL: switch_page clears widget state
    # and carries the URL's parameters to the new page, which re-seed it.
    presentation.follow()
    presentation.style()
    for notice in notices:
        st.warning(notice, icon=":material/link_off:")
    share.banner()
    presentation.begin_page(page)
    with data.building():
        page.run()
    presentation.navigation()
    # Now the URL also holds what the page mirrored in it (`?fiche=`, a clamped slide).
    share.show_link(link)


main()
