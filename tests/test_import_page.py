"""The Beheer page (AppTest) on a private copy of the store: upload, preview,
import, history and rollback; bad files get a report and store nothing;
whatever comes from a file is shown as text, never as Markdown or HTML."""
from __future__ import annotations

import warnings

import openpyxl
import pytest

from backoffice import importer
from loaders.store import connect
from common import exports, format as fmt
from tests.helpers.admin import RATES, USER, confirm, rows, signed_in_app, store_snapshot, upload
from tests.import_fixtures import assert_same, csv_bytes, find_cell, own_store, portal_copy  # noqa: F401

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PAYLOAD = "**vet** <img src=x onerror=alert(1)> [link](javascript:alert(1)) :red[rood]"


@pytest.fixture()
def beheer(own_store, monkeypatch):
    """The app on the private store, logged in on the Beheer page."""
    at = signed_in_app(own_store, monkeypatch)
    assert at.file_uploader
    yield at


def test_upload_preview_import_history_and_rollback(beheer, own_store):
    before = store_snapshot(own_store)
    upload(beheer, csv_bytes(rows()))
    assert not beheer.exception and not beheer.error
    assert beheer.selectbox[0].value == "werkzaamheidsgraad"  # guessed from the header
    assert next(m.value for m in beheer.metric if m.label == "Nieuw") == fmt.number(len(RATES))
    preview = beheer.dataframe[0].value
    assert preview["nis"].tolist() == RATES["nis"].tolist()
    assert preview["waarde"].tolist() == [r[3] for r in rows()]  # Belgian notation, as stored
    confirm(beheer, "Importeren")
    assert beheer.success[0].value == f"Import 1 opgeslagen: {fmt.number(len(RATES))} nieuw, 0 vervangen, 0 ongewijzigd."
    with connect(own_store, read_only=True) as con:
        assert con.execute("select count(*) from imported_values where import_id = 1").fetchone()[0] == len(RATES)
    history = beheer.dataframe[-1].value
    assert history.at[0, "bestand"] == "export.csv" and history.at[0, "door"] == USER
    beheer.checkbox[0].check().run()
    confirm(beheer, "Terugdraaien")
    assert beheer.success[0].value == "Teruggedraaid: import 1."
    assert_same(before, store_snapshot(own_store))


def test_bad_file_gets_a_report_and_nothing_is_stored(beheer, own_store):
    before = store_snapshot(own_store, tables=("imported_values", "imports", "import_replaced", "import_mappings"))
    bad = rows()
    bad[2][3] = "n.b."
    upload(beheer, csv_bytes(bad))
    assert "1 fout(en) gevonden" in beheer.error[0].value
    report = beheer.dataframe[0].value
    assert report.iloc[0].tolist() == [4, "werkzaamheidsgraad", "'n.b.' is geen getal"]
    assert not [b for b in beheer.button if b.label == "Importeren"]
    assert_same(before, store_snapshot(own_store, tables=tuple(before)))


def test_unreadable_file_is_refused_with_its_reason(beheer):
    upload(beheer, b"", "leeg.csv")
    assert beheer.error[0].value.startswith("Dit bestand kan niet worden ingelezen")
    assert beheer.text[0].value == "bestand 'leeg.csv': het bestand is leeg"


def markup(at) -> list[str]:
    """Every element whose text Streamlit renders as Markdown."""
    kinds = ("markdown", "caption", "title", "header", "subheader", "success", "error", "warning", "info")
    return [e.value for kind in kinds for e in getattr(at, kind)] + [m.label for m in at.metric]


def test_names_from_the_file_are_shown_as_text_never_as_markup(beheer):
    content = csv_bytes([["Ieper", RATES.nis[0], 2015, PAYLOAD]], header=(PAYLOAD, "nis", "jaar", "werkzaamheidsgraad"))
    upload(beheer, content, f"{PAYLOAD}.csv")
    assert not any(PAYLOAD in text or "<img" in text for text in markup(beheer))
    # The message quotes the cell literally, cut to its first 39 characters and an ellipsis.
    assert beheer.dataframe[0].value.at[0, "melding"] == f"'{PAYLOAD[:39]}…' is geen getal"
    assert PAYLOAD in beheer.selectbox[1].options  # a header, offered as plain text
    upload(beheer, b"", f"{PAYLOAD}.csv")
    assert not any("<img" in text for text in markup(beheer))
    assert PAYLOAD in beheer.text[0].value


def test_exported_history_is_formula_safe(beheer, own_store):
    name = '=HYPERLINK("http://x","klik").csv'
    upload(beheer, csv_bytes(rows()), name)
    confirm(beheer, "Importeren")
    with connect(own_store, read_only=True) as con:
        history = importer.history(con)
    assert history.at[0, "bestand"] == name
    text = exports.to_csv(history).decode("utf-8-sig")
    assert f"'{name}" in text.replace('""', '"')


def test_portal_export_is_recognised_previewed_per_block_and_imported(beheer, own_store, tmp_path):
    """A copy of the real jobseekers workbook with one block renamed: one
    preview row per block, the new block's values are the only new ones."""
    renamed = "WZW proef niet-EU [aantal] (1)"
    copy = portal_copy(tmp_path, "vdab/unemployment_jobseekers_data.xlsx",
                       lambda sheet: setattr(find_cell(sheet, "WZW niet-EU [aantal] (1)"), "value", renamed))
    before = store_snapshot(own_store)
    beheer.file_uploader[0].set_value((copy.name, copy.read_bytes(), XLSX))
    beheer.run()
    assert not beheer.exception and not beheer.error
    assert beheer.info[0].value.startswith("Herkend als export van provincies.incijfers.be (xlsx)")
    assert not [s for s in beheer.selectbox if s.label == "Indicator"]  # nothing to choose, no columns to map
    blocks = beheer.dataframe[0].value.set_index("blok")
    assert list(blocks.index) == [c for c in file_blocks(copy)]
    new = blocks.loc[renamed]
    assert new["status"] == "nieuwe indicator" and new["nieuw"] == new["waarden"] + new["verborgen"] > 0
    assert next(m.value for m in beheer.metric if m.label == "Nieuw") == fmt.number(int(new["nieuw"]))
    confirm(beheer, "Importeren")
    assert beheer.success[0].value.startswith(f"Import 1 opgeslagen: {fmt.number(int(new['nieuw']))} nieuw")
    with connect(own_store, read_only=True) as con:
        assert con.execute("select count(*) from imported_values where indicator = 'wzw_proef_niet_eu' "
                           "and flag = 'x' and value is null").fetchone()[0] == new["verborgen"]
    beheer.checkbox[0].check().run()
    confirm(beheer, "Terugdraaien")
    assert_same(before, store_snapshot(own_store))


def test_broken_portal_export_is_refused_and_nothing_is_stored(beheer, own_store, tmp_path):
    copy = portal_copy(tmp_path, "vdab/unemployment_jobseekers_data.xlsx",
                       lambda sheet: setattr(find_cell(sheet, "Menen"), "value", "Meenen"))
    before = store_snapshot(own_store)
    beheer.file_uploader[0].set_value((copy.name, copy.read_bytes(), XLSX))
    beheer.run()
    assert "1 fout(en) gevonden" in beheer.error[0].value
    assert "bedoelt u 'Menen'" in beheer.dataframe[0].value.at[0, "melding"]
    assert not [b for b in beheer.button if b.label == "Importeren"]
    assert_same(before, store_snapshot(own_store))


def file_blocks(path) -> list[str]:
    """The block names in row 2 of the sheet, read by hand."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        names = next(openpyxl.load_workbook(path).worksheets[0].iter_rows(min_row=2, max_row=2, values_only=True))
    return [n for n in names if n]
