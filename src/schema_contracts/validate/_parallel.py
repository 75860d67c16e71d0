"""Spread a validation run over several processes; imported only when a run asks for more than one.

Small inputs travel to a worker in batches (one task per file would cost more in messages than in checking);
a JSON Lines file larger than the chunk size is split into pieces. Workers ignore SIGINT (the parent stops
them), die with their parent, and are terminated whenever the run ends early: an interrupt, a signal, a reader
that stopped reading. A worker that dies is a WorkerError, one line, never a pool traceback.
"""

from __future__ import annotations

import contextlib
import os
import signal
import sys
import threading
from collections import deque
from collections.abc import Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from multiprocessing.process import BaseProcess
from pathlib import Path
from typing import IO

from schema_contracts.errors import WorkerError
from schema_contracts.validate._engine import PayloadValidator
from schema_contracts.validate._results import PayloadResult, RunStats, read_error
from schema_contracts.validate._runner import Options, Progress, counted
from schema_contracts.validate._schema import CompiledSchema, load_schema_file
from schema_contracts.validate._sources import InputFile, UnreadableInput, open_input

__all__ = ["BATCH_BYTES", "BATCH_FILES", "run_parallel", "usable_workers"]

BATCH_BYTES = 1 << 20  # small inputs are sent to a worker together, up to about this many bytes...
BATCH_FILES = 256  # ...or this many of them
_POLL_SECONDS = 0.25  # how often the parent checks that its workers are alive while it waits


@dataclass(frozen=True)
class _Unit:
    """A share of the work: a whole input, or the lines of a JSON Lines file between two byte offsets."""

    path: str
    json_lines: bool
    named: bool = False
    start: int = 0
    end: int = -1  # -1: to the end of the file
    size: int = 0  # bytes, as far as known before reading: what batching counts


@dataclass(frozen=True)
class _UnitOutcome:
    """What a worker sends back for one unit: bytes and lines read, counts, and the results to report."""

    bytes_read: int
    lines_read: int
    stats: RunStats
    results: list[PayloadResult]


_Task = list[_Unit]


def _split(item: InputFile, chunk_bytes: int) -> list[_Unit]:
    size = item.size
    if not item.json_lines or size <= chunk_bytes:
        return [_Unit(item.path, item.json_lines, item.named, size=size)]
    units = []
    start = 0
    with open_input(item) as stream:
        while start < size:
            stream.seek(min(start + chunk_bytes, size))
            stream.readline()  # move the boundary to the start of the next line
            end = min(stream.tell(), size)
            units.append(_Unit(item.path, True, item.named, start, end, end - start))
            start = end
    return units


def _tasks(items: Sequence[InputFile | UnreadableInput], chunk_bytes: int) -> list[_Task | UnreadableInput]:
    """The work in input order: batches of units, and the unreadable inputs (reported by the parent)."""
    tasks: list[_Task | UnreadableInput] = []
    batch: _Task = []
    batch_bytes = 0
    for item in items:
        try:
            units: list[_Unit | UnreadableInput] = (
                [item] if isinstance(item, UnreadableInput) else list(_split(item, chunk_bytes))
            )
        except OSError as error:
            units = [UnreadableInput(item.path, error.strerror or str(error))]
        for unit in units:
            if isinstance(unit, UnreadableInput):
                if batch:
                    tasks.append(batch)
                    batch, batch_bytes = [], 0
                tasks.append(unit)
                continue
            batch.append(unit)
            batch_bytes += unit.size
            if batch_bytes >= BATCH_BYTES or len(batch) >= BATCH_FILES:
                tasks.append(batch)
                batch, batch_bytes = [], 0
    if batch:
        tasks.append(batch)
    return tasks


def usable_workers(jobs: int, tasks: int) -> int:
    """``jobs``, capped at the CPUs this process may run on and at the number of tasks there are."""
    try:
        cpus = len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        cpus = os.cpu_count() or 1
    return max(1, min(jobs, cpus, tasks))


# -- in a worker ------------------------------------------------------------------------------------------

_worker_validators: dict[str, PayloadValidator] = {}


def _init_worker() -> None:
    """A worker leaves SIGINT to its parent (no traceback), dies of SIGTERM, and dies with its parent."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    if sys.platform.startswith("linux"):
        import ctypes

        pr_set_pdeathsig = 1
        # Without prctl, the parent's own cleanup still stops the workers.
        with contextlib.suppress(OSError, AttributeError):
            ctypes.CDLL(None, use_errno=True).prctl(pr_set_pdeathsig, signal.SIGTERM)
    if os.getppid() == 1:  # the parent died before the line above took effect
        os._exit(1)


class _UnitReader:
    """The lines of one unit, read in blocks (``readinto``, for the native block scan) or one at a time (iterated).

    Either way it counts the bytes and lines it passed. A line belongs to the unit it starts in: a line that
    crosses the unit's end is read whole (units end at line starts, unless the file changed since the split).
    """

    def __init__(self, stream: IO[bytes], unit: _Unit) -> None:
        stream.seek(unit.start)
        self._stream = stream
        self._size = unit.end - unit.start if unit.end >= 0 else -1
        self.bytes_read = 0
        self._newlines = 0
        self._open_line = False  # the last bytes passed did not end with a line feed
        self._overflow = b""  # bytes read past what readinto's target could take

    @property
    def lines_read(self) -> int:
        return self._newlines + self._open_line

    def readinto(self, target: memoryview) -> int:
        """Fill ``target`` with the unit's next bytes; 0 at its end."""
        if not self._overflow:
            self._overflow = self._read(len(target))
        count = min(len(target), len(self._overflow))
        target[:count] = self._overflow[:count]
        self._overflow = self._overflow[count:]
        return count

    def _read(self, size: int) -> bytes:
        if self._size >= 0:
            if self.bytes_read >= self._size:
                return b""
            size = min(size, self._size - self.bytes_read)
        chunk = self._stream.read(size)
        if 0 <= self._size <= self.bytes_read + len(chunk) and chunk and not chunk.endswith(b"\n"):
            chunk += self._stream.readline()
        self._passed(chunk)
        return chunk

    def __iter__(self) -> Iterator[bytes]:
        for raw in self._stream:
            if 0 <= self._size <= self.bytes_read:
                return
            self._passed(raw)
            yield raw

    def _passed(self, data: bytes) -> None:
        if data:
            self.bytes_read += len(data)
            self._newlines += data.count(b"\n")
            self._open_line = not data.endswith(b"\n")


def _run_unit(validator: PayloadValidator, unit: _Unit, options: Options) -> _UnitOutcome:
    """Validate one unit of work, with line numbers counted from the unit's start."""
    stats = RunStats()
    counts = [0, 0]  # bytes, lines
    results: list[PayloadResult] = []
    reader: _UnitReader | None = None
    try:
        with open_input(InputFile(unit.path, unit.json_lines, unit.named)) as stream:
            if unit.json_lines:
                reader = _UnitReader(stream, unit)
                results.extend(
                    validator.check_json_lines(
                        reader,
                        unit.path,
                        include_valid=options.include_valid,
                        stats=stats,
                        at_file_start=unit.start == 0,
                    )
                )
                counts = [reader.bytes_read, reader.lines_read]
            else:
                raw = stream.read()
                counts = [len(raw), 1]
                results.extend(counted(validator.check_bytes(raw, unit.path), stats, options))
    except OSError as error:
        if reader is not None:
            counts = [reader.bytes_read, reader.lines_read]
        results.extend(counted(read_error(unit.path, error.strerror or str(error)), stats, options))
    return _UnitOutcome(counts[0], counts[1], stats, results)


def _run_task(schema_path: str, schema_name: str, task: _Task, options: Options) -> list[_UnitOutcome]:
    """In a worker: validate a batch of units, compiling the schema once per worker."""
    validator = _worker_validators.get(schema_path)
    if validator is None:
        validator = _worker_validators[schema_path] = PayloadValidator(load_schema_file(Path(schema_path), schema_name))
    return [_run_unit(validator, unit, options) for unit in task]


# -- in the parent ----------------------------------------------------------------------------------------


def _workers(pool: ProcessPoolExecutor) -> list[BaseProcess]:
    return list(pool._processes.values()) if pool._processes else []


def _outcome(future: Future[list[_UnitOutcome]], pool: ProcessPoolExecutor) -> list[_UnitOutcome]:
    """The future's result; BrokenProcessPool as soon as any worker is found dead.

    The pool notices a dead worker by itself, except when the worker died in the middle of sending a result:
    then the pool waits forever for the rest of the message, so the parent checks on the workers itself.
    """
    while True:
        try:
            return future.result(timeout=_POLL_SECONDS)
        except TimeoutError:
            if any(process.exitcode is not None for process in _workers(pool)):
                raise BrokenProcessPool("a worker process died") from None


def _stop(pool: ProcessPoolExecutor, finished: bool) -> None:
    """Shut the pool down: politely after a complete run, at once (terminating every worker) otherwise."""
    if finished:
        pool.shutdown(wait=True)
        return
    # What the pool forgets on shutdown(wait=False): its workers, its results pipe, its thread.
    processes = _workers(pool)
    results_writer = getattr(pool._result_queue, "_writer", None)
    manager = getattr(pool, "_executor_manager_thread", None)
    pool.shutdown(wait=False, cancel_futures=True)
    for process in processes:
        if process.exitcode is None:
            process.terminate()
    for process in processes:
        process.join(timeout=5)
        if process.exitcode is None:
            process.kill()
            process.join()
    # Every worker is gone now; closing the parent's copy of the results pipe's writing end lets the pool's
    # thread see the end of the pipe, should it be waiting for the rest of a message a dead worker began.
    if results_writer is not None:
        with contextlib.suppress(OSError):
            results_writer.close()
    # Let the pool's thread finish its own cleanup now: left running, it races the interpreter's exit over the
    # pipe that wakes it ("Exception ignored ... Bad file descriptor" on Python 3.11).
    if isinstance(manager, threading.Thread):
        manager.join(timeout=5)


def run_parallel(
    schema: CompiledSchema,
    items: Sequence[InputFile | UnreadableInput],
    jobs: int,
    progress: Progress | None,
    options: Options,
    stats: RunStats,
) -> Iterator[PayloadResult]:
    """Validate ``items`` over up to ``jobs`` processes; results come in input order, with file line numbers."""
    if not items:
        return
    tasks = _tasks(items, options.chunk_bytes)
    workers = usable_workers(jobs, sum(not isinstance(task, UnreadableInput) for task in tasks))
    lines_before: dict[str, int] = {}

    def report(outcomes: list[_UnitOutcome], task: _Task) -> Iterator[PayloadResult]:
        for unit, outcome in zip(task, outcomes, strict=True):
            offset = lines_before.get(unit.path, 0)
            lines_before[unit.path] = offset + outcome.lines_read
            stats.add(outcome.stats)
            if progress is not None:
                progress(outcome.bytes_read)
            for result in outcome.results:
                yield result.shifted(offset)

    if workers == 1:  # one worker would only add a process to the same work
        validator = PayloadValidator(schema)
        for task in tasks:
            if isinstance(task, UnreadableInput):
                yield from counted(read_error(task.path, task.reason), stats, options)
            else:
                yield from report([_run_unit(validator, unit, options) for unit in task], task)
        return
    pool = ProcessPoolExecutor(max_workers=workers, initializer=_init_worker)
    finished = False
    try:
        # A bounded window of tasks in flight keeps memory flat on inputs of any size.
        pending: deque[tuple[_Task | UnreadableInput, Future[list[_UnitOutcome]] | None]] = deque()
        queue = iter(tasks)

        def submit_next() -> None:
            task = next(queue, None)
            if isinstance(task, UnreadableInput):
                pending.append((task, None))
            elif task is not None:
                pending.append((task, pool.submit(_run_task, str(schema.path), schema.name, task, options)))

        checking = "the first inputs"
        try:
            for _ in range(2 * workers):
                submit_next()
            while pending:
                task, future = pending.popleft()
                if future is None:
                    assert isinstance(task, UnreadableInput)
                    submit_next()
                    yield from counted(read_error(task.path, task.reason), stats, options)
                    continue
                assert not isinstance(task, UnreadableInput)
                checking = task[0].path + (f" and {len(task) - 1} more inputs" if len(task) > 1 else "")
                outcomes = _outcome(future, pool)
                submit_next()
                yield from report(outcomes, task)
        except BrokenProcessPool as error:
            raise WorkerError(
                f"a worker process died (killed, or out of memory?) while the run was at {checking}; "
                "the run is incomplete"
            ) from error
        finished = True
    finally:
        _stop(pool, finished)
