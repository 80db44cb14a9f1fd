"""Who may import: the Beheer account, its password hash and the lockout.

No password is stored, only a salted scrypt hash (`python -m loaders
hash-password` makes one), compared in constant time. The account comes from
Streamlit secrets (`[beheer] user`, `password_hash`) or the environment
(`REGIOMONITOR_ADMIN_USER`, `REGIOMONITOR_ADMIN_PASSWORD_HASH`); without
either, nobody can log in: there is no default password. Wrong attempts
are counted per client and per name (`Throttle`), which makes guessing slow
without locking the coordinator out.
"""
from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
import sqlite3
import time
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from loaders.config import db_path

SCRYPT = {"n": 2 ** 14, "r": 8, "p": 1}
PREFIX = "scrypt"
MAX_FAILURES = 5           # per client address
NAME_MAX_FAILURES = 20     # per user name, from clients that never logged in as it
LOCKOUT_SECONDS = 60
FORGET_SECONDS = 24 * 3600  # counts untouched this long are dropped
LOGIN_STATE = "beheer_login.sqlite"
ENV_USER = "REGIOMONITOR_ADMIN_USER"
ENV_HASH = "REGIOMONITOR_ADMIN_PASSWORD_HASH"
ENV_EMAILS = "REGIOMONITOR_ADMIN_EMAILS"
SECRETS_SECTION = "beheer"
# Set by nginx on every request it passes on (`scripts/serve.py`), replacing
# any a client sent: "nee" on the public server of `--admin-port`, which
# refuses uploads, so Beheer there only points to the admin port.
UPLOADS_HEADER = "X-Regiomonitor-Opladen"
UPLOADS_REFUSED = "nee"


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def hash_password(password: str, salt: bytes | None = None) -> str:
    """`scrypt$16384$8$1$<salt>$<hash>` (base64)."""
    salt = salt or secrets.token_bytes(16)
    digest = hashlib.scrypt(password.encode("utf-8"), salt=salt, dklen=32, **SCRYPT)
    return "$".join([PREFIX, str(SCRYPT["n"]), str(SCRYPT["r"]), str(SCRYPT["p"]), _b64(salt), _b64(digest)])


def is_valid_hash(stored: str) -> bool:
    parts = stored.split("$")
    if len(parts) != 6 or parts[0] != PREFIX or not all(p.isascii() and p.isdigit() for p in parts[1:4]):
        return False
    try:
        base64.b64decode(parts[4], validate=True), base64.b64decode(parts[5], validate=True)
    except ValueError:
        return False
    return True


def verify_password(password: str, stored: str) -> bool:
    if not is_valid_hash(stored):
        return False
    _, n, r, p, salt, expected = stored.split("$")
    digest = hashlib.scrypt(password.encode("utf-8"), salt=base64.b64decode(salt), n=int(n), r=int(r),
                            p=int(p), dklen=len(base64.b64decode(expected)), maxmem=128 * 1024 * 1024)
    return hmac.compare_digest(digest, base64.b64decode(expected))


@dataclass(frozen=True)
class Account:
    user: str
    password_hash: str


def account(secret_section: Mapping | None, env: Mapping[str, str]) -> Account | None:
    """The configured account (secrets first, then environment), or None."""
    section = secret_section or {}
    user = section.get("user") or env.get(ENV_USER, "")
    password_hash = section.get("password_hash") or env.get(ENV_HASH, "")
    if not user or not password_hash:
        return None
    return Account(str(user).strip(), str(password_hash).strip())


def admin_emails(secret_section: Mapping | None, env: Mapping[str, str]) -> set[str]:
    """E-mail addresses allowed in when logging in with OpenID Connect."""
    listed = (secret_section or {}).get("admin_emails") or env.get(ENV_EMAILS, "").split(",")
    return {e.strip().lower() for e in listed if e.strip()}


class Throttle:
    """Failed logins, counted per client address and per user name, kept in
    a small SQLite file next to the store (`LOGIN_STATE`), so a restart does
    not reset them and every process of the deployment shares them.

    An attempt is counted *before* its password is checked, in one SQLite
    write transaction: of any number of simultaneous guesses only the first
    `max_failures` are checked, the others find the lock. A success clears
    the counts of its client and name.

    - A client with `max_failures` failures in a row is locked for
      `lockout_seconds`, whatever name it tries.
    - A name with `name_max_failures` failures in a row (from any clients:
      a guess spread over many addresses) is locked too, except for clients
      that logged in as that name before: an attacker trying the admin's
      name does not lock the admin out of a computer the admin used.
    """

    def __init__(self, path: Path | None = None, max_failures: int = MAX_FAILURES,
                 lockout_seconds: float = LOCKOUT_SECONDS, name_max_failures: int = NAME_MAX_FAILURES,
                 clock: Callable[[], float] = time.time):
        self._path = path
        self.max_failures, self.name_max_failures = max_failures, name_max_failures
        self.lockout_seconds = lockout_seconds
        self.clock = clock  # wall-clock time: the state outlives the process

    @property
    def path(self) -> Path:
        """The state file; by default next to the store (looked up at every
        call, so a deployment or test that moves the store moves it too)."""
        return self._path or db_path().parent / LOGIN_STATE

    @contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        """One exclusive transaction: SQLite locks the file against other
        threads and processes until it ends."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        con = sqlite3.connect(self.path, timeout=30, isolation_level=None)
        try:
            con.execute("begin immediate")
            for statement in SCHEMA:
                con.execute(statement)
            yield con
            con.execute("commit")
        finally:
            if con.in_transaction:
                con.execute("rollback")
            con.close()

    def _wait(self, con: sqlite3.Connection, keys: tuple[str, str], now: float) -> float:
        """Seconds the client (by its own lock) or the name (unless the
        client is known for it) stays locked."""
        until = [(con.execute("select locked_until from attempts where key = ?", [k]).fetchone() or (0.0,))[0]
                 for k in keys]
        known = con.execute("select 1 from known_clients where key = ?", ["|".join(keys)]).fetchone()
        return max(0.0, until[0] - now, 0.0 if known else until[1] - now)

    def reserve(self, name: str, client: str | None) -> float:
        """Seconds the attempt must wait; 0: go ahead, the attempt is now
        counted as a failure (until `succeeded` says otherwise)."""
        now, keys = self.clock(), _keys(name, client)
        with self._transaction() as con:
            con.execute("delete from attempts where changed < ?", [now - FORGET_SECONDS])
            wait = self._wait(con, keys, now)
            if wait > 0:
                return wait
            for key, limit in zip(keys, (self.max_failures, self.name_max_failures)):
                row = con.execute("select failures from attempts where key = ?", [key]).fetchone()
                failures = (row[0] if row else 0) + 1
                locked = failures >= limit
                con.execute("insert or replace into attempts values (?, ?, ?, ?)",
                            [key, 0 if locked else failures, now + self.lockout_seconds if locked else 0.0, now])
        return 0.0

    def locked_for(self, name: str, client: str | None = None) -> float:
        """Seconds this client stays locked out for this name (0: not locked)."""
        with self._transaction() as con:
            return self._wait(con, _keys(name, client), self.clock())

    def succeeded(self, name: str, client: str | None = None) -> None:
        """Clear the counts (and the lock this very attempt may have set) and
        remember the client as one the name logs in from."""
        keys = _keys(name, client)
        with self._transaction() as con:
            con.executemany("delete from attempts where key = ?", [[k] for k in keys])
            con.execute("insert or replace into known_clients values (?, ?)", ["|".join(keys), self.clock()])

    def reset(self) -> None:
        """Forget every count, lock and known client."""
        self.path.unlink(missing_ok=True)


SCHEMA = ("create table if not exists attempts (key text primary key, failures integer, locked_until real, "
          "changed real)",
          "create table if not exists known_clients (key text primary key, since real)")


def _keys(name: str, client: str | None) -> tuple[str, str]:
    """The client's and the name's key. The name has the same normalisation
    as the login comparison: "Coordinator " and "coordinator" are one name,
    so spaces or case buy no fresh attempts."""
    return f"client:{client or 'lokaal'}", f"name:{_name(name)}"


def _name(name: str) -> str:
    return name.strip().casefold()


def client_address(peer: str | None, headers: Mapping[str, str]) -> str | None:
    """The address the login is counted for. Streamlit gives the TCP peer
    (`st.context.ip_address`; None on the machine itself). Only when the
    peer is the machine itself, which is where a reverse proxy on the same
    host connects from, the proxy's `X-Real-IP` (else the last
    `X-Forwarded-For` entry, the one the proxy appended) names the client:
    a header from a remote peer could be forged and is ignored. Anything
    but text (Streamlit's test runner hands out mocks) counts as absent."""
    def text(value) -> str:
        return value.strip() if isinstance(value, str) else ""

    if text(peer):
        return text(peer)
    forwarded = [a.strip() for a in text(headers.get("X-Forwarded-For")).split(",") if a.strip()]
    return text(headers.get("X-Real-IP")) or (forwarded[-1] if forwarded else None)


def uploads_refused(headers) -> bool:
    """True behind the public server of `scripts/serve.sh --admin-port`.
    `headers`: Streamlit's (`st.context.headers`, which may repeat a name).
    Trusted from any peer: it only takes Beheer away, from whoever sent it."""
    return UPLOADS_REFUSED in headers.get_all(UPLOADS_HEADER)


def login(acct: Account, user: str, password: str, throttle: Throttle, client: str | None = None) -> str | None:
    """None when the user may in; otherwise the Dutch reason (never saying
    whether the name or the password was wrong). `client`: `client_address`."""
    wait = throttle.reserve(user, client)
    if wait > 0:
        return f"Te veel mislukte pogingen: probeer opnieuw over {int(wait) + 1} seconden."
    password_ok = verify_password(password, acct.password_hash)  # always hashed: no timing hint
    user_ok = hmac.compare_digest(_name(user).encode(), acct.user.casefold().encode())
    if password_ok and user_ok:
        throttle.succeeded(user, client)
        return None
    if throttle.locked_for(user, client) > 0:
        return f"Te veel mislukte pogingen: aanmelden is {throttle.lockout_seconds:g} seconden geblokkeerd."
    return "Gebruikersnaam of wachtwoord onjuist."
