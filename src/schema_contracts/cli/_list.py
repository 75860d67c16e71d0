"""`schema-contracts list [--format text|json]`: every version of every contract in the schema folder."""

from __future__ import annotations

import argparse
from pathlib import Path

_DIRECTIONS = {
    "request": "request (written by clients, read by the service)",
    "result": "result (written by the service, read by clients)",
}


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--schemas-dir", type=Path, help="schema folder (default: the package's, see the main --help)")
    parser.add_argument("--format", choices=("text", "json"), default="text", help="output format (default: text)")


def run(args: argparse.Namespace) -> int:
    import dataclasses
    import sys

    import orjson

    from schema_contracts.validate import SchemaCatalog

    catalog = SchemaCatalog(args.schemas_dir)
    if args.format == "json":
        contracts = []
        for entry in catalog.entries:
            record = dataclasses.asdict(entry)
            record["$id"] = record.pop("id")
            record["path"] = str(catalog.directory / entry.file)
            contracts.append(record)
        document = {"schemas_dir": str(catalog.directory), "contracts": contracts}
        sys.stdout.write(orjson.dumps(document, option=orjson.OPT_INDENT_2).decode() + "\n")
        return 0
    rows = [("CONTRACT", "VERSION", "RELEASED", "DIRECTION", "$ID", "FILE")]
    rows += [
        (
            e.qualified_name,
            f"{e.version} (latest)" if e.latest else str(e.version),
            e.released or "-",
            _DIRECTIONS.get(e.direction, e.direction),
            e.id,
            str(catalog.directory / e.file),
        )
        for e in catalog.entries
    ]
    widths = [max(len(row[column]) for row in rows) for column in range(len(rows[0]) - 1)]
    for row in rows:
        print("  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=False)) + "  " + row[-1])
    return 0
