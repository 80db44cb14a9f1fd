"""An independent reader of suppressed tables: every value a hidden cell
could have, found by brute force (not by the implementation's rules), and
the hidden cells a table could show without giving a value away."""
from __future__ import annotations

import pandas as pd

from analysis.suppression import MIN_COUNT, PRIMARY, SECONDARY, SHOWN

P, S, _ = PRIMARY, SECONDARY, SHOWN


def possible_values(counts: pd.DataFrame, marks: pd.DataFrame, parts: dict | None,
                    total_row: str | None) -> dict[tuple, set[int]]:
    """Exhaustive search, independent of the implementation: every assignment
    of the hidden cells that a reader cannot rule out (bounds from the shown
    symbols, capped at the table's largest value; every row sum in `parts`
    and every column total), and the values each hidden cell takes in them.
    Depth first: a line with one unknown cell left gives its value, else the
    unknown cell with the fewest possible values is tried value by value."""
    cells = [(r, c) for r in counts.index for c in counts.columns]
    equations = [[((r, t), 1)] + [((r, p), -1) for p in ps] for r in counts.index for t, ps in (parts or {}).items()]
    if total_row is not None:
        equations += [[((total_row, c), 1)] + [((r, c), -1) for r in counts.index if r != total_row]
                       for c in counts.columns]
    hidden = [cell for cell in cells if marks.at[cell] != _]
    cap = int(counts.to_numpy().max())
    ranges = {cell: range(1, MIN_COUNT) if marks.at[cell] == P
              else range(1 if cell[0] == total_row else MIN_COUNT, cap + 1) for cell in hidden}
    found: dict[tuple, set[int]] = {cell: set() for cell in hidden}

    def search(known: dict) -> None:
        for terms in equations:
            unknown = [(cell, a) for cell, a in terms if cell not in known]
            if len(unknown) == 1:
                (cell, a), = unknown
                value = -sum(a * known[c] for c, a in terms if c != cell) / a
                if value in ranges[cell]:
                    search(known | {cell: int(value)})
                return
        open_cells = [cell for cell in hidden if cell not in known]
        if not open_cells:
            if all(sum(a * known[c] for c, a in terms) == 0 for terms in equations):
                for cell in hidden:
                    found[cell].add(known[cell])
            return
        cell = min(open_cells, key=lambda c: len(ranges[c]))
        for value in ranges[cell]:
            search(known | {cell: value})

    search({cell: int(counts.at[cell]) for cell in cells if marks.at[cell] == _})
    return found


def needless(counts: pd.DataFrame, marks: pd.DataFrame, parts: dict | None, total_row: str | None) -> list[tuple]:
    """Secondary cells that could be shown without any hidden value becoming
    one a reader can work out."""
    out = []
    for cell in [(r, c) for r in counts.index for c in counts.columns if marks.at[r, c] == S]:
        trial = marks.copy()
        trial.at[cell] = _
        if all(len(values) >= 2 for values in possible_values(counts, trial, parts, total_row).values()):
            out.append(cell)
    return out
