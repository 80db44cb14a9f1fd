"""The login in front of the Beheer page, and only there: every other page
stays readable without one.

Two ways in, chosen by the deployment's configuration:
- a password account (`backoffice.auth`): `[beheer] user` and `password_hash`
  in `.streamlit/secrets.toml`, or `REGIOMONITOR_ADMIN_USER` and
  `REGIOMONITOR_ADMIN_PASSWORD_HASH` in the environment;
- an OpenID Connect provider through `st.login`, when the secrets hold an
  `[auth]` section: then the e-mail addresses in `[beheer] admin_emails`
  (or `REGIOMONITOR_ADMIN_EMAILS`, comma-separated) may import.
Without either, the page says Beheer is not set up and where the README
explains it (the setting names go to the server log); there is no default.

Being logged in is a value in the Streamlit session, and the session id is
no secret (it is in every upload URL; reconnecting with it resumes the
session). So every action that changes the store asks for the password
again (`confirmed`, or `password_again` and `confirm` in a page's own form),
checked against the account with the login's limits.
With OpenID Connect Streamlit itself binds the session to the login's
signed cookie: a reconnect without it gets a new session.
"""
from __future__ import annotations

import functools
import logging
import os
from collections.abc import Mapping
from typing import TypeVar

import streamlit as st

from backoffice import auth, limits

LOG = logging.getLogger(__name__)
THROTTLE = auth.Throttle()  # its state file is shared by every session and process
SESSION_KEY = "beheer_gebruiker"
T = TypeVar("T")

# What a visitor reads: no setting names (those go to the server log, once).
NOT_CONFIGURED = ("Het beheer is nog niet ingesteld: er is geen beheerdersaccount en er bestaat geen "
                  "standaardwachtwoord. Wie de server beheert, stelt het in zoals de README beschrijft onder "
                  "'Beheer: importing official exports' (Login).")
ADMIN_PORT_ONLY = ("Gegevens beheren kan alleen via de beheerpoort van deze server, niet via dit adres. "
                   "Vraag wie de server beheert hoe u die bereikt.")


@functools.cache
def _log_not_configured() -> None:
    """Once per process: what the operator sets (the README's Login section)."""
    LOG.warning("Beheer has no admin account: set %s and %s (a hash from `python -m loaders hash-password`) in "
                "the environment, or [%s] user and password_hash in .streamlit/secrets.toml, or an [auth] "
                "section with [%s] admin_emails (%s) for OpenID Connect; then restart",
                auth.ENV_USER, auth.ENV_HASH, auth.SECRETS_SECTION, auth.SECRETS_SECTION, auth.ENV_EMAILS)


def secret(name: str) -> Mapping | None:
    """A section of the Streamlit secrets; None without a secrets file."""
    try:
        return st.secrets.get(name)
    except FileNotFoundError:
        return None


def deployment_limits(kind: type[T]) -> T:
    """The limits `kind` as the deployment set them (`backoffice.limits`)."""
    return limits.configured(kind, secret(kind.SECTION), os.environ)


def require_admin() -> str:
    """The administrator's name; anyone else gets the login form (or how to
    configure one) and the page stops there. Behind the public server of
    `scripts/serve.sh --admin-port`, which refuses uploads, nobody: the page
    only points to the admin port (no login where Beheer cannot work)."""
    if admin_port_only():
        st.info(ADMIN_PORT_ONLY, icon=":material/admin_panel_settings:")
        st.stop()
    section = secret(auth.SECRETS_SECTION)
    if secret("auth") is not None:
        return _require_oidc(section)
    account = auth.account(section, os.environ)
    if account is None:
        _log_not_configured()
        st.warning(NOT_CONFIGURED, icon=":material/lock:")
        st.stop()
    if not auth.is_valid_hash(account.password_hash):
        st.error("De ingestelde wachtwoord-hash is ongeldig; maak een nieuwe met "
                 "`python -m loaders hash-password`.", icon=":material/lock:")
        st.stop()
    if st.session_state.get(SESSION_KEY):
        _logout_button(lambda: st.session_state.pop(SESSION_KEY, None))
        return st.session_state[SESSION_KEY]
    _login_form(account)
    st.stop()


def _password_account() -> auth.Account | None:
    """The password account; None with OpenID Connect (or none configured)."""
    if secret("auth") is not None:
        return None
    return auth.account(secret(auth.SECRETS_SECTION), os.environ)


def password_again(key: str) -> str:
    """Inside the form of an action that changes the store: the password
    field (empty with OpenID Connect, which asks nothing)."""
    if _password_account() is None:
        return ""
    return st.text_input("Wachtwoord (ter bevestiging)", type="password", key=f"{key}_wachtwoord",
                         autocomplete="current-password")


def confirm(password: str) -> bool:
    """True when the password typed again is the logged-in admin's (always
    with OpenID Connect); a wrong one counts as a failed login and is said."""
    account = _password_account()
    if account is None:
        return True
    problem = auth.login(account, st.session_state.get(SESSION_KEY, ""), password, THROTTLE,
                         auth.client_address(st.context.ip_address, st.context.headers))
    if problem is not None:
        st.error(problem, icon=":material/error:")
    return problem is None


def confirmed(key: str, action: str, icon: str, disabled: bool = False, on_confirmed=None,
              help: str | None = None) -> bool:
    """The button of an action that changes the store, in its own form with
    `password_again` (cleared after each try); True when pressed and confirmed.
    With `on_confirmed` the check and the action run in the button's callback
    instead (before the page's widgets: an action that sets a widget's state)."""
    def callback():
        if confirm(st.session_state.get(f"{key}_wachtwoord", "")):
            on_confirmed()

    with st.form(key, clear_on_submit=True, border=_password_account() is not None):
        password = password_again(key)
        pressed = st.form_submit_button(action, type="primary", icon=icon, disabled=disabled, help=help,
                                        on_click=callback if on_confirmed else None)
    return pressed and on_confirmed is None and confirm(password)


def admin_port_only() -> bool:
    """This page came through the public server of `scripts/serve.sh
    --admin-port` (nginx's header): Beheer only on the admin port."""
    return auth.uploads_refused(st.context.headers)


def signed_in() -> str | None:
    """Who is logged in to Beheer in this session, without showing a login
    form: the other pages stay readable for everyone. Nobody on the public
    server of an admin-port deployment (a session resumed there by its id
    included)."""
    if admin_port_only():
        return None
    if st.session_state.get(SESSION_KEY):
        return st.session_state[SESSION_KEY]
    if secret("auth") is None or not st.user.is_logged_in:
        return None
    email = str(st.user.get("email") or "").lower()
    return email if email in auth.admin_emails(secret(auth.SECRETS_SECTION), os.environ) else None


def _login_form(account: auth.Account) -> None:
    st.info("Alleen voor beheerders: meld u aan om gegevens in te laden.", icon=":material/lock:")
    with st.form("beheer_login"):
        name = st.text_input("Gebruikersnaam", autocomplete="username")
        password = st.text_input("Wachtwoord", type="password", autocomplete="current-password")
        submitted = st.form_submit_button("Aanmelden", type="primary")
    if submitted:
        problem = auth.login(account, name, password, THROTTLE,
                             auth.client_address(st.context.ip_address, st.context.headers))
        if problem is None:
            st.session_state[SESSION_KEY] = account.user
            st.rerun()
        st.error(problem, icon=":material/error:")


def _require_oidc(section: Mapping | None) -> str:
    allowed = auth.admin_emails(section, os.environ)
    provider = (section or {}).get("oidc_provider")
    if not st.user.is_logged_in:
        st.info("Alleen voor beheerders: meld u aan om gegevens in te laden.", icon=":material/lock:")
        st.button("Aanmelden", type="primary", on_click=st.login, args=(provider,) if provider else ())
        st.stop()
    email = str(st.user.get("email") or "").lower()
    if email not in allowed:
        st.error("U bent aangemeld, maar uw e-mailadres heeft geen toegang tot het beheer.", icon=":material/block:")
        st.button("Afmelden", on_click=st.logout)
        st.stop()
    _logout_button(st.logout)
    return email


def _logout_button(on_click) -> None:
    st.sidebar.button("Afmelden (beheer)", on_click=on_click, icon=":material/logout:")
