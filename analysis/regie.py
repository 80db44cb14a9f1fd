"""The Regie page: the W13 action plan's actions with their status per work
year, the consultations' meetings against the agreed cadence, and the VDAB
agreement's goals beside the figures that measure them. Query results in
(see `page_models.regie.collect`), a `RegieModel` out; no Streamlit, no SQL.

Progress comes from `regie_changes` (backoffice/regie_progress.py): the status
of an action in a year is its latest record not undone, else the default
("gepland", and the page says nothing was recorded); a meeting counts while
it is not undone."""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from common.vocabulary import ALL, ALL_GROUPS

NO_INDICATOR = "geen indicator in de databank"
RATE_UNITS = ("%", "per ")     # a unit starting with these is a rate: it does not add up over municipalities
SUM, RATIO, MEDIAN = "som", "verhouding", "mediaan"
METHODS = {
    SUM: "som van de gemeenten",
    RATIO: "berekend uit de opgetelde aantallen van de gemeenten",
    MEDIAN: "mediaan van de gemeenten (een graad telt niet op over gemeenten)",
}


@dataclass(frozen=True)
class Goal:
    number: int
    code: str
    title: str
    actions: list[str]        # the plan's actions that work on it
    figures: pd.DataFrame     # one row per linked indicator (`goal_figures`); empty: none in the store
    indicators: list[str]     # the store indicators behind `figures`, for the source line


@dataclass(frozen=True)
class RegieModel:
    title: str
    producer: str
    document: str
    date: str
    years: list[int]              # the plan's years
    objective: str                # the filters: an objective code, a lead, a year (or ALL)
    lead: str
    year: int | str
    objectives: pd.DataFrame      # code, number, title, partners (the filtered ones)
    actions: pd.DataFrame         # regie_actions rows of the filter, + followed (years), years_named (bool)
    status: pd.DataFrame          # number, year, status, recorded, note, by, at: per action and shown year
    latest: pd.DataFrame          # number, note, year, by, at: the latest note per action
    cadence: pd.DataFrame         # code, name, year, held, minimum, text, met: per consultation and shown year
    meetings: pd.DataFrame        # id, code, name, held_on, note, by, at (not undone)
    goals: list[Goal]
    history: pd.DataFrame         # every record (regie_changes), newest first
    leads: list[str]              # every lead of the plan, for the filter

    @property
    def shown_years(self) -> list[int]:
        return self.years if self.year == ALL else [int(self.year)]

    @property
    def citation(self) -> str:
        """The plan as a source: producer, title and date."""
        return f"{self.producer}, '{self.title}' ({self.date})"


def plan_years(plan: pd.DataFrame) -> list[int]:
    info = dict(zip(plan["key"], plan["value"]))
    return list(range(int(info["first_year"]), int(info["last_year"]) + 1))


def followed(actions: pd.DataFrame, years: list[int]) -> pd.DataFrame:
    """Each action's years to follow: its work years, or the plan's years
    when the plan names none (`years_named` False: the page says so)."""
    named = [isinstance(w, (list, tuple, np.ndarray)) for w in actions["work_years"]]
    return actions.assign(years_named=named, followed=[list(map(int, w)) if n else list(years)
                                                       for w, n in zip(actions["work_years"], named)])


def filter_actions(actions: pd.DataFrame, objective: str, lead: str, year: int | str) -> pd.DataFrame:
    """The actions of an objective, carried by a lead, followed in a year
    (ALL: any). An action shown keeps its parent sections visible."""
    keep = pd.Series(True, index=actions.index)
    if objective != ALL:
        keep &= actions["objective"] == objective
    if lead != ALL:
        keep &= actions["leads"].map(lambda leads: lead in list(leads))
    if year != ALL:
        keep &= actions["followed"].map(lambda years: int(year) in years)
    numbers = set(actions.loc[keep, "number"])
    parents = {p for n in numbers for p in actions["number"] if n.startswith(p + ".")}
    return actions[actions["number"].isin(numbers | parents)].reset_index(drop=True)


def _active(changes: pd.DataFrame, kind: str) -> pd.DataFrame:
    return changes[(changes["kind"] == kind) & changes["undone_at"].isna()]


def statuses(actions: pd.DataFrame, changes: pd.DataFrame, years: list[int], default: str) -> pd.DataFrame:
    """Per action and year it is followed in (of `years`): the latest status
    recorded and not undone, else `default` with `recorded` False."""
    grid = pd.DataFrame([(n, y) for n, f in zip(actions["number"], actions["followed"]) for y in f if y in years],
                        columns=["number", "year"])
    latest = (_active(changes, "status").sort_values("id").groupby(["action", "year"]).tail(1)
              .rename(columns={"action": "number", "recorded_by": "by", "recorded_at": "at"}))
    out = grid.merge(latest[["number", "year", "status", "note", "by", "at"]], on=["number", "year"], how="left")
    out["recorded"] = out["status"].notna()
    out["status"] = out["status"].fillna(default)
    return out[["number", "year", "status", "recorded", "note", "by", "at"]]


def latest_notes(changes: pd.DataFrame) -> pd.DataFrame:
    """Per action its latest status record with a note (not undone)."""
    notes = _active(changes, "status")
    notes = notes[notes["note"].notna()].sort_values("id").groupby("action").tail(1)
    return notes.rename(columns={"action": "number", "recorded_by": "by", "recorded_at": "at"})[
        ["number", "note", "year", "by", "at"]].reset_index(drop=True)


def held_text(held: int, minimum) -> str:
    """`3 van minstens 4`; without an agreed number `3 (geen minimum afgesproken)`."""
    if pd.isna(minimum):
        return f"{held} (geen minimum afgesproken)"
    return f"{held} van minstens {int(minimum)}"


def cadence(consultations: pd.DataFrame, changes: pd.DataFrame, years: list[int]) -> tuple[pd.DataFrame,
                                                                                             pd.DataFrame]:
    """Meetings held per consultation and year against the agreed minimum,
    and the meetings themselves (newest first)."""
    meetings = _active(changes, "overleg").rename(columns={"consultation": "code", "recorded_by": "by",
                                                           "recorded_at": "at"})
    meetings = meetings.merge(consultations[["code", "name"]], on="code")
    meetings = meetings.assign(held_on=pd.to_datetime(meetings["held_on"]).dt.date).sort_values(
        ["held_on", "id"], ascending=False)[["id", "code", "name", "held_on", "note", "by", "at"]]
    counts = meetings.assign(year=[d.year for d in meetings["held_on"]]).groupby(["code", "year"]).size()
    rows = []
    for c in consultations.itertuples():
        for year in years:
            held = int(counts.get((c.code, year), 0))
            rows.append({"code": c.code, "name": c.name, "year": year, "held": held,
                         "minimum": c.minimum_per_year, "text": held_text(held, c.minimum_per_year),
                         "met": None if pd.isna(c.minimum_per_year) else held >= int(c.minimum_per_year)})
    return pd.DataFrame(rows), meetings.reset_index(drop=True)


def method(unit: str | None, per: str | None) -> str:
    if isinstance(per, str):
        return RATIO
    return MEDIAN if isinstance(unit, str) and unit.startswith(RATE_UNITS) else SUM


def area_series(values: pd.DataFrame, codes: list[str], entry, how: str) -> pd.DataFrame:
    """Per year one figure of the area `codes` for one linked indicator
    (`regie_goals` row), with `covered` (municipalities in it), `hidden`,
    `present` (municipalities with the year: a value or a hidden one) and
    `expected` (those with the series in any year)."""
    rows = values[values["nis"].isin(codes)]

    def pick(indicator, group) -> pd.DataFrame:
        part = rows[(rows["indicator"] == indicator) & (rows["target_group"] == group)]
        return part.set_index(["nis", "year"])[["value", "hidden"]]

    num = pick(entry.indicator, entry.target_group)
    if how == RATIO:
        den = pick(entry.per_indicator, entry.per_target_group)
        both = num.join(den, lsuffix="", rsuffix="_per", how="inner")
        both["ok"] = both["value"].notna() & both["value_per"].notna() & (both["value_per"] > 0)
        both["hide"] = both["hidden"] | both["hidden_per"]
    else:
        both = num.assign(ok=num["value"].notna(), hide=num["hidden"])
    both = both.reset_index().assign(used=lambda b: b["value"].where(b["ok"]))
    per_year = both.groupby("year").agg(covered=("ok", "sum"), hidden=("hide", "sum"), present=("nis", "nunique"),
                                        num=("used", "sum"), median=("used", "median"))
    if how == RATIO:
        den_sum = both[both["ok"]].groupby("year")["value_per"].sum()
        value = per_year["num"] / den_sum.reindex(per_year.index) * entry.per_scale
    else:
        value = per_year["median"] if how == MEDIAN else per_year["num"]
    out = pd.DataFrame({"year": per_year.index.astype(int), "value": value.where(per_year["covered"] > 0).to_numpy(),
                        "covered": per_year["covered"].astype(int).to_numpy(),
                        "hidden": per_year["hidden"].astype(int).to_numpy(),
                        "present": per_year["present"].astype(int).to_numpy()})
    return out.assign(expected=both["nis"].nunique(), municipalities=len(codes))


def goal_figures(entries: pd.DataFrame, values: pd.DataFrame, areas: dict[str, list[str]],
                 labels: dict[str, str]) -> pd.DataFrame:
    """One row per linked indicator of a goal: its label, unit and decimals,
    the method, the latest year complete in every area, each area's value
    in that year (column per area label), its series over the complete years
    (`<area> trend`), and a coverage note. `labels`: target group -> words."""
    rows = []
    for e in entries.itertuples():
        how = method(e.unit, e.per_indicator)
        series = {label: area_series(values, codes, e, how) for label, codes in areas.items()}
        complete = None
        for s in series.values():
            years = set(s.loc[s["present"] >= s["expected"], "year"])
            complete = years if complete is None else complete & years
        years = sorted(complete or [])
        year = years[-1] if years else None
        group = "" if e.target_group == ALL_GROUPS else f" – {labels.get(e.target_group, e.target_group)}"
        ratio = how == RATIO
        row = {"indicator": e.indicator, "label": e.indicator_title if isinstance(e.indicator_title, str) else f"{e.label}{group}",
               "unit": e.per_unit if ratio else e.unit, "decimals": int(e.per_decimals if ratio else e.decimals),
               "method": METHODS[how], "year": year}
        notes = []
        for label, s in series.items():
            at = s[s["year"] == year]
            row[label] = float(at["value"].iat[0]) if len(at) and pd.notna(at["value"].iat[0]) else None
            row[f"{label} trend"] = s.set_index("year").loc[years, "value"].tolist() if years else []
            if len(at) and at["covered"].iat[0] < at["municipalities"].iat[0]:
                notes.append(f"{label}: {int(at['covered'].iat[0])} van {int(at['municipalities'].iat[0])} gemeenten"
                             + (f" ({int(at['hidden'].iat[0])} verborgen)" if at["hidden"].iat[0] else ""))
        row["first_year"] = years[0] if years else None
        row["note"] = "; ".join(notes)
        rows.append(row)
    return pd.DataFrame(rows)


def goals(rows: pd.DataFrame, values: pd.DataFrame, areas: dict[str, list[str]], labels: dict[str, str]
          ) -> list[Goal]:
    """`rows`: `regie_goals` (one row per linked indicator, indicator NULL
    for a goal without); an indicator the store does not know is left out."""
    out = []
    for code, part in rows.groupby("code", sort=False):
        linked = part[part["indicator"].notna() & part["label"].notna()]
        first = part.iloc[0]
        out.append(Goal(int(first["number"]), code, first["title"], list(first["actions"]),
                        goal_figures(linked, values, areas, labels) if len(linked) else pd.DataFrame(),
                        list(dict.fromkeys([*linked["indicator"], *linked["per_indicator"].dropna()]))))
    return sorted(out, key=lambda g: g.number)


def since_previous(meetings: pd.DataFrame, changes: pd.DataFrame, meeting_id: int
                   ) -> tuple[dict, object, pd.DataFrame]:
    """For a meeting (`RegieModel.meetings` row id): the meeting, the date
    of the previous meeting of the same consultation (None: the first), and
    the status records (not undone) made after that date up to the
    meeting's day: what changed since the consultation last met."""
    meeting = meetings.set_index("id").loc[meeting_id]
    earlier = meetings[(meetings["code"] == meeting["code"]) & (meetings["held_on"] < meeting["held_on"])]
    previous = earlier["held_on"].max() if len(earlier) else None
    status = _active(changes, "status")
    day = pd.to_datetime(status["recorded_at"]).dt.date
    keep = (day <= meeting["held_on"]) & ((day > previous) if previous is not None else True)
    return meeting.to_dict() | {"id": meeting_id}, previous, status[keep].sort_values("id").reset_index(drop=True)
