"""What a page shows by the screen's width: the server does not know it, so
a page can draw a chart twice, for a wide and a narrow screen (`by_width`),
and this CSS (on every page, `app.py`) shows the one that fits. Also: texts
that would run out of a phone's screen wrap."""
from __future__ import annotations

import math
import re
from html import escape
from collections.abc import Callable

import pandas as pd
import pyarrow as pa
import streamlit as st

from analysis.budget import NOT_PUBLISHED
from analysis.suppression import HIDDEN_TEXT
from charts.sparkline import sparkline
from common import format as fmt
from ui import data, presentation

# Below this window width a page is on a phone: Streamlit stacks its columns from 640 px down.
NARROW_PX = 640
WIDE, NARROW, HTML = "rm-wide-", "rm-narrow-", "rm-html-"
# An HTML table of `html_table`: its box's class and test id (the browser tests find tables by it).
TABLE_CLASS, TABLE_TESTID = "rm-table", "rmTable"
# A column of figures is right-aligned, as in a Belgian report: its cells Belgian numbers ("7.073",
# "€ 608.890,35", "71,4 %", "+1,2 ptn", "2024"; not an action's "1.5"), or what stands for a missing one.
NUMERIC, NUMBER = "rm-num", re.compile(r"[+\-−]?(€[\s\u00a0])?[+\-−]?(\d{1,3}(\.\d{3})+|\d+)(,\d+)?([\s\u00a0](%|ptn|‰))?")
# A cell of at most SHORT_CHARS characters (a municipality's name, "Langemark-Poelkapelle"): on a slide on one line
# (static/presentation.css), where the columns of figures beside it left the names a column of two to four lines.
SHORT, SHORT_CHARS = "rm-short", 22
NO_NUMBER = {NOT_PUBLISHED, fmt.HIDDEN, "geen gegevens", "-", "–", "—", *HIDDEN_TEXT.values()}   # "<5" a count hidden
# A map (`ui.components.chart`) in a container of this key: as tall as its width asks, from MAP_PX on a phone
# to the MAP_PX[1] a laptop gives it; 600 px on a phone left the map a band in the middle of white.
MAP, MAP_PX = "rm-map-", (380, 600)
# The container's wrapper (Streamlit's stLayoutWrapper) is hidden with it: left shown, the hidden copy's empty
# wrapper still took a gap, and on a slide half the height the charts share (static/presentation.css grows
# every wrapper that holds a chart): the Sankey of Budgetten was left a third of the slide.
CSS = (f'@media (max-width: {NARROW_PX - 0.02}px) {{:is([class*="st-key-{WIDE}"], '
       f'[data-testid="stLayoutWrapper"]:has(> [class*="st-key-{WIDE}"])) {{display: none}}'
       # A selectbox shows its choice in an input, which cannot wrap: smaller letters on a phone, so
       # "Nieuwkomers (doelgroep inburgering) (2024, officieel)" fits.
       '[data-testid="stSelectbox"] input {font-size: 13px}}'
       f'@media (min-width: {NARROW_PX}px) {{:is([class*="st-key-{NARROW}"], '
       f'[data-testid="stLayoutWrapper"]:has(> [class*="st-key-{NARROW}"])) {{display: none}}}}'
       f'[class*="st-key-{MAP}"] {{container-type: inline-size}}'
       f'[class*="st-key-{MAP}"] .stPlotlyChart {{height: clamp({MAP_PX[0]}px, 100cqw - 60px, {MAP_PX[1]}px)}}'
       # A long word (a file name, an address) in a source line, a segmented control's choices, and a
       # label or a metric's note Streamlit would end with "…": on more lines, whole.
       '[data-testid="stCaptionContainer"] {overflow-wrap: anywhere}'
       '[data-testid="stButtonGroup"] > div {flex-wrap: wrap}'
       # An HTML table (`html_table`): st.table's look, its texts wrapped (a short one, "niet gepubliceerd", too),
       # 0,5rem between columns (st.table's 1,15rem took the pack's trajectories beyond a 1366 px laptop's main
       # area); it scrolls sideways inside its box rather than run off the page.
       f'.{TABLE_CLASS} {{overflow-x: auto; font-size: 0.875rem; line-height: 1.4}}'
       f'.{TABLE_CLASS} table {{border-collapse: collapse; width: 100%; margin: 0}}'
       f'.{TABLE_CLASS} :is(td, th) {{padding: 0.25rem 0.25rem 0.25rem 0.5rem; text-align: left; '
       'vertical-align: middle; border: none; border-bottom: 1px solid rgba(49, 51, 63, 0.1); white-space: normal}'
       f'.{TABLE_CLASS} :is(td, th).{NUMERIC} {{text-align: right}}'
       f'.{TABLE_CLASS} th {{font-weight: 400; color: rgba(49, 51, 63, 0.6); vertical-align: bottom}}'
       f'.{TABLE_CLASS} tbody tr:last-child td {{border-bottom: none}}'
       f'.{TABLE_CLASS} svg {{display: block}}'
       '[data-testid="stMain"] :is(.stMarkdownEllipsis, .stMarkdownEllipsis p) '
       '{white-space: normal; overflow: visible; text-overflow: clip}')


# An HTML table wraps a cell at its spaces: "€ 3.653.342,10" on a phone was "€" over its amount. The euro sign
# and a percent sign stay with their number (a no-break space), in what the tables show, never in the exports.
UNIT = re.compile(r"(?<=€) (?=[\d-])|(?<=\d) (?=%)")


def unbroken(frame: pd.DataFrame) -> pd.DataFrame:
    """`frame` with each amount's € and % joined to its number."""
    return frame.map(lambda v: UNIT.sub("\u00a0", v) if isinstance(v, str) else v)


def by_width(key: str, wide: Callable[[], object], narrow: Callable[[], object]) -> None:
    """Draw `wide()` for a laptop or projector and `narrow()` for a phone;
    the CSS shows one. (Plotly draws a hidden chart when it is shown.)"""
    with st.container(key=WIDE + key):
        wide()
    with st.container(key=NARROW + key):
        narrow()


def table(key: str, frame: pd.DataFrame, narrow: list[str], formats: dict | None = None,
          kept: tuple | None = None, part: presentation.Part | None = None, slide_hidden: tuple[str, ...] = (),
          **kwargs) -> None:
    """`st.dataframe(frame, **kwargs)` on a laptop, only the columns `narrow`
    it has on a phone (`by_width`; a programme without published job
    outcomes has no "Werk"): a key table whose columns scrolled sideways
    there. `formats`: each column's format (`Styler.format`). The phone's
    table is an HTML table (`st.table`): the laptop's hidden copy of it
    then costs the browser next to nothing, where a second data grid cost
    it about 60 ms of every rerun (Vacatures, CDP metrics). The exports keep
    every column. `kept`: what determines `frame` besides the data version
    and `key` (the page's filters; () for none): both copies are then kept
    as the Arrow tables Streamlit sends (`ui.data.keyed`), made once
    instead of at every run (picking the phone's columns and converting
    both copies cost about 1,5 ms a table: a fifth of the Regie page's run).

    On a slide (presentation mode) an HTML table instead, whatever the page
    (`html_table`: `part`, its rows on this slide, `slide_hidden`, the
    columns the slide leaves out): a data grid draws on a canvas in its own
    14-15 px letters, under a slide's 20 px, and hid the rows it had no room
    for behind its own scrollbar (Werkzaamheid's ranking showed 9 of 30 on
    a laptop)."""
    if presentation.active():
        html_table(key, frame, narrow, kept=kept, formats=formats, part=part, slide_hidden=slide_hidden)
        return
    def styled(piece: pd.DataFrame):
        shown = {c: f for c, f in (formats or {}).items() if c in piece}
        return piece.style.format(shown) if shown else piece
    columns = [c for c in narrow if c in frame]
    if kept is not None and not formats:
        wide, small = data.keyed(("table", key, *kept), _arrow, frame, columns)
    else:
        wide, small = styled(frame), styled(unbroken(frame[columns]))
    by_width(key, lambda: st.dataframe(wide, **kwargs), lambda: st.table(small, hide_index=True, border="horizontal"))


def html_table(key: str, frame: pd.DataFrame, narrow: list[str], lines: dict[str, str] | None = None,
               kept: tuple | None = None, formats: dict | None = None, part: presentation.Part | None = None,
               slide_hidden: tuple[str, ...] = ()) -> None:
    """`frame` as a plain HTML table (`st.html`, `TABLE_TESTID`), only its
    columns `narrow` on a phone (`by_width`): its text in the page's letters
    (a slide's 20 px), names and headers wrapped whole, where a data grid
    draws on a canvas in its own smaller letters and cuts what does not fit
    its columns. Plain HTML rather than `st.table`, which draws every cell
    as Markdown: a rerun costs the browser next to nothing (the same HTML
    again), where the Regie page's action tables cost it about 170 ms of CPU
    as `st.table` and their grids more (`bench.browser_work`). `lines`:
    column -> colour, columns of series drawn as sparklines
    (`charts.sparkline`). `formats`: column -> its cells' text (a function
    or a format string, as `Styler.format`). `kept`: what determines `frame`
    besides the data version and `key` (() for none): its HTML is then made
    once (`ui.data.keyed`).

    On a slide: only the rows `part` (`presentation.Slides.part`; the line
    for the rows beyond the last slide under it), without the columns
    `slide_hidden` (what the slide's heading or source says, or what would
    take it beyond a laptop's width) and without the sparklines (a few
    pixels high: nothing from the back of the room)."""
    on_slide = presentation.active()
    rows = part if on_slide and part is not None else None
    left_out = tuple(c for c in frame if on_slide and (c in slide_hidden or c in (lines or {})))
    args = (frame, narrow, lines or {}, formats or {}, rows and (rows.start, rows.stop), left_out)
    if kept is not None:
        wide, small = data.keyed(("html table", key, on_slide, *args[4:], *kept), _html, *args)
    else:
        wide, small = _html(*args)
    with st.container(key=HTML + key):
        by_width(key, lambda: st.html(wide), lambda: st.html(small))
    if rows is not None and rows.rest:
        st.caption(rows.rest)


def texts(frame: pd.DataFrame, formats: dict) -> pd.DataFrame:
    """`frame` with each column of `formats` as its texts (a function, or a format string as `Styler.format`)."""
    return frame.assign(**{c: frame[c].map(f if callable(f) else f.format) for c, f in formats.items() if c in frame})


def _html(frame: pd.DataFrame, narrow: list[str], lines: dict[str, str], formats: dict,
          rows: tuple[int, int] | None = None, left_out: tuple[str, ...] = ()) -> tuple[str, str]:
    """The HTML of `frame` (its `rows`, without the columns `left_out`) and of its `narrow` columns."""
    part = frame if rows is None else frame.iloc[rows[0]:rows[1]]
    shown = unbroken(texts(part.drop(columns=list(left_out)), formats))
    return _markup(shown, lines), _markup(shown[[c for c in narrow if c in shown]], lines)


def _missing(value) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def numeric(values: pd.Series) -> bool:
    """Whether a column holds figures: numbers (`NUMBER`, or numbers) and
    what stands for a missing one (`NO_NUMBER`: "niet gepubliceerd", "x", "<5",
    "x (verborgen)", "–"), at least one of them, and nothing else (an empty
    cell aside): a column of costs none of which is published too."""
    kinds = set()
    for value in values:
        if _missing(value) or (isinstance(value, str) and not value.strip()):
            continue
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            kinds.add("number")
        elif isinstance(value, str) and NUMBER.fullmatch(value.strip()):
            kinds.add("number")
        elif isinstance(value, str) and (value.strip() in NO_NUMBER or value.startswith(f"{fmt.HIDDEN} (")):
            kinds.add("missing")
        else:
            return False
    return bool(kinds)


def _markup(frame: pd.DataFrame, lines: dict[str, str]) -> str:
    def cell(column: str, value) -> str:
        if column in lines:
            return sparkline(value, lines[column])
        return "" if _missing(value) else escape(str(value))
    figures = [c not in lines and numeric(frame[c]) for c in frame.columns]
    def tag(name: str, figure: bool, text: str = "") -> str:
        classes = " ".join([NUMERIC] * figure + [SHORT] * (0 < len(text) <= SHORT_CHARS and "<" not in text))
        return f'<{name} class="{classes}">' if classes else f"<{name}>"
    head = "".join(f"{tag('th', n)}{escape(str(c))}</th>" for c, n in zip(frame.columns, figures))
    body = "".join("<tr>" + "".join(f"{tag('td', n, text)}{text}</td>" for c, v, n in zip(frame.columns, row, figures)
                                    for text in [cell(c, v)])
                   + "</tr>" for row in frame.itertuples(index=False, name=None))
    return (f'<div class="{TABLE_CLASS}" data-testid="{TABLE_TESTID}"><table><thead><tr>{head}</tr></thead>'
            f"<tbody>{body}</tbody></table></div>")


def _arrow(frame: pd.DataFrame, columns: list[str]) -> tuple[pa.Table, pa.Table]:
    """`frame` and its `columns` as Streamlit converts a frame it is given
    (`pyarrow.Table.from_pandas`: the index kept in the metadata)."""
    return pa.Table.from_pandas(frame), pa.Table.from_pandas(unbroken(frame[columns]))
