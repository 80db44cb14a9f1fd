"""Issue 19.4: a link's parameters are plain text. A value too long for any
use (a year of 4301 digits exceeds Python's limit for `int`) gets the Dutch
notice, and whatever a parameter holds is escaped before it reaches a notice
(`ui.urlstate.plain`; tests/e2e/test_browser_url_plain_text.py checks what
Chromium draws)."""
from __future__ import annotations

import sys

import pytest

from tests.helpers import shown
from ui.urlstate import MAX_LENGTH, plain

TOO_MANY_DIGITS = "9" * (sys.get_int_max_str_digits() + 1)


@pytest.mark.parametrize("params", [{"jaar": TOO_MANY_DIGITS}, {"presentatie": "1", "dia": TOO_MANY_DIGITS},
                                    {"gemeente": ["34027", TOO_MANY_DIGITS]}])
def test_overlong_values_get_the_dutch_notice(app, params):
    for key, value in params.items():
        app.query_params[key] = value
    app.run()
    assert not app.exception, [e.message for e in app.exception]
    key = next(k for k, v in params.items() if TOO_MANY_DIGITS in v)
    assert [shown(w.value) for w in app.warning] == [
        f"De waarde van '{key}' in de link is te lang (meer dan {MAX_LENGTH} tekens) en wordt genegeerd."]


@pytest.mark.parametrize("text", ["# Kop", "**vet** [a](http://x.example/)", "<b>html</b> :red[rood] $x^2$",
                                  "www.x.example a@b.example", "regel 1\nregel 2", "\\* `code`"])
def test_plain_leaves_no_markup_and_shows_the_same_text(text):
    escaped = plain(text)
    assert shown(escaped) == text.replace("\n", " ")
    # Every punctuation character is escaped, so no Markdown construct can start.
    assert all(escaped[i - 1] == "\\" for i, ch in enumerate(escaped) if ch in "#*[]()<>:$`_~!|")
