"""Population by origin and by nationality per municipality, 2000-2025, and
the population total for the years the Statbel CSV files lack (to 2025).

The parquet files are a derived table (NetBeck22/education), so they only
fill gaps: where `bevolking` already has an official Statbel value for a
municipality and year, that value stays.
"""
from __future__ import annotations

from pathlib import Path

import pandas as pd
import pyarrow

from loaders import bevolking
from loaders.errors import SourceError
from loaders.indicator_frame import indicator_frame
from loaders.meta import load_meta
from loaders.tabular import NIS_PATTERN

META = load_meta(__file__)


def _read(data_dir: Path, key: str, columns: list[str]) -> pd.DataFrame:
    path = data_dir / META["files"][key]
    if not path.exists():
        raise SourceError(path, f"bestand niet gevonden (map: {path.parent})")
    wanted = [META["code_column"], META["year_column"]] + columns
    try:
        df = pd.read_parquet(path, columns=wanted)
    except (pyarrow.ArrowInvalid, KeyError, ValueError) as exc:
        raise SourceError(path, f"geen leesbaar parquet-bestand met kolommen {', '.join(wanted)}: {exc}") from exc
    codes = df[META["code_column"]].astype(str)
    bad = ~codes.str.match(NIS_PATTERN.pattern)
    if bad.any():
        raise SourceError(path, f"'{codes[bad].iloc[0]}' is geen NIS-code van 5 cijfers",
                          int(bad.idxmax()) + 1, META["code_column"])
    for column in columns:
        negative = df[column] < 0
        if negative.any() or df[column].isna().any():
            raise SourceError(path, "ontbrekend of negatief aantal", int((negative | df[column].isna()).idxmax()) + 1,
                              column)
    return df.assign(nis=codes, period=df[META["year_column"]].astype(str))


def meta(indicator: str) -> dict:
    block = META["indicators"][indicator]
    return block | {"indicator": indicator, "quality": "official", "title": META["title"],
                    "producer": META["producer"], "citation": META["citation"], "licence": META["licence"],
                    "accessed": META["accessed"], "source_short": META["source_short"]}


def read(data_dir: Path) -> dict[str, pd.DataFrame]:
    """Tidy rows per indicator (by origin, by nationality)."""
    out = {}
    for code, block in META["indicators"].items():
        df = _read(data_dir, block["file"], list(block["columns"]))
        long = df.melt(id_vars=["nis", "period"], value_vars=list(block["columns"]), var_name="column")
        out[code] = indicator_frame(long["nis"], long["period"], long["value"], meta(code),
                                    target_group=long["column"].map(block["columns"]))
    return out


def population_gaps(data_dir: Path, present: pd.DataFrame) -> pd.DataFrame:
    """`bevolking` rows for municipality-years absent from `present` (the
    rows the Statbel CSV files gave), with this file's provenance."""
    spec = META["population"]
    df = _read(data_dir, spec["file"], [spec["column"]])
    have = set(zip(present["nis"], present["period"]))
    df = df[[key not in have for key in zip(df["nis"], df["period"])]]
    own = bevolking.META | {"source_short": META["source_short"]}
    return indicator_frame(df["nis"], df["period"], df[spec["column"]], own)
