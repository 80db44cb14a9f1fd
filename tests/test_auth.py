"""The Beheer login: salted hashes compared in constant time, a lockout after
repeated failures, no default password, OpenID Connect as an alternative,
and every other page readable without logging in."""
from __future__ import annotations

import io
import logging
import re
import sys

import pytest
import streamlit as st
from streamlit.runtime.context import StreamlitHeaders

from backoffice import auth
from loaders.__main__ import main
from loaders.config import PROJECT_ROOT
from ui import auth as ui_auth

PASSWORD = "een lang genoeg wachtwoord"
USER = "coordinator"
HASH = auth.hash_password(PASSWORD)
BEHEER = "views/beheer.py"


@pytest.fixture(autouse=True)
def fresh_throttle():
    ui_auth.THROTTLE.reset()
    yield
    ui_auth.THROTTLE.reset()


@pytest.fixture()
def throttle(tmp_path) -> auth.Throttle:
    return auth.Throttle(tmp_path / auth.LOGIN_STATE)


class Clock:
    def __init__(self):
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_hash_verifies_only_the_right_password():
    assert auth.verify_password(PASSWORD, HASH)
    assert not auth.verify_password(PASSWORD + "x", HASH)
    assert not auth.verify_password("", HASH)


def test_hashes_are_salted():
    other = auth.hash_password(PASSWORD)
    assert other != HASH and auth.verify_password(PASSWORD, other)


@pytest.mark.parametrize("stored", ["", PASSWORD, "scrypt$1$2$3$nietbase64!$abc", HASH.replace("scrypt", "md5")])
def test_malformed_hash_never_verifies(stored):
    assert not auth.is_valid_hash(stored) and not auth.verify_password(PASSWORD, stored)


def test_no_account_without_configuration():
    assert auth.account(None, {}) is None
    assert auth.account({}, {auth.ENV_USER: USER}) is None  # a user without a hash is no account
    assert auth.account(None, {auth.ENV_HASH: HASH}) is None


def test_secrets_come_before_the_environment():
    env = {auth.ENV_USER: "env", auth.ENV_HASH: HASH}
    assert auth.account(None, env) == auth.Account("env", HASH)
    assert auth.account({"user": "geheim", "password_hash": HASH}, env) == auth.Account("geheim", HASH)


def test_wrong_name_and_wrong_password_get_the_same_answer(throttle):
    account = auth.Account(USER, HASH)
    assert auth.login(account, USER, "fout", throttle) == auth.login(account, "iemand", PASSWORD, throttle)
    assert auth.login(account, USER.upper(), PASSWORD, throttle) is None


def test_lockout_after_repeated_failures_then_released(tmp_path):
    clock = Clock()
    account, throttle = auth.Account(USER, HASH), auth.Throttle(tmp_path / auth.LOGIN_STATE, clock=clock)
    for _ in range(auth.MAX_FAILURES - 1):
        assert auth.login(account, USER, "fout", throttle) == "Gebruikersnaam of wachtwoord onjuist."
    assert "geblokkeerd" in auth.login(account, USER, "fout", throttle)
    assert "Te veel mislukte pogingen" in auth.login(account, USER, PASSWORD, throttle)  # even the right one
    clock.now += auth.LOCKOUT_SECONDS + 1
    assert auth.login(account, USER, PASSWORD, throttle) is None


def test_spaces_or_case_in_the_name_buy_no_fresh_attempts(throttle):
    account = auth.Account(USER, HASH)
    variants = [USER, USER.upper(), f" {USER}", f"{USER}  ", USER.title()]
    for name in (variants * auth.MAX_FAILURES)[:auth.MAX_FAILURES]:
        auth.login(account, name, "fout", throttle)
    assert "Te veel mislukte pogingen" in auth.login(account, USER, PASSWORD, throttle)


def test_success_resets_the_failure_count(throttle):
    account = auth.Account(USER, HASH)
    for _ in range(auth.MAX_FAILURES - 1):
        auth.login(account, USER, "fout", throttle)
    assert auth.login(account, USER, PASSWORD, throttle) is None
    assert auth.login(account, USER, "fout", throttle) == "Gebruikersnaam of wachtwoord onjuist."


def test_hash_password_command(monkeypatch, capsys):
    monkeypatch.setattr(sys, "stdin", io.StringIO(PASSWORD + "\n"))
    assert main(["hash-password"]) == 0
    out = capsys.readouterr()
    assert auth.verify_password(PASSWORD, out.out.strip()) and auth.ENV_HASH in out.err
    monkeypatch.setattr(sys, "stdin", io.StringIO("kort\n"))
    assert main(["hash-password"]) == 1
    assert "minstens 12 tekens" in capsys.readouterr().err


# --- the page --------------------------------------------------------------------

def configured(app, monkeypatch, via: str = "env"):
    app.secrets["regiomonitor_test"] = "1"  # replaces any local secrets.toml
    monkeypatch.delenv(auth.ENV_USER, raising=False)
    monkeypatch.delenv(auth.ENV_HASH, raising=False)
    if via == "env":
        monkeypatch.setenv(auth.ENV_USER, USER)
        monkeypatch.setenv(auth.ENV_HASH, HASH)
    elif via == "secrets":
        app.secrets["beheer"] = {"user": USER, "password_hash": HASH}
    app.run()
    app.switch_page(BEHEER).run()
    return app


def log_in(app, user: str, password: str):
    next(t for t in app.text_input if t.label == "Gebruikersnaam").input(user)
    next(t for t in app.text_input if t.label == "Wachtwoord").input(password)
    next(b for b in app.button if b.label == "Aanmelden").click()
    return app.run()


def visible_text(app) -> str:
    """Everything the page's elements carry (their protobufs as text)."""
    nodes, parts = [app._tree], []
    while nodes:
        node = nodes.pop()
        parts.append(str(getattr(node, "proto", "") or ""))
        nodes.extend(getattr(node, "children", {}).values())
    return "\n".join(parts)


# The names an operator sets: for the README and the server log, not for visitors.
SETTINGS = (auth.ENV_USER, auth.ENV_HASH, auth.ENV_EMAILS, "password_hash", "admin_emails", "secrets.toml",
            f"[{auth.SECRETS_SECTION}]", "hash-password")


def test_without_configuration_the_page_points_to_the_readme_and_the_log_names_the_settings(app, monkeypatch,
                                                                                           caplog):
    ui_auth._log_not_configured.cache_clear()
    with caplog.at_level(logging.WARNING, logger=ui_auth.LOG.name):
        configured(app, monkeypatch, via="nothing")
        app.run()
    assert not app.exception
    text = visible_text(app)
    assert "geen standaardwachtwoord" in app.warning[0].value
    assert [name for name in SETTINGS if name in text] == []
    section = re.search(r"'([^']+)'", app.warning[0].value)[1]     # the README section it names
    assert f"## {section}" in (PROJECT_ROOT / "README.md").read_text(encoding="utf-8").splitlines()
    logged = [r.getMessage() for r in caplog.records if r.name == ui_auth.LOG.name]
    assert len(logged) == 1, logged    # once per process, not per run
    assert all(name in logged[0] for name in (auth.ENV_USER, auth.ENV_HASH, "password_hash", "admin_emails"))
    assert not [t for t in app.text_input if t.label == "Wachtwoord"] and not app.file_uploader


def through_the_public_port(monkeypatch, value: str = auth.UPLOADS_REFUSED) -> None:
    """The request headers nginx's public server sets with `--admin-port`
    (AppTest has no client to send them)."""
    monkeypatch.setattr(type(st.context), "headers",
                        property(lambda _: StreamlitHeaders([("Host", "localhost"), (auth.UPLOADS_HEADER, value)])))


def test_through_the_public_port_of_an_admin_port_deployment_beheer_only_points_there(app, monkeypatch):
    log_in(configured(app, monkeypatch), USER, PASSWORD)
    assert app.file_uploader and ui_auth.SESSION_KEY in app.session_state
    through_the_public_port(monkeypatch)     # the same session, resumed through the public port
    app.run()
    assert not app.exception
    assert app.info[0].value == ui_auth.ADMIN_PORT_ONLY
    assert not app.text_input and not app.file_uploader and not app.tabs
    assert not [b for b in app.button if b.label in ("Aanmelden", "Afmelden (beheer)")]
    assert [name for name in SETTINGS if name in visible_text(app)] == []


def test_any_other_value_of_the_header_changes_nothing(app, monkeypatch):
    through_the_public_port(monkeypatch, "ja")
    log_in(configured(app, monkeypatch), USER, PASSWORD)
    assert not app.exception and app.file_uploader


def test_the_rest_of_the_dashboard_needs_no_login(app, monkeypatch):
    monkeypatch.delenv(auth.ENV_USER, raising=False)
    app.run()
    assert not app.exception and app.metric and not app.text_input


def test_wrong_password_is_refused(app, monkeypatch):
    log_in(configured(app, monkeypatch), USER, "fout")
    assert app.error[0].value == "Gebruikersnaam of wachtwoord onjuist." and not app.file_uploader


def test_repeated_failures_lock_the_login(app, monkeypatch):
    configured(app, monkeypatch)
    for _ in range(auth.MAX_FAILURES):
        log_in(app, USER, "fout")
    assert "geblokkeerd" in app.error[0].value
    log_in(app, USER, PASSWORD)
    assert "Te veel mislukte pogingen" in app.error[0].value and not app.file_uploader


@pytest.mark.parametrize("via", ["env", "secrets"])
def test_right_password_opens_the_import(app, monkeypatch, via):
    log_in(configured(app, monkeypatch, via), USER, PASSWORD)
    assert not app.exception and not app.error
    assert app.file_uploader[0].label == "Bestand (CSV of Excel .xlsx)"
    next(b for b in app.button if b.label == "Afmelden (beheer)").click()
    app.run()
    assert not app.file_uploader and [t for t in app.text_input if t.label == "Wachtwoord"]


def test_malformed_configured_hash_is_reported(app, monkeypatch):
    app.secrets["beheer"] = {"user": USER, "password_hash": "geheim"}
    app.run()
    app.switch_page(BEHEER).run()
    assert "wachtwoord-hash is ongeldig" in app.error[0].value and not app.text_input


def oidc(app, user: dict):
    app.secrets["auth"] = {"redirect_uri": "http://localhost:8501/oauth2callback", "cookie_secret": "x"}
    app.secrets["beheer"] = {"admin_emails": ["coordinator@westhoek.be"]}
    app.user = user
    app.run()
    return app.switch_page(BEHEER).run()


def test_openid_connect_login_offers_the_provider_and_no_password(app):
    oidc(app, {"is_logged_in": False})
    assert [b.label for b in app.button if b.label == "Aanmelden"] and not app.text_input and not app.file_uploader


def test_openid_connect_admits_only_listed_addresses(app):
    oidc(app, {"is_logged_in": True, "email": "iemand@elders.be"})
    assert "geen toegang" in app.error[0].value and not app.file_uploader
    oidc(app, {"is_logged_in": True, "email": "Coordinator@Westhoek.be"})
    assert not app.error and app.file_uploader
