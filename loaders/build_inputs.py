"""Every file the build reads or runs, and its content hash: the store's
fingerprint and the per-file hashes in `build_info` (as OWID's snapshots
record theirs).

The code is found from the build's own imports, not listed by hand: the
project modules `loaders/build.py` imports, directly or through each other,
the metadata file beside each (`<module>.yml`), the files next to a module
or folders of files it names (`importer.yml`, the portal specs in
`portal/`) and the named queries and statements it runs
(`queries/sql/<name>.sql`, the schema `queries/sql/build/schema.sql` too). So an edited model query rebuilds the store,
and an edited CLI, importer or page does not.
"""
from __future__ import annotations

import ast
import hashlib
from functools import cache
from pathlib import Path

from loaders.config import PROJECT_ROOT

ENTRY = "loaders.build"


def _module_file(root: Path, name: str) -> Path | None:
    base = root.joinpath(*name.split("."))
    for path in (base.with_suffix(".py"), base / "__init__.py"):
        if path.is_file():
            return path
    return None


def _imported(tree: ast.AST) -> set[str]:
    """Dotted names a module imports (`from a import b` yields a.b and a,
    since b may be a module or a name in a), with their parent packages."""
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            names |= {node.module} | {f"{node.module}.{alias.name}" for alias in node.names}
    return {".".join(name.split(".")[:i + 1]) for name in names for i in range(name.count(".") + 1)}


def _named_files(tree: ast.AST, module: Path, sql_dir: Path) -> set[Path]:
    """Files a module names in a call with a literal: `run_query(con, "<name>")`,
    `run_statement(con, "<name>")` and `sql("<name>")` (queries/sql/<name>.sql), `.with_name("<name>")`
    (a file beside the module, or every file of a folder beside it)."""
    found = set()
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        func = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
        at = {"run_query": 1, "run_statement": 1, "sql": 0, "with_name": 0}.get(func)
        if at is None or len(node.args) <= at or not isinstance(node.args[at], ast.Constant):
            continue
        name = node.args[at].value
        found.add(module.with_name(name) if func == "with_name" else sql_dir / f"{name}.sql")
    folders = [path for path in found if path.is_dir() and path != sql_dir]  # queries: only those named
    return {path for path in found if path.is_file()} | {
        path for folder in folders for path in folder.iterdir() if path.is_file()}


@cache
def code_files(root: Path = PROJECT_ROOT) -> tuple[Path, ...]:
    """The build's modules in the project at `root` and the files they read
    (see above). Cached: the build's imports do not change while a process
    runs (their content is hashed on every call of `file_hashes`)."""
    todo, files = [ENTRY], set()
    while todo:
        path = _module_file(root, todo.pop())
        if path is None or path in files:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        todo += _imported(tree)
        meta = path.with_suffix(".yml")
        files |= {path, *[meta][:meta.is_file()]} | _named_files(tree, path, root / "queries" / "sql")
    return tuple(sorted(files))


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest() if path.is_file() else "missing"


def file_hashes(data: Path, sources: list[Path], root: Path = PROJECT_ROOT) -> dict[str, str]:
    """`source:<file in the data folder>` for each source file and
    `code:<file in the project>` for each file of the build's code; value:
    the SHA-256 of its content, or "missing"."""
    return ({f"source:{p.relative_to(data).as_posix()}": _sha256(p) for p in sources}
            | {f"code:{p.relative_to(root).as_posix()}": _sha256(p) for p in code_files(root)})


def fingerprint(hashes: dict[str, str]) -> str:
    """One hash of the per-file hashes (names included)."""
    return hashlib.sha256("".join(f"{k}\0{v}\n" for k, v in sorted(hashes.items())).encode()).hexdigest()
