"""Model and exported schema give the same verdict on every payload fixture and every rule of the contract."""

from __future__ import annotations

import json
from typing import Any

import pytest
from helpers import MODELS, PayloadFixture, compiled_contract, model_of, payload_fixtures, reference_validator
from pydantic import ValidationError

from schema_contracts.models import CodeExecutionResult

FIXTURES = payload_fixtures()


def model_accepts(contract: str, text: str) -> bool:
    try:
        model_of(contract).model_validate_json(text)
    except ValidationError:
        return False
    return True


def test_fixtures_cover_every_version_and_both_verdicts() -> None:
    """Each version of each contract has valid and invalid fixtures, so the tests below cannot pass vacuously."""
    assert {(f.contract, f.valid) for f in FIXTURES} == {(c, v) for c in MODELS for v in (True, False)}


@pytest.mark.parametrize("fixture", FIXTURES, ids=lambda f: f.id)
def test_model_verdict_matches_folder(fixture: PayloadFixture) -> None:
    """The pydantic model accepts the payloads under valid/ and rejects those under invalid/."""
    assert model_accepts(fixture.contract, fixture.text()) is fixture.valid


@pytest.mark.parametrize("fixture", FIXTURES, ids=lambda f: f.id)
def test_reference_schema_verdict_matches_folder(fixture: PayloadFixture) -> None:
    """python-jsonschema, on the committed schema, agrees with the folder (and so with the model)."""
    assert reference_validator(fixture.contract).is_valid(json.loads(fixture.text())) is fixture.valid


@pytest.mark.parametrize("fixture", FIXTURES, ids=lambda f: f.id)
def test_fast_validator_verdict_matches_folder(fixture: PayloadFixture) -> None:
    """Our jsonschema-rs validator, on the committed schema, agrees with the folder."""
    validator = compiled_contract(fixture.contract)
    assert validator.check_bytes(fixture.path.read_bytes(), str(fixture.path)).valid is fixture.valid


VALID_RESULT: dict[str, Any] = {"status": "success", "stdout": "", "stderr": "", "exit_code": 0}
ARTIFACT: dict[str, Any] = {"name": "table.csv", "mime_type": "text/csv", "size": 12, "content_b64": "YSxiCjEsMgozLDQK"}

# (name, contract, payload, JSON Pointer the schema blames, pydantic loc, pydantic error type)
INVALID_TABLE: list[tuple[str, str, dict[str, Any], str, tuple[str | int, ...], str]] = [
    ("base64 excess padding", "CodeExecutionRequest", {"code_b64": "QUJD===="}, "/code_b64", ("code_b64",), "base64"),
    ("base64 newline", "CodeExecutionRequest", {"code_b64": "cGFzcw==\n"}, "/code_b64", ("code_b64",), "base64"),
    ("base64 missing", "CodeExecutionRequest", {}, "", ("code_b64",), "missing"),
    (
        "unknown language",
        "CodeExecutionRequest",
        {"code_b64": "", "language": "go"},
        "/language",
        ("language",),
        "enum",
    ),
    (
        "NaN in arguments",
        "CodeExecutionRequest",
        {"code_b64": "", "arguments": {"x": 1e400}},
        None,
        ("arguments",),
        "finite_number",
    ),  # type: ignore[list-item]
    ("status not a member", "CodeExecutionResult", {**VALID_RESULT, "status": "ok"}, "/status", ("status",), "enum"),
    (
        "exit code string",
        "CodeExecutionResult",
        {**VALID_RESULT, "exit_code": "0"},
        "/exit_code",
        ("exit_code",),
        "int_type",
    ),
    (
        "exit code bool",
        "CodeExecutionResult",
        {**VALID_RESULT, "exit_code": True},
        "/exit_code",
        ("exit_code",),
        "int_type",
    ),
    (
        "exit code too big",
        "CodeExecutionResult",
        {**VALID_RESULT, "exit_code": 2**53},
        "/exit_code",
        ("exit_code",),
        "less_than_equal",
    ),
    (
        "time as string",
        "CodeExecutionResult",
        {**VALID_RESULT, "time_used_ms": "1"},
        "/time_used_ms",
        ("time_used_ms",),
        "float_type",
    ),
    (
        "memory negative",
        "CodeExecutionResult",
        {**VALID_RESULT, "memory_used_kb": -1},
        "/memory_used_kb",
        ("memory_used_kb",),
        "greater_than_equal",
    ),
    (
        "limit type without its status",
        "CodeExecutionResult",
        {**VALID_RESULT, "resource_limit_type": "time"},
        "/resource_limit_type",
        (),
        "contract_rule",
    ),
    (
        "limit status without its type",
        "CodeExecutionResult",
        {**VALID_RESULT, "status": "resource_limit_exceeded"},
        "",
        (),
        "contract_rule",
    ),
    (
        "access type without its status",
        "CodeExecutionResult",
        {**VALID_RESULT, "status": "program_error", "unauthorized_access_type": "file_access"},
        "/unauthorized_access_type",
        (),
        "contract_rule",
    ),
    (
        "access status without its type",
        "CodeExecutionResult",
        {**VALID_RESULT, "status": "unauthorized_access"},
        "",
        (),
        "contract_rule",
    ),
    (
        "runtime type with success",
        "CodeExecutionResult",
        {**VALID_RESULT, "runtime_error_type": "signalled"},
        "/runtime_error_type",
        (),
        "contract_rule",
    ),
    (
        "runtime type with runner error",
        "CodeExecutionResult",
        {**VALID_RESULT, "status": "program_runner_error", "runtime_error_type": "nonzero_exit"},
        "/runtime_error_type",
        (),
        "contract_rule",
    ),
    (
        "artifact bad base64",
        "CodeExecutionResult",
        {**VALID_RESULT, "artifacts": [{**ARTIFACT, "content_b64": "iVBORw0KGgo=="}]},
        "/artifacts/0/content_b64",
        ("artifacts", 0, "content_b64"),
        "base64",
    ),
    (
        "artifact negative size",
        "CodeExecutionResult",
        {**VALID_RESULT, "artifacts": [{**ARTIFACT, "size": -1}]},
        "/artifacts/0/size",
        ("artifacts", 0, "size"),
        "greater_than_equal",
    ),
    (
        "artifact size as string",
        "CodeExecutionResult@2",
        {**VALID_RESULT, "artifacts": [{**ARTIFACT, "size": "68"}]},
        "/artifacts/0/size",
        ("artifacts", 0, "size"),
        "int_type",
    ),
    (
        "artifacts null",
        "CodeExecutionResult@2",
        {**VALID_RESULT, "artifacts": None},
        "/artifacts",
        ("artifacts",),
        "list_type",
    ),
    (
        "artifact without content",
        "CodeExecutionResult",
        {**VALID_RESULT, "artifacts": [{"name": "a.png", "mime_type": "image/png", "size": 0}]},
        "/artifacts/0",
        ("artifacts", 0, "content_b64"),
        "missing",
    ),
    (
        "result a number",
        "CodeExecutionResult",
        {**VALID_RESULT, "result": 3.5},
        "/result",
        ("result",),
        "model_type",
    ),
    (
        "result without present",
        "CodeExecutionResult",
        {**VALID_RESULT, "result": {"value": 3}},
        "/result",
        ("result", "present"),
        "missing",
    ),
    (
        "result present as string",
        "CodeExecutionResult@3",
        {**VALID_RESULT, "result": {"present": "true"}},
        "/result",  # python-jsonschema blames the `anyOf` of object or null; ours, as the model, `/result/present`
        ("result", "present"),
        "bool_type",
    ),
    (
        "NaN in result value",
        "CodeExecutionResult",
        {**VALID_RESULT, "result": {"present": True, "value": [1e400]}},
        None,
        ("result", "value"),
        "finite_number",
    ),  # type: ignore[list-item]
]


@pytest.mark.parametrize(
    ("contract", "payload", "pointer", "loc", "error_type"),
    [pytest.param(*row[1:], id=row[0]) for row in INVALID_TABLE],
)
def test_invalid_payload_is_rejected_by_model_and_schema_at_the_same_place(
    contract: str, payload: dict[str, Any], pointer: str | None, loc: tuple[str | int, ...], error_type: str
) -> None:
    """Each rule of the contract is enforced by the model and by both schema validators, blaming the same field."""
    text = json.dumps(payload)
    with pytest.raises(ValidationError) as raised:
        model_of(contract).model_validate_json(text)
    assert [(error["loc"], error["type"]) for error in raised.value.errors()] == [(loc, error_type)]
    if pointer is None:  # 1e400 is not a JSON number: no schema validator ever sees the payload as valid
        assert "Infinity" in text
        return
    reference_errors = list(reference_validator(contract).iter_errors(payload))
    assert pointer in {
        "/".join(["", *map(str, error.absolute_path)]) if error.absolute_path else "" for error in reference_errors
    }
    # Ours blames the same place, or the model's own deeper place (it explains an object inside an `anyOf`).
    model_pointer = "".join(f"/{part}" for part in loc)
    result = compiled_contract(contract).check_bytes(text.encode(), "table")
    assert {pointer, model_pointer} & {issue.pointer for issue in result.errors}


def test_rule_errors_name_the_rule() -> None:
    """A cross-field violation names its rule both in the model's message and in the validator's."""
    payload = {**VALID_RESULT, "resource_limit_type": "time"}
    with pytest.raises(ValidationError, match="rule resource-limit-type"):
        CodeExecutionResult.model_validate(payload)
    result = compiled_contract("CodeExecutionResult").check_bytes(json.dumps(payload).encode(), "x")
    assert "rule resource-limit-type" in result.errors[0].message


@pytest.mark.parametrize(
    ("contract", "payload", "pointer", "loc", "error_type"),
    [pytest.param(*row[1:], id=row[0]) for row in INVALID_TABLE if row[1].startswith("CodeExecutionResult")],
)
def test_version_1_accepts_what_later_versions_reject_in_new_fields(
    contract: str, payload: dict[str, Any], pointer: str | None, loc: tuple[str | int, ...], error_type: str
) -> None:
    """Version 1 says nothing about `artifacts` and `result` (open model), so only the old rules can reject."""
    if loc and loc[0] in ("artifacts", "result"):
        assert model_accepts("CodeExecutionResult@1", json.dumps(payload))
        if pointer is not None:
            assert compiled_contract("CodeExecutionResult@1").check_bytes(json.dumps(payload).encode(), "v1").valid
    else:
        assert not model_accepts("CodeExecutionResult@1", json.dumps(payload))
