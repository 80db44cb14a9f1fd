"""Plotly figures as SVG, rendered on the server by kaleido in a headless
Chromium (the system's), for the printable report.

One browser per process, started on first use and kept (a chart then takes
a fraction of a second instead of seconds). It runs on its own event loop in
a daemon thread, so every call has a time limit and an error comes back
as an exception instead of blocking the caller. MathJax is switched off:
kaleido would fetch it from a CDN, and the app works offline.
"""
from __future__ import annotations

import asyncio
import atexit
import contextlib
import os
import threading
from pathlib import Path

import plotly.graph_objects as go

SYSTEM_CHROMIUM = Path("/usr/bin/chromium")
START_SECONDS, CHART_SECONDS = 60, 30
WIDTH = 760          # px: the text width of an A4 page with 15 mm margins, at 96 dpi


class Unavailable(RuntimeError):
    """No browser to render with (none installed, or it failed to start)."""


def browser_path() -> str | None:
    """`BROWSER_PATH` if set, else Debian's Chromium if installed, else None
    (kaleido then looks for a Chrome of its own)."""
    return os.environ.get("BROWSER_PATH") or (str(SYSTEM_CHROMIUM) if SYSTEM_CHROMIUM.exists() else None)


class Renderer:
    def __init__(self, path: str | None = None):
        self.path = path
        self._lock = threading.Lock()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._kaleido = None
        self._failed: str | None = None

    def _start(self) -> None:
        import kaleido

        loop = asyncio.new_event_loop()
        threading.Thread(target=loop.run_forever, daemon=True, name="kaleido").start()

        async def open_browser():
            options = {"path": self.path} if self.path else {}
            k = kaleido.Kaleido(mathjax=False, timeout=CHART_SECONDS, **options)
            await k.open()
            return k

        try:
            self._kaleido = asyncio.run_coroutine_threadsafe(open_browser(), loop).result(START_SECONDS)
        except BaseException:
            loop.call_soon_threadsafe(loop.stop)
            raise
        self._loop = loop
        atexit.register(self.close)

    def ensure(self) -> None:
        """Start the browser once; raise `Unavailable` if it cannot run."""
        with self._lock:
            if self._kaleido is not None:
                return
            if self._failed:
                raise Unavailable(self._failed)
            try:
                self._start()
            except Exception as exc:  # no browser, a crash, a time-out: all mean "no charts"
                self._failed = f"{type(exc).__name__}: {exc}"
                raise Unavailable(self._failed) from exc

    def svg(self, fig: go.Figure, width: int = WIDTH) -> str:
        """The figure as an `<svg>` element (text). Every axis makes room
        for its labels (automargin): in the app Streamlit's theme does that,
        here the figure is drawn without it, and the labels would be cut."""
        self.ensure()
        spec = fig.to_plotly_json()
        layout = spec.setdefault("layout", {})
        for axis in [k for k in layout if k.startswith(("xaxis", "yaxis"))] or ["xaxis", "yaxis"]:
            layout[axis] = {**layout.get(axis, {}), "automargin": True}
        opts = {"format": "svg", "width": width, "height": layout.get("height") or 450, "scale": 1}
        job = self._kaleido.calc_fig(spec, opts=opts)
        try:
            return asyncio.run_coroutine_threadsafe(job, self._loop).result(CHART_SECONDS).decode("utf-8")
        except Exception:
            with contextlib.suppress(Exception):   # a crashed or hung browser is started anew next time
                self.close()
            raise

    def close(self) -> None:
        with self._lock:
            if self._kaleido is not None:
                try:
                    asyncio.run_coroutine_threadsafe(self._kaleido.close(), self._loop).result(10)
                finally:
                    self._loop.call_soon_threadsafe(self._loop.stop)
                    self._kaleido = None


RENDERER = Renderer(browser_path())
