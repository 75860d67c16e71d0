"""`validate --scheduler` against one process and `--jobs 2`, on the same data, and a model for N machines.

Called from run.py (`make bench`); also runs alone: `python benchmarks/dask_bench.py [DATA.jsonl] [CONTRACT]`.
Measures, besides the three command lines: a run on a LocalCluster already up (what a long-lived cluster
gives), the cost of one range on one core, and the client's and scheduler's cost per task (tasks that do
nothing, sent and collected the way a run does). The model in the printed paragraph is built from those two.
"""

from __future__ import annotations

import logging
import os
import subprocess
import sys
import time
from collections import deque
from collections.abc import Callable
from pathlib import Path

BIN = Path(sys.executable).parent
ROOT = Path(__file__).resolve().parent.parent


def _best(repeats: int, run: Callable[[], object]) -> float:
    timings = []
    for _ in range(repeats):
        started = time.perf_counter()
        run()
        timings.append(time.perf_counter() - started)
    return min(timings)


def _command(arguments: list[str]) -> Callable[[], object]:
    def run() -> object:
        completed = subprocess.run(arguments, capture_output=True)
        if completed.returncode not in (0, 1):
            raise RuntimeError(completed.stderr.decode()[-500:])
        return completed

    return run


def _task_overhead(client: object, tasks: int, window: int) -> float:
    """Seconds per task for tasks that do nothing, sent and collected in order through a window, as a run does.

    With a wide window (a large cluster has 2 x threads ranges in flight) this is the scheduler's and the
    client's cost per task; with a narrow one it is the round trip of one task divided by the window.
    """
    from distributed import Client

    assert isinstance(client, Client)
    pending: deque[object] = deque()
    started = time.perf_counter()
    for number in range(tasks):
        pending.append(client.submit(abs, -number, key=f"bench-noop-{time.monotonic_ns()}-{number}"))
        if len(pending) >= window:
            pending.popleft().result()  # type: ignore[attr-defined]
    while pending:
        pending.popleft().result()  # type: ignore[attr-defined]
    return (time.perf_counter() - started) / tasks


def dask_section(data: Path, name: str, repeats: int = 3) -> str:
    """A Markdown section: payloads/s and MB/s of each way, and the scaling paragraph with the measured figures."""
    from distributed import Client, LocalCluster

    from schema_contracts.dask._cluster import CHUNK_BYTES, validate_on_cluster
    from schema_contracts.dask._inputs import ByteRange, RemoteInput, locate_inputs
    from schema_contracts.dask._partition import SchemaSource
    from schema_contracts.dask._ranges import check_range
    from schema_contracts.validate import RunStats, SchemaCatalog

    size = data.stat().st_size
    with data.open("rb") as stream:
        payloads = sum(chunk.count(b"\n") for chunk in iter(lambda: stream.read(1 << 24), b""))
    cli = [str(BIN / "schema-contracts"), "validate", "--schema", name, str(data)]
    seconds = {
        "one process (CLI)": _best(repeats, _command(cli)),
        "`--jobs 2` (CLI)": _best(repeats, _command([*cli, "--jobs", "2"])),
        "`--scheduler local` (CLI, cluster start included)": _best(repeats, _command([*cli, "--scheduler", "local"])),
    }
    schema = SchemaCatalog().load(name)
    with (
        LocalCluster(
            n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0", silence_logs=logging.ERROR
        ) as cluster,
        Client(cluster, set_as_default=False) as client,
    ):

        def on_cluster() -> None:
            stats = RunStats()
            for _ in validate_on_cluster(client, schema, [str(data)], include_valid=False, stats=stats):
                pass
            assert stats.payloads == payloads, (stats, payloads)

        on_cluster()  # the workers compile the schema once; a long-lived cluster has done this already
        seconds["LocalCluster already up, 2 workers (API)"] = _best(repeats, on_cluster)
        overhead = min(_task_overhead(client, 2000, 256) for _ in range(repeats))
    (item,) = locate_inputs([str(data)])
    assert isinstance(item, RemoteInput)
    piece = ByteRange(item, 1, CHUNK_BYTES, 2 * CHUNK_BYTES) if size > 2 * CHUNK_BYTES else ByteRange(item, 0)
    source = SchemaSource.of(schema)
    source.validator()
    outcome = check_range(source, piece, False)
    per_range = _best(repeats, lambda: check_range(source, piece, False))
    core_rate = outcome.bytes_read / per_range  # bytes per second on one core

    lines = [
        f"### Dask: {payloads:,} {name} payloads, {size / 1e6:,.0f} MB, ranges of {CHUNK_BYTES >> 20} MiB",
        "",
        "| way | payloads/s | MB/s |",
        "|---|---:|---:|",
    ]
    for label, elapsed in seconds.items():
        lines.append(f"| {label} | {payloads / elapsed:,.0f} | {size / elapsed / 1e6:,.0f} |")
    ceiling = CHUNK_BYTES / overhead
    cores_at_ceiling = ceiling / core_rate
    lines += [
        "",
        f"One range of {outcome.bytes_read / 2**20:.0f} MiB ({outcome.lines_read:,} payloads) takes "
        f"{per_range:.2f} s on one core ({core_rate / 1e6:,.0f} MB/s); the client and scheduler spend "
        f"{overhead * 1000:.1f} ms per task (no-op tasks, 256 in flight as on a cluster of 128 threads, in order).",
        "",
        f"How it scales. Measured here on {os.cpu_count()} shared cores, the LocalCluster already up ran at "
        f"{seconds['`--jobs 2` (CLI)'] / seconds['LocalCluster already up, 2 workers (API)']:.2f}x the rate of "
        "`--jobs 2`: the same ranges on the same 2 cores, so no more can be had here, and a cluster started for the "
        "run also pays its start-up (about a second). Across machines the ranges are independent: on N machines "
        "of c cores each, reading from object storage, throughput is about "
        f"min(N x c x {core_rate / 1e6:,.0f} MB/s, {CHUNK_BYTES >> 20} MiB / {overhead * 1000:.1f} ms = "
        f"{ceiling / 1e9:,.1f} GB/s, the storage's bandwidth): linear in cores until about "
        f"{cores_at_ceiling:,.0f} cores keep the one scheduler and the one client busy; beyond that, larger ranges "
        "(fewer tasks) raise the ceiling in proportion. The per-task figure is an upper bound: here the scheduler "
        "shares the client's process and two busy cores, where a cluster gives it a process of its own. "
        "The client takes results in input order, so one slow "
        "range (a straggling worker, a slow object) holds back the window of 2 x threads ranges behind it.",
    ]
    return "\n".join(lines)


if __name__ == "__main__":
    here = Path(__file__).resolve().parent
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else here / "data" / "requests.jsonl"
    contract = sys.argv[2] if len(sys.argv) > 2 else "CodeExecutionRequest"
    print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    print(dask_section(target, contract))
