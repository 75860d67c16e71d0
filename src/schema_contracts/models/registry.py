"""The one registry of contracts: every model listed here is exported, listed and tested."""

from __future__ import annotations

from dataclasses import dataclass

from schema_contracts.models.schemas import CodeExecutionRequest, CodeExecutionResult, ContractModel
from schema_contracts.vocabulary import Direction

__all__ = ["CONTRACTS", "Contract", "Direction"]


@dataclass(frozen=True)
class Contract:
    """A contract model and the direction its payloads travel."""

    model: type[ContractModel]
    direction: Direction

    @property
    def name(self) -> str:
        """The contract's name, which is also its schema file's stem."""
        return self.model.__name__


CONTRACTS: tuple[Contract, ...] = (
    Contract(CodeExecutionRequest, Direction.REQUEST),
    Contract(CodeExecutionResult, Direction.RESULT),
)
