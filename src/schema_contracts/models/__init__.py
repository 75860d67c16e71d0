"""The code-execution contract as pydantic models: the single source of truth."""

from schema_contracts.models.enums import (
    ResourceLimitType,
    ResultStatus,
    RuntimeErrorType,
    SupportLanguage,
    UnauthorizedAccessType,
)
from schema_contracts.models.registry import (
    ALL_VERSIONS,
    CONTRACTS,
    Contract,
    ContractVersion,
    Direction,
    Version,
    find_version,
)
from schema_contracts.models.schemas import (
    ArtifactItem,
    CodeExecutionRequest,
    CodeExecutionResult,
    CodeExecutionResultV1,
    CodeExecutionResultV2,
    CodeExecutionResultV3,
    ContractModel,
    ExecutionStructuredResult,
)

__all__ = [
    "ALL_VERSIONS",
    "CONTRACTS",
    "ArtifactItem",
    "CodeExecutionRequest",
    "CodeExecutionResult",
    "CodeExecutionResultV1",
    "CodeExecutionResultV2",
    "CodeExecutionResultV3",
    "Contract",
    "ContractModel",
    "ContractVersion",
    "Direction",
    "ExecutionStructuredResult",
    "ResourceLimitType",
    "ResultStatus",
    "RuntimeErrorType",
    "SupportLanguage",
    "UnauthorizedAccessType",
    "Version",
    "find_version",
]
