"""Meeting snapshots, the share link and presentation mode."""
from __future__ import annotations

import base64
import json
import shutil
from urllib.parse import parse_qs, urlsplit

import numpy as np
import pytest

from backoffice import snapshots
from loaders import versions
from loaders.store import connect
from tests.helpers import shown
from tests.helpers.admin import OVERZICHT, confirm, signed_in_app
from ui.share import PIN_FORM


@pytest.fixture()
def own_store(tmp_path, store_path, monkeypatch):
    """A private copy of the store, so pinning and changing data touch nothing shared."""
    path = tmp_path / "store.duckdb"
    shutil.copy(store_path, path)
    monkeypatch.setenv("REGIOMONITOR_DB", str(path))
    return path


def headline(at) -> str:
    return next(m.value for m in at.metric if m.label.startswith("Werkzaamheidsgraad"))


@pytest.fixture()
def admin(own_store, monkeypatch):
    """The app on the private store, signed in on Beheer, on the Overzicht page."""
    return signed_in_app(own_store, monkeypatch, OVERZICHT)


def pin_form(at) -> list:
    return [f for f in at.form if f.key == PIN_FORM]


def test_a_visitor_cannot_pin_a_snapshot(app, own_store):
    """A snapshot keeps a store version on disk: a visitor gets no button for it (issue 19.2)."""
    app.run()
    assert not pin_form(app) and not [b for b in app.button if b.label.startswith("Vastzetten")]
    assert any("na aanmelden op Beheer" in c.value for c in app.sidebar.caption)


def test_a_signed_in_session_without_the_password_cannot_pin(admin, own_store):
    """Being signed in is a value in the session, which a stolen session id
    resumes: pinning asks for the password again, like an import."""
    assert pin_form(admin)
    confirm(admin, "Vastzetten", password="geraden")
    assert not admin.exception, [e.message for e in admin.exception]
    assert "momentopname" not in admin.query_params and versions.pinned() == {}
    assert any("onjuist" in e.value for e in admin.error), [e.value for e in admin.error]


def test_snapshot_link_shows_the_pinned_figures_after_new_data(admin, own_store):
    app = admin
    app.query_params["gemeente"] = ["34027"]
    app.run()
    before = headline(app)
    confirm(app, "Vastzetten")
    sid = app.query_params["momentopname"]
    assert snapshots.exists(sid)
    # New official data is published after the meeting: Menen's latest rate changes.
    with versions.draft() as con:
        con.execute("insert into imported_values select nis, period, indicator, target_group, value + 5, unit, "
                    "'official', 'test', 1, flag from indicator_values where indicator = 'werkzaamheidsgraad' "
                    "and nis = '34027'")
        con.execute("insert or replace into build_info values ('import_version', 'na-vergadering')")
    # The pinned link still shows the meeting's figure, even after the pinned
    # version is no longer among the newest...
    for i in range(versions.KEEP):
        with versions.draft() as con:
            con.execute("insert or replace into build_info values ('import_version', ?)", [f"later {i}"])
    app.run()
    assert headline(app) == before
    assert any("momentopname" in i.value for i in app.info)
    assert snapshots.path(sid).resolve().exists()
    # ...and without the snapshot the new figure shows.
    next(b for b in app.button if b.label == "Huidige gegevens tonen").click().run()
    assert "momentopname" not in app.query_params
    assert headline(app) != before


def test_unknown_snapshot_in_link_gets_a_notice(app):
    app.query_params["momentopname"] = "20200101-abcdefab"
    app.run()
    assert any("Momentopname '20200101-abcdefab'" in shown(w.value) for w in app.warning)
    assert "momentopname" not in app.query_params


def test_snapshot_ids_reject_path_tricks():
    assert not snapshots.exists("../../etc/passwd")
    with pytest.raises(ValueError):
        snapshots.path("../x")


def test_presentation_mode_from_link_shows_one_section_at_a_time(app):
    app.query_params["presentatie"] = "1"
    app.run()
    assert not app.exception
    labels = [b.label for b in app.button]
    assert "Volgende ▶" in labels and "◀ Vorige" in labels
    first = {m.label for m in app.metric}
    assert first
    next(b for b in app.button if b.label == "Volgende ▶").click().run()
    assert app.query_params["dia"] == "1"
    second = {m.label for m in app.metric}
    assert second and not second & first   # the employment figures replace VDAB's on the next slide
    next(b for b in app.button if b.label == "Stop presentatie").click().run()
    assert "presentatie" not in app.query_params


def test_presentation_steps_to_the_next_page(app):
    app.query_params["presentatie"] = "1"
    app.run()
    pages_seen = set()
    for _ in range(30):
        nxt = next(b for b in app.button if b.label == "Volgende ▶")
        pages_seen.add(next(m.value for m in app.markdown if " · dia " in m.value))
        if nxt.disabled:
            break
        nxt.click().run()
        assert not app.exception
    titles = {p.split("**")[1] for p in pages_seen}
    assert "Overzicht" in titles
    assert "Beheer" not in titles


def test_presentation_controls_stay_when_a_page_has_no_data(app):
    # 't Werkt runs in Kortrijk and Menen only: the Westhoek has none of its
    # trajectories and the page stops with a notice. The presenter, without a
    # sidebar, must still be able to step on or leave.
    app.query_params.update({"presentatie": "1", "regio": "westhoek", "programma": "t_werkt"})
    app.run()
    app.switch_page("views/trajecten.py").run()
    assert not app.exception
    assert any("Geen trajecten voor deze keuze" in i.value for i in app.info)
    labels = [b.label for b in app.button]
    assert {"◀ Vorige", "Volgende ▶", "Stop presentatie"} <= set(labels)
    assert any(m.value.startswith("**Trajecten** · dia 1 van ") for m in app.markdown)


def shown_link(at) -> str:
    """The link in the 'Kopieer link' popover."""
    (code,) = at.sidebar.code
    return code.value


def test_link_holds_the_snapshot_right_after_pinning(admin, own_store):
    from ui import data

    app = admin
    assert data.SNAPSHOT_KEY not in shown_link(app)
    confirm(app, "Vastzetten")
    sid = app.query_params[data.SNAPSHOT_KEY]
    assert parse_qs(urlsplit(shown_link(app)).query)[data.SNAPSHOT_KEY] == [sid]


def test_link_holds_the_page_choice_of_the_same_run(app, store_path):
    """The Gemeentefiche mirrors its municipality choice as `?fiche=` while
    it runs, after the sidebar was drawn."""
    con = connect(store_path, read_only=True)
    region_nis = [nis for (nis,) in con.execute("select nis from municipalities where region is not null").fetchall()]
    con.close()
    app.run()
    app.switch_page("views/gemeentefiche.py").run()
    box = app.selectbox(key="fiche")
    other = next(nis for nis in region_nis if nis != box.value)
    box.set_value(other).run()
    assert not app.exception
    assert parse_qs(urlsplit(shown_link(app)).query)["fiche"] == [other]


def figures(at) -> list:
    """The plotly charts the run drew: (figure JSON, config JSON, selection modes)."""
    return [(json.loads(c.proto.spec), json.loads(c.proto.config), list(c.proto.selection_mode))
            for c in at.get("plotly_chart")]


def font_sizes(node, font: bool = False):
    """Every font size in a figure's JSON."""
    if isinstance(node, dict):
        for k, v in node.items():
            if font and k == "size" and isinstance(v, (int, float)):
                yield v
            elif font and k == "size" and isinstance(v, dict):   # an array, as typed base64
                yield from np.frombuffer(base64.b64decode(v["bdata"]), dtype=v["dtype"]).tolist()
            else:
                yield from font_sizes(v, "font" in k)
    elif isinstance(node, list):
        for v in node:
            yield from font_sizes(v)


def test_slides_show_large_letters_without_toolbar_or_map_clicks_and_leaving_restores_them(app):
    # Issue 18.2: read from the back of the room, a click on the map changes
    # nothing on the projector, and leaving gives the normal page back.
    from ui.presentation import MIN_FONT_PX

    app.query_params["presentatie"] = "1"
    app.run()
    app.switch_page("views/werkzaamheid.py").run()   # its first slide is the map
    assert not app.exception
    hint = "Klik op een gemeente"
    assert not any(hint in c.value for c in app.caption)   # a click changes nothing on the projector
    shown = figures(app)
    assert shown
    for figure, config, selection in shown:
        sizes = list(font_sizes(figure))
        assert sizes and min(sizes) >= MIN_FONT_PX, sorted(set(sizes))[:5]
        assert config["displayModeBar"] is False
        assert selection == []
    next(b for b in app.button if b.label == "Volgende ▶").click().run()
    assert app.query_params["dia"] == "1"
    next(b for b in app.button if b.label == "Stop presentatie").click().run()
    assert "presentatie" not in app.query_params and "dia" not in app.query_params
    normal = figures(app)
    assert any(selection for _, _, selection in normal)   # the map takes clicks again
    assert any(hint in c.value for c in app.caption)
    assert all("displayModeBar" not in config for _, config, _ in normal)
    assert any(min(font_sizes(figure)) < MIN_FONT_PX for figure, _, _ in normal)   # the normal, smaller letters
