"""Regiomonitor Werk: entry point. Navigation and the shared filters; each
page in pages/ reads the filters, calls queries and charts."""
from __future__ import annotations

import streamlit as st

from loaders.errors import SourceError
from ui import data, filters

# A local icon: a Material icon as page_icon makes the browser fetch the
# favicon from a font CDN, which breaks offline use.
st.set_page_config(page_title="Regiomonitor Werk", page_icon="static/favicon.png", layout="wide")

PAGES = [
    st.Page("views/overzicht.py", title="Overzicht", icon=":material/dashboard:", default=True),
]


def main() -> None:
    try:
        data.connection()
    except SourceError as exc:
        st.error(f"De gegevens konden niet worden geladen: {exc}", icon=":material/error:")
        st.stop()
    page = st.navigation(PAGES)
    st.session_state["_filters"] = filters.sidebar()
    page.run()


main()
