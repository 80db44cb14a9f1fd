"""The Regie page's model built once for the app: the goals' figures
(once per data version) and, per filter choice, the model with what the
page shows of it (action tables, the consultations' table, the exports and
the charts), handed out `ui.data.keyed` (the charts as new Figures from
their kept dicts): a session may change what it got."""
from __future__ import annotations

from typing import NamedTuple

import pandas as pd
import plotly.graph_objects as go

from analysis import regie as ar
from charts import regie as charts
from page_models import regie as ur
from ui import data

AREA = ur.REGIONS[ur.REGION]["label"]
# The status changes since the previous meeting a slide holds at 1280x720, under the meeting's choice and heading
# (a change's note takes a second line); a longer list goes over more slides (`presentation.Rows`).
PACK_CHANGES = 5


class Collected(NamedTuple):
    """What the page shows for one filter choice. A rerun that leaves the
    choice alone (the sidebar, a slide, a click) only lays it out: building
    the tables and exports again cost about a fifth of the page's run."""
    model: ar.RegieModel
    action_tables: dict[str, pd.DataFrame]   # per objective code, as shown
    figures: dict                            # "status", "cadence"
    cadence: pd.DataFrame                    # the consultations against their cadence, as shown
    exports: dict[str, pd.DataFrame]         # CSV/XLSX: "acties" (empty: none shown), "overleg", "doelstellingen"


def goals() -> tuple[list[ar.Goal], dict[str, pd.DataFrame]]:
    """The goals' figures and tables once per data version: no filter
    changes them (`ui.data.keyed`: each session gets its own copy)."""
    return data.keyed(("regie doelen",), _goals)


def _goals() -> tuple[list[ar.Goal], dict[str, pd.DataFrame]]:
    found = ur.goals(data.run)
    return found, {g.code: ur.goal_table(g, AREA) for g in found if not g.figures.empty}


def collected(objective: str, lead: str, year: str) -> Collected:
    """What the page shows, once per filter choice and data version (a
    record saved publishes a new version)."""
    found = data.keyed(("regie", objective, lead, year), _collected, objective, lead, year)
    return found._replace(figures={name: go.Figure(spec, _validate=False) for name, spec in found.figures.items()})


def _collected(objective: str, lead: str, year: str) -> Collected:
    found = ur.collect(data.run, objective, lead, year if year == ar.ALL else int(year), goal_list=goals()[0])
    tables = {o: ur.actions_table(found, o) for o in found.objectives["code"]}
    cadence = ur.cadence_table(found)
    # The goals' export: the same for every choice, built once per data version.
    goal_export = data.keyed(("regie doelen export",), ur.goal_export, found.goals, AREA, found.citation,
                             data.metas())
    return Collected(found, tables, {"status": charts.statuses(found.status, ur.STATUS_LABELS).to_dict(),
                                     "cadence": charts.cadence(found.cadence).to_dict()}, cadence,
                     {"acties": ur.actions_export(found, tables),
                      "overleg": ur.with_plan_source(cadence, found.citation), "doelstellingen": goal_export})
