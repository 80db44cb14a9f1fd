"""Population per municipality on 1 January, 1997-2016 (Statbel figures)."""
from __future__ import annotations

from pathlib import Path

import pandas as pd

from loaders.indicator_frame import indicator_frame
from loaders.meta import load_meta
from loaders.tabular import check_nis, check_unique, drop_empty, read_csv, to_number

META = load_meta(__file__)


def read(data_dir: Path, known_nis: set[str]) -> pd.DataFrame:
    path = data_dir / META["file"]
    df = drop_empty(read_csv(path, sep=";", encoding="utf-8", columns=META["columns_in"]), "nis")
    check_nis(df, path, "nis", known_nis)
    df["jaar"] = to_number(df, path, "jaar", integer=True, **META["valid"]["jaar"])
    df["inwoners"] = to_number(df, path, "inwoners", integer=True, **META["valid"]["inwoners"])
    check_unique(df, path, ["nis", "jaar"])
    return indicator_frame(df["nis"], df["jaar"], df["inwoners"], META)
