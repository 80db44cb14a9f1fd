"""Settings of the Streamlit server that the pages' speed depends on."""
from __future__ import annotations

import os

import pytest
from streamlit import config

from loaders.config import PROJECT_ROOT


@pytest.fixture()
def option(monkeypatch):
    """A server option as the project's .streamlit/config.toml sets it (no environment variable over it)."""
    monkeypatch.chdir(PROJECT_ROOT)
    for name in ("STREAMLIT_RUNNER_POST_SCRIPT_GC", "STREAMLIT_SERVER_FILE_WATCHER_TYPE"):
        monkeypatch.delenv(name, raising=False)
    assert os.path.exists(".streamlit/config.toml")
    config.get_config_options(force_reparse=True)
    yield config.get_option
    config.get_config_options(force_reparse=True)


def test_a_run_ends_without_a_full_garbage_collection(option):
    """Streamlit's default collects all garbage after every run (`runner.postScriptGC`), walking every object
    the process keeps (every page's caches) while it holds the interpreter: the run's "finished" waited for
    it, longer the longer the server ran (`bench.server_cpu`). The project's config.toml switches it off."""
    assert option("runner.postScriptGC") is False


def test_a_new_session_does_not_watch_the_source(option):
    """Streamlit's default watcher walked the project's folders, the virtual environment's included, for
    every new session: two thirds of the server's CPU for a first visit (`bench.first_visit`: Gemeentefiche
    855 -> 300 ms, Overzicht 660 -> 215 ms). A deployment restarts to change code."""
    assert option("server.fileWatcherType") == "none"
