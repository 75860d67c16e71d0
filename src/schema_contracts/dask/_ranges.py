"""What a worker does with one byte range: read its lines through fsspec and validate them.

A task is pure: run twice (Dask re-runs the tasks of a worker that died), it returns the same outcome,
and the client counts only the outcome it receives, so nothing is counted twice.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import IO

from schema_contracts.dask._inputs import ByteRange
from schema_contracts.dask._partition import SchemaSource
from schema_contracts.validate import PayloadResult, RunStats, read_error

__all__ = ["RangeOutcome", "check_range"]

_BLOCK = 1 << 20  # bytes read at a time
_OPEN_BLOCK = 4 << 20  # read-ahead of remote files (fsspec's default for s3 is 50 MB, more than a range)


@dataclass(frozen=True)
class RangeOutcome:
    """What a task sends back: bytes and lines read, counts, and the results to report.

    ``results`` holds the line number (within the range, from 1) of a valid payload and the
    ``PayloadResult`` of an invalid one, in order: small to send, whatever the format wants.
    ``read_failed``: the input could not be read (its last result says why); its later ranges are dropped.
    """

    bytes_read: int
    lines_read: int
    payloads: int
    invalid: int
    results: list[int | PayloadResult]
    read_failed: bool = False


class _ReadFailedError(Exception):
    """Reading the input failed; carries the reason a `read` error reports."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def _reason(error: BaseException) -> str:
    if isinstance(error, IsADirectoryError):
        return "it is a folder"
    if isinstance(error, OSError) and error.strerror:
        return error.strerror
    return str(error) or type(error).__name__


def _read(stream: IO[bytes], size: int) -> bytes:
    try:
        return stream.read(size)
    except Exception as error:  # any failure of any filesystem is a `read` error of this input, never a crash
        raise _ReadFailedError(_reason(error)) from error


def _lines_from(stream: IO[bytes], offset: int) -> Iterator[tuple[int, bytes]]:
    """Each line from ``offset`` (where ``stream`` stands) with the offset it starts at; the last may lack a newline."""
    carry: list[bytes] = []
    while True:
        block = _read(stream, _BLOCK)
        if not block:
            if carry:
                yield offset, b"".join(carry)
            return
        begin = 0
        cut = block.find(b"\n")
        while cut >= 0:
            line = block[begin : cut + 1]
            if carry:
                carry.append(line)
                line = b"".join(carry)
                carry = []
            yield offset, line
            offset += len(line)
            begin = cut + 1
            cut = block.find(b"\n", begin)
        if begin < len(block):
            carry.append(block[begin:])


def _range_lines(stream: IO[bytes], piece: ByteRange, counts: list[int]) -> Iterator[bytes]:
    """The lines that start in the range; ``counts`` becomes [bytes, lines] read."""
    offset = max(piece.start - 1, 0)
    try:
        stream.seek(offset)
    except Exception as error:
        raise _ReadFailedError(_reason(error)) from error
    lines = _lines_from(stream, offset)
    if piece.start > 0:
        next(lines, None)  # the end of the line that crosses `start`: the previous range reads it
    for line_start, line in lines:
        if 0 <= piece.end <= line_start:
            return
        counts[0] += len(line)
        counts[1] += 1
        yield line


def check_range(schema: SchemaSource, piece: ByteRange, include_valid: bool) -> RangeOutcome:
    """In a worker: validate the lines of one range (or a whole JSON document); lines count from the range's start."""
    validator = schema.validator()
    item = piece.input
    stats = RunStats()
    counts = [0, 0]
    results: list[int | PayloadResult] = []
    try:
        try:
            stream = item.fs.open(item.path, "rb", block_size=_OPEN_BLOCK)
        except Exception as error:
            raise _ReadFailedError(_reason(error)) from error
        with stream:
            if item.json_lines:
                checked = validator.check_json_lines(
                    _range_lines(stream, piece, counts),
                    item.source,
                    include_valid=include_valid,
                    stats=stats,
                    at_file_start=piece.start == 0,
                )
                results.extend(result.line if result.valid else result for result in checked)
            else:
                raw = b"".join(iter(lambda: _read(stream, _BLOCK), b""))
                counts = [len(raw), 1]
                result = validator.check_bytes(raw, item.source)
                stats.payloads, stats.invalid = 1, int(not result.valid)
                if include_valid or not result.valid:
                    results.append(result.line if result.valid else result)
    except _ReadFailedError as error:
        # Line numbers of a range count from its first line: the error sits just after the lines read.
        results.append(read_error(item.source, error.reason, counts[1] + 1))
        return RangeOutcome(counts[0], counts[1], stats.payloads + 1, stats.invalid + 1, results, read_failed=True)
    return RangeOutcome(counts[0], counts[1], stats.payloads, stats.invalid, results)
