"""The code-execution contract: what clients send (`CodeExecutionRequest`) and what the service returns.

The result has three versions, each the previous one plus fields (shared by inheritance):
`CodeExecutionResultV1` (the seed, May 2025), `CodeExecutionResultV2` (+ `artifacts`, 2026-03-20) and
`CodeExecutionResultV3` (+ `result`, 2026-04-07). `CodeExecutionResult` is the latest. The registry
(`registry.py`) says which model is which version of which contract.
"""

from __future__ import annotations

from typing import ClassVar, Self

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
from schema_contracts.models.types import (
    Base64Str,
    FiniteJsonValue,
    FiniteNonNegativeFloat,
    JsonObject,
    NonNegativeSafeInt,
    SafeInt,
    StrictBool,
)

__all__ = [
    "ArtifactItem",
    "CodeExecutionRequest",
    "CodeExecutionResult",
    "CodeExecutionResultV1",
    "CodeExecutionResultV2",
    "CodeExecutionResultV3",
    "ContractModel",
    "ExecutionStructuredResult",
]

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

# A result built from the service's code paths (shared/reference): the artifact is a 1x1 PNG.
_PNG_ARTIFACT: dict[str, JsonValue] = {
    "name": "chart.png",
    "mime_type": "image/png",
    "size": 68,
    "content_b64": ("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAAC0lEQVR42mNgAAIAAAUAAen63NgAAAAASUVORK5CYII="),
}
_SUCCESS_WITH_ARTIFACT: dict[str, JsonValue] = {
    "status": "success",
    "stdout": "done\n",
    "stderr": "",
    "exit_code": 0,
    "detail": None,
    "time_used_ms": 812.4,
    "memory_used_kb": None,
    "resource_limit_type": None,
    "unauthorized_access_type": None,
    "runtime_error_type": None,
    "artifacts": [_PNG_ARTIFACT],
}
_RESULT_V2_EXAMPLES: list[JsonValue] = [_SUCCESS_WITH_ARTIFACT, *_RESULT_EXAMPLES]
_RESULT_V3_EXAMPLES: list[JsonValue] = [
    {**_SUCCESS_WITH_ARTIFACT, "result": {"present": True, "value": {"total": 42}, "type": "json"}},
    *_RESULT_EXAMPLES,
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


class CodeExecutionResultV1(ContractModel):
    """The outcome of one execution, written by the service and read by clients."""

    model_config = ConfigDict(title="CodeExecutionResult", json_schema_extra={"examples": _RESULT_EXAMPLES})
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
    def _check_companion_fields(self) -> Self:
        for rule in self.contract_rules:
            problem = rule.violation(self.status, getattr(self, rule.field))
            if problem is not None:
                raise PydanticCustomError(
                    "contract_rule",
                    "rule {rule}: {problem} ({statement})",
                    {"rule": rule.name, "problem": problem, "statement": rule.statement},
                )
        return self


class ArtifactItem(ContractModel):
    """A file the code produced (an image, a PDF, a CSV, ...), sent inline."""

    name: str
    """The file's name, as the code wrote it; clients that write it to disk must sanitise it themselves."""

    mime_type: str
    """The file's media type, for example `image/png`."""

    size: NonNegativeSafeInt
    """The file's size in bytes."""

    content_b64: Base64Str
    """The file's bytes, base64 encoded (standard alphabet, padded, no whitespace)."""


class CodeExecutionResultV2(CodeExecutionResultV1):
    """The outcome of one execution, written by the service and read by clients; with the files it produced."""

    model_config = ConfigDict(title="CodeExecutionResult", json_schema_extra={"examples": _RESULT_V2_EXAMPLES})

    artifacts: list[ArtifactItem] = Field(default=[])  # pydantic copies the default per instance
    """Files the code produced, possibly none; never null."""


class ExecutionStructuredResult(ContractModel):
    """The value the code's `main()` returned, as JSON."""

    present: StrictBool
    """Whether `main()` returned a value."""

    value: FiniteJsonValue = None
    """The returned value: any JSON (finite numbers only); null when nothing was returned."""

    type: str = "json"
    """How `value` is encoded; `json` is the only encoding the service uses."""


class CodeExecutionResultV3(CodeExecutionResultV2):
    """The outcome of one execution, written by the service and read by clients; with files and `main()`'s value."""

    model_config = ConfigDict(title="CodeExecutionResult", json_schema_extra={"examples": _RESULT_V3_EXAMPLES})

    result: ExecutionStructuredResult | None = None
    """The structured value `main()` returned, or null."""


CodeExecutionResult = CodeExecutionResultV3
"""The latest version of the result contract."""
