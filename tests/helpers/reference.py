"""The reference files read directly, independently of the loaders."""
from __future__ import annotations

import warnings

import openpyxl

from loaders.config import data_dir


def vdab_file_rate(name: str, year: int) -> float:
    """VDAB's jobseeker rate of a municipality in its own file (a fraction
    in the export, a percentage in the fiche): the block's title sits above
    its last year's column, the years in row 3."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")   # "Workbook contains no default style"
        sheet = openpyxl.load_workbook(data_dir() / "vdab/unemployment_jobseekers_data.xlsx").active
    rows = list(sheet.iter_rows(values_only=True))
    last = rows[1].index("werkzoekendengraad (jaargemiddelde) [%]")
    column = last - (int(rows[2][last]) - year)
    return 100 * next(r[column] for r in rows if r[0] == name)
