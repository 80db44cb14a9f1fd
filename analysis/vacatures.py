"""Vacancies, jobseekers and tension for the Vacatures page (rows of the
`vacatures_maand` query in, tables out)."""
from __future__ import annotations

import pandas as pd


def tension(vacancies: pd.Series, jobseekers: pd.Series) -> pd.Series:
    """Open vacancies per jobseeker; undefined (NaN) without jobseekers."""
    return vacancies / jobseekers.where(jobseekers > 0)


def area_series(rows: pd.DataFrame, areas: dict[str, list[str]]) -> pd.DataFrame:
    """Monthly totals per named area (label -> municipality codes): columns
    area, period, vacatures, werkzoekenden, spanning."""
    parts = []
    for label, codes in areas.items():
        part = rows[rows["nis"].isin(codes)].groupby("period", as_index=False)[["vacatures", "werkzoekenden"]].sum()
        parts.append(part.assign(area=label))
    out = pd.concat(parts, ignore_index=True)
    out["spanning"] = tension(out["vacatures"], out["werkzoekenden"])
    return out[["area", "period", "vacatures", "werkzoekenden", "spanning"]]


def month(rows: pd.DataFrame, period: str) -> pd.DataFrame:
    """One month per municipality, with its tension."""
    out = rows[rows["period"] == period].copy()
    out["spanning"] = tension(out["vacatures"], out["werkzoekenden"])
    return out


def largest(rows: pd.DataFrame, period: str, n: int) -> list[str]:
    """Codes of the `n` municipalities with most vacancies in `period`."""
    return month(rows, period).nlargest(n, "vacatures")["nis"].tolist()
