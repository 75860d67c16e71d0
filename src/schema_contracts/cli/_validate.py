"""`schema-contracts validate`: payloads against a contract or a schema file."""

from __future__ import annotations

import argparse
from pathlib import Path

FORMATS = ("text", "json", "jsonl", "github")


def _jobs(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number of processes, got {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError("must be at least 1")
    return value  # any larger number is capped at the CPUs and the inputs there are


def add_arguments(parser: argparse.ArgumentParser) -> None:
    which = parser.add_mutually_exclusive_group(required=True)
    which.add_argument(
        "--schema", metavar="NAME", help="a contract from `schema-contracts list`: Name (its latest version) or Name@N"
    )
    which.add_argument("--schema-file", type=Path, metavar="PATH", help="any JSON Schema 2020-12 file")
    parser.add_argument(
        "--schemas-dir", type=Path, help="schema folder for --schema (default: the package's, see the main --help)"
    )
    parser.add_argument("--format", choices=FORMATS, default="text", help="output format (default: text)")
    parser.add_argument("--jsonl", action="store_true", help="treat every input as JSON Lines")
    parser.add_argument(
        "--jobs",
        type=_jobs,
        default=1,
        metavar="N",
        help="processes to use (default: 1; at most the CPUs and the inputs there are)",
    )
    parser.add_argument(
        "--allow-empty",
        action="store_true",
        help="exit 0 when the inputs hold no payload at all (by default that is an error: a mistyped path)",
    )
    parser.add_argument(
        "--scheduler",
        metavar="ADDRESS",
        help="run on a Dask cluster instead of --jobs: tcp://HOST:8786, or `local` for one on this machine "
        "(needs the [dask] extra); PATHs may then be fsspec URLs and globs (s3://bucket/prefix/)",
    )
    parser.add_argument("paths", nargs="+", metavar="PATH", help="files, folders, or - for standard input")


def run(args: argparse.Namespace) -> int:
    import os
    import sys
    import time

    from schema_contracts.cli._names import load_contract
    from schema_contracts.cli._reporters import REPORTERS, ProgressBar, Summary
    from schema_contracts.errors import InputError
    from schema_contracts.validate import InputFile, RunStats, collect_inputs, load_schema_file, validate_inputs

    started = time.perf_counter()
    schema = load_schema_file(args.schema_file) if args.schema_file else load_contract(args.schemas_dir, args.schema)
    color = sys.stdout.isatty() and "NO_COLOR" not in os.environ
    reporter = REPORTERS[args.format](sys.stdout, color=color)
    stats = RunStats()
    if args.scheduler:
        from schema_contracts.cli._cluster import cluster_results

        progress = ProgressBar()
        results = cluster_results(args, schema, reporter.wants_valid_results, stats, progress)
    else:
        inputs = collect_inputs(args.paths, json_lines=args.jsonl)
        if not inputs and not args.allow_empty:
            raise InputError(
                "no payload files (*.json, *.jsonl, *.ndjson) in "
                + ", ".join(args.paths)
                + "; --allow-empty accepts that"
            )
        progress = ProgressBar()
        if progress.enabled:
            progress.total = sum(item.size for item in inputs if isinstance(item, InputFile))
        results = validate_inputs(
            schema,
            inputs,
            jobs=args.jobs,
            progress=progress.advance if progress.enabled else None,
            include_valid=reporter.wants_valid_results,
            stats=stats,
        )
    try:
        for result in results:
            progress.clear()  # an error line never shares the terminal line with the progress bar
            reporter.result(result)
    finally:
        results.close()  # stops any worker processes at once when the run ends early
        progress.clear()
    reporter.finish(Summary(stats.payloads, stats.invalid, time.perf_counter() - started))
    if stats.payloads == 0 and not args.allow_empty:
        sys.stdout.flush()
        print(
            "schema-contracts validate: error: no payloads found in " + ", ".join(args.paths) + "; --allow-empty "
            "accepts that",
            file=sys.stderr,
        )
        return 2
    return 1 if stats.invalid else 0
