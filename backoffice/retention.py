"""Retention and a size cap for a folder the app fills on visitors' behalf
(issue 19.2): `static/geo/` gets a file for every new map selection, and a
visitor choosing municipality after municipality could otherwise fill the
disk. The least recently written files go first. The map files' limits
(`MapLimits`) are set by the deployment like the snapshots' (`backoffice.limits`).
"""
from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar

from backoffice import limits


@dataclass(frozen=True)
class MapLimits:
    """What the map files (`static/geo/`) may take together (MB) and how
    long a file is kept (days); a cached selection takes at most about 1 MB
    at Flanders' scale."""
    SECTION: ClassVar[str] = "kaarten"
    WHAT: ClassVar[str] = "de limiet van de kaartbestanden"
    max_mb: float = limits.setting(500, "REGIOMONITOR_MAP_MAX_MB")
    max_days: float = limits.setting(30, "REGIOMONITOR_MAP_MAX_DAYS")


def cap(folder: Path, pattern: str, max_bytes: int, max_age_days: float) -> list[Path]:
    """Delete the files matching `pattern` written more than `max_age_days`
    ago, then the oldest others until the rest take at most `max_bytes`.
    Returns what was deleted. Another process may delete the same files."""
    files = []
    for path in folder.glob(pattern):
        try:
            stat = path.stat()
        except FileNotFoundError:
            continue
        files.append((stat.st_mtime, stat.st_size, path))
    total = sum(size for _, size, _ in files)
    too_old = time.time() - max_age_days * 86400
    deleted = []
    for mtime, size, path in sorted(files):
        if total <= max_bytes and mtime >= too_old:
            break
        path.unlink(missing_ok=True)
        total -= size
        deleted.append(path)
    return deleted
