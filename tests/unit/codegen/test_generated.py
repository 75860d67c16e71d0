"""The committed generated code mirrors the models and never accepts more than the contract."""

from __future__ import annotations

import importlib
import json
import shutil
import sys
import typing
from enum import Enum
from pathlib import Path

import pytest
from helpers import MODELS, PAYLOADS, ROOT, SCHEMA_DIR
from pydantic import BaseModel, ValidationError

from schema_contracts.codegen import check_generated, probe_cases
from schema_contracts.codegen._python import module_name
from schema_contracts.models import ContractModel
from schema_contracts.models import enums as our_enums
from schema_contracts.validate import SchemaCatalog

sys.path.insert(0, str(ROOT / "generated" / "python"))
import code_execution
import code_execution_typeddict
import schema_hook

ENTRIES = SchemaCatalog(SCHEMA_DIR).entries
# Each contract version's generated pydantic and TypedDict modules, by `Name@N`.
MODULES = {e.qualified_name: importlib.import_module(module_name(e)) for e in ENTRIES}
TYPEDDICTS = {e.qualified_name: importlib.import_module(module_name(e, "typeddict")) for e in ENTRIES}

OUR_ENUMS = [value for value in vars(our_enums).values() if isinstance(value, type) and issubclass(value, Enum)]


@pytest.mark.parametrize("enum_type", [e for e in OUR_ENUMS if e.__module__ == our_enums.__name__], ids=str)
def test_generated_enum_has_our_members(enum_type: type[Enum]) -> None:
    """Each generated enum has the same member names and values as the model's."""
    generated = getattr(code_execution, enum_type.__name__)
    assert [(m.name, m.value) for m in generated] == [(m.name, m.value) for m in enum_type]


def models_of(model: type[ContractModel]) -> dict[str, type[BaseModel]]:
    """``model`` and the models nested in it (artifacts, structured results), by class name."""
    found: dict[str, type[BaseModel]] = {model.__name__: model}
    for info in model.model_fields.values():
        for candidate in (info.annotation, *typing.get_args(info.annotation)):
            for inner in (candidate, *typing.get_args(candidate)):
                if isinstance(inner, type) and issubclass(inner, ContractModel):
                    found.update(models_of(inner))
    return found


@pytest.mark.parametrize("contract", list(MODELS))
def test_generated_models_have_our_fields(contract: str) -> None:
    """Each version's generated models and TypedDicts, nested ones too, have the model's fields and required-ness."""
    title = contract.partition("@")[0]
    for name, model in models_of(MODELS[contract]).items():
        ours = {field: info.is_required() for field, info in model.model_fields.items()}
        generated_name = title if model is MODELS[contract] else name
        generated = getattr(MODULES[contract], generated_name)
        assert {field: info.is_required() for field, info in generated.model_fields.items()} == ours
        # Evaluated hints: under `from __future__ import annotations` Python 3.11's TypedDict cannot see NotRequired.
        hints = typing.get_type_hints(getattr(TYPEDDICTS[contract], generated_name), include_extras=True)
        assert {field: typing.get_origin(hint) is not typing.NotRequired for field, hint in hints.items()} == ours


def test_unversioned_modules_are_the_latest_versions() -> None:
    """`code_execution` and `code_execution_typeddict` re-export the latest version of every contract."""
    assert code_execution.CodeExecutionResult is MODULES["CodeExecutionResult@3"].CodeExecutionResult
    assert code_execution.CodeExecutionRequest is MODULES["CodeExecutionRequest@1"].CodeExecutionRequest
    assert code_execution_typeddict.ArtifactItem is TYPEDDICTS["CodeExecutionResult@3"].ArtifactItem


PROBE_CASES = probe_cases(ENTRIES)


@pytest.mark.parametrize(("label", "contract", "payload"), PROBE_CASES, ids=[f"{p[1]} {p[0]}" for p in PROBE_CASES])
def test_generated_code_rejects_every_probe(label: str, contract: str, payload: dict[str, typing.Any]) -> None:
    """Where generated types cannot say a rule, each version's generated hook still rejects the payload."""
    with pytest.raises(ValidationError):
        getattr(MODULES[contract], contract.partition("@")[0]).model_validate_json(json.dumps(payload))
    with pytest.raises(ValueError, match=f"^{contract}"):
        schema_hook.validate_payload(contract, payload)


def test_each_generated_version_checks_its_own_schema() -> None:
    """Version 1's generated model accepts `result: 3.5` (it says nothing about it); the latest rejects it."""
    text = '{"status": "success", "stdout": "", "stderr": "", "exit_code": 0, "result": 3.5}'
    MODULES["CodeExecutionResult@1"].CodeExecutionResult.model_validate_json(text)
    with pytest.raises(ValidationError, match="CodeExecutionResult@3 at /result"):
        code_execution.CodeExecutionResult.model_validate_json(text)
    schema_hook.validate_payload("CodeExecutionResult@1", json.loads(text))


@pytest.mark.parametrize(
    ("contract", "fixture"),
    [("CodeExecutionResult@1", "real-timeout.json"), ("CodeExecutionResult@3", "reference-success.json")],
)
def test_generated_model_round_trips_a_real_payload(contract: str, fixture: str) -> None:
    """A real result parses into its version's generated model and dumps back to the same JSON values."""
    text = (PAYLOADS / contract / "valid" / fixture).read_text()
    result = MODULES[contract].CodeExecutionResult.model_validate_json(text)
    assert result.status is MODULES[contract].ResultStatus(json.loads(text)["status"])
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
    (copy / "typescript" / "CodeExecutionResultV2.ts").write_text("export type CodeExecutionResult = unknown;\n")
    (copy / "python" / "leftover.py").write_text("")  # empty, and still stale
    diff = check_generated(copy, files)
    assert "CodeExecutionResultV2.ts (committed)" in diff
    assert "leftover.py (committed)" in diff


def test_generated_hook_is_its_template_plus_the_contract_data() -> None:
    """The hook is a real file in the package (ruff and mypy check it); generation only fills in its data line."""
    from schema_contracts.codegen._python import read_template

    template = read_template("schema_hook.py").splitlines()
    generated = (ROOT / "generated" / "python" / "schema_hook.py").read_text().splitlines()
    differing = [(old, new) for old, new in zip(template, generated, strict=True) if old != new]
    assert [(old, new[:13]) for old, new in differing] == [('_CONTRACTS = "{}"', "_CONTRACTS = ")]
    assert set(schema_hook.SCHEMAS) == set(MODELS)
    assert schema_hook.LATEST == {
        "CodeExecutionRequest": "CodeExecutionRequest@1",
        "CodeExecutionResult": "CodeExecutionResult@3",
    }
