"""`schema-contracts generate [--check] [--output-dir DIR]`: typed code from schemas/."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--output-dir", type=Path, default=Path("generated"), help="folder to write (default: ./generated)"
    )
    parser.add_argument("--schemas-dir", type=Path, help="schema folder to read (default: the project's schemas/)")
    parser.add_argument("--check", action="store_true", help="write nothing; print a diff and exit 1 if stale")


def run(args: argparse.Namespace) -> int:
    from schema_contracts.codegen import check_generated, render_generated, write_generated

    files = render_generated(args.schemas_dir)
    if args.check:
        diff = check_generated(args.output_dir, files)
        if diff:
            sys.stdout.write(diff)
            print(f"{args.output_dir} is stale: run `make generate` and commit the result.", file=sys.stderr)
            return 1
        print(f"{args.output_dir} is up to date ({len(files)} files).", file=sys.stderr)
        return 0
    changed = write_generated(args.output_dir, files)
    for path in changed:
        print(f"wrote {path}", file=sys.stderr)
    print(f"{args.output_dir}: {len(files)} files, {len(changed)} changed.", file=sys.stderr)
    return 0
