"""The Regie page's model built once for the app: the goals' figures
(once per data version) and the model of a filter choice with its action
tables and charts, handed out `ui.data.keyed` (the charts as new Figures
from their kept dicts): a session may change what it got."""
from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from analysis import regie as ar
from charts import regie as charts
from page_models import regie as ur
from ui import data

AREA = ur.REGIONS[ur.REGION]["label"]


def goals() -> tuple[list[ar.Goal], dict[str, pd.DataFrame]]:
    """The goals' figures and tables once per data version: no filter
    changes them (`ui.data.keyed`: each session gets its own copy)."""
    return data.keyed(("regie doelen",), _goals)


def _goals() -> tuple[list[ar.Goal], dict[str, pd.DataFrame]]:
    found = ur.goals(data.run)
    return found, {g.code: ur.goal_table(g, AREA) for g in found if not g.figures.empty}


def collected(objective: str, lead: str, year: str) -> tuple[ar.RegieModel, dict[str, pd.DataFrame], dict]:
    """The page's model, its action tables per objective and its charts,
    once per filter choice and data version (a record saved publishes a new
    version), handed out `ui.data.keyed` (the charts as new Figures from
    their kept dicts): a session may change what it got."""
    found, tables, specs = data.keyed(("regie", objective, lead, year), _collected, objective, lead, year)
    return found, tables, {name: go.Figure(spec, _validate=False) for name, spec in specs.items()}


def _collected(objective: str, lead: str, year: str) -> tuple[ar.RegieModel, dict[str, pd.DataFrame], dict]:
    found = ur.collect(data.run, objective, lead, year if year == ar.ALL else int(year), goal_list=goals()[0])
    tables = {o: ur.actions_table(found, o) for o in found.objectives["code"]}
    return found, tables, {"status": charts.statuses(found.status, ur.STATUS_LABELS).to_dict(),
                           "cadence": charts.cadence(found.cadence).to_dict()}
