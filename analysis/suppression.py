"""Small numbers: hide counts of 1 to 4 per municipality, and enough other
cells that no hidden count can be worked out from the totals.

A table has one row per municipality, optionally a total row (the region,
not subject to the primary rule) and one column per category; `parts` says
which columns add up to another within a row (started = ongoing + ended).
Every such sum and every column total is a *line*: its cells are tied by one
equation, and a reader who sees the shown cells knows the bounds of the
hidden ones ("<5": 1 to 4; "x": at least 5 in a municipal row, at least 1 in
the total row, since only positive cells are hidden).

- Primary: municipal cells with 1 to `MIN_COUNT - 1` are hidden ("<5").
- Secondary, in two steps repeated until neither hides anything more:
  1. per line: while a line alone pins down one of its hidden cells (it is
     the only hidden cell, or two "<5" cells must add up to 8), hide the
     line's smallest positive shown cell ("x"), a municipal cell before the
     total row;
  2. across lines: a reader can also chain lines (a row's total minus a
     column's ...). Tightening every hidden cell's bounds line by line until
     nothing changes (interval propagation) shows what such a reader could
     still pin down; then one more cell is hidden in a line through one of
     them, the one that leaves the fewest cells pinned down (then the
     smallest), so that a small detail cell is hidden rather than a headline
     count the rule does not need.

This protects one table; it does not protect against combining the tables
of different filter choices.
"""
from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pandas as pd

MIN_COUNT = 5
PRIMARY, SECONDARY, SHOWN = "primary", "secondary", ""
HIDDEN_TEXT = {PRIMARY: f"<{MIN_COUNT}", SECONDARY: "x"}

Cell = tuple[int, int]
Line = list[tuple[Cell, int]]  # cells with coefficient +1 (total) or -1 (part)


def suppress(counts: pd.DataFrame, parts: dict[str, list[str]] | None = None,
             total_row: object | None = None, hidden: pd.DataFrame | None = None) -> pd.DataFrame:
    """Marks (`PRIMARY`, `SECONDARY` or `SHOWN`) for every cell of `counts`.

    `total_row`: label of the row that holds the column totals (the region);
    `hidden`: marks of cells already hidden elsewhere (e.g. a total shown in
    another table), kept and respected.
    """
    active = counts.ne(0).any(axis=1) | (counts.index == total_row)
    if not active.all():  # rows of zeros are known exactly and change no inference
        return suppress(counts[active], parts, total_row, hidden).reindex(counts.index).fillna(SHOWN)
    values = counts.to_numpy(dtype=float)
    is_total = np.asarray(counts.index == total_row) if total_row is not None else np.zeros(len(counts), bool)
    marks = np.full(values.shape, SHOWN, dtype=object)
    marks[~is_total] = np.where((values[~is_total] >= 1) & (values[~is_total] < MIN_COUNT), PRIMARY, SHOWN)
    if hidden is not None:
        given = hidden.reindex(index=counts.index, columns=counts.columns).fillna(SHOWN).to_numpy()
        marks = np.where(given != SHOWN, given, marks)
    table = _Table(values, marks, is_total, _lines(counts, parts or {}, is_total))
    while True:
        table.close_lines()
        cell = table.chain_breaker()
        if cell is None:
            break
        table.marks[cell] = SECONDARY
    return pd.DataFrame(table.marks, index=counts.index, columns=counts.columns)


def as_text(counts: pd.DataFrame, marks: pd.DataFrame, number: Callable[[float], str]) -> pd.DataFrame:
    """Cells as shown: `number(value)` or "<5" / "x" where hidden."""
    text = counts.apply(lambda col: col.map(number)).astype(object)
    for mark, label in HIDDEN_TEXT.items():
        text = text.mask(marks == mark, label)
    return text


def with_hidden(values: pd.Series, number: Callable[[float], str]) -> pd.Series:
    """Values already masked (NaN = hidden) as shown text."""
    return values.map(lambda v: HIDDEN_TEXT[SECONDARY] if pd.isna(v) else number(v))


def masked(counts: pd.DataFrame, marks: pd.DataFrame) -> pd.DataFrame:
    """Counts with hidden cells as NaN (for charts)."""
    return counts.astype(float).mask(marks != SHOWN)


def _lines(counts: pd.DataFrame, parts: dict[str, list[str]], is_total: np.ndarray) -> list[Line]:
    col = {c: j for j, c in enumerate(counts.columns)}
    lines = [[((i, col[t]), 1)] + [((i, col[p]), -1) for p in ps]
             for i in range(len(counts)) for t, ps in parts.items()]
    if is_total.any():
        t = int(np.flatnonzero(is_total)[0])
        units = [i for i in range(len(counts)) if not is_total[i]]
        lines += [[((t, j), 1)] + [((i, j), -1) for i in units] for j in range(counts.shape[1])]
    return lines


class _Table:
    """Cells, their marks and the lines tying them, with what a reader can infer."""

    def __init__(self, values: np.ndarray, marks: np.ndarray, is_total: np.ndarray, lines: list[Line]):
        self.values, self.marks, self.is_total, self.lines = values, marks, is_total, lines
        self.lines_of: dict[Cell, list[int]] = {}
        for k, line in enumerate(lines):
            for cell, _ in line:
                self.lines_of.setdefault(cell, []).append(k)

    def bounds(self, marks: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """What a reader knows about each cell from what is shown."""
        low, high = self.values.copy(), self.values.copy()
        primary, secondary = marks == PRIMARY, marks == SECONDARY
        low[primary], high[primary] = 1.0, MIN_COUNT - 1.0
        in_total = np.broadcast_to(self.is_total[:, None], self.values.shape)
        low[secondary] = np.where(in_total[secondary], 1.0, float(MIN_COUNT))
        high[secondary] = np.inf
        return low, high

    def close_lines(self) -> None:
        """Per line: while a line alone pins down one of its hidden cells,
        hide its smallest positive shown cell (cheap, catches most cases)."""
        changed = True
        while changed:
            changed = False
            low, high = self.bounds(self.marks)
            for line in self.lines:
                if self._tighten(line, low, high, self.marks, update=False):
                    cell = self._smallest_shown(line)
                    if cell is not None:
                        self.marks[cell] = SECONDARY
                        low, high = self.bounds(self.marks)
                        changed = True

    def chain_breaker(self) -> Cell | None:
        """When combining lines still pins down hidden cells: the cell to
        hide next, among the smallest shown cells of the lines through any
        of them, the one that leaves the fewest cells pinned down, then the
        smallest. (Looking only at the first pinned cell's lines could hide
        a large headline count where a small stop reason would do.)"""
        candidates = {self._smallest_shown(self.lines[k])
                      for target in self.pinned(self.marks) for k in self.lines_of.get(target, [])} - {None}
        return min(candidates, key=lambda c: (len(self.pinned(self._with(c))), bool(self.is_total[c[0]]),
                                              self.values[c], c), default=None)

    def pinned(self, marks: np.ndarray, passes: int = 50) -> list[Cell]:
        """Hidden cells left with one possible value after tightening every
        hidden cell's bounds line by line, over and over (interval propagation)."""
        low, high = self.bounds(marks)
        for _ in range(passes):
            if not any([self._tighten(line, low, high, marks, update=True) for line in self.lines]):
                break
        return [tuple(map(int, c)) for c in zip(*np.nonzero((marks != SHOWN) & (low >= high)))]

    def _tighten(self, line: Line, low: np.ndarray, high: np.ndarray, marks: np.ndarray, update: bool) -> bool:
        """Bounds the line implies for its hidden cells. update=False: does it
        pin one down? update=True: tighten them; did any change?"""
        hidden = [(cell, a) for cell, a in line if marks[cell] != SHOWN]
        if not hidden:
            return False
        terms = [(min(a * low[c], a * high[c]), max(a * low[c], a * high[c])) for c, a in line]
        changed = False
        for cell, a in hidden:
            k = next(i for i, (c, _) in enumerate(line) if c == cell)
            # a·x = −(sum of the other terms), which range over [others_min, others_max]
            others_min = sum(t[0] for i, t in enumerate(terms) if i != k)
            others_max = sum(t[1] for i, t in enumerate(terms) if i != k)
            lo, hi = sorted((-others_max / a, -others_min / a))
            lo, hi = max(low[cell], lo), min(high[cell], hi)
            if not update and lo >= hi:
                return True
            if update and (lo > low[cell] + 1e-9 or hi < high[cell] - 1e-9):
                low[cell], high[cell] = lo, hi
                terms[k] = (min(a * lo, a * hi), max(a * lo, a * hi))
                changed = True
        return changed

    def _with(self, cell: Cell) -> np.ndarray:
        trial = self.marks.copy()
        trial[cell] = SECONDARY
        return trial

    def _smallest_shown(self, line: Line) -> Cell | None:
        """The smallest positive shown cell of a line, municipal rows first."""
        shown = [c for c, _ in line if self.marks[c] == SHOWN and self.values[c] > 0]
        return min(shown, key=lambda c: (bool(self.is_total[c[0]]), self.values[c], c), default=None)
