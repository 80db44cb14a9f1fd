"""Every kind of bad input gets its own Dutch message naming row and column,
and an import of it stores nothing: the tables are compared before and after
running the CLI on a private copy of the store."""
from __future__ import annotations

from datetime import date

import pytest

from backoffice import importer
from loaders.__main__ import main
from loaders.errors import SourceError
from backoffice.import_read import max_upload_mb
from loaders.import_spec import META
from loaders.store import connect
from tests.import_fixtures import (assert_same, csv_bytes, entity_book, formula_book, own_store,  # noqa: F401
                                   raw, reference_rates, snapshot, xlsx_bytes, zip_bomb)

BASE = reference_rates(3)
HEADER = ("gemeente", "nis", "jaar", "werkzaamheidsgraad")
BAD_ROW = len(BASE) + 2  # header is row 1
THIS_YEAR = date.today().year


def base_rows() -> list[list]:
    return [[r.gemeente, r.nis, r.jaar, f"{r.werkzaamheidsgraad}".replace(".", ",")] for r in BASE.itertuples()]


def with_row(row: list, header=HEADER) -> bytes:
    return csv_bytes(base_rows() + [row], header=header)


def name_of(store, nis: str) -> str:
    return store.execute("select name_nl from municipalities where nis = ?", [nis]).fetchone()[0]


first = BASE.iloc[0]
VACANCY_HEADER = ("nis", "maand", "vacatures")
# (case, file content, file name, indicator, message fragment, row, column)
FINDINGS = [
    ("nis malformed", with_row(["Ieper", "3301", 2015, "70,1"]), "werkzaamheidsgraad",
     "'3301' is geen NIS-code van 5 cijfers; bedoelde u {33011}", BAD_ROW, "nis"),
    ("nis unknown", with_row(["Ieperr", "33099", 2015, "70,1"]), "werkzaamheidsgraad",
     "NIS-code 33099 is geen gekende gemeente; bedoelde u {33011}", BAD_ROW, "nis"),
    ("period unparsable", with_row(["Ieper", "33011", "20x5", "70,1"]), "werkzaamheidsgraad",
     "'20x5' is geen jaartal (JJJJ)", BAD_ROW, "jaar"),
    ("period too early", with_row(["Ieper", "33011", 1850, "70,1"]), "werkzaamheidsgraad",
     f"periode 1850 valt buiten het toegelaten bereik 1990 tot {THIS_YEAR}", BAD_ROW, "jaar"),
    ("period in the future", with_row(["Ieper", "33011", THIS_YEAR + 1, "70,1"]), "werkzaamheidsgraad",
     f"periode {THIS_YEAR + 1} valt buiten het toegelaten bereik", BAD_ROW, "jaar"),
    ("value out of range", with_row(["Ieper", "33011", 2015, "123,4"]), "werkzaamheidsgraad",
     "waarde '123,4' ligt buiten het geldige bereik (van 0 tot 100 %)", BAD_ROW, "werkzaamheidsgraad"),
    ("text n.b.", with_row(["Ieper", "33011", 2015, "n.b."]), "werkzaamheidsgraad",
     "'n.b.' is geen getal", BAD_ROW, "werkzaamheidsgraad"),
    ("text dash", with_row(["Ieper", "33011", 2015, "-"]), "werkzaamheidsgraad",
     "'-' is geen getal", BAD_ROW, "werkzaamheidsgraad"),
    ("empty value", with_row(["Ieper", "33011", 2015, ""]), "werkzaamheidsgraad",
     "lege waarde", BAD_ROW, "werkzaamheidsgraad"),
    ("ambiguous separator", with_row(["Ieper", "33011", 2015, "7.05"]), "werkzaamheidsgraad",
     "'7.05': onduidelijk scheidingsteken", BAD_ROW, "werkzaamheidsgraad"),
    ("duplicate key", with_row(base_rows()[0]), "werkzaamheidsgraad",
     f"dubbele rij: gemeente {first.nis}, periode {first.jaar} staat ook op rij 2", BAD_ROW, "nis"),
    ("conflicting values", with_row([first.gemeente, first.nis, first.jaar, "12,5"]), "werkzaamheidsgraad",
     f"tegenstrijdige waarden voor gemeente {first.nis}, periode {first.jaar}: '12,5' hier", BAD_ROW,
     "werkzaamheidsgraad"),
    ("unknown target group", csv_bytes([["33011", 2015, "marsmannetjes", "70,1"]],
                                       header=("nis", "jaar", "doelgroep", "werkzaamheidsgraad")),
     "werkzaamheidsgraad", "onbekende doelgroep 'marsmannetjes'", 2, "doelgroep"),
    ("month unparsable", csv_bytes([["33011", "2021-13", "120"]], header=VACANCY_HEADER), "vacatures",
     "'2021-13' is geen maand", 2, "maand"),
    ("negative count", csv_bytes([["33011", "2021-08", "-5"]], header=VACANCY_HEADER), "vacatures",
     "waarde '-5' ligt buiten het geldige bereik (van 0 tot ", 2, "vacatures"),
    ("fraction of a count", csv_bytes([["33011", "2021-08", "12,5"]], header=VACANCY_HEADER), "vacatures",
     "'12,5' is geen geheel getal", 2, "vacatures"),
]


@pytest.mark.parametrize("case,content,indicator,fragment,row,column", FINDINGS, ids=[f[0] for f in FINDINGS])
def test_finding_names_row_and_column(store, case, content, indicator, fragment, row, column):
    prepared = importer.prepare(store, raw(content), indicator)
    assert not prepared.ok
    report = prepared.checked.report.frame()
    assert len(report) == 1, report
    expected = fragment.replace("{33011}", f"{name_of(store, '33011')} (33011)")
    assert expected in report.at[0, "melding"]
    assert (report.at[0, "rij"], report.at[0, "kolom"]) == (row, column)


def test_findings_are_all_reported_at_once(store):
    content = csv_bytes(base_rows() + [["Ieper", "3301", 2015, "70,1"], ["Ieper", "33011", 1850, "n.b."]])
    report = importer.prepare(store, raw(content), "werkzaamheidsgraad").checked.report.frame()
    assert report["rij"].tolist() == [BAD_ROW, BAD_ROW + 1, BAD_ROW + 1]
    assert set(report["kolom"]) == {"nis", "jaar", "werkzaamheidsgraad"}


def test_many_findings_are_counted_beyond_those_listed(store):
    rows = [["Ieper", "33011", 2015, "n.b."]] * (META["max_findings"] + 5)
    report = importer.prepare(store, raw(csv_bytes(rows)), "werkzaamheidsgraad").checked.report
    assert report.count == len(rows) and len(report.findings) == META["max_findings"]


def test_aggregate_rows_and_footers_are_skipped_with_a_warning(store):
    content = csv_bytes(base_rows() + [["Provincie West-Vlaanderen", "30000", 2015, "70,1"],
                                       ["Geen selecties", "", "", ""]])
    prepared = importer.prepare(store, raw(content), "werkzaamheidsgraad")
    assert prepared.ok and len(prepared.rows()) == len(BASE)
    assert any("arrondissement, provincie, gewest" in w and f"rij {BAD_ROW}" in w for w in prepared.checked.warnings)
    assert any("voettekst" in w and f"rij {BAD_ROW + 1}" in w for w in prepared.checked.warnings)


def test_missing_column_names_the_field(store):
    content = csv_bytes(base_rows(), header=("gemeente", "nis", "jaar", "cijfer"))
    with pytest.raises(SourceError, match="geen kolom gekoppeld aan 'Waarde'"):
        importer.prepare(store, raw(content), "werkzaamheidsgraad")


def test_unknown_indicator_lists_the_importable_ones(store):
    with pytest.raises(SourceError, match="kan niet worden ingeladen; kies uit: .*werkzaamheidsgraad"):
        importer.prepare(store, raw(csv_bytes(base_rows())), "geluk")


def test_month_formats_are_read_alike(store):
    forms = ["2021-08", "2021/8", "08/2021", "202108", "2021M08", "aug 2021", "augustus 2021", "01/08/2021"]
    rows = [[nis, form, "7.073"] for nis, form in zip(
        store.execute("select nis from municipalities where region is not null order by nis").fetchall(), forms)]
    rows = [[r[0][0], r[1], r[2]] for r in rows]
    prepared = importer.prepare(store, raw(csv_bytes(rows, header=VACANCY_HEADER)), "vacatures")
    assert prepared.ok, prepared.checked.report.frame()
    assert set(prepared.rows()["period"]) == {"2021-08"} and set(prepared.rows()["value"]) == {7073.0}


def test_thousands_separators_and_decimal_marks(store):
    header = ("nis", "jaar", "bevolking")
    cases = {"1.234.567": 1234567, "12 345": 12345, "7.073": 7073, "1,234,567": 1234567}
    for text, expected in cases.items():
        prepared = importer.prepare(store, raw(csv_bytes([["33011", 2015, text]], header=header)), "bevolking")
        assert prepared.ok and prepared.rows()["value"].tolist() == [expected], text
    prepared = importer.prepare(store, raw(csv_bytes([["33011", 2015, "1.234,5"], ["34027", 2015, "70,25"]],
                                                     header=("nis", "jaar", "werkzaamheidsgraad"))),
                                "werkzaamheidsgraad")
    assert prepared.checked.report.frame().at[0, "melding"].startswith("waarde '1.234,5' ligt buiten")


# --- the store stays unchanged for every refused file -------------------------

REFUSED_FILES = [(case, content, "bad.csv", indicator, fragment) for case, content, indicator, fragment, _, _ in FINDINGS] + [
    ("empty", b"", "leeg.csv", "werkzaamheidsgraad", "het bestand is leeg"),
    ("header only", csv_bytes([]), "kop.csv", "werkzaamheidsgraad", "alleen een kopregel"),
    ("xlsx named csv", xlsx_bytes(base_rows()), "vermomd.csv", "werkzaamheidsgraad", "geen CSV-tekstbestand"),
    ("csv named xlsx", csv_bytes(base_rows()), "vermomd.xlsx", "werkzaamheidsgraad", "geen Excel-werkmap"),
    ("old xls", b"\xd0\xcf\x11\xe0" + b"\0" * 100, "oud.xls", "werkzaamheidsgraad", "oude Excel-formaat"),
    ("zip bomb", zip_bomb(), "bom.xlsx", "werkzaamheidsgraad", "zip-bom"),
    ("missing column", csv_bytes(base_rows(), header=("gemeente", "nis", "jaar", "cijfer")), "kolom.csv",
     "werkzaamheidsgraad", "geen kolom gekoppeld"),
    ("unknown indicator", csv_bytes(base_rows()), "ok.csv", "geluk", "kan niet worden ingeladen"),
    ("xml entities", entity_book(base_rows()), "entiteit.xlsx", "werkzaamheidsgraad", "ENTITY-declaraties"),
    ("formula without value", formula_book(base_rows()[0], cached=False), "formule.xlsx", "werkzaamheidsgraad",
     "formule zonder bewaarde uitkomst"),
    ("broken zip", b"PK\x03\x04" + b"\x00" * 100, "kapot.xlsx", "werkzaamheidsgraad", "beschadigde Excel-werkmap"),
    ("undecodable bytes", csv_bytes(base_rows()) + b"\x81\x81;1;2;3\r\n", "raar.csv", "werkzaamheidsgraad",
     "tekens niet leesbaar"),
    ("duplicate header", csv_bytes(base_rows(), header=("gemeente", "nis", "nis", "werkzaamheidsgraad")),
     "dubbel.csv", "werkzaamheidsgraad", "komt twee keer voor"),
]


@pytest.mark.parametrize("case,content,name,indicator,fragment", REFUSED_FILES, ids=[f[0] for f in REFUSED_FILES])
def test_refused_import_leaves_the_store_unchanged(own_store, tmp_path, monkeypatch, capsys,
                                                   case, content, name, indicator, fragment):
    monkeypatch.setenv("REGIOMONITOR_DB", str(own_store))
    path = tmp_path / name
    path.write_bytes(content)
    with connect(own_store) as con:
        before = snapshot(con)
    assert main(["import", str(path), "--indicator", indicator]) == 1
    assert fragment.split("{")[0] in capsys.readouterr().err
    with connect(own_store) as con:
        assert_same(before, snapshot(con))


def test_oversized_file_is_refused_unread_and_stores_nothing(own_store, tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("REGIOMONITOR_DB", str(own_store))
    path = tmp_path / "groot.csv"
    with path.open("wb") as fh:
        fh.truncate(max_upload_mb() * 1024 * 1024 + 1)
    with connect(own_store) as con:
        before = snapshot(con)
    assert main(["import", str(path), "--indicator", "werkzaamheidsgraad"]) == 1
    assert f"de limiet is {max_upload_mb()} MB" in capsys.readouterr().err
    with connect(own_store) as con:
        assert_same(before, snapshot(con))
