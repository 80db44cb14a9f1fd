"""The Gemeentefiche's model built once for the app: the fiche
(`page_models.fiche.collect`), its figures and its tables as shown, cached
per municipality, year and data version and handed out `ui.data.unshared`
(figures as new Figures from their kept dicts): a session may change what
it got. The tables for export are made only when a download is clicked
(`page_models.fiche.tables` of the fiche): a tenth of a first visit's work
went to files nobody asked for."""
from __future__ import annotations

import plotly.graph_objects as go

from analysis import fiche as af
from charts.fiche import figures, narrow, slide
from page_models.fiche import CATEGORY_LABELS, LABELS, collect, tables
from ui import data


def cached(nis: str, year: int) -> tuple[af.Fiche, dict, dict]:
    """The fiche, its figures and its tables as shown for
    the app, built once per municipality, year and data version (a page
    view, presentation step or report click reruns the page: the figures
    take longer to build than the queries)."""
    fiche, specs, shown = data.keyed(("fiche", nis, year), _build, nis, year)
    return fiche, {name: go.Figure(spec, _validate=False) for name, spec in specs.items()}, shown


def _build(nis: str, year: int) -> tuple[af.Fiche, dict, dict]:
    fiche = collect(data.run, nis, year, keyed=data.keyed)
    every_period = data.keyed(("fiche periods", nis), _specs, fiche, "periods")
    return fiche, every_period | _specs(fiche, "year"), tables(fiche, text=True)


def _specs(fiche: af.Fiche, part: str) -> dict[str, dict]:
    """The fiche's charts of `part` as dicts. Those of every period
    (`periods`) are built once per municipality: a year change then builds
    only the compositions of the year (about half of a fiche's build time
    went to charts that came out the same)."""
    built = figures(fiche, LABELS, CATEGORY_LABELS, part=part)
    if part == "periods":   # with the phone's and the slide's copies of the small multiples
        built |= narrow(fiche, LABELS) | slide(fiche, LABELS)
    return {name: fig.to_dict() for name, fig in built.items()}
