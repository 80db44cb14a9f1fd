"""The 2025 municipality map of provincies.incijfers.be: names -> NIS codes,
the 2024 -> 2025 merger crosswalk and the streekwerking regions.

The portal's exports name municipalities only (no code); this list holds the
names exactly as they spell them, so every export joins on it. A name that is
not on the list refuses the file, with the nearest known name as a hint.
"""
from __future__ import annotations

import difflib
import warnings
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pandas as pd

from loaders.errors import SourceError
from loaders.meta import load_meta

META = load_meta(__file__)


@dataclass(frozen=True)
class Places:
    """The 2025 list: `codes` by name (full and short name), the residual
    names (left out of every export on purpose), Flemish and Brussels codes."""
    codes: dict[str, str]
    residual: frozenset[str]
    flemish: frozenset[str]
    brussels: frozenset[str]

    def nearest(self, name: str) -> str | None:
        match = difflib.get_close_matches(name, list(self.codes), n=1, cutoff=0.5)
        return match[0] if match else None

    def resolve(self, names: pd.Series, rows: pd.Series, path: Path, column: str) -> pd.Series:
        """NIS code per name; None for a residual row. An unknown name raises
        a `SourceError` with its row and the nearest known name."""
        for row, name in zip(rows, names):
            if name not in self.codes and name not in self.residual:
                hint = self.nearest(name)
                raise SourceError(path, f"gemeente '{name}' staat niet in de gebiedsindeling 2025"
                                  + (f"; bedoelt u '{hint}'?" if hint else ""), row, column)
        return names.map(self.codes)


def _read_xlsx(data_dir: Path, key: str) -> pd.DataFrame:
    path = data_dir / META["files"][key]
    if not path.exists():
        raise SourceError(path, f"bestand niet gevonden (map: {path.parent})")
    expected = list(META["columns"][key].values())
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # openpyxl: "Workbook contains no default style"
        df = pd.read_excel(path, dtype=str).fillna("")
    missing = [c for c in expected if c not in df.columns]
    if missing:
        raise SourceError(path, f"kolom(men) ontbreken: {', '.join(missing)}", row=1)
    return df.apply(lambda s: s.str.strip())


@cache
def places(data_dir: Path) -> Places:
    cols = META["columns"]["municipalities"]
    df = _read_xlsx(data_dir, "municipalities")
    residual = df[cols["code"]].str.startswith(META["residual_prefix"])
    real = df[~residual]
    codes = dict(zip(real[cols["name"]], real[cols["code"]])) | dict(zip(real[cols["short"]], real[cols["code"]]))
    brussels = real[cols["code"]].str.startswith(META["brussels_prefix"])
    return Places(codes=codes,
                  residual=frozenset(df.loc[residual, cols["name"]]) | frozenset(df.loc[residual, cols["short"]]),
                  flemish=frozenset(real.loc[~brussels, cols["code"]]),
                  brussels=frozenset(real.loc[brussels, cols["code"]]))


def crosswalk(data_dir: Path) -> pd.DataFrame:
    """`nis_2024` -> `nis_2025` for every Flemish municipality of 2024
    (unchanged codes map to themselves); residual codes left out."""
    cols = META["columns"]["crosswalk"]
    df = _read_xlsx(data_dir, "crosswalk")
    df = df[~df[cols["old"]].str.startswith(META["residual_prefix"])]
    return df.rename(columns={cols["old"]: "nis_2024", cols["new"]: "nis_2025"})[["nis_2024", "nis_2025"]]


def streekwerking(data_dir: Path) -> pd.DataFrame:
    """`nis` -> `streekwerking` code (`sw26`) for the 2025 municipalities."""
    return _membership(data_dir, "streekwerking", "region", "streekwerking")


def arrondissement(data_dir: Path) -> pd.DataFrame:
    """`nis` -> `arr_nis` for the 2025 municipalities."""
    return _membership(data_dir, "arrondissement", "arrondissement", "arr_nis")


def _membership(data_dir: Path, key: str, column: str, name: str) -> pd.DataFrame:
    cols = META["columns"][key]
    df = _read_xlsx(data_dir, key)
    df = df[~df[cols["municipality"]].str.startswith(META["residual_prefix"])]
    return df.rename(columns={cols["municipality"]: "nis", cols[column]: name})[["nis", name]]
