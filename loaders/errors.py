"""One error type for everything a loader refuses, with a Dutch message that
names the file, the row and the column, so a user can fix the source."""
from __future__ import annotations

from pathlib import Path


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
        self.message = message
        where = [] if file is None else [f"bestand '{self.file}'"]
        if row is not None:
            where.append(f"rij {row}")
        if column is not None:
            where.append(f"kolom '{column}'")
        super().__init__(f"{', '.join(where)}: {message}" if where else message)
