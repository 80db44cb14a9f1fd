"""Helpers several test modules share (not tests themselves)."""
from __future__ import annotations

import re


def shown(markdown: str) -> str:
    """The text a notice escaped by `ui.urlstate.plain` shows on screen."""
    return re.sub(r"\\(.)|\u200b", r"\1", markdown)


def open_page(app, page: str, **params):
    """Run the whole app (an AppTest) with the link parameters `params`,
    switch to `page` and fail on any exception the page raised."""
    for key, value in params.items():
        app.query_params[key] = value
    app.run()
    app.switch_page(page).run()
    assert not app.exception, [e.message for e in app.exception]
    return app
