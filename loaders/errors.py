"""One error type for everything a loader refuses, with a Dutch message that
names the file, the row and the column, so a user can fix the source.

The message reaches visitors (the pages show it), so it never carries a
server path: an absolute path in it is cut to its last part (`/srv/data` ->
`data`); `detail` keeps the full text for the operator's log."""
from __future__ import annotations

import re
from pathlib import Path

# An absolute POSIX path: a slash that follows no word, dot, colon or slash
# (not a date like 08/2021, not a URL), then path parts up to a space, a
# quote or a bracket. Group 1 is its last part.
ABSOLUTE_PATH = re.compile(r"""(?<![\w.:/])/(?:[^\s'"()/]+/)*([^\s'"()/]+)/?""")


def without_paths(text: str) -> str:
    """`map niet gevonden: /srv/regiomonitor/data` -> `map niet gevonden: data`."""
    return ABSOLUTE_PATH.sub(r"\1", text)


class SourceError(Exception):
    """A source file cannot be used as it is.

    `row` is the 1-based line number in the file as a spreadsheet shows it
    (the header is row 1), so the user finds the row without counting.
    `file` is None for a request that concerns no file (an unknown
    indicator, nothing to roll back).
    """

    def __init__(self, file: str | Path | None, message: str, row: int | None = None,
                 column: str | None = None):
        self.file = None if file is None else Path(file).name
        self.row = row
        self.column = column
        self.detail = message
        self.message = without_paths(message)
        where = [] if file is None else [f"bestand '{self.file}'"]
        if row is not None:
            where.append(f"rij {row}")
        if column is not None:
            where.append(f"kolom '{column}'")
        super().__init__(f"{', '.join(where)}: {self.message}" if where else self.message)
