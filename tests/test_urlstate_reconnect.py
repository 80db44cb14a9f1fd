"""A tab whose replica died reconnects to a new Streamlit session elsewhere;
the user's next click is that session's first run. It carries the widget
values the browser holds and the link as it was before the click (the run
the click starts writes it): what the user chose wins, and the link follows
(`ui.urlstate.pending`). The first test pins the Streamlit internals that
`pending` reads, so that an upgrade that changes them fails here."""
from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from tests.conftest import APP
from tests.helpers.pages import MENEN
from ui.filters import MUNICIPALITIES, REGION, YEAR


def reconnected(before: AppTest, script: AppTest) -> AppTest:
    """`script` (not run yet: a new session) run once as a reconnected tab's
    next click: with the widget values `before`'s browser holds and the link
    `before` last wrote."""
    script.query_params.update(before.query_params)
    return script._run(widget_state=before._tree.get_widget_states())


def linked_year(app: AppTest) -> str | None:
    value = app.query_params.get(YEAR)
    return value[-1] if isinstance(value, list) else value


def pinned():
    import streamlit as st

    from ui import urlstate

    st.session_state["_before"] = ("jaar" in st.session_state, urlstate.pending("jaar"))
    st.selectbox("Jaar", [2009, 2011, 2015], key="jaar")
    st.session_state["_after"] = ("jaar" in st.session_state, urlstate.pending("jaar"))


def test_pending_sees_the_browsers_value_before_the_widget_is_drawn():
    """Streamlit 1.67 maps a key to its widget only when the widget is drawn
    (so a new session cannot see the browser's value by key before that),
    and keeps the values the browser sent under element ids ending in the
    key. A fresh session has nothing pending; a running one has the key."""
    fresh = AppTest.from_function(pinned).run()
    assert fresh.session_state["_before"] == (False, False)
    assert fresh.session_state["_after"] == (True, False)
    fresh.selectbox(key="jaar").select(2011)
    new = reconnected(fresh, AppTest.from_function(pinned))
    assert new.session_state["_before"] == (False, True)
    assert new.session_state["_after"] == (True, False)
    assert new.selectbox(key="jaar").value == 2011
    assert fresh.run().session_state["_before"] == (True, False)


@pytest.mark.parametrize("linked", [True, False], ids=["year-in-link", "default-year"])
def test_a_reconnected_tab_keeps_its_choice_and_the_link_follows(app, linked):
    """The browser chose a region and a municipality, then a year; the link
    still names the previous year (or none: the default year). The new
    session shows what the browser holds, and writes it into the link."""
    app.run()
    years = app.selectbox(key=YEAR).options
    default = app.selectbox(key=YEAR).value
    earlier, chosen = [y for y in map(int, years) if y != default][:2]
    if linked:
        app.selectbox(key=YEAR).select(earlier).run()
    app.selectbox(key=REGION).select("w13").run()
    app.multiselect(key=MUNICIPALITIES).set_value([MENEN]).run()
    app.selectbox(key=YEAR).select(chosen)   # the click whose run the dead replica never made
    assert linked_year(app) == (str(earlier) if linked else None)

    new = reconnected(app, AppTest.from_file(APP, default_timeout=60))
    assert not new.exception
    assert new.selectbox(key=YEAR).value == chosen
    assert new.selectbox(key=REGION).value == "w13"
    assert new.multiselect(key=MUNICIPALITIES).value == [MENEN]
    assert linked_year(new) == str(chosen)
    assert new.query_params[REGION] in ("w13", ["w13"])


def test_a_reconnected_tab_with_a_switch_label_the_server_no_longer_has(app):
    """The load test's replica kill ended in `KeyError: None` on Werkzaamheid:
    the reconnected tab's first run carried the indicator switch's value as
    the label the browser shows ("Werkzoekendengraad 2014-2024"), a label
    the new session's options did not have (here: a year published since),
    and a switch without a default then has no value at all. The page falls
    back to its default series and says nothing went wrong."""
    from ui.urlstate import user_key_from_element_id

    SWITCH = "indicator"   # the switch's key, and its link parameter (`?indicator=`)
    app.run()
    app.switch_page("views/werkzaamheid.py").run()
    switch = app.button_group(key=SWITCH)
    default = switch.value
    states = app._tree.get_widget_states()
    held = next(w for w in states.widgets if user_key_from_element_id(w.id) == SWITCH)
    assert held.string_array_value.data, "the switch's value no longer travels as its label"
    held.string_array_value.data[:] = [held.string_array_value.data[0].rsplit("-", 1)[0] + "-1999"]

    new = AppTest.from_file(APP, default_timeout=60)
    new.switch_page("views/werkzaamheid.py")
    new.query_params.update(app.query_params)
    new = new._run(widget_state=states)
    assert not new.exception
    assert new.button_group(key=SWITCH).value == default
