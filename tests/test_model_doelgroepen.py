"""The target-group model: coverage, plausibility, the documented effects
(lower employment, more diverse Kortrijk and Menen), determinism, an
official import taking the model's place, and the official series that
replace or stand beside its groups. Expectations come from the store's
real series and the model's metadata file, never from numbers written here."""
from __future__ import annotations

import copy

import numpy as np
import pandas as pd
import pytest

from loaders import doelgroepen, model_doelgroepen as model
from loaders.indicator_frame import ALL_GROUPS
from loaders.model_common import indicator_meta, source_name
from loaders.regions import FLANDERS_NIS, REGIONS
from queries import run_query
from tests.modelled import copy_with_official, read, read_named, rows_of_two_builds

INDICATOR = model.INDICATOR
META = indicator_meta(model.META, INDICATOR)


@pytest.fixture(scope="module")
def sizes(store_path) -> pd.DataFrame:
    return read(store_path, "select g.nis, g.period, g.target_group, g.value, g.quality, g.source, "
                            "p.value as population, w.value as working_age from indicators g "
                            "join indicators p on p.nis = g.nis and p.period = g.period and p.indicator = 'bevolking' "
                            "join indicators w on w.nis = g.nis and w.period = g.period "
                            "and w.indicator = 'bevolking_20_64' where g.indicator = ?", [INDICATOR])


@pytest.fixture(scope="module")
def inputs(store_path) -> pd.DataFrame:
    return read_named(store_path, "model_doelgroepen_inputs", flanders=FLANDERS_NIS)


def test_every_group_for_every_municipality_year_with_population_and_rate(store, sizes):
    both = store.execute(
        "select p.nis, p.period from indicators p join indicators r using (nis, period) "
        "where p.indicator = 'bevolking' and r.indicator = 'werkzaamheidsgraad'").df()
    keys = set(zip(both["nis"], both["period"]))
    assert set(zip(sizes["nis"], sizes["period"])) == keys
    replaced = {s["group"] for s in model.META["official"].values() if s["relation"] == "replaces"}
    expected_groups = {ALL_GROUPS, *doelgroepen.GROUPS} - replaced
    assert set(model.META["groups"]) == set(doelgroepen.GROUPS) - replaced
    per_key = sizes.groupby(["nis", "period"])["target_group"].apply(set)
    assert (per_key == expected_groups).all()


def test_rows_are_modelled_and_name_the_model_and_version(store, sizes):
    assert set(sizes["quality"]) == {"modelled"}
    assert set(sizes["source"]) == {source_name(model.META)}
    assert model.META["model"]["version"] in source_name(model.META)
    meta = store.execute("select quality, unit from indicator_meta where indicator = ?", [INDICATOR]).fetchone()
    assert meta == ("modelled", model.META["indicators"][INDICATOR]["unit"])


def test_no_negative_fractional_or_impossible_sizes(sizes):
    assert (sizes["value"] >= 0).all()
    assert (sizes["value"] == sizes["value"].round()).all()
    wide = sizes.pivot_table(index=["nis", "period"], columns="target_group", values="value")
    people = sizes.drop_duplicates(["nis", "period"]).set_index(["nis", "period"]).reindex(wide.index)
    assert (wide[ALL_GROUPS] <= people["working_age"]).all()
    assert (people["working_age"] <= people["population"]).all()
    for group in model.META["groups"]:
        assert (wide[group] <= wide[ALL_GROUPS]).all(), group


def test_lower_employment_means_larger_groups(inputs):
    target = inputs[inputs["flemish"]].iloc[0]
    lower = inputs.copy()
    row = (lower["nis"] == target["nis"]) & (lower["year"] == target["year"])
    lower.loc[row, "rate"] = target["rate"] - 5
    base = model.generate(inputs, model.META, META)
    worse = model.generate(lower, model.META, META)
    key = (base["nis"] == target["nis"]) & (base["period"] == str(target["year"]))
    before, after = base[key].set_index("target_group")["value"], worse[key].set_index("target_group")["value"]
    assert after[ALL_GROUPS] > before[ALL_GROUPS]
    assert (after >= before).all()
    grows = [g for g, p in model.META["groups"].items() if p["elasticity"] > 0]
    assert (after[grows] > before[grows]).all()


def test_kortrijk_and_menen_more_diverse_than_the_rest_of_w13(sizes):
    diverse = model.META["assumptions"]["diversity"]
    codes = list(diverse["value"])
    assert set(codes) <= set(REGIONS["w13"]["nis"])
    rest = [c for c in REGIONS["w13"]["nis"] if c not in codes]
    for group in diverse["applies_to"]:
        rows = sizes[sizes["target_group"] == group].assign(rate=lambda d: d["value"] / d["population"])
        wide = rows.pivot(index="period", columns="nis", values="rate")
        assert (wide[codes].min(axis=1) > wide[rest].max(axis=1)).all(), group


def test_same_seed_same_bytes_other_seed_other_numbers(tmp_path, store_path, inputs):
    first, second = rows_of_two_builds(store_path, tmp_path, [INDICATOR])
    assert first == second
    other = copy.deepcopy(model.META)
    other["model"]["seed"] += 1
    a, b = model.generate(inputs, model.META, META), model.generate(inputs, other, META)
    assert not np.array_equal(a["value"].to_numpy(), b["value"].to_numpy())


def test_official_import_replaces_the_modelled_value(tmp_path, store_path, sizes):
    nis, period, group, modelled = sizes.sort_values(["nis", "period"]).query(
        "target_group == 'laaggeschoolden'")[["nis", "period", "target_group", "value"]].iloc[0]
    official = modelled + 1
    con = copy_with_official(store_path, tmp_path, INDICATOR, nis, period, group, official, "Statistiek Vlaanderen")
    shown = run_query(con, "doelgroepen", nis=[nis], year=period)
    con.close()
    row = shown[shown["target_group"] == group].iloc[0]
    assert (row["value"], row["quality"]) == (official, "official")


def test_official_series_replace_or_stand_beside_the_model(store):
    """Every official series of the YAML is in the store as official; one
    that replaces a group is that group's code and the model leaves the group
    out; one beside a group leaves the modelled group in place."""
    generated = set(model.META["groups"])
    for code, s in model.META["official"].items():
        assert s["group"] in doelgroepen.GROUPS, code
        found = store.execute("select distinct quality from indicators where indicator = ? and target_group = ?",
                              [s["indicator"], s["target_group"]]).fetchall()
        assert found == [("official",)], code
        if s["relation"] == "replaces":
            assert code == s["group"] and s["group"] not in generated, code
        else:
            assert s["relation"] == "beside" and s["group"] in generated, code
    series = model.SERIES
    official = [s for s in series if not s.modelled]
    assert series[:len(official)] == official, "official first, model second"
    assert len({s.code for s in series}) == len(series)
    # Every target group of the brief has a figure: official, modelled or both.
    assert {s.group for s in series} == {ALL_GROUPS, *doelgroepen.GROUPS}
