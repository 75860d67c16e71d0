"""`schema-contracts diff OLD NEW` or `diff --against REF...`: breaking changes, judged by direction."""

from __future__ import annotations

import argparse
from pathlib import Path

FORMATS = ("text", "json", "markdown", "github")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("old", nargs="?", type=Path, help="the old schema folder or file")
    parser.add_argument("new", nargs="?", type=Path, help="the new schema folder or file")
    parser.add_argument(
        "--against",
        action="append",
        metavar="REF",
        help="compare schemas/ at this git ref with the working tree; repeat for every release (transitive)",
    )
    parser.add_argument("--schemas-dir", type=Path, default=Path("schemas"), help="folder for --against")
    parser.add_argument("--direction", choices=("request", "result"), help="direction of OLD/NEW when they are files")
    parser.add_argument("--format", choices=FORMATS, default="text", help="output format (default: text)")
    parser.add_argument("--fail-on", choices=("ERR", "WARN", "INFO"), default="ERR", help="exit 1 at this level")
    parser.add_argument("--ignore", type=Path, metavar="FILE", help="TOML file of accepted changes, with reasons")


def run(args: argparse.Namespace) -> int:
    import sys

    from schema_contracts.cli._diff_reporters import DIFF_REPORTERS
    from schema_contracts.diff import (
        LEVELS,
        SchemaSet,
        apply_ignores,
        compare_sets,
        load_file,
        load_folder,
        load_git_ref,
        load_ignores,
    )
    from schema_contracts.errors import SchemaContractsError

    def load(path: Path) -> SchemaSet:
        if path.is_dir():
            return load_folder(path)
        if path.is_file():
            return load_file(path, args.direction)
        raise SchemaContractsError(f"no such file or folder: {path}")

    if args.against and (args.old or args.new):
        raise SchemaContractsError("give either OLD NEW or --against REF, not both")
    findings = []
    if args.against:
        current = load_folder(args.schemas_dir)
        for ref in args.against:
            findings += compare_sets(load_git_ref(args.schemas_dir, ref), current, against=ref)
    elif args.old and args.new:
        findings = compare_sets(load(args.old), load(args.new))
    else:
        raise SchemaContractsError("give OLD and NEW (folders or files), or --against REF")
    accepted = load_ignores(args.ignore) if args.ignore else []
    standing, ignored = apply_ignores(findings, accepted)
    threshold = LEVELS.index(args.fail_on)
    failing = [f for f in standing if LEVELS.index(f.level) >= threshold]
    DIFF_REPORTERS[args.format](sys.stdout).report(standing, ignored, failing)
    return 1 if failing else 0
