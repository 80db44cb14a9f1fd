"""Sharing a view: the full link, meeting snapshots, presentation mode."""
from __future__ import annotations

from urllib.parse import urlencode

import streamlit as st
from streamlit.delta_generator import DeltaGenerator

from backoffice import snapshots
from ui import auth, data, presentation, urlstate
from ui.urlstate import BadParam, Param

PIN_FORM = "vastzetten"


def _snapshot(raw: list[str]) -> str:
    if not snapshots.exists(raw[-1]):
        raise BadParam(f"Momentopname '{raw[-1]}' uit de link bestaat niet (meer); de huidige gegevens worden getoond.")
    return raw[-1]


PARAMS = [Param(data.SNAPSHOT_KEY, None, _snapshot), *presentation.PARAMS]


def seed() -> list[str]:
    """Read snapshot and presentation settings from the link (before any query)."""
    return urlstate.seed(PARAMS)


def current_link() -> str:
    """The full URL of this view, with every parameter now in the address bar."""
    base = (st.context.url or "").split("?")[0]
    pairs = [(k, v) for k in st.query_params for v in st.query_params.get_all(k)]
    return f"{base}?{urlencode(pairs)}" if pairs else base


def _unpin() -> None:
    st.session_state[data.SNAPSHOT_KEY] = None


def sidebar() -> DeltaGenerator:
    """The sharing controls; returns the slot of the link, which `show_link`
    fills again once the page ran (a page mirrors its own choices, such as
    `?fiche=`, in the URL while it runs)."""
    with st.sidebar:
        st.divider()
        st.markdown("### Delen")
        st.toggle("Presentatiemodus", key=presentation.KEY,
                  help="Grote letters, zonder zijbalk, één onderwerp per scherm. Ook via ?presentatie=1.")
        with st.popover("Kopieer link", icon=":material/link:", width="stretch"):
            st.caption("Deze link opent dezelfde weergave (gebruik de kopieerknop rechts).")
            link = st.empty()
        if data.active_snapshot():
            st.button("Huidige gegevens tonen", on_click=_unpin, icon=":material/update:", width="stretch")
        elif auth.signed_in():   # a snapshot keeps a store version: the admin's proof, like an import
            with st.popover("Vastzetten voor vergadering", icon=":material/push_pin:", width="stretch"):
                st.caption("Bewaart de gegevens van nu; de link blijft deze cijfers tonen, ook na nieuwe imports.")
                auth.confirmed(PIN_FORM, "Vastzetten", ":material/push_pin:", on_confirmed=data.pin)
        else:
            st.caption("Vastzetten voor een vergadering (een link met de cijfers van nu): na aanmelden op Beheer.")
    show_link(link)
    return link


def show_link(slot: DeltaGenerator) -> None:
    """Write the sharing parameters to the URL (a pinned snapshot, the slide a
    page clamped) and show the link as the address bar has it now. Called at
    the end of the sidebar (kept if the page stops early) and after the page."""
    urlstate.write(PARAMS)
    slot.code(current_link(), language=None, wrap_lines=True)


def banner() -> None:
    """Say so when the figures come from a pinned snapshot."""
    sid = data.active_snapshot()
    if sid:
        day = f"{sid[6:8]}/{sid[4:6]}/{sid[:4]}"
        st.info(f"U bekijkt de momentopname van {day} (gegevensversie {sid[9:]}): de cijfers van toen, "
                "ook als er intussen nieuwe gegevens zijn.", icon=":material/push_pin:")
