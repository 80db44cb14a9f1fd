"""Command line: `python -m loaders build` builds the store with progress;
`import`, `imports`, `rollback` and `hash-password` are in `import_cli`."""
from __future__ import annotations

import argparse
import sys

import duckdb

from loaders import build, import_cli
from loaders.errors import SourceError


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m loaders", description="Regiomonitor Werk: gegevensbeheer")
    sub = parser.add_subparsers(dest="command", required=True)
    b = sub.add_parser("build", help="bouw de DuckDB-databank opnieuw op uit de bronbestanden")
    b.add_argument("--if-needed", action="store_true",
                   help="alleen als de databank ontbreekt of een bronbestand veranderde")
    import_cli.add_commands(sub)
    args = parser.parse_args(argv)
    try:
        if args.command == "build":
            if args.if_needed and build.is_current():
                print("Databank is up-to-date.")
            else:
                build.build()
        else:
            return import_cli.run(args)
    except SourceError as exc:
        print(f"Fout: {exc}", file=sys.stderr)
        return 1
    except duckdb.IOException as exc:
        print(f"Fout: de databank is in gebruik door een ander proces (draait het dashboard al?): {exc}",
              file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
