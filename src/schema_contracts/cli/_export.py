"""`schema-contracts export [--check] [--output-dir DIR]`."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--output-dir", type=Path, default=Path("schemas"), help="folder to write (default: ./schemas)")
    parser.add_argument(
        "--check", action="store_true", help="write nothing; print a diff and exit 1 if the files are stale"
    )


def run(args: argparse.Namespace) -> int:
    from schema_contracts.export import check_schema_files, render_schema_files, write_schema_files

    files = render_schema_files()
    if args.check:
        diff = check_schema_files(args.output_dir, files)
        if diff:
            sys.stdout.write(diff)
            print(
                f"{args.output_dir} is stale: run `make schemas` and commit the result.",
                file=sys.stderr,
            )
            return 1
        print(f"{args.output_dir} is up to date ({len(files)} files).", file=sys.stderr)
        return 0
    changed = write_schema_files(args.output_dir, files)
    for path in changed:
        print(f"wrote {path}", file=sys.stderr)
    print(f"{args.output_dir}: {len(files)} files, {len(changed)} changed.", file=sys.stderr)
    return 0
