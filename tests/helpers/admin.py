"""The admin's side of the page tests: the app (AppTest) on a private store,
signed in on Beheer, and the Beheer page's steps (upload, confirm an action
with the password typed again, read the store back)."""
from __future__ import annotations

from pathlib import Path

from backoffice import auth
from loaders.config import PROJECT_ROOT
from loaders.store import connect
from tests.import_fixtures import reference_rates, snapshot
from ui import auth as ui_auth

PASSWORD = "een lang genoeg wachtwoord"
USER = "coordinator"
BEHEER = "views/beheer.py"
DATA_TABLES = ("imported_values", "import_replaced", "indicator_meta", "indicators")
RATES = reference_rates(year=2015).head(8)
OVERZICHT = "views/overzicht.py"
# The forms that ask for the password again, by their button's label.
FORMS = {"Importeren": "beheer_importeer", "Terugdraaien": "beheer_terug_knop", "Losmaken": "beheer_losmaken",
         "Vastzetten": "vastzetten", "Vastzetten en presenteren": "regie_vastzetten"}


def signed_in_app(store: Path, monkeypatch, page: str = BEHEER, user: str = USER, timeout: float = 60):
    """The app on `store` with `user` as its admin, signed in on Beheer,
    then on `page`; the login throttle starts afresh."""
    from streamlit.testing.v1 import AppTest

    monkeypatch.setenv("REGIOMONITOR_DB", str(store))
    monkeypatch.setenv(auth.ENV_USER, user)
    monkeypatch.setenv(auth.ENV_HASH, auth.hash_password(PASSWORD))
    ui_auth.THROTTLE.reset()
    at = AppTest.from_file(str(PROJECT_ROOT / "app.py"), default_timeout=timeout)
    at.secrets["regiomonitor_test"] = "1"  # no local secrets.toml in the way
    at.run()
    return sign_in(at, page, user)


def sign_in(at, page: str = BEHEER, user: str = USER):
    """Sign the AppTest `at` in on Beheer (the account in the environment), then go to `page`."""
    at.switch_page(BEHEER).run()
    next(t for t in at.text_input if t.label == "Gebruikersnaam").input(user)
    next(t for t in at.text_input if t.label == "Wachtwoord").input(PASSWORD)
    next(b for b in at.button if b.label == "Aanmelden").click()
    at.run()
    if page != BEHEER:
        at.switch_page(page).run()
    assert not at.exception, [e.message for e in at.exception]
    return at


def rows(shift: float = 0.5) -> list[list]:
    """The reference rates of a few municipalities, shifted: a file that changes the store."""
    return [[r.gemeente, r.nis, r.jaar, f"{r.werkzaamheidsgraad + shift:.3f}".replace(".", ",")]
            for r in RATES.itertuples()]


def upload(at, content: bytes, name: str = "export.csv"):
    at.file_uploader[0].set_value((name, content, "text/csv"))
    return at.run()


def button(at, label: str):
    return next(b for b in at.button if b.label == label)


def confirm(at, action: str, password: str = PASSWORD):
    """Press an action's button with the password typed again in its form."""
    at.text_input(key=f"{FORMS[action]}_wachtwoord").input(password)
    button(at, action).click()
    return at.run()


def store_snapshot(path, tables=DATA_TABLES):
    with connect(path, read_only=True) as con:
        return snapshot(con, tables)
