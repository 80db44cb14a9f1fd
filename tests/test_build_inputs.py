"""The store's fingerprint covers every file the build reads or runs and
nothing else; `build_info` records each file's hash."""
from __future__ import annotations

import hashlib
import shutil

import pytest

from loaders import build, build_inputs
from loaders.config import PROJECT_ROOT, data_dir

DATA = data_dir()
# Run by the build: its queries and schema, a model, a loader it imports
# indirectly, a portal spec and the importer's metadata it restores.
BUILD_FILES = [*(p.relative_to(PROJECT_ROOT).as_posix() for p in (PROJECT_ROOT / "queries/sql").glob("model_*_inputs.sql")),
               "queries/sql/build/schema.sql", "queries/sql/build/regie.sql", "loaders/model_trajecten.py", "loaders/store.py",
               "loaders/portal/vdab_werkzoekenden.yml", "loaders/importer.yml"]
# Not run by the build: the CLI, the importer, a page query, the Streamlit glue and the pages.
OTHER_FILES = ["loaders/__main__.py", "backoffice/import_cli.py", "backoffice/importer.py", "backoffice/auth.py",
               "queries/sql/map_area.sql"]


@pytest.fixture()
def project(tmp_path):
    """A copy of the project's code, to edit."""
    root = tmp_path / "project"
    for folder in ("common", "loaders", "backoffice", "queries", "ui", "views"):
        shutil.copytree(PROJECT_ROOT / folder, root / folder, ignore=shutil.ignore_patterns("__pycache__"))
    return root


def fingerprint(root):
    return build_inputs.fingerprint(build_inputs.file_hashes(DATA, build.source_files(DATA), root))


def edit(path):
    """Append a comment: the build would read or run the same, its content changed."""
    with path.open("a", encoding="utf-8") as fh:
        fh.write("\n-- edited\n" if path.suffix == ".sql" else "\n# edited\n")


def test_the_copy_has_the_projects_fingerprint(project):
    assert fingerprint(project) == build.fingerprint(DATA)


@pytest.mark.parametrize("name", BUILD_FILES)
def test_editing_a_file_the_build_runs_changes_the_fingerprint(project, name):
    before = fingerprint(project)
    edit(project / name)
    assert fingerprint(project) != before


def test_editing_code_the_build_does_not_run_keeps_the_fingerprint(project):
    before = fingerprint(project)
    others = [project / name for name in OTHER_FILES] + sorted((project / "ui").rglob("*.py")) \
        + sorted((project / "views").rglob("*.py"))
    for path in others:
        edit(path)
    assert fingerprint(project) == before


def test_build_info_lists_a_hash_per_file(store):
    recorded = dict(store.execute("select key, value from build_info "
                                  "where key like 'source:%' or key like 'code:%'").fetchall())
    sources = {f"source:{p.relative_to(DATA).as_posix()}": p for p in build.source_files(DATA)}
    code = {f"code:{p.relative_to(PROJECT_ROOT).as_posix()}": p for p in build_inputs.code_files()}
    assert recorded.keys() == sources.keys() | code.keys()
    assert {f"code:{name}" for name in BUILD_FILES} <= recorded.keys()
    assert not {f"code:{name}" for name in OTHER_FILES} & recorded.keys()
    for key, path in (sources | code).items():
        assert recorded[key] == hashlib.sha256(path.read_bytes()).hexdigest(), key
    fingerprint = store.execute("select value from build_info where key = 'fingerprint'").fetchone()[0]
    assert fingerprint == build_inputs.fingerprint(recorded)
