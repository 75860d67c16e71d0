"""The strategies name contracts as everything else does, and are driven by the registry, not by hand."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis.errors import InvalidArgument

from schema_contracts.models import find_version
from schema_contracts.testing import (
    near_miss_payloads,
    near_miss_results,
    requests,
    results,
    unknown_fields,
    valid_payloads,
)

FEW = settings(max_examples=30, derandomize=True, database=None, suppress_health_check=list(HealthCheck))


@pytest.mark.parametrize(
    "call",
    [
        lambda: valid_payloads("CodeExecutionResults"),
        lambda: valid_payloads("CodeExecutionResult@4"),
        lambda: near_miss_payloads("CodeExecutionResult@x"),
        lambda: results(version=9),
        lambda: requests(version=2),
        lambda: unknown_fields("Nope"),
    ],
)
def test_an_unknown_contract_or_version_is_invalid_argument(call: Any) -> None:
    """Asking for a contract or version the registry does not hold raises hypothesis's InvalidArgument."""
    with pytest.raises(InvalidArgument):
        call()


def test_version_1_payloads_never_have_the_later_fields() -> None:
    """`results(version=1)` draws version 1 payloads: no `artifacts`, no `result`, all valid under version 1."""

    @FEW
    @given(results(version=1))
    def check(payload: dict[str, Any]) -> None:
        assert "artifacts" not in payload
        assert "result" not in payload
        find_version("CodeExecutionResult@1").model.model_validate(payload)

    check()


def test_latest_payloads_reach_the_new_fields() -> None:
    """The latest results carry artifacts and structured results, and `valid_payloads("Name@3")` is the same."""
    seen: set[str] = set()

    @settings(max_examples=200, derandomize=True, database=None)
    @given(results(), valid_payloads("CodeExecutionResult@3"))
    def check(latest: dict[str, Any], third: dict[str, Any]) -> None:
        for payload in (latest, third):
            if payload.get("artifacts"):
                seen.add("artifacts")
            if isinstance(payload.get("result"), dict):
                seen.add("result")

    check()
    assert seen == {"artifacts", "result"}


def test_near_misses_break_the_new_fields_too() -> None:
    """Near misses of the latest result include broken artifacts and a `result` that is not an object."""
    mutations: set[str] = set()

    @settings(max_examples=400, derandomize=True, database=None, suppress_health_check=list(HealthCheck))
    @given(near_miss_results())
    def check(near_miss: Any) -> None:
        mutations.add(near_miss.mutation.split(":")[0].split("/")[0])

    check()
    assert {"artifacts", "result", "break-rule", "neighbour-enum"} <= mutations
    assert {"wrong-type result", "wrong-type artifacts"} & mutations
