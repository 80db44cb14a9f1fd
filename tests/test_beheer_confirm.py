"""Issue 19.1: a stolen Streamlit session id is worth nothing for Beheer.

The session id is no secret (it is in every upload URL, and reconnecting with
it resumes the session with its state), so an AppTest session that holds the
admin's login in its state is exactly what a thief gets. Importing and
rolling back still need the password typed again in the action's own form;
a wrong one counts against the login limit."""
from __future__ import annotations

import pytest

from backoffice import auth
from common import format as fmt
from loaders import versions
from tests.helpers.admin import USER, button, confirm, rows, signed_in_app, store_snapshot, upload
from tests.import_fixtures import assert_same, csv_bytes, own_store  # noqa: F401
from ui import auth as ui_auth


@pytest.fixture()
def beheer(own_store, monkeypatch):
    return signed_in_app(own_store, monkeypatch)


def imports(path) -> int:
    return len(store_snapshot(path, ("imported_values",))["imported_values"])


def test_the_login_in_the_session_alone_imports_nothing(beheer, own_store):
    before = store_snapshot(own_store)
    upload(beheer, csv_bytes(rows()))
    button(beheer, "Importeren").click()   # no password typed: what a stolen session can do
    beheer.run()
    assert not any(s.value.startswith("Import ") for s in beheer.success)
    assert [e.value for e in beheer.error] == ["Gebruikersnaam of wachtwoord onjuist."]
    assert_same(before, store_snapshot(own_store))


def test_a_wrong_password_imports_nothing_and_counts_as_a_failed_login(beheer, own_store):
    before = store_snapshot(own_store)
    upload(beheer, csv_bytes(rows()))
    for _ in range(auth.MAX_FAILURES):
        confirm(beheer, "Importeren", password="geraden")
    assert_same(before, store_snapshot(own_store))
    assert ui_auth.THROTTLE.locked_for(USER) > 0
    assert beheer.error[0].value.startswith("Te veel mislukte pogingen")


def test_rolling_back_needs_the_password_too(beheer, own_store):
    upload(beheer, csv_bytes(rows()))
    confirm(beheer, "Importeren")
    assert beheer.success[0].value.startswith("Import 1 opgeslagen")
    after_import = store_snapshot(own_store)
    beheer.checkbox[0].check().run()
    button(beheer, "Terugdraaien").click()
    beheer.run()
    assert beheer.error[0].value == "Gebruikersnaam of wachtwoord onjuist."
    assert_same(after_import, store_snapshot(own_store))
    confirm(beheer, "Terugdraaien")
    assert beheer.success[0].value == "Teruggedraaid: import 1."


def test_the_password_is_not_kept_in_the_form(beheer):
    upload(beheer, csv_bytes(rows()))
    confirm(beheer, "Importeren")
    assert all(t.value == "" for t in beheer.text_input if t.key and t.key.endswith("_wachtwoord"))


def test_unpinning_a_snapshot_needs_the_password_too_and_frees_its_room(own_store, monkeypatch):
    """Beheer's Momentopnamen tab: what the refusal of a pin past the cap
    (`versions.PinRefused`) tells the admin to do."""
    link = versions.pin(own_store, "20261201-aaaaaaaa", own_store)   # a plain store: adopted as a version
    version = versions.current(own_store)
    at = signed_in_app(own_store, monkeypatch)
    shown = at.dataframe[-1].value
    assert list(shown["momentopname"]) == [link.stem]
    assert shown["MB"][0] == fmt.number(versions.size({version}) / versions.MB, 1)
    at.multiselect(key="beheer_losmaken_keuze").select(link.stem).run()
    button(at, "Losmaken").click()
    at.run()
    assert at.error[0].value == "Gebruikersnaam of wachtwoord onjuist."
    assert versions.pinned(own_store) == {link: version}
    confirm(at, "Losmaken")
    assert at.success[0].value == f"Losgemaakt: {link.stem}."
    assert versions.pinned(own_store) == {} and versions.current(own_store) == version
