"""Byte ranges at line boundaries: whatever the cut points, every line is read once, by the range it starts in."""

from __future__ import annotations

import io

import pytest
from fsspec.implementations.local import LocalFileSystem
from hypothesis import given
from hypothesis import strategies as st

from schema_contracts.dask import _ranges
from schema_contracts.dask._inputs import RemoteInput, split_input

pytestmark = pytest.mark.dask

LINES = st.lists(st.sampled_from([b"", b"{}", b"\r", b"[1,2]", b"x" * 40, b"\xef\xbb\xbf{}"]), max_size=40)


@given(lines=LINES, final_newline=st.booleans(), chunk=st.integers(1, 64), block=st.integers(1, 16))
def test_ranges_read_every_line_once_in_order(lines: list[bytes], final_newline: bool, chunk: int, block: int) -> None:
    """Ranges of any size, read in blocks of any size, give back the file's lines exactly, each in one range."""
    content = b"\n".join(lines) + (b"\n" if final_newline and lines else b"")
    item = RemoteInput("f.jsonl", LocalFileSystem(), "f.jsonl", True, len(content))
    read: list[bytes] = []
    totals = [0, 0]
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(_ranges, "_BLOCK", block)
        for piece in split_input(item, chunk):
            counts = [0, 0]
            read.extend(_ranges._range_lines(io.BytesIO(content), piece, counts))
            totals = [totals[0] + counts[0], totals[1] + counts[1]]
    expected = io.BytesIO(content).readlines()
    assert read == expected
    assert totals == [len(content), len(expected)]
