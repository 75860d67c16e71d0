"""Under PYTHONUNBUFFERED, a report to a pipe or a file is written in blocks; a terminal still gets each line."""

from __future__ import annotations

import io
import os
import sys
from collections.abc import Iterator

import pytest

from schema_contracts.cli import _output_in_blocks


def unbuffered_text(fd: int) -> io.TextIOWrapper:
    """Standard output as `python -u` makes it: a write-through text layer straight over the file."""
    return io.TextIOWrapper(io.FileIO(fd, "w", closefd=False), encoding="utf-8", write_through=True)


@pytest.fixture
def pipe() -> Iterator[tuple[int, int]]:
    read_end, write_end = os.pipe()
    yield read_end, write_end
    os.close(read_end)
    os.close(write_end)


def test_a_pipe_gets_the_report_in_blocks_and_every_line_by_the_end(
    pipe: tuple[int, int], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Inside a command, lines to a pipe wait in the text layer; its flush delivers them all, in order."""
    read_end, write_end = pipe
    stream = unbuffered_text(write_end)
    monkeypatch.setattr(sys, "stdout", stream)
    os.set_blocking(read_end, False)
    with _output_in_blocks():
        stream.write("first line\n")
        with pytest.raises(BlockingIOError):
            os.read(read_end, 100)  # nothing written yet: the line waits for the block
        stream.write("second line\n")
        stream.flush()
    assert os.read(read_end, 100) == b"first line\nsecond line\n"
    assert stream.write_through  # as it was, once the command ends


def test_a_terminal_gets_each_line_as_it_comes(monkeypatch: pytest.MonkeyPatch) -> None:
    """A terminal keeps write-through output, so report lines and the progress bar interleave as they happen."""
    leader, follower = os.openpty()
    try:
        stream = unbuffered_text(follower)
        monkeypatch.setattr(sys, "stdout", stream)
        with _output_in_blocks():
            assert stream.write_through
            stream.write("at once\n")
            assert b"at once" in os.read(leader, 100)
    finally:
        os.close(leader)
        os.close(follower)
