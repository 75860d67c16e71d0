"""The pytest plugin: fixtures that check payloads against a contract with a readable assertion message.

Enabled by the `pytest11` entry point when schema-contracts is installed; `-p no:schema_contracts` turns it off.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import orjson
import pytest

from schema_contracts.schemanav import shown_pointer
from schema_contracts.validate import PayloadResult, PayloadValidator, SchemaCatalog, json_spelling

__all__ = ["ContractChecker", "contract_checker", "describe_failure"]


def describe_failure(contract: str, result: PayloadResult, payload: Any) -> str:
    """A person-readable account of why ``payload`` is not a valid ``contract``: pointer, keyword, expected vs got."""
    lines = [f"payload is not a valid {contract}:"]
    for issue in result.errors:
        got: Any = payload
        for part in issue.instance_path:
            try:
                got = got[part]
            except (KeyError, IndexError, TypeError):
                got = "<missing>"
                break
        shown = json_spelling(got, 80) if got != "<missing>" else got
        lines.append(f"  at {shown_pointer(issue.pointer)} [{issue.keyword}]: {issue.message}")
        lines.append(f"    expected: what {issue.schema_pointer or 'the schema'} allows; got: {shown}")
    return "\n".join(lines)


class ContractChecker:
    """Validates payloads against the contracts of one schema folder, compiling each contract once."""

    def __init__(self, schema_dir: Path | None = None) -> None:
        self.catalog = SchemaCatalog(schema_dir)
        self._validators: dict[str, PayloadValidator] = {}

    def check(self, contract: str, payload: Any) -> PayloadResult:
        """Validate ``payload`` (parsed data, or JSON text/bytes) against ``contract`` (``Name`` or ``Name@N``)."""
        validator = self._validators.get(contract)
        if validator is None:
            validator = self._validators[contract] = PayloadValidator(self.catalog.load(contract))
        raw = payload if isinstance(payload, bytes) else payload.encode() if isinstance(payload, str) else None
        if raw is None:
            raw = orjson.dumps(payload)
        return validator.check_bytes(raw, f"<{contract} payload>")

    def assert_valid(self, contract: str, payload: Any) -> None:
        """Fail the test, explaining every problem, unless ``payload`` is a valid ``contract``."""
        result = self.check(contract, payload)
        if not result.valid:
            parsed = orjson.loads(payload) if isinstance(payload, str | bytes) else payload
            pytest.fail(describe_failure(contract, result, parsed), pytrace=False)

    def assert_invalid(self, contract: str, payload: Any) -> PayloadResult:
        """Fail the test unless ``payload`` is rejected; return the result to assert on its errors."""
        result = self.check(contract, payload)
        if result.valid:
            pytest.fail(f"payload is unexpectedly a valid {contract}: {orjson.dumps(payload).decode()[:200]}")
        return result


@pytest.fixture(scope="session")
def contract_checker() -> ContractChecker:
    """A `ContractChecker` on the installed package's schemas (or `$SCHEMA_CONTRACTS_SCHEMAS`)."""
    return ContractChecker()


@pytest.fixture
def assert_valid_payload(contract_checker: ContractChecker) -> Callable[[str, Any], None]:
    """`assert_valid_payload("CodeExecutionResult", payload)` (or `"CodeExecutionResult@1"` for version 1).

    Fails with pointer, keyword, expected and got.
    """
    return contract_checker.assert_valid
