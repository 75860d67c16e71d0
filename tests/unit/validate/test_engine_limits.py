"""Hostile sizes and depths: a clean issue per payload, bounded messages, locating that stays cheap."""

from __future__ import annotations

import time
from pathlib import Path

import orjson
import pytest
from helpers import compiled_contract

from schema_contracts.validate import RunStats, _jsontext, collect_inputs, validate_inputs
from schema_contracts.validate._jsontext import MESSAGE_LIMIT, find_duplicate_keys, locate_value, trim

DEEP = b"[" * 256 + b"]" * 256


def test_a_payload_deeper_than_the_validator_is_one_clean_issue() -> None:
    """256 nested arrays (the smallest depth jsonschema-rs cannot convert) give a `json` issue, not a traceback."""
    (issue,) = compiled_contract("CodeExecutionRequest").check_bytes(DEEP, "d.json").errors
    assert issue.keyword == "json"
    assert "too deep" in issue.message


def test_a_deep_value_where_any_value_is_allowed_is_valid_or_cleanly_too_deep() -> None:
    """Depth inside a free-form member: valid (jsonschema-rs 0.61 does not look inside), or, with older
    jsonschema-rs that converts it all, one `json` issue saying "too deep"; never a traceback."""
    raw = b'{"code_b64": "", "arguments": {"a": ' + DEEP + b"}}"
    errors = compiled_contract("CodeExecutionRequest").check_bytes(raw, "d.json").errors
    assert [(issue.keyword, "too deep" in issue.message) for issue in errors] in ([], [("json", True)])


@pytest.mark.parametrize("jobs", [1, 2])
def test_later_inputs_are_still_checked_after_a_deep_one(tmp_path: Path, jobs: int) -> None:
    """A deep payload is one invalid result; the lines and files after it are checked, also with --jobs."""
    (tmp_path / "a.json").write_bytes(DEEP)
    (tmp_path / "b.jsonl").write_bytes(DEEP + b"\n" + b'{"code_b64": ""}\n' + b'{"code_b64": 1}\n')
    (tmp_path / "c.json").write_bytes(b'{"code_b64": ""}')
    stats = RunStats()
    schema = compiled_contract("CodeExecutionRequest").schema
    results = list(validate_inputs(schema, collect_inputs([str(tmp_path)]), jobs=jobs, stats=stats))
    verdicts = [(Path(result.source).name, result.line, result.valid) for result in results]
    assert verdicts == [
        ("a.json", 1, False),
        ("b.jsonl", 1, False),
        ("b.jsonl", 2, True),
        ("b.jsonl", 3, False),
        ("c.json", 1, True),
    ]
    assert (stats.payloads, stats.invalid) == (5, 3)


def test_a_huge_string_in_the_wrong_place_gives_a_bounded_message() -> None:
    """A 1 MB string where an integer belongs: the message (and its JSON output) is trimmed and says so."""
    raw = orjson.dumps({"status": "success", "stdout": "", "stderr": "", "exit_code": "x" * 1_000_000})
    (issue,) = compiled_contract("CodeExecutionResult").check_bytes(raw, "x").errors
    assert len(issue.message) <= MESSAGE_LIMIT + 60
    assert "characters trimmed" in issue.message
    assert issue.message.endswith('is not of type "integer"')
    assert issue.as_dict()["message"] == issue.message


def test_a_huge_root_array_gives_a_bounded_message() -> None:
    """A root array of 100,000 numbers against an object schema: one short message, not the array."""
    raw = orjson.dumps(list(range(100_000)))
    (issue,) = compiled_contract("CodeExecutionRequest").check_bytes(raw, "x").errors
    assert len(issue.message) <= MESSAGE_LIMIT + 60
    assert "characters trimmed" in issue.message


def test_a_huge_repeated_key_is_trimmed_in_its_message() -> None:
    """A repeated 100 kB key is named by its start and end, in JSON spelling."""
    key = "k" * 100_000
    raw = ('{"code_b64": "", "' + key + '": 1, "' + key + '": 2}').encode()
    (issue,) = compiled_contract("CodeExecutionRequest").check_bytes(raw, "x").errors
    assert issue.keyword == "duplicate-key"
    assert issue.message.startswith('key "kkk')
    assert "characters trimmed" in issue.message
    assert len(issue.message) < 200


def test_trim_keeps_short_text_and_marks_what_it_cut() -> None:
    """Text within the limit is unchanged; longer text keeps its start and end and says how much went."""
    assert trim("short") == "short"
    trimmed = trim("a" * 50 + "b" * 50, limit=60)
    assert trimmed.startswith("a")
    assert trimmed.endswith("b")
    assert "characters trimmed" in trimmed


def test_locating_stops_after_its_step_budget(monkeypatch: pytest.MonkeyPatch) -> None:
    """Past LOCATE_STEPS members the Python walk gives up: the issue is reported without line and column.

    The native walk (ASCII texts, when built) is linear in the text and needs no budget: it finds the place.
    """
    monkeypatch.setattr(_jsontext, "LOCATE_STEPS", 3)
    assert locate_value("[1, 2, 3, 4, 5]", (4,)) == 13
    monkeypatch.setattr(_jsontext, "_native_locate", None)
    assert locate_value("[1, 2, 3, 4, 5]", (1,)) == 4
    assert locate_value("[1, 2, 3, 4, 5]", (4,)) is None
    (duplicate,) = find_duplicate_keys('[1, 2, 3, {"a": 1, "a": 2}]')
    assert (duplicate.key, duplicate.offset) == ("a", None)


def test_skipped_values_cost_no_steps() -> None:
    """A 20 MB string before the value is scanned in C: one step, and the value is located exactly."""
    text = '{"big": "' + "x" * 20_000_000 + '", "a": [1, {"b": true}]}'
    offset = locate_value(text, ("a", 1, "b"))
    assert offset is not None
    assert text[offset : offset + 4] == "true"


def test_an_error_at_the_end_of_a_large_payload_costs_a_small_multiple_of_a_valid_one() -> None:
    """200,000 members with a bad last one: finding and locating the error stays within 10x of validating."""
    validator = compiled_contract("CodeExecutionRequest")
    members = {f"k{index}": index for index in range(200_000)}
    valid = orjson.dumps({"code_b64": "", "arguments": members, "z": 1})
    invalid = orjson.dumps({"code_b64": "", "arguments": members, "language": 5})
    valid_seconds = min(_seconds(lambda: validator.check_bytes(valid, "x")) for _ in range(3))
    invalid_seconds = min(_seconds(lambda: validator.check_bytes(invalid, "x")) for _ in range(3))
    issue = validator.check_bytes(invalid, "x").errors[0]
    assert issue.pointer == "/language"
    assert issue.column is not None
    assert invalid_seconds < 10 * valid_seconds + 0.05


def test_a_repeated_key_at_the_end_of_a_large_payload_is_found_quickly() -> None:
    """200,000 members, the last one repeated: found and reported in well under a second of work per MB."""
    members = ", ".join(f'"k{index}": {index}' for index in range(200_000))
    raw = ('{"code_b64": "", "arguments": {' + members + ', "k0": 1}}').encode()
    started = time.perf_counter()
    (issue,) = compiled_contract("CodeExecutionRequest").check_bytes(raw, "x").errors
    assert time.perf_counter() - started < 5
    assert (issue.keyword, issue.pointer) == ("duplicate-key", "/arguments/k0")


def _seconds(action: object) -> float:
    assert callable(action)
    started = time.perf_counter()
    action()
    return time.perf_counter() - started
