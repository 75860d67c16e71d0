"""Bad input gives a located, one-line issue and never stops the other payloads from being checked."""

from __future__ import annotations

import io

import pytest

from schema_contracts.validate import PayloadValidator, SchemaCatalog, ValidationIssue

VALID = b'{"status":"success","stdout":"","stderr":"","exit_code":0}'


@pytest.fixture(scope="module")
def validator() -> PayloadValidator:
    return PayloadValidator(SchemaCatalog().load("CodeExecutionResult"))


def only_issue(validator: PayloadValidator, raw: bytes) -> ValidationIssue:
    result = validator.check_bytes(raw, "input.json")
    assert not result.valid
    assert len(result.errors) == 1, result.errors
    return result.errors[0]


@pytest.mark.parametrize(
    ("raw", "message", "line", "column"),
    [
        (b'{\n  "status": "success",\n  "stdout": ,\n}', "invalid JSON", 3, 13),
        (b"", "empty: no JSON document", 1, 1),
        (b"  \n\t ", "empty: no JSON document", 1, 1),
        (b'{"status": "succ', "invalid JSON", 1, 17),
        (b'{"exit_code": NaN}', "NaN and Infinity are not JSON numbers", 1, 15),
        (b'{"exit_code": -Infinity}', "NaN and Infinity are not JSON numbers", 1, 15),
        (b'{"a":\n "\xff"}', "not UTF-8: byte 0xff at byte offset 8", 2, 3),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "not UTF-8", 1, 1),
        (b"\x00\x01\x02binary", "looks like a binary file", 1, 1),
        (b"[" * 100_000 + b"]" * 100_000, "nested deeper than the parser's limit", 1, None),
    ],
    ids=[
        "syntax",
        "empty",
        "whitespace-only",
        "truncated",
        "nan",
        "infinity",
        "invalid-utf8",
        "png",
        "nul-bytes",
        "nested-100k",
    ],
)
def test_unparseable_payload_is_one_located_issue(
    validator: PayloadValidator, raw: bytes, message: str, line: int, column: int | None
) -> None:
    """A payload that is not JSON gives one `json` issue saying what is wrong and where."""
    issue = only_issue(validator, raw)
    assert issue.keyword == "json"
    assert message in issue.message
    assert issue.line == line
    if column is not None:
        assert issue.column == column


def test_byte_order_mark_is_ignored(validator: PayloadValidator) -> None:
    """A UTF-8 byte order mark before the document is skipped, as RFC 8259 allows."""
    assert validator.check_bytes(b"\xef\xbb\xbf" + VALID, "bom.json").valid


def test_byte_order_mark_opens_a_json_lines_file(validator: PayloadValidator) -> None:
    """A BOM at the start of a JSON Lines file is ignored, also on a line that holds nothing else."""
    only_bom = list(validator.check_json_lines(io.BytesIO(b"\xef\xbb\xbf\n" + VALID + b"\n"), "log.jsonl"))
    assert [(r.line, r.valid) for r in only_bom] == [(2, True)]
    with_payload = list(validator.check_json_lines(io.BytesIO(b"\xef\xbb\xbf" + VALID + b"\n"), "log.jsonl"))
    assert [(r.line, r.valid) for r in with_payload] == [(1, True)]


def test_duplicate_keys_are_reported_where_they_repeat(validator: PayloadValidator) -> None:
    """A repeated key makes the payload invalid, with the second occurrence's location."""
    issue = only_issue(validator, b'{"status":"success","stdout":"","stderr":"",\n "exit_code":0, "exit_code":1}')
    assert (issue.keyword, issue.pointer, issue.line, issue.column) == ("duplicate-key", "/exit_code", 2, 17)


def test_a_50_megabyte_line_is_validated(validator: PayloadValidator) -> None:
    """A single huge payload is checked like any other, and its error is still located."""
    big = b'{"status":"success","stdout":"' + b"x" * 50_000_000 + b'","stderr":"","exit_code":"0"}'
    issue = only_issue(validator, big)
    assert (issue.pointer, issue.keyword, issue.column) == ("/exit_code", "type", 50_000_057)


def test_json_lines_go_on_after_a_bad_record(validator: PayloadValidator) -> None:
    """A bad record is reported with its line number, and every later line is still checked."""
    stream = io.BytesIO(
        VALID + b"\n\n{not json}\n" + VALID.replace(b"0}", b'"0"}') + b"\n" + VALID + b"\n" + b'{"trunc'
    )
    results = list(validator.check_json_lines(stream, "log.jsonl"))
    assert [(r.line, r.valid) for r in results] == [(1, True), (3, False), (4, False), (5, True), (6, False)]
    assert results[1].errors[0].keyword == "json"
    assert (results[2].errors[0].pointer, results[2].errors[0].line) == ("/exit_code", 4)
    assert "end of data" in results[4].errors[0].message
