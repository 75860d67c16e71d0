"""Suggesting a contract name: generic over whatever names the catalog has, versioned ones included."""

from __future__ import annotations

import pytest

from schema_contracts.cli._names import closest_name

NAMES = ["CodeExecutionRequest", "CodeExecutionResult", "CodeExecutionResult@1", "CodeExecutionResult@2"]


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("codeexecutionresult", "CodeExecutionResult"),
        ("CODEEXECUTIONREQUEST", "CodeExecutionRequest"),
        ("CodeExecutionReslt", "CodeExecutionResult"),
        ("codeexecutionresult@2", "CodeExecutionResult@2"),
        ("CodeExecutonResult@1", "CodeExecutionResult@1"),
        ("Unrelated", None),
    ],
)
def test_closest_name(typed: str, expected: str | None) -> None:
    """Case is ignored, small typos are forgiven, a versioned name keeps its version, a far name gets no hint."""
    assert closest_name(typed, NAMES) == expected
