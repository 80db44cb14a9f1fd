"""Read a loader's metadata file (`<module>.yml` beside the module)."""
from __future__ import annotations

from functools import cache
from pathlib import Path

import yaml


@cache
def load_meta(module_file: str) -> dict:
    """Metadata for the loader whose `__file__` is given."""
    path = Path(module_file).with_suffix(".yml")
    with path.open(encoding="utf-8") as fh:
        return yaml.safe_load(fh)
