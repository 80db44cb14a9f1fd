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
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import shapely
from plotly.colors import sample_colorscale

from charts.theme import FONT, modelled_note
from common.vocabulary import TARGET
from common import format as fmt

CONTEXT_GREY = "#E2E6EA"   # neighbours outside the selection
NO_DATA = "#F7F8FA"        # shown, but no value: lighter than the context, with a dark border
HIDDEN_GREY = "#8C96A3"    # a value the producer hid: darker than both
BORDER = "#5F6B7A"
# Pixels right of the map for the colour bar (bar, ticks, title): a share of
# the width left the bar over the map on a phone. plotly grows the margin
# when a bar needs more (the projector's larger letters).
COLOURBAR_ROOM = 130
# Plot config of the maps: the empty base topology (see above), relative to
# the page like every static file.
GEO_CONFIG = {"topojsonURL": "app/static/topojson/"}
# The shown municipalities without a value name their file under a URL of their own (same file, another query).
NO_VALUE_LAYER = "?laag=geen-gegevens"
HIDDEN_LAYER = "?laag=verborgen"
# Colours (issue 18.4): colour-blind safe, and even the lightest one used
# stands out from the grey context, from "geen gegevens" and from the white
# page (WCAG contrast >= 1,5:1, tests/test_maps.py), so a municipality just
# under or over a value never looks like one without a value.
# The employment rate: ColorBrewer RdBu, its pale middle cut out, so the
# colour jumps at the 80 % target from salmon (just under) to mid blue (just
# over); equal distances to the target get about equal colour strength.
BELOW_TARGET = sample_colorscale("RdBu", list(np.linspace(0, 0.3, 7)))
ABOVE_TARGET = sample_colorscale("RdBu", list(np.linspace(0.75, 1, 7)))
# Any other value: viridis (perceptually even, colour-blind safe) without
# its light yellow-green end, dark = high.
SEQUENTIAL = sample_colorscale("Viridis", list(np.linspace(0.75, 0, 11)))
HOVER = ("<b>%{customdata[1]}</b><br>"
         "Werkzaamheidsgraad %{customdata[2]}: <b>%{customdata[3]}</b><br>"
         "Rang: %{customdata[4]}<br>"
         "Afstand tot 80 %: %{customdata[5]}<br>"
         "Extra werkenden voor 80 %: %{customdata[6]}<br>"
         "Evolutie t.o.v. %{customdata[7]}: %{customdata[8]}<extra></extra>")


@dataclass(frozen=True)
class ColourScale:
    """A map's fixed colour range [lo, hi], the same for every selection and
    year, with a tick every `step`; `log` for counts (a colour per tenfold,
    ticks at 1 and 3 times a power of ten). Values beyond an end take that
    end's colour; `below`/`above` say whether there are any, and the end's
    tick then reads "≤"/"≥"."""
    lo: float
    hi: float
    step: float = 1.0
    log: bool = False
    below: bool = False
    above: bool = False

    def z(self, values) -> np.ndarray:
        values = np.asarray(values, dtype=float)
        return np.log10(np.clip(values, self.lo, None)) if self.log else values

    @property
    def bounds(self) -> tuple[float, float]:
        return tuple(float(v) for v in self.z([self.lo, self.hi]))

    def ticks(self, suffix: str = "") -> tuple[list[float], list[str]]:
        """Tick positions (on the z axis) and their Belgian labels."""
        if self.log:
            values = [m * 10 ** k for k in range(math.floor(math.log10(self.lo)), math.ceil(math.log10(self.hi)) + 1)
                      for m in (1, 3) if self.lo <= m * 10 ** k <= self.hi]
        else:
            values = [float(v) for v in np.arange(self.lo, self.hi + self.step / 2, self.step)]
        digits = 0 if all(float(v).is_integer() for v in values) else 1
        text = [fmt.number(v, digits) + suffix for v in values]
        if self.below and values[0] == self.lo:
            text[0] = "≤ " + text[0]
        if self.above and values[-1] == self.hi:
            text[-1] = "≥ " + text[-1]
        return list(self.z(values)), text


def _step(span: float, count: int) -> float:
    """A round step (1, 2, 2,5 or 5 times a power of ten) that cuts `span` in about `count` parts."""
    raw = span / count
    power = 10 ** math.floor(math.log10(raw))
    return next(m * power for m in (1, 2, 2.5, 5, 10) if m * power >= raw)


def fixed_scale(values: pd.Series, log: bool = False) -> ColourScale:
    """The colour range of a series from all its values (every Flemish
    municipality, every year): its 1st to 99th percentile rounded out to
    round numbers (for `log`, from a power of ten to a 1-2-5 number), so a
    few extreme municipalities do not turn every other one pale."""
    values = pd.Series(values, dtype=float).dropna()
    low, high = values.quantile(0.01), values.quantile(0.99)
    if log:
        lo, step = 10.0 ** math.floor(math.log10(max(low, 1.0))), 1.0
        power = 10 ** math.floor(math.log10(max(values.max(), lo * 10)))
        hi = float(next(m * power for m in (1, 2, 5, 10) if m * power >= values.max()))
    else:
        step = _step(max(high - low, 1e-9), 5)
        lo, hi = math.floor(low / step) * step, math.ceil(high / step) * step
        lo = 0.0 if values.min() >= 0 and 0 < lo <= step else lo   # start at 0 when it is near
    return ColourScale(float(lo), float(hi), step, log, bool((values < lo).any()), bool((values > hi).any()))


# The employment rate: the same range for every selection and year, centred on the target.
EMPLOYMENT_SCALE = ColourScale(TARGET - 20, TARGET + 20, step=5, below=True)


def employment_colours() -> list:
    """The employment rate's colour scale over EMPLOYMENT_SCALE: dark red to
    salmon up to the target, mid to dark blue from it."""
    lo, hi = EMPLOYMENT_SCALE.lo, EMPLOYMENT_SCALE.hi
    middle = (TARGET - lo) / (hi - lo)
    return ([[float(p), c] for p, c in zip(np.linspace(0, middle, len(BELOW_TARGET)), BELOW_TARGET)]
            + [[float(p), c] for p, c in zip(np.linspace(middle, 1, len(ABOVE_TARGET)), ABOVE_TARGET)])


def sequential_colours() -> list:
    return [[float(p), c] for p, c in zip(np.linspace(0, 1, len(SEQUENTIAL)), SEQUENTIAL)]


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


def rate_map(area, table: pd.DataFrame, year: int, names: dict[str, str], selectable: set[str], *,
             modelled: bool, height: int = 600, revision: str = "") -> go.Figure:
    """The map. `area`: a `ui.geometry.MapArea` (url, shown, context,
    bounds, places); `table`: `analysis.employment.ranking` with `name_nl`;
    `selectable`: municipalities a click may add (the region's).
    `revision` keeps the user's pan and zoom while it stays the same (e.g.
    across years). The colours are fixed (`EMPLOYMENT_SCALE`)."""
    def values(rows: pd.DataFrame) -> go.Choropleth:
        lo, hi = EMPLOYMENT_SCALE.bounds
        ticks, text = EMPLOYMENT_SCALE.ticks(" %")
        return go.Choropleth(
            geojson=area.url, locations=rows["nis"], z=rows["rate"],
            colorscale=employment_colours(), zmin=lo, zmax=hi,
            marker=dict(line=dict(color=BORDER, width=0.8)),
            customdata=hover_rows(rows, year, modelled), hovertemplate=HOVER, name="werkzaamheidsgraad",
            selected=dict(marker=dict(opacity=1)), unselected=dict(marker=dict(opacity=1)),
            # Title beside the bar, on one line: on top, plotly set a two-line title about 5 px into the
            # "100 %" tick (it leaves room for half a tick label too few); beside it, room for the longest tick.
            colorbar=dict(title=dict(text="Werkzaamheidsgraad", side="right"), tickvals=ticks,
                          ticktext=[t + (" = doel" if v == TARGET else "") for v, t in zip(ticks, text)],
                          thickness=22, len=0.9, x=1.0, xanchor="left", outlinewidth=0),
        )

    # `modelled` is about the people needed in the tooltip; the rates are official, so no note.
    return _base_map(area, table, "rate", values, names, selectable, str(year), height, revision, modelled=False)


def value_map(area, table: pd.DataFrame, names: dict[str, str], selectable: set[str], *, scale: ColourScale,
              title: str, when: str, height: int = 600, revision: str = "", modelled: bool = False,
              ticksuffix: str = "", hidden: set[str] = frozenset()) -> go.Figure:
    """Any value per municipality on the same map: `table` has `nis`,
    `value` and `hover` (the tooltip's text below the name, Belgian formats);
    a sequential scale titled `title` (name and unit) over `scale` (fixed:
    the same for every selection and year, see `fixed_scale`); `when` names
    the period for municipalities without a value; the modelled note inside
    the map when `modelled`. `ticksuffix` follows each tick (" %");
    `hidden`: municipalities whose value the producer hid, drawn as their
    own "verborgen (x)" layer instead of "geen gegevens"."""
    def values(rows: pd.DataFrame) -> go.Choropleth:
        lo, hi = scale.bounds
        ticks, text = scale.ticks(ticksuffix)
        return go.Choropleth(
            geojson=area.url, locations=rows["nis"], z=scale.z(rows["value"]), colorscale=sequential_colours(),
            zmin=lo, zmax=hi, marker=dict(line=dict(color=BORDER, width=0.8)), name=title,
            # The value itself last: z is its logarithm on a log scale.
            customdata=np.column_stack([rows["nis"], [names.get(c, c) for c in rows["nis"]], rows["hover"],
                                        rows["value"]]),
            hovertemplate="<b>%{customdata[1]}</b><br>%{customdata[2]}<extra></extra>",
            selected=dict(marker=dict(opacity=1)), unselected=dict(marker=dict(opacity=1)),
            colorbar=dict(title=dict(text=title, side="right"), tickvals=ticks, ticktext=text,
                          thickness=22, len=0.9, x=1.0, xanchor="left", outlinewidth=0),
        )

    return _base_map(area, table, "value", values, names, selectable, when, height, revision, modelled, hidden)


def _base_map(area, table: pd.DataFrame, column: str, values: Callable[[pd.DataFrame], go.Choropleth],
              names: dict[str, str], selectable: set[str], when: str, height: int, revision: str,
              modelled: bool, hidden: set[str] = frozenset()) -> go.Figure:
    """Three layers over the area's boundaries: the neighbours in grey (a
    click may add those in `selectable`), the shown municipalities with a
    value in `table[column]` (`values` builds their trace from those rows)
    and the shown ones without ("geen gegevens"; those in `hidden` as
    "verborgen (x)"); the shown municipalities' names on top
    (`name_layers`); built in one construction (see `charts.theme.figure`).
    The legend names each grey."""
    rows = table[table["nis"].isin(area.shown) & table[column].notna()]
    with_value = set(rows["nis"])
    veiled = [code for code in area.shown if code in hidden and code not in with_value]
    missing = [code for code in area.shown if code not in with_value and code not in hidden]
    traces = []
    if area.context:
        codes = list(area.context)
        hint = ["niet gekozen: klik om toe te voegen" if c in selectable else "buiten de gekozen regio" for c in codes]
        traces.append(_flat(area.context_url, codes, CONTEXT_GREY, "grijs: niet gekozen",
                            np.column_stack([codes, [names.get(c, c) for c in codes], hint]),
                            "<b>%{customdata[1]}</b><br>%{customdata[2]}<extra></extra>"))
    if not rows.empty:
        traces.append(values(rows))
    if missing:
        traces.append(_flat(area.url + NO_VALUE_LAYER, missing, NO_DATA, "wit: geen gegevens",
                            np.column_stack([missing, [names.get(c, c) for c in missing], [when] * len(missing)]),
                            "<b>%{customdata[1]}</b><br>geen gegevens voor %{customdata[2]}<extra></extra>"))
    if veiled:
        traces.append(_flat(area.url + HIDDEN_LAYER, veiled, HIDDEN_GREY, "donkergrijs: verborgen (x)",
                            np.column_stack([veiled, [names.get(c, c) for c in veiled], [when] * len(veiled)]),
                            "<b>%{customdata[1]}</b><br>x: de bron publiceert dit cijfer niet (%{customdata[2]})"
                            "<extra></extra>"))
    view = fit_view(area.bounds)
    traces += name_layers(area.places, names, view, height)
    return go.Figure(data=traces, layout=dict(
        geo=dict(visible=False, scope="world", resolution=110, projection=dict(type="mercator"), bgcolor="white",
                 **view),
        height=height, margin=dict(l=0, r=COLOURBAR_ROOM, t=0, b=0), dragmode="pan",
        font=FONT, separators=",.", paper_bgcolor="white", uirevision=revision, clickmode="event+select",
        hoverlabel=dict(font=dict(size=16, color=FONT["color"]), bgcolor="white", bordercolor=BORDER),
        legend=dict(orientation="h", x=0, y=0, yanchor="bottom", bgcolor="rgba(255,255,255,0.85)",
                    font=dict(size=13)),
        annotations=[modelled_note(inside=True)] if modelled else [],
    ))


# Names (issue 18.3): an audience never hovers. Dark text with a white halo
# reads on every fill. Up to ALL_NAMES shown municipalities all are named, a
# smaller font where the name is wider than the municipality, moved just
# above, below or beside its point (in the smaller font if need be) when it
# would cover a name already placed, its centre still on its municipality
# (beside it only where all are named and it has no room); beyond that (Flanders) the most populous
# MOST_NAMES that keep clear of each other.
# plotly scales a map with its chart's width while the names keep their size
# in pixels: names that fit a laptop pile up on a phone, and the server does
# not know the width. So every map carries one names layer per width of the
# map's area in NAME_WIDTHS, the widest first, and the browser shows the one
# for its chart's width (`names_css`, a CSS container query that app.py puts on
# every page; a slide's map carries its own, `ui.components.chart`). From ALL_NAMES_WIDTH (a 1366 px screen) on every municipality
# is named; narrower (a tablet, a phone) the most populous that keep clear of
# each other, the others by their tooltip (a tap on a phone). A name stays
# inside the view, which plotly clips.
NAME_SIZE, SMALL_NAME_SIZE = 13, 10
HALO = "0 0 2px white, 0 0 2px white, 0 0 3px white, 0 0 4px white"
ALL_NAMES, MOST_NAMES = 40, 30
NAME_WIDTHS = (900, 540, 400, 200)   # px of map area: 1920 px screens, 1366 px, a tablet, a 360-390 px phone
ALL_NAMES_WIDTH = 540
CHAR_WIDTH = 0.6                     # of the font size, a wide sans-serif letter
NAME_GAP = 4                         # px between two names side by side, at the size they are drawn
# Where a name may go, in order, when its point is taken: (across, up) in
# its own width and in lines of the larger font; its own point first, then
# just above or below, then beside it.
NEARBY = [(0, 0), (0, 1.3), (0, -1.3), (-0.5, 0), (0.5, 0), (-0.5, 1.3), (0.5, 1.3), (-0.5, -1.3), (0.5, -1.3)]


def names_css(scope: str = ":root", font_px: float | None = None, aspect: float | None = None) -> str:
    """The container query that shows each map's names layer for its
    width: the names layers are the figure's last traces (`_base_map`), the
    widest first, in plotly's group of scattergeo traces. The rules apply
    under `scope` (a selector). On a slide (`font_px`, the size every name
    is drawn at, and `aspect`, the map's height per width: `view_aspect`)
    a layer needs a map as much larger as its names are (from the page's
    NAME_SIZE), and the chart's height counts too: a slide's chart is as
    tall as the screen leaves it, and on a laptop (1366x768) plotly drew the
    map by that height, far narrower than the chart, its names touching."""
    scale = font_px / NAME_SIZE if font_px else 1
    starts = [w * scale + COLOURBAR_ROOM for w in NAME_WIDTHS]   # the chart's width from which a layer shows
    tall = [w * scale * aspect for w in NAME_WIDTHS] if aspect else None

    def fits(i: int) -> str:
        return f"(width >= {starts[i]:.0f}px)" + (f" and (height >= {tall[i]:.0f}px)" if tall else "")

    def misses(i: int) -> str:
        return f"(width < {starts[i]:.0f}px)" + (f" or (height < {tall[i]:.0f}px)" if tall else "")

    chart = f'{scope} [data-testid="stPlotlyChart"]:has(.geo)' if aspect else '[data-testid="stPlotlyChart"]:has(.geo)'
    rules = [f"{chart} {{container: rm-map / {'size' if aspect else 'inline-size'}}}"]
    for i in range(len(starts)):
        layer = f"{scope} .js-plotly-plot .geo .scatterlayer > .scattergeo:nth-last-child({len(starts) - i})"
        if i < len(starts) - 1:   # the narrowest also shows below its size
            rules.append(f"@container rm-map {misses(i)} {{{layer} {{display: none}}}}")
        if i:
            rules.append(f"@container rm-map {fits(i - 1)} {{{layer} {{display: none}}}}")
    return "\n".join(rules)


def view_aspect(lon_range, lat_range) -> float:
    """A view's height per width as plotly's Mercator map draws it."""
    return (_mercator(lat_range[1]) - _mercator(lat_range[0])) / (lon_range[1] - lon_range[0])


PLACE_COLUMNS = ["nis", "lon", "lat", "min_lon", "max_lon", "population", "geojson"]


def name_layers(places: pd.DataFrame, names: dict[str, str], view: dict, height: int) -> list[dict]:
    """The names layers of a map, one per width in NAME_WIDTHS (see above),
    as trace dicts. They depend on the places, names, view and height, not
    on the values a map shows: placing them costs more than the rest of a
    map, so they are placed once per content (`_placed_names`) and a year
    change reuses them."""
    rows = tuple(places[PLACE_COLUMNS].itertuples(index=False, name=None))
    labels = tuple(names.get(code, code) for code in places["nis"])
    ranges = (tuple(view["lonaxis"]["range"]), tuple(view["lataxis"]["range"]))
    return [dict(layer, textfont=dict(layer["textfont"])) for layer in _placed_names(rows, labels, ranges, height)]


@lru_cache(maxsize=256)
def _placed_names(rows: tuple, labels: tuple, ranges: tuple, height: int) -> tuple[dict, ...]:
    """`name_layers` keyed on its content (hashable, so functools caches
    it: no key can stand for another map's names). Callers get copies of
    the top level; the arrays inside are tuples."""
    places = pd.DataFrame(list(rows), columns=PLACE_COLUMNS)
    names = dict(zip(places["nis"], labels))
    view = {"lonaxis": {"range": list(ranges[0])}, "lataxis": {"range": list(ranges[1])}}
    layers = []
    for width in NAME_WIDTHS:
        found = name_labels(places, names, view, height, width, every=width >= ALL_NAMES_WIDTH)
        layers.append(dict(
            type="scattergeo", lon=tuple(found["lon"]), lat=tuple(found["lat"]), text=tuple(found["name"]),
            mode="text", name=f"namen {width} px", hoverinfo="skip", showlegend=False,
            textfont=dict(size=tuple(found["size"]), color=FONT["color"], family=FONT["family"], shadow=HALO)))
    return tuple(layers)


def name_labels(places: pd.DataFrame, names: dict[str, str], view: dict, height: int, width: int,
                every: bool) -> pd.DataFrame:
    """The names to draw: nis, name, lon, lat, size. `places`: per shown
    municipality nis, lon, lat (its representative point), min_lon,
    max_lon, population and geojson (its boundary); `view`: `fit_view`'s
    ranges, drawn in `width` × `height` pixels (plotly fits the ranges in,
    keeping proportions). A name moved off its point keeps its centre on
    its municipality. `every`: name all of them (one that finds no clear
    spot there: beside it, over its bounding box, else anywhere near, else
    on its point), else only the most populous that keep clear of each
    other on their own municipality."""
    (x0, x1), (y0, y1) = view["lonaxis"]["range"], [_mercator(v) for v in view["lataxis"]["range"]]
    per_degree = min(width / (x1 - x0), height / (y1 - y0))
    frame = (x0 * per_degree, y0 * per_degree, x1 * per_degree, y1 * per_degree)
    crowded = len(places) > ALL_NAMES
    out = places.assign(name=places["nis"].map(lambda c: names.get(c, c))).sort_values("population", ascending=False)
    wide = CHAR_WIDTH * NAME_SIZE * out["name"].str.len()
    room = (out["max_lon"] - out["min_lon"]) * per_degree
    out["size"] = NAME_SIZE if crowded else np.where(wide <= room * 1.2, NAME_SIZE, SMALL_NAME_SIZE)
    gap = 16 if crowded else NAME_GAP   # px between two names side by side
    placed, rows = [], []
    for row in out.itertuples(index=False):
        x, y = row.lon * per_degree, _mercator(row.lat) * per_degree
        sizes = (row.size,) if crowded else tuple(dict.fromkeys((row.size, SMALL_NAME_SIZE)))
        spots = [_box(x + across * CHAR_WIDTH * size * len(row.name), y + up * NAME_SIZE, len(row.name), size, frame)
                 for size in sizes for across, up in (NEARBY[:1] if crowded else NEARBY)]
        own = shapely.from_geojson(row.geojson)
        clear = [b for b in spots if all(_apart(b, other, gap) for other in placed)]
        box = next((b for b in clear if _centred_in(b, own, per_degree)), None)
        if box is None and every:   # a municipality too small for its name: the name beside it
            box = next((b for b in clear if _centred_in(b, own.envelope, per_degree)), clear[0] if clear else None)
        if box is None and (crowded or not every):
            continue
        box = box or spots[0]
        placed.append(box)
        centre_x, centre_y = (box[0] + box[2]) / 2, (box[1] + box[3]) / 2
        rows.append((row.nis, row.name, centre_x / per_degree, _latitude(centre_y / per_degree), box[4]))
        if crowded and len(rows) == MOST_NAMES:
            break
    return pd.DataFrame(rows, columns=["nis", "name", "lon", "lat", "size"])


def _box(x: float, y: float, letters: int, size: int, frame: tuple) -> tuple:
    """A name's box (left, bottom, right, top, font size) around (x, y), in
    pixels, moved inside `frame`: plotly clips the map to its view."""
    half_w, half_h = CHAR_WIDTH * size * letters / 2, 0.6 * size
    x, y = min(max(x, frame[0] + half_w), frame[2] - half_w), min(max(y, frame[1] + half_h), frame[3] - half_h)
    return x - half_w, y - half_h, x + half_w, y + half_h, size


def _centred_in(box: tuple, own, per_degree: float) -> bool:
    """Whether a name's box has its centre on its municipality (`own`, its
    shapely shape): a name moved off its point stays on its own municipality
    (on a laptop's slide Menen's went onto Wevelgem, Zonnebeke's onto
    Heuvelland, Koekelare's off the map)."""
    x, y = (box[0] + box[2]) / 2 / per_degree, (box[1] + box[3]) / 2 / per_degree
    return bool(shapely.contains_xy(own, x, _latitude(y)))


def _apart(a: tuple, b: tuple, gap: float) -> bool:
    return a[2] + gap < b[0] or a[0] > b[2] + gap or a[3] < b[1] or a[1] > b[3]


def _latitude(y):
    """Mercator's y (degree-like units) back to a latitude in degrees."""
    return np.degrees(2 * np.arctan(np.exp(np.radians(y))) - np.pi / 2)


def _mercator(lat):
    """Latitude in degrees to Mercator's y, in degree-like units."""
    return np.degrees(np.log(np.tan(np.pi / 4 + np.radians(lat) / 2)))


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
