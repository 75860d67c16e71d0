"""Validate inputs on a Dask cluster: ranges out to the workers, results back in input order, a bounded window.

The client holds at most ``window`` ranges' outcomes at a time, whatever the size of the run; a worker that dies
has its tasks re-run by the scheduler, and each range's outcome is counted once, when the client takes it.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import logging
import os
import socket
import uuid
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import CancelledError, ThreadPoolExecutor

from distributed import Client, Future, KilledWorker, LocalCluster
from distributed.comm.addressing import parse_address, parse_host_port
from distributed.core import rpc

from schema_contracts.dask._inputs import ByteRange, RemoteInput, locate_inputs, split_input
from schema_contracts.dask._partition import SchemaSource
from schema_contracts.dask._ranges import RangeOutcome, check_range
from schema_contracts.errors import ClusterError
from schema_contracts.validate import (
    CompiledSchema,
    InputFile,
    PayloadResult,
    RunStats,
    UnreadableInput,
    read_error,
    validate_inputs,
)

__all__ = ["CHUNK_BYTES", "CONNECT_TIMEOUT", "LOCAL", "validate_on_cluster"]

LOCAL = "local"  # the scheduler address that starts a LocalCluster on this machine for the run
CHUNK_BYTES = 32 * 1024 * 1024  # a range: long enough that the scheduler's cost per task is small beside it
CONNECT_TIMEOUT = 10.0  # seconds to reach a scheduler before giving up

Progress = Callable[[int], None]
_Work = ByteRange | UnreadableInput | InputFile


def _local_workers(tasks: int) -> int:
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not on Linux
        cores = os.cpu_count() or 1
    return max(1, min(cores, tasks))


@contextlib.contextmanager
def _connect(scheduler: str | Client, tasks: int) -> Iterator[Client]:
    if isinstance(scheduler, Client):
        yield scheduler
        return
    if scheduler == LOCAL:
        # One single-threaded process per core: validation holds the GIL, so threads would not add speed.
        try:
            cluster = LocalCluster(
                n_workers=_local_workers(tasks),
                threads_per_worker=1,
                processes=True,
                dashboard_address=":0",  # any free port: 8787 may be taken (None would still try it)
                silence_logs=logging.ERROR,
            )
        except (RuntimeError, OSError, TimeoutError) as error:
            raise ClusterError(f"cannot start a local Dask cluster: {_first_line(error)}") from error
        with cluster, Client(cluster, set_as_default=False) as client:
            yield client
        return
    _check_reachable(scheduler)
    try:
        client = Client(scheduler, timeout=CONNECT_TIMEOUT, set_as_default=False)
    except (OSError, TimeoutError, ValueError) as error:
        raise ClusterError(f"cannot reach the Dask scheduler at {scheduler}: {_first_line(error)}") from error
    with client:
        yield client


def _first_line(error: BaseException) -> str:
    return str(error).splitlines()[0] if str(error) else type(error).__name__


def _check_reachable(scheduler: str) -> None:
    """Fail within ``CONNECT_TIMEOUT``, with the reason, on an address that is malformed or has no scheduler.

    Dask's client retries a refused connection until its timeout, waits without end on a listener that
    never answers, and a malformed address leaves it half-built (its clean-up then waits): a plain TCP
    connection, then one bounded request for the scheduler's identity, answer all three in a moment.
    """
    try:
        protocol, location = parse_address(scheduler)
        host, port = parse_host_port(location) if protocol in ("tcp", "tls") else (None, None)
    except ValueError as error:
        raise ClusterError(f"not a Dask scheduler address: {scheduler!r} ({_first_line(error)})") from error
    if host is None:
        return  # another protocol (ucx, inproc, ...): Dask's client knows how to reach it
    try:
        socket.create_connection((host, port), timeout=CONNECT_TIMEOUT).close()
        if protocol != "tcp":
            return  # TLS: the identity request would need the client's security settings
        with ThreadPoolExecutor(1) as thread:  # its own event loop, even when the caller's thread runs one
            identity = thread.submit(asyncio.run, _identity(scheduler)).result()
    except TimeoutError as error:
        reason = f"no answer within {CONNECT_TIMEOUT:g} s"
        raise ClusterError(f"cannot reach the Dask scheduler at {scheduler}: {reason}") from error
    except Exception as error:  # whatever answers there, if it is not a scheduler, the run cannot use it
        reason = error.strerror if isinstance(error, OSError) and error.strerror else _first_line(error)
        raise ClusterError(f"cannot reach the Dask scheduler at {scheduler}: {reason}") from error
    kind = identity.get("type") if isinstance(identity, dict) else None
    if kind != "Scheduler":
        raise ClusterError(f"not a Dask scheduler at {scheduler}: it says it is {kind or 'something else'}")


async def _identity(address: str) -> object:
    async def ask() -> object:
        async with rpc(address, timeout=CONNECT_TIMEOUT) as scheduler:
            return await scheduler.identity()

    return await asyncio.wait_for(ask(), CONNECT_TIMEOUT)


def _work(items: Iterable[RemoteInput | UnreadableInput | InputFile], chunk_bytes: int) -> Iterator[_Work]:
    for item in items:
        if isinstance(item, RemoteInput):
            yield from split_input(item, chunk_bytes)
        else:
            yield item


def _outcome(future: Future[RangeOutcome], piece: ByteRange) -> RangeOutcome:
    try:
        return future.result()
    except KilledWorker as error:
        raise ClusterError(
            f"workers died again and again while checking {piece.input.source} from byte {piece.start}; "
            "the run was stopped (is a worker short of memory?)"
        ) from error
    except (OSError, TimeoutError, CancelledError, asyncio.CancelledError) as error:
        raise ClusterError(f"the Dask cluster failed during the run: {error or type(error).__name__}") from error


def validate_on_cluster(
    scheduler: str | Client,
    schema: CompiledSchema,
    urls: Sequence[str],
    json_lines: bool = False,
    include_valid: bool = True,
    stats: RunStats | None = None,
    progress: Progress | None = None,
    chunk_bytes: int | None = None,
    window: int | None = None,
) -> Iterator[PayloadResult]:
    """Validate the inputs named by ``urls`` on a Dask cluster; results come in input order, as a local run's.

    ``scheduler`` is an address (``tcp://host:8786``), ``"local"`` for a LocalCluster on this machine for the
    run, or a ``Client`` you hold. Inputs are paths, folders, globs and fsspec URLs (``s3://bucket/prefix/``).
    JSON Lines inputs larger than ``chunk_bytes`` (default ``CHUNK_BYTES``) are split into ranges checked in
    parallel; at most ``window`` ranges (default: twice the cluster's threads) are in flight, so the client's
    memory stays flat.
    ``stats`` counts every payload; with ``include_valid=False`` only invalid payloads yield a result.
    """
    stats = stats if stats is not None else RunStats()
    chunk_bytes = chunk_bytes or CHUNK_BYTES
    items = locate_inputs(urls, json_lines)  # usage errors before any cluster is started or reached
    tasks = sum(-(-item.size // chunk_bytes) or 1 for item in items if isinstance(item, RemoteInput))
    source = SchemaSource.of(schema)
    run = uuid.uuid4().hex[:12]
    with _connect(scheduler, tasks) as client:
        threads = sum(client.nthreads().values())
        limit = window if window is not None else max(4, 2 * threads)
        pending: deque[tuple[_Work, Future[RangeOutcome] | None]] = deque()
        queue = _work(items, chunk_bytes)
        numbers = itertools.count()

        def fill() -> None:
            for piece in itertools.islice(queue, limit - len(pending)):
                future = None
                if isinstance(piece, ByteRange):
                    key = f"schema-contracts-{run}-{next(numbers)}"
                    future = client.submit(check_range, source, piece, include_valid, key=key)
                pending.append((piece, future))

        lines_before = 0  # lines of the current input in the ranges already reported
        unreadable = False  # the current input failed to read: its later ranges are dropped
        try:
            fill()
            while pending:
                piece, future = pending.popleft()
                if isinstance(piece, InputFile):
                    yield from validate_inputs(schema, [piece], include_valid=include_valid, stats=stats)
                elif isinstance(piece, UnreadableInput):
                    stats.payloads += 1
                    stats.invalid += 1
                    yield read_error(piece.path, piece.reason)
                elif future is not None:
                    outcome = _outcome(future, piece)
                    future.release()
                    if piece.index == 0:
                        lines_before, unreadable = 0, False
                    if not unreadable:  # one `read` error per input, as a local run gives
                        yield from _report(outcome, piece.input.source, lines_before, stats, progress)
                        lines_before += outcome.lines_read
                        unreadable = outcome.read_failed
                fill()
        finally:
            for _, future in pending:
                if future is not None:
                    future.cancel()


def _report(
    outcome: RangeOutcome, source: str, offset: int, stats: RunStats, progress: Progress | None
) -> Iterator[PayloadResult]:
    stats.payloads += outcome.payloads
    stats.invalid += outcome.invalid
    if progress is not None:
        progress(outcome.bytes_read)
    for result in outcome.results:
        yield PayloadResult(source, result + offset) if isinstance(result, int) else result.shifted(offset)
