"""Loaders against the real reference files and against broken copies.

Each broken copy is made in tmp_path from the real file with one defect; the
loader must refuse it with its own message naming file, row and column.
"""
from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest

from loaders import bevolking, bevolking_2020, gemeenten, refnis, werkzaamheid
from loaders.config import data_dir
from loaders.errors import SourceError
from loaders.regions import REGIONS

DATA = data_dir()


@pytest.fixture(scope="module")
def codes() -> pd.DataFrame:
    return refnis.read(DATA)


@pytest.fixture(scope="module")
def known(codes) -> set[str]:
    import pyogrio

    boundaries = pyogrio.read_dataframe(DATA / gemeenten.META["file"], layer="municipalities",
                                        columns=["nis"], read_geometry=False)
    return refnis.municipality_codes(codes) | set(boundaries["nis"])


def raw_lines(meta: dict, encoding: str = "utf-8") -> list[str]:
    return (DATA / meta["file"]).read_bytes().decode(encoding).splitlines()


def broken_copy(tmp_path: Path, meta: dict, lines: list[str], encoding="utf-8", newline="\r\n") -> Path:
    """A data dir in tmp_path whose file for `meta` holds `lines`."""
    target = tmp_path / meta["file"]
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(newline.join(lines).encode(encoding) + newline.encode())
    return tmp_path


# --- the real files, with their quirks ----------------------------------------

def test_refnis_reads_cp1252_names(codes):
    # The file is cp1252: a municipality with an accent survives decoding.
    raw = raw_lines(refnis.META, "cp1252")
    accented = [line.split(";")[5] for line in raw[1:] if any(ch in line.split(";")[5] for ch in "éèëï")]
    assert accented, "the reference file should contain accented Dutch names"
    assert set(accented) <= set(codes["name_nl"])


def test_werkzaamheid_matches_the_csv(known):
    rows = werkzaamheid.read(DATA, known)
    raw = pd.read_csv(DATA / werkzaamheid.META["file"], sep=";", decimal=",", dtype={"nis": str}).dropna(subset=["nis"])
    assert len(rows) == len(raw)
    menen = raw[(raw["nis"] == "34027") & (raw["jaar"] == raw["jaar"].max())]["werkzaamheidsgraad"].iloc[0]
    got = rows[(rows["nis"] == "34027") & (rows["period"] == str(int(raw["jaar"].max())))]["value"].iloc[0]
    assert got == pytest.approx(menen)
    assert rows["value"].between(0, 100).all()
    assert set(rows["quality"]) == {"official"}


def test_names_spelled_differently_join_on_nis(known):
    # The rates file spells Lo-Reninge 'Lo-reninge'; the code is what joins.
    raw = raw_lines(werkzaamheid.META)
    spelled = {line.split(";")[0] for line in raw if ";32030;" in line}
    assert spelled and "Lo-Reninge" not in spelled
    rows = werkzaamheid.read(DATA, known)
    assert (rows["nis"] == "32030").sum() == len([line for line in raw if ";32030;" in line])


def test_footer_and_empty_rows_are_dropped(known):
    raw = raw_lines(bevolking.META)
    data_rows = [line for line in raw[1:] if line.split(";")[1:2] != [""]]
    rows = bevolking.read(DATA, known)
    assert len(rows) == len(data_rows)
    assert rows["nis"].str.fullmatch(r"\d{5}").all()


def test_mixed_line_ends_read_like_crlf(tmp_path, known):
    lines = raw_lines(bevolking.META)
    # Alternate CR and CRLF line ends, as in files saved by old Mac tools.
    body = "".join(line + ("\r" if i % 2 else "\r\n") for i, line in enumerate(lines))
    target = tmp_path / bevolking.META["file"]
    target.parent.mkdir(parents=True)
    target.write_bytes(body.encode())
    assert bevolking.read(tmp_path, known).equals(bevolking.read(DATA, known))


def test_population_2020_keeps_municipalities_only(codes, known):
    rows = bevolking_2020.read(DATA, known, refnis.aggregate_codes(codes))
    raw = pd.read_csv(DATA / bevolking_2020.META["file"], dtype=str, encoding="utf-8-sig")
    aggregates = raw[~raw["NIS code"].isin(known)]
    assert len(aggregates) > 0, "the file mixes aggregate rows with municipalities"
    assert len(rows) == len(raw) - len(aggregates)
    total_belgium = int(raw[raw["Woonplaats"] == "België"]["Totaal"].iloc[0])
    assert rows["value"].sum() == total_belgium


def test_boundaries_regions_and_simplification(codes, known):
    rates = werkzaamheid.read(DATA, known)
    table = gemeenten.read(DATA, codes, set(rates["nis"]))
    for key, region in REGIONS.items():
        assert sorted(table.loc[table["region"] == key, "nis"]) == sorted(region["nis"])
    assert table.loc[table["nis"] == "33029", "region"].iloc[0] == "w13"  # Wervik: arr. Ieper, but W13
    current = table[table["in_2019_boundaries"]]
    assert current["geojson"].notna().all()
    merged = table[~table["in_2019_boundaries"]]
    assert set(merged["nis"]) == set(rates["nis"]) - set(current["nis"])
    assert (merged["reg_nl"] == "Vlaams Gewest").all()


def test_simplified_boundaries_keep_shared_borders():
    import geopandas as gpd
    import shapely

    geo = gpd.read_file(DATA / gemeenten.META["file"], layer="municipalities").set_crs(4326)
    simple = gemeenten.simplify(geo.geometry)
    ours = set(REGIONS["westhoek"]["nis"]) | set(REGIONS["w13"]["nis"])
    part = simple[geo["nis"].isin(ours)]
    # No slivers or gaps: the union of the parts is the simplified parts'
    # total area, and no two municipalities overlap in more than a line.
    union_area = shapely.union_all(part.values).area
    assert union_area == pytest.approx(shapely.area(part.values).sum(), rel=1e-6)
    original = geo.geometry[geo["nis"].isin(ours)].make_valid()
    assert shapely.union_all(part.values).area == pytest.approx(shapely.union_all(original.values).area, rel=0.01)
    # A gap between neighbours is a hole in the union: simplification adds
    # none, for the 30 and for the whole country (Brussels is Flanders' hole).
    for mask in (geo["nis"].isin(ours), geo["nis"].notna()):
        assert _holes(shapely.union_all(simple[mask].values)) == _holes(
            shapely.union_all(geo.geometry[mask].make_valid().values))
    everything = simple.values
    assert shapely.union_all(everything).area == pytest.approx(shapely.area(everything).sum(), rel=1e-6)


def _holes(geometry) -> int:
    return sum(len(polygon.interiors) for polygon in getattr(geometry, "geoms", [geometry]))


# --- broken copies: each refused with its own message --------------------------

def _replace_first(lines, needle, new):
    i = next(i for i, line in enumerate(lines) if needle in line)
    lines = list(lines)
    lines[i] = new(lines[i])
    return lines, i + 1  # 1-based file row


CASES = [
    ("unknown code", lambda l: l.replace(";34027;", ";99999;"), "nis", "geen gekende gemeente"),
    ("malformed code", lambda l: l.replace(";34027;", ";3402A;"), "nis", "geen NIS-code van 5 cijfers"),
    ("rate above 100", lambda l: l.rsplit(";", 1)[0] + ";140,5", "werkzaamheidsgraad", "groter dan 100"),
    ("text as rate", lambda l: l.rsplit(";", 1)[0] + ";n.b.", "werkzaamheidsgraad", "'n.b.' is geen getal"),
    ("year out of range", lambda l: l.replace(";2015;", ";1850;"), "jaar", "kleiner dan 1990"),
]


@pytest.mark.parametrize("name,change,column,message", CASES, ids=[c[0] for c in CASES])
def test_broken_rates_file(tmp_path, known, name, change, column, message):
    lines, row = _replace_first(raw_lines(werkzaamheid.META), ";34027;2015;", change)
    broken_copy(tmp_path, werkzaamheid.META, lines)
    with pytest.raises(SourceError) as err:
        werkzaamheid.read(tmp_path, known)
    assert err.value.row == row and err.value.column == column
    assert message in str(err.value) and "werkzaamheidsgraad_gemeenten_2003_2015.csv" in str(err.value)


def test_duplicate_key_names_both_rows(tmp_path, known):
    lines = raw_lines(werkzaamheid.META)
    first = next(i for i, line in enumerate(lines) if ";34027;2015;" in line)
    lines.insert(first + 1, lines[first])
    broken_copy(tmp_path, werkzaamheid.META, lines)
    with pytest.raises(SourceError, match=rf"dubbele sleutel.*ook al op rij {first + 1}") as err:
        werkzaamheid.read(tmp_path, known)
    assert err.value.row == first + 2


def test_missing_column(tmp_path, known):
    lines = raw_lines(bevolking.META)
    lines[0] = lines[0].replace("inwoners", "bevolking")
    broken_copy(tmp_path, bevolking.META, lines)
    with pytest.raises(SourceError, match="kolom\\(men\\) ontbreken: inwoners") as err:
        bevolking.read(tmp_path, known)
    assert err.value.row == 1


def test_wrong_encoding(tmp_path, codes, known):
    # Population 2020 re-saved as cp1252: 'België' no longer decodes as UTF-8.
    text = (DATA / bevolking_2020.META["file"]).read_bytes().decode("utf-8-sig")
    target = tmp_path / bevolking_2020.META["file"]
    target.parent.mkdir(parents=True)
    target.write_bytes(text.encode("cp1252"))
    with pytest.raises(SourceError, match="niet leesbaar als utf-8-sig"):
        bevolking_2020.read(tmp_path, known, refnis.aggregate_codes(codes))


def test_sex_totals_must_add_up(tmp_path, codes, known):
    text = (DATA / bevolking_2020.META["file"]).read_bytes().decode("utf-8-sig").splitlines()
    lines, row = _replace_first(text, "34027,", lambda l: ",".join(l.split(",")[:-1] + ["1"]))
    broken_copy(tmp_path, bevolking_2020.META, lines, encoding="utf-8-sig")
    with pytest.raises(SourceError, match="mannen \\+ vrouwen") as err:
        bevolking_2020.read(tmp_path, known, refnis.aggregate_codes(codes))
    assert err.value.row == row


def test_unknown_municipality_in_population_2020_is_refused(tmp_path, codes, known):
    # Aggregate rows (codes ending in 000) are dropped; a mistyped municipality
    # code is not silently dropped with them.
    text = (DATA / bevolking_2020.META["file"]).read_bytes().decode("utf-8-sig").splitlines()
    lines, row = _replace_first(text, "34027,", lambda l: l.replace("34027,", "34999,", 1))
    broken_copy(tmp_path, bevolking_2020.META, lines, encoding="utf-8-sig")
    with pytest.raises(SourceError, match="NIS-code 34999 is geen gekende gemeente") as err:
        bevolking_2020.read(tmp_path, known, refnis.aggregate_codes(codes))
    assert (err.value.row, err.value.column) == (row, "NIS code")


def test_bad_refnis_date(tmp_path):
    lines, row = _replace_first(raw_lines(refnis.META, "cp1252"), ";34027;",
                                lambda l: l.replace("31/12/9999", "9999-12-31"))
    broken_copy(tmp_path, refnis.META, lines, encoding="cp1252")
    with pytest.raises(SourceError, match="geen datum dd/mm/jjjj") as err:
        refnis.read(tmp_path)
    assert (err.value.row, err.value.column) == (row, "DT_VLDT_END")


def test_missing_file(tmp_path, known):
    with pytest.raises(SourceError, match="bestand niet gevonden"):
        werkzaamheid.read(tmp_path, known)


def test_not_a_topojson(tmp_path, codes):
    target = tmp_path / gemeenten.META["file"]
    target.parent.mkdir(parents=True)
    target.write_text("dit is geen kaart")
    with pytest.raises(SourceError, match="geen leesbare TopoJSON"):
        gemeenten.read(tmp_path, codes, set())


@pytest.mark.parametrize("old,new,message", [
    ('"nis":"34027"', '"nis":"3402A"', "'3402A' is geen NIS-code van 5 cijfers"),
    ('"nis":"34022"', '"nis":"34027"', "NIS-code 34027 komt meer dan eens voor"),
], ids=["malformed code", "duplicate code"])
def test_broken_boundaries(tmp_path, codes, old, new, message):
    text = (DATA / gemeenten.META["file"]).read_text(encoding="utf-8")
    assert text.count(old) == 1
    target = tmp_path / gemeenten.META["file"]
    target.parent.mkdir(parents=True)
    target.write_text(text.replace(old, new), encoding="utf-8")
    with pytest.raises(SourceError, match=message) as err:
        gemeenten.read(tmp_path, codes, set())
    assert err.value.column == "nis" and err.value.row >= 1
    assert gemeenten.META["file"].split("/")[-1] in str(err.value)


def test_hierarchy_comes_from_refnis_not_the_boundary_file(codes):
    # The boundary file places Mesen in Hainaut (Walloon Region); Statbel's
    # code list has it in arrondissement Ieper, West Flanders.
    import pyogrio

    raw = pyogrio.read_dataframe(DATA / gemeenten.META["file"], layer="municipalities", read_geometry=False)
    assert raw.loc[raw["nis"] == "33016", "reg_nl"].iloc[0] != "Vlaams Gewest"
    table = gemeenten.read(DATA, codes, set())
    mesen = table[table["nis"] == "33016"].iloc[0]
    parents = refnis.latest(codes)
    assert mesen["arr_nis"] == parents.at["33016", "parent"]
    assert mesen["prov_nis"] == parents.at[mesen["arr_nis"], "parent"]
    assert mesen["reg_nl"] == "Vlaams Gewest"
    # Codes the older REFNIS list lacks (2019 mergers) keep the file's places.
    new = set(raw["nis"]) - set(parents.index)
    ours = table[table["nis"].isin(new)].set_index("nis")["reg_nl"]
    assert new and ours.to_dict() == raw[raw["nis"].isin(new)].set_index("nis")["reg_nl"].to_dict()
