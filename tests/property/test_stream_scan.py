"""Scanning a stream in blocks natively gives the results, counts and line numbers of checking line by line.

The native checker passes whole blocks of accepted lines in one call and stops at each line it does not
accept; lines cross block boundaries, files start with a byte order mark, end without a line feed, hold blank
lines and CRLF endings. Whatever the block size, the invalid payloads reported (with their lines and issues)
and the counts equal those of the exact path alone, line by line.
"""

from __future__ import annotations

import io

import orjson
import pytest
from helpers import compiled_contract, count_example
from hypothesis import given
from hypothesis import strategies as st

from schema_contracts.testing import near_miss_payloads, valid_payloads
from schema_contracts.validate import PayloadValidator, _engine
from schema_contracts.validate._results import RunStats

CONTRACT = "CodeExecutionResult"
ODD_LINES = [b"", b"   ", b"\t\r", b"\x0c", b"\x0b ", b"not json", b'{"status":', b"\xef\xbb\xbf{}", b"[]", b"null"]


def lines_of(contract: str) -> st.SearchStrategy[bytes]:
    payloads = st.one_of(valid_payloads(contract), near_miss_payloads(contract).map(lambda miss: miss.payload))
    spaced = payloads.map(lambda payload: orjson.dumps(payload, option=orjson.OPT_INDENT_2).replace(b"\n", b" "))
    return st.one_of(payloads.map(orjson.dumps), spaced, st.sampled_from(ODD_LINES))


@pytest.mark.parametrize("block", [1, 7, 4096])
@given(
    lines=st.lists(lines_of(CONTRACT), max_size=12),
    ending=st.sampled_from([b"\n", b"\r\n"]),
    last_ending=st.booleans(),
    bom=st.booleans(),
)
def test_block_scan_reports_what_the_line_by_line_exact_path_reports(
    block: int, lines: list[bytes], ending: bytes, last_ending: bool, bom: bool
) -> None:
    """Same invalid results, lines, issues and counts as the exact path line by line, for any block size."""
    count_example("stream scan: streams")
    data = (b"\xef\xbb\xbf" if bom else b"") + ending.join(lines) + (ending if last_ending and lines else b"")
    schema = compiled_contract(CONTRACT).schema
    scanned, exact = RunStats(), RunStats()
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(_engine, "SCAN_BLOCK", block)
        ours = list(
            PayloadValidator(schema).check_json_lines(io.BytesIO(data), "s", include_valid=False, stats=scanned)
        )
    reference = PayloadValidator(schema, fast=False).check_json_lines(
        io.BytesIO(data).readlines(), "s", include_valid=False, stats=exact
    )
    assert ours == list(reference)
    assert scanned == exact
