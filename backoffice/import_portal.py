"""Importing a provincies.incijfers.be export as downloaded (Beheer page and
`python -m loaders import export.xlsx`).

The build reads the same exports (`loaders.portal`); this module adds what an
upload needs on top: every block is imported, not only the ones the build
describes. A block some `loaders/portal/*.yml` knows keeps its indicator
code, target group and scale (so re-importing the build's own file changes
nothing); a block no spec knows becomes a new indicator, its code the slug of
the block name and its unit read from the name (`[%]` in an XLSX: a fraction,
stored x 100; `[aantal]`: a count; `(t.o.v. ...)` in a CSV: a percentage;
otherwise a number), registered in `indicator_meta` with the export's "Bron"
line and date. Blocks a spec skips on purpose stay out. `x` is stored as
hidden (no value, flag 'x'); residual rows are left out.

A refused file (unknown municipality, value outside its scale, a code that
names another unit) gets a validation report and stores nothing.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date
from operator import attrgetter
from pathlib import Path

import duckdb
import pandas as pd

from loaders import gebiedsindeling, incijfers, portal
from loaders.config import data_dir
from loaders.errors import SourceError
from backoffice.import_check import Report
from backoffice.import_read import PortalFile, RawTable
from loaders.indicator_frame import ALL_GROUPS, FLAG, HIDDEN, INDICATOR_COLUMNS
from queries import run_query

PORTAL = "provincies.incijfers.be"
NO_DATE = "exportdatum niet vermeld in het bestand"
FOOTNOTE = re.compile(r"\s*\(\d+\)\s*$")
UNIT_MARK = re.compile(r"\s*\[[^\]]*\]")
# (pattern in the block name, layouts it applies to, scale, unit, decimals)
DERIVED_UNITS = (
    (re.compile(r"\[%\]"), {"xlsx"}, "fraction", "%", 1),
    (re.compile(r"\[%\]|\(t\.o\.v\. [^)]*\)"), {"csv"}, "percent", "%", 1),
    (re.compile(r"\[aantal\]"), {"xlsx", "csv"}, "count", "aantal", 0),
)
CODE_LENGTH = 60
STATUS = {"known": "gekend", "new": "nieuwe indicator", "skipped": "overgeslagen (niet gebruikt in het dashboard)"}


class PreparedFile:
    """What a checked file of either kind answers (`importer.Ready`), from
    the file read (`file`: a `RawTable` or a `PortalFile`) and its
    validation report."""
    file: RawTable | PortalFile
    report: Report

    file_name = property(attrgetter("file.file_name"))
    content_hash = property(attrgetter("file.content_hash"))
    warnings = property(attrgetter("file.warnings"))

    @property
    def ok(self) -> bool:
        return self.report.count == 0


@dataclass
class PortalPrepared(PreparedFile):
    """A checked portal export, ready to show and to import."""
    file: PortalFile
    blocks: pd.DataFrame        # one row per block: what it becomes and how many values
    new_rows: pd.DataFrame      # INDICATOR_COLUMNS + flag, as imported_values will hold them
    metas: list[dict]           # indicator_meta rows for indicators the store does not know yet
    report: Report

    @property
    def indicator(self) -> str:
        return ", ".join(dict.fromkeys(self.new_rows["indicator"]))

    def rows(self) -> pd.DataFrame:
        return self.new_rows


def prepare(con: duckdb.DuckDBPyConnection, file: PortalFile, data: Path | None = None) -> PortalPrepared:
    """Map every block and check every cell; a refusal becomes the report's finding."""
    report = Report(file.file_name)
    try:
        return _prepare(con, file, data or data_dir())
    except SourceError as exc:
        report.findings.append(exc)
        report.count += 1
        return PortalPrepared(file, pd.DataFrame(), pd.DataFrame(columns=[*INDICATOR_COLUMNS, FLAG]),
                              [], report)


def _prepare(con: duckdb.DuckDBPyConnection, file: PortalFile, data: Path) -> PortalPrepared:
    export = file.export
    known = portal.known_blocks()
    stored_meta = run_query(con, "indicator_meta")
    stored_units = dict(zip(stored_meta["indicator"], stored_meta["unit"]))
    groups: dict[str, tuple[str, str, str]] = {}
    metas: dict[str, dict] = {}
    status: dict[str, str] = {}
    for block in export.blocks:
        spec, mapped = known.get(block, (None, None))
        if spec is not None:
            status[block] = "known" if mapped else "skipped"
            if mapped:
                groups[block] = mapped
                metas.setdefault(mapped[0], portal.meta(spec, mapped[0], export))
            continue
        meta, scale = derived_meta(block, export, file.file_name)
        if meta["indicator"] in stored_units and stored_units[meta["indicator"]] != meta["unit"]:
            raise SourceError(file.file_name, f"blok '{block}' wordt indicator '{meta['indicator']}', maar die "
                                              f"bestaat al met eenheid '{stored_units[meta['indicator']]}' "
                                              f"(hier '{meta['unit']}'); geef het blok een andere naam")
        groups[block] = (meta["indicator"], ALL_GROUPS, scale)
        metas.setdefault(meta["indicator"], meta)
        status[block] = "known" if meta["indicator"] in stored_units else "new"
    if not groups:
        raise SourceError(file.file_name, "de export bevat geen indicator die kan worden ingeladen")
    cells = portal.resolve(export, gebiedsindeling.places(data), groups)
    stored = portal.kept(cells)
    for code, meta in metas.items():
        if meta["decimals"] is None:  # a plain number: whole numbers, or one decimal
            meta["decimals"] = 0 if (stored.loc[stored["indicator"] == code, "value"].dropna() % 1 == 0).all() else 1
    rows = portal.frames(stored, list(metas.values()))
    rows["source"] = rows["source"] + f" (import: {file.file_name})"
    new_metas = [m for code, m in metas.items() if code not in stored_units]
    return PortalPrepared(file, _blocks(export, cells, stored, groups, status), rows, new_metas, Report(file.file_name))


def derived_meta(block: str, export: incijfers.Export, file_name: str) -> tuple[dict, str]:
    """indicator_meta for a block no spec describes, and its scale."""
    label = " ".join(UNIT_MARK.sub("", FOOTNOTE.sub("", block)).split()) or block
    code = slug(label)
    if not code:
        raise SourceError(file_name, f"uit de bloknaam '{block}' valt geen indicatorcode te maken")
    scale, unit, decimals = next(((s, u, d) for pattern, layouts, s, u, d in DERIVED_UNITS
                                  if export.layout in layouts and pattern.search(block)), ("number", "getal", None))
    producer, short = export_producer(export)
    title = export.title or Path(file_name).stem
    sources = "; ".join(export.sources) or PORTAL
    return {"indicator": code, "label": label, "unit": unit, "decimals": decimals, "quality": "official",
            "title": title, "producer": producer, "citation": f"{title}: {block}. Bron: {sources}",
            "licence": "niet vermeld in het bestand", "accessed": date.today().isoformat(),
            "note": f"Ingeladen via Beheer uit '{file_name}' (blok '{block}').", "source_short": short}, scale


def slug(name: str) -> str:
    """`Nieuwkomers (t.o.v. 18+)` -> `nieuwkomers_t_o_v_18`."""
    text = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    return re.sub(r"[^a-z0-9]+", "_", text).strip("_")[:CODE_LENGTH].rstrip("_")


def export_producer(export: incijfers.Export) -> tuple[str, str]:
    """Producer with the export date (as `loaders.portal.producer` writes it)
    and without: from the "Bron" lines, `VDAB | provincies.incijfers.be` ->
    `VDAB, via provincies.incijfers.be`."""
    names = [line.split("|")[0].strip() for line in export.sources if line.split("|")[0].strip()]
    short = f"{'; '.join(dict.fromkeys(names))}, via {PORTAL}" if names else PORTAL
    return portal.producer({"producer": short, "exported_note": NO_DATE}, export), short


def _blocks(export: incijfers.Export, cells: pd.DataFrame, stored: pd.DataFrame, groups: dict,
            status: dict[str, str]) -> pd.DataFrame:
    """One row per block in file order: what it becomes and what is in it."""
    out = []
    for block in export.blocks:
        mine, residual = stored[stored["block"] == block], cells[(cells["block"] == block) & cells["nis"].isna()]
        years = export.cells.loc[export.cells["block"] == block, "year"]
        code, group, scale = groups.get(block, ("", "", ""))
        out.append({
            "blok": block, "indicator": code, "doelgroep": group, "status": STATUS[status[block]],
            "schaal": portal.SCALES[scale]["name"] if scale else "", "jaren": f"{years.min()}-{years.max()}",
            "waarden": int(mine["value"].notna().sum()), "verborgen": int((mine["marker"] == HIDDEN).sum()),
            "restrijen weggelaten": int(residual["row"].nunique()),
        })
    return pd.DataFrame(out)
