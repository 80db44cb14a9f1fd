"""Issue 19.1, 19.2 and 19.7 against the real server as start.sh runs it
(`streamlit run webapp.py`: app.py behind ui/guards.py), attacked with a raw
websocket client and plain HTTP requests, and used by an admin in Chromium.

- an anonymous session cannot upload to Streamlit's upload endpoint (it
  accepted 19 MB per request from any session and kept it in memory);
- a visitor's `clear_cache` message clears nobody's caches;
- every response forbids framing by other sites;
- the admin, logged in on Beheer, still uploads and imports (with the
  password typed again).
"""
from __future__ import annotations

import os
import re
import secrets
import subprocess
import sys
import time
import uuid
from contextlib import ExitStack, contextmanager

import pytest
import requests
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.web.server.starlette.starlette_app_utils import generate_xsrf_token_string
from websockets.sync.client import connect

from backoffice import auth
from loaders.config import PROJECT_ROOT
from tests.helpers import browser as rb
from tests.import_fixtures import csv_bytes, reference_rates

USER, PASSWORD = "wh-test-beheer", "een lang genoeg wachtwoord"
UPLOAD_MB = 19


@pytest.fixture(scope="module")
def guarded(store_path, tmp_path_factory):
    folder = tmp_path_factory.mktemp("guards")
    db = rb.copy_store(store_path, folder / "regiomonitor.duckdb")
    admin = {auth.ENV_USER: USER, auth.ENV_HASH: auth.hash_password(PASSWORD)}   # login state: beside the store
    saved = {k: os.environ.get(k) for k in admin}
    os.environ.update(admin)   # the server process inherits the environment
    try:
        with rb.Server(PROJECT_ROOT / "webapp.py", db, folder / "streamlit.log") as server:
            yield server
    finally:
        for k, v in saved.items():
            os.environ.pop(k) if v is None else os.environ.__setitem__(k, v)


@contextmanager
def session(server, run: bool = True, page: str = ""):
    """A raw websocket session; with `run`, after the app's first run (of
    `page`, a URL path: the default page without). Yields the socket and the
    session id."""
    with connect(server.url.replace("http", "ws") + "_stcore/stream", subprotocols=["streamlit"],
                 max_size=None, open_timeout=60) as ws:
        sid = None
        if run:
            msg = BackMsg()
            msg.rerun_script.query_string = ""
            msg.rerun_script.page_script_hash = ""
            msg.rerun_script.page_name = page
            ws.send(msg.SerializeToString())
            while True:
                reply = ForwardMsg()
                reply.ParseFromString(ws.recv(timeout=rb.TIMEOUT_MS / 1000))
                kind = reply.WhichOneof("type")
                if kind == "new_session":
                    sid = reply.new_session.initialize.session_id
                if kind == "script_finished":
                    break
        yield ws, sid


def handled(ws, msg: BackMsg) -> None:
    """Send `msg`, then wait until the server has handled it: it handles a
    socket's messages one after the other, and answers a heartbeat."""
    ws.send(msg.SerializeToString())
    heartbeat = BackMsg()
    heartbeat.app_heartbeat = True
    ws.send(heartbeat.SerializeToString())
    while True:
        reply = ForwardMsg()
        reply.ParseFromString(ws.recv(timeout=rb.TIMEOUT_MS / 1000))
        if reply.WhichOneof("type") == "heartbeat_ack":
            return


def cache_memory(server) -> dict[str, float]:
    """Memory Streamlit reports per kind of cache (its metrics endpoint)."""
    text = requests.get(server.url + "_stcore/metrics?families=cache_memory_bytes", timeout=30).text
    found = {}
    for line in text.splitlines():
        if line.startswith("cache_memory_bytes{"):
            kind = re.search(r'cache_type="([^"]*)"', line)[1]
            found[kind] = found.get(kind, 0.0) + float(line.rsplit(" ", 1)[1])
    return found


def fresh_cache_memory(server, change) -> dict[str, float]:
    """`cache_memory` as computed after this call began, without waiting a
    fixed time. The endpoint recomputes it at most every 5 s and serves the
    same reading in between, so the first reading may be older than the
    call; one that differs from it was computed after it was served. To make
    one differ, `change()` is called while it does not: it opens one more
    session that ran a page, or closes such sessions (the metrics count
    each session's state)."""
    first = cache_memory(server)
    deadline = time.monotonic() + rb.TIMEOUT_MS / 1000
    while (seen := cache_memory(server)) == first:
        assert time.monotonic() < deadline, f"the metrics still read {seen} although the sessions changed"
        change()
        time.sleep(0.2)   # a poll, not a wait for anything
    return seen


MARKER = "beheer"   # a page whose run (the login form) leaves session state and fills no cache


def test_a_visitor_cannot_upload(guarded):
    token = generate_xsrf_token_string(secrets.token_bytes(16), int(time.time()))   # passes Streamlit's XSRF check
    with ExitStack() as held:
        _, sid = held.enter_context(session(guarded))   # kept open: its uploads would live as long as it
        response = requests.put(f"{guarded.url}_stcore/upload_file/{sid}/{uuid.uuid4()}",
                                files={"file": ("x.csv", b"a" * (UPLOAD_MB * 1024 * 1024))},
                                headers={"X-Xsrftoken": token}, cookies={"_streamlit_xsrf": token}, timeout=60)
        assert response.status_code == 403, response.text
        assert "Beheer" in response.text
        seen = fresh_cache_memory(guarded, lambda: held.enter_context(session(guarded, page=MARKER)))
        assert "UploadedFileManager" not in seen, seen


# The app's caches: query results and models are shared resources (`ui.data`), for which
# Streamlit reports a count of entries; pickled data for which it reports bytes.
CACHES = ("st_cache_resource", "st_cache_data")


def test_a_visitors_clear_cache_clears_nobodys_cache(guarded):
    with ExitStack() as held, ExitStack() as markers:
        held.enter_context(session(guarded))   # fills the caches
        before = fresh_cache_memory(guarded, lambda: markers.enter_context(session(guarded, page=MARKER)))
        assert before["st_cache_resource"] > 0, before
        ws, _ = held.enter_context(session(guarded, run=False))   # never runs the app, so refills nothing
        msg = BackMsg()
        msg.clear_cache = True
        handled(ws, msg)
        after = fresh_cache_memory(guarded, markers.close)
        assert {kind: after.get(kind) for kind in CACHES} == {kind: before.get(kind) for kind in CACHES}


@pytest.mark.parametrize("path", ["", "beheer", "app/static/favicon.png", "_stcore/health"])
def test_no_other_site_may_frame_the_dashboard(guarded, path):
    headers = requests.get(guarded.url + path, timeout=30).headers
    assert headers["X-Frame-Options"] == "SAMEORIGIN"
    assert headers["Content-Security-Policy"] == "frame-ancestors 'self'"
    assert headers["X-Content-Type-Options"] == "nosniff"


def test_the_admin_uploads_and_imports_with_the_password(guarded, browser, tmp_path):
    rates = reference_rates(year=2015).head(3)
    export = tmp_path / "export.csv"
    export.write_bytes(csv_bytes([[r.gemeente, r.nis, r.jaar, f"{r.werkzaamheidsgraad + 0.5:.3f}".replace(".", ",")]
                                  for r in rates.itertuples()]))
    context = browser.new_context(viewport=rb.VIEWPORT, locale="nl-BE")
    context.set_default_timeout(rb.TIMEOUT_MS)
    try:
        page = context.new_page()
        page.goto(guarded.url + "beheer")
        page.get_by_label("Gebruikersnaam").fill(USER)
        page.get_by_label("Wachtwoord", exact=True).fill(PASSWORD)
        page.get_by_role("button", name="Aanmelden").click()
        page.get_by_test_id("stFileUploaderDropzoneInput").set_input_files(str(export))
        page.get_by_text("Geen fouten in").wait_for()
        page.get_by_label("Wachtwoord (ter bevestiging)").first.fill(PASSWORD)
        page.get_by_role("button", name="Importeren").click()
        page.get_by_text("Import 1 opgeslagen").wait_for()
    finally:
        context.close()


def listening(port: int) -> set[str]:
    """The local addresses (hex, as /proc/net/tcp{,6} write them) listening on `port`."""
    found = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        for line in open(table).read().splitlines()[1:]:
            local, _, state = line.split()[1:4]
            address, hex_port = local.rsplit(":", 1)
            if int(hex_port, 16) == port and state == "0A":
                found.add(address)
    return found


def test_as_started_it_listens_on_this_machine_only(store_path, tmp_path):
    """start.sh's command without options: the bind address comes from
    .streamlit/config.toml (Streamlit's default is every interface)."""
    port = rb.free_port()
    log = tmp_path / "streamlit.log"
    with open(log, "wb") as out:
        proc = subprocess.Popen([sys.executable, "-m", "streamlit", "run", "webapp.py", "--server.port", str(port)],
                                cwd=PROJECT_ROOT, stdout=out, stderr=subprocess.STDOUT,
                                env={**os.environ, "REGIOMONITOR_DB": str(store_path)})
    try:
        deadline = time.monotonic() + 120
        while not listening(port) and time.monotonic() < deadline and proc.poll() is None:
            time.sleep(0.3)
        assert listening(port) == {"0100007F"}, log.read_text()   # 127.0.0.1, and nothing else
    finally:
        proc.terminate()
        proc.wait(timeout=30)
