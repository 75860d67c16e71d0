"""Run a validator over many inputs, serially or over several processes, with results in input order."""

from __future__ import annotations

import sys
from collections.abc import Callable, Generator, Iterable, Iterator
from typing import IO, NamedTuple

from schema_contracts.validate._engine import PayloadValidator
from schema_contracts.validate._results import PayloadResult, RunStats, read_error
from schema_contracts.validate._schema import CompiledSchema
from schema_contracts.validate._sources import STDIN, InputFile, UnreadableInput, open_input

__all__ = ["CHUNK_BYTES", "STDIN_NAME", "Options", "Progress", "counted", "validate_inputs"]

STDIN_NAME = "<stdin>"
CHUNK_BYTES = 8 * 1024 * 1024  # a JSON Lines input larger than this is split across processes

Progress = Callable[[int], None]


class Options(NamedTuple):  # a NamedTuple, not a frozen dataclass: several times quicker to create at start-up
    """How a run reports: whether valid payloads yield results, and how large a parallel piece is."""

    include_valid: bool
    chunk_bytes: int


def counted(result: PayloadResult, stats: RunStats, options: Options) -> Iterator[PayloadResult]:
    stats.payloads += 1
    stats.invalid += not result.valid
    if options.include_valid or not result.valid:
        yield result


def _check_stream(
    validator: PayloadValidator,
    stream: IO[bytes],
    source: str,
    json_lines: bool,
    progress: Progress | None,
    options: Options,
    stats: RunStats,
) -> Iterator[PayloadResult]:
    if json_lines:
        yield from validator.check_json_lines(
            stream, source, progress=progress, include_valid=options.include_valid, stats=stats
        )
        return
    raw = stream.read()
    if progress is not None:
        progress(len(raw))
    yield from counted(validator.check_bytes(raw, source), stats, options)


def _check_input(
    validator: PayloadValidator,
    item: InputFile | UnreadableInput,
    stdin: IO[bytes],
    progress: Progress | None,
    options: Options,
    stats: RunStats,
) -> Iterator[PayloadResult]:
    if isinstance(item, UnreadableInput):
        yield from counted(read_error(item.path, item.reason), stats, options)
        return
    if item.path == STDIN:
        yield from _check_stream(validator, stdin, STDIN_NAME, item.json_lines, progress, options, stats)
        return
    try:
        with open_input(item) as stream:
            yield from _check_stream(validator, stream, item.path, item.json_lines, progress, options, stats)
    except OSError as error:  # cannot open it (a FIFO in a folder, a device, no permission), or a read failed
        yield from counted(read_error(item.path, error.strerror or str(error)), stats, options)


def validate_inputs(
    schema: CompiledSchema,
    items: Iterable[InputFile | UnreadableInput],
    jobs: int = 1,
    progress: Progress | None = None,
    stdin: IO[bytes] | None = None,
    chunk_bytes: int = CHUNK_BYTES,
    include_valid: bool = True,
    stats: RunStats | None = None,
) -> Generator[PayloadResult, None, None]:
    """Validate every payload of ``items`` against ``schema``; results come in input order.

    With ``include_valid=False`` only invalid payloads yield a result (the fast way to check a large input);
    ``stats`` counts every payload either way. With ``jobs`` > 1, files and the ``chunk_bytes``-sized pieces
    of larger JSON Lines files are spread over that many processes; standard input is always read here,
    in its turn, one line at a time. Closing the generator early stops any worker processes at once.
    """
    options = Options(include_valid, chunk_bytes)
    stats = stats if stats is not None else RunStats()
    validator = PayloadValidator(schema)
    stdin_stream = stdin if stdin is not None else sys.stdin.buffer
    if jobs <= 1:
        for item in items:
            yield from _check_input(validator, item, stdin_stream, progress, options, stats)
        return
    from schema_contracts.validate._parallel import run_parallel  # only a parallel run pays for processes

    batch: list[InputFile | UnreadableInput] = []
    for item in items:
        if isinstance(item, InputFile) and item.path == STDIN:
            yield from run_parallel(schema, batch, jobs, progress, options, stats)
            batch = []
            yield from _check_input(validator, item, stdin_stream, progress, options, stats)
        else:
            batch.append(item)
    yield from run_parallel(schema, batch, jobs, progress, options, stats)
