"""Shared test helpers: the committed schema files, payload fixtures, and the reference validator."""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import jsonschema
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from schema_contracts.models import ALL_VERSIONS, ContractModel, find_version
from schema_contracts.validate import PayloadValidator, SchemaCatalog

ROOT = Path(__file__).resolve().parents[1]
SCHEMA_DIR = ROOT / "schemas"
FIXTURES = Path(__file__).resolve().parent / "fixtures"
PAYLOADS = FIXTURES / "payloads"

# Every version of every contract, by qualified name (`CodeExecutionResult@2`), from the registry.
MODELS: dict[str, type[ContractModel]] = {version.qualified_name: version.model for version in ALL_VERSIONS}
VERSIONS = list(MODELS)


def model_of(contract: str) -> type[ContractModel]:
    """The model that ``Name`` (the latest version) or ``Name@N`` names."""
    return find_version(contract).model


@dataclass(frozen=True)
class PayloadFixture:
    """A payload file under fixtures/payloads/<Name@N>/<valid|invalid>/; ``contract`` is the qualified name."""

    contract: str
    valid: bool
    path: Path

    @property
    def id(self) -> str:
        return f"{self.contract}/{'valid' if self.valid else 'invalid'}/{self.path.stem}"

    def text(self) -> str:
        return self.path.read_text(encoding="utf-8")


def payload_fixtures() -> list[PayloadFixture]:
    """Every payload fixture, found by walking the folders (adding a file adds a test case)."""
    return [
        PayloadFixture(path.parents[1].name, path.parent.name == "valid", path)
        for path in sorted(PAYLOADS.glob("*/*/*.json"))
    ]


@cache
def compiled_contract(contract: str) -> PayloadValidator:
    """Our validator for a committed contract schema, compiled once per test session."""
    return PayloadValidator(SchemaCatalog(SCHEMA_DIR).load(contract))


def committed_schema(contract: str) -> dict[str, Any]:
    """The committed schema file of ``contract`` (``Name`` or ``Name@N``), parsed."""
    path = SCHEMA_DIR / SchemaCatalog(SCHEMA_DIR).entry(contract).file
    result: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return result


def count_example(name: str) -> None:
    """Count one example of property ``name`` for the summary that `make fuzz` prints."""
    from conftest import EXAMPLES

    EXAMPLES[name] += 1


def _not_json(literal: str) -> float:
    raise ValueError(f"{literal} is not JSON")


def _finite(text: str) -> float:
    number = float(text)
    if math.isinf(number):
        raise ValueError(f"{text} overflows a double: not a JSON number any parser agrees on")
    return number


def strict_json_loads(text: str | bytes) -> Any:
    """`json.loads` minus its extensions (NaN, Infinity, 1e400 as inf): what every JSON parser accepts."""
    return json.loads(text, parse_constant=_not_json, parse_float=_finite)


@cache
def reference_validator(contract: str) -> jsonschema.protocols.Validator:
    """python-jsonschema, the reference implementation, for a committed contract schema."""
    schema = committed_schema(contract)
    validator_class = jsonschema.validators.validator_for(schema)
    validator_class.check_schema(schema)
    validator: jsonschema.protocols.Validator = validator_class(schema)
    return validator


_SAMPLE = settings(
    database=None, derandomize=True, max_examples=150, phases=[Phase.generate], suppress_health_check=list(HealthCheck)
)


def sample(strategy: st.SearchStrategy[Any]) -> list[Any]:
    """A fixed, repeatable sample of a strategy (derandomised generation, no shrinking), for cross-language runs."""
    drawn: list[Any] = []

    @_SAMPLE
    @given(strategy)
    def collect(value: Any) -> None:
        drawn.append(value)

    collect()
    return drawn
