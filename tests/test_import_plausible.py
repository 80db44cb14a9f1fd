"""Plausible values only (issue 19, point 5): an import refuses values no
official source can have for the indicator's unit, imports only the
indicators the README says, and an over-long CSV cell anywhere in the file
gets a Dutch message naming the row."""
from __future__ import annotations

import re

import pytest

from backoffice import importer
from loaders import import_spec
from loaders.config import PROJECT_ROOT
from loaders.errors import SourceError
from backoffice.import_read import read_upload
from tests.import_fixtures import csv_bytes, raw

FILE = "export.csv"


def municipality(store) -> str:
    return store.execute("select min(nis) from municipalities where region is not null").fetchone()[0]


def findings(store, indicator: str, value: str, period: str = "2020") -> list[SourceError]:
    header = ("nis", "jaar", "waarde")
    prepared = importer.prepare(store, read_upload(csv_bytes([[municipality(store), period, value]], header=header),
                                                   FILE), indicator)
    return prepared.report.findings


def population(store) -> float:
    """Belgium's population: every municipality in the latest built year."""
    return store.execute("""select sum(value) from indicator_values where indicator = 'bevolking'
                            and period = (select max(period) from indicator_values
                                          where indicator = 'bevolking')""").fetchone()[0]


IMPLAUSIBLE = [
    ("bevolking", "inf", "geen eindig getal"),
    ("bevolking", "-Infinity", "geen eindig getal"),
    ("bevolking", "1e300", "buiten het geldige bereik"),
    ("bevolking", "-5", "buiten het geldige bereik"),
    ("bevolking", "nan", "geen getal"),
    ("wzw", "1E20", "buiten het geldige bereik"),
    ("vacatures_open", "-1", "buiten het geldige bereik"),
    ("werkzaamheidsgraad", "100,1", "buiten het geldige bereik (van 0 tot 100 %)"),
    ("werkzaamheidsgraad", "-0,5", "buiten het geldige bereik (van 0 tot 100 %)"),
    ("werkzaamheidsgraad", "NaN", "geen getal"),
    ("nieuwkomers_per_1000", "1000,5", "buiten het geldige bereik (van 0 tot 1.000)"),
]


@pytest.mark.parametrize("indicator,value,message", IMPLAUSIBLE, ids=[f"{i}={v}" for i, v, _ in IMPLAUSIBLE])
def test_implausible_values_are_refused_naming_file_row_column_and_value(store, indicator, value, message):
    [finding] = findings(store, indicator, value)
    assert (finding.file, finding.row, finding.column) == (FILE, 2, "waarde")
    assert f"'{value}'" in finding.message and message in finding.message


def test_a_count_larger_than_belgiums_population_is_refused(store):
    belgium = population(store)
    [finding] = findings(store, "bevolking", str(int(belgium) + 1))
    assert "de bevolking van België" in finding.message
    assert findings(store, "bevolking", str(int(belgium))) == []
    assert findings(store, "nwwz", str(int(belgium) + 1))


def test_plausible_real_values_pass(store):
    nis = municipality(store)
    for indicator, period, value in store.execute(
            "select indicator, period, value from indicators where nis = ? and value is not null "
            "and target_group = 'totaal' and quality = 'official' and period = '2020'", [nis]).fetchall():
        if indicator in import_spec.importable(store):
            assert findings(store, indicator, f"{value}".replace(".", ","), period) == [], indicator


def test_importable_indicators_are_exactly_those_the_readme_says(store):
    readme = (PROJECT_ROOT / "README.md").read_text(encoding="utf-8")
    sentence = re.search(r"except trajectory registrations and budgets, which\s+are not importable yet:"
                         r"(.*?)\(`not_importable`", readme, re.S)
    assert sentence and set(re.findall(r"`(\w+)`", sentence.group(1))) == set(import_spec.NOT_IMPORTABLE)
    stored = {r[0] for r in store.execute("select indicator from indicator_meta where quality <> 'derived'").fetchall()}
    assert set(import_spec.NOT_IMPORTABLE) <= stored  # the list names real indicators
    assert set(import_spec.importable(store)) == stored - set(import_spec.NOT_IMPORTABLE) | set(
        import_spec.META["indicators"])
    for code in import_spec.NOT_IMPORTABLE:
        with pytest.raises(SourceError, match=f"indicator '{code}' kan niet worden ingeladen"):
            importer.prepare(store, raw(csv_bytes([["x", "33011", 2020, "1"]])), code)


LIMIT = 131072  # the csv module's default field_size_limit


def long_cell_files() -> dict[str, tuple[bytes, int]]:
    """CSV content with a cell over the limit, and the row it starts on."""
    rows = [["Ieper", "33011", 2015, "70,1"]] * 80
    long = "x" * (LIMIT + 1)
    return {
        "first data row": (csv_bytes([["Ieper", "33011", 2015, long]] + rows), 2),
        "beyond the lines read to find the separator": (csv_bytes(rows + [["Ieper", "33011", 2015, long]]), 82),
        "quoted, in the header": (csv_bytes(rows, header=("gemeente", "nis", "jaar", f'"{long}"')), 1),
        "an unclosed quote": (csv_bytes(rows[:60] + [["Ieper", "33011", 2015, '"70,1']] + rows * 80), 62),
    }


@pytest.mark.parametrize("case", list(long_cell_files()))
def test_a_cell_over_the_csv_limit_gets_a_dutch_message_with_its_row(case):
    content, row = long_cell_files()[case]
    with pytest.raises(SourceError) as caught:
        read_upload(content, FILE)
    assert caught.value.row == row and caught.value.file == FILE
    assert "een cel is langer dan 131.072 tekens" in caught.value.message
