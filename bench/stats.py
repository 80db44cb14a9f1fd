"""Median and 95th percentile of a list of timings (ms)."""
from __future__ import annotations

import math
import statistics


def p95(values: list[float]) -> float:
    """Nearest-rank 95th percentile: the value 95 % of the runs do not exceed
    (with fewer than 20 runs this is the slowest one)."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(0.95 * len(ordered)) - 1)]


def summary(values: list[float]) -> dict:
    """Over the runs that finished (NaN: did not)."""
    values = [v for v in values if not math.isnan(v)]
    if not values:
        return {"n": 0, "median_ms": math.nan, "p95_ms": math.nan}
    return {"n": len(values), "median_ms": statistics.median(values), "p95_ms": p95(values)}
