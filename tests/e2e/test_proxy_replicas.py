"""The shared deployment in a browser: nginx (Debian's, started by the test
as this user) in front of two replicas (scripts/serve.py). A page is drawn
through the proxy; the replica holding the browser is killed; the tab
reconnects to the other one, which runs its next step (a year chosen), and
a new tab draws too."""
from __future__ import annotations

import os
import urllib.request
from pathlib import Path

import pytest

from scripts import serve
from tests.helpers import browser as rb
from tests.helpers.e2e import HOME, Visit


CONNECTED = """() => document.querySelector('[data-testid="stApp"]')
  .getAttribute('data-test-connection-state') === 'CONNECTED'"""


@pytest.fixture()
def cluster(store_path, tmp_path):
    if not Path(serve.NGINX).exists():
        message = "nginx ontbreekt (scripts/ensure_nginx.sh installeert het Debian-pakket)"
        if os.environ.get("REGIOMONITOR_REQUIRE_BROWSER") == "1":
            pytest.fail(message, pytrace=False)
        pytest.skip(message)
    db = rb.copy_store(store_path, tmp_path / "regiomonitor.duckdb")
    run = tmp_path / "run"
    run.mkdir()
    with serve.Cluster(2, run=run, env={"REGIOMONITOR_DB": str(db)}) as c:
        yield c


def get(url: str) -> tuple[int, bytes]:
    with urllib.request.urlopen(url, timeout=10) as r:
        return r.status, r.read()


def test_a_page_draws_through_the_proxy_and_after_its_replica_died(browser, cluster):
    assert get(cluster.url + "healthz") == (200, b"ok\n")
    assert get(cluster.url + "readyz") == (200, b"ok")
    visit = Visit.new(browser, cluster)
    try:
        page = visit.context.new_page()
        sockets = []
        page.on("websocket", lambda ws: sockets.append(ws))
        page.on("pageerror", lambda exc: visit.script_errors.append(str(exc)))
        page.goto(cluster.page_url(HOME))
        rb.run_done(page)
        visit.wait_for_charts(page)
        visit.assert_clean(page)
        # The replica this browser sticks to (its cookie), as nginx says.
        held = {visit.context.request.get(cluster.url).headers["x-replica"] for _ in range(3)}
        assert len(held) == 1
        port = int(held.pop().rsplit(":", 1)[1])
        victim = cluster.ports.index(port)
        cluster.kill(victim)
        # The open tab reconnects to the other replica, which runs its next step.
        for _ in range(300):
            if len(sockets) > 1:
                break
            page.wait_for_timeout(100)
        assert len(sockets) > 1, "the tab did not reconnect"
        page.wait_for_function(CONNECTED)
        visit.choose(page, "Jaar", 0)   # waits for the run and its charts
        visit.assert_clean(page)
        assert visit.context.request.get(cluster.url).headers["x-replica"].endswith(f":{cluster.ports[1 - victim]}")
        visit.assert_clean(visit.open(HOME))
        assert get(cluster.url + "readyz") == (200, b"ok")
    finally:
        visit.context.close()
