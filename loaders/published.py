"""Figures published in the seed documents that pages show as published
(`published.yml`): not a source of the store, and never mixed with it."""
from __future__ import annotations

from loaders.meta import load_meta

META = load_meta(__file__)
VACANCIES_WESTHOEK = META["vacatures_westhoek_2021_08"]
