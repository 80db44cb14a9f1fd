"""A full disk for real, without root or a mount: the process may write no
file past a size (`RLIMIT_FSIZE`; with SIGXFSZ ignored, a write past it
fails with EFBIG, as one on a full disk fails with ENOSPC)."""
from __future__ import annotations

import resource
import signal
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
