"""The published figures the dashboard reproduces are the seeds' own figures.

The other tests check the store and the pages against `loaders/budget.yml`,
`loaders/model_trajecten.yml` and `loaders/published.yml`; these tests pin those files to the source documents
in `seeds/` beside the reference data (`../shared/seeds`), so a typo in a YAML number cannot pass as "reproduced
exactly".
"""
from __future__ import annotations

import re

import pytest

from loaders import budget, model_trajecten, published
from loaders.config import data_dir
from loaders.regions import REGIONS
from common import format as fmt

SHARED = data_dir().parent  # the seeds sit beside the reference data (REGIOMONITOR_DATA_DIR)


def seed_text(relative: str) -> str:
    """A seed document as one line of text (the seeds wrap lines)."""
    path = SHARED / relative
    assert path.exists(), f"seed {relative} not found in {SHARED}"
    return " ".join(path.read_text(encoding="utf-8").split())


def count_in(text: str, value: int) -> bool:
    """The count as a word of its own (`636`, not the 636 in `1636`)."""
    return re.search(rf"(?<![\d.,]){value}(?![\d]|[.,]\d)", text) is not None


LP = budget.META["programmes"]["lp_westhoek"]
T_WERKT = model_trajecten.META["published"]["t_werkt"]
PROEFTUIN = model_trajecten.META["published"]["proeftuin_westhoek"]


@pytest.mark.parametrize("funder", LP["funders"], ids=[f["node"] for f in LP["funders"]])
def test_lokaal_partnerschap_amounts_are_the_published_ones(funder):
    # The seed writes euros the Belgian way: "426.223,25 €".
    assert fmt.number(funder["amount_eur"], 2) in seed_text(LP["seed"])


def test_lokaal_partnerschap_total_period_and_partners():
    text = seed_text(LP["seed"])
    assert fmt.number(LP["total_eur"], 2) in text
    assert f"duurtijd van {LP['years']} jaar" in text and f"1 januari {LP['first_year']}" in text
    assert len(LP["partners"]) == 11
    for partner in LP["partners"]:
        assert partner in text, partner


def test_t_werkt_counts_are_the_published_ones():
    text = seed_text(T_WERKT["source"])
    counts = [T_WERKT["started"], T_WERKT["ongoing"], T_WERKT["ended"],
              *T_WERKT["outcomes"].values(), *T_WERKT["stop_reasons"].values()]
    missing = [c for c in counts if not count_in(text, c)]
    assert not missing, f"not in {T_WERKT['source']}: {missing}"
    # The published parts add up except for the 10 the source leaves unexplained.
    assert T_WERKT["started"] == T_WERKT["ongoing"] + T_WERKT["ended"] == T_WERKT["ongoing"] + sum(
        T_WERKT["outcomes"].values())
    assert T_WERKT["outcomes"]["stopped"] - sum(T_WERKT["stop_reasons"].values()) == 10


def test_t_werkt_source_percentages_are_as_printed():
    text = seed_text(T_WERKT["source"])
    for key, pct in T_WERKT["source_percentages"].items():
        # Printed as "(30%)" or as "59 procent".
        assert f"{pct}%" in text or f"{pct} procent" in text, key


def test_proeftuin_count_is_the_published_one():
    assert f"coaching van {PROEFTUIN['started']} inburgeraars" in seed_text(PROEFTUIN["source"])


def test_published_vacancies_are_the_seeds():
    figure = published.VACANCIES_WESTHOEK
    assert figure["quote"] in seed_text(figure["source"].split(" ")[0])
    assert count_in(figure["quote"], figure["value"]) and figure["period"] == "2021-08"
    assert figure["region"] in REGIONS and figure["vdab_indicator"] == "vacatures_open"
