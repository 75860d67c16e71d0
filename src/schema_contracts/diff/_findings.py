"""What a diff reports: findings with checked examples, and the record of every comparison made."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from schema_contracts.vocabulary import Direction, Effect, Level, Side

__all__ = ["Comparison", "Example", "Finding", "shown", "trimmed"]

SHORT = 160  # an example this long or shorter is shown whole


@dataclass(frozen=True)
class Example:
    """A payload that one version accepts and the other refuses, checked with the validator against both."""

    payload: Any
    accepted_by: Side
    at: tuple[str | int, ...] = ()  # where in the payload the change shows (as far as known)

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return {
            "payload": self.payload,
            "accepted_by": self.accepted_by.value,
            "rejected_by": self.accepted_by.other.value,
            "at": "".join(f"/{part}" for part in self.at),
        }


@dataclass(frozen=True)
class Finding:
    """One change between two versions of a contract, measured by payloads and judged for its direction."""

    rule: str
    level: Level
    schema: str
    direction: Direction
    path: str
    message: str
    effect: Effect
    example: Example | None
    against: str = ""

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready form (`--format json`)."""
        return {
            "rule": self.rule,
            "level": str(self.level),
            "schema": self.schema,
            "direction": self.direction.value,
            "path": self.path,
            "message": self.message,
            "effect": self.effect.value,
            "example": self.example.as_dict() if self.example else None,
            "against": self.against,
        }


@dataclass(frozen=True)
class Comparison:
    """A change that was compared, with what payloads showed (``Effect.NONE``: no payload differs)."""

    schema: str
    path: str
    rule: str
    message: str
    effect: Effect
    against: str = ""

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        outcome = "compared, no difference" if self.effect is Effect.NONE else self.effect.value
        return {
            "schema": self.schema,
            "path": self.path,
            "rule": self.rule,
            "message": self.message,
            "outcome": outcome,
            "against": self.against,
        }


def _dump(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)


def trimmed(payload: Any, at: tuple[str | int, ...]) -> str:
    """``payload`` as JSON with everything off the way to ``at`` left out (``…``), never the part at ``at``."""
    if not at or not isinstance(payload, dict | list):
        return _dump(payload)
    head, rest = at[0], at[1:]
    if isinstance(payload, dict) and head in payload:
        others = len(payload) - 1
        inner = f"{_dump(head)}: {trimmed(payload[head], rest)}"
        return "{" + inner + (", …}" if others else "}")
    if isinstance(payload, list) and isinstance(head, int) and 0 <= head < len(payload):
        before = "…, " if head else ""
        after = ", …" if head < len(payload) - 1 else ""
        return "[" + before + trimmed(payload[head], rest) + after + "]"
    return _dump(payload)


def shown(example: Example) -> str:
    """The example's payload for a human: whole when short, else trimmed around where the change shows."""
    whole = _dump(example.payload)
    if len(whole) <= SHORT:
        return whole
    return trimmed(example.payload, example.at)
