"""Importing provincies.incijfers.be exports as downloaded (Beheer / CLI):
the real files change nothing, broken copies made in tmp_path are each
refused with their own message and store nothing, a block no metadata
describes becomes a new official indicator (the Gemeentefiche shows it), 'x'
stays hidden, and rollback and rebuild keep everything exact.
Expected values are read from the files with openpyxl/pandas here."""
from __future__ import annotations

import warnings

import openpyxl
import pandas as pd
import pytest

from backoffice import import_messages, importer
from loaders import build, gebiedsindeling, portal
from loaders.__main__ import main
from loaders.config import data_dir
from loaders.errors import SourceError
from backoffice.import_read import PortalFile, read_path
from loaders.store import connect
from queries import run_query
from tests.import_fixtures import (assert_same, find_cell, imported_checksum, own_con, own_store,  # noqa: F401
                                   portal_copy, snapshot)

DATA = data_dir()
SPECS = {spec["spec"]: spec for spec in portal.specs()}
JOBSEEKERS, VACANCIES = SPECS["vdab_werkzoekenden"]["file"], SPECS["vdab_vacatures"]["file"]
NEWCOMERS = SPECS["nieuwkomers"]["file"]
MENEN = "34027"
# Two known blocks renamed: they become new indicators with the same values.
RENAMED = {"WZW niet-EU [aantal] (1)": ("WZW proef niet-EU [aantal] (1)", "wzw_proef_niet_eu", "wzw",
                                         "nationaliteit_niet_eu"),
           "werkzoekendengraad 60-64 jaar (jaargemiddelde) [%]": (
               "werkzoekendengraad proef 60-64 jaar [%]", "werkzoekendengraad_proef_60_64_jaar",
               "werkzoekendengraad", "60_64")}


def prepare(con, path):
    return importer.prepare(con, read_path(path))


def refusal(con, path) -> SourceError:
    """The file's refusal (when read, or in the validation report); nothing stored."""
    before = imported_checksum(con)
    try:
        prepared = prepare(con, path)
    except SourceError as exc:
        error = exc
    else:
        assert not prepared.ok and prepared.report.count == 1
        with pytest.raises(SourceError, match="er werd niets ingeladen"):
            importer.commit(con, prepared, "tester", "cli")
        error = prepared.report.findings[0]
    assert imported_checksum(con) == before
    return error


def renamed_blocks(sheet):
    for old, (new, *_) in RENAMED.items():
        find_cell(sheet, old).value = new


def file_rows(path) -> list[list]:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return [list(r) for r in openpyxl.load_workbook(path).worksheets[0].iter_rows(values_only=True)]


# The real files ----------------------------------------------------------------

@pytest.mark.parametrize("spec", sorted(SPECS))
def test_reimporting_the_builds_own_file_changes_nothing(own_con, spec):
    prepared = prepare(own_con, DATA / SPECS[spec]["file"])
    assert prepared.ok and not prepared.metas
    built = own_con.execute("select count(*) from indicator_values where quality = 'official' and indicator in "
                            f"({', '.join('?' * len(SPECS[spec]['indicators']))})",
                            list(SPECS[spec]["indicators"])).fetchone()[0]
    c = importer.counts(own_con, prepared)
    assert (c["added"], c["replaced"], c["unchanged"]) == (0, 0, len(prepared.rows())) and built == c["unchanged"]
    before = snapshot(own_con)
    assert importer.commit(own_con, prepared, "tester", "cli").import_id is None
    assert_same(before, snapshot(own_con))


def test_layout_is_detected_from_the_content(tmp_path):
    for relative in (JOBSEEKERS, NEWCOMERS):
        copy = portal_copy(tmp_path, relative, name="export.csv" if relative.endswith(".csv") else "export.xlsx")
        assert isinstance(read_path(copy), PortalFile)
    assert not isinstance(read_path(DATA / "statistics/werkzaamheidsgraad_gemeenten_2003_2015.csv"), PortalFile)


# Broken copies ------------------------------------------------------------------

def _rename_menen(sheet):
    find_cell(sheet, "Menen").value = "Meenen"


def _fraction_above_one(sheet):
    sheet.cell(row=find_cell(sheet, "Menen").row, column=2).value = 7.5


def _text_in_a_count(sheet):
    rows = [list(r) for r in sheet.iter_rows(values_only=True)]
    column = rows[1].index("werkzoekenden zonder werk (jaargemiddelde) [aantal]") + 1
    sheet.cell(row=find_cell(sheet, "Menen").row, column=column).value = "x12"


def _no_year_row(sheet):
    sheet.delete_rows(3)


def _no_footer(sheet):
    start = find_cell(sheet, "Speciale waarden").row
    sheet.delete_rows(start, sheet.max_row - start + 1)


def _unnamed_block(sheet):
    find_cell(sheet, "openstaande vacatures").value = None


def _new_block_above_one(sheet):
    renamed_blocks(sheet)
    rows = [list(r) for r in sheet.iter_rows(values_only=True)]
    column = rows[1].index("werkzoekendengraad proef 60-64 jaar [%]") + 1
    sheet.cell(row=find_cell(sheet, "Menen").row, column=column).value = 1.2


BROKEN = {
    "renamed municipality": (JOBSEEKERS, _rename_menen, ["'Meenen'", "bedoelt u 'Menen'"]),
    "fraction above 1": (JOBSEEKERS, _fraction_above_one, ["fractie groter dan 1", "waarde 7,5"]),
    "text in a count": (JOBSEEKERS, _text_in_a_count, ["'x12' is geen getal"]),
    "missing year row": (JOBSEEKERS, _no_year_row, ["geen rij met jaartallen"]),
    "footer removed": (VACANCIES, _no_footer, ["voettekst met 'Bron' en 'Datum export' ontbreekt"]),
    "block without a name": (VACANCIES, _unnamed_block, ["heeft geen indicatornaam"]),
    "new block, fraction above 1": (JOBSEEKERS, _new_block_above_one, ["fractie groter dan 1", "waarde 1,2"]),
}


@pytest.mark.parametrize("case", BROKEN)
def test_broken_copy_is_refused_with_its_own_message(own_con, tmp_path, case):
    relative, change, expected = BROKEN[case]
    error = refusal(own_con, portal_copy(tmp_path, relative, change))
    assert all(part in error.message for part in expected), error.message
    others = [part for name, (_, _, parts) in BROKEN.items() if name != case for part in parts]
    assert not any(part in error.message for part in others if part not in expected)
    if case in ("renamed municipality", "fraction above 1", "text in a count"):
        assert error.row == find_row(relative, "Menen") and error.column


def find_row(relative: str, name: str) -> int:
    return next(i for i, r in enumerate(file_rows(DATA / relative), start=1) if r[0] == name)


def test_csv_without_the_pipe_in_a_header_is_refused(own_con, tmp_path):
    copy = portal_copy(tmp_path, NEWCOMERS, lambda text: text.replace("nieuwkomers|2016", "nieuwkomers 2016", 1))
    assert "'<indicator>|<jaar>'" in refusal(own_con, copy).message


# New indicators -------------------------------------------------------------------

def test_new_indicator_from_a_csv_appears_in_the_view_and_the_fiche(own_con, tmp_path):
    copy = portal_copy(tmp_path, NEWCOMERS, lambda text: text.replace('"nieuwkomers|', '"nieuwkomers proef|'))
    raw = pd.read_csv(copy, sep=";", dtype=str).set_index("gemeenten")
    before = snapshot(own_con)
    prepared = prepare(own_con, copy)
    assert prepared.ok and [m["indicator"] for m in prepared.metas] == ["nieuwkomers_proef"]
    outcome = importer.commit(own_con, prepared, "tester", "cli")
    expected = raw.loc["Menen", "nieuwkomers proef|2024"]
    assert outcome.added == len(prepared.rows()) > 0 and outcome.unchanged == 0
    shown = own_con.execute("select value, quality, flag from indicators where indicator = 'nieuwkomers_proef' "
                            "and nis = ? and period = '2024'", [MENEN]).fetchone()
    assert shown == (float(expected), "official", None)
    fiche = run_query(own_con, "fiche_indicators", nis=MENEN, year=2024).set_index("indicator")
    assert fiche.loc["nieuwkomers_proef", "value"] == float(expected)
    assert fiche.loc["nieuwkomers_proef", "label"] == "nieuwkomers proef"
    assert fiche.loc["nieuwkomers_proef", "producer"] == "provincies.incijfers.be (exportdatum niet vermeld in het " \
                                                          "bestand)"  # a CSV export names neither
    assert importer.history(own_con).at[0, "indicator"] == "nieuwkomers_proef"
    importer.rollback(own_con, outcome.import_id, "tester")
    after = snapshot(own_con)
    assert_same({t: before[t] for t in before if t not in ("imports", "build_info")},
                {t: after[t] for t in after if t not in ("imports", "build_info")})


def test_new_xlsx_blocks_keep_hidden_values_scale_fractions_and_survive_a_rebuild(own_store, tmp_path):
    copy = portal_copy(tmp_path, JOBSEEKERS, renamed_blocks)
    rows, places = file_rows(copy), gebiedsindeling.places(DATA).codes
    with connect(own_store) as con:
        prepared = prepare(con, copy)
        assert prepared.ok
        blocks = importer.preview(con, prepared).set_index("blok")
        outcome = importer.commit(con, prepared, "tester", "cli")
        for old, (new, code, built, group) in RENAMED.items():
            ours = con.execute("select nis, period, value, flag from indicators where indicator = ? order by all",
                               [code]).df()
            theirs = con.execute("select nis, period, value, flag from indicators where indicator = ? and "
                                 "target_group = ? order by all", [built, group]).df()
            pd.testing.assert_frame_equal(ours, theirs)  # same cells, same scaling, same hidden values
            in_file = sum(1 for r in rows[3:] for j in _columns(rows, new) if r[0] in places and r[j] == "x")
            hidden = ours[ours["flag"] == "x"]
            assert len(hidden) == in_file and hidden["value"].isna().all()
            assert blocks.loc[new, "status"] == "nieuwe indicator" and blocks.loc[new, "verborgen"] == in_file
            assert blocks.loc[new, "nieuw"] == len(ours) and blocks.loc[new, "restrijen weggelaten"] > 0
        assert outcome.added == sum(blocks["nieuw"]) and outcome.replaced == 0
        unit, producer = con.execute("select unit, producer from indicator_meta where indicator = ?",
                                     [RENAMED["werkzoekendengraad 60-64 jaar (jaargemiddelde) [%]"][1]]).fetchone()
        spec = SPECS["vdab_werkzoekenden"]  # what the file's footer says, as its metadata file records it
        names = "; ".join(line.split(" | ")[0] for line in spec["sources_in_file"])
        date = portal.export_date(spec["exported_in_file"])
        assert unit == "%" and producer == f"{names}, via provincies.incijfers.be (export {date})"
        before = snapshot(con, ("imported_values", "indicator_meta", "indicators"))
    build.build(own_store, DATA, progress=lambda _: None)
    with connect(own_store) as con:
        assert_same(before, snapshot(con, ("imported_values", "indicator_meta", "indicators")))


def _columns(rows: list[list], name: str) -> list[int]:
    """The block's columns, found by hand: the name stands above the last one."""
    last = rows[1].index(name)
    first = last
    while first > 1 and str(rows[2][first - 1]).isdigit() and int(rows[2][first - 1]) < int(rows[2][first]):
        first -= 1
    return list(range(first, last + 1))


def test_a_new_block_whose_code_names_another_unit_is_refused(own_con, tmp_path):
    copy = portal_copy(tmp_path, NEWCOMERS, lambda text: text.replace('"nieuwkomers|', '"bevolking [%]|'))
    error = refusal(own_con, copy)
    assert "'bevolking'" in error.message and "eenheid 'personen'" in error.message


# Stores built before the flag column -------------------------------------------------

def test_rebuild_keeps_imports_of_a_store_built_before_the_flag_column(own_store):
    with connect(own_store) as con:
        for table, column in (("imported_values", "flag"), ("import_replaced", "flag"), ("imports", "meta_json")):
            con.execute(f"alter table {table} drop column {column}")
        con.execute("insert into imported_values values (?, '2015', 'werkzaamheidsgraad', 'totaal', 71.5, '%', "
                    "'official', 'test', 1)", [MENEN])
    build.build(own_store, DATA, progress=lambda _: None)
    with connect(own_store) as con:
        assert con.execute("select value, flag from indicators where indicator = 'werkzaamheidsgraad' and nis = ? "
                           "and period = '2015'", [MENEN]).fetchone() == (71.5, None)


# The command line ----------------------------------------------------------------------

def test_cli_imports_a_portal_export_without_an_indicator(own_store, tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("REGIOMONITOR_DB", str(own_store))
    copy = portal_copy(tmp_path, NEWCOMERS, lambda text: text.replace('"nieuwkomers|', '"nieuwkomers proef|'))
    with connect(own_store) as con:
        before = imported_checksum(con)
    assert main(["import", str(copy), "--dry-run"]) == 0
    out = capsys.readouterr().out
    assert "export van provincies.incijfers.be (csv)" in out and "nieuwkomers_proef" in out
    assert "Proefdraai (--dry-run): niets opgeslagen." in out
    with connect(own_store) as con:
        assert imported_checksum(con) == before
    broken = portal_copy(tmp_path, NEWCOMERS, lambda text: text.replace('"Menen"', '"Meenen"'), name="fout.csv")
    assert main(["import", str(broken), "--dry-run"]) == 1
    assert "'Meenen'" in capsys.readouterr().err
    assert main(["import", str(copy)]) == 0
    assert "Import 1 opgeslagen" in capsys.readouterr().out
    table = tmp_path / "tabel.csv"
    table.write_text("nis;jaar;waarde\n34027;2015;70\n", encoding="utf-8")
    assert main(["import", str(table)]) == 1
    assert import_messages.NEEDS_INDICATOR in capsys.readouterr().err
