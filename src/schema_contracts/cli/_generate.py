"""`schema-contracts generate [--check] [--output-dir DIR]`: typed code from schemas/."""

from __future__ import annotations

import argparse
from pathlib import Path


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--output-dir",
        type=Path,
        default=Path("generated"),
        help="folder to write (default: ./generated, under the current directory)",
    )
    parser.add_argument(
        "--schemas-dir", type=Path, help="schema folder to read (default: the package's, see the main --help)"
    )
    parser.add_argument("--check", action="store_true", help="write nothing; print a diff and exit 1 if stale")


def run(args: argparse.Namespace) -> int:
    from schema_contracts.cli._publish import publish
    from schema_contracts.codegen import check_generated, render_generated

    files = render_generated(args.schemas_dir)
    stale = check_generated(args.output_dir, files) if args.check else ""
    return publish(args.output_dir, files, args.check, stale, "schema-contracts generate")
