"""A ROSE meeting recorded as the Regie page records it, with status changes
before it (the meeting pack's first slides list them): for the pack's
browser walk and the README's screenshots."""
from __future__ import annotations

from datetime import date, datetime
from unittest import mock

from backoffice import importer, regie_progress
from loaders import regie
from ui.regie import PACK_CHANGES

PLAN = regie.read_plan()
CONSULTATION = PLAN["consultations"][0]
NOTE = "Wacht op de beslissing van de stuurgroep over de middelen."
# Status changes since the previous meeting: more than a slide of the pack holds, each with a note (a second line).
CHANGES = PACK_CHANGES + 2


def meeting_day() -> date:
    """1 March of the plan's last year, or today if that is earlier (a meeting is recorded once held)."""
    return min(date(PLAN["source"]["last_year"], 3, 1), date.today())


def record_meeting(note: str | None, user: str, changes: int = CHANGES) -> int:
    """On the store `REGIOMONITOR_DB` names: the first `changes` actions with
    work years "uitgesteld" in their first work year (with a note), recorded
    a month before the first consultation's meeting on `meeting_day()`, then
    that meeting; each published as the Regie page publishes it. The
    meeting's id. A record is dated by the clock when made
    (`regie_progress`), so the clock is set back for the status changes."""
    held_on = meeting_day()

    class Before(datetime):
        @classmethod
        def now(cls, tz=None):
            return datetime(held_on.year, 2, 1, 10, 0)

    with mock.patch.object(regie_progress, "datetime", Before):
        for action in [a for a in PLAN["actions"] if a.get("work_years")][:changes]:
            importer.publish(regie_progress.record_status, action["number"], action["work_years"][0], "uitgesteld",
                             NOTE, user)
    return importer.publish(regie_progress.record_meeting, CONSULTATION["code"], held_on, note, user)
