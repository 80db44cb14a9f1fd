"""Colours and layout shared by every chart (readable on a projector)."""
from __future__ import annotations

import base64
import textwrap
from itertools import cycle

import numpy as np
import plotly.graph_objects as go

from common.vocabulary import FLANDERS
from loaders.regions import REGIONS

GREY = "#B8BEC6"

# One colour per meaning on every page (issue 18.5), from the colour-blind-safe
# Okabe-Ito set: whatever the chart, the chosen municipality is blue, its
# region green, Flanders dark grey, the 80 % target red and modelled figures
# orange-brown. `area_colours` gives an area its colour from its name.
CHOSEN_COLOUR = "#0B5394"     # the chosen municipality (the first of several), the shown selection
REGION_COLOUR = "#009E73"     # Westhoek, W13, both, or a municipality's arrondissement
FLANDERS_COLOUR = "#4D4D4D"   # Vlaanderen
TARGET_COLOUR = "#B2182B"     # the 80 % target and other thresholds (tension 1)
MODELLED_COLOUR = "#B35900"
MODELLED_NOTE = "Gemodelleerd: geen officiële cijfers"   # in a chart with modelled values (`modelled_note`)
# Everything without one of those meanings (further municipalities, target
# groups, categories), none of them close to a meaning's colour.
OTHERS = ["#CC79A7", "#56B4E9", "#E69F00", "#882255", "#999933", "#332288"]
SERIES = [CHOSEN_COLOUR, *OTHERS]
REGION_NAMES = tuple(region["label"] for region in REGIONS.values())
FONT = dict(family="sans-serif", size=15, color="#1A1A1A")
# Characters of a chart title per line (`wrap_lines`): a half-width chart on a laptop (1366 px) is about
# 430 px wide, a chart on a phone about 350: plotly clips a longer title line at the chart's edge. The
# server does not know a chart's width; a slide, wide on any projector, rewraps (ui.components.SLIDE_WRAP),
# and the browser wraps a title again to its chart's width where that saves lines (static/titles.js).
TITLE_WRAP = 40
TITLE_LINE_PX = 22


def area_role(name: str) -> str:
    """What an area's name means on the pages: "vlaanderen", "regio" (a
    region's or an arrondissement's name, an average of an area) or
    "gekozen" (a municipality, the chosen ones together). Pages name areas
    "Vlaanderen", "Gemiddelde Westhoek", "Zuid-West-Vlaanderen (W13)",
    "Westhoek (berekend)", "Arrondissement Ieper", "Menen" or "3 gekozen
    gemeenten"."""
    core = name.removesuffix(" (berekend)")
    if core.lower().startswith("gemiddelde "):
        core = core[len("gemiddelde "):]
        if not (core == FLANDERS or core.startswith(FLANDERS + " ")):
            return "regio"
    if core == FLANDERS or core.startswith(FLANDERS + " "):
        return "vlaanderen"
    if core.startswith("Arrondissement ") or any(region in core for region in REGION_NAMES):
        return "regio"
    return "gekozen"


def area_colours(names) -> dict[str, str]:
    """A colour per name by its meaning (`area_role`): Flanders, the region,
    the first other name the chosen colour, the further ones `OTHERS` in
    turn. Two regions side by side (Westhoek beside W13) must not look
    alike: the first keeps the region's colour, another region is a further
    area (the same region's average and computed figure stay one colour)."""
    others, out, region = cycle(OTHERS), {}, None
    for name in dict.fromkeys(names):
        role = area_role(name)
        if role == "vlaanderen":
            out[name] = FLANDERS_COLOUR
        elif role == "regio" and region in (None, _area_key(name)):
            region, out[name] = _area_key(name), REGION_COLOUR
        else:
            out[name] = next(others) if role == "regio" or CHOSEN_COLOUR in out.values() else CHOSEN_COLOUR
    return out


def _area_key(name: str) -> str:
    """`Gemiddelde Westhoek` and `Westhoek (berekend)` -> `Westhoek`."""
    core = name.removesuffix(" (berekend)")
    return core[len("gemiddelde "):] if core.lower().startswith("gemiddelde ") else core


def layout(title: str | None = None, height: int = 420, **extra) -> dict:
    """The shared layout as a dict, `extra` merged into it (nested dicts
    key by key): for `figure`, which builds a chart in one construction."""
    base = dict(
        # l: room for tick labels such as "12.000" or "75 %" (see label_margin).
        title=title, height=height, font=FONT,
        margin=dict(l=64, r=10, t=50 + TITLE_LINE_PX * title.count("<br>") if title else 20, b=40),
        paper_bgcolor="white", plot_bgcolor="white", separators=",.",
        legend=dict(orientation="h", yanchor="top", y=-0.12, x=0),
        hoverlabel=dict(font_size=15),
        xaxis=dict(showgrid=False, linecolor="#888"), yaxis=dict(gridcolor="#E3E7EC", zeroline=False),
    )
    return _merged(base, extra)


def _merged(base: dict, extra: dict) -> dict:
    # By hand: plotly merges only through Figure.update_layout, the slow path `figure` avoids.
    out = dict(base)
    for key, value in extra.items():
        out[key] = _merged(out[key], value) if isinstance(value, dict) and isinstance(out.get(key), dict) else value
    return out


def figure(traces, title: str | None = None, height: int = 420, *, modelled: bool = False,
           note: str = MODELLED_NOTE, shapes: list[dict] = (), annotations: list[dict] = (), **extra) -> go.Figure:
    """A chart in one construction: traces, the shared layout with `extra`
    merged in, `shapes` and `annotations`, and the modelled `note` when
    `modelled`. Plotly's update_layout/update_xaxes/add_vline walk and
    validate the figure on every call: a bar chart built through them cost
    about 20 ms of every rerun, in one construction about 9 ms."""
    notes = [*annotations, modelled_note(note)] if modelled else list(annotations)
    spec = layout(title, height, shapes=list(shapes), annotations=notes, **extra)
    if modelled and title:   # the title at the top, the note under it: side by side they met on a phone
        spec = _merged(spec, dict(title=dict(text=title, y=1, yref="container", yanchor="top", pad=dict(t=TITLE_TOP_PX)),
                                  margin=dict(t=spec["margin"]["t"] + NOTE_PX)))
    return go.Figure(data=list(traces), layout=spec)


def reference_line(axis: str, value: float, label: str | None, *, colour: str = TARGET_COLOUR, dash: str = "dash",
                   label_colour: str | None = None, position: str = "bottom right") -> tuple[dict, list[dict]]:
    """A line across the plot at `value` on `axis` ("x": vertical, "y":
    horizontal) and its label at `position` ("top left", "bottom right"),
    as the shape and annotations `figure` takes (what add_vline/add_hline
    draw, without their cost)."""
    vertical, top, right = axis == "x", position.startswith("top"), position.endswith("right")
    across = "y domain" if vertical else "x domain"
    shape = dict(type="line", xref="x" if vertical else across, yref=across if vertical else "y",
                 line=dict(color=colour, dash=dash, width=2),
                 **(dict(x0=value, x1=value, y0=0, y1=1) if vertical else dict(x0=0, x1=1, y0=value, y1=value)))
    if not label:
        return shape, []
    if vertical:   # beside the line, at the top or bottom of the plot
        where = dict(x=value, xref="x", y=1 if top else 0, yref="y domain",
                     xanchor="left" if right else "right", yanchor="top" if top else "bottom")
    else:          # above or below the line, at its left or right end
        where = dict(x=1 if right else 0, xref="x domain", y=value, yref="y",
                     xanchor="right" if right else "left", yanchor="bottom" if top else "top")
    return shape, [dict(text=label, showarrow=False, font=dict(color=label_colour or colour), bgcolor="white", **where)]


def base_layout(fig: go.Figure, title: str | None = None, height: int = 420) -> go.Figure:
    """The shared layout on a figure with subplots (every x and y axis)."""
    shared = layout(title, height)
    xaxis, yaxis = shared.pop("xaxis"), shared.pop("yaxis")
    fig.update_layout(shared)
    fig.update_xaxes(xaxis)
    fig.update_yaxes(yaxis)
    return fig


def wrap_lines(text: str, width: int = TITLE_WRAP, hyphens: bool = False) -> str:
    """A chart's title or label in lines of at most `width` characters
    (plotly wraps no text; `layout` gives a title's further lines room),
    broken at spaces (and at hyphens when `hyphens`: a name stays whole)."""
    return "<br>".join(textwrap.wrap(text, width, break_long_words=False, break_on_hyphens=hyphens))


def label_margin(labels, size: int = FONT["size"]) -> int:
    """Left margin (px) for horizontal bar labels, estimated from the longest
    label (sans-serif averages about 0,56 em a character). Wide enough that
    the axes' `automargin` (Streamlit's theme switches it on) has nothing to
    add: when it has, plotly draws the whole chart a second time, and
    Streamlit draws every changed chart anew on every rerun."""
    return round(12 + 0.56 * size * max((len(str(label)) for label in labels), default=0))


# Modelled values: hatched bars, dashed lines and a note inside the chart, so
# a screenshot or a projected chart still says it holds no official figures.
NOTE_PX = 34   # room for the note above the plot
TITLE_TOP_PX = 26   # plotly anchors a title's first line by its baseline
MODELLED_PATTERN = dict(shape="/", fillmode="overlay", fgcolor="white", fgopacity=0.5, size=8, solidity=0.25)


def modelled_note(text: str = MODELLED_NOTE, inside: bool = False) -> dict:
    """The note in the top right corner of the chart (above the plot area),
    or `inside` its top left corner (maps, which have no margin)."""
    where = (dict(x=0.01, y=0.99, xanchor="left", yanchor="top") if inside
             else dict(x=1, y=1.01, xanchor="right", yanchor="bottom"))
    return dict(text=text, xref="paper", yref="paper", **where, showarrow=False,
                font=dict(color=MODELLED_COLOUR, size=13), bgcolor="#FFF3E0", bordercolor=MODELLED_COLOUR,
                borderwidth=1, borderpad=3)


def mark_modelled(fig: go.Figure, text: str = MODELLED_NOTE) -> go.Figure:
    """The modelled note added to a finished figure (the small multiples)."""
    fig.add_annotation(modelled_note(text))
    return fig


def array(value):
    """A trace's array as numbers: plotly's JSON holds a numeric one as typed base64 (a figure made from it too)."""
    if isinstance(value, dict) and "bdata" in value:
        array = np.frombuffer(base64.b64decode(value["bdata"]), dtype=value["dtype"])
        return array.reshape([int(n) for n in str(value["shape"]).split(",")]) if "shape" in value else array
    return value


def phone_legend(traces: list, chars: int, font_px: int, scale: float) -> tuple[list, float]:
    """`traces` with their names in lines of at most `chars` characters (a name in 20 px letters ran out of a
    phone's chart), and the height (px) of their legend at the chart's foot, one entry under the other (0 for
    a single trace, which plotly draws without a legend)."""
    named = [type(t)(t, name=wrap_lines(t.name, chars) if t.name else t.name) for t in traces]
    lines = sum(t.name.count("<br>") + 1 for t in named if t.name and t.showlegend is not False) \
        if len(named) > 1 else 0
    return named, (lines * (1.25 * font_px + 6) + 8 * scale if lines else 0)
