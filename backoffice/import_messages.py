"""What the importer says, in Dutch: its refusals (raised as `SourceError`)
and the outcome of an import. Beheer and the CLI show these texts; the
importer's transaction code (backoffice/importer.py) only picks one."""
from __future__ import annotations

from common import format as fmt

STORE_TOO_OLD = ("de databank is ouder dan de importfunctie; bouw ze opnieuw met: "
                 "python -m loaders build (eerdere imports blijven bewaard)")
NEEDS_INDICATOR = ("kies de indicator van dit bestand (bv. --indicator werkzaamheidsgraad); alleen een export "
                   "van provincies.incijfers.be noemt zelf zijn indicatoren")
NOTHING_TO_ROLL_BACK = "er is geen import om terug te draaien"


def unknown_indicator(indicator: str, known) -> str:
    return f"indicator '{indicator}' kan niet worden ingeladen; kies uit: {', '.join(known)}"


def refused(findings: int) -> str:
    return f"{findings} fout(en) in het bestand; er werd niets ingeladen"


def not_active(import_id: int) -> str:
    return f"import {import_id} bestaat niet of werd al teruggedraaid"


def stored(outcome) -> str:
    """`outcome`: an `importer.Outcome` that changed the data."""
    return (f"Import {outcome.import_id} opgeslagen: {fmt.number(outcome.added)} nieuw, "
            f"{fmt.number(outcome.replaced)} vervangen, {fmt.number(outcome.unchanged)} ongewijzigd.")


def nothing_changed(unchanged: int, same_file_as: int | None = None) -> str:
    same = f" (hetzelfde bestand als import {same_file_as})" if same_file_as else ""
    return f"Niets veranderd: alle {fmt.number(unchanged)} waarden staan al zo in de databank{same}."
