"""Command line: `python -m loaders build` builds the store with progress;
`path` prints the file of the current published version (open it
read-only, e.g. `duckdb -readonly "$(python -m loaders path)"`, while the
dashboard runs); `import`, `imports`, `rollback` and `hash-password` are in
`import_cli`."""
from __future__ import annotations

import argparse
import sys

import duckdb

from backoffice import import_cli
from loaders import build, versions
from loaders.errors import SourceError


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m loaders", description="Regiomonitor Werk: gegevensbeheer")
    sub = parser.add_subparsers(dest="command", required=True)
    b = sub.add_parser("build", help="bouw de DuckDB-databank opnieuw op uit de bronbestanden")
    b.add_argument("--if-needed", action="store_true",
                   help="alleen als de databank ontbreekt of een bronbestand veranderde")
    sub.add_parser("path", help="toon het bestand van de huidige gepubliceerde versie (alleen-lezen te openen)")
    import_cli.add_commands(sub)
    args = parser.parse_args(argv)
    try:
        if args.command == "build":
            if not args.if_needed:
                build.build()
            elif not build.ensure_built(progress=print):
                print("Databank is up-to-date.")
        elif args.command == "path":
            print(versions.require())
        else:
            return import_cli.run(args)
    except SourceError as exc:
        print(f"Fout: {exc}", file=sys.stderr)
        return 1
    except duckdb.IOException as exc:
        print(f"Fout: de databank kon niet worden geopend: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
