"""Spread a validation run over several processes; imported only when a run asks for more than one."""

from __future__ import annotations

from collections import deque
from collections.abc import Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, replace
from pathlib import Path
from typing import IO

from schema_contracts.validate._engine import PayloadValidator
from schema_contracts.validate._results import PayloadResult, RunStats
from schema_contracts.validate._runner import Options, Progress, counted, read_error
from schema_contracts.validate._schema import CompiledSchema, load_schema_file
from schema_contracts.validate._sources import InputFile, UnreadableInput

__all__ = ["run_parallel"]


@dataclass(frozen=True)
class _Unit:
    """A share of the work: a whole input, or the lines of a JSON Lines file between two byte offsets."""

    path: str
    json_lines: bool
    start: int = 0
    end: int = -1  # -1: to the end of the file


@dataclass(frozen=True)
class _UnitOutcome:
    """What a worker sends back: bytes and lines read, counts, and the results to report."""

    bytes_read: int
    lines_read: int
    stats: RunStats
    results: list[PayloadResult]


def _split(item: InputFile, chunk_bytes: int) -> list[_Unit]:
    size = item.size
    if not item.json_lines or size <= chunk_bytes:
        return [_Unit(item.path, item.json_lines)]
    units = []
    start = 0
    with open(item.path, "rb") as stream:
        while start < size:
            stream.seek(min(start + chunk_bytes, size))
            stream.readline()  # move the boundary to the start of the next line
            end = min(stream.tell(), size)
            units.append(_Unit(item.path, True, start, end))
            start = end
    return units


_worker_validators: dict[str, PayloadValidator] = {}


def _unit_lines(stream: IO[bytes], unit: _Unit, counts: list[int]) -> Iterator[bytes]:
    stream.seek(unit.start)
    for raw in stream:
        if unit.end >= 0 and unit.start + counts[0] >= unit.end:
            return
        counts[0] += len(raw)
        counts[1] += 1
        yield raw


def _run_unit(schema_path: str, schema_name: str, unit: _Unit, options: Options) -> _UnitOutcome:
    """In a worker: validate one unit of work, with line numbers counted from the unit's start."""
    validator = _worker_validators.get(schema_path)
    if validator is None:
        validator = _worker_validators[schema_path] = PayloadValidator(load_schema_file(Path(schema_path), schema_name))
    stats = RunStats()
    counts = [0, 0]  # bytes, lines
    results: list[PayloadResult] = []
    try:
        with open(unit.path, "rb") as stream:
            if unit.json_lines:
                lines = _unit_lines(stream, unit, counts)
                results.extend(
                    validator.check_json_lines(
                        lines,
                        unit.path,
                        include_valid=options.include_valid,
                        stats=stats,
                        at_file_start=unit.start == 0,
                    )
                )
            else:
                raw = stream.read()
                counts = [len(raw), 1]
                results.extend(counted(validator.check_bytes(raw, unit.path), stats, options))
    except OSError as error:
        results.extend(counted(read_error(unit.path, error.strerror or str(error)), stats, options))
    return _UnitOutcome(counts[0], counts[1], stats, results)


def _shifted(result: PayloadResult, offset: int) -> PayloadResult:
    if not offset:
        return result
    errors = tuple(issue if issue.line is None else replace(issue, line=issue.line + offset) for issue in result.errors)
    return PayloadResult(result.source, result.line + offset, errors)


def run_parallel(
    schema: CompiledSchema,
    items: Sequence[InputFile | UnreadableInput],
    jobs: int,
    progress: Progress | None,
    options: Options,
    stats: RunStats,
) -> Iterator[PayloadResult]:
    """Validate ``items`` over ``jobs`` processes; results come in input order, with file line numbers."""
    if not items:
        return
    units: list[_Unit | UnreadableInput] = []
    for item in items:
        if isinstance(item, UnreadableInput):
            units.append(item)
            continue
        try:
            units.extend(_split(item, options.chunk_bytes))
        except OSError as error:
            units.append(UnreadableInput(item.path, error.strerror or str(error)))
    lines_before: dict[str, int] = {}
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        # A bounded window of units in flight keeps memory flat on inputs of any size.
        pending: deque[tuple[_Unit | UnreadableInput, Future[_UnitOutcome] | None]] = deque()
        queue = iter(units)

        def submit_next() -> None:
            unit = next(queue, None)
            if isinstance(unit, UnreadableInput):
                pending.append((unit, None))
            elif unit is not None:
                pending.append((unit, pool.submit(_run_unit, str(schema.path), schema.name, unit, options)))

        for _ in range(2 * jobs):
            submit_next()
        while pending:
            unit, future = pending.popleft()
            submit_next()
            if future is None:
                assert isinstance(unit, UnreadableInput)
                yield from counted(read_error(unit.path, unit.reason), stats, options)
                continue
            outcome = future.result()
            offset = lines_before.get(unit.path, 0)
            lines_before[unit.path] = offset + outcome.lines_read
            stats.add(outcome.stats)
            if progress is not None:
                progress(outcome.bytes_read)
            for result in outcome.results:
                yield _shifted(result, offset)
