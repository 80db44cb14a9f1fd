"""Guessing the Beheer password (issue 19, point 3): simultaneous guesses
cannot pass the limit, the limit is per client as well as per name so an
attacker does not lock the admin out, and the counts survive a restart."""
from __future__ import annotations

import re
import subprocess
import sys
import threading
from concurrent.futures import ThreadPoolExecutor

import pytest

from backoffice import auth
from loaders.config import PROJECT_ROOT

PASSWORD = "een lang genoeg wachtwoord"
USER = "rw-beheer"
ACCOUNT = auth.Account(USER, auth.hash_password(PASSWORD))
ATTACKER, ADMIN = "203.0.113.9", "198.51.100.7"
WRONG = "Gebruikersnaam of wachtwoord onjuist."


@pytest.fixture()
def state(tmp_path, monkeypatch):
    """The default throttle's state goes next to a store in a temp folder."""
    monkeypatch.setenv("REGIOMONITOR_DB", str(tmp_path / "regiomonitor.duckdb"))
    return tmp_path


def fail(throttle: auth.Throttle, client: str | None, times: int, user: str = USER) -> list[str | None]:
    return [auth.login(ACCOUNT, user, "fout", throttle, client) for _ in range(times)]


def test_simultaneous_guesses_check_no_more_passwords_than_the_limit(state, monkeypatch):
    checked, lock, start = [], threading.Lock(), threading.Barrier(20)
    verify = auth.verify_password

    def counted(password, stored):
        with lock:
            checked.append(password)
        return verify(password, stored)

    monkeypatch.setattr(auth, "verify_password", counted)
    throttle = auth.Throttle()

    def guess(i: int) -> str | None:
        start.wait()
        return auth.login(ACCOUNT, USER, f"gok {i}", throttle)

    with ThreadPoolExecutor(20) as pool:
        answers = list(pool.map(guess, range(20)))
    assert len(checked) == auth.MAX_FAILURES
    assert sum("Te veel mislukte pogingen" in a for a in answers) >= 20 - auth.MAX_FAILURES


def test_an_attacker_on_the_admins_name_does_not_lock_the_admin_out(state):
    throttle = auth.Throttle()
    answers = fail(throttle, ATTACKER, auth.MAX_FAILURES + 1)
    assert answers[:auth.MAX_FAILURES - 1] == [WRONG] * (auth.MAX_FAILURES - 1)
    assert "Te veel mislukte pogingen" in answers[-1]
    assert auth.login(ACCOUNT, USER, PASSWORD, throttle, ATTACKER) is not None  # the locked client stays locked
    assert auth.login(ACCOUNT, USER, PASSWORD, throttle, ADMIN) is None


def test_guesses_spread_over_many_clients_lock_the_name_but_not_for_a_known_client(state):
    throttle = auth.Throttle()
    assert auth.login(ACCOUNT, USER, PASSWORD, throttle, ADMIN) is None  # the admin's usual computer
    for i in range(auth.NAME_MAX_FAILURES):
        fail(throttle, f"192.0.2.{i}", 1)
    assert "Te veel mislukte pogingen" in auth.login(ACCOUNT, USER, PASSWORD, throttle, "192.0.2.250")
    assert auth.login(ACCOUNT, f" {USER.upper()}", PASSWORD, throttle, ADMIN) is None
    assert fail(throttle, "192.0.2.251", 1, user="iemand anders") == [WRONG]  # other names are not locked


def test_the_lockout_survives_a_restart(state):
    fail(auth.Throttle(), None, auth.MAX_FAILURES)
    # A new process (the dashboard restarted) on the same store folder.
    code = ("import sys; from backoffice import auth; "
            f"print(auth.login(auth.Account({USER!r}, sys.argv[1]), {USER!r}, {PASSWORD!r}, auth.Throttle()))")
    out = subprocess.run([sys.executable, "-c", code, ACCOUNT.password_hash], cwd=PROJECT_ROOT, check=True,
                         capture_output=True, text=True).stdout
    assert "Te veel mislukte pogingen" in out
    assert (state / auth.LOGIN_STATE).exists()


def test_client_address_trusts_proxy_headers_only_from_the_machine_itself():
    forwarded = {"X-Forwarded-For": "10.9.9.9, 203.0.113.9"}
    assert auth.client_address(ADMIN, forwarded | {"X-Real-IP": "10.0.0.1"}) == ADMIN  # a remote peer: its own address
    assert auth.client_address(None, forwarded) == ATTACKER  # the entry the local proxy appended
    assert auth.client_address(None, {"X-Real-IP": ADMIN, **forwarded}) == ADMIN
    assert auth.client_address(None, {}) is None


def test_readme_example_user_is_not_a_guessable_default():
    readme = (PROJECT_ROOT / "README.md").read_text(encoding="utf-8")
    examples = re.findall(r"REGIOMONITOR_ADMIN_USER=(\S+)", readme) + re.findall(r'^user = "(.*)"', readme, re.M)
    assert examples
    guessable = {"admin", "administrator", "beheer", "beheerder", "coordinator", "root", "user"}
    assert not {e.strip("'\"").lower() for e in examples} & guessable
