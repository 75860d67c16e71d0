"""A worker that dies in the middle of a run: Dask re-runs its ranges, and no payload is lost or counted twice."""

from __future__ import annotations

import logging
import os
from pathlib import Path
from typing import Any

import dask
import pytest
from distributed import Client, LocalCluster, WorkerPlugin

from schema_contracts.dask import validate_on_cluster
from schema_contracts.errors import ClusterError
from schema_contracts.validate import RunStats, SchemaCatalog, collect_inputs, validate_inputs

pytestmark = pytest.mark.dask

SCHEMA = SchemaCatalog().load("CodeExecutionResult")


class DieOnce(WorkerPlugin):
    """Kills the first worker that starts one of our range tasks: the process exits on the spot, once per run."""

    def __init__(self, marker: str) -> None:
        self.marker = marker

    def transition(self, key: Any, start: str, finish: str, **kwargs: Any) -> None:
        if finish != "executing" or not str(key).startswith("schema-contracts-"):
            return
        try:
            os.close(os.open(self.marker, os.O_CREAT | os.O_EXCL | os.O_WRONLY))
        except FileExistsError:
            return
        os._exit(1)


def test_a_worker_killed_mid_run_loses_and_doubles_nothing(archive: Path, tmp_path: Path) -> None:
    """With a worker killed while it checks a range, results and counts equal a local run's, line for line."""
    marker = tmp_path / "killed"
    with (
        LocalCluster(
            n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0", silence_logs=logging.CRITICAL
        ) as cluster,
        Client(cluster, set_as_default=False) as client,
    ):
        workers_before = set(client.run(os.getpid).values())
        client.register_plugin(DieOnce(str(marker)))
        stats = RunStats()
        results = [
            result.as_dict()
            for result in validate_on_cluster(client, SCHEMA, [str(archive)], stats=stats, chunk_bytes=1 << 19)
        ]
        workers_after = set(client.run(os.getpid).values())
    assert marker.exists()
    assert len(workers_before - workers_after) == 1  # a worker process really died, as it started a range
    expected_stats = RunStats()
    expected = [
        result.as_dict() for result in validate_inputs(SCHEMA, collect_inputs([str(archive)]), stats=expected_stats)
    ]
    assert results == expected
    assert stats == expected_stats


class DieAlways(WorkerPlugin):
    """Kills every worker that starts one of our range tasks."""

    def transition(self, key: Any, start: str, finish: str, **kwargs: Any) -> None:
        if finish == "executing" and str(key).startswith("schema-contracts-"):
            os._exit(1)


def test_a_range_that_keeps_killing_workers_stops_the_run_with_a_cluster_error(archive: Path) -> None:
    """When workers die on the same range more often than the scheduler allows, the run stops with one clear error."""
    with (
        dask.config.set({"distributed.scheduler.allowed-failures": 0}),
        LocalCluster(
            n_workers=1, threads_per_worker=1, processes=True, dashboard_address=":0", silence_logs=logging.CRITICAL
        ) as cluster,
        Client(cluster, set_as_default=False) as client,
    ):
        client.register_plugin(DieAlways())
        with pytest.raises(ClusterError, match=r"workers died again and again while checking .*host-a.jsonl"):
            list(validate_on_cluster(client, SCHEMA, [str(archive / "2026-11-30" / "host-a.jsonl")]))
