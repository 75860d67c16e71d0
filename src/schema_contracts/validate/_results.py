"""Validation results as data: frozen, printable by any reporter, never printed here."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

from schema_contracts.schemanav import to_pointer

__all__ = [
    "NON_SCHEMA_KEYWORDS",
    "PayloadResult",
    "RunStats",
    "ValidationIssue",
    "best_match",
    "json_pointer",
    "read_error",
]

# Keywords of issues found before the schema is consulted: the payload is not (acceptable) JSON.
NON_SCHEMA_KEYWORDS = frozenset({"json", "duplicate-key", "read"})

# Keywords that only say "some alternative failed"; an issue with a concrete keyword explains more.
_WEAK_KEYWORDS = frozenset({"anyOf", "oneOf", "not", "if", "then", "else", "allOf", "$ref", "false"})


def json_pointer(path: Sequence[str | int]) -> str:
    """RFC 6901 JSON Pointer for ``path`` (``""`` for the whole document)."""
    return to_pointer(path)


@dataclass(frozen=True, init=False)
class ValidationIssue:
    """One reason a payload is invalid, and where: in the payload, in the schema, in the file."""

    instance_path: tuple[str | int, ...]
    schema_path: tuple[str | int, ...]
    keyword: str
    message: str
    line: int | None = None
    column: int | None = None

    def __init__(
        self,
        instance_path: tuple[str | int, ...],
        schema_path: tuple[str | int, ...],
        keyword: str,
        message: str,
        line: int | None = None,
        column: int | None = None,
    ) -> None:
        # The frozen fields are set once, here, straight into the instance's dict: the generated __init__ sets
        # each through object.__setattr__, which doubles the cost of the error path (one issue per error).
        fields = self.__dict__
        fields["instance_path"] = instance_path
        fields["schema_path"] = schema_path
        fields["keyword"] = keyword
        fields["message"] = message
        fields["line"] = line
        fields["column"] = column

    @property
    def pointer(self) -> str:
        """The JSON Pointer of the offending value."""
        return json_pointer(self.instance_path)

    @property
    def schema_pointer(self) -> str:
        """The JSON Pointer of the failing keyword in the schema."""
        return json_pointer(self.schema_path)

    def as_dict(self) -> dict[str, object]:
        """The issue as JSON-ready data, with pointers as strings."""
        return {
            "instance_path": self.pointer,
            "schema_path": self.schema_pointer,
            "keyword": self.keyword,
            "message": self.message,
            "line": self.line,
            "column": self.column,
        }


@dataclass(frozen=True, init=False)
class PayloadResult:
    """The verdict on one payload: a JSON document, or one record of a JSON Lines input."""

    source: str
    line: int
    errors: tuple[ValidationIssue, ...] = ()

    def __init__(self, source: str, line: int, errors: tuple[ValidationIssue, ...] = ()) -> None:
        fields = self.__dict__  # as ValidationIssue does, for speed: one result per payload
        fields["source"] = source
        fields["line"] = line
        fields["errors"] = errors

    @property
    def valid(self) -> bool:
        """Whether the payload is valid."""
        return not self.errors

    def shifted(self, offset: int) -> PayloadResult:
        """The same result ``offset`` lines further down its source (a piece of a file, checked on its own)."""
        if not offset:
            return self
        errors = tuple(
            issue if issue.line is None else replace(issue, line=issue.line + offset) for issue in self.errors
        )
        return PayloadResult(self.source, self.line + offset, errors)

    def as_dict(self) -> dict[str, object]:
        """The result as JSON-ready data."""
        return {
            "source": self.source,
            "line": self.line,
            "valid": self.valid,
            "errors": [issue.as_dict() for issue in self.errors],
        }


@dataclass
class RunStats:
    """Running counts of a validation run, kept even for the valid payloads that yield no result."""

    payloads: int = 0
    invalid: int = 0

    def add(self, other: RunStats) -> None:
        """Add the counts of ``other`` to these."""
        self.payloads += other.payloads
        self.invalid += other.invalid


def _relevance(issue: ValidationIssue) -> tuple[int, int, int]:
    # Not-JSON first, then the shallowest place, then concrete keywords over "an alternative failed".
    return (
        0 if issue.keyword in NON_SCHEMA_KEYWORDS else 1,
        len(issue.instance_path),
        1 if issue.keyword in _WEAK_KEYWORDS else 0,
    )


def best_match(issues: Iterable[ValidationIssue]) -> ValidationIssue | None:
    """The issue most likely to explain the failure to a person, or None when there are none."""
    return min(issues, key=_relevance, default=None)


def read_error(source: str, reason: str, line: int = 1) -> PayloadResult:
    """The result of an input that could not be read (keyword ``read``), at ``line`` where a read failed midway."""
    return PayloadResult(source, line, (ValidationIssue((), (), "read", f"cannot read: {reason}"),))
