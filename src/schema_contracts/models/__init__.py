"""The code-execution contract as pydantic models: the single source of truth."""

from schema_contracts.models.enums import (
    ResourceLimitType,
    ResultStatus,
    RuntimeErrorType,
    SupportLanguage,
    UnauthorizedAccessType,
)
from schema_contracts.models.registry import CONTRACTS, Contract, Direction
from schema_contracts.models.schemas import CodeExecutionRequest, CodeExecutionResult, ContractModel

__all__ = [
    "CONTRACTS",
    "CodeExecutionRequest",
    "CodeExecutionResult",
    "Contract",
    "ContractModel",
    "Direction",
    "ResourceLimitType",
    "ResultStatus",
    "RuntimeErrorType",
    "SupportLanguage",
    "UnauthorizedAccessType",
]
