"""The command-line door to the importer (`python -m loaders import ...`).

Same code path as the Beheer page (`backoffice.importer`); the user recorded is
the account running the command. An import or rollback writes and publishes
a new store version (`loaders.versions`), so it works while the dashboard
runs; a second one at the same time waits a few seconds, then is refused.
Commands:

    import FILE [--indicator NAME] [--dry-run] [--map veld=kolom ...] [--source TEXT]
                               (a provincies.incijfers.be export needs no --indicator:
                               every indicator block in it is imported)
    imports                    list every import
    rollback [ID]              undo an import (default: the latest) and later ones
    hash-password              make a password hash for the Beheer login
"""
from __future__ import annotations

import argparse
import getpass
import os
import sys
from pathlib import Path

import duckdb
import pandas as pd

from backoffice import auth, import_messages, importer
from loaders.config import db_path
from loaders.errors import SourceError
from backoffice.import_check import FIELDS
from backoffice.import_read import PortalFile, read_path
from common import format as fmt

PREVIEW_ROWS = 10
LOCK_WAIT_SECONDS = 5.0  # another CLI import usually ends within this


def add_commands(sub: argparse._SubParsersAction) -> None:
    imp = sub.add_parser("import", help="laad een officiële export (CSV of XLSX) in")
    imp.add_argument("file", type=Path, help="het bestand (.csv of .xlsx)")
    imp.add_argument("--indicator", help="bv. werkzaamheidsgraad, vacatures (niet nodig voor een export van "
                                          "provincies.incijfers.be)")
    imp.add_argument("--dry-run", action="store_true", help="alleen controleren en tonen, niets opslaan")
    imp.add_argument("--map", action="append", default=[], metavar="VELD=KOLOM",
                     help=f"koppel een kolom van het bestand aan een veld ({', '.join(FIELDS)})")
    imp.add_argument("--source", help="bron (producent) in de databank; standaard die van de indicator")
    sub.add_parser("imports", help="toon alle imports")
    rb = sub.add_parser("rollback", help="draai een import terug (standaard de laatste) en alle latere")
    rb.add_argument("id", nargs="?", type=int)
    sub.add_parser("hash-password", help="maak een wachtwoord-hash voor de aanmelding op de Beheer-pagina")


def run(args: argparse.Namespace) -> int:
    """Run one of the commands above; SourceErrors are the caller's to print."""
    if args.command == "hash-password":
        return _hash_password()
    try:
        return _with_store(args)
    except duckdb.Error as exc:
        raise SourceError(db_path(), f"databankfout, er werd niets gewijzigd ({type(exc).__name__})") from exc


def _with_store(args: argparse.Namespace) -> int:
    if args.command == "rollback":
        undone = importer.publish(importer.rollback, args.id, _user(), wait_seconds=LOCK_WAIT_SECONDS)
        print(f"Teruggedraaid: import {', '.join(map(str, undone))}.")
        return 0
    if args.command == "import" and not args.dry_run:
        return importer.publish(_import, args, wait_seconds=LOCK_WAIT_SECONDS)
    with importer.open_store() as con:
        if args.command == "import":
            return _import(con, args)
        _print_table(importer.history(con), "Nog geen imports.")
        return 0


def _user() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return os.environ.get("USER", "onbekend")


def _parse_map(pairs: list[str]) -> dict[str, str]:
    out = {}
    for pair in pairs:
        name, sep, column = pair.partition("=")
        if not sep or name not in FIELDS:
            raise SourceError(None, f"'{pair}' is geen VELD=KOLOM; velden: {', '.join(FIELDS)}")
        out[name] = column
    return out


def _import(con, args: argparse.Namespace) -> int:
    raw = read_path(args.file)
    if isinstance(raw, PortalFile):
        prepared = importer.prepare(con, raw)
        export = raw.export
        print(f"Bestand: {raw.file_name} (sha256 {raw.content_hash[:12]}…), export van provincies.incijfers.be "
              f"({export.layout}), {len(export.blocks)} indicatorblok(ken)"
              + (f", {export.exported}" if export.exported else ""))
    else:
        if args.indicator is None:
            raise SourceError(raw.file_name, import_messages.NEEDS_INDICATOR)
        given = _parse_map(args.map)
        spec = importer.spec_for(con, args.indicator)
        mapping = None
        if given:
            mapping = importer.auto_mapping(raw.header, spec, importer.remembered_mapping(con, raw.header)) | given
        prepared = importer.prepare(con, raw, args.indicator, mapping, args.source)
        print(f"Bestand: {raw.file_name} (sha256 {raw.content_hash[:12]}…), {len(raw.rows)} rijen")
        print(f"Indicator: {spec.label} ({spec.unit}), periode per {'maand' if spec.period == 'month' else 'jaar'}")
        print("Kolommen: " + "; ".join(f"{FIELDS[k]['label']} ← {v!r}" for k, v in prepared.mapping.items() if v))
    for warning in prepared.warnings:
        print(f"Let op: {warning}")
    report = prepared.report
    if not prepared.ok:
        print(f"Controle: {report.count} fout(en); er werd niets ingeladen.", file=sys.stderr)
        for f in report.frame().itertuples(index=False):
            where = ", ".join(w for w in (f"rij {f.rij}" if pd.notna(f.rij) else "",
                                          f"kolom '{f.kolom}'" if f.kolom else "") if w)
            print(f"  {where + ': ' if where else ''}{f.melding}", file=sys.stderr)
        if report.count > len(report.findings):
            print(f"  … en nog {report.count - len(report.findings)} fout(en)", file=sys.stderr)
        return 1
    if isinstance(prepared, importer.PortalPrepared):
        print("Indicatorblokken (waarden, verborgen 'x', weggelaten restrijen en wat er gebeurt):")
    else:
        print(f"Voorbeeld (eerste {PREVIEW_ROWS} rijen zoals opgeslagen):")
    _print_table(importer.preview(con, prepared, PREVIEW_ROWS), "")
    c = {k: fmt.number(v) for k, v in importer.counts(con, prepared).items()}
    print(f"Controle: geen fouten. {c['added']} nieuw, {c['replaced']} vervangen, {c['unchanged']} ongewijzigd; "
          f"officieel vóór gemodelleerd: {c['over_modelled']}; afwijkend van ingebouwde officiële waarden: "
          f"{c['over_official']}.")
    if args.dry_run:
        print("Proefdraai (--dry-run): niets opgeslagen.")
        return 0
    outcome = importer.commit(con, prepared, _user(), "cli")
    if outcome.import_id is None:
        print(import_messages.nothing_changed(outcome.unchanged, outcome.same_file_as))
    else:
        print(f"{import_messages.stored(outcome)} Terugdraaien: python -m loaders rollback {outcome.import_id}")
    return 0


def _print_table(df: pd.DataFrame, empty: str) -> None:
    with pd.option_context("display.width", 200, "display.max_columns", 20, "display.max_colwidth", 40,
                           "display.max_rows", 500):
        print(df.to_string(index=False) if not df.empty else empty)


def _hash_password() -> int:
    if sys.stdin.isatty():
        password = getpass.getpass("Nieuw wachtwoord: ")
        if getpass.getpass("Herhaal het wachtwoord: ") != password:
            print("Fout: de wachtwoorden verschillen.", file=sys.stderr)
            return 1
    else:
        password = sys.stdin.readline().rstrip("\r\n")
    if len(password) < 12:
        print("Fout: kies een wachtwoord van minstens 12 tekens.", file=sys.stderr)
        return 1
    hashed = auth.hash_password(password)
    print(hashed)
    print(f"Zet dit in .streamlit/secrets.toml onder [{auth.SECRETS_SECTION}] als password_hash = \"…\" "
          f"(met user = \"…\"), of in de omgeving als {auth.ENV_HASH} (met {auth.ENV_USER}).", file=sys.stderr)
    return 0
