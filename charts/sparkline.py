"""A series as a small SVG line (a sparkline), for a cell of an HTML table
(`ui.layout.html_table`): what a data grid's line chart column draws, without
the grid's canvas, which the browser redraws at every rerun."""
from __future__ import annotations

import math
from collections.abc import Iterable

WIDTH, HEIGHT, PAD = 88, 24, 2   # px: the line's box and the room kept for its stroke


def sparkline(values: Iterable[float | None], colour: str) -> str:
    """`values` (equally spaced in time, oldest first) as an SVG polyline
    scaled to its own minimum and maximum (as a grid's line chart column
    does); a missing value breaks the line. Empty when no two values remain."""
    values = [None if v is None or (isinstance(v, float) and math.isnan(v)) else float(v) for v in values]
    present = [v for v in values if v is not None]
    if len(present) < 2:
        return ""
    low, high = min(present), max(present)
    step = (WIDTH - 2 * PAD) / (len(values) - 1)

    def y(v: float) -> float:   # a flat series in the middle
        return HEIGHT / 2 if high == low else PAD + (high - v) / (high - low) * (HEIGHT - 2 * PAD)

    runs, run = [], []
    for i, v in enumerate(values + [None]):
        if v is None:
            if len(run) > 1:
                runs.append(run)
            run = []
        else:
            run.append(f"{PAD + i * step:.1f},{y(v):.1f}")
    lines = "".join(f'<polyline points="{" ".join(r)}"/>' for r in runs)
    return (f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{HEIGHT}" '
            f'viewBox="0 0 {WIDTH} {HEIGHT}"><g fill="none" stroke="{colour}" stroke-width="1.5" '
            f'stroke-linejoin="round">{lines}</g></svg>')
