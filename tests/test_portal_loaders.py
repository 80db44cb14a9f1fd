"""The provincies.incijfers.be exports, the 2025 municipality list and the
Statbel origin tables: against the real files and against broken copies.

Expected values are read from the files here with plain openpyxl/pandas,
independently of `loaders.incijfers`; every broken copy is made in tmp_path
from the real file with one defect and must be refused with its own message.
"""
from __future__ import annotations

import shutil
import warnings
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from loaders import gebiedsindeling, incijfers, portal, statbel_herkomst
from loaders.config import data_dir
from loaders.errors import SourceError
from loaders.regions import REGIONS

DATA = data_dir()
SPECS = {spec["spec"]: spec for spec in portal.specs()}
JOBSEEKERS, VACANCIES = SPECS["vdab_werkzoekenden"], SPECS["vdab_vacatures"]


def sheet_rows(path: Path) -> list[list]:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return [list(r) for r in openpyxl.load_workbook(path).worksheets[0].iter_rows(values_only=True)]


def block_columns(rows: list[list], name: str) -> dict[int, int]:
    """Year -> column index of a block, found by hand: the name stands above
    the block's last column, the years in the row below."""
    names, years = rows[1], rows[2]
    last = names.index(name)
    first = last
    while first > 1 and str(years[first - 1]).isdigit() and int(years[first - 1]) < int(years[first]):
        first -= 1
    return {int(years[j]): j for j in range(first, last + 1)}


def value_of(rows: list[list], name: str, municipality: str, year: int):
    row = next(r for r in rows if r[0] == municipality)
    return row[block_columns(rows, name)[year]]


@pytest.fixture(scope="module")
def jobseeker_rows():
    return sheet_rows(DATA / JOBSEEKERS["file"])


@pytest.fixture(scope="module")
def loaded():
    return {name: portal.read(DATA, spec) for name, spec in SPECS.items()}


# The 2025 municipality list ---------------------------------------------------

def test_every_name_in_every_export_is_known_or_residual():
    places = gebiedsindeling.places(DATA)
    for spec in SPECS.values():
        names = set(incijfers.read(DATA / spec["file"]).cells["name"])
        assert names <= set(places.codes) | places.residual, spec["file"]
        assert names & places.residual, f"{spec['file']}: restrijen verwacht"


def test_regions_against_streekwerking():
    sw = gebiedsindeling.streekwerking(DATA)
    for key, rule in gebiedsindeling.META["region_check"].items():
        members = set(sw.loc[sw["streekwerking"] == rule["streekwerking"], "nis"]) | set(rule["plus"])
        assert members == set(REGIONS[key]["nis"]), key


def test_the_30_are_unchanged_by_the_mergers():
    cw = gebiedsindeling.crosswalk(DATA)
    ours = [nis for region in REGIONS.values() for nis in region["nis"]]
    assert (cw.set_index("nis_2024").loc[ours, "nis_2025"] == ours).all()
    assert (cw["nis_2024"] != cw["nis_2025"]).sum() > 0  # the file does record mergers


# The VDAB exports ---------------------------------------------------------------

def test_fractions_become_percentages(loaded, jobseeker_rows):
    rows = loaded["vdab_werkzoekenden"].rows
    places = gebiedsindeling.places(DATA)
    for name, group in JOBSEEKERS["indicators"]["werkzoekendengraad"]["blocks"].items():
        raw = value_of(jobseeker_rows, name, "Menen", 2024)
        stored = rows[(rows["indicator"] == "werkzoekendengraad") & (rows["target_group"] == group)
                      & (rows["nis"] == places.codes["Menen"]) & (rows["period"] == "2024")]["value"]
        assert stored.item() == pytest.approx(float(raw) * 100)
        assert 0 < float(raw) < 1


def test_hidden_values_are_kept_as_hidden(loaded, jobseeker_rows):
    rows = loaded["vdab_werkzoekenden"].rows
    stored_blocks = portal._block_groups(JOBSEEKERS)
    expected = 0
    for name in stored_blocks:
        cols = block_columns(jobseeker_rows, name).values()
        expected += sum(1 for r in jobseeker_rows[3:] for j in cols
                        if r[0] in gebiedsindeling.places(DATA).codes and r[j] == "x")
    hidden = rows[rows["flag"] == "x"]
    assert len(hidden) == expected > 0
    assert hidden["value"].isna().all()


def test_vacancies_match_the_file_and_the_data_readme(loaded):
    rows = loaded["vdab_vacatures"].rows
    vac = sheet_rows(DATA / VACANCIES["file"])
    westhoek = REGIONS["westhoek"]["nis"]
    names = {v: k for k, v in gebiedsindeling.places(DATA).codes.items()}
    for indicator, block in (("vacatures_ontvangen", "ontvangen vacatures"), ("vacatures_open", "openstaande vacatures")):
        expected = sum(int(value_of(vac, block, names[nis], 2021)) for nis in westhoek)
        got = rows[(rows["indicator"] == indicator) & (rows["target_group"] == "totaal")
                   & rows["nis"].isin(westhoek) & (rows["period"] == "2021")]["value"].sum()
        assert got == expected


def test_residual_rows_are_left_out(loaded):
    codes = set(gebiedsindeling.places(DATA).codes.values())
    for result in loaded.values():
        assert set(result.rows["nis"]) <= codes


def test_source_names_the_export_date(loaded):
    for name in ("vdab_werkzoekenden", "vdab_vacatures"):
        assert all("export 21/05/2026" in m["producer"] for m in loaded[name].metas)
        assert loaded[name].export.exported == SPECS[name]["exported_in_file"]
        assert list(loaded[name].export.sources) == SPECS[name]["sources_in_file"]
    assert all("exportdatum niet vermeld" in m["producer"] for m in loaded["nieuwkomers"].metas)


def test_csv_export_decimal_comma(loaded):
    path = DATA / SPECS["nieuwkomers_per_1000"]["file"]
    raw = pd.read_csv(path, sep=";", dtype=str).set_index("gemeenten")
    rows = loaded["nieuwkomers_per_1000"].rows
    menen = rows[(rows["nis"] == "34027") & (rows["period"] == "2024")]["value"].item()
    assert menen == float(raw.loc["Menen"].iloc[-1].replace(",", "."))


# Statbel origin --------------------------------------------------------------

def test_population_extends_to_2025_without_replacing_statbel_csv(store):
    latest = store.execute("select max(period) from indicators where indicator = 'bevolking'").fetchone()[0]
    origin = pd.read_parquet(DATA / statbel_herkomst.META["files"]["origin"])
    assert latest == str(origin["year"].max())
    menen = store.execute("select value from indicators where indicator = 'bevolking' and nis = '34027' "
                          "and period = ?", [latest]).fetchone()[0]
    assert menen == origin[(origin["CD_REFNIS"] == "34027") & (origin["year"] == origin["year"].max())]["total"].item()
    csv_2016 = pd.read_csv(DATA / "statistics/bevolking_gemeenten_1997_2016.csv", sep=";", dtype=str)
    row = csv_2016[(csv_2016["nis"] == "34027") & (csv_2016["jaar"] == "2016")]["inwoners"].item()
    stored = store.execute("select value, source from indicators where indicator = 'bevolking' and nis = '34027' "
                           "and period = '2016'").fetchone()
    assert stored[0] == float(row) and "NetBeck22" not in stored[1]


# Broken copies --------------------------------------------------------------

@pytest.fixture()
def tmp_data(tmp_path) -> Path:
    """A data dir with the real municipality list, for broken exports."""
    shutil.copytree(DATA / "gebiedsindeling_2025", tmp_path / "gebiedsindeling_2025")
    (tmp_path / "vdab").mkdir()
    (tmp_path / "inburgering").mkdir()
    gebiedsindeling.places.cache_clear()
    yield tmp_path
    gebiedsindeling.places.cache_clear()


def broken_xlsx(tmp_data: Path, spec: dict, change) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        book = openpyxl.load_workbook(DATA / spec["file"])
    change(book.worksheets[0])
    book.save(tmp_data / spec["file"])


def refused(tmp_data: Path, spec: dict) -> SourceError:
    with pytest.raises(SourceError) as err:
        portal.read(tmp_data, spec)
    return err.value


def find(sheet, value):
    return next(c for row in sheet.iter_rows() for c in row if c.value == value)


def test_renamed_municipality_is_refused_with_the_nearest_name(tmp_data):
    def rename(sheet):
        find(sheet, "Menen").value = "Meenen"
    broken_xlsx(tmp_data, JOBSEEKERS, rename)
    err = refused(tmp_data, JOBSEEKERS)
    assert "'Meenen'" in err.message and "'Menen'" in err.message and err.column == "A"
    assert err.file == Path(JOBSEEKERS["file"]).name and err.row is not None


def test_fraction_above_one_is_refused(tmp_data):
    def too_big(sheet):
        cell = sheet.cell(row=find(sheet, "Menen").row, column=2)
        cell.value = 7.5
    broken_xlsx(tmp_data, JOBSEEKERS, too_big)
    err = refused(tmp_data, JOBSEEKERS)
    assert "groter dan 1" in err.message and "fractie" in err.message and err.column == "B"


def test_text_in_a_count_is_refused(tmp_data):
    def garbled(sheet):
        column = block_columns(sheet_values(sheet), "werkzoekenden zonder werk (jaargemiddelde) [aantal]")[2024]
        sheet.cell(row=find(sheet, "Menen").row, column=column + 1).value = "x12"
    broken_xlsx(tmp_data, JOBSEEKERS, garbled)
    err = refused(tmp_data, JOBSEEKERS)
    assert "'x12' is geen getal" in err.message


def test_missing_year_row_is_refused(tmp_data):
    def no_years(sheet):
        sheet.delete_rows(3)
    broken_xlsx(tmp_data, JOBSEEKERS, no_years)
    assert "jaartallen" in refused(tmp_data, JOBSEEKERS).message


def test_missing_footer_is_refused(tmp_data):
    def no_footer(sheet):
        start = find(sheet, "Speciale waarden").row
        sheet.delete_rows(start, sheet.max_row - start + 1)
    broken_xlsx(tmp_data, VACANCIES, no_footer)
    assert "voettekst" in refused(tmp_data, VACANCIES).message


def test_block_without_indicator_name_is_refused(tmp_data):
    def unnamed(sheet):
        find(sheet, "openstaande vacatures").value = None
    broken_xlsx(tmp_data, VACANCIES, unnamed)
    assert "geen indicatornaam" in refused(tmp_data, VACANCIES).message


def test_unknown_block_is_refused(tmp_data):
    def renamed(sheet):
        find(sheet, "openstaande vacatures").value = "openstaande vacatures (nieuw)"
    broken_xlsx(tmp_data, VACANCIES, renamed)
    assert "onbekende indicator 'openstaande vacatures (nieuw)'" in refused(tmp_data, VACANCIES).message


def test_csv_with_a_bad_header_is_refused(tmp_data):
    spec = SPECS["nieuwkomers"]
    lines = (DATA / spec["file"]).read_text(encoding="utf-8").splitlines()
    lines[0] = lines[0].replace("nieuwkomers|2016", "nieuwkomers 2016")
    (tmp_data / spec["file"]).write_text("\n".join(lines), encoding="utf-8")
    err = refused(tmp_data, spec)
    assert "'<indicator>|<jaar>'" in err.message and err.row == 1


def sheet_values(sheet) -> list[list]:
    return [list(r) for r in sheet.iter_rows(values_only=True)]
