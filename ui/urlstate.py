"""Widget values mirrored in the URL, with codes rather than labels.

Streamlit's `bind="query-params"` writes a widget's *formatted* option into
the URL (`?gemeente=Menen`) and drops invalid values silently. We want codes
(`?gemeente=34027`), which survive renames and spelling variants, and a Dutch
notice when a link holds something unusable. So: the first time a parameter
is seen in a session its URL value is validated and seeded into the widget's
session-state key; after the widgets are drawn, the current values are
written back to the URL (defaults omitted, to keep links short).

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


def seed(params: list[Param]) -> list[str]:
    """Seed each parameter from the URL when the session has no value for it
    yet: on the first run, and after `st.switch_page`, which clears widget
    state (the link's parameters are passed along to the new page). Returns
    the notices, escaped for `st.warning` (`plain`)."""
    notices = []
    for p in params:
        if p.key in st.session_state:
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
    longer an option (after a filter change), silently."""
    def parse(raw: list[str]) -> str:
        if raw[-1] not in options:
            raise BadParam(refused(raw[-1]))
        return raw[-1]

    params = [Param(key, default, parse)]
    for notice in seed(params):
        st.warning(notice, icon=":material/link_off:")
    if st.session_state.get(key) not in options:
        st.session_state[key] = default
    value = st.selectbox(label, options, key=key, **kwargs)
    write(params)
    return value
