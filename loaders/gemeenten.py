"""Municipal boundaries (TopoJSON, read through GDAL) joined with the REFNIS
hierarchy and the project's region membership.

The boundaries are simplified once, at build time, as a coverage
(`simplify_coverage`): neighbours share their simplified border, so the map
has no gaps or slivers, and the browser gets a fraction of the source size.
"""
from __future__ import annotations

from pathlib import Path

import geopandas as gpd
import pandas as pd
import pyogrio
import shapely

from loaders.errors import SourceError
from loaders.meta import load_meta
from loaders.refnis import HIERARCHY_COLUMNS, hierarchy, latest
from loaders.regions import region_of
from loaders.tabular import NIS_PATTERN

META = load_meta(__file__)


def read(data_dir: Path, refnis: pd.DataFrame, extra_codes: set[str]) -> pd.DataFrame:
    """One row per municipality: the 2019 boundaries, plus codes used in the
    statistics that no longer exist (merged in 2019), without geometry."""
    path = data_dir / META["file"]
    if not path.exists():
        raise SourceError(path, f"bestand niet gevonden (map: {path.parent})")
    try:
        geo = gpd.read_file(path, layer=META["layer"], engine="pyogrio")
    except (pyogrio.errors.DataSourceError, pyogrio.errors.DataLayerError) as exc:
        raise SourceError(path, f"geen leesbare TopoJSON met laag '{META['layer']}': {exc}") from exc
    missing = [c for c in META["columns_in"] if c not in geo.columns]
    if missing:
        raise SourceError(path, f"eigenschap(pen) ontbreken: {', '.join(missing)}")
    # The file has no CRS; it is WGS84 lon/lat (shared/data/README.md).
    geo = geo.set_crs(4326, allow_override=True)
    for i, code in enumerate(geo["nis"]):
        if not isinstance(code, str) or not NIS_PATTERN.match(code):
            raise SourceError(path, f"'{code}' is geen NIS-code van 5 cijfers", row=i + 1, column="nis")
    dup = geo["nis"].duplicated()
    if dup.any():
        raise SourceError(path, f"NIS-code {geo['nis'][dup].iloc[0]} komt meer dan eens voor",
                          row=int(dup.idxmax()) + 1, column="nis")
    geometry = simplify(geo.geometry)
    b = geometry.bounds
    centroids = geometry.representative_point()
    current = pd.DataFrame({
        "nis": geo["nis"], "name_nl": geo["name_nl"],
        "arr_nis": geo["arr_nis"], "arr_nl": geo["arr_nl"],
        "prov_nis": geo["prov_nis"].fillna(""), "prov_nl": geo["prov_nl"].fillna(""),
        "reg_nis": geo["reg_nis"], "reg_nl": geo["reg_nl"],
        "population_2020": geo["population"].astype("int64"),
        "in_2019_boundaries": True,
        "geojson": [shapely.to_geojson(g) for g in geometry.values],
        "lon": centroids.x.round(5), "lat": centroids.y.round(5),
        "min_lon": b["minx"], "min_lat": b["miny"], "max_lon": b["maxx"], "max_lat": b["maxy"],
    })
    # Arrondissement, province and region come from Statbel's REFNIS list,
    # not from the boundary file: the file puts Mesen (33016, an enclave of
    # West Flanders) in Hainaut and the Walloon Region. Only the 2019 merged
    # municipalities, which the older REFNIS list lacks, keep the file's values.
    places = hierarchy(refnis)
    known = current["nis"].isin(places.index)
    current.loc[known, HIERARCHY_COLUMNS] = places.loc[current.loc[known, "nis"], HIERARCHY_COLUMNS].to_numpy()
    old = _former_municipalities(refnis, places, extra_codes - set(current["nis"]))
    out = pd.concat([current, old], ignore_index=True)
    out["region"] = out["nis"].map(region_of)
    return out.sort_values("nis", ignore_index=True)


def simplify(geometry: gpd.GeoSeries) -> gpd.GeoSeries:
    """Repair, simplify as a coverage, and round to ~10 m."""
    repaired = geometry.make_valid(method="structure", keep_collapsed=False)
    # make_valid can yield GeometryCollections; coverage simplification only
    # accepts polygons, so keep their polygonal parts.
    repaired = repaired.apply(_polygonal)
    simplified = repaired.simplify_coverage(META["simplify_tolerance_deg"])
    rounded = shapely.set_precision(simplified.values, META["precision_deg"])
    return gpd.GeoSeries(rounded, index=geometry.index, crs=geometry.crs)


def _polygonal(geom):
    if geom.geom_type in ("Polygon", "MultiPolygon"):
        return geom
    parts = [g for g in getattr(geom, "geoms", []) if g.geom_type in ("Polygon", "MultiPolygon")]
    return shapely.union_all(parts)


def _former_municipalities(refnis: pd.DataFrame, places: pd.DataFrame, codes: set[str]) -> pd.DataFrame:
    """Rows for codes that exist in the statistics but not in the 2019
    boundaries (municipalities merged on 1 Jan 2019), without geometry."""
    names = latest(refnis)["name_nl"]
    codes = sorted(c for c in codes if c in places.index)
    rows = places.loc[codes].reset_index(names="nis")
    rows.insert(1, "name_nl", names.loc[codes].to_numpy())
    return rows.assign(population_2020=None, in_2019_boundaries=False, geojson=None)
