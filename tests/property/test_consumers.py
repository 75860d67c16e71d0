"""A client written against the latest contract survives every payload the latest contract allows."""

from __future__ import annotations

import base64
import json
from typing import Any

import pytest
from helpers import count_example
from hypothesis import given
from hypothesis import strategies as st

from schema_contracts.models import ALL_VERSIONS, CONTRACTS, ContractModel, find_version
from schema_contracts.testing import results, unknown_fields, valid_payloads


def read_like_ragflow(result: dict[str, Any]) -> dict[str, Any]:
    """What RAGFlow's self-managed sandbox provider does with a result, plus decoding each artifact's bytes."""
    structured = result.get("result") or {}
    return {
        "stdout": result.get("stdout", ""),
        "stderr": result.get("stderr", ""),
        "exit_code": result.get("exit_code", 0),
        "status": result.get("status"),
        "time_used_ms": result.get("time_used_ms"),
        "memory_used_kb": result.get("memory_used_kb"),
        "detail": result.get("detail"),
        "artifacts": [
            (artifact.get("name"), artifact.get("mime_type"), base64.b64decode(artifact["content_b64"], validate=True))
            for artifact in result.get("artifacts", [])
        ],
        "result_present": structured.get("present", False),
        "result_value": structured.get("value"),
        "result_type": structured.get("type"),
    }


@given(results())
def test_the_real_clients_reading_survives_every_latest_result(payload: dict[str, Any]) -> None:
    """Every payload of the latest result contract is read without an error by a client like RAGFlow's."""
    count_example("consumer: latest results")
    read = read_like_ragflow(json.loads(json.dumps(payload)))
    assert isinstance(read["result_present"], bool)
    assert all(isinstance(data, bytes) for _, _, data in read["artifacts"])


def test_version_1_allowed_what_crashes_that_client() -> None:
    """Why version 3 exists: version 1 calls `"result": 3.5` valid, and that payload crashes the client."""
    payload = {"status": "success", "stdout": "", "stderr": "", "exit_code": 0, "result": 3.5}
    find_version("CodeExecutionResult@1").model.model_validate(payload)
    with pytest.raises(AttributeError):
        read_like_ragflow(payload)
    with pytest.raises(ValueError, match="result"):
        find_version("CodeExecutionResult").model.model_validate(payload)


def field_names(model: type[ContractModel]) -> set[str]:
    """Every field name of ``model`` and of the models nested in it."""
    names = set(model.model_fields)
    for info in model.model_fields.values():
        for candidate in (info.annotation, *getattr(info.annotation, "__args__", ())):
            for inner in (candidate, *getattr(candidate, "__args__", ())):
                if isinstance(inner, type) and issubclass(inner, ContractModel):
                    names |= field_names(inner)
    return names


LATEST_NAMES = {version.qualified_name: field_names(version.contract.model) for version in ALL_VERSIONS}


@pytest.mark.parametrize("contract", list(LATEST_NAMES))
@given(data=st.data())
def test_unknown_fields_never_reuse_a_name_of_the_latest_contract(contract: str, data: st.DataObject) -> None:
    """The unknown-field generator, and the extra fields of every version's payloads, avoid the latest's names."""
    count_example(f"unknown fields {contract}")
    assert not set(data.draw(unknown_fields(contract))) & LATEST_NAMES[contract]
    payload = data.draw(valid_payloads(contract))
    extra = set(payload) - set(find_version(contract).model.model_fields)
    assert not extra & LATEST_NAMES[contract], f"{contract} payload carries a field of the latest: {extra}"


def test_latest_names_include_the_nested_fields() -> None:
    """The reserved names are not vacuous: they hold the new fields and the fields nested in them."""
    names = LATEST_NAMES["CodeExecutionResult@1"]
    assert {"artifacts", "result", "content_b64", "present"} <= names
    assert len(CONTRACTS) == len({frozenset(n) for n in LATEST_NAMES.values()})
