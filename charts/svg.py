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
import textwrap
import threading
from pathlib import Path

import plotly.graph_objects as go

from charts.theme import MODELLED_COLOUR

SYSTEM_CHROMIUM = Path("/usr/bin/chromium")
START_SECONDS, CHART_SECONDS = 60, 30
WIDTH = 760          # px: the text width of an A4 page with 15 mm margins, at 96 dpi


class Unavailable(RuntimeError):
    """No browser to render with (none installed, or it failed to start)."""


def browser_path() -> str | None:
    """`BROWSER_PATH` if set, else Debian's Chromium if installed, else None
    (kaleido then looks for a Chrome of its own)."""
    return os.environ.get("BROWSER_PATH") or (str(SYSTEM_CHROMIUM) if SYSTEM_CHROMIUM.exists() else None)


# Print layout (px): the title's first line at the top, each further line, the modelled note's line under them;
# the characters of a title's line across the width.
TITLE_PX, LINE_PX, NOTE_PX, TITLE_CHARS = 34, 22, 30, 72


def print_layout(layout: dict) -> dict:
    """`layout` for print, changed in place. Every axis makes room for its
    labels (automargin): in the app Streamlit's theme does that, here the
    figure is drawn without it, and the labels would be cut. The title
    stands left at the top, wrapped to the width, and the modelled note
    (`charts.theme.modelled_note`) gets a line of its own under it, above
    the plot and its panel titles: on the page's width a long title was cut
    off, and the note was drawn over the title or beside a legend over it.
    The figure grows by those lines, so the plot keeps its size."""
    for axis in [k for k in layout if k.startswith(("xaxis", "yaxis"))] or ["xaxis", "yaxis"]:
        layout[axis] = {**layout.get(axis, {}), "automargin": True}
    margin = layout.setdefault("margin", {})
    top, bottom, extra, below_title = margin.get("t", 50), margin.get("b", 40), 0, 4
    if layout.get("title"):
        # Wrapped anew for the page's width (a builder may have wrapped it for a phone's).
        lines = textwrap.wrap(layout["title"].get("text", "").replace("<br>", " "), TITLE_CHARS, break_long_words=False)
        layout["title"] = {**layout["title"], "text": "<br>".join(lines), "x": 0, "xref": "container",
                           "xanchor": "left", "y": 1, "yref": "container", "yanchor": "top", "pad": {"t": 8, "l": 8}}
        extra, below_title = LINE_PX * (len(lines) - 1), TITLE_PX + LINE_PX * (len(lines) - 1)
    notes = [a for a in layout.get("annotations", []) if a.get("bordercolor") == MODELLED_COLOUR]
    if notes:
        extra += NOTE_PX
    height = (layout.get("height") or 450) + extra
    plot = height - (top + extra) - bottom
    for note in notes:   # the note's top just under the title, in paper units above the plot
        note.update(x=1, xanchor="right", y=1 + (top + extra - below_title) / plot, yanchor="top")
    margin["t"], layout["height"] = top + extra, height
    return layout


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
        """The figure as an `<svg>` element (text), laid out for print
        (`print_layout`)."""
        self.ensure()
        spec = fig.to_plotly_json()
        layout = print_layout(spec.setdefault("layout", {}))
        opts = {"format": "svg", "width": width, "height": layout["height"], "scale": 1}
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
