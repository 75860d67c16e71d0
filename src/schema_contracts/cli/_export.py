"""`schema-contracts export [--check] [--output-dir DIR]`."""

from __future__ import annotations

import argparse
from pathlib import Path


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--output-dir",
        type=Path,
        default=Path("schemas"),
        help="folder to write (default: ./schemas, under the current directory)",
    )
    parser.add_argument(
        "--check", action="store_true", help="write nothing; print a diff and exit 1 if the files are stale"
    )


def run(args: argparse.Namespace) -> int:
    from schema_contracts.cli._publish import publish
    from schema_contracts.export import check_schema_files, render_schema_files

    files = render_schema_files()
    stale = check_schema_files(args.output_dir, files) if args.check else ""
    return publish(args.output_dir, files, args.check, stale, "schema-contracts export")
