"""Trajectory counts as the Trajecten page shows them: what each programme
published (never more), a municipality × category table of the modelled
split with small numbers hidden, the values for the user's selection (or
the region total where the selection would show hidden numbers), the flow
started → ongoing/ended → outcome → stop reason, and outcome shares computed
from the counts beside the source's percentages."""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from analysis.suppression import SHOWN, suppress

REGION_ROW = "regio"
STARTED, ONGOING, ENDED, STOPPED, UNKNOWN = "started", "ongoing", "ended", "stopped", "unknown"
ENDINGS = ["job", "training", STOPPED, UNKNOWN]
PUBLISHED = [STARTED, ONGOING, ENDED, "job", "training", STOPPED]   # columns of the published table


def stop_category(reason: str) -> str:
    return f"stop_{reason}"


def categories(reasons: list[str]) -> list[str]:
    """Column order: started, ongoing, ended, outcomes, stop reasons."""
    return [STARTED, ONGOING, ENDED, *ENDINGS, *map(stop_category, reasons)]


def category_labels(labels: dict[str, str], reasons: dict[str, str]) -> dict[str, str]:
    """Dutch name of every category: outcome labels and stop reasons."""
    return labels | {stop_category(r): label for r, label in reasons.items()}


def parts(reasons: list[str]) -> dict[str, list[str]]:
    """Which categories add up to which, within one municipality."""
    return {STARTED: [ONGOING, ENDED], ENDED: ENDINGS, STOPPED: [stop_category(r) for r in reasons]}


@dataclass(frozen=True)
class Shown:
    """Values for the selection, or for the region when the selection holds hidden cells."""
    values: pd.Series        # NaN where hidden
    region_fallback: bool


@dataclass(frozen=True)
class Counts:
    table: pd.DataFrame      # municipalities + REGION_ROW × categories
    marks: pd.DataFrame      # suppression marks, same shape
    timeline: dict[str, pd.DataFrame]        # 'start'/'end': municipalities + REGION_ROW × years
    timeline_marks: dict[str, pd.DataFrame]


def counts(cells: pd.DataFrame, events: pd.DataFrame, units: list[str], reasons: list[str]) -> Counts:
    """From the `trajectory_cells` and `trajectory_timeseries` query results."""
    table = _grid(cells, "category", units, categories(reasons))
    marks = suppress(table, parts(reasons), REGION_ROW)
    known = events["year"].dropna().astype(int)
    years = list(range(known.min(), known.max() + 1)) if len(known) else []  # no gaps on the time axis
    timeline, timeline_marks = {}, {}
    for kind, total in (("start", STARTED), ("end", ENDED)):
        grid = _grid(events[events["kind"] == kind], "year", units, years)
        # The row total is shown in the main table: tie it in as a line, with
        # its marks from there, so the years cannot reveal a hidden total.
        grid["totaal"], known = table[total], marks[[total]].rename(columns={total: "totaal"})
        timeline_marks[kind] = suppress(grid, {"totaal": years}, REGION_ROW, hidden=known)[years]
        timeline[kind] = grid[years]
    return Counts(table, marks, timeline, timeline_marks)


def shown(table: pd.DataFrame, marks: pd.DataFrame, selected: list[str]) -> Shown:
    """Selected municipalities' sum if none of their cells is hidden, else
    the region total (the caller labels it)."""
    units = [u for u in table.index if u != REGION_ROW]
    chosen = [u for u in selected if u in units]
    if selected and set(chosen) != set(units) and not (marks.loc[chosen] != SHOWN).any().any():
        return Shown(table.loc[chosen].sum(), region_fallback=False)
    region = table.loc[REGION_ROW].astype(float).mask(marks.loc[REGION_ROW] != SHOWN)
    return Shown(region, region_fallback=bool(selected) and set(chosen) != set(units))


def municipal_rows(counts: Counts, municipalities: list[str]) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The table and marks of the municipalities with trajectories, and the
    total row; categories that are zero in the whole region left out."""
    rows = [n for n in municipalities if counts.table.at[n, STARTED] > 0] + [REGION_ROW]
    columns = [c for c in counts.table.columns if c == STARTED or counts.table.at[REGION_ROW, c] > 0]
    return counts.table.loc[rows, columns], counts.marks.loc[rows, columns]


def published_values(pub: dict, unexplained: str) -> pd.Series:
    """The counts a programme's source published (`model_trajecten.yml`
    `published.<code>`; {} for none), by category; the stops the source
    gives no reason for under `stop_category(unexplained)` (computed, never
    a reason made up). Categories it did not publish are absent."""
    values = {STARTED: pub.get("started")}
    if "ended" in pub:
        reasons = pub["stop_reasons"] | {unexplained: pub["outcomes"][STOPPED] - sum(pub["stop_reasons"].values())}
        values |= {ONGOING: pub["ongoing"], ENDED: pub["ended"], **pub["outcomes"],
                   **{stop_category(r): n for r, n in reasons.items()}}
    return pd.Series(values, dtype=float).dropna()


def published_table(published: dict[str, dict], programmes: list[str], unexplained: str) -> pd.DataFrame:
    """Programme × `PUBLISHED` categories, as published (NaN: not
    published). No total row: the programmes count different people in
    different places and years."""
    return pd.DataFrame({code: published_values(published.get(code, {}), unexplained).reindex(PUBLISHED)
                         for code in programmes}).T.reindex(programmes)


def start_years(counts: Counts, selected: list[str]) -> list[int]:
    """The years in which trajectories of the chosen municipalities (all:
    empty) started: what a file name or a period of the selection says
    (Menen's 't Werkt trajectories from 2020, not the programme's 2016)."""
    starts = counts.timeline["start"].loc[selected or [REGION_ROW]].sum()
    return starts[starts > 0].index.tolist()


def flow_links(values: pd.Series, reasons: list[str], modelled: bool) -> pd.DataFrame:
    """Links source → target → value of the trajectory flow (non-zero only):
    started → ongoing/ended → outcome, the stopped ones split by reason
    (three columns, so the labels of neighbouring columns do not overlap);
    without `reasons` the stopped ones as one (a slide's Sankey: its labels
    need the room). `modelled`: the records' quality, for the chart's marking."""
    endings = [e for e in ENDINGS if e != STOPPED] + ([stop_category(r) for r in reasons] or [STOPPED])
    pairs = [(STARTED, ONGOING), (STARTED, ENDED), *[(ENDED, e) for e in endings]]
    links = pd.DataFrame(pairs, columns=["source", "target"])
    links["value"] = values.reindex(links["target"]).to_numpy()
    links["modelled"] = modelled
    return links[links["value"] != 0].reset_index(drop=True)


def shares(values: pd.Series, reasons: list[str], published: dict | None) -> pd.DataFrame:
    """Outcome shares of the ended trajectories, computed from the counts;
    with the source's own percentage where the shown counts are exactly the
    published ones (else the source's percentages do not apply), and the
    counts that percentage fits (`fits_low`-`fits_high`: every whole count
    whose share rounds to it; a printed "13 %" is 12,5 % to 13,5 %)."""
    rows = ["job", "training", STOPPED, *map(stop_category, reasons), UNKNOWN]
    out = pd.DataFrame({"category": rows, "count": values.reindex(rows).to_numpy()})
    out = out[out["count"] > 0].reset_index(drop=True)
    out["share"] = out["count"] / values[ENDED] * 100
    source = _source_percentages(published) if matches_published(values, published, reasons) else {}
    out["source_share"] = out["category"].map(source)
    out["differs"] = out["source_share"].notna() & (out["share"].round() != out["source_share"])
    ended = values[ENDED]
    out["fits_low"] = np.ceil((out["source_share"] - 0.5) * ended / 100)
    out["fits_high"] = np.ceil((out["source_share"] + 0.5) * ended / 100) - 1
    return out


def matches_published(values: pd.Series, published: dict | None, reasons: list[str]) -> bool:
    """Are the shown counts exactly the programme's published totals?"""
    if not published or "ended" not in published:
        return False
    expected = {STARTED: published["started"], ONGOING: published["ongoing"], ENDED: published["ended"],
                **published["outcomes"], **{stop_category(r): n for r, n in published["stop_reasons"].items()}}
    return all(values.get(k) == v for k, v in expected.items())


def _source_percentages(published: dict) -> dict[str, float]:
    return {(k if k in published["outcomes"] else stop_category(k)): float(v)
            for k, v in published["source_percentages"].items()}


def _grid(long: pd.DataFrame, column: str, units: list[str], columns: list) -> pd.DataFrame:
    """Wide counts: one row per municipality (all of `units`, zeros where
    none) and the total row."""
    keyed = long.assign(row=long["nis"].where(~long["is_total"], REGION_ROW))
    wide = keyed.pivot(index="row", columns=column, values="n")
    return (wide.reindex(index=[*units, REGION_ROW], columns=columns).fillna(0).astype(int)
            .rename_axis(index=None, columns=None))
