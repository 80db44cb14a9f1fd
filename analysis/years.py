"""Which year a figure shows when the shared year filter asks for another:
every indicator has its own years (the employment rate stops in 2015, VDAB's
series start in 2014), and a figure says so next to itself instead of
disappearing."""
from __future__ import annotations

from collections.abc import Iterable


def reference_year(years: Iterable[int], chosen: int) -> tuple[int | None, str]:
    """The latest of `years` up to `chosen`, else the first one; and the
    note that goes beside the figure when that is not `chosen`
    ("laatste cijfer: 2015", "eerste cijfer: 2014"). (None, "") without years."""
    years = sorted(set(int(y) for y in years))
    if not years:
        return None, ""
    before = [y for y in years if y <= chosen]
    year = before[-1] if before else years[0]
    if year == chosen:
        return year, ""
    return year, f"{'laatste' if year < chosen else 'eerste'} cijfer: {year}"


def spans(years: Iterable[int]) -> str:
    """`2014-2019, 2021-2024` for those years: runs of consecutive years joined."""
    runs: list[list[int]] = []
    for year in sorted(set(int(y) for y in years)):
        if runs and year == runs[-1][-1] + 1:
            runs[-1].append(year)
        else:
            runs.append([year])
    return ", ".join(str(r[0]) if len(r) == 1 else f"{r[0]}-{r[-1]}" for r in runs)
