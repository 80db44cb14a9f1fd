"""The Gemeentefiche's model built once for the app: the fiche
(`page_models.fiche.collect`), its figures and its tables, cached per
municipality, year and data version."""
from __future__ import annotations

import streamlit as st

from analysis import fiche as af
from charts.fiche import figures
from page_models.fiche import CATEGORY_LABELS, LABELS, collect, tables
from ui import data


def cached(nis: str, year: int) -> tuple[af.Fiche, dict, dict, dict]:
    """The fiche, its figures and its tables (as shown, and for export) for
    the app, built once per municipality, year and data version (a page
    view, presentation step or report click reruns the page: the figures
    take longer to build than the queries)."""
    return _cached(nis, year, data.data_version(), data.active_snapshot())


@st.cache_resource(max_entries=64, show_spinner=False)
def _cached(nis: str, year: int, version: str, snapshot: str | None) -> tuple[af.Fiche, dict, dict, dict]:
    # Shared, not copied: nobody changes them (ui.components.chart enlarges a copy on the projector).
    fiche = collect(data.run, nis, year)
    every_period = _period_figures(nis, version, snapshot, fiche)
    return (fiche, every_period | figures(fiche, LABELS, CATEGORY_LABELS, part="year"),
            tables(fiche, text=True), tables(fiche))


@st.cache_resource(max_entries=64, show_spinner=False)
def _period_figures(nis: str, version: str, snapshot: str | None, _fiche: af.Fiche) -> dict:
    """The fiche's charts that show every period, once per municipality: a
    year change then builds only the compositions of the year (about half of a
    fiche's build time went to charts that came out the same)."""
    return figures(_fiche, LABELS, CATEGORY_LABELS, part="periods")
