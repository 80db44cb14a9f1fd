"""The limits a deployment sets on what the app keeps on disk (issue 19.2):
the meeting snapshots' pins and the map files, each from the secrets, then
the environment, then the default (`backoffice.limits`), documented in the
README; a wrong value is refused in Dutch without naming the setting (the
log names it)."""
from __future__ import annotations

import os
import time
from dataclasses import fields

import pytest

from backoffice import limits, retention, snapshots
from loaders.config import PROJECT_ROOT
from loaders.errors import SourceError
from loaders.regions import REGIONS
from ui import geometry

KINDS = [snapshots.Limits, retention.MapLimits]


def variables(kind) -> dict[str, str]:
    return {spec.name: spec.metadata["env"] for spec in fields(kind)}


@pytest.mark.parametrize("kind", KINDS, ids=lambda k: k.SECTION)
def test_the_secrets_come_first_then_the_environment_then_the_defaults(kind):
    env = {variable: str(10 * (i + 3)) for i, variable in enumerate(variables(kind).values())}
    first, *rest = variables(kind)
    assert limits.configured(kind, None, {}) == kind()
    assert limits.configured(kind, None, env) == kind(*(10 * (i + 3) for i in range(len(env))))
    from_secrets = limits.configured(kind, {first: 7}, env)
    assert getattr(from_secrets, first) == 7
    assert [getattr(from_secrets, name) for name in rest] == [float(env[variables(kind)[n]]) for n in rest]


@pytest.mark.parametrize("kind", KINDS, ids=lambda k: k.SECTION)
@pytest.mark.parametrize("bad", ["0", "-5", "veel", "nan"])
def test_a_wrong_value_is_refused_in_dutch_and_the_log_names_the_setting(kind, bad, caplog):
    for name, variable in variables(kind).items():
        with pytest.raises(SourceError) as refused:
            limits.configured(kind, None, {variable: bad})
        message = str(refused.value)
        assert message.startswith(kind.WHAT) and "verkeerd ingesteld" in message, message
        assert variable not in message and name not in message and "secrets" not in message, message
        assert variable in caplog.text and f"[{kind.SECTION}]" in caplog.text


@pytest.mark.parametrize("kind", KINDS, ids=lambda k: k.SECTION)
def test_the_readme_documents_each_setting(kind):
    readme = (PROJECT_ROOT / "README.md").read_text(encoding="utf-8")
    assert f"[{kind.SECTION}]" in readme
    for name, variable in variables(kind).items():
        assert variable in readme and name in readme


def test_the_map_files_keep_to_the_deployments_retention(store_path, monkeypatch):
    """A map file older than the configured days goes when a map is written."""
    region = REGIONS["w13"]["nis"]
    area = geometry.area(region[:3], region)
    shown = geometry.GEO_DIR / area.url.removeprefix(geometry.URL_PREFIX)
    days = retention.MapLimits().max_days
    stale = geometry.GEO_DIR / f"{'0' * 20}-2.geojson"
    stale.write_bytes(b"{}")
    made = time.time() - (days / 2) * 86400   # within the default retention
    os.utime(stale, (made, made))
    monkeypatch.setenv(variables(retention.MapLimits)["max_days"], str(days / 4))
    shown.unlink()   # the next map writes its file again, and the retention runs
    geometry.area(region[:3], region)
    assert shown.exists() and not stale.exists()


def test_a_wrongly_set_map_limit_draws_no_map_and_the_log_names_it(store_path, monkeypatch, caplog):
    region = REGIONS["westhoek"]["nis"]
    area = geometry.area(region[:3], region)
    shown = geometry.GEO_DIR / area.url.removeprefix(geometry.URL_PREFIX)
    shown.unlink()
    monkeypatch.setenv(variables(retention.MapLimits)["max_mb"], "veel")
    assert geometry.area(region[:3], region) is None and not shown.exists()
    assert variables(retention.MapLimits)["max_mb"] in caplog.text
    monkeypatch.undo()
    assert geometry.area(region[:3], region) == area and shown.exists()
