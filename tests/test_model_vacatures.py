"""The vacancy and jobseeker model: the published anchor met exactly (read
from the model's metadata), full coverage of the months, plausible values,
seasonality as assumed, determinism, and an official import taking the
model's place."""
from __future__ import annotations

import copy

import numpy as np
import pandas as pd
import pytest

from loaders import model_vacatures as model
from loaders.errors import SourceError
from loaders.model_common import source_name
from loaders.regions import FLANDERS_NIS, REGIONS
from tests.modelled import copy_with_official, read, read_named, rows_of_two_builds

ANCHOR = model.META["anchor"]
INDICATORS = [model.VACANCIES, model.JOBSEEKERS]


def expected_months() -> list[str]:
    period = model.META["period"]
    first, last = pd.Period(period["first"], "M"), pd.Period(period["last"], "M")
    return [str(first + i) for i in range((last - first).n + 1)]


@pytest.fixture(scope="module")
def values(store_path) -> pd.DataFrame:
    return read(store_path, "select * from indicator_values where indicator in ('vacatures', 'werkzoekenden')")


@pytest.fixture(scope="module")
def inputs(store_path) -> pd.DataFrame:
    return read_named(store_path, "model_vacatures_inputs", flanders=FLANDERS_NIS,
                      population_year=str(model.META["assumptions"]["population_year"]["value"]))


def test_anchor_month_sums_exactly_to_the_published_figure(values):
    rows = values[(values["indicator"] == ANCHOR["indicator"]) & (values["period"] == ANCHOR["period"])
                  & values["nis"].isin(REGIONS[ANCHOR["region"]]["nis"])]
    assert rows["nis"].nunique() == len(REGIONS[ANCHOR["region"]]["nis"])
    assert rows["value"].sum() == ANCHOR["value"]


def test_the_anchor_is_met_whatever_the_seed(inputs):
    other = copy.deepcopy(model.META)
    other["model"]["seed"] += 7
    rows = model.generate(inputs, other)[ANCHOR["indicator"]]
    anchor = rows[(rows["period"] == ANCHOR["period"]) & rows["nis"].isin(REGIONS[ANCHOR["region"]]["nis"])]
    assert anchor["value"].sum() == ANCHOR["value"]


def test_every_month_for_every_flemish_and_project_municipality(store, values):
    scope = set(store.execute("select nis from municipalities where in_2019_boundaries and "
                              "(reg_nis = ? or region is not null)", [FLANDERS_NIS]).df()["nis"])
    assert set(REGIONS["westhoek"]["nis"] + REGIONS["w13"]["nis"]) <= scope
    months = expected_months()
    for indicator in INDICATORS:
        rows = values[values["indicator"] == indicator]
        assert set(rows["nis"]) == scope, indicator
        assert sorted(rows["period"].unique()) == months, indicator
        assert len(rows) == len(scope) * len(months), indicator


def test_modelled_whole_positive_numbers(values):
    assert set(values["quality"]) == {"modelled"}
    assert set(values["source"]) == {source_name(model.META)}
    assert (values["value"] == values["value"].round()).all()
    assert (values["value"] >= 0).all()
    # tension is defined everywhere
    assert (values[values["indicator"] == model.JOBSEEKERS]["value"] > 0).all()


@pytest.mark.parametrize("indicator,season", [(model.VACANCIES, "vacancy_season"),
                                              (model.JOBSEEKERS, "jobseeker_season")])
def test_seasonality_follows_the_assumed_profile(values, indicator, season):
    """Per calendar month, the Flemish total against its 12-month centred
    mean: the month the metadata makes highest beats the one it makes lowest."""
    total = values[values["indicator"] == indicator].groupby("period")["value"].sum()
    detrended = (total / total.rolling(12, center=True).mean()).dropna()
    by_month = detrended.groupby(detrended.index.str[5:].astype(int)).mean()
    profile = np.asarray(model.META["assumptions"][season]["value"])
    assert by_month[int(profile.argmax()) + 1] > by_month[int(profile.argmin()) + 1]


def test_same_seed_same_bytes(tmp_path, store_path):
    first, second = rows_of_two_builds(store_path, tmp_path, INDICATORS)
    assert first == second


def test_missing_anchor_municipality_is_refused_in_dutch(inputs):
    without = inputs[inputs["nis"] != REGIONS[ANCHOR["region"]]["nis"][0]]
    with pytest.raises(SourceError, match="ijkpunt .* kan niet worden gehaald"):
        model.generate(without, model.META)


def test_official_import_replaces_the_modelled_month(tmp_path, store_path, values):
    nis = REGIONS[ANCHOR["region"]]["nis"][0]
    modelled = values.query("indicator == @model.VACANCIES and nis == @nis and period == @ANCHOR['period']")["value"].iat[0]
    official = modelled + 3
    con = copy_with_official(store_path, tmp_path, model.VACANCIES, nis, ANCHOR["period"], "totaal", official,
                             "VDAB Arvastat")
    view = con.execute("select value, quality, source from indicators where indicator = ? and nis = ? "
                       "and period = ?", [model.VACANCIES, nis, ANCHOR["period"]]).fetchone()
    con.close()
    assert view == (official, "official", "VDAB Arvastat")
