"""The fast accept path: built from the schema file, it accepts only what the exact path accepts."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import orjson
import pytest
from helpers import compiled_contract

from schema_contracts.validate import PayloadValidator, _engine, _fast, compile_schema
from schema_contracts.validate._engine import CALIBRATE, FAST_AFTER
from schema_contracts.validate._fast import ENGINES, MAX_FAST_DEPTH, Engine, compile_fast_path

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "payloads"
RESULT = {
    "status": "success",
    "stdout": "line 3: 9\n",
    "stderr": "",
    "exit_code": 0,
    "detail": None,
    "time_used_ms": 1.5,
    "memory_used_kb": None,
    "resource_limit_type": None,
    "unauthorized_access_type": None,
    "runtime_error_type": None,
}


@pytest.fixture(params=ENGINES)
def engine(request: pytest.FixtureRequest) -> Engine:
    """Each test runs on both engines of the fast path: the native checker and the msgspec one."""
    return request.param  # type: ignore[no-any-return]


def fast_for(contract: str, engine: Engine) -> Any:
    fast = compile_fast_path(compiled_contract(contract).schema.document, engine)
    assert fast is not None
    assert fast.engine == engine
    return fast


@pytest.mark.parametrize("contract", ["CodeExecutionRequest", "CodeExecutionResult"])
def test_contract_schemas_get_a_fast_path_that_accepts_their_valid_fixtures(contract: str, engine: Engine) -> None:
    """Every committed contract translates; its valid fixtures are accepted in any layout.

    An integer written as 0.0 is sent to the exact path by both engines, and so, by the msgspec engine, is a
    member the schema does not name (it must see every member to count them for its repeated-key screen).
    """
    fast = fast_for(contract, engine)
    properties = set(compiled_contract(contract).schema.document["properties"])
    for path in sorted((FIXTURES / contract / "valid").glob("*.json")):
        payload = json.loads(path.read_bytes())
        if (engine == "msgspec" and not set(payload) <= properties) or "integral-float" in path.name:
            assert not fast.accepts(path.read_bytes())
            assert compiled_contract(contract).check_bytes(path.read_bytes(), "x").valid
            continue
        for text in (orjson.dumps(payload), json.dumps(payload).encode(), json.dumps(payload, indent=2).encode()):
            assert fast.accepts(text), f"{path.name}: {text[:200]!r}"


@pytest.mark.parametrize("contract", ["CodeExecutionRequest", "CodeExecutionResult"])
def test_invalid_fixtures_never_take_the_fast_path(contract: str, engine: Engine) -> None:
    """No invalid fixture is accepted by the fast path (the exact path explains it)."""
    fast = fast_for(contract, engine)
    for path in sorted((FIXTURES / contract / "invalid").glob("*.json")):
        assert not fast.accepts(path.read_bytes()), path.name


@pytest.mark.parametrize(
    "text",
    [
        '{"status": "success", "status": "success", "stdout": "", "stderr": "", "exit_code": 0}',
        '{"status":"success","stdout":"a:b","stderr":"","exit_code":0,"exit_code":0}',
        '{"status":"success","stdout":"\\u003a","stdout":"\\u003a","stderr":"","exit_code":0}',
        '{"status" : "success", "stdout": "", "stderr": "", "exit_code": 0, "stderr": ""}',
    ],
)
def test_repeated_keys_never_take_the_fast_path(text: str, engine: Engine) -> None:
    """A repeated key is never accepted: not compact, not spaced, not hidden behind an escaped colon."""
    assert not fast_for("CodeExecutionResult", engine).accepts(text.encode())
    assert not compiled_contract("CodeExecutionResult").check_bytes(text.encode(), "x").valid


def test_escaped_colon_without_repeats_is_still_valid(engine: Engine) -> None:
    """A colon written as \\u003a is valid: accepted natively, sent to the exact path by the colon screen."""
    text = orjson.dumps(RESULT).replace(b"3: 9", b"3\\u003a 9")
    assert fast_for("CodeExecutionResult", engine).accepts(text) == (engine == "native")
    assert compiled_contract("CodeExecutionResult").check_bytes(text, "x").valid


@pytest.mark.parametrize(
    "raw",
    [
        b'{"code_b64": "", "arguments": {"a": 1e999}}',
        b'{"code_b64": "", "arguments": {"a": NaN}}',
        b'{"code_b64": "", "arguments": {"a": "\\ud800"}}',
        b'{"code_b64": "", "arguments": {"a": "\xff"}}',
    ],
)
def test_what_orjson_refuses_or_changes_is_left_to_the_exact_path(raw: bytes, engine: Engine) -> None:
    """Infinity, NaN, lone surrogates, bad UTF-8 and integers past 64 bits are never accepted fast."""
    assert not fast_for("CodeExecutionRequest", engine).accepts(raw)


def test_integers_past_64_bits_in_free_form_values_agree_with_the_exact_path(engine: Engine) -> None:
    """orjson reads 2**64 as a float, msgspec as an int; where any value is allowed, both verdicts are "valid"."""
    raw = b'{"code_b64": "", "arguments": {"a": 18446744073709551616}}'
    # The native checker leaves integers of more than 18 digits to the exact path.
    assert fast_for("CodeExecutionRequest", engine).accepts(raw) == (engine == "msgspec")
    exact = PayloadValidator(compiled_contract("CodeExecutionRequest").schema, fast=False)
    assert exact.check_bytes(raw, "x").valid


def test_free_form_values_deeper_than_the_bound_take_the_exact_path(engine: Engine) -> None:
    """A free-form value nested past MAX_FAST_DEPTH is left to the exact path, which still decides."""
    deep = b"[" * MAX_FAST_DEPTH + b"]" * MAX_FAST_DEPTH
    raw = b'{"code_b64": "", "arguments": {"a": ' + deep + b"}}"
    assert not fast_for("CodeExecutionRequest", engine).accepts(raw)
    shallow = b'{"code_b64": "", "arguments": {"a": ' + deep[4:-4] + b"}}"
    assert fast_for("CodeExecutionRequest", engine).accepts(shallow)
    assert compiled_contract("CodeExecutionRequest").check_bytes(raw, "x").valid


def test_the_conditional_rules_are_checked_on_the_fast_path(engine: Engine) -> None:
    """The contract's if/then/else rules hold on the fast path: a limit status without its type is refused."""
    payload = {**RESULT, "status": "resource_limit_exceeded"}
    assert not fast_for("CodeExecutionResult", engine).accepts(orjson.dumps(payload))
    assert fast_for("CodeExecutionResult", engine).accepts(orjson.dumps({**payload, "resource_limit_type": "time"}))


def test_payloads_without_optional_fields_take_the_fast_path(engine: Engine) -> None:
    """Optional properties may be absent: a payload of the required ones only is accepted."""
    fast = fast_for("CodeExecutionResult", engine)
    assert fast.accepts(b'{"status":"success","stdout":"","stderr":"","exit_code":0}')


@pytest.mark.parametrize(
    "schema",
    [
        {"type": "string", "format": "date-time"},
        {"type": "string", "pattern": "^a"},
        {"type": "object", "patternProperties": {"^a": {"type": "string"}}},
        {"type": "array", "uniqueItems": True},
        {"anyOf": [{"type": "integer"}, {"type": "number", "minimum": 5}]},
        {"type": "object", "properties": {"a": {"$ref": "other.json"}}},
        {"$defs": {"n": {"type": "array", "items": {"$ref": "#/$defs/n"}}}, "$ref": "#/$defs/n"},
    ],
)
def test_untranslatable_schemas_get_no_fast_path(schema: dict[str, Any], engine: Engine) -> None:
    """Anything not translated exactly (formats, other patterns, overlapping alternatives, recursion) turns it off."""
    assert compile_fast_path(schema, engine) is None
    assert compile_fast_path(schema) is None


def test_a_schema_without_fast_path_still_validates(tmp_path: Path) -> None:
    """A validator whose schema has no fast path falls back to the exact path for every payload."""
    validator = PayloadValidator(compile_schema({"type": "string", "pattern": "^a"}, "x"))
    assert validator.check_bytes(b'"abc"', "x").valid
    assert not validator.check_bytes(b'"bc"', "x").valid


def test_a_long_stream_gives_the_same_results_whichever_path_is_kept(
    engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The native path is kept at once; the msgspec one after a timed comparison with the exact path. Either
    way the results equal those of the exact path alone."""
    if engine == "msgspec":
        monkeypatch.setattr(_fast, "native_available", lambda: False)  # as installed without a C compiler
    schema = compiled_contract("CodeExecutionResult").schema
    lines = []
    for index in range(CALIBRATE + FAST_AFTER + 50):
        payload = {**RESULT, "exit_code": index}
        if index % 7 == 0:
            payload["status"] = "timeout"
        lines.append(orjson.dumps(payload) if index % 2 else json.dumps(payload).encode())
    ours = PayloadValidator(schema)
    results = list(ours.check_json_lines(lines, "s.jsonl"))
    assert results == list(PayloadValidator(schema, fast=False).check_json_lines(lines, "s.jsonl"))
    assert sum(not result.valid for result in results) == len(range(0, len(lines), 7))
    assert ours.fast_path is not None
    assert ours.fast_path.engine == engine


def test_a_run_that_never_compiles_the_fast_path_never_imports_msgspec() -> None:
    """Start-up stays cheap: importing the validator and checking fewer than FAST_AFTER payloads loads no msgspec."""
    import subprocess
    import sys

    code = (
        "import sys\n"
        "from schema_contracts.validate import PayloadValidator, SchemaCatalog\n"
        "PayloadValidator(SchemaCatalog().load('CodeExecutionResult')).check_bytes(b'{}', 'x')\n"
        "assert 'msgspec' not in sys.modules, 'msgspec imported'\n"
    )
    completed = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert completed.returncode == 0, completed.stderr


def test_issues_of_several_failing_members_put_the_best_match_first() -> None:
    """Explained member by member, a deep issue of an earlier member still yields first place to a shallower
    one of a later member, as on the whole payload's path; and a mistake seen before is placed anew."""
    validator = compiled_contract("CodeExecutionResult")
    validator.fast_path  # noqa: B018 - compiled now, not after FAST_AFTER payloads
    exact = PayloadValidator(validator.schema, fast=False)
    bad_artifact = {"name": "x", "mime_type": "a/b", "size": -1, "content_b64": "QQ=="}
    payload = {"artifacts": [bad_artifact], **RESULT, "status": "timeout"}
    for line in (1, 3):
        raw = orjson.dumps(payload)
        result = validator.check_bytes(raw, "x", line)
        assert result == exact.check_bytes(raw, "x", line)
        assert [issue.instance_path for issue in result.errors] == [("status",), ("artifacts", 0, "size")]
        assert result.errors[0].line == line
        payload = {"padding": "." * 50, **payload}


def test_issues_of_several_failing_members_keep_the_validators_order_after_the_best_match() -> None:
    """Several failing members, one with a deep issue before a shallow one: only the best match moves to the
    front, the rest keep the whole payload's order (a member's own best match does not jump its queue)."""
    schema = {
        "type": "object",
        "properties": {
            "a": {"type": "array", "items": {"type": "string"}, "allOf": [{"maxItems": 0}]},
            "b": {"type": "string"},
        },
    }
    validator = PayloadValidator(compile_schema(schema, "members"))
    validator.fast_path  # noqa: B018 - compiled now, not after FAST_AFTER payloads
    exact = PayloadValidator(compile_schema(schema, "members"), fast=False)
    raw = b'{"b": 1, "a": [1]}'
    assert validator.check_bytes(raw, "x") == exact.check_bytes(raw, "x")
    assert len(exact.check_bytes(raw, "x").errors) == 3


def test_an_issue_quoting_the_whole_object_is_never_reused_for_another() -> None:
    """What is kept for a top object whose own keywords fail is keyed by the values that decide them; an issue
    whose message quotes the whole object (a `not` at the top) is worked out again for each payload."""
    schema = {
        "type": "object",
        "properties": {"a": {"type": "string"}, "b": {"type": "string"}},
        "not": {"required": ["a"]},
    }
    validator = PayloadValidator(compile_schema(schema, "top"))
    validator.fast_path  # noqa: B018 - compiled now, not after FAST_AFTER payloads
    exact = PayloadValidator(compile_schema(schema, "top"), fast=False)
    for b in ("1", "2"):
        raw = b'{"a": "x", "b": "%s"}' % b.encode()
        result = validator.check_bytes(raw, "x")
        assert result == exact.check_bytes(raw, "x")
        assert f'"b":"{b}"' in result.errors[0].message  # its own "b", quoted


def test_what_the_explanations_keep_stays_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    """Distinct mistakes past the bound start the kept explanations afresh; a large value or one with many issues
    is never kept; and every payload is still explained as the whole path explains it."""
    monkeypatch.setattr(_engine, "_REMEMBERED", 8)
    validator = compiled_contract("CodeExecutionResult")
    validator = PayloadValidator(validator.schema)
    validator.fast_path  # noqa: B018 - compiled now, not after FAST_AFTER payloads
    exact = PayloadValidator(validator.schema, fast=False)
    assert validator._top is not None
    kept = validator._top.explained
    for number in range(20):
        raw = orjson.dumps({**RESULT, "status": f"wrong-{number}"})
        assert validator.check_bytes(raw, "x") == exact.check_bytes(raw, "x")
        assert 0 < len(kept) <= 8
    kept.clear()
    large = orjson.dumps({**RESULT, "status": "x" * (_engine._REMEMBERED_BYTES + 1)})
    many = orjson.dumps({**RESULT, "artifacts": [{"size": -1}] * (_engine._REMEMBERED_ISSUES + 1)})
    for raw in (large, many):
        assert validator.check_bytes(raw, "x") == exact.check_bytes(raw, "x")
    assert not kept
