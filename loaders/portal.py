"""The provincies.incijfers.be exports in the reference data: one metadata
file per export in `loaders/portal/` (provenance, quirks, which indicator
block means which indicator and target group, in which unit), one reader
for all of them (`loaders.incijfers`), names joined to NIS codes through the
2025 municipality list (`loaders.gebiedsindeling`).

A block the metadata does not know, or a known block missing from the file,
refuses the file: a new export with other indicators must be described
before it feeds the store. `x` (hidden by the producer) is stored as a row
without value and with flag `x`, never as 0 and never dropped; `-`, `?` and
`nvt` (no value) are not stored.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from loaders import gebiedsindeling, incijfers
from loaders.errors import SourceError
from loaders.indicator_frame import FLAG, indicator_frame
from loaders.meta import load_meta
from loaders.tabular import check_unique

SPEC_DIR = Path(__file__).with_name("portal")
MONTHS = ["januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september", "oktober",
          "november", "december"]
EXPORT_DATE = re.compile(r"(\d{1,2}) (" + "|".join(MONTHS) + r") (\d{4})$")
# How each unit is stored and what is a valid value in the file.
SCALES = {
    "fraction": {"factor": 100.0, "low": 0.0, "high": 1.0, "name": "fractie", "what": "fractie (0,083 = 8,3 %)"},
    "percent": {"factor": 1.0, "low": 0.0, "high": 100.0, "name": "percentage", "what": "percentage"},
    "count": {"factor": 1.0, "low": 0.0, "high": None, "name": "aantal", "what": "aantal"},
    "rate": {"factor": 1.0, "low": 0.0, "high": None, "name": "verhouding", "what": "verhouding"},
    "number": {"factor": 1.0, "low": None, "high": None, "name": "getal", "what": "getal"},
}


def specs() -> list[dict]:
    """Every export's metadata, in a fixed order."""
    return [load_meta(str(path)) | {"spec": path.stem} for path in spec_files()]


def spec_files() -> list[Path]:
    return sorted(SPEC_DIR.glob("*.yml"))


def export_date(text: str | None) -> str | None:
    """`donderdag 21 mei 2026` -> `21/05/2026`; None when not stated."""
    match = EXPORT_DATE.search(text or "")
    if not match:
        return None
    return f"{int(match[1]):02d}/{MONTHS.index(match[2]) + 1:02d}/{match[3]}"


def producer(spec: dict, export: incijfers.Export) -> str:
    """What every source line names: the producer via the portal, with the
    export date as the file states it (or that it states none)."""
    date = export_date(export.exported)
    return f"{spec['producer']} (export {date})" if date else f"{spec['producer']} ({spec['exported_note']})"


def meta(spec: dict, code: str, export: incijfers.Export) -> dict:
    """indicator_meta (+ `source_short`) of one of a spec's indicators."""
    return spec["indicators"][code] | {
        "indicator": code, "quality": "official", "title": spec["title"], "producer": producer(spec, export),
        "citation": spec["citation"], "licence": spec["licence"], "accessed": spec["accessed"],
        "source_short": spec["source_short"]}


@dataclass(frozen=True)
class Loaded:
    rows: pd.DataFrame          # tidy indicator rows with a flag column
    metas: list[dict]           # one per indicator, for indicator_meta
    export: incijfers.Export


def read(data_dir: Path, spec: dict) -> Loaded:
    path = data_dir / spec["file"]
    export = incijfers.read(path)
    block_groups = _block_groups(spec)
    skipped = set(spec.get("skip", []))
    unknown = [b for b in export.blocks if b not in block_groups and b not in skipped]
    if unknown:
        raise SourceError(path, f"onbekende indicator '{unknown[0]}' in de export; beschrijf ze eerst in "
                                f"loaders/portal/{spec['spec']}.yml")
    missing = [b for b in block_groups if b not in export.blocks]
    if missing:
        raise SourceError(path, f"indicator '{missing[0]}' ontbreekt in de export")
    cells = kept(resolve(export, gebiedsindeling.places(data_dir), block_groups))
    metas = [meta(spec, code, export) for code in spec["indicators"]]
    return Loaded(rows=frames(cells, metas), metas=metas, export=export)


def resolve(export: incijfers.Export, places: gebiedsindeling.Places,
            block_groups: dict[str, tuple[str, str, str]]) -> pd.DataFrame:
    """The cells of the given blocks with their NIS code (None on a residual
    row), indicator, target group and scale, values scaled for the store.
    Refuses an unknown name, a municipality twice and a value outside its
    scale (the build and the Beheer import share this)."""
    path = export.path
    cells = export.cells[export.cells["block"].isin(block_groups)].copy()
    cells["nis"] = places.resolve(cells["name"], cells["row"], path, "A")
    for i, column in enumerate(("indicator", "target_group", "scale")):
        cells[column] = cells["block"].map(lambda b: block_groups[b][i])
    check_unique(cells[cells["nis"].notna()], path, ["nis", "indicator", "target_group", "year"])
    for scale, part in cells[cells["nis"].notna() & cells["value"].notna()].groupby("scale"):
        _check_range(path, part, SCALES[scale])
    cells["value"] = (cells["value"] * cells["scale"].map(lambda s: SCALES[s]["factor"])).round(10)
    return cells


def kept(cells: pd.DataFrame) -> pd.DataFrame:
    """What is stored: municipalities' values and hidden (`x`) cells; residual
    rows and `-`, `?`, `nvt` are left out."""
    return cells[cells["nis"].notna() & (cells["value"].notna() | (cells["marker"] == incijfers.HIDDEN))]


def frames(cells: pd.DataFrame, metas: list[dict]) -> pd.DataFrame:
    """Tidy indicator rows (with the flag column) for the indicators in `metas`."""
    parts = []
    for meta in metas:
        own = cells[cells["indicator"] == meta["indicator"]]
        frame = indicator_frame(own["nis"], own["year"], own["value"], meta, target_group=own["target_group"])
        parts.append(frame.assign(**{FLAG: own["marker"].where(own["marker"] == incijfers.HIDDEN).to_numpy()}))
    return pd.concat(parts, ignore_index=True)


def known_blocks() -> dict[str, tuple[dict, tuple[str, str, str] | None]]:
    """Every block some export's metadata describes -> (its spec, (indicator,
    target group, scale)); None for a block the spec skips."""
    out: dict[str, tuple[dict, tuple[str, str, str] | None]] = {}
    for spec in specs():
        out |= {name: (spec, None) for name in spec.get("skip", [])}
        out |= {name: (spec, groups) for name, groups in _block_groups(spec).items()}
    return out


def _block_groups(spec: dict) -> dict[str, tuple[str, str, str]]:
    """Block name -> (indicator, target group, scale)."""
    out: dict[str, tuple[str, str, str]] = {}
    for code, block in spec["indicators"].items():
        for name, group in block.get("blocks", {}).items():
            out[name] = (code, str(group), block["scale"])
        prefixed = block.get("prefixed")
        if prefixed:
            for suffix, group in prefixed["groups"].items():
                out[prefixed["prefix"] + suffix] = (code, str(group), block["scale"])
    return out


def _check_range(path: Path, cells: pd.DataFrame, scale: dict) -> None:
    """Refuse the first value outside the scale, e.g. 'fractie groter dan 1'."""
    low, high = scale["low"], scale["high"]
    for limit, word, outside in ((low, "kleiner dan", None if low is None else cells["value"] < low),
                                 (high, "groter dan", None if high is None else cells["value"] > high)):
        if outside is not None and outside.any():
            bad = cells[outside].iloc[0]
            raise SourceError(path, f"{scale['name']} {word} {_number(limit)}: waarde {_number(bad['value'])} "
                                    f"({bad['block']}, {bad['year']}); verwacht een {scale['what']}",
                              int(bad["row"]), bad["column"])


def _number(value: float) -> str:
    return f"{value:g}".replace(".", ",")
