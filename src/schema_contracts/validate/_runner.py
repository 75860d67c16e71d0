"""Run a validator over many inputs, serially or over several processes, with results in input order."""

from __future__ import annotations

import sys
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, replace
from pathlib import Path
from typing import IO

from schema_contracts.validate._engine import PayloadValidator
from schema_contracts.validate._results import PayloadResult, ValidationIssue
from schema_contracts.validate._schema import CompiledSchema, load_schema_file
from schema_contracts.validate._sources import STDIN, InputFile, UnreadableInput

__all__ = ["STDIN_NAME", "validate_inputs"]

STDIN_NAME = "<stdin>"
CHUNK_BYTES = 8 * 1024 * 1024  # a JSON Lines input larger than this is split across processes
_BOM = b"\xef\xbb\xbf"

Progress = Callable[[int], None]
# What a worker sends back for a unit: bytes read, lines read, and (line, issues) for each payload.
UnitOutcome = tuple[int, int, list[tuple[int, tuple[ValidationIssue, ...]]]]


def _read_error(source: str, reason: str) -> PayloadResult:
    return PayloadResult(source, 1, (ValidationIssue((), (), "read", f"cannot read: {reason}"),))


def _lines_without_bom(stream: IO[bytes]) -> Iterator[bytes]:
    first = stream.readline()
    yield first.removeprefix(_BOM)
    yield from stream


def _check_stream(
    validator: PayloadValidator, stream: IO[bytes], source: str, json_lines: bool, progress: Progress | None
) -> Iterator[PayloadResult]:
    if json_lines:
        yield from validator.check_json_lines(_lines_without_bom(stream), source, progress=progress)
        return
    raw = stream.read()
    if progress is not None:
        progress(len(raw))
    yield validator.check_bytes(raw, source)


def _check_input(
    validator: PayloadValidator, item: InputFile | UnreadableInput, stdin: IO[bytes], progress: Progress | None
) -> Iterator[PayloadResult]:
    if isinstance(item, UnreadableInput):
        yield _read_error(item.path, item.reason)
        return
    if item.path == STDIN:
        yield from _check_stream(validator, stdin, STDIN_NAME, item.json_lines, progress)
        return
    try:
        with open(item.path, "rb") as stream:
            yield from _check_stream(validator, stream, item.path, item.json_lines, progress)
    except IsADirectoryError:
        yield _read_error(item.path, "it is a folder")
    except OSError as error:
        yield _read_error(item.path, error.strerror or str(error))


# -- parallel ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Unit:
    """A share of the work: a whole input, or the lines of a JSON Lines file between two byte offsets."""

    path: str
    json_lines: bool
    start: int = 0
    end: int = -1  # -1: to the end of the file


def _split(item: InputFile) -> list[_Unit]:
    size = item.size
    if not item.json_lines or size <= CHUNK_BYTES:
        return [_Unit(item.path, item.json_lines)]
    units = []
    start = 0
    with open(item.path, "rb") as stream:
        while start < size:
            stream.seek(min(start + CHUNK_BYTES, size))
            stream.readline()  # move the boundary to the start of the next line
            end = min(stream.tell(), size)
            units.append(_Unit(item.path, True, start, end))
            start = end
    return units


_worker_validators: dict[str, PayloadValidator] = {}


def _run_unit(
    schema_path: str, schema_name: str, unit: _Unit
) -> tuple[int, int, list[tuple[int, tuple[ValidationIssue, ...]]]]:
    """In a worker: validate a unit; return (bytes read, lines read, [(line, issues)] per payload)."""
    validator = _worker_validators.get(schema_path)
    if validator is None:
        validator = _worker_validators[schema_path] = PayloadValidator(load_schema_file(Path(schema_path), schema_name))
    outcomes: list[tuple[int, tuple[ValidationIssue, ...]]] = []
    bytes_read = lines_read = 0
    try:
        with open(unit.path, "rb") as stream:
            if not unit.json_lines:
                raw = stream.read()
                result = validator.check_bytes(raw, unit.path)
                return len(raw), 1, [(result.line, result.errors)]
            stream.seek(unit.start)

            def lines() -> Iterator[bytes]:
                nonlocal bytes_read, lines_read
                for raw in stream:
                    if unit.end >= 0 and unit.start + bytes_read >= unit.end:
                        return
                    bytes_read += len(raw)
                    lines_read += 1
                    yield raw.removeprefix(_BOM) if unit.start == 0 and lines_read == 1 else raw

            outcomes.extend((r.line, r.errors) for r in validator.check_json_lines(lines(), unit.path))
    except OSError as error:
        outcomes.append((lines_read + 1, _read_error(unit.path, error.strerror or str(error)).errors))
    return bytes_read, lines_read, outcomes


def _run_parallel(
    schema: CompiledSchema, items: Sequence[InputFile | UnreadableInput], jobs: int, progress: Progress | None
) -> Iterator[PayloadResult]:
    if not items:
        return
    units: list[_Unit | UnreadableInput] = []
    for item in items:
        if isinstance(item, UnreadableInput):
            units.append(item)
        else:
            try:
                units.extend(_split(item))
            except OSError as error:
                units.append(UnreadableInput(item.path, error.strerror or str(error)))
    lines_before: dict[str, int] = {}
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        # A bounded window of units in flight keeps memory flat on inputs of any size.
        pending: deque[
            tuple[
                _Unit | UnreadableInput, Future[tuple[int, int, list[tuple[int, tuple[ValidationIssue, ...]]]]] | None
            ]
        ] = deque()
        queue = iter(units)

        def submit_next() -> None:
            unit = next(queue, None)
            if unit is None:
                return
            future = (
                None
                if isinstance(unit, UnreadableInput)
                else pool.submit(_run_unit, str(schema.path), schema.name, unit)
            )
            pending.append((unit, future))

        for _ in range(2 * jobs):
            submit_next()
        while pending:
            unit, future = pending.popleft()
            submit_next()
            if future is None:
                assert isinstance(unit, UnreadableInput)
                yield _read_error(unit.path, unit.reason)
                continue
            assert isinstance(unit, _Unit)
            bytes_read, lines_read, outcomes = future.result()
            offset = lines_before.get(unit.path, 0)
            lines_before[unit.path] = offset + lines_read
            if progress is not None:
                progress(bytes_read)
            for line, errors in outcomes:
                yield PayloadResult(unit.path, line + offset, tuple(_shift(issue, offset) for issue in errors))


def _shift(issue: ValidationIssue, offset: int) -> ValidationIssue:
    return issue if not offset or issue.line is None else replace(issue, line=issue.line + offset)


def validate_inputs(
    schema: CompiledSchema,
    items: Iterable[InputFile | UnreadableInput],
    jobs: int = 1,
    progress: Progress | None = None,
    stdin: IO[bytes] | None = None,
) -> Iterator[PayloadResult]:
    """Validate every payload of ``items`` against ``schema``; results come in input order.

    With ``jobs`` > 1, files and the pieces of large JSON Lines files are spread over that many processes;
    standard input is always read here, in order, one line at a time.
    """
    items = list(items)
    validator = PayloadValidator(schema)
    stdin_stream = stdin if stdin is not None else sys.stdin.buffer
    if jobs <= 1:
        for item in items:
            yield from _check_input(validator, item, stdin_stream, progress)
        return
    # Files go to the workers in batches; standard input, wherever it stands, is read here in its turn.
    batch: list[InputFile | UnreadableInput] = []
    for item in items:
        if isinstance(item, InputFile) and item.path == STDIN:
            yield from _run_parallel(schema, batch, jobs, progress)
            batch = []
            yield from _check_input(validator, item, stdin_stream, progress)
        else:
            batch.append(item)
    yield from _run_parallel(schema, batch, jobs, progress)
