"""Small-number suppression on crafted tables: primary ("<5") and secondary
("x") cells, checked cell by cell and against an independent brute-force
reader who tries every value the hidden cells could have."""
from __future__ import annotations

import pandas as pd
import pytest

from analysis.suppression import HIDDEN_TEXT, MIN_COUNT, as_text, masked, suppress
from tests.helpers.suppression import P, S, _, needless, possible_values
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
        # stopped = 12 + r3 ≥ 13, so both small cells would be 1. Hiding a
        # stop reason (6) breaks the chain; the job count (26) need not go.
        table({"A": [40, 26, 1, 13, 6, 6, 1]}, ["ended", "job", "training", "stopped", "r1", "r2", "r3"],
              total=False), OUTCOMES,
        {"A": [_, _, P, S, S, _, P]}),
    "one small training count in the smaller of two municipalities: the larger one's jobs stay shown": (
        # Menen and Kortrijk in 't Werkt: hiding B's 1 training hides A's
        # training (the column total is shown); B's ended line then needs one
        # more hidden cell, and a stop reason does, where B's and so A's job
        # count would also do but is not needed.
        table({"A": [395, 229, 46, 120, 40, 71, 9], "B": [40, 26, 1, 13, 6, 6, 1]},
              ["ended", "job", "training", "stopped", "r1", "r2", "r3"]), OUTCOMES,
        {"A": [_, _, S, S, S, _, S], "B": [_, _, P, S, S, _, P], TOTAL: [_] * 7}),
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


@pytest.mark.parametrize("name", list(CASES))
def test_no_cell_is_hidden_that_the_rule_does_not_need(name):
    counts, parts = CASES[name][:2]
    total_row = TOTAL if TOTAL in counts.index else None
    assert needless(counts, suppress(counts, parts, total_row), parts, total_row) == []


def test_the_needless_check_can_fail():
    counts = CASES["two small cells whose sum reveals nothing: no secondary"][0]
    marks = suppress(counts, None, TOTAL)
    marks.at["C", "n"] = S   # 2 + 3 = 5 leaves either one 1 to 4: hiding C protects nothing
    assert needless(counts, marks, None, TOTAL) == [("C", "n")]


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
