"""Colours and layout shared by every chart (readable on a projector)."""
from __future__ import annotations

import plotly.graph_objects as go

TARGET = 80.0
# Colour-blind-safe diverging scale (ColorBrewer RdBu), centred on the target.
DIVERGING = "RdBu"
GREY = "#B8BEC6"
SERIES = ["#0B5394", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000"]
FONT = dict(family="sans-serif", size=15, color="#1A1A1A")


def base_layout(fig: go.Figure, title: str | None = None, height: int = 420) -> go.Figure:
    fig.update_layout(
        # l: room for tick labels such as "12.000" or "75 %" (see label_margin).
        title=title, height=height, font=FONT, margin=dict(l=64, r=10, t=50 if title else 20, b=40),
        paper_bgcolor="white", plot_bgcolor="white", separators=",.",
        legend=dict(orientation="h", yanchor="top", y=-0.12, x=0),
        hoverlabel=dict(font_size=15),
    )
    fig.update_xaxes(showgrid=False, linecolor="#888")
    fig.update_yaxes(gridcolor="#E3E7EC", zeroline=False)
    return fig


def label_margin(labels, size: int = FONT["size"]) -> int:
    """Left margin (px) for horizontal bar labels, estimated from the longest
    label (sans-serif averages about 0,56 em a character). Wide enough that
    the axes' `automargin` (Streamlit's theme switches it on) has nothing to
    add: when it has, plotly draws the whole chart a second time, and
    Streamlit draws every changed chart anew on every rerun."""
    return round(12 + 0.56 * size * max((len(str(label)) for label in labels), default=0))


# Modelled values: hatched bars, dashed lines and a note inside the chart, so
# a screenshot or a projected chart still says it holds no official figures.
MODELLED_NOTE = "Gemodelleerd: geen officiële cijfers"
MODELLED_COLOUR = "#B35900"
MODELLED_PATTERN = dict(shape="/", fillmode="overlay", fgcolor="white", fgopacity=0.5, size=8, solidity=0.25)


def mark_modelled(fig: go.Figure, text: str = MODELLED_NOTE, inside: bool = False) -> go.Figure:
    """A note in the top right corner of the chart (above the plot area),
    or `inside` its top left corner (maps, which have no margin)."""
    where = (dict(x=0.01, y=0.99, xanchor="left", yanchor="top") if inside
             else dict(x=1, y=1.01, xanchor="right", yanchor="bottom"))
    fig.add_annotation(text=text, xref="paper", yref="paper", **where,
                       showarrow=False, font=dict(color=MODELLED_COLOUR, size=13),
                       bgcolor="#FFF3E0", bordercolor=MODELLED_COLOUR, borderwidth=1, borderpad=3)
    return fig


def marked(fig: go.Figure, modelled: bool, inside: bool = False) -> go.Figure:
    """The modelled marking exactly when the data is modelled (its quality
    column): the note added if missing; for official data (an import that
    replaced the model) the note, dashed lines and hatched bars of a chart
    builder that marks by default taken off again."""
    notes = [a for a in fig.layout.annotations if a.text == MODELLED_NOTE]
    if modelled:
        return fig if notes else mark_modelled(fig, inside=inside)
    fig.layout.annotations = [a for a in fig.layout.annotations if a.text != MODELLED_NOTE]
    fig.update_traces(line_dash="solid", selector=dict(type="scatter"))
    fig.update_traces(marker_pattern_shape="", selector=dict(type="bar"))
    return fig
