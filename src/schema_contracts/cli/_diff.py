"""`schema-contracts diff OLD NEW` or `diff --against REF...`: breaking changes, measured with payloads."""

from __future__ import annotations

import argparse
from pathlib import Path

FORMATS = ("text", "json", "markdown", "github")
LEVEL_NAMES = ("ERR", "WARN", "INFO")
TOLERATE = ("new-enum-values",)  # keep in step with schema_contracts.diff.TOLERANCES (a test checks)


EPILOG = """\
examples:
  schema-contracts diff old-schemas/ schemas/
  schema-contracts diff --against v1.0 --against v1.1 --ignore contract-changes.toml
  schema-contracts diff a.schema.json b.schema.json --direction request --format json

exit codes: 0 nothing at or above --fail-on, 1 findings at or above it, 2 usage or unreadable input.
Relative paths (OLD, NEW, --schemas-dir, --ignore) are relative to the working directory."""


def add_arguments(parser: argparse.ArgumentParser) -> None:
    if not parser.epilog:
        parser.epilog = EPILOG
        parser.formatter_class = argparse.RawDescriptionHelpFormatter
    parser.add_argument("old", nargs="?", type=Path, help="the old schema folder or file")
    parser.add_argument("new", nargs="?", type=Path, help="the new schema folder or file")
    parser.add_argument(
        "--against",
        action="append",
        metavar="REF",
        help="compare schemas/ at this git ref with the working tree; repeat for every release (transitive)",
    )
    parser.add_argument(
        "--schemas-dir", type=Path, default=Path("schemas"), help="folder for --against (default: ./schemas)"
    )
    parser.add_argument("--direction", choices=("request", "result"), help="direction of OLD/NEW when they are files")
    parser.add_argument("--format", choices=FORMATS, default="text", help="output format (default: text)")
    parser.add_argument("--fail-on", choices=LEVEL_NAMES, default="ERR", help="exit 1 at this level (default: ERR)")
    parser.add_argument("--ignore", type=Path, metavar="FILE", help="TOML file of accepted changes, with reasons")
    parser.add_argument(
        "--tolerate",
        action="append",
        choices=TOLERATE,
        default=[],
        help="a softer policy: new-enum-values makes values added to a result's enum WARN, not ERR",
    )
    parser.add_argument(
        "--verbose", "-v", action="store_true", help="also list every change compared, with what payloads showed"
    )


def run(args: argparse.Namespace) -> int:
    import sys

    from schema_contracts.cli._diff_reporters import DIFF_REPORTERS
    from schema_contracts.diff import (
        DiffResult,
        SchemaSet,
        apply_ignores,
        check_schemas,
        compare_contract,
        compare_sets,
        load_file,
        load_folder,
        load_git_ref,
        load_ignores,
    )
    from schema_contracts.errors import InputError, UsageError
    from schema_contracts.vocabulary import Direction, Level

    tolerate = frozenset(args.tolerate)
    direction = Direction(args.direction) if args.direction else None
    if args.against and (args.old or args.new):
        raise UsageError("give either OLD NEW or --against REF, not both")
    result = DiffResult()
    known: set[str] = set()
    if args.against:
        current = load_folder(args.schemas_dir)
        known |= set(current.contracts)
        for ref in args.against:
            previous = load_git_ref(args.schemas_dir, ref)
            known |= set(previous.contracts)
            result.extend(compare_sets(previous, current, against=ref, tolerate=tolerate))
    elif args.old and args.new:
        for path in (args.old, args.new):
            if not path.exists():
                raise InputError(f"no such file or folder: {path}")
        if args.old.is_dir() != args.new.is_dir():
            raise UsageError("OLD and NEW must both be folders or both be files")
        if args.old.is_dir():
            sides: list[SchemaSet] = [load_folder(args.old), load_folder(args.new)]
            known |= set(sides[0].contracts) | set(sides[1].contracts)
            result = compare_sets(sides[0], sides[1], tolerate=tolerate)
        else:
            # Two files are one contract in two versions: their identity is the pair, never a title.
            before, after = load_file(args.old, direction), load_file(args.new, direction)
            known.add(after.name)
            labels = (str(args.old), str(args.new))
            result = compare_contract(before, after, after.name, labels, tolerate=tolerate)
    else:
        raise UsageError("give OLD and NEW (folders or files), or --against REF")
    accepted = load_ignores(args.ignore) if args.ignore else []
    check_schemas(accepted, known)
    standing, ignored = apply_ignores(result.findings, accepted)
    threshold = Level[args.fail_on]
    failing = [f for f in standing if f.level >= threshold]
    reporter = DIFF_REPORTERS[args.format](sys.stdout, verbose=args.verbose)
    reporter.report(standing, ignored, failing, result.comparisons)
    return 1 if failing else 0
