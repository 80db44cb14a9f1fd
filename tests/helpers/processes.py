"""Another process holding something (a store open read-only, the writer's
lock) while a test acts, as the dashboard or a second import would."""
from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager

from loaders.config import PROJECT_ROOT


@contextmanager
def hold(script: str, *args: str) -> Iterator[list[str]]:
    """Run `script` (Python, `sys.argv[1:]` = `args`) in another process for
    the block. The script prints one line once it holds what it takes, then
    reads its stdin until the block ends (stdin closes); the yielded list
    then gets the lines it printed after that."""
    process = subprocess.Popen([sys.executable, "-c", script, *args], cwd=PROJECT_ROOT,
                               stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    after: list[str] = []
    try:
        assert process.stdout.readline().strip(), "the holder ended before it held anything"
        yield after
    finally:
        after.extend(process.communicate("")[0].splitlines())
