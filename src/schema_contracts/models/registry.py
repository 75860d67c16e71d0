"""The one registry of contracts and their versions: every version listed here is exported, listed and tested.

Adding a version is one line in its contract's ``history`` (then `make schemas`); adding a contract is one
``Contract`` entry.
"""

from __future__ import annotations

from dataclasses import dataclass

from schema_contracts.locations import qualified_name, split_qualified_name
from schema_contracts.models.schemas import (
    CodeExecutionRequest,
    CodeExecutionResultV1,
    CodeExecutionResultV2,
    CodeExecutionResultV3,
    ContractModel,
)
from schema_contracts.vocabulary import Direction

__all__ = ["ALL_VERSIONS", "CONTRACTS", "Contract", "ContractVersion", "Direction", "Version", "find_version"]


@dataclass(frozen=True)
class Version:
    """One version of a contract: its number, its model, when it was released and what it changed."""

    number: int
    model: type[ContractModel]
    released: str  # ISO 8601 date, or year and month where the day is not known
    change: str


@dataclass(frozen=True)
class Contract:
    """A contract: its name, the direction its payloads travel, and its versions, oldest first."""

    name: str
    direction: Direction
    history: tuple[Version, ...]

    def __post_init__(self) -> None:
        numbers = [version.number for version in self.history]
        if numbers != list(range(1, len(numbers) + 1)):
            raise ValueError(f"{self.name}: versions must be numbered 1, 2, 3, ... in order; got {numbers}")

    @property
    def versions(self) -> tuple[ContractVersion, ...]:
        """Every version, oldest first."""
        return tuple(ContractVersion(self, version) for version in self.history)

    @property
    def latest(self) -> ContractVersion:
        """The latest version, which the bare name means."""
        return ContractVersion(self, self.history[-1])

    @property
    def model(self) -> type[ContractModel]:
        """The model of the latest version."""
        return self.history[-1].model


@dataclass(frozen=True)
class ContractVersion:
    """One version of one contract, with everything a caller needs about it."""

    contract: Contract
    release: Version

    @property
    def name(self) -> str:
        """The contract's bare name (the schema's ``title``), the same for every version."""
        return self.contract.name

    @property
    def number(self) -> int:
        """The version number, from 1."""
        return self.release.number

    @property
    def qualified_name(self) -> str:
        """``Name@N``, the name of exactly this version."""
        return qualified_name(self.contract.name, self.release.number)

    @property
    def direction(self) -> Direction:
        """Who writes and who reads the contract's payloads."""
        return self.contract.direction

    @property
    def model(self) -> type[ContractModel]:
        """The pydantic model of this version."""
        return self.release.model

    @property
    def latest(self) -> bool:
        """Whether this is the contract's latest version."""
        return self.release is self.contract.history[-1]


CONTRACTS: tuple[Contract, ...] = (
    Contract(
        "CodeExecutionRequest",
        Direction.REQUEST,
        (Version(1, CodeExecutionRequest, "2025-05", "the seed: code_b64, language, arguments"),),
    ),
    Contract(
        "CodeExecutionResult",
        Direction.RESULT,
        (
            Version(1, CodeExecutionResultV1, "2025-05", "the seed: status, output, exit code, measurements"),
            Version(2, CodeExecutionResultV2, "2026-03-20", "adds artifacts: the files the code produced"),
            Version(3, CodeExecutionResultV3, "2026-04-07", "adds result: the value main() returned"),
        ),
    ),
)

ALL_VERSIONS: tuple[ContractVersion, ...] = tuple(version for contract in CONTRACTS for version in contract.versions)
"""Every version of every contract, contract by contract, oldest first."""


def find_version(name: str) -> ContractVersion:
    """The version ``Name@N`` names, or the latest for a bare ``Name``; LookupError for an unknown one."""
    try:
        bare, number = split_qualified_name(name)
    except ValueError as error:
        raise LookupError(str(error)) from error
    for contract in CONTRACTS:
        if contract.name == bare:
            if number is None:
                return contract.latest
            if 1 <= number <= len(contract.history):
                return contract.versions[number - 1]
            raise LookupError(f"{bare} has no version {number}; its versions are 1 to {len(contract.history)}")
    known = ", ".join(version.qualified_name for version in ALL_VERSIONS)
    raise LookupError(f"unknown contract {name!r}; known: {known} (a bare name means the latest version)")
