"""The layers of docs/architecture.md hold: a package imports its own layer
and those below it, never one above, and nothing below `ui/` imports
Streamlit. Read from every module's imports (also those inside functions)."""
from __future__ import annotations

import ast
from pathlib import Path

from loaders.config import PROJECT_ROOT

# Bottom first. Above them all: views/, app.py, webapp.py, and the command
# lines, scripts, benchmarks and tests, which no layer imports.
LAYERS = ["common", "queries", "loaders", "analysis", "charts", "page_models", "backoffice", "ui"]
TOP = {"views", "app", "webapp", "scripts", "bench", "tests"}
ENTRY_POINT = "__main__.py"   # `python -m <package>`: a command line, above every layer
UI = LAYERS.index("ui")


def imported(tree: ast.AST) -> set[str]:
    """The top-level packages a module imports (relative imports stay in
    its own package)."""
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            names.add(node.module)
    return {name.split(".")[0] for name in names}


def violations(root: Path) -> list[str]:
    """`<module>: <package>` for every import of a higher layer (or of
    Streamlit below ui/)."""
    found = []
    for rank, layer in enumerate(LAYERS):
        for path in sorted((root / layer).rglob("*.py")):
            if path.name == ENTRY_POINT:
                continue
            names = imported(ast.parse(path.read_text(encoding="utf-8")))
            above = (names & (set(LAYERS[rank + 1:]) | TOP)) | ({"streamlit"} & names if rank < UI else set())
            found += [f"{path.relative_to(root).as_posix()}: {name}" for name in sorted(above)]
    return found


def test_no_module_imports_a_higher_layer():
    assert violations(PROJECT_ROOT) == []


def test_the_check_finds_every_kind_of_upward_import(tmp_path):
    modules = {
        "analysis/fine.py": "import pandas\nfrom common import format\nfrom loaders.regions import REGIONS\n",
        "analysis/up.py": "from ui import data\n",
        "charts/late.py": "def f():\n    import streamlit as st\n",
        "page_models/page.py": "from backoffice.importer import publish\nfrom charts import theme\n",
        "common/deep.py": "import views.overzicht\n",
        "loaders/__main__.py": "from backoffice import import_cli\n",      # a command line: allowed
        "ui/glue.py": "import streamlit\nfrom backoffice import auth\n",  # ui may use Streamlit
    }
    for name, text in modules.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text, encoding="utf-8")
    assert violations(tmp_path) == ["common/deep.py: views", "analysis/up.py: ui", "charts/late.py: streamlit",
                                    "page_models/page.py: backoffice"]
