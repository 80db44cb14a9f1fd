"""Build the DuckDB store from the reference files, then the models.

The store is written as a new version (`loaders.versions.draft`) and
published only when the whole build succeeded: a failed build leaves the
previous version untouched, and readers move to the new one on their own.
Tables holding what users imported (`PRESERVED_TABLES`) are copied over from
the previous store, so a rebuild never loses an import.
"""
from __future__ import annotations

import logging
import time
from collections.abc import Callable
from datetime import datetime, timezone
from pathlib import Path

import duckdb
import pandas as pd

from loaders import (bevolking, bevolking_2020, gebiedsindeling, gemeenten, kaart_2025, portal, refnis,
                     statbel_herkomst, werkzaamheid)
from loaders.config import PROJECT_ROOT, data_dir as default_data_dir, db_path as default_db_path
from loaders.errors import SourceError
from loaders.model_bevolking_20_64 import run as model_bevolking_20_64
from loaders import import_spec
from loaders.model_doelgroepen import run as model_doelgroepen
from loaders import budget, build_inputs, model_trajecten, regie, versions
from loaders.store import attach, connect, insert_indicators, register_indicator
from queries import run_statement

SOURCE_LOADERS = (refnis, gemeenten, werkzaamheid, bevolking, bevolking_2020)
# Tables users fill through Beheer; copied from the previous store on rebuild.
PRESERVED_TABLES: list[str] = ["imported_values", "imports", "import_replaced", "import_mappings",
                              "regie_changes"]
# Models: functions (connection) -> None that generate modelled data from
# what is already in the store. Appended by the model modules' owners.
MODEL_STEPS: list[Callable[[duckdb.DuckDBPyConnection], None]] = [
    model_bevolking_20_64,  # first: later models may use the working-age population
    model_doelgroepen,
    budget.load,
    model_trajecten.run,
    regie.load,  # the W13 action plan (loaders/actieplan/), for the Regie page
]

Progress = Callable[[str], None]
LOG = logging.getLogger(__name__)
# A store the build cannot read: replacing it would lose the imports in it.
DAMAGED = ("de databank is beschadigd of onvolledig; ze wordt niet vervangen, want de imports erin zouden dan "
           "verloren gaan. De beheerder kan een vorige versie terugzetten, of de databank bewust verwijderen: "
           "dan wordt ze opnieuw opgebouwd, zonder die imports")
BUILD_WAIT_SECONDS = 900.0  # another process building the same store


def source_files(data: Path) -> list[Path]:
    single = [m.META["file"] for m in SOURCE_LOADERS] + [spec["file"] for spec in portal.specs()]
    several = [*gebiedsindeling.META["files"].values(), *statbel_herkomst.META["files"].values()]
    return [data / name for name in single + several]


def input_hashes(data: Path) -> dict[str, str]:
    """SHA-256 of every file the build reads or runs: the source files, and
    the code, metadata and SQL it imports or names (`loaders.build_inputs`)."""
    return build_inputs.file_hashes(data, source_files(data))


def fingerprint(data: Path) -> str:
    """One hash of `input_hashes`: a changed source, loader, model or query
    rebuilds the store; the CLI, the importer or a page do not."""
    return build_inputs.fingerprint(input_hashes(data))


def stored_fingerprint(db: Path) -> str | None:
    """The fingerprint the store was built from; None if there is no usable
    store (none, or cut short: build anew, keeping its imports); a file that
    is no DuckDB store is refused (`DAMAGED`). A store this process already holds read-write cannot be opened
    read-only here (DuckDB refuses a second configuration), so then the
    read-write settings are used; another fault opening it (a lock held by
    another process, no permission) raises DuckDB's error."""
    if not db.exists():
        return None
    db = versions.current(db)
    try:
        con = connect(db, read_only=True)
    except duckdb.ConnectionException:
        con = connect(db)
    except duckdb.IOException as exc:
        if versions.fault(exc) != "corrupt":   # locked, gone meanwhile, no permission: the caller says which
            raise
        raise SourceError(db, DAMAGED) from exc  # not a DuckDB file: a build would lose its imports
    try:
        if _truncated(con, db):
            return None  # cut short (a full disk, a copy broken off): build anew
        row = con.execute("select value from build_info where key = 'fingerprint'").fetchone()
    except duckdb.CatalogException:
        return None
    finally:
        con.close()
    return row[0] if row else None


def _truncated(con: duckdb.DuckDBPyConnection, db: Path) -> bool:
    """Whether the file is shorter than the blocks its header counts (a
    truncated store opens, and fails only when a query reaches a missing
    block)."""
    blocks, block_size = con.execute("select total_blocks, block_size from pragma_database_size() "
                                     "where database_name = current_database()").fetchone()
    return db.stat().st_size < blocks * block_size


def is_current(db: Path | None = None, data: Path | None = None) -> bool:
    db, data = db or default_db_path(), data or default_data_dir()
    return stored_fingerprint(db) == fingerprint(data)


def ensure_built(db: Path | None = None, data: Path | None = None, progress: Progress = lambda _: None) -> bool:
    """Build the store if it is missing or its inputs changed (a plain store
    file becomes the first version). True if built. Waits for another
    process building it (replicas starting at once build it once)."""
    db, data = db or default_db_path(), data or default_data_dir()
    if _serving(db, data) and versions.is_published(db):
        return False
    with versions.lock(db, BUILD_WAIT_SECONDS):
        versions.adopt(db)
        if _serving(db, data):
            return False
        build(db, data, progress)
    return True


def _serving(db: Path, data: Path) -> bool:
    """`is_current`; but when a source file cannot be read (permissions, a
    disk error) a store that exists keeps serving, with a warning in the
    server log, rather than every page failing: it cannot be checked, and
    it was built from files that could be read."""
    try:
        return is_current(db, data)
    except OSError as exc:
        if stored_fingerprint(db) is None:
            raise SourceError(exc.filename or data, f"bronbestand niet leesbaar ({exc.strerror}); er is nog "
                                                    "geen databank om te tonen") from exc
        LOG.warning("Source file unreadable, serving the existing store: %s", exc)
        return True


def build(db: Path | None = None, data: Path | None = None, progress: Progress = print) -> float:
    """Build the store; returns the seconds it took."""
    db, data = db or default_db_path(), data or default_data_dir()
    if not data.is_dir():   # the setting for the operator's log, not for a visitor's page
        LOG.error("Reference data folder not found: %s (set REGIOMONITOR_DATA_DIR)", data)
        raise SourceError(data, f"map met referentiegegevens niet gevonden: {data}")
    start = time.perf_counter()
    db.parent.mkdir(parents=True, exist_ok=True)
    step = _stepper(progress, start)
    with versions.draft(db, fresh=True) as con:
        run_statement(con, "build/schema")
        _load_sources(con, data, step)
        for model in MODEL_STEPS:
            began = time.perf_counter()
            model(con)
            step(f"model {model.__module__.rsplit('.', 1)[-1]} ({time.perf_counter() - began:.2f} s)")
        _preserve(con, versions.current(db), step)
        import_spec.restore_documented_meta(con)
        hashes = input_hashes(data)
        con.executemany("insert into build_info values (?, ?)", [*hashes.items(),
            ("fingerprint", build_inputs.fingerprint(hashes)),
            ("built_at", datetime.now(timezone.utc).isoformat(timespec="seconds")),
            ("data_dir", str(data)),
        ])
        con.execute("checkpoint")
    seconds = time.perf_counter() - start
    progress(f"klaar: {db.relative_to(PROJECT_ROOT) if db.is_relative_to(PROJECT_ROOT) else db} "
             f"gebouwd in {seconds:.1f} s")
    return seconds


def _load_sources(con: duckdb.DuckDBPyConnection, data: Path, step: Progress) -> None:
    codes = refnis.read(data)
    step(f"REFNIS: {len(codes)} codes")
    known = refnis.municipality_codes(codes)
    # 2019 merged municipalities have new codes the (older) REFNIS list lacks;
    # the boundaries file knows them.
    known |= _boundary_codes(data)
    rates = werkzaamheid.read(data, known)
    step(f"werkzaamheidsgraad: {len(rates)} waarden, {rates['nis'].nunique()} gemeenten")
    population = bevolking.read(data, known)
    step(f"bevolking 1997-2016: {len(population)} waarden")
    stat_codes = set(rates["nis"]) | set(population["nis"])
    municipalities = kaart_2025.add(gemeenten.read(data, codes, stat_codes), data)
    con.register("_m", municipalities)
    con.execute("insert into municipalities by name select * from _m")
    con.unregister("_m")
    step(f"gemeenten: {len(municipalities)} ({int(municipalities['in_2019_boundaries'].sum())} met grenzen 2019, "
         f"{int(municipalities['on_map_2025'].sum())} op de kaart van 2025)")
    population_2020 = bevolking_2020.read(data, known, refnis.aggregate_codes(codes))
    step(f"bevolking 2020: {len(population_2020)} gemeenten")
    for loader, rows in ((werkzaamheid, rates), (bevolking, population), (bevolking_2020, population_2020)):
        register_indicator(con, loader.META)
        insert_indicators(con, rows)
    later = statbel_herkomst.population_gaps(data, pd.concat([population, population_2020]))
    insert_indicators(con, later)
    step(f"bevolking {later['period'].min()}-{later['period'].max()} (Statbel, herkomstbestand): {len(later)} waarden")
    for code, rows in statbel_herkomst.read(data).items():
        register_indicator(con, statbel_herkomst.meta(code))
        insert_indicators(con, rows)
        step(f"{code}: {len(rows)} waarden")
    added = kaart_2025.sum_merged_counts(con)
    step(f"fusies 2025: {added} tellingen van vóór 2025 opgeteld per nieuwe gemeente")
    for spec in portal.specs():
        loaded = portal.read(data, spec)
        for meta in loaded.metas:
            register_indicator(con, meta)
        insert_indicators(con, loaded.rows)
        hidden = int(loaded.rows["flag"].notna().sum())
        step(f"{spec['file']}: {len(loaded.rows)} waarden ({hidden} verborgen), "
             f"{', '.join(m['indicator'] for m in loaded.metas)}")


def _boundary_codes(data: Path) -> set[str]:
    import pyogrio

    path = data / gemeenten.META["file"]
    if not path.exists():
        raise SourceError(path, f"bestand niet gevonden (map: {path.parent})")
    table = pyogrio.read_dataframe(path, layer=gemeenten.META["layer"], columns=["nis"], read_geometry=False)
    return set(table["nis"].dropna())


def _preserve(con: duckdb.DuckDBPyConnection, old_db: Path, step: Progress) -> None:
    """Copy user-imported tables from the previous store into the new one."""
    if not old_db.exists():
        return
    try:
        attach(con, old_db, "previous", read_only=True)
    except duckdb.Error as exc:
        raise SourceError(old_db, DAMAGED) from exc
    try:
        old_tables = {r[0] for r in con.execute(
            "select table_name from information_schema.tables where table_catalog = 'previous'").fetchall()}
        for table in PRESERVED_TABLES:
            if table in old_tables:
                con.execute(f"delete from main.{table}")
                con.execute(f"insert into main.{table} by name select * from previous.{table}")
                n = con.execute(f"select count(*) from main.{table}").fetchone()[0]
                step(f"bewaard uit vorige versie: {table} ({n} rijen)")
    except duckdb.Error as exc:  # a truncated store: the imports' blocks are gone
        raise SourceError(old_db, DAMAGED) from exc
    finally:
        con.execute("detach previous")


def _stepper(progress: Progress, start: float) -> Progress:
    def step(message: str) -> None:
        progress(f"[{time.perf_counter() - start:5.1f} s] {message}")
    return step
