"""The code-execution contract: what clients send (`CodeExecutionRequest`) and what the service returns."""

from __future__ import annotations

from typing import ClassVar

from pydantic import BaseModel, ConfigDict, Field, JsonValue, model_validator
from pydantic_core import PydanticCustomError

from schema_contracts.models.enums import (
    ResourceLimitType,
    ResultStatus,
    RuntimeErrorType,
    SupportLanguage,
    UnauthorizedAccessType,
)
from schema_contracts.models.rules import RESULT_RULES, CompanionFieldRule
from schema_contracts.models.types import Base64Str, FiniteNonNegativeFloat, JsonObject, SafeInt

__all__ = ["CodeExecutionRequest", "CodeExecutionResult", "ContractModel"]

# Real payloads of the service (shared/reference), shown as the schemas' `examples`.
_REQUEST_EXAMPLES: list[JsonValue] = [
    {
        "code_b64": (
            "ZGVmIG1haW4oYXJnMTogc3RyLCBhcmcyOiBzdHIpIC0+IGRpY3Q6CiAgICByZXR1cm4geyJyZXN1bHQiOiBhcmcxICsgYXJnMn0K"
        ),
        "language": "python",
        "arguments": {"arg1": "foo", "arg2": "bar"},
    }
]
_RESULT_EXAMPLES: list[JsonValue] = [
    {
        "status": "success",
        "stdout": "{'result': 'foobar'}\n",
        "stderr": "",
        "exit_code": 0,
        "detail": None,
        "time_used_ms": 232.18,
        "memory_used_kb": None,
        "resource_limit_type": None,
        "unauthorized_access_type": None,
        "runtime_error_type": None,
    },
    {
        "status": "resource_limit_exceeded",
        "stdout": "",
        "stderr": "Execution timeout",
        "exit_code": -124,
        "detail": None,
        "time_used_ms": 10004.59,
        "memory_used_kb": None,
        "resource_limit_type": "time",
        "unauthorized_access_type": None,
        "runtime_error_type": None,
    },
    {
        "status": "program_runner_error",
        "stdout": "",
        "stderr": "Line 1: Import: os",
        "exit_code": -999,
        "detail": "Code is unsafe",
        "time_used_ms": None,
        "memory_used_kb": None,
        "resource_limit_type": None,
        "unauthorized_access_type": None,
        "runtime_error_type": None,
    },
]


class ContractModel(BaseModel):
    """Base of the contract models: open (unknown fields are ignored), documented by attribute docstrings."""

    model_config = ConfigDict(extra="ignore", use_attribute_docstrings=True)

    # Cross-field rules that the model enforces and the export writes as `if`/`then`.
    contract_rules: ClassVar[tuple[CompanionFieldRule, ...]] = ()


class CodeExecutionRequest(ContractModel):
    """Code to run in the sandbox, written by clients and read by the service."""

    model_config = ConfigDict(json_schema_extra={"examples": _REQUEST_EXAMPLES})

    code_b64: Base64Str
    """The source code, UTF-8 encoded, then base64 encoded (standard alphabet, padded, no whitespace)."""

    language: SupportLanguage = SupportLanguage.PYTHON
    """The language of the code."""

    arguments: JsonObject | None = Field(default={})  # pydantic copies the default per instance
    """Keyword arguments for the code's `main`: any JSON values; null is accepted and means none."""


class CodeExecutionResult(ContractModel):
    """The outcome of one execution, written by the service and read by clients."""

    model_config = ConfigDict(json_schema_extra={"examples": _RESULT_EXAMPLES})
    contract_rules = RESULT_RULES

    status: ResultStatus
    """How the execution ended."""

    stdout: str
    """Everything the program wrote to standard output."""

    stderr: str
    """Everything the program wrote to standard error, or the service's reason when it did not run."""

    exit_code: SafeInt
    """The process exit code; negative codes are the service's own verdicts (-124 timeout, -137 killed, -999 unsafe)."""

    detail: str | None = None
    """A human-readable explanation added by the service, if any."""

    time_used_ms: FiniteNonNegativeFloat | None = None
    """Wall-clock time of the execution in milliseconds, if measured."""

    memory_used_kb: FiniteNonNegativeFloat | None = None
    """Peak memory of the execution in kilobytes, if measured."""

    resource_limit_type: ResourceLimitType | None = None
    """Which limit was exceeded; set if and only if status is `resource_limit_exceeded`."""

    unauthorized_access_type: UnauthorizedAccessType | None = None
    """What forbidden access was attempted; set if and only if status is `unauthorized_access`."""

    runtime_error_type: RuntimeErrorType | None = None
    """How the program failed; set only when status is `program_error` or `runtime_error`."""

    @model_validator(mode="after")
    def _check_companion_fields(self) -> CodeExecutionResult:
        for rule in self.contract_rules:
            problem = rule.violation(self.status, getattr(self, rule.field))
            if problem is not None:
                raise PydanticCustomError(
                    "contract_rule",
                    "rule {rule}: {problem} ({statement})",
                    {"rule": rule.name, "problem": problem, "statement": rule.statement},
                )
        return self
