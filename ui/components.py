"""Small pieces every page uses: source lines, quality badges, downloads."""
from __future__ import annotations

import base64
from collections.abc import Callable

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from charts import ranking, sankey, yearly
from charts.choropleth import GEO_CONFIG, names_css, view_aspect
from charts.theme import TITLE_LINE_PX, label_margin, wrap_lines
from page_models import common
from common import exports, format as fmt
from ui import data, filters, layout, presentation, urlstate

QUALITY_LABELS = fmt.QUALITY_LABELS


def source_text(indicators: list[str], reference: str | int | None = None, extra: str | None = None,
                modelled: bool | None = None) -> str:
    """`page_models.common.source_text` with this run's metadata."""
    return common.source_text(data.metas(), indicators, reference, extra, modelled)


def source_line(indicators: list[str], reference: str | int | None = None, extra: str | None = None,
                modelled: bool | None = None) -> None:
    """Caption under a chart or table with producer, quality and reference."""
    st.caption(source_text(indicators, reference, extra, modelled))


def with_provenance(df: pd.DataFrame, indicators: list[str], modelled: pd.Series | bool | None = None
                    ) -> pd.DataFrame:
    """`page_models.common.with_provenance` with this run's metadata."""
    return common.with_provenance(data.metas(), df, indicators, modelled)


def metric(container, m: common.Metric, **kwargs) -> None:
    """A metric card (`page_models.common.Metric`) in `container`; a delta
    is context, without colour or arrow."""
    delta = {"delta": m.delta, "delta_color": "off", "delta_arrow": "off"} if m.delta else {}
    container.metric(m.label, m.value, help=m.help, **delta, **kwargs)


def modelled_badge(what: str = "Gemodelleerde gegevens") -> None:
    """A visible marker on anything that is not an official figure."""
    st.badge(f"{what}: geen officiële cijfers", icon=":material/science:", color="orange")


def downloads(df: pd.DataFrame | Callable[[], pd.DataFrame], basename: str, notes: list[str], key: str,
              decimals: exports.Decimals | None = None) -> None:
    """CSV (Belgian conventions) and XLSX buttons for a table. `basename`
    says what and when, e.g. `werkzaamheid_W13_2015`. The numbers are
    rounded as the page shows them: `decimals` ({column: n, or n per row})
    for a column whose header does not say its unit (`common.exports`). The
    files are made only when clicked, not on every rerun (`df` may be a
    function that makes the table then, without Streamlit calls). Not in
    presentation mode: one subject per screen (the exports are the handout)."""
    if presentation.active():
        return
    left, right = st.columns(2)
    def frame() -> pd.DataFrame:
        return df() if callable(df) else df

    left.download_button("CSV downloaden", lambda: exports.to_csv(frame(), decimals), f"{basename}.csv",
                         mime="text/csv", key=f"{key}_csv", icon=":material/download:",
                         on_click="ignore")
    right.download_button("Excel downloaden", lambda: exports.to_xlsx(frame(), notes=notes, decimals=decimals), f"{basename}.xlsx",
                          mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                          key=f"{key}_xlsx", icon=":material/download:", on_click="ignore")


# Plotly's own texts in Dutch: the toolbar's tooltips, its notices and the
# default hover words. plotly.js's "nl" locale has dates only (an empty
# dictionary) and Streamlit's bundle registers no locale, so the chart's
# config carries this one (`locales`, a documented config option; offline).
PLOTLY_LOCALE = "nl-BE"
PLOTLY_DUTCH = {
    "Autoscale": "Automatisch schalen", "Box Select": "Rechthoek selecteren", "Lasso Select": "Lasso selecteren",
    "Compare data on hover": "Gegevens vergelijken bij aanwijzen",
    "Show closest data on hover": "Dichtstbijzijnde gegevens tonen bij aanwijzen",
    "Toggle show closest data on hover": "Dichtstbijzijnde gegevens bij aanwijzen aan of uit",
    "Toggle Spike Lines": "Hulplijnen aan of uit",
    "Double-click on legend to isolate one trace": "Dubbelklik op de legende om één reeks apart te tonen",
    "Double-click to zoom back out": "Dubbelklik om weer uit te zoomen",
    "Download plot": "Grafiek downloaden", "Download plot as a PNG": "Grafiek downloaden als PNG",
    "Download plot as JSON": "Grafiek downloaden als JSON", "Image download succeeded": "Afbeelding gedownload",
    "JSON download succeeded": "JSON gedownload",
    "Preparing image - this may take a few seconds": "Afbeelding maken, dit kan enkele seconden duren",
    "Sorry, there was a problem downloading your image!": "De afbeelding kon niet worden gedownload.",
    "Sorry, there was a problem downloading your JSON file!": "Het JSON-bestand kon niet worden gedownload.",
    "Pan": "Verschuiven", "Reset": "Herstellen", "Reset axes": "Assen herstellen", "Reset view": "Weergave herstellen",
    "Reset views": "Weergaven herstellen", "Zoom": "Zoomen", "Zoom in": "Inzoomen", "Zoom out": "Uitzoomen",
    "trace": "reeks", "source:": "van:", "target:": "naar:", "incoming flow count:": "aantal inkomende stromen:",
    "outgoing flow count:": "aantal uitgaande stromen:", "lat:": "breedte:", "lon:": "lengte:",
}
PLOTLY_FORMAT = {"months": fmt.MONTHS, "shortMonths": [m[:3] for m in fmt.MONTHS],
                 "days": ["zondag", "maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag"],
                 "shortDays": ["zo", "ma", "di", "wo", "do", "vr", "za"], "date": "%d/%m/%Y"}
PLOTLY_CONFIG = {"displaylogo": False, **GEO_CONFIG, "locale": PLOTLY_LOCALE,
                 "locales": {PLOTLY_LOCALE: {"dictionary": PLOTLY_DUTCH, "format": PLOTLY_FORMAT}}}


RANKING_LIMIT = common.RANKING_LIMIT


def top(df: pd.DataFrame, column: str, what: str) -> pd.DataFrame:
    """The rows of a ranking chart: at most `RANKING_LIMIT`, the largest
    `column` first, with a caption naming `what` ("het hoogste aantal per
    1.000 inwoners") when some are left out."""
    if len(df) <= RANKING_LIMIT:
        return df
    st.caption(f"De {RANKING_LIMIT} gemeenten met {what}.")
    return df.nlargest(RANKING_LIMIT, column)


def _enlarged(node, minimum: int, font: bool = False):
    """`node` (a figure's JSON) with every font size (`font`, `tickfont`,
    `textfont`, ..., a number or one per point) at least `minimum`."""
    if isinstance(node, dict):
        return {k: (_at_least(v, minimum) if font and k == "size" else _enlarged(v, minimum, "font" in k))
                for k, v in node.items()}
    if isinstance(node, list):
        return [_enlarged(v, minimum) for v in node]
    return node


def _at_least(size, minimum: int):
    if isinstance(size, dict) and "bdata" in size:   # plotly's JSON holds an array as typed base64
        size = np.frombuffer(base64.b64decode(size["bdata"]), dtype=size["dtype"])
    if isinstance(size, (int, float)):
        return max(size, minimum)
    return np.maximum(np.asarray(size, dtype=float), minimum) if isinstance(size, (list, tuple, np.ndarray)) else size


# A slide's title in lines this long (characters), not a phone's (charts.theme.TITLE_WRAP): on a 1366 px
# projector a slide's chart is about 1,250 px wide, 900 beside the Gemeentefiche's figures. (Its two vacancy
# charts side by side, about 500 px each, have titles of at most about 50 characters: they fit.)
SLIDE_WRAP = round(900 / (0.56 * presentation.MIN_FONT_PX))
# How wide a chart across a slide is drawn on a 1366 px laptop: a ranking's panels beside each other
# (`charts.ranking.panels`) share it.
SLIDE_PX = 1250
# How wide a chart across a phone's slide is drawn (390 px, less the slide's margins: static/presentation.css).
PHONE_PX = 350


# A line chart's value axis on a slide: at most this many ticks (five 20 px labels ran together in a plot 80 px high).
SLIDE_VALUE_TICKS = 3


def _rewrapped(title: str) -> tuple[str, int]:
    """A title wrapped for a phone in a slide's lines, and how many lines fewer."""
    text = wrap_lines(title.replace("<br>", " "), SLIDE_WRAP)
    return text, title.count("<br>") - text.count("<br>")


def projected(fig) -> go.Figure:
    """The figure as a slide shows it, a copy (figures may come from a cache:
    ui.fiche, ui.data.figure; leaving presentation mode shows the original
    again): no text under `presentation.MIN_FONT_PX` (small-multiple titles,
    map labels and bar texts included; a bar text that does not fit is left
    out rather than shrunk; a Sankey's labels in a slide's longer lines and
    its gap between nodes, which holds them, grown with them), and the height left to the page's CSS, which
    sizes the chart to the screen (`presentation.CSS`)."""
    size = presentation.MIN_FONT_PX
    fig = go.Figure(_enlarged(go.Figure(fig).to_plotly_json(), size))
    fig.update_layout(font_size=max(fig.layout.font.size or 0, size), height=None, autosize=True,
                      uniformtext=dict(minsize=size, mode="hide"), legend_font_size=fig.layout.legend.font.size or size,
                      title_font_size=fig.layout.title.font.size or size)
    # Streamlit's chart theme sizes what the figure leaves open in rem, under 20 px.
    fig.update_xaxes(tickfont_size=size, title_font_size=size).update_yaxes(tickfont_size=size, title_font_size=size)
    if not any(trace.type != "scatter" for trace in fig.data):   # a line chart: the value axis's 20 px ticks
        fig.update_yaxes(nticks=SLIDE_VALUE_TICKS)   # apart where the sources below leave its plot low
    for trace in fig.data:
        if "colorbar" in trace:
            trace.update(colorbar=dict(tickfont_size=size, title_font_size=size))
    if fig.layout.title.text and "<br>" in fig.layout.title.text:
        text, fewer = _rewrapped(fig.layout.title.text)
        fig.update_layout(title_text=text, margin_t=max((fig.layout.margin.t or 0) - TITLE_LINE_PX * fewer, 0))
    if fig.layout.margin.l:   # a label margin (charts.theme.label_margin) grows with the letters
        fig.update_layout(margin_l=round(fig.layout.margin.l * presentation.FONT_SCALE))
    for trace in fig.data:
        if trace.type == "sankey" and trace.node.label and trace.node.customdata:   # charts.sankey's labels
            labels = sankey.rewrapped(list(trace.node.label), list(trace.node.customdata), sankey.SLIDE_WRAP)
            trace.node.update(label=labels, pad=sankey.node_pad(labels, size))
            # The top and bottom nodes' labels are centred on them, half a label beyond the plot: the modelled note above.
            half = round(sankey.LINE_PX * size / sankey.LABEL_SIZE / 2)
            fig.update_layout(margin_t=(fig.layout.margin.t or 0) + half, margin_b=(fig.layout.margin.b or 0) + half)
            for note in fig.layout.annotations:
                if note.yref == "paper" and note.yanchor == "bottom" and (note.y or 0) >= 1:
                    note.yshift = (note.yshift or 0) + half
    below = [a for a in fig.layout.annotations
             if a.yref == "paper" and a.y == 0 and a.yanchor == "top" and (a.yshift or 0) < 0]
    if below:   # notes under the axis (charts.ranking's reference lines) stand under its grown tick labels
        for note in below:
            note.yshift = round(note.yshift * presentation.FONT_SCALE)
        fig.update_layout(margin_b=round((fig.layout.margin.b or 0) * presentation.FONT_SCALE))
    names = [name for trace in fig.data if trace.type == "bar" and trace.orientation == "h"
             for name in (() if trace.y is None else trace.y)]
    if names and all(isinstance(name, str) for name in names):
        # Every bar named: plotly leaves out the names it finds too close, and an audience cannot hover.
        names = list(dict.fromkeys(names))
        fig.update_yaxes(tickmode="array", tickvals=names, ticktext=names)
        # A value beside its bar keeps the slide's letters (plotly shrank it to the bar's thickness, and the
        # uniform minimum then left it out: Trajecten's '<5' per municipality).
        fig.update_traces(constraintext="none", selector=dict(type="bar", orientation="h", textposition="outside"))
    meta = fig.layout.meta
    if isinstance(meta, dict) and meta.get("slide"):
        _beside(fig, meta["slide"], size)
    legend = fig.layout.legend
    if legend.orientation == "h" and legend.y is not None and legend.y < 0 and _has_legend(fig):
        # A legend under the axis (charts.theme.layout) would cover the larger tick labels of a
        # shorter chart: at the figure's foot instead, the ticks above it.
        fig.update_layout(legend=dict(yref="container", y=0, yanchor="bottom"),
                          margin_b=(fig.layout.margin.b or 0) + presentation.LEGEND_PX)
    return fig


def _beside(fig: go.Figure, slide: dict, size: int) -> None:
    """A chart's own slide layout (`layout.meta["slide"]`, charts.kansengroepen.composition): its bars' one-line
    names `y`, its `title`, and the legend and the modelled `note` beside the plot, in a margin as wide as the
    longest of the texts `side` (and a legend's symbol): above and under the plot they took the height its rows
    need for their 20 px names."""
    names, renamed = slide["y"], {}
    for trace in fig.data:
        if trace.y is not None and len(trace.y) == len(names):
            renamed |= dict(zip(trace.y, names))
            trace.y = names
    for note in fig.layout.annotations:   # a bar's value beside it (charts.kansengroepen), on its renamed row
        if note.yref == "y" and note.y in renamed:
            note.y = renamed[note.y]
    for note in fig.layout.annotations:
        if note.yref == "paper" and note.y is not None and note.y > 1:   # charts.theme.modelled_note
            note.update(text=slide["note"], x=1, xanchor="left", xshift=12, y=0, yanchor="bottom", align="left")
    names = list(dict.fromkeys(names))
    fig.update_layout(title_text=slide["title"],
                      legend=dict(orientation="v", x=1, xanchor="left", y=1, yanchor="top", yref="paper"),
                      margin=dict(l=label_margin(names, size), r=label_margin(slide["side"], size) + 40,
                                  t=50 + TITLE_LINE_PX * slide["title"].count("<br>"),
                                  b=round(40 * presentation.FONT_SCALE)))
    fig.update_yaxes(tickvals=names, ticktext=names)


def _has_legend(fig: go.Figure) -> bool:
    """Whether plotly draws a legend: not for a figure that says so, nor for
    one of only Sankeys (their nodes are their legend), nor, as plotly
    decides, for one of a single trace (a ranking: the room kept for a
    legend left its 30 bars 70 px less on a slide)."""
    if fig.layout.showlegend is not None:
        return fig.layout.showlegend
    listed = [trace for trace in fig.data if trace.type != "sankey" and trace.showlegend is not False]
    return len(listed) > 1 or any(trace.showlegend for trace in listed)


def chart(fig, key: str, filename: str, **kwargs):
    """Draw a plotly figure: PNG download from the chart's own toolbar
    (rendered in the browser, so offline) named `filename`. Extra arguments
    go to `st.plotly_chart` (e.g. `on_select`). In presentation mode the
    figure is `projected`, as tall as the screen allows, without the toolbar
    (it covered labels; the handout is the export) and without selection:
    clicking a map on the projector changes nothing."""
    config = {**PLOTLY_CONFIG, "toImageButtonOptions": {"format": "png", "filename": filename, "scale": 2}}
    if presentation.active():
        kwargs = {k: v for k, v in kwargs.items() if k not in ("on_select", "selection_mode")}
        if fig.layout.geo.projection.type:   # a map: which names layer its size on the slide holds
            scope, aspect = f":root.{presentation.ROOT_CLASS} .st-key-{key}", view_aspect(
                fig.layout.geo.lonaxis.range, fig.layout.geo.lataxis.range)
            st.html(f"<style>{names_css(scope, presentation.MIN_FONT_PX, aspect)}</style>")
        shown = projected(fig)
        config = {**config, "displayModeBar": False}
        phone = ranking.phone(shown, presentation.MIN_FONT_PX, presentation.FONT_SCALE, PHONE_PX)
        if phone:   # horizontal bars: on a phone, names in lines that leave the bars half the width
            return _bars_on_a_slide(shown, phone, key, config, kwargs)
        if fig.layout.height and not fig.layout.geo.projection.type:
            # A phone's slide scrolls: there the chart as tall as its letters ask, not squeezed to what the
            # text above it leaves of the screen (the Gemeentefiche's small multiples, a panel a row).
            height = fig.layout.height * presentation.FONT_SCALE
            narrow = yearly.phone(shown, presentation.MIN_FONT_PX, presentation.FONT_SCALE, PHONE_PX)
            if narrow:
                # Values per year, or a legend at the foot: on a phone a copy of its own (every n-th year, the
                # slide's ran together; the legend's names in lines), the slide's chart hidden there. Not
                # `layout.by_width`: the slide's chart stays where the slide's CSS sizes it to the screen.
                _phone_height(f"{key}_telefoon", height, hidden=key)
                drawn = st.plotly_chart(shown, key=key, config=config, height="stretch", **kwargs)
                with st.container(key=f"{layout.NARROW}{key}_telefoon"):
                    st.plotly_chart(narrow, key=f"{key}_telefoon", config=config, height="stretch", **kwargs)
                return drawn
            _phone_height(key, height)
        return st.plotly_chart(shown, key=key, config=config, height="stretch", **kwargs)
    if fig.layout.geo.projection.type:   # a map: as tall as its width asks (ui.layout.MAP)
        with st.container(key=layout.MAP + key):
            return st.plotly_chart(autosized(fig), key=key, config=config, height="stretch", **kwargs)
    return st.plotly_chart(fig, key=key, config=config, **kwargs)


def _phone_height(key: str, px: float, hidden: str | None = None) -> None:
    """The chart keyed `key` at least `px` high on a phone's slide (static/presentation.css sizes a slide's
    charts to the screen); the element keyed `hidden` (the slide's chart of which `key` is the phone's copy) not
    shown there."""
    gone = f'[data-testid="stMain"] .st-key-{hidden} {{display: none}}' if hidden else ""
    st.html(f"<style>@media (max-width: {layout.NARROW_PX - 0.02}px) {{[data-testid=\"stMain\"] .st-key-{key} "
            f".stPlotlyChart {{min-height: {round(px)}px}}{gone}}}</style>")


def _bars_on_a_slide(shown: go.Figure, phone: tuple[str, go.Figure, int], key: str, config: dict, kwargs: dict):
    """A slide's horizontal bars (`projected`): a long ranking in panels side by side (`charts.ranking.panels`),
    every name in the slide's letters and the title above them, and a line for the bars a slide leaves out;
    a short one as one chart. On a phone (`charts.ranking.phone`), which stacks columns (the panels ran off its
    screen under each other), one chart of every bar with the names in lines, as tall as they ask: the slide's
    chart kept the margins of the longest name and value and left its bars about 2 px."""
    parts = ranking.panels(shown, presentation.PANEL_BARS, presentation.MIN_FONT_PX, presentation.FONT_SCALE,
                           SLIDE_PX, presentation.CUT_PANEL_BARS)

    def wide() -> None:
        if not parts:
            st.plotly_chart(shown, key=key, config=config, height="stretch", **kwargs)
            return
        if parts.title:
            st.markdown(f"**{urlstate.plain(parts.title)}**")
        for i, (column, part) in enumerate(zip(st.columns(parts.widths), parts.parts)):
            with column:
                st.plotly_chart(part, key=f"{key}_{i + 1}", config=config, height="stretch", **kwargs)
        if parts.left_out:
            st.caption(parts.left_out)

    def narrow() -> None:
        title, fig, height = phone
        if title:
            st.markdown(f"**{urlstate.plain(title)}**")
        _phone_height(f"{key}_telefoon", height)
        st.plotly_chart(fig, key=f"{key}_telefoon", config=config, height="stretch", **kwargs)
    layout.by_width(f"{key}_panelen", wide, narrow)


def autosized(fig: go.Figure) -> go.Figure:
    """A copy of `fig` without its height and sized to its container: the
    figure's dict changed and handed out as a Figure that plotly does not
    validate again (`go.Figure(fig).update_layout(...)` validated the whole
    map at every run; it was when built)."""
    spec = fig.to_dict()
    spec["layout"] = {k: v for k, v in spec["layout"].items() if k != "height"}
    spec["layout"]["autosize"] = True   # where update_layout put it: the same JSON, so the same chart element
    return go.Figure(spec, _validate=False)


def map_chart(fig, key: str, filename: str, note: str = "") -> None:
    """A map whose click toggles a municipality in the shared filter, with
    the caption that says so (`note` after it); on the projector a click
    changes nothing, so neither is there."""
    chart(fig, key=key, filename=filename, on_select=filters.map_click(key), selection_mode="points")
    if not presentation.active():
        st.caption(" ".join(filter(None, [common.MAP_CLICK, note])))
