"""Individual coaching trajectories, modelled so that their totals equal the
published ones exactly (model_trajecten.yml holds both the published figures
and every assumption).

- 't Werkt (Kortrijk from 2016, Menen from 2020): 636 started, 201 ongoing,
  255 job, 47 training, 133 stopped (46 + 77 with a published reason, the
  other 10 'onverklaard'); every date on or before the day before the
  article's month.
- Proeftuin Westhoek: 13 inburgeraars; outcome not published (NULL).
- Lokaal Partnerschap Westhoek: no records. It published a budget and its
  partners, no participants and no outcomes; a count sized from its budget
  would be invented, and pages summing trajectories would add it to the
  published ones (loaders/budget.yml holds what it did publish).

Counts are fixed first and only then spread over municipalities, dates and
records, so randomness can never change a published total.
"""
from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd

from loaders.errors import SourceError
from loaders.meta import load_meta
from loaders.model_common import MODELLED, generator, indicator_meta, source_name
from loaders.store import insert_frame, register_indicator
from queries import run_query, run_statement

META = load_meta(__file__)
META_FILE = Path(__file__).with_suffix(".yml")
INDICATOR = "trajecten"
UNEXPLAINED = "onverklaard"
DAYS_PER_MONTH = 30.44
COLUMNS = ["programme", "nis", "target_group", "start_date", "end_date", "outcome", "stop_reason",
           "quality", "source"]


def run(con: duckdb.DuckDBPyConnection) -> None:
    """Build step (after budget.load, which writes the programmes)."""
    register_indicator(con, indicator_meta(META, INDICATOR))
    register_indicator(con, META["published_indicator"])
    inputs = run_query(con, "model_trajecten_inputs")
    insert_frame(con, "trajectory_records", generate(inputs, META))
    refresh_counts(con)
    for code, pub in META["published"].items():
        run_statement(con, "build/programme_published", programme=code, started=pub["started"],
                      to_work=pub.get("outcomes", {}).get("job"), published=json.dumps(pub, default=str))


def refresh_counts(con: duckdb.DuckDBPyConnection) -> None:
    """Recount `trajectory_counts` and `trajectory_starts` from the view `trajectories`."""
    run_statement(con, "build/trajectory_counts")


def generate(inputs: pd.DataFrame, model: dict) -> pd.DataFrame:
    """All records from `inputs` (nis, region, population_2020)."""
    check_published(model["published"])
    rng = generator(model)
    population = inputs.set_index("nis")["population_2020"].astype(float)
    westhoek = population[inputs.set_index("nis")["region"] == "westhoek"].sort_index()
    return pd.concat([
        _t_werkt(population, model, rng),
        _proeftuin(westhoek, model, rng),
    ], ignore_index=True)[COLUMNS]


def check_published(published: dict) -> None:
    """Refuse published figures that contradict each other."""
    for code, pub in published.items():
        if "ended" not in pub:
            continue
        outcomes, reasons = pub["outcomes"], pub["stop_reasons"]
        problems = []
        if pub["ongoing"] + pub["ended"] != pub["started"]:
            problems.append(f"lopend + beëindigd ≠ gestart ({pub['started']})")
        if sum(outcomes.values()) != pub["ended"]:
            problems.append(f"de uitkomsten tellen niet op tot beëindigd ({pub['ended']})")
        if sum(reasons.values()) > outcomes["stopped"]:
            problems.append(f"meer stopredenen dan stopgezette trajecten ({outcomes['stopped']})")
        if problems:
            raise SourceError(META_FILE, f"gepubliceerde cijfers van '{code}' kloppen niet: "
                                         + "; ".join(problems), column=f"published.{code}")


def unexplained(pub: dict) -> int:
    """Stopped trajectories the source gives no reason for (computed, never invented)."""
    return pub["outcomes"]["stopped"] - sum(pub["stop_reasons"].values())


def _t_werkt(population: pd.Series, model: dict, rng: np.random.Generator) -> pd.DataFrame:
    pub, a = model["published"]["t_werkt"], model["assumptions"]["t_werkt"]
    ref = np.datetime64(a["reference_date"]["value"], "D")
    slots = pd.concat([
        pd.DataFrame({"nis": nis, "month": pd.date_range(first, a["reference_date"]["value"], freq="MS")})
        for nis, first in a["sites"]["value"].items()
    ], ignore_index=True)
    boost = np.where(slots["month"].dt.year == 2022, a["intake_2022_factor"]["value"], 1.0)
    weight = population.reindex(slots["nis"]).to_numpy() * boost
    pick = rng.choice(len(slots), size=pub["started"], p=weight / weight.sum())
    month = slots["month"].to_numpy()[pick].astype("datetime64[D]")
    day = (rng.random(pub["started"]) * slots["month"].dt.days_in_month.to_numpy()[pick]).astype(int)
    start = np.minimum(month + day, ref)
    planned = start + _durations(rng, pub["started"], a["duration_months"]["value"])

    ongoing = np.zeros(pub["started"], bool)
    ongoing[np.argsort(-planned.astype(np.int64), kind="stable")[:pub["ongoing"]]] = True
    late = ~ongoing & (planned > ref)
    end = planned.copy()
    end[late] = start[late] + (rng.random(late.sum()) * (ref - start[late]).astype(int)).astype(int)

    outcome = np.full(pub["started"], "ongoing", dtype=object)
    outcome[~ongoing] = rng.permutation(_labels(pub["outcomes"]))
    reason = np.full(pub["started"], None, dtype=object)
    stopped = outcome == "stopped"
    reason[stopped] = rng.permutation(_labels(pub["stop_reasons"] | {UNEXPLAINED: unexplained(pub)}))
    return _frame("t_werkt", slots["nis"].to_numpy()[pick], pub["target_group"], start,
                  np.where(ongoing, np.datetime64("NaT"), end), outcome, reason,
                  f"{source_name(model)}; totalen: {pub['source']}")


def _proeftuin(westhoek: pd.Series, model: dict, rng: np.random.Generator) -> pd.DataFrame:
    pub, a = model["published"]["proeftuin_westhoek"], model["assumptions"]["proeftuin_westhoek"]
    n, period = pub["started"], a["period"]["value"]
    start = _dates_between(rng, n, period["first_start"], period["last_start"])
    end = start + _durations(rng, n, a["duration_months"]["value"])
    return _frame("proeftuin_westhoek", _places(rng, westhoek, n), pub["target_group"], start, end,
                  np.full(n, None, dtype=object), np.full(n, None, dtype=object),
                  f"{source_name(model)}; totaal: {pub['source']}")


def _durations(rng: np.random.Generator, n: int, months: dict) -> np.ndarray:
    low, high = round(months["low"] * DAYS_PER_MONTH), round(months["high"] * DAYS_PER_MONTH)
    return rng.integers(low, high + 1, n).astype("timedelta64[D]")


def _dates_between(rng: np.random.Generator, n: int, first: date, last: date) -> np.ndarray:
    first = np.datetime64(first, "D")
    return first + rng.integers(0, (np.datetime64(last, "D") - first).astype(int) + 1, n)


def _places(rng: np.random.Generator, population: pd.Series, n: int) -> np.ndarray:
    """Municipality of each participant, with probability ∝ population."""
    return rng.choice(population.index.to_numpy(), size=n, p=(population / population.sum()).to_numpy())


def _labels(counts: dict[str, int]) -> np.ndarray:
    return np.array([k for k, v in counts.items() for _ in range(v)], dtype=object)


def _frame(programme: str, nis, target_group, start, end, outcome, reason, source: str) -> pd.DataFrame:
    return pd.DataFrame({
        "programme": programme, "nis": nis, "target_group": target_group,
        "start_date": pd.to_datetime(start), "end_date": pd.to_datetime(end),
        "outcome": outcome, "stop_reason": reason, "quality": MODELLED, "source": source,
    }).sort_values(["start_date", "nis"], kind="stable")
