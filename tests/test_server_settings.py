"""Settings of the Streamlit server that the pages' speed depends on."""
from __future__ import annotations

import os

from streamlit import config

from loaders.config import PROJECT_ROOT


def test_a_run_ends_without_a_full_garbage_collection(monkeypatch):
    """Streamlit's default collects all garbage after every run (`runner.postScriptGC`), walking every object
    the process keeps (every page's caches) while it holds the interpreter: the run's "finished" waited for
    it, longer the longer the server ran (`bench.server_cpu`). The project's config.toml switches it off."""
    monkeypatch.chdir(PROJECT_ROOT)
    monkeypatch.delenv("STREAMLIT_RUNNER_POST_SCRIPT_GC", raising=False)
    assert os.path.exists(".streamlit/config.toml")
    config.get_config_options(force_reparse=True)
    try:
        assert config.get_option("runner.postScriptGC") is False
    finally:
        config.get_config_options(force_reparse=True)
