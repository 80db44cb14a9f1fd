"""One store per test session, built from the real reference files
(../shared/data) into a temporary directory. AppTests and the browser tests
use it through REGIOMONITOR_DB, so no test touches data/regiomonitor.duckdb."""
from __future__ import annotations

import os
from collections.abc import Callable
from functools import partial
from pathlib import Path

import duckdb
import pytest

from loaders import build, versions
from loaders.config import PROJECT_ROOT, data_dir
from loaders.store import connect
from queries import run_query

APP = str(PROJECT_ROOT / "app.py")


@pytest.fixture(scope="session")
def store_path(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("store") / "regiomonitor.duckdb"
    build.build(path, data_dir(), progress=lambda _: None)
    os.environ["REGIOMONITOR_DB"] = str(path)
    return path


@pytest.fixture()
def store(store_path) -> duckdb.DuckDBPyConnection:
    """Connection to the session store, for checking values. Same settings
    as the app's (read-only, on the published version), so DuckDB shares one
    instance in the process."""
    con = connect(versions.current(store_path), read_only=True)
    yield con
    con.close()


@pytest.fixture()
def run(store) -> Callable:
    """The query runner a page model's `collect` takes (`page_models`):
    uncached, on the session store."""
    return partial(run_query, store)


@pytest.fixture(scope="session")
def browser():
    """One headless Chromium for the session (Debian's, with the project's
    flags): the browser tests and the printed-report tests share it, since
    Playwright's sync API allows one running instance per thread."""
    from tests.helpers import browser as rb

    reason = rb.chromium_missing()
    if reason:
        if os.environ.get("REGIOMONITOR_REQUIRE_BROWSER") == "1":
            pytest.fail(f"Browser tests required (REGIOMONITOR_REQUIRE_BROWSER=1), but {reason}.", pytrace=False)
        pytest.skip(reason)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = rb.launch(p.chromium)
        yield b
        b.close()


@pytest.fixture()
def downloads(monkeypatch) -> dict[str, Callable[[], bytes]]:
    """File name -> the function that makes the file, for every download
    button a page draws. The files are made on click (deferred) and AppTest
    drops its runtime after a run, so the functions are caught as the page
    registers them; calling one gives the bytes a click would download."""
    from streamlit.runtime.media_file_manager import MediaFileManager

    made = {}
    register = MediaFileManager.add_deferred

    def record(self, data_callable, mimetype, coordinates, file_name=None, **kwargs):
        made[file_name] = data_callable
        return register(self, data_callable, mimetype, coordinates, file_name=file_name, **kwargs)

    monkeypatch.setattr(MediaFileManager, "add_deferred", record)
    return made


@pytest.fixture()
def app(store_path):
    """An AppTest of the whole app (entry point with navigation and filters)."""
    from streamlit.testing.v1 import AppTest

    return AppTest.from_file(APP, default_timeout=60)
