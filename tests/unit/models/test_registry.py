"""The registry lists every version of every contract; versions share their models by inheritance."""

from __future__ import annotations

import pytest

from schema_contracts.models import (
    ALL_VERSIONS,
    CONTRACTS,
    CodeExecutionRequest,
    CodeExecutionResult,
    CodeExecutionResultV1,
    CodeExecutionResultV2,
    CodeExecutionResultV3,
    Contract,
    Direction,
    Version,
    find_version,
)


def test_history_of_the_real_service() -> None:
    """The request has one version; the result has three, released when RAGFlow changed its models."""
    assert [(v.qualified_name, v.release.released, v.latest) for v in ALL_VERSIONS] == [
        ("CodeExecutionRequest@1", "2025-05", True),
        ("CodeExecutionResult@1", "2025-05", False),
        ("CodeExecutionResult@2", "2026-03-20", False),
        ("CodeExecutionResult@3", "2026-04-07", True),
    ]
    assert [contract.direction for contract in CONTRACTS] == [Direction.REQUEST, Direction.RESULT]


def test_latest_is_what_the_bare_names_mean() -> None:
    """`CodeExecutionResult` in Python and in the registry is the latest version, 3."""
    assert CodeExecutionResult is CodeExecutionResultV3
    assert find_version("CodeExecutionResult").model is CodeExecutionResultV3
    assert find_version("CodeExecutionResult@1").model is CodeExecutionResultV1
    assert find_version("CodeExecutionRequest").model is CodeExecutionRequest


@pytest.mark.parametrize("name", ["CodeExecutionResult@4", "CodeExecutionResult@0", "Nope", "CodeExecutionResult@"])
def test_unknown_versions_are_lookup_errors(name: str) -> None:
    """A name the registry does not hold raises LookupError naming what exists."""
    with pytest.raises(LookupError):
        find_version(name)


def test_each_version_extends_the_previous_one() -> None:
    """Version 2 is version 1 plus `artifacts`, version 3 is version 2 plus `result`: by inheritance, not copies."""
    assert issubclass(CodeExecutionResultV3, CodeExecutionResultV2)
    assert issubclass(CodeExecutionResultV2, CodeExecutionResultV1)
    v1, v2, v3 = (
        set(model.model_fields) for model in (CodeExecutionResultV1, CodeExecutionResultV2, CodeExecutionResultV3)
    )
    assert v2 - v1 == {"artifacts"}
    assert v3 - v2 == {"result"}
    assert {model.model_json_schema()["title"] for model in (CodeExecutionResultV1, CodeExecutionResultV2)} == {
        "CodeExecutionResult"
    }


def test_versions_are_numbered_in_order() -> None:
    """A history that skips or repeats a number is refused when the registry is built."""
    with pytest.raises(ValueError, match="numbered 1, 2, 3"):
        Contract(
            "X",
            Direction.RESULT,
            (Version(1, CodeExecutionResultV1, "2025", ""), Version(3, CodeExecutionResultV3, "2026", "")),
        )


def test_new_fields_default_as_the_service_does() -> None:
    """A version 3 result without the new fields has no artifacts and no structured result, and dumps them."""
    result = CodeExecutionResult.model_validate({"status": "success", "stdout": "", "stderr": "", "exit_code": 0})
    assert result.artifacts == []
    assert result.result is None
    assert result.model_dump(mode="json")["artifacts"] == []
