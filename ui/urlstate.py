"""Widget values mirrored in the URL, with codes rather than labels.

Streamlit's `bind="query-params"` writes a widget's *formatted* option into
the URL (`?gemeente=Menen`) and drops invalid values silently. We want codes
(`?gemeente=34027`), which survive renames and spelling variants, and a Dutch
notice when a link holds something unusable. So: the first time a parameter
is seen in a session its URL value is validated and seeded into the widget's
session-state key; after the widgets are drawn, the current values are
written back to the URL (defaults omitted, to keep links short).

The link is one click behind the browser: the run a click starts writes it.
When a replica dies, its tabs reconnect to a new session elsewhere, and the
first run of that session carries both the widget values the browser holds
and the link as it was before the click; the browser's values win
(`pending`), so nothing the user chose is lost and the URL follows them.

A link is anyone's text: every notice is shown as plain text (`plain`), and a
value longer than any valid one is refused before a page parses it (a year of
4301 digits would otherwise exceed Python's limit for `int`).
"""
from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import streamlit as st
from streamlit.runtime.state import get_session_state
from streamlit.runtime.state.common import user_key_from_element_id

# Far longer than any valid value (codes, years, snapshot ids, slide numbers).
MAX_LENGTH = 100
# Every ASCII punctuation character: each may start Markdown, HTML, LaTeX
# (`$`) or one of Streamlit's own directives (`:red[...]`, `:material/...:`).
_PUNCTUATION = re.compile(r"([!-/:-@\[-`{-~])")


def plain(text: str) -> str:
    """`text` as Streamlit's Markdown shows it literally: punctuation
    backslash-escaped (CommonMark allows it before any ASCII punctuation),
    line breaks and other control characters as spaces. GitHub's autolinks
    (`www.`, `http://`, `a@b.c`) are found after the escapes are resolved, so
    an invisible zero-width space goes before each `.`, `/` and `@`."""
    text = "".join(" " if ch.isspace() or not ch.isprintable() else ch for ch in text)
    return _PUNCTUATION.sub(lambda m: ("\u200b" if m[1] in "./@" else "") + "\\" + m[1], text)


class BadParam(ValueError):
    """A URL value that cannot be used; the message is shown to the user."""


@dataclass(frozen=True)
class Param:
    key: str                                  # URL name and session-state key
    default: Any
    parse: Callable[[list[str]], Any]         # URL values -> widget value; raises BadParam
    to_url: Callable[[Any], list[str] | str] = str
    # Read before its widget is drawn (the presentation mode decides the
    # page's layout): the link seeds it even when the browser holds a value.
    read_early: bool = False


def pending(key: str) -> bool:
    """Whether the browser sent a value for the widget keyed `key` that the
    session cannot see by its key yet: the first run of a new session that a
    tab reconnected to (its replica died) carries every widget value the tab
    holds, but Streamlit maps a key to its widget only when the widget is
    drawn, so until then `key in st.session_state` is False and the link
    (one click behind) would replace what the user just chose. Streamlit
    1.67 has no public API for this: the values wait in
    `SessionState._new_widget_state` under element ids that end in the user
    key. tests/test_urlstate_reconnect.py pins that, so that an upgrade that
    changes it fails loudly."""
    if key in st.session_state:
        return False
    return any(user_key_from_element_id(wid) == key for wid in get_session_state()._state._new_widget_state)


def setdefault(key: str, value: Any) -> None:
    """`st.session_state.setdefault`, leaving a value the browser holds (`pending`) to the widget."""
    if not pending(key):
        st.session_state.setdefault(key, value)


def seed(params: list[Param]) -> list[str]:
    """Seed each parameter from the URL when the session has no value for it
    yet: on the first run, and after `st.switch_page`, which clears widget
    state (the link's parameters are passed along to the new page); not when
    the browser holds one (`pending`). Returns the notices, escaped for
    `st.warning` (`plain`)."""
    notices = []
    for p in params:
        if p.key in st.session_state or (not p.read_early and pending(p.key)):
            continue
        raw = st.query_params.get_all(p.key)
        if not raw:
            continue
        try:
            if any(len(value) > MAX_LENGTH for value in raw):
                raise BadParam(f"De waarde van '{p.key}' in de link is te lang (meer dan {MAX_LENGTH} tekens) "
                               "en wordt genegeerd.")
            st.session_state[p.key] = p.parse(raw)
        except BadParam as exc:
            notices.append(plain(str(exc)))
            st.session_state[p.key] = p.default
    return notices


def write(params: list[Param]) -> None:
    """Mirror the current values in the URL (only those that differ from the default)."""
    for p in params:
        value = st.session_state.get(p.key, p.default)
        wanted = [] if value == p.default else p.to_url(value)
        wanted = [wanted] if isinstance(wanted, str) else list(wanted)
        if st.query_params.get_all(p.key) != wanted:
            if wanted:
                st.query_params[p.key] = wanted
            else:
                del st.query_params[p.key]


def selectbox(label: str, options: list[str], key: str, default: str, refused: Callable[[str], str],
              **kwargs) -> str:
    """A page's own choice (a month, a municipality) mirrored in the URL as
    `?<key>=<option>`. A link value outside `options` opens `default` with
    the Dutch notice `refused(value)`; so does a remembered value that is no
    longer an option (after a filter change), silently; a value the browser
    holds is left to the widget (`pending`)."""
    def parse(raw: list[str]) -> str:
        if raw[-1] not in options:
            raise BadParam(refused(raw[-1]))
        return raw[-1]

    params = [Param(key, default, parse)]
    for notice in seed(params):
        st.warning(notice, icon=":material/link_off:")
    if not pending(key) and st.session_state.get(key) not in options:
        st.session_state[key] = default
    value = st.selectbox(label, options, key=key, **kwargs)
    write(params)
    return value
