"""Presentation mode for meetings on a projector (`?presentatie=1`).

The sidebar is hidden, text and chart labels are large, and each page shows
one subject at a time: a page lists its sections (`Slides([...])`) and draws
a section only when `slides.show(name)` is true. The fixed sequence runs
through the sections of each page in navigation order; "Vorige"/"Volgende"
(also PageUp/PageDown, what presentation clickers send) step through it for
the current selection.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import streamlit as st

from common import format as fmt
from ui.urlstate import BadParam, Param

KEY, SLIDE = "presentatie", "dia"
_SEQUENCE, _SECTIONS = "_presentation_pages", "_presentation_sections"
_PAGE, _DRAWN = "_presentation_page", "_presentation_drawn"
FONT_SCALE = 1.45

NAV_KEY = "presentatie_navigatie"   # the container of the controls: CSS class st-key-<key>
HIDDEN_KEY = "presentatie_verborgen"
ROOT_CLASS = "rm-presenting"   # on <html> while the link says presentatie=1 (static/presentation.js)
MIN_FONT_PX = 20   # no text under this on a slide (charts: ui.components.projected)
# A bar chart on a laptop's slide (1366x768) holds about this many bars, each name on one line of this many
# characters (the width of a slide leaves room for it).
SLIDE_BARS, SLIDE_NAME_WRAP = 6, 40
# A slide's horizontal bars (a ranking of municipalities) beyond this many stand in panels side by side of at most
# as many (`charts.ranking.panels`): a 20 px name needs about 23 px a bar, and a 1366x768 slide's ranking under
# its choice, heading and title has about 250 px for them.
PANEL_BARS = 10
# Of a ranking cut to its top and bottom (more bars than three panels hold: Flanders' 40 of 300), at most this many
# a panel: the lines that say what the slide leaves out, above and under the chart, took the height of a few bars,
# and at 1366x768 its ten rows a panel of about 16 px ran the 20 px names into each other (six: about 26 px).
CUT_PANEL_BARS = 6
LEGEND_PX = 70     # room under a chart's tick labels for a legend row (ui.components.projected)
# A table on a slide is an HTML table in the slide's letters (`ui.layout.table`), its rows over as many slides
# as they need (`Rows`), never behind a scrollbar: at most TABLE_ROWS rows a slide, what a 1366x768 slide holds
# under its title, heading, source line and the control bar (a row of 20 px letters about 35 px); at most
# TABLE_SLIDES slides a table (Flanders' 300 municipalities are not 30 slides: the rest is on the page and in
# the export, and the last slide says so).
TABLE_ROWS, TABLE_SLIDES = 10, 3
STATIC = Path(__file__).parent.parent / "static"
CSS = (STATIC / "presentation.css").read_text(encoding="utf-8").replace(
    "NAV_KEY", NAV_KEY).replace("HIDDEN_KEY", HIDDEN_KEY)
# Sets the root's class that enlarges the letters from the link, not from the run (see the script).
SCRIPT = (STATIC / "presentation.js").read_text(encoding="utf-8").replace('"KEY"', f'"{KEY}"')


def _flag(raw: list[str]) -> bool:
    if raw[-1] not in ("1", "0", "true", "false"):
        raise BadParam(f"Onbekende waarde '{raw[-1]}' voor presentatie in de link; gebruik 1 of 0.")
    return raw[-1] in ("1", "true")


def _slide(raw: list[str]) -> int:
    if not (raw[-1].isascii() and raw[-1].isdigit()):
        raise BadParam(f"Dia '{raw[-1]}' in de link is geen nummer; eerste dia getoond.")
    return int(raw[-1])


PARAMS = [Param(KEY, False, _flag, lambda v: "1", read_early=True), Param(SLIDE, 0, _slide)]


def active() -> bool:
    return bool(st.session_state.get(KEY, False))


@dataclass(frozen=True)
class Part:
    """The rows `start:stop` of a table of `total` rows that one slide
    shows; `rest`: on the last slide, the line for the rows no slide
    shows (None when every row is on a slide)."""
    start: int
    stop: int
    total: int
    rest: str | None = None

    @property
    def label(self) -> str:
        """What a slide's heading adds: " (1-10 van 30)", or nothing when the slide shows every row."""
        return "" if (self.start, self.stop) == (0, self.total) else f" ({self.start + 1}-{self.stop} van {self.total})"


def split(total: int, noun: str = "rijen", per_slide: int = TABLE_ROWS, most: int = TABLE_SLIDES) -> list[Part]:
    """A table of `total` rows (`noun`: "gemeenten") over slides: parts of
    at most `per_slide` rows in the table's order, as even as they can be
    (30 rows: 10, 10, 10; 12: 6, 6, not 10 and 2), on at most `most`
    slides. Rows beyond them: every slide full but the last, which gives a
    row's room to the line that says where the rest is."""
    if total <= 0:
        return [Part(0, 0, 0)]
    if total <= per_slide * most:
        slides = -(-total // per_slide)
        bounds = [round(total * k / slides) for k in range(slides + 1)]
        return [Part(a, b, total) for a, b in zip(bounds, bounds[1:])]
    shown = per_slide * most - 1
    bounds = [min(k * per_slide, shown) for k in range(most + 1)]
    rest = (f"Op de dia's de eerste {shown}; de volledige tabel ({fmt.number(total)} {noun}) staat op de pagina en "
            "in de export.")
    return [Part(a, b, total, rest if b == shown else None) for a, b in zip(bounds, bounds[1:])]


@dataclass(frozen=True)
class Rows:
    """A section whose table goes over slides (`split`), in a `Slides`
    list: as many slides as its `total` rows need."""
    section: str
    total: int
    noun: str = "rijen"
    per_slide: int = TABLE_ROWS
    most: int = TABLE_SLIDES

    def parts(self) -> list[Part]:
        return split(self.total, self.noun, self.per_slide, self.most)

    def names(self) -> list[str]:
        """The slides' names: the section's own when one slide holds the table, else "<section> 1-10", ..."""
        parts = self.parts()
        return [self.section] if len(parts) == 1 else [f"{self.section} {p.start + 1}-{p.stop}" for p in parts]


def hidden():
    """A container drawn but not shown on a slide (static/presentation.css):
    a page's choice that belongs to another slide keeps its value."""
    return st.container(key=HIDDEN_KEY) if active() else st.container()


def set_sequence(pages: list) -> None:
    """The pages, in order, that presentation mode steps through."""
    st.session_state[_SEQUENCE] = pages


def begin_page(page) -> None:
    """The page about to run (app.py); its `Slides` draw the controls."""
    st.session_state[_PAGE] = page.title
    st.session_state[_SECTIONS] = [""]
    st.session_state[_DRAWN] = False


def style() -> None:
    if active():
        st.html(f"<style>{CSS}</style>")   # style only: Streamlit keeps it out of the layout
        st.html(f'<span class="rm-script"></span><script>{SCRIPT}</script>', unsafe_allow_javascript=True)


class Slides:
    """The sections of one page, in presentation order. A section whose
    table goes over several slides is given as `Rows`: `show(section)` is
    true on each of them, `part(section)` says which rows."""

    def __init__(self, sections: list[str | Rows]):
        # Every slide's name, and the section and rows of each slide of a `Rows`.
        self._parts: dict[str, tuple[str, Part]] = {}
        names = []
        for section in sections:
            if isinstance(section, Rows):
                for name, p in zip(section.names(), section.parts()):
                    self._parts[name] = (section.section, p)
                    names.append(name)
            else:
                names.append(section)
        self.sections, self._marked = names, False
        self._whole = {s.section: Part(0, s.total, s.total) for s in sections if isinstance(s, Rows)}
        st.session_state[_SECTIONS] = names
        index = st.session_state.get(SLIDE, 0)
        if index >= len(names):  # -1 from "Vorige" on the next page, or a bad link
            index = len(names) - 1
            st.session_state[SLIDE] = index
        self.current = names[index]
        # Drawn here, at the top of the page, not after it: a page that stops
        # early (st.stop() when a selection has no data) would otherwise leave
        # the presenter without controls and without the sidebar. The bar is
        # fixed to the screen bottom, so where it sits in the page is unseen.
        navigation()

    def part(self, section: str) -> Part:
        """The rows of `section`'s table this slide shows: every row off a
        slide (the page), a `Rows` section's share on a slide."""
        section_of, rows = self._parts.get(self.current, (None, None))
        if active() and section_of == section:
            return rows
        return self._whole[section]

    def show(self, section: str) -> bool:
        if not active():
            return True
        if section != self.current and section != self._parts.get(self.current, (None,))[0]:
            return False
        if not self._marked:
            # Where the slide's own content begins: above it, the page's
            # subtitle and explanations show on the first slide only
            # (static/presentation.css hides them after an `rm-later` mark).
            self._marked = True
            later = " rm-later" if self.sections.index(self.current) else ""
            st.html(f'<span class="rm-slide{later}"></span>')
        return True


def _go(step: int, page_index: int) -> None:
    sections = st.session_state.get(_SECTIONS, [None])
    index = st.session_state.get(SLIDE, 0) + step
    pages = st.session_state[_SEQUENCE]
    if 0 <= index < len(sections):
        st.session_state[SLIDE] = index
        return
    target = page_index + step
    if 0 <= target < len(pages):
        st.session_state[SLIDE] = 0 if step > 0 else 10_000  # clamped to the last section
        st.session_state["_presentation_switch"] = target


def follow() -> None:
    """Switch page when "Volgende"/"Vorige" stepped past this page's sections
    (called by app.py before the page runs, so it is not drawn in vain)."""
    switch = st.session_state.pop("_presentation_switch", None)
    if switch is not None:
        # Keep the link's parameters (filters, presentation) on the new page;
        # without them switch_page clears the query string.
        params = {k: st.query_params.get_all(k) for k in st.query_params if k != SLIDE}
        st.switch_page(st.session_state[_SEQUENCE][switch], query_params=params)


def _leave() -> None:
    """Back to the normal page: its first slide is no longer in the link."""
    st.session_state.update({KEY: False, SLIDE: 0})


def navigation() -> None:
    """Previous/next controls in a bar fixed to the bottom of the screen (a
    slide may be taller than the projector), and the exit button; once per
    run (app.py calls it after the page for pages without `Slides`)."""
    if not active() or st.session_state.get(_DRAWN):
        return
    st.session_state[_DRAWN] = True
    pages = st.session_state[_SEQUENCE]
    titles = [p.title for p in pages]
    title = st.session_state.get(_PAGE, "")
    index = titles.index(title) if title in titles else 0
    sections = st.session_state.get(_SECTIONS, [""])
    slide = min(st.session_state.get(SLIDE, 0), len(sections) - 1)
    bar = st.container(key=NAV_KEY)
    left, middle, right, leave = bar.columns([3, 4, 3, 3], vertical_alignment="center")
    left.button("◀ Vorige", on_click=_go, args=(-1, index), shortcut="pageup", width="stretch",
                disabled=index == 0 and slide == 0)
    middle.markdown(f"**{title}** · dia {slide + 1} van {len(sections)}")
    right.button("Volgende ▶", on_click=_go, args=(1, index), shortcut="pagedown", width="stretch",
                 disabled=index == len(pages) - 1 and slide == len(sections) - 1)
    leave.button("Stop presentatie", on_click=_leave, shortcut="escape",
                 width="stretch")
