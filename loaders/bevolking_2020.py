"""Population on 1 January 2020 by sex (Statbel open data).

The file mixes aggregate rows (Belgium, regions, provinces, arrondissements)
with municipalities. Aggregates are dropped: codes ending in 000 (01000
Belgium, which REFNIS lacks; 34000 arrondissement Kortrijk) and codes REFNIS
lists above municipality level (20001 Provincie Vlaams-Brabant). Any other
code must be a known municipality, so a mistyped code is refused rather than
silently left out with the aggregates."""
from __future__ import annotations

from pathlib import Path

import pandas as pd

from loaders.errors import SourceError
from loaders.indicator_frame import indicator_frame
from loaders.meta import load_meta
from loaders.tabular import check_nis, check_unique, drop_empty, read_csv, to_number

META = load_meta(__file__)
AGGREGATE_SUFFIX = "000"


def read(data_dir: Path, municipality_nis: set[str], aggregate_nis: set[str]) -> pd.DataFrame:
    path = data_dir / META["file"]
    # utf-8-sig strips the byte order mark, which would otherwise stick to
    # the first column name ('\ufeffNIS code').
    df = drop_empty(read_csv(path, sep=",", encoding="utf-8-sig", columns=META["columns_in"]), "NIS code")
    check_nis(df, path, "NIS code")
    aggregate = df["NIS code"].str.endswith(AGGREGATE_SUFFIX) | df["NIS code"].isin(aggregate_nis)
    df = df[~aggregate].copy()
    check_nis(df, path, "NIS code", municipality_nis)
    for col in ("Mannen", "Vrouwen", "Totaal"):
        df[col] = to_number(df, path, col, integer=True, low=0, high=10_000_000)
    check_unique(df, path, ["NIS code"])
    bad = df["Mannen"] + df["Vrouwen"] != df["Totaal"]
    if bad.any():
        i = bad.idxmax()
        raise SourceError(path, "mannen + vrouwen is niet gelijk aan totaal", int(df.at[i, "row"]), "Totaal")
    period = pd.Series(str(META["year"]), index=df.index)
    return indicator_frame(df["NIS code"], period, df["Totaal"], META)
