"""A full disk for real, without root or a mount: the process may write no
file past a size (`RLIMIT_FSIZE`; with SIGXFSZ ignored, a write past it
fails with EFBIG, as one on a full disk fails with ENOSPC).

That limit stops file data, not a new directory entry (a symbolic link, an
empty file), which fails only on a file system with no room left:
`run_on_full_folder` gives a script one, a full tmpfs mounted on a folder in
a mount namespace of its own (`unshare`: no other process sees it, and it
is gone when the script ends)."""
from __future__ import annotations

import resource
import signal
import subprocess
import sys
from pathlib import Path
from collections.abc import Callable, Iterator
from contextlib import contextmanager


@contextmanager
def full_past(limit: int | None = None) -> Iterator[Callable[[int], None]]:
    """While the block runs, no file of this process grows past `limit`
    bytes (None: no limit yet); yields `fill(limit)`, which sets a new
    limit from then on (the disk fills up halfway through)."""
    handler = signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    soft, hard = resource.getrlimit(resource.RLIMIT_FSIZE)

    def fill(at: int) -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (at, hard))

    try:
        if limit is not None:
            fill(limit)
        yield fill
    finally:
        resource.setrlimit(resource.RLIMIT_FSIZE, (soft, hard))
        signal.signal(signal.SIGXFSZ, handler)


# Mounts a tmpfs of two inodes (its root and one file) on sys.argv[1] and fills it.
_FILL = """
import subprocess, sys
from pathlib import Path
subprocess.run(["mount", "-t", "tmpfs", "-o", "size=64k,nr_inodes=2", "tmpfs", sys.argv[1]], check=True)
Path(sys.argv[1], "vol").touch()
"""


def run_on_full_folder(folder: Path, script: str, *args: str, cwd: Path) -> subprocess.CompletedProcess:
    """Run the Python `script` (`sys.argv[2:]` = `args`) in a process that
    sees `folder` as a full file system: no new file, link or folder fits."""
    folder.mkdir(parents=True, exist_ok=True)
    return subprocess.run(["unshare", "--map-root-user", "--mount", sys.executable, "-c", _FILL + script,
                           str(folder), *args], cwd=cwd, capture_output=True, text=True, timeout=600)
