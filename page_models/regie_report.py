"""The ROSE meeting pack as one printable HTML file (A4 when printed): the
status changes since the previous meeting of the consultation, the region's
headline figures, the actions with their status, the meetings against the
agreed cadence, the goals' figures, the partnerships' budgets and the
trajectories' results, the same tables and charts the Regie page shows, with the snapshot
id and the date it was made. Built like the Gemeentefiche report
(`page_models.report`: its stylesheet and table markup; charts as inline SVG from
`charts.svg`); no script, no link to fetch."""
from __future__ import annotations

from datetime import date

import pandas as pd

from analysis import regie as ar
from charts import svg
from common import format as fmt
from page_models import report
from page_models.regie import Pack, PackSection

TREND = "Trend"


def section(part: PackSection) -> str:
    """One of the pack's figure sections: title, lead, table and source lines."""
    e = report._e
    return (f"<h2>{e(part.title)}</h2><p>{e(part.lead)}</p>{report._table(part.table)}"
            + "".join(f"<p class='source'>{e(report.readable(line))}</p>" for line in part.sources))


def render(model: ar.RegieModel, actions: dict[str, pd.DataFrame], goal_tables: dict[str, pd.DataFrame],
           figures: dict, version: str, made: date, meeting: dict | None = None,
           changed: pd.DataFrame | None = None, pack: Pack | None = None,
           renderer: svg.Renderer | None = None) -> str:
    """`actions`, `goal_tables`, `figures`: what the page shows (its cached
    tables and charts); `meeting`, `changed`: the chosen meeting and the
    status changes since the previous one (`page_models.regie.history_table`
    rows); `pack`: the region's figures, budgets and trajectories
    (`page_models.regie.pack`), in the slides' order."""
    renderer = renderer or svg.RENDERER
    e = report._e
    title = (f"Vergaderpakket {meeting['name']}, {fmt.day(meeting['held_on'])}" if meeting
             else "Regie: actieplan W13 2023-2025")
    body = [f"<h1>{e(title)}</h1>",
            f"<p class='sub'>{e(model.title)} · {e(version)} · gemaakt op {fmt.day(made)}</p>"]
    charts = {}
    try:
        charts = {key: renderer.svg(fig) for key, fig in figures.items()}
    except Exception:  # noqa: BLE001 - no browser, a crash or a time-out: the pack goes out without charts
        body.append(f"<p class='note'>{e(report.NO_CHARTS)}</p>")
    if changed is not None:
        body.append("<h2>Statuswijzigingen sinds de vorige vergadering</h2>"
                    + (report._table(changed) if len(changed) else "<p>Geen statuswijzigingen in die periode.</p>"))
    if pack:
        body.append(section(pack.headline))
    body.append("<h2>Acties per doelstelling</h2>" + (f"<figure>{charts['status']}</figure>" if "status" in charts
                                                      else ""))
    for code, table in actions.items():
        objective = model.objectives.set_index("code").loc[code]
        body.append(f"<h3>{e(code)} · {e(objective['title'])}</h3>"
                    + (report._table(table[[c for c in table if c not in ("Partners", "Timing")]]) if len(table)
                       else "<p>Geen acties in het plan voor deze keuze.</p>"))
    body.append("<h2>Overleg: vergaderingen tegen de afgesproken frequentie</h2>"
                + (f"<figure>{charts['cadence']}</figure>" if "cadence" in charts else "")
                + report._table(model.cadence.pivot(index="name", columns="year", values="text")
                                .reindex(model.cadence["name"].drop_duplicates()).reset_index()
                                .rename(columns={"name": "Overleg"})))
    body.append("<h2>Doelstellingen van de samenwerkingsovereenkomst VDAB en lokale besturen</h2>")
    for goal in model.goals:
        body.append(f"<h3>{goal.number}. {e(goal.title)}</h3>")
        table = goal_tables.get(goal.code)
        body.append(report._table(table[[c for c in table if not c.startswith(TREND)]]) if table is not None
                    else f"<p>{e(ar.NO_INDICATOR.capitalize())}.</p>")
    if pack:
        body += [section(pack.budgets), section(pack.trajectories)]
    body.append(f"<footer>{e(model.producer)}, '{e(model.title)}' ({e(model.date)}) · {e(version)}"
                "</footer>")
    css = report.CSS.replace("FOOTER", report.css_string(f"{title} · {version}"))
    return (f"<!DOCTYPE html><html lang='nl'><head><meta charset='utf-8'><title>{e(title)}</title>"
            f"<style>{css}</style></head><body>{''.join(body)}</body></html>")
