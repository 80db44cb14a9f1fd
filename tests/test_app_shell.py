"""The app shell and Overzicht: filters, URL parameters in and out, page
switches that keep the filters. Expected values are computed from the
reference files, not written down."""
from __future__ import annotations

import pandas as pd
import pytest

from loaders import bevolking, werkzaamheid
from loaders.config import PROJECT_ROOT, data_dir
from loaders.regions import REGIONS
from tests.helpers.pages import csv_number, exported
from tests.helpers import shown
from common import format as fmt
from ui.filters import REGION_LABELS, REGION_SLUGS

DATA = data_dir()


@pytest.fixture(scope="module")
def reference() -> pd.DataFrame:
    rates = pd.read_csv(DATA / werkzaamheid.META["file"], sep=";", decimal=",", dtype={"nis": str}).dropna(subset=["nis"])
    pop = pd.read_csv(DATA / bevolking.META["file"], sep=";", dtype={"nis": str}).dropna(subset=["nis"])
    return rates.merge(pop[["nis", "jaar", "inwoners"]], on=["nis", "jaar"])


def weighted(reference, codes, year) -> float:
    rows = reference[reference["nis"].isin(codes) & (reference["jaar"] == year)]
    return (rows["werkzaamheidsgraad"] * rows["inwoners"]).sum() / rows["inwoners"].sum()


def metric(at, label_start: str) -> str:
    return next(m.value for m in at.metric if m.label.startswith(label_start))


def test_overzicht_default_shows_both_regions_and_the_last_employment_rate(app, reference):
    app.run()
    assert not app.exception
    year = int(reference["jaar"].max())
    codes = REGIONS["westhoek"]["nis"] + REGIONS["w13"]["nis"]
    assert metric(app, f"Werkzaamheidsgraad (laatste cijfer: {year})") == fmt.percent(weighted(reference, codes, year))
    assert app.query_params == {}


def test_overzicht_exports_the_employment_rate_and_its_trend(app, reference, downloads):
    app.run()
    assert not app.exception
    year, first = int(reference["jaar"].max()), int(reference["jaar"].min())
    latest = app.sidebar.selectbox(key="jaar").value
    codes = REGIONS["westhoek"]["nis"] + REGIONS["w13"]["nis"]
    rows = reference[(reference["jaar"] == year) & reference["nis"].isin(codes)]
    csv, xlsx = exported(downloads, f"overzicht_kerncijfers_{REGION_SLUGS['beide']}_{latest}")
    for back, number in ((csv, csv_number), (xlsx, float)):
        mine = back[(back["Gebied"] == REGION_LABELS["beide"]) & (back["Kerncijfer"] == "Werkzaamheidsgraad (%)")]
        assert number(mine["Waarde"].iat[0]) == pytest.approx(weighted(reference, codes, year), abs=0.05)  # as shown
        assert int(number(mine["Jaar"].iat[0])) == year
        assert int(number(mine["Gemeenten met een waarde"].iat[0])) == len(rows)
    assert csv["Bron"].str.contains(werkzaamheid.META["producer"]).any()
    csv, xlsx = exported(downloads, f"werkzaamheidsgraad_trend_{REGION_SLUGS['beide']}_{first}-{year}")
    mine = xlsx[xlsx["Gebied"] == REGION_LABELS["beide"]].set_index("Jaar")["Werkzaamheidsgraad (%)"]
    assert mine.to_dict() == pytest.approx({y: weighted(reference, codes, y) for y in range(first, year + 1)}, abs=0.05)
    assert set(csv["Gebied"]) == {REGION_LABELS["beide"], "Vlaanderen"}
    assert (csv["Kwaliteit"] == "afgeleid").all() and csv["Bron"].str.contains(werkzaamheid.META["producer"]).all()


def test_presentation_mode_shows_no_downloads_or_model_assumptions(app):
    """One subject per screen: on every slide of every page, no download
    buttons, no 'Aannames van het model' expander and no data grid."""
    app.query_params["presentatie"] = "1"
    app.run()
    seen = set()
    for _ in range(80):
        assert not app.exception
        slide = next(m.value for m in app.markdown if " · dia " in m.value)
        seen.add(slide.split("**")[1])
        assert not app.get("download_button"), slide
        assert not app.get("dataframe"), f"a data grid on {slide}"   # a slide's tables are HTML (ui.layout.table)
        assert not [e.label for e in app.expander if e.label.startswith("Aannames van het model")], slide
        step = next(b for b in app.button if b.label == "Volgende ▶")
        if step.disabled:
            break
        step.click().run()
    assert {"Overzicht", "Werkzaamheid", "Kansengroepen", "Vacatures", "Budgetten", "Trajecten"} <= seen


def test_url_selects_menen_and_year(app, reference):
    app.query_params["gemeente"] = ["34027"]
    app.query_params["jaar"] = "2010"
    app.run()
    assert not app.exception and not app.warning
    assert app.multiselect(key="gemeente").value == ["34027"]
    assert metric(app, "Werkzaamheidsgraad 2010") == fmt.percent(weighted(reference, ["34027"], 2010))


@pytest.mark.parametrize("params,fragment", [
    ({"gemeente": ["99999"]}, "Gemeente '99999' in de link is geen gekende NIS-code"),
    ({"regio": "westhoek", "gemeente": ["34027"]}, "hoort niet bij Westhoek"),
    ({"regio": "atlantis"}, "Onbekende regio 'atlantis'"),
    ({"jaar": "1850"}, "Jaar '1850' in de link valt buiten"),
    ({"jaar": "'; drop table x"}, "valt buiten"),
    ({"jaar": "²⁰¹⁵"}, "valt buiten"),   # digits to str.isdigit, not to int()
    ({"presentatie": "1", "dia": "²"}, "geen nummer"),
    ({"doelgroep": "<script>"}, "Onbekende doelgroep"),
])
def test_bad_url_parameters_fall_back_with_notice(app, params, fragment):
    for key, value in params.items():
        app.query_params[key] = value
    app.run()
    assert not app.exception
    assert any(fragment in shown(w.value) for w in app.warning), [w.value for w in app.warning]
    assert app.multiselect(key="gemeente").value == []
    assert metric(app, "Vlaanderen").endswith("%")   # the jobseeker rate, Overzicht's first figure and slide


def test_filter_changes_are_mirrored_in_the_url(app, reference):
    app.run()
    app.selectbox(key="regio").set_value("w13").run()
    app.multiselect(key="gemeente").set_value(["34027", "34022"]).run()
    app.selectbox(key="jaar").set_value(2012).run()
    assert app.query_params["regio"] == "w13"
    assert sorted(app.query_params["gemeente"]) == ["34022", "34027"]
    assert app.query_params["jaar"] == "2012"
    assert metric(app, "Werkzaamheidsgraad 2012") == fmt.percent(weighted(reference, ["34027", "34022"], 2012))


def test_changing_region_clears_municipalities_of_the_old_region(app):
    app.query_params["gemeente"] = ["34027"]
    app.run()
    app.selectbox(key="regio").set_value("westhoek").run()
    assert app.multiselect(key="gemeente").value == []
    assert "gemeente" not in app.query_params


PAGES = sorted(p.relative_to(PROJECT_ROOT).as_posix() for p in (PROJECT_ROOT / "views").glob("*.py"))


def test_switching_pages_keeps_the_filters(app):
    app.query_params["regio"] = "w13"
    app.query_params["gemeente"] = ["34027"]
    app.query_params["jaar"] = "2011"
    app.run()
    for page in PAGES:
        app.switch_page(page).run()
        assert not app.exception, (page, app.exception)
        assert app.selectbox(key="regio").value == "w13", page
        assert app.multiselect(key="gemeente").value == ["34027"], page
        assert app.selectbox(key="jaar").value == 2011, page
        assert app.query_params["regio"] == "w13", page
