"""`schema-contracts show NAME`: print one contract's schema file, exactly as it is on disk."""

from __future__ import annotations

import argparse
from pathlib import Path


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("name", metavar="NAME", help="a contract name from `schema-contracts list`")
    parser.add_argument("--schemas-dir", type=Path, help="schema folder (default: the package's, see the main --help)")


def run(args: argparse.Namespace) -> int:
    import sys

    from schema_contracts.cli._names import find_entry
    from schema_contracts.errors import SchemaFileError
    from schema_contracts.schemanav import read_json_file
    from schema_contracts.validate import SchemaCatalog

    catalog = SchemaCatalog(args.schemas_dir)
    path = catalog.directory / find_entry(catalog, args.name).file
    read_json_file(path)  # the same checks as every schema read: a regular file, bounded, JSON
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise SchemaFileError(f"cannot read schema file {path}: {error}") from error
    sys.stdout.write(text if text.endswith("\n") else text + "\n")
    return 0
