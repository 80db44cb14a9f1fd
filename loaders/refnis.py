"""Statbel's REFNIS code list: every municipality code ever valid, with its
parent (arrondissement, province, region). Used to validate codes in the
statistics and to place old (pre-2019 merger) codes in their region."""
from __future__ import annotations

from pathlib import Path

import pandas as pd

from loaders.errors import SourceError
from loaders.meta import load_meta
from loaders.tabular import check_nis, check_unique, drop_empty, read_csv, to_number

META = load_meta(__file__)
LEVEL_MUNICIPALITY = 4


def read(data_dir: Path) -> pd.DataFrame:
    """One row per REFNIS code and validity period: nis, level, parent, name_nl,
    valid_from, valid_to."""
    path = data_dir / META["file"]
    df = drop_empty(read_csv(path, sep=";", encoding="cp1252", columns=META["columns_in"]), "CD_REFNIS")
    df["level"] = to_number(df, path, "LVL_REFNIS", integer=True, low=1, high=4)
    check_nis(df, path, "CD_REFNIS")
    # A code can have several validity periods (e.g. an arrondissement that
    # moved to a new province in 1995): unique per code and start date.
    check_unique(df, path, ["CD_REFNIS", "DT_VLDT_START"])
    for col in ("DT_VLDT_START", "DT_VLDT_END"):
        parsed = pd.to_datetime(df[col], format="%d/%m/%Y", errors="coerce")
        if parsed.isna().any():
            i = parsed.isna().idxmax()
            raise SourceError(path, f"'{df.at[i, col]}' is geen datum dd/mm/jjjj", int(df.at[i, "row"]), col)
    out = pd.DataFrame({
        "nis": df["CD_REFNIS"],
        "level": df["level"],
        "parent": df["CD_SUP_REFNIS"].where(df["CD_SUP_REFNIS"] != "-"),
        "name_nl": df["TX_REFNIS_NL"],
        "valid_from": pd.to_datetime(df["DT_VLDT_START"], format="%d/%m/%Y").dt.date,
        # 31/12/9999 means "still valid"; kept as text-free NULL.
        "valid_to": pd.to_datetime(df["DT_VLDT_END"], format="%d/%m/%Y").dt.date.where(df["DT_VLDT_END"] != "31/12/9999"),
    })
    return out.sort_values(["nis", "valid_from"], ignore_index=True)


def latest(refnis: pd.DataFrame) -> pd.DataFrame:
    """The last validity period of each code, indexed by code."""
    return refnis.drop_duplicates("nis", keep="last").set_index("nis")


def municipality_codes(refnis: pd.DataFrame) -> set[str]:
    return set(refnis.loc[refnis["level"] == LEVEL_MUNICIPALITY, "nis"])


def aggregate_codes(refnis: pd.DataFrame) -> set[str]:
    """Regions, provinces and arrondissements."""
    return set(refnis.loc[refnis["level"] < LEVEL_MUNICIPALITY, "nis"])


HIERARCHY_COLUMNS = ["arr_nis", "arr_nl", "prov_nis", "prov_nl", "reg_nis", "reg_nl"]
_LEVEL_PREFIX = {3: "arr", 2: "prov", 1: "reg"}


def hierarchy(refnis: pd.DataFrame) -> pd.DataFrame:
    """Arrondissement, province and region (code and Dutch name) of every
    municipality code, following the parent chain of the last validity
    period. Brussels has no province: those columns stay empty."""
    codes = latest(refnis)
    rows = {}
    for nis in codes.index[codes["level"] == LEVEL_MUNICIPALITY]:
        row = dict.fromkeys(HIERARCHY_COLUMNS, "")
        parent = codes.at[nis, "parent"]
        while isinstance(parent, str) and parent in codes.index:
            prefix = _LEVEL_PREFIX.get(int(codes.at[parent, "level"]))
            if prefix:
                row[f"{prefix}_nis"], row[f"{prefix}_nl"] = parent, codes.at[parent, "name_nl"]
            parent = codes.at[parent, "parent"]
        rows[nis] = row
    return pd.DataFrame.from_dict(rows, orient="index", columns=HIERARCHY_COLUMNS)
