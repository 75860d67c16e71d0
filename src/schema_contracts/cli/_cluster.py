"""`validate --scheduler`: the run on a Dask cluster, imported only when asked for (Dask is an optional extra)."""

from __future__ import annotations

import argparse
from collections.abc import Generator

from schema_contracts.cli._reporters import ProgressBar
from schema_contracts.errors import InputError
from schema_contracts.validate import CompiledSchema, PayloadResult, RunStats


def cluster_results(
    args: argparse.Namespace, schema: CompiledSchema, include_valid: bool, stats: RunStats, progress: ProgressBar
) -> Generator[PayloadResult, None, None]:
    """The results of ``args.paths`` checked on the cluster ``args.scheduler``, in input order.

    A generator, so that the command can close it (and with it the cluster's work) when the run ends early.
    """
    try:
        from schema_contracts.dask import validate_on_cluster
    except ImportError as error:
        raise InputError(
            f"--scheduler needs Dask ({error.name} is missing): pip install 'schema-contracts[dask]'"
        ) from error
    yield from validate_on_cluster(
        args.scheduler,
        schema,
        args.paths,
        json_lines=args.jsonl,
        include_valid=include_valid,
        stats=stats,
        progress=progress.advance if progress.enabled else None,
    )
