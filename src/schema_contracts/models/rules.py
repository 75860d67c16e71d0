"""Cross-field rules of the contract, as data: the model enforces them, the export writes them as ``if``/``then``."""

from __future__ import annotations

from dataclasses import dataclass

from schema_contracts.models.enums import ResultStatus

__all__ = ["RESULT_RULES", "CompanionFieldRule"]


@dataclass(frozen=True)
class CompanionFieldRule:
    """A field that may be set (not null) only when ``status`` is one of ``statuses``.

    With ``required_with_status`` it must also be set whenever ``status`` is one of them: "if and only if".
    """

    name: str
    field: str
    statuses: tuple[ResultStatus, ...]
    required_with_status: bool

    @property
    def statement(self) -> str:
        """The rule in one sentence, used in error messages and in the schema."""
        allowed = " or ".join(repr(status.value) for status in self.statuses)
        if self.required_with_status:
            return f"{self.field} is set if and only if status is {allowed}"
        return f"{self.field} is set only when status is {allowed}"

    def violation(self, status: ResultStatus, value: object) -> str | None:
        """Describe how a result with this status and field value breaks the rule, or return None."""
        if value is not None and status not in self.statuses:
            return f"{self.field} must be null when status is {status.value!r}"
        if value is None and self.required_with_status and status in self.statuses:
            return f"{self.field} is required when status is {status.value!r}"
        return None


RESULT_RULES: tuple[CompanionFieldRule, ...] = (
    CompanionFieldRule(
        "resource-limit-type",
        "resource_limit_type",
        (ResultStatus.RESOURCE_LIMIT_EXCEEDED,),
        required_with_status=True,
    ),
    CompanionFieldRule(
        "unauthorized-access-type",
        "unauthorized_access_type",
        (ResultStatus.UNAUTHORIZED_ACCESS,),
        required_with_status=True,
    ),
    CompanionFieldRule(
        "runtime-error-type",
        "runtime_error_type",
        (ResultStatus.PROGRAM_ERROR, ResultStatus.RUNTIME_ERROR),
        required_with_status=False,
    ),
)
