"""The words and numbers several layers share, defined once (see the
glossary in docs/architecture.md). Values are Dutch where users, URLs or the
store see them."""
from __future__ import annotations

TARGET = 80.0              # the employment-rate target (%), Flanders' goal for 2030
FLANDERS = "Vlaanderen"    # Flanders as users see it: legends, table columns, area names
# `target_group` of a row that is no breakdown (everybody), as the store, the
# importer's files and the URL (?doelgroep=) hold it; the SQL says 'totaal'.
ALL_GROUPS = "totaal"
# A page filter's "no restriction" option (Regie's objective, lead and work
# year, Trajecten's programme and start year), as the URL holds it. Not a
# target group: the target-group filter's "all" is ALL_GROUPS.
ALL = "alle"
