"""The committed generated code mirrors the models and never accepts more than the contract."""

from __future__ import annotations

import json
import shutil
import sys
import typing
from enum import Enum
from pathlib import Path

import pytest
from helpers import ROOT
from pydantic import ValidationError

from schema_contracts.codegen import PROBES, check_generated
from schema_contracts.models import CONTRACTS
from schema_contracts.models import enums as our_enums

sys.path.insert(0, str(ROOT / "generated" / "python"))
import code_execution
import code_execution_typeddict
import schema_hook

OUR_ENUMS = [value for value in vars(our_enums).values() if isinstance(value, type) and issubclass(value, Enum)]


@pytest.mark.parametrize("enum_type", [e for e in OUR_ENUMS if e.__module__ == our_enums.__name__], ids=str)
def test_generated_enum_has_our_members(enum_type: type[Enum]) -> None:
    """Each generated enum has the same member names and values as the model's."""
    generated = getattr(code_execution, enum_type.__name__)
    assert [(m.name, m.value) for m in generated] == [(m.name, m.value) for m in enum_type]


@pytest.mark.parametrize("contract", CONTRACTS, ids=lambda c: c.name)
def test_generated_model_has_our_fields(contract: typing.Any) -> None:
    """Generated pydantic models and TypedDicts have the model's fields, required where the model requires them."""
    ours = {name: info.is_required() for name, info in contract.model.model_fields.items()}
    generated = getattr(code_execution, contract.name)
    assert {name: info.is_required() for name, info in generated.model_fields.items()} == ours
    # Evaluated hints: under `from __future__ import annotations` Python 3.11's TypedDict cannot see NotRequired.
    hints = typing.get_type_hints(getattr(code_execution_typeddict, contract.name), include_extras=True)
    assert {name: typing.get_origin(hint) is not typing.NotRequired for name, hint in hints.items()} == ours


@pytest.mark.parametrize(("label", "contract", "payload"), PROBES, ids=[p[0] for p in PROBES])
def test_generated_code_rejects_every_probe(label: str, contract: str, payload: dict[str, typing.Any]) -> None:
    """Where generated types cannot say a rule, the generated hook still rejects the payload that breaks it."""
    with pytest.raises(ValidationError):
        getattr(code_execution, contract).model_validate_json(json.dumps(payload))
    with pytest.raises(ValueError, match=f"^{contract}"):
        schema_hook.validate_payload(contract, payload)


def test_generated_model_round_trips_a_real_payload() -> None:
    """A real result parses into the generated model and dumps back to the same JSON values."""
    text = (ROOT / "tests/fixtures/payloads/CodeExecutionResult/valid/real-timeout.json").read_text()
    result = code_execution.CodeExecutionResult.model_validate_json(text)
    assert result.resource_limit_type is code_execution.ResourceLimitType.TIME
    assert json.loads(result.model_dump_json()) == json.loads(text)


def test_hook_names_the_location_of_a_problem() -> None:
    """`validate_payload` says which contract, where, and which keyword."""
    with pytest.raises(ValueError, match=r"CodeExecutionResult at /status: 'ok' is not one of .* \[enum\]"):
        schema_hook.validate_payload(
            "CodeExecutionResult", {"status": "ok", "stdout": "", "stderr": "", "exit_code": 0}
        )


def test_check_reports_a_hand_edited_generated_file(tmp_path: Path) -> None:
    """A generated file edited by hand, or one no longer generated, makes the check print a diff."""
    copy = tmp_path / "generated"
    shutil.copytree(ROOT / "generated", copy, ignore=shutil.ignore_patterns("__pycache__"))
    from schema_contracts.codegen import render_generated

    files = render_generated()
    assert check_generated(copy, files) == ""
    (copy / "typescript" / "CodeExecutionResult.ts").write_text("export type CodeExecutionResult = unknown;\n")
    (copy / "python" / "leftover.py").write_text("")  # empty, and still stale
    diff = check_generated(copy, files)
    assert "CodeExecutionResult.ts (committed)" in diff
    assert "leftover.py (committed)" in diff
