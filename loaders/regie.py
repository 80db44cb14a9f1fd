"""The W13 action plan 2023-2025 (loaders/actieplan/w13_2023_2025.yml)
into the store, for the Regie page: objectives, actions, consultations with
their agreed cadence, and the goals of the VDAB agreement with the
indicators that measure them (tables in queries/sql/build/regie.sql).

The plan file is the plan as agreed and is never written to; what happens
to it (an action's status per work year, the meetings held) is recorded in
`regie_changes` by `backoffice.regie_progress`, which survives a rebuild.
"""
from __future__ import annotations

from pathlib import Path

import duckdb
import pandas as pd
import yaml

from loaders.errors import SourceError
from loaders.meta import load_meta
from loaders.store import insert_frame
from queries import run_statement

META = load_meta(__file__)
# The plans live in a folder beside this module, so the build's fingerprint
# covers them (`loaders.build_inputs`: files and folders named by `with_name`).
PLAN_FILE = Path(__file__).with_name("actieplan") / META["plan_file"]
STATUSES: dict[str, dict] = META["statuses"]
DEFAULT_STATUS = next(iter(STATUSES))
GOAL_INDICATOR_COLUMNS = ["goal", "sort", "indicator", "target_group", "title", "per_indicator", "per_target_group",
                          "per_scale", "per_unit", "per_decimals"]


def read_plan(path: Path = PLAN_FILE) -> dict:
    """The plan file, checked for what the tables need: known objectives,
    unique action numbers, consultations and goals pointing at actions that
    exist, known lead codes. Raises `SourceError` (Dutch) otherwise."""
    try:
        plan = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise SourceError(path, f"actieplan niet leesbaar: {exc}") from exc
    objectives = {o["code"] for o in plan["objectives"]}
    numbers = [a["number"] for a in plan["actions"]]
    problems = [f"actie {n} staat er meer dan eens" for n in sorted({n for n in numbers if numbers.count(n) > 1})]
    problems += [f"actie {a['number']}: onbekende doelstelling '{a['objective']}'"
                 for a in plan["actions"] if a["objective"] not in objectives]
    problems += [f"actie {a['number']}: onbekende trekker '{code}'"
                 for a in plan["actions"] for code in a.get("leads", []) if code not in plan["leads"]]
    linked = [(f"overleg {c['code']}", c.get("action")) for c in plan["consultations"]]
    linked += [(f"doelstelling {g['code']}", n) for g in plan["goals"] for n in g["actions"]]
    problems += [f"{what}: onbekende actie '{n}'" for what, n in linked if n is not None and n not in numbers]
    if problems:
        raise SourceError(path, "; ".join(problems))
    return plan


def role(lead: str | None) -> str | None:
    """W13's part from the plan's words ('... als trekker'), else None."""
    return next((r for r, words in META["roles"].items() if lead and words in lead), None)


def parent(number: str, numbers: set[str]) -> str | None:
    """The numbered action a (sub-)action belongs to: '1.1.1.a' -> '1.1.1',
    '1.1.1' -> '1.1' (when the plan has it)."""
    head = number.rsplit(".", 1)[0] if "." in number else None
    return head if head in numbers else None


def frames(plan: dict) -> dict[str, pd.DataFrame]:
    """The plan as the rows of each table."""
    numbers = {a["number"] for a in plan["actions"]}
    first, last = plan["source"]["first_year"], plan["source"]["last_year"]
    info = plan["source"] | {"first_year": str(first), "last_year": str(last)}
    actions = pd.DataFrame([{
        "number": a["number"], "objective": a["objective"], "parent": parent(a["number"], numbers),
        "title": a["title"], "lead": a.get("lead"), "role": role(a.get("lead")),
        "leads": [plan["leads"][code] for code in a.get("leads", [])], "partners": a.get("partners"),
        "timing": a.get("timing"), "years_text": a.get("years_text"), "work_years": a.get("work_years"),
        "sort": k} for k, a in enumerate(plan["actions"])])
    objective_of = dict(zip(actions["number"], actions["objective"]))
    return {
        "regie_plan": pd.DataFrame({"key": list(info), "value": [str(v) for v in info.values()]}),
        "regie_objectives": pd.DataFrame([{"code": o["code"], "number": o["number"], "title": o["title"],
                                           "partners": o.get("partners"), "sort": k}
                                          for k, o in enumerate(plan["objectives"])]),
        "regie_actions": actions,
        "regie_consultations": pd.DataFrame([{
            "code": c["code"], "name": c["name"], "action": c.get("action"),
            "objective": c.get("objective") or objective_of[c["action"]], "cadence": c["cadence"],
            "minimum_per_year": c["minimum_per_year"], "sort": k} for k, c in enumerate(plan["consultations"])]),
        "regie_goals": pd.DataFrame([{"code": g["code"], "number": g["number"], "title": g["title"],
                                      "actions": g["actions"]} for g in plan["goals"]]),
        "regie_goal_indicators": pd.DataFrame([
            {"goal": g["code"], "sort": k, "indicator": i["indicator"], "target_group": i["target_group"],
             "title": i.get("title")} | {f"per_{key}": value for key, value in i.get("per", {}).items()}
            for g in plan["goals"] for k, i in enumerate(g["indicators"])], columns=GOAL_INDICATOR_COLUMNS),
    }


def load(con: duckdb.DuckDBPyConnection) -> None:
    """Build step: the plan's tables, and an empty progress table (the
    previous store's records are copied in afterwards)."""
    run_statement(con, "build/regie")
    for table, rows in frames(read_plan()).items():
        insert_frame(con, table, rows)


def years(plan_rows: pd.DataFrame) -> range:
    """The plan's years from its `regie_plan` rows."""
    info = dict(zip(plan_rows["key"], plan_rows["value"]))
    return range(int(info["first_year"]), int(info["last_year"]) + 1)

