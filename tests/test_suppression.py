"""Small-number suppression on crafted tables: primary ("<5") and secondary
("x") cells, checked cell by cell and against an independent brute-force
reader who tries every value the hidden cells could have."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from analysis.suppression import HIDDEN_TEXT, MIN_COUNT, PRIMARY, SECONDARY, SHOWN, as_text, masked, suppress

P, S, _ = PRIMARY, SECONDARY, SHOWN
TOTAL = "regio"
FUNNEL = {"started": ["ongoing", "ended"]}
OUTCOMES = {"ended": ["job", "training", "stopped"], "stopped": ["r1", "r2", "r3"]}


def table(rows: dict[str, list[int]], columns: list[str], total: bool = True) -> pd.DataFrame:
    """Rows per municipality; the total row (column sums) is added."""
    df = pd.DataFrame.from_dict(rows, orient="index", columns=columns)
    if total:
        df.loc[TOTAL] = df.sum()
    return df


CASES = {
    "no small numbers": (
        table({"A": [10, 6], "B": [7, 5]}, ["x", "y"]), None,
        {"A": [_, _], "B": [_, _], TOTAL: [_, _]}),
    "zeros are shown": (
        table({"A": [0, 12], "B": [0, 9]}, ["x", "y"]), None,
        {"A": [_, _], "B": [_, _], TOTAL: [_, _]}),
    "one small cell in a column: the smallest other cell is hidden too": (
        table({"A": [3], "B": [9], "C": [6]}, ["n"]), None,
        {"A": [P], "B": [_], "C": [S], TOTAL: [_]}),
    "a municipality without trajectories changes nothing": (
        table({"A": [3], "B": [9], "C": [6], "D": [0]}, ["n"]), None,
        {"A": [P], "B": [_], "C": [S], "D": [_], TOTAL: [_]}),
    "two small cells whose sum reveals nothing: no secondary": (
        table({"A": [2], "B": [3], "C": [10]}, ["n"]), None,
        {"A": [P], "B": [P], "C": [_], TOTAL: [_]}),
    "two cells of 4 adding up to 8 reveal each other": (
        table({"A": [4], "B": [4], "C": [10]}, ["n"]), None,
        {"A": [P], "B": [P], "C": [S], TOTAL: [_]}),
    "the only municipality with trajectories: the region total is hidden": (
        table({"A": [3], "B": [0], "C": [0]}, ["n"]), None,
        {"A": [P], "B": [_], "C": [_], TOTAL: [S]}),
    "within a row: started = ongoing + ended": (
        table({"A": [10, 3, 7]}, ["started", "ongoing", "ended"], total=False), FUNNEL,
        {"A": [_, P, S]}),
    "rows and columns: a rectangle of hidden cells": (
        table({"A": [10, 3, 7], "B": [20, 12, 8], "C": [30, 15, 15]}, ["started", "ongoing", "ended"]), FUNNEL,
        {"A": [_, P, S], "B": [_, S, S], "C": [_, _, _], TOTAL: [_, _, _]}),
    "a chain of two rows pins down what each row alone does not": (
        # ended 40 = 26 + training + stopped; stopped = 6 + 6 + r3: with
        # training and stopped hidden, stopped = 14 − training ≤ 13 and
        # stopped = 12 + r3 ≥ 13, so both small cells would be 1.
        table({"A": [40, 26, 1, 13, 6, 6, 1]}, ["ended", "job", "training", "stopped", "r1", "r2", "r3"],
              total=False), OUTCOMES,
        {"A": [_, S, P, S, _, _, P]}),
}


@pytest.mark.parametrize("name", list(CASES))
def test_marks(name):
    counts, parts, expected = CASES[name]
    marks = suppress(counts, parts, TOTAL if TOTAL in counts.index else None)
    assert marks.to_dict("index") == {row: dict(zip(counts.columns, m)) for row, m in expected.items()}


@pytest.mark.parametrize("name", list(CASES))
def test_no_hidden_value_can_be_worked_out(name):
    counts, parts = CASES[name][:2]
    total_row = TOTAL if TOTAL in counts.index else None
    marks = suppress(counts, parts, total_row)
    for cell, values in possible_values(counts, marks, parts, total_row).items():
        assert len(values) >= 2, f"{name}: {cell} can only be {values}"


def test_the_brute_force_reader_finds_a_value_left_unprotected():
    counts = CASES["one small cell in a column: the smallest other cell is hidden too"][0]
    primary_only = counts.map(lambda v: P if 1 <= v < MIN_COUNT else _)
    primary_only.loc[TOTAL] = _
    assert possible_values(counts, primary_only, None, TOTAL) == {("A", "n"): {3}}


def test_every_small_municipal_count_is_hidden_and_region_row_is_not_primary():
    counts = table({"A": [1, 2], "B": [3, 4], "C": [4, 0]}, ["x", "y"])
    marks = suppress(counts, None, TOTAL)
    municipal = counts.drop(index=TOTAL)
    small = (municipal >= 1) & (municipal < MIN_COUNT)
    assert (marks.drop(index=TOTAL)[small] == P).sum().sum() == small.sum().sum()
    assert not (marks.loc[TOTAL] == P).any()


def test_cells_hidden_elsewhere_are_kept_and_protected():
    # Per-year starts of one municipality whose total (12) is hidden in
    # another table: one shown year would give it away, so both are hidden.
    counts = pd.DataFrame({"2022": [5], "2023": [7], "totaal": [12]}, index=["A"])
    given = pd.DataFrame({"totaal": [S]}, index=["A"])
    marks = suppress(counts, {"totaal": ["2022", "2023"]}, hidden=given)
    assert marks.loc["A"].tolist() == [S, _, S]


def test_text_and_chart_values_never_show_a_hidden_count():
    counts = table({"A": [3, 6], "B": [9, 8]}, ["x", "y"])
    marks = suppress(counts, None, TOTAL)
    text = as_text(counts, marks, str)
    assert text.at["A", "x"] == HIDDEN_TEXT[P]
    assert set(text.values[(marks != _).to_numpy()]) <= set(HIDDEN_TEXT.values())
    assert masked(counts, marks).isna().equals(marks != _)


def possible_values(counts: pd.DataFrame, marks: pd.DataFrame, parts: dict | None,
                    total_row: str | None) -> dict[tuple, set[int]]:
    """Brute force, independent of the implementation: every assignment of
    the hidden cells that a reader cannot rule out (bounds from the shown
    symbols, capped at the table's largest value; every row sum in `parts`
    and every column total), and the values each hidden cell takes in them."""
    cells = [(r, c) for r in counts.index for c in counts.columns]
    position = {cell: k for k, cell in enumerate(cells)}
    equations = [[(position[r, t], 1)] + [(position[r, p], -1) for p in ps]
                 for r in counts.index for t, ps in (parts or {}).items()]
    if total_row is not None:
        equations += [[(position[total_row, c], 1)] + [(position[r, c], -1) for r in counts.index if r != total_row]
                      for c in counts.columns]
    matrix = np.zeros((len(equations), len(cells)))
    for i, terms in enumerate(equations):
        for k, a in terms:
            matrix[i, k] = a
    values = np.array([counts.at[cell] for cell in cells], float)
    hidden = [k for k, cell in enumerate(cells) if marks.at[cell] != _]
    if not hidden:
        return {}
    cap = int(values.max())
    ranges = [np.arange(1, MIN_COUNT) if marks.at[cells[k]] == P
              else np.arange(1 if cells[k][0] == total_row else MIN_COUNT, cap + 1) for k in hidden]
    grid = np.array(np.meshgrid(*ranges, indexing="ij")).reshape(len(hidden), -1).T
    known = values.copy()
    known[hidden] = 0
    residual = matrix @ known + grid @ matrix[:, hidden].T
    feasible = grid[np.all(residual == 0, axis=1)]
    return {cells[k]: set(feasible[:, i].tolist()) for i, k in enumerate(hidden)}
