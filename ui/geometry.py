"""The map's geometry, served once per selection as a static GeoJSON file.

A plotly map that carries its GeoJSON inside the figure sends (and plotly
validates, copies and serialises) every boundary again on every rerun,
although only the colours change with a year or indicator. Instead the
boundaries of a selection are written once to `static/geo/` (Streamlit's
static file serving, `server.enableStaticServing`) and the figure names the
file's URL: plotly.js fetches a GeoJSON given as a URL string once per page
and keeps it (`window.PlotlyGeoAssets`), from the app's own server, so the
map still draws offline. The file name is a hash of its content and its
size (`<sha256>-<bytes>.geojson`): the same boundaries always have the same
URL, a changed file never hides behind a cached one. A file is checked
against its content when a selection is cached (written anew when it
differs) and against its size on every use (a cut-off file is written
again).

Two files per selection, the shown municipalities and the grey context, and
every map layer names its own URL: plotly.js lets a second trace that names
a URL another trace is still fetching wait at most five seconds and then
fails the map ("Unexpected error while fetching"), which the load test (20
sessions on 2 cores) hit; a URL of its own is fetched without that limit.

Every new selection writes files, so the folder has a size cap and a
retention (`backoffice.retention`), temporary files of a failed write
included; a cached map whose file was deleted is made again. A file that
cannot be written (a full disk) leaves nothing behind: the map says so in
Dutch and the rest of the page draws (issue 19.6); the next run tries again.
"""
from __future__ import annotations

import hashlib
import logging
import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
import streamlit as st

from charts.choropleth import PLACE_COLUMNS, ColourScale, fixed_scale
from common.vocabulary import ALL_GROUPS
from backoffice import retention
from loaders import versions
from loaders.config import PROJECT_ROOT
from loaders.errors import SourceError
from loaders.regions import FLANDERS_NIS
from ui import auth, data

GEO_DIR = PROJECT_ROOT / "static" / "geo"
# Relative to the page (Streamlit's pages live one level below the root),
# as Streamlit's own docs use static files; no host, so it is always loopback.
URL_PREFIX = "app/static/geo/"
TMP_MAX_AGE_DAYS = 1
NO_BOUNDARIES = "Geen grenzen beschikbaar voor deze gemeenten."
LOG = logging.getLogger(__name__)


@dataclass(frozen=True)
class MapArea:
    """What a map of a selection draws: `shown` (the selection's
    municipalities with a boundary) with their boundaries at `url`,
    `context` (grey around it) with theirs at `context_url` (None without
    context), the bounds of the shown ones (min_lon, min_lat, max_lon,
    max_lat), and per shown one where its name goes (`places`: nis, lon,
    lat, min_lon, max_lon, population and its boundary, which a name moved
    off its point keeps to)."""
    url: str
    context_url: str | None
    shown: tuple[str, ...]
    context: tuple[str, ...]
    bounds: tuple[float, float, float, float]
    places: pd.DataFrame = field(compare=False)


MAP_2019, MAP_2025 = 2019, 2025


def area(nis: list[str], region: list[str], map_year: int = MAP_2019) -> MapArea | None:
    """The map area of `nis` within `region` on the municipality map of
    `map_year` (2019: the boundary file, for the employment rate and
    Statbel's series; 2025: after the mergers, for the VDAB and inburgering
    exports); None, said on the page, when none of them has a boundary on
    that map or its file cannot be written."""
    args = (tuple(nis), tuple(region), map_year, data.data_version(), data.active_snapshot())
    try:
        found = _area(*args)
        if found is not None and not all(_intact(url) for url in (found.url, found.context_url) if url):
            _area.clear()   # its file went (retention) or was cut off: write it again
            found = _area(*args)
    except (OSError, SourceError) as exc:   # not cached: the next run tries again
        LOG.warning("Map file not written: %s", exc)
        why = exc if isinstance(exc, SourceError) else f"{versions.write_fault(exc)} op de server"
        st.warning(f"De kaart kan nu niet getoond worden: {why}. De andere cijfers op deze pagina blijven juist.",
                   icon=":material/map:")
        return None
    if found is None:
        st.info(NO_BOUNDARIES, icon=":material/info:")
    return data.unshared(found)


def _intact(url: str) -> bool:
    """Whether the file of `url` is there with the size its name gives."""
    path = GEO_DIR / url.removeprefix(URL_PREFIX)
    try:
        return path.stat().st_size == int(path.stem.rpartition("-")[2])
    except (FileNotFoundError, ValueError):
        return False


@st.cache_resource(max_entries=200, show_spinner=False)
def _area(nis: tuple[str, ...], region: tuple[str, ...], map_year: int, version: str,
          snapshot: str | None) -> MapArea | None:
    rows = data.run("map_area", nis=list(nis), region=list(region), map=map_year)
    if rows.empty or not (rows["role"] == "gekozen").any():
        return None
    shown, context = rows[rows["role"] == "gekozen"], rows[rows["role"] == "omgeving"]
    return MapArea(url=_served(shown), context_url=_served(context) if len(context) else None,
                   shown=tuple(shown["nis"]), context=tuple(context["nis"]),
                   bounds=(float(shown["min_lon"].min()), float(shown["min_lat"].min()),
                           float(shown["max_lon"].max()), float(shown["max_lat"].max())),
                   places=shown[PLACE_COLUMNS].reset_index(drop=True))


def scale(indicator: str, target_group: str = ALL_GROUPS, *, per_1000: bool = False, log: bool = False) -> ColourScale:
    """The fixed colour scale of a series' map (`charts.choropleth.fixed_scale`)
    from its values in every Flemish municipality and year, the value itself
    or (`per_1000`) per 1.000 inhabitants: the same value has the same colour
    whatever the selection and year (issue 18.4)."""
    rows = data.run("map_scale", indicator=indicator, target_group=target_group, flanders=FLANDERS_NIS)
    return data.computed(fixed_scale, rows["per_1000" if per_1000 else "value"], log=log)


def _served(rows) -> str:
    """The URL of a static GeoJSON file of `rows` (nis, geojson), written
    if it is not there yet."""
    collection = ('{"type":"FeatureCollection","features":['
                  + ",".join(f'{{"type":"Feature","id":"{code}","geometry":{geometry}}}'
                             for code, geometry in zip(rows["nis"], rows["geojson"]))
                  + "]}").encode()
    name = f"{hashlib.sha256(collection).hexdigest()[:20]}-{len(collection)}.geojson"
    path = GEO_DIR / name
    if not _holds(path, collection):
        _write(path, collection)
    return URL_PREFIX + name


def _holds(path, content: bytes) -> bool:
    try:
        return path.read_bytes() == content
    except FileNotFoundError:
        return False


def _write(path, content: bytes) -> None:
    """Whole or not at all: another session may read the file meanwhile, and
    a failed write (a full disk) leaves no temporary file behind. The folder's
    limits (`retention.MapLimits`) are the deployment's, set wrongly: no file."""
    cap = auth.deployment_limits(retention.MapLimits)
    GEO_DIR.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=GEO_DIR, suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(content)
        os.chmod(temporary, 0o644)
        os.replace(temporary, path)
    finally:
        Path(temporary).unlink(missing_ok=True)
    retention.cap(GEO_DIR, "*.geojson", cap.max_mb * versions.MB, cap.max_days)
    retention.cap(GEO_DIR, "*.tmp", cap.max_mb * versions.MB, TMP_MAX_AGE_DAYS)   # of a process killed while writing
