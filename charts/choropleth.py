"""Values per municipality on a map, with the neighbours in grey for
context: the employment rate on a diverging scale centred on the 80 %
target (`rate_map`), any other value on a sequential scale (`value_map`).

Library: plotly's SVG `Choropleth` (geo) with the base map switched off.
plotly.js loads a world TopoJSON for every geo map, from a CDN by default
(`topojsonURL`), which offline means no map at all; `GEO_CONFIG` points it
at an empty topology served by the app (static/topojson), so nothing is
fetched from outside. Chosen over `Choroplethmap` (MapLibre, WebGL): on a
machine without a GPU (a meeting-room laptop, headless Chromium here) a new
WebGL map costs about a third of a second, and Streamlit draws every plotly
chart anew when its figure changes, so that is paid on every year change;
sixty SVG paths draw in a fraction of it. Chosen over pydeck because plotly
gives the legend (colour bar with unit, "geen gegevens") and the tooltip in
one figure, and because Streamlit repaints a pydeck layer in its own
selection colours after a click, which would hide the rates.

The boundaries are not in the figure: every trace names the URL of a
GeoJSON file of the selection (`ui.geometry`), which plotly.js fetches once;
each trace its own URL (`NO_VALUE_LAYER`, and ui.geometry on why).
"""
from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np
import pandas as pd
import plotly.graph_objects as go
from plotly.colors import sample_colorscale

from charts.theme import DIVERGING, FONT, GREY, TARGET, modelled_note
from ui import format as fmt

CONTEXT_GREY = "#E2E6EA"   # neighbours: lighter than "geen gegevens"
BORDER = "#5F6B7A"
MAP_SHARE = 0.86           # of the figure's width; the colour bar sits right of it
# Plot config of the maps: the empty base topology (see above), relative to
# the page like every static file.
GEO_CONFIG = {"topojsonURL": "app/static/topojson/"}
# The shown municipalities without a value name their file under a URL of their own (same file, another query).
NO_VALUE_LAYER = "?laag=geen-gegevens"
HIDDEN_LAYER = "?laag=verborgen"
HIDDEN_GREY = "#8C96A3"    # a value the producer hid: darker than "geen gegevens"
HOVER = ("<b>%{customdata[1]}</b><br>"
         "Werkzaamheidsgraad %{customdata[2]}: <b>%{customdata[3]}</b><br>"
         "Rang: %{customdata[4]}<br>"
         "Afstand tot 80 %: %{customdata[5]}<br>"
         "Extra werkenden voor 80 %: %{customdata[6]}<br>"
         "Evolutie t.o.v. %{customdata[7]}: %{customdata[8]}<extra></extra>")


def colour_range(values: pd.Series, step: float = 5.0, centre: float = TARGET) -> tuple[float, float]:
    """The data's range rounded out to `step`, always including `centre`
    with a margin. Computed over all years, so colours compare across years."""
    lo = math.floor(min(np.nanmin(values), centre - step) / step) * step
    hi = math.ceil(max(np.nanmax(values), centre + step) / step) * step
    return float(lo), float(hi)


def diverging_scale(lo: float, hi: float, centre: float = TARGET, steps: int = 21) -> list:
    """The diverging colour scale cut to [lo, hi] with its neutral middle at
    `centre`: equal distances above and below the target get equal colour
    strength, even when the data reach much further below than above."""
    half = max(centre - lo, hi - centre)
    positions = np.linspace(0, 1, steps)
    colours = sample_colorscale(DIVERGING, [0.5 + (lo + p * (hi - lo) - centre) / (2 * half) for p in positions])
    return [[float(p), c] for p, c in zip(positions, colours)]


def fit_view(bounds: tuple[float, float, float, float], padding: float = 0.06, min_span: float = 0.25) -> dict:
    """Longitude and latitude ranges that show `bounds` (min_lon, min_lat,
    max_lon, max_lat) with a margin; plotly fits them into the map's area
    keeping the projection's proportions. The view spans at least
    `min_span` degrees of latitude (about 28 km), so a single municipality
    is shown with its neighbours around it."""
    min_lon, min_lat, max_lon, max_lat = bounds
    grow_lat = max(0.0, min_span - (max_lat - min_lat)) / 2
    grow_lon = max(0.0, min_span * 1.6 - (max_lon - min_lon)) / 2   # a degree of longitude is ~0,64 of one of latitude here
    pad_lat = (max_lat - min_lat + 2 * grow_lat) * padding
    pad_lon = (max_lon - min_lon + 2 * grow_lon) * padding
    return {"lonaxis": {"range": [min_lon - grow_lon - pad_lon, max_lon + grow_lon + pad_lon]},
            "lataxis": {"range": [min_lat - grow_lat - pad_lat, max_lat + grow_lat + pad_lat]}}


def hover_rows(table: pd.DataFrame, year: int, modelled: bool) -> np.ndarray:
    """Tooltip fields per municipality (Belgian formats), in HOVER's order;
    field 0 is the NIS code, which a click hands to the filter."""
    people = [("doelstelling gehaald" if r >= TARGET else fmt.number(p)) if pd.notna(p) else fmt.number(None)
              for r, p in zip(table["rate"], table["people_needed"])]
    if modelled:
        people = [p + " (gemodelleerd)" if p[0].isdigit() else p for p in people]
    ranks = [f"{int(r)} van {int(n)}" if pd.notna(r) else fmt.number(None)
             for r, n in zip(table["rank"], table["ranked"])]
    return np.column_stack([
        table["nis"], table["name_nl"], [str(year)] * len(table), [fmt.percent(v) for v in table["rate"]], ranks,
        [fmt.points(v) for v in table["gap_points"]], people, [str(year - 1)] * len(table),
        [fmt.points(v) for v in table["change_1y"]],
    ])


def rate_map(area, table: pd.DataFrame, year: int, value_range: tuple[float, float],
             names: dict[str, str], selectable: set[str], *, modelled: bool, height: int = 600,
             revision: str = "") -> go.Figure:
    """The map. `area`: a `ui.geometry.MapArea` (url, shown, context,
    bounds); `table`: `analysis.employment.ranking` with `name_nl`;
    `selectable`: municipalities a click may add (the region's).
    `revision` keeps the user's pan and zoom while it stays the same (e.g.
    across years)."""
    def values(rows: pd.DataFrame) -> go.Choropleth:
        lo, hi = value_range
        ticks = [v for v in np.arange(lo, hi + 0.1, 5.0)]
        return go.Choropleth(
            geojson=area.url, locations=rows["nis"], z=rows["rate"],
            colorscale=diverging_scale(lo, hi), zmin=lo, zmax=hi,
            marker=dict(line=dict(color=BORDER, width=0.8)),
            customdata=hover_rows(rows, year, modelled), hovertemplate=HOVER, name="werkzaamheidsgraad",
            selected=dict(marker=dict(opacity=1)), unselected=dict(marker=dict(opacity=1)),
            # Title on top: beside the bar it ran into the long "80 % = doel" tick.
            colorbar=dict(title=dict(text="Werkzaam-<br>heidsgraad", side="top"), ticksuffix=" %",
                          tickvals=ticks, ticktext=[f"{fmt.number(v)} %" + (" = doel" if v == TARGET else "")
                                                    for v in ticks],
                          thickness=22, len=0.9, x=1.0, xanchor="right", outlinewidth=0),
        )

    # `modelled` is about the people needed in the tooltip; the rates are official, so no note.
    return _base_map(area, table, "rate", values, names, selectable, str(year), height, revision, modelled=False)


def value_map(area, table: pd.DataFrame, names: dict[str, str], selectable: set[str], *,
              title: str, when: str, colorscale: str = "Blues", height: int = 600, revision: str = "",
              modelled: bool = False, value_range: tuple[float, float] | None = None, ticksuffix: str = "",
              hidden: set[str] = frozenset()) -> go.Figure:
    """Any value per municipality on the same map: `table` has `nis`,
    `value` and `hover` (the tooltip's text below the name, Belgian formats);
    a sequential scale titled `title` (name and unit); `when` names the
    period for municipalities without a value; the modelled note inside the
    map when `modelled`. `value_range` fixes the scale (e.g. over all years,
    so colours compare across years); `ticksuffix` follows each tick
    (" %"); `hidden`: municipalities whose value the producer hid, drawn as
    their own "verborgen (x)" layer instead of "geen gegevens"."""
    def values(rows: pd.DataFrame) -> go.Choropleth:
        scale = dict(zmin=value_range[0], zmax=value_range[1]) if value_range else {}
        return go.Choropleth(
            geojson=area.url, locations=rows["nis"], z=rows["value"], colorscale=colorscale, **scale,
            marker=dict(line=dict(color=BORDER, width=0.8)), name=title,
            customdata=np.column_stack([rows["nis"], [names.get(c, c) for c in rows["nis"]], rows["hover"]]),
            hovertemplate="<b>%{customdata[1]}</b><br>%{customdata[2]}<extra></extra>",
            selected=dict(marker=dict(opacity=1)), unselected=dict(marker=dict(opacity=1)),
            colorbar=dict(title=dict(text=title, side="right"), tickformat=",~f", ticksuffix=ticksuffix,
                          thickness=22, len=0.9, x=1.0, xanchor="right", outlinewidth=0),
        )

    return _base_map(area, table, "value", values, names, selectable, when, height, revision, modelled, hidden)


def _base_map(area, table: pd.DataFrame, column: str, values: Callable[[pd.DataFrame], go.Choropleth],
              names: dict[str, str], selectable: set[str], when: str, height: int, revision: str,
              modelled: bool, hidden: set[str] = frozenset()) -> go.Figure:
    """Three layers over the area's boundaries: the neighbours in grey (a
    click may add those in `selectable`), the shown municipalities with a
    value in `table[column]` (`values` builds their trace from those rows)
    and the shown ones without ("geen gegevens"; those in `hidden` as
    "verborgen (x)"); built in one construction (see `charts.theme.figure`)."""
    rows = table[table["nis"].isin(area.shown) & table[column].notna()]
    with_value = set(rows["nis"])
    veiled = [code for code in area.shown if code in hidden and code not in with_value]
    missing = [code for code in area.shown if code not in with_value and code not in hidden]
    traces = []
    if area.context:
        codes = list(area.context)
        hint = ["niet gekozen: klik om toe te voegen" if c in selectable else "buiten de gekozen regio" for c in codes]
        traces.append(_flat(area.context_url, codes, CONTEXT_GREY, "niet gekozen",
                            np.column_stack([codes, [names.get(c, c) for c in codes], hint]),
                            "<b>%{customdata[1]}</b><br>%{customdata[2]}<extra></extra>"))
    if not rows.empty:
        traces.append(values(rows))
    if missing:
        traces.append(_flat(area.url + NO_VALUE_LAYER, missing, GREY, "geen gegevens",
                            np.column_stack([missing, [names.get(c, c) for c in missing], [when] * len(missing)]),
                            "<b>%{customdata[1]}</b><br>geen gegevens voor %{customdata[2]}<extra></extra>"))
    if veiled:
        traces.append(_flat(area.url + HIDDEN_LAYER, veiled, HIDDEN_GREY, "verborgen (x)",
                            np.column_stack([veiled, [names.get(c, c) for c in veiled], [when] * len(veiled)]),
                            "<b>%{customdata[1]}</b><br>x: de bron publiceert dit cijfer niet (%{customdata[2]})"
                            "<extra></extra>"))
    return go.Figure(data=traces, layout=dict(
        geo=dict(visible=False, scope="world", resolution=110, projection=dict(type="mercator"), bgcolor="white",
                 domain=dict(x=[0, MAP_SHARE], y=[0, 1]), **fit_view(area.bounds)),
        height=height, margin=dict(l=0, r=0, t=0, b=0), dragmode="pan",
        font=FONT, separators=",.", paper_bgcolor="white", uirevision=revision, clickmode="event+select",
        hoverlabel=dict(font=dict(size=16, color=FONT["color"]), bgcolor="white", bordercolor=BORDER),
        legend=dict(orientation="h", x=0, y=0, yanchor="bottom", bgcolor="rgba(255,255,255,0.85)"),
        annotations=[modelled_note(inside=True)] if modelled else [],
    ))


def _flat(url: str, codes: list[str], colour: str, name: str, customdata: np.ndarray,
          hovertemplate: str) -> go.Choropleth:
    """A single-colour layer with a legend entry."""
    return go.Choropleth(
        geojson=url, locations=codes, z=[0] * len(codes),
        colorscale=[[0, colour], [1, colour]], showscale=False, showlegend=True, name=name,
        marker=dict(line=dict(color="white" if colour == CONTEXT_GREY else BORDER, width=0.8)),
        customdata=customdata, hovertemplate=hovertemplate,
        selected=dict(marker=dict(opacity=1)), unselected=dict(marker=dict(opacity=1)),
    )
