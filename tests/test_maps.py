"""Issue 18, points 3-5: names on the maps, fixed and readable colour
scales, one colour per meaning on every page.

The pages are run with AppTest and their figures read back as the browser
gets them; tests/e2e/test_browser_maps.py checks the same in Chromium."""
from __future__ import annotations

import json
from collections import defaultdict

import plotly.io as pio
import pytest
from plotly.colors import unlabel_rgb

from charts import choropleth as ch
from charts import theme
from common.vocabulary import TARGET
from tests.helpers import open_page
from tests.helpers.colours import contrast, luminance, rgb
from tests.helpers.pages import array
from loaders.regions import REGIONS
from loaders.store import connect

MENEN = "34027"
REGION_30 = REGIONS["westhoek"]["nis"] + REGIONS["w13"]["nis"]
MAPS = {  # page, query, map key
    "werkzaamheidsgraad": ("views/werkzaamheid.py", {"jaar": "2015"}, "werkzaamheid_kaart"),
    "werkzoekendengraad": ("views/werkzaamheid.py", {"indicator": "werkzoekenden"}, "werkzaamheid_kaart"),
    "kansengroepen": ("views/kansengroepen.py", {}, "kansengroepen_kaart"),
    "vacatures": ("views/vacatures.py", {}, "vacatures_kaart"),
}
MIN_CONTRAST = 1.5


def figures(at) -> dict[str, object]:
    return {el.proto.id: pio.from_json(el.proto.spec) for el in at.get("plotly_chart")}


def the_map(at, key: str):
    return next(fig for chart_id, fig in figures(at).items() if key in chart_id)


def value_layer(fig):
    return next(t for t in fig.data if t.type == "choropleth" and t.showscale is not False)


def fill(layer, nis: str) -> str:
    """The colour plotly gives `nis` in a value layer: its z on the layer's colour scale."""
    z = dict(zip(layer.locations, array(layer.z)))[nis]
    position = min(max((z - layer.zmin) / (layer.zmax - layer.zmin), 0), 1)
    steps = [(p, rgb(c)) for p, c in layer.colorscale]
    (p0, c0), (p1, c1) = next((a, b) for a, b in zip(steps, steps[1:]) if a[0] <= position <= b[0])
    share = 0 if p1 == p0 else (position - p0) / (p1 - p0)
    return "rgb({}, {}, {})".format(*(round(a + share * (b - a)) for a, b in zip(c0, c1)))


# --- 18.4: a fixed colour scale ------------------------------------------------------------------------------------

@pytest.mark.parametrize("series", list(MAPS))
def test_menen_keeps_its_colour_whatever_the_region(app, series):
    """Today Menen's 71,4 % changed shade with the region chosen: the scale
    followed the shown municipalities."""
    page, params, key = MAPS[series]
    colours = {}
    for region in ("w13", "beide", "vlaanderen"):
        at = open_page(app, page, regio=region, **params)
        layer = value_layer(the_map(at, key))
        assert layer.zmin is not None and layer.zmax is not None, "no fixed range: plotly scales to the data"
        colours[region] = fill(layer, MENEN)
    assert len(set(colours.values())) == 1, colours


def test_the_same_rate_has_the_same_colour_every_year(app):
    at = open_page(app, "views/werkzaamheid.py", regio="w13", jaar="2010")
    earlier = value_layer(the_map(at, "werkzaamheid_kaart"))
    at = open_page(app, "views/werkzaamheid.py", regio="beide", jaar="2015")
    later = value_layer(the_map(at, "werkzaamheid_kaart"))
    assert (earlier.zmin, earlier.zmax, earlier.colorscale) == (later.zmin, later.zmax, later.colorscale)
    assert later.zmin < TARGET < later.zmax
    assert TARGET - later.zmin == later.zmax - TARGET    # centred on the target


def test_fixed_range_comes_from_every_flemish_municipality_and_year(store_path):
    """Jobseeker rate: from the store's Flemish values of all years, not the selection's."""
    con = connect(store_path, read_only=True)
    try:
        values = con.execute("select value from indicators i join municipalities m using (nis) "
                             "where indicator = 'werkzoekendengraad' and target_group = 'totaal' "
                             "and m.reg_nis = '02000' and value is not null").df()["value"]
        ours = con.execute("select value from indicators where indicator = 'werkzoekendengraad' "
                           "and target_group = 'totaal' and list_contains($nis, nis) and value is not null",
                           {"nis": REGION_30}).df()["value"]
    finally:
        con.close()
    scale = ch.fixed_scale(values)
    assert scale.lo <= values.quantile(0.01) and scale.hi >= values.quantile(0.99)
    assert scale != ch.fixed_scale(ours)   # the selection alone would give another range
    ticks, text = scale.ticks(" %")
    assert text[-1].startswith("≥") == bool((values > scale.hi).any())


def scale_colours() -> dict[str, list[str]]:
    return {"werkzaamheidsgraad": [c for _, c in ch.employment_colours()],
            "andere waarden": [c for _, c in ch.sequential_colours()]}


@pytest.mark.parametrize("scale", list(scale_colours()))
def test_every_colour_stands_out_from_grey_and_white(scale):
    """Contrast (WCAG) of every colour of the scale, the ones beside the
    target included, against the grey context, 'geen gegevens' and the page:
    at least 1,5:1 (today 1,03-1,3:1 near the target)."""
    for colour in scale_colours()[scale]:
        for background in (ch.CONTEXT_GREY, ch.NO_DATA, "#FFFFFF"):
            assert contrast(colour, background) >= MIN_CONTRAST, (colour, background, contrast(colour, background))


def test_scales_read_without_colour_vision():
    """Colour-blind safe: the lightness alone orders the values, darkest at
    the ends (employment: dark red up to the target, then dark blue from it;
    other values: dark = high), and the target is a clear jump."""
    positions = [p for p, _ in ch.employment_colours()]
    lum = [luminance(c) for _, c in ch.employment_colours()]
    middle = positions.index((TARGET - ch.EMPLOYMENT_SCALE.lo) / (ch.EMPLOYMENT_SCALE.hi - ch.EMPLOYMENT_SCALE.lo))
    assert all(a < b for a, b in zip(lum[:middle], lum[1:middle + 1]))       # lighter towards the target
    assert all(a > b for a, b in zip(lum[middle + 1:], lum[middle + 2:]))    # darker above it
    below, above = ch.employment_colours()[middle][1], ch.employment_colours()[middle + 1][1]
    assert unlabel_rgb(below)[0] > unlabel_rgb(below)[2] and unlabel_rgb(above)[2] > unlabel_rgb(above)[0]
    seq = [luminance(c) for _, c in ch.sequential_colours()]
    assert all(a > b for a, b in zip(seq, seq[1:]))


def test_legend_says_what_grey_means(app):
    at = open_page(app, "views/werkzaamheid.py", regio="vlaanderen", jaar="2015")
    fig = the_map(at, "werkzaamheid_kaart")
    legend = [t.name for t in fig.data if t.showlegend]
    assert any(name.startswith("grijs") and "niet gekozen" in name for name in legend), legend
    assert any("geen gegevens" in name for name in legend), legend   # 2015 has municipalities without a rate


# --- 18.3: names on the map ------------------------------------------------------------------------------------

def names_layer(fig):
    return next((t for t in fig.data if t.type == "scattergeo" and t.mode == "text"), None)


@pytest.mark.parametrize("series", list(MAPS))
def test_all_thirty_names_on_the_map(app, series, facts_names):
    page, params, key = MAPS[series]
    at = open_page(app, page, regio="beide", **params)
    fig = the_map(at, key)
    names = names_layer(fig)
    assert names is not None, "no names on the map: an audience never hovers"
    expected = {facts_names[c] for c in REGION_30}
    if series in ("werkzoekendengraad", "vacatures"):   # the 2025 map: the same 30 municipalities
        assert len(names.text) == 30
    assert set(names.text) == expected
    assert names.hoverinfo == "skip"     # a click still reaches the municipality under the name
    assert all(len(row) and row[0] for row in value_layer(fig).customdata)
    assert min(array(names.textfont.size)) >= ch.SMALL_NAME_SIZE and "white" in names.textfont.shadow


def test_flanders_names_the_largest_that_fit(app, facts_names, store_path):
    at = open_page(app, "views/werkzaamheid.py", regio="vlaanderen", jaar="2015")
    names = names_layer(the_map(at, "werkzaamheid_kaart"))
    assert 10 <= len(names.text) <= ch.MOST_NAMES
    con = connect(store_path, read_only=True)
    try:
        largest = con.execute("select name_nl from municipalities where reg_nis = '02000' and in_2019_boundaries "
                              "order by population_2020 desc limit 3").df()["name_nl"].tolist()
    finally:
        con.close()
    assert set(largest) <= set(names.text)


@pytest.mark.parametrize("width", ch.NAME_WIDTHS)
def test_names_do_not_overlap_at_flanders_scale(store_path, width):
    con = connect(store_path, read_only=True)
    try:
        places = con.execute("select nis, name_nl, lon, lat, min_lon, max_lon, min_lat, max_lat, "
                             "population_2020 as population, geojson from municipalities "
                             "where reg_nis = '02000' and in_2019_boundaries").df()
    finally:
        con.close()
    names = dict(zip(places["nis"], places["name_nl"]))
    bounds = (places["min_lon"].min(), places["min_lat"].min(), places["max_lon"].max(), places["max_lat"].max())
    view = ch.fit_view(bounds)
    labels = ch.name_labels(places, names, view, 600, width, every=True)
    assert len(labels) > 0
    (x0, x1), (y0, y1) = view["lonaxis"]["range"], [ch._mercator(v) for v in view["lataxis"]["range"]]
    per_degree = min(width / (x1 - x0), 600 / (y1 - y0))
    boxes = [(lon * per_degree, ch._mercator(lat) * per_degree, ch.CHAR_WIDTH * size * len(name) / 2, 0.6 * size)
             for name, lon, lat, size in labels[["name", "lon", "lat", "size"]].itertuples(index=False)]
    for i, (x, y, w, h) in enumerate(boxes):
        for x2, y2, w2, h2 in boxes[i + 1:]:
            assert abs(x - x2) > w + w2 or abs(y - y2) > h + h2, "two names overlap"


@pytest.fixture(scope="module")
def facts_names(store_path) -> dict[str, str]:
    con = connect(store_path, read_only=True)
    try:
        return dict(con.execute("select nis, name_nl from municipalities").fetchall())
    finally:
        con.close()


# --- 18.5: one colour per meaning ------------------------------------------------------------------------------

PAGES = [("views/overzicht.py", {}), ("views/werkzaamheid.py", {"jaar": "2015"}),
         ("views/werkzaamheid.py", {"indicator": "werkzoekenden"}), ("views/vacatures.py", {}),
         ("views/kansengroepen.py", {}), ("views/gemeentefiche.py", {})]
MEANING = {"vlaanderen": theme.FLANDERS_COLOUR, "regio": theme.REGION_COLOUR}


def trace_colour(trace) -> str | None:
    for part in (getattr(trace, "line", None), getattr(trace, "marker", None)):
        colour = getattr(part, "color", None)
        if isinstance(colour, str):
            return colour
    return None


def test_one_colour_per_meaning_on_every_page(app, facts_names):
    """Flanders, the region and the chosen municipality keep one colour on
    every page (today the colour followed a series' position in a chart)."""
    seen: dict[str, set[str]] = defaultdict(set)
    targets: set[str] = set()
    for page, params in PAGES:
        at = open_page(app, page, regio="w13", gemeente=MENEN, **params)
        for chart_id, fig in figures(at).items():
            for trace in fig.data:
                if trace.type not in ("scatter", "bar") or not trace.name or trace_colour(trace) is None:
                    continue
                colour, name = trace_colour(trace), trace.name
                role = theme.area_role(name)
                if role in MEANING:
                    seen[role].add(colour)
                elif name.startswith(facts_names[MENEN]):
                    seen["gekozen"].add(colour)
            targets |= {s.line.color for s in fig.layout.shapes if s.line.dash in ("dash", "dot")
                        and s.y0 == s.y1 == TARGET}
    assert seen["vlaanderen"] == {theme.FLANDERS_COLOUR}, seen
    assert seen["regio"] == {theme.REGION_COLOUR}, seen
    assert seen["gekozen"] == {theme.CHOSEN_COLOUR}, seen
    assert targets == {theme.TARGET_COLOUR}, targets


def test_meaning_colours_differ_and_are_kept_for_their_meaning():
    meanings = [theme.CHOSEN_COLOUR, theme.REGION_COLOUR, theme.FLANDERS_COLOUR, theme.TARGET_COLOUR,
                theme.MODELLED_COLOUR]
    assert len(set(meanings)) == len(meanings)
    assert not set(theme.OTHERS) & set(meanings)
    for region in ("Gemiddelde Zuid-West-Vlaanderen (W13)", "Westhoek (berekend)", "Arrondissement Ieper",
                   "Westhoek + Zuid-West-Vlaanderen"):
        colours = theme.area_colours([region, "Vlaanderen", "Menen", "Wevelgem", "Vlaanderen (berekend)"])
        assert colours == {region: theme.REGION_COLOUR, "Vlaanderen": theme.FLANDERS_COLOUR,
                           "Menen": theme.CHOSEN_COLOUR, "Wevelgem": theme.OTHERS[0],
                           "Vlaanderen (berekend)": theme.FLANDERS_COLOUR}


def test_two_regions_side_by_side_differ_and_one_region_keeps_one_colour():
    """Vacatures drew Westhoek and W13 in the same green (seen at regio=beide)."""
    colours = theme.area_colours(["Westhoek", "Zuid-West-Vlaanderen (W13)", "Vlaanderen", "Gemiddelde Westhoek",
                                  "Westhoek (berekend)"])
    assert colours["Westhoek"] == colours["Gemiddelde Westhoek"] == colours["Westhoek (berekend)"] \
        == theme.REGION_COLOUR
    assert colours["Zuid-West-Vlaanderen (W13)"] not in (theme.REGION_COLOUR, theme.FLANDERS_COLOUR,
                                                          theme.CHOSEN_COLOUR)


def test_map_carries_no_boundaries(app):
    """The names layer adds points, not geometry: the figure stays small."""
    at = open_page(app, "views/werkzaamheid.py", regio="vlaanderen", jaar="2015")
    spec = next(el.proto.spec for el in at.get("plotly_chart") if "werkzaamheid_kaart" in el.proto.id)
    assert "coordinates" not in spec and len(json.dumps(json.loads(spec))) < 200_000
