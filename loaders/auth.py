"""Who may import: the Beheer account, its password hash and the lockout.

No password is stored, only a salted scrypt hash (`python -m loaders
hash-password` makes one), compared in constant time. The account comes from
Streamlit secrets (`[beheer] user`, `password_hash`) or the environment
(`REGIOMONITOR_ADMIN_USER`, `REGIOMONITOR_ADMIN_PASSWORD_HASH`); without
either, nobody can log in: there is no default password. After
`MAX_FAILURES` wrong attempts for a user name, that name is locked for
`LOCKOUT_SECONDS`, which makes guessing slow without locking the
coordinator out for long.
"""
from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass

SCRYPT = {"n": 2 ** 14, "r": 8, "p": 1}
PREFIX = "scrypt"
MAX_FAILURES = 5
LOCKOUT_SECONDS = 60
ENV_USER = "REGIOMONITOR_ADMIN_USER"
ENV_HASH = "REGIOMONITOR_ADMIN_PASSWORD_HASH"
ENV_EMAILS = "REGIOMONITOR_ADMIN_EMAILS"
SECRETS_SECTION = "beheer"


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
    """Failed attempts per user name; a name with `max_failures` failures in
    a row is locked for `lockout_seconds`. Shared by all sessions of a
    process (a new browser tab does not reset it)."""

    def __init__(self, max_failures: int = MAX_FAILURES, lockout_seconds: float = LOCKOUT_SECONDS,
                 clock: Callable[[], float] = time.monotonic):
        self.max_failures, self.lockout_seconds, self.clock = max_failures, lockout_seconds, clock
        self._failures: dict[str, int] = {}
        self._locked_until: dict[str, float] = {}
        self._lock = threading.Lock()

    @staticmethod
    def _key(name: str) -> str:
        # The same normalisation as the login comparison: "Coordinator " and
        # "coordinator" are one name, so spaces or case buy no fresh attempts.
        return name.strip().casefold()

    def locked_for(self, name: str) -> float:
        """Seconds the name stays locked (0: not locked)."""
        with self._lock:
            return max(0.0, self._locked_until.get(self._key(name), 0.0) - self.clock())

    def failed(self, name: str) -> None:
        key = self._key(name)
        with self._lock:
            self._failures[key] = self._failures.get(key, 0) + 1
            if self._failures[key] >= self.max_failures:
                self._locked_until[key] = self.clock() + self.lockout_seconds
                self._failures[key] = 0

    def succeeded(self, name: str) -> None:
        with self._lock:
            self._failures.pop(self._key(name), None)

    def reset(self) -> None:
        with self._lock:
            self._failures.clear()
            self._locked_until.clear()


def login(acct: Account, user: str, password: str, throttle: Throttle) -> str | None:
    """None when the user may in; otherwise the Dutch reason (never saying
    whether the name or the password was wrong)."""
    wait = throttle.locked_for(user)
    if wait > 0:
        return f"Te veel mislukte pogingen: probeer opnieuw over {int(wait) + 1} seconden."
    password_ok = verify_password(password, acct.password_hash)  # always hashed: no timing hint
    user_ok = hmac.compare_digest(user.strip().casefold().encode(), acct.user.casefold().encode())
    if password_ok and user_ok:
        throttle.succeeded(user)
        return None
    throttle.failed(user)
    if throttle.locked_for(user) > 0:
        return f"Te veel mislukte pogingen: aanmelden is {throttle.lockout_seconds:g} seconden geblokkeerd."
    return "Gebruikersnaam of wachtwoord onjuist."
