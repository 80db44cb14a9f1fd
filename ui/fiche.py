"""The Gemeentefiche's model built once for the app: the fiche
(`page_models.fiche.collect`), its figures and its tables as shown, cached
per municipality, year and data version and handed out `ui.data.unshared`
(figures as new Figures from their kept dicts, made when the page draws
them: `Figures`): a session may change what it got. The tables for export
are made only when a download is clicked (`page_models.fiche.tables` of
the fiche): a tenth of a first visit's work went to files nobody asked
for."""
from __future__ import annotations

from collections.abc import Iterator, Mapping
from types import MappingProxyType

import plotly.graph_objects as go

from analysis import fiche as af
from charts.fiche import figures, narrow, slide
from page_models.fiche import CATEGORY_LABELS, LABELS, collect, tables
from ui import data


class Figures(Mapping):
    """The fiche's charts by name, each a new Figure from its kept dict when
    asked for (plotly does not validate it again: it did when the chart was
    built). A run makes only those it draws: a page leaves out the slides'
    copies, a slide all but one; making every one of the fifteen, and
    copying their dicts for the session first, was a fifth of a year
    change's work on this page (cProfile)."""

    def __init__(self, specs: Mapping[str, dict]):
        self._specs = specs

    def __getitem__(self, name: str) -> go.Figure:
        return go.Figure(self._specs[name], _validate=False)

    def __contains__(self, name: object) -> bool:   # Mapping's own makes the Figure to find out
        return name in self._specs

    def __iter__(self) -> Iterator[str]:
        return iter(self._specs)

    def __len__(self) -> int:
        return len(self._specs)


def cached(nis: str, year: int) -> tuple[af.Fiche, Figures, dict]:
    """The fiche, its figures and its tables as shown for
    the app, built once per municipality, year and data version (a page
    view, presentation step or report click reruns the page: the figures
    take longer to build than the queries)."""
    fiche, specs, shown = data.keyed(("fiche", nis, year), _build, nis, year)
    return fiche, Figures(specs), shown


def _build(nis: str, year: int) -> tuple[af.Fiche, Mapping[str, dict], dict]:
    """The fiche, its charts' dicts read-only (`ui.data.unshared` hands a
    read-only mapping out as it is, where it copied every dict of every
    chart for each run; `Figures` makes a session's own Figure from them)
    and its tables as shown."""
    fiche = collect(data.run, nis, year, keyed=data.keyed)
    every_period = data.keyed(("fiche periods", nis), _specs, fiche, "periods")
    return fiche, MappingProxyType(every_period | _specs(fiche, "year")), tables(fiche, text=True)


def _specs(fiche: af.Fiche, part: str) -> Mapping[str, dict]:
    """The fiche's charts of `part` as dicts. Those of every period
    (`periods`) are built once per municipality: a year change then builds
    only the compositions of the year (about half of a fiche's build time
    went to charts that came out the same)."""
    built = figures(fiche, LABELS, CATEGORY_LABELS, part=part)
    if part == "periods":   # with the phone's and the slide's copies of the small multiples
        built |= narrow(fiche, LABELS) | slide(fiche, LABELS)
    return MappingProxyType({name: fig.to_dict() for name, fig in built.items()})
