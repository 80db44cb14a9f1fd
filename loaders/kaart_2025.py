"""The municipalities of the 2025 map (the mergers of 1 January 2025) beside
the 2019 boundaries.

The VDAB and inburgering exports use the 285 Flemish municipalities of 2025;
the boundary file and the employment rate use the 2019 map. A merged
municipality is drawn from its 2019 parts, dissolved through the portal's
crosswalk (`gemeente2024_gemeente.xlsx`): the parts come from one simplified
coverage, so their shared borders have identical vertices and the union has
no slivers. Every municipality row says whether it is on the 2025 map
(`on_map_2025`) and, for a 2024 code, which 2025 municipality it became
(`nis_2025`). Antwerpen (11002) keeps its code after absorbing Borsbeek:
its 2025 boundary is `geojson_2025`, its 2019 one stays `geojson`.
"""
from __future__ import annotations

from pathlib import Path

import duckdb
import pandas as pd
import shapely

from loaders import gebiedsindeling
from queries import sql

# Series published on each year's own map (Statbel): before 2025 they hold the
# parts of a municipality merged in 2025, so its earlier years are their sum.
# The VDAB and inburgering exports are on the 2025 map for every year already.
COUNTS_ACROSS_MERGER = ["bevolking", "bevolking_herkomst", "bevolking_nationaliteit"]


def add(municipalities: pd.DataFrame, data_dir: Path) -> pd.DataFrame:
    """The municipalities with the 2025 columns and the new 2025 codes."""
    places = gebiedsindeling.places(data_dir)
    names = {code: name for name, code in places.codes.items()}
    crosswalk = gebiedsindeling.crosswalk(data_dir)
    on_2025 = places.flemish | places.brussels
    out = municipalities.assign(
        nis_2025=municipalities["nis"].map(dict(zip(crosswalk["nis_2024"], crosswalk["nis_2025"]))),
        on_map_2025=municipalities["nis"].isin(on_2025) & municipalities["in_2019_boundaries"],
        geojson_2025=None)
    brussels = out["nis"].isin(places.brussels)
    out.loc[brussels, "nis_2025"] = out.loc[brussels, "nis"]
    merged = crosswalk[crosswalk.groupby("nis_2025")["nis_2024"].transform("size") > 1]
    by_nis = out.set_index("nis")
    arrondissement = gebiedsindeling.arrondissement(data_dir).set_index("nis")["arr_nis"]
    new_rows = []
    for code, parts in merged.groupby("nis_2025")["nis_2024"]:
        geometry = shapely.coverage_union_all([shapely.from_geojson(g) for g in by_nis.loc[list(parts), "geojson"]])
        if code in by_nis.index:  # kept its code, grew (Antwerpen)
            out.loc[out["nis"] == code, "geojson_2025"] = shapely.to_geojson(geometry)
            continue
        # Province and region from a part in the 2025 arrondissement (the
        # parts of Beveren-Kruibeke-Zwijndrecht lay in two provinces).
        first = by_nis.loc[[p for p in parts if by_nis.at[p, "arr_nis"] == arrondissement[code]][0]]
        point = shapely.point_on_surface(geometry)
        lon0, lat0, lon1, lat1 = shapely.bounds(geometry)
        new_rows.append(first.to_dict() | {
            "nis": code, "name_nl": names[code], "population_2020": int(by_nis.loc[list(parts), "population_2020"].sum()),
            "in_2019_boundaries": False, "geojson": None, "geojson_2025": shapely.to_geojson(geometry),
            "on_map_2025": True, "nis_2025": code, "lon": round(point.x, 5), "lat": round(point.y, 5),
            "min_lon": lon0, "min_lat": lat0, "max_lon": lon1, "max_lat": lat1})
    missing = on_2025 - set(out["nis"]) - {r["nis"] for r in new_rows}
    if missing:
        raise ValueError(f"2025 municipalities without boundaries: {sorted(missing)}")
    return pd.concat([out, pd.DataFrame(new_rows)], ignore_index=True).sort_values("nis", ignore_index=True)


def sum_merged_counts(con: duckdb.DuckDBPyConnection) -> int:
    """Add the pre-2025 counts of the municipalities created in 2025 (the sum
    of their parts); returns how many rows were added."""
    before = con.execute("select count(*) from indicator_values").fetchone()[0]
    con.execute(sql("merger_2025_counts"), {"indicators": COUNTS_ACROSS_MERGER})
    return con.execute("select count(*) from indicator_values").fetchone()[0] - before
