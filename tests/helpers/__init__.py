"""Helpers several test modules share (not tests themselves)."""
from __future__ import annotations


def open_page(app, page: str, **params):
    """Run the whole app (an AppTest) with the link parameters `params`,
    switch to `page` and fail on any exception the page raised."""
    for key, value in params.items():
        app.query_params[key] = value
    app.run()
    app.switch_page(page).run()
    assert not app.exception, [e.message for e in app.exception]
    return app
