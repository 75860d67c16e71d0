"""The rules of breaking-change detection: one registry, stable ids, a level per direction.

A change to a contract narrows (the new version accepts less), widens (it accepts more) or both. Who it
breaks depends on the contract's direction: narrowing a request breaks the clients that write it;
widening a result breaks the clients that read it. Most rules take their level from that; a few say
otherwise on purpose, and say why.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

__all__ = ["ERR", "INFO", "LEVELS", "RULES", "WARN", "Effect", "Rule", "level_for"]

ERR, WARN, INFO = "ERR", "WARN", "INFO"
LEVELS = (INFO, WARN, ERR)  # in order of severity


class Effect(Enum):
    """What a change does to the set of payloads a contract accepts."""

    NARROWING = "narrowing"
    WIDENING = "widening"
    BOTH = "both"
    NONE = "none"  # no payload tells the versions apart (e.g. a renamed $defs entry)


def level_for(effect: Effect, direction: str) -> str:
    """The level of a change by its effect, for the side that must keep working."""
    if effect is Effect.BOTH:
        return ERR
    if effect is Effect.NONE:
        return WARN
    breaks = Effect.NARROWING if direction == "request" else Effect.WIDENING
    return ERR if effect is breaks else INFO


@dataclass(frozen=True)
class Rule:
    """A kind of change: its id, what it means, and levels that differ from `level_for` (by direction)."""

    id: str
    summary: str
    effect: Effect | None  # None: measured per finding (pattern, type and rule changes)
    request_level: str | None = None
    result_level: str | None = None
    why: str = ""

    def level(self, effect: Effect, direction: str) -> str:
        """The level of a finding of this rule with ``effect``, on a contract of ``direction``."""
        fixed = self.request_level if direction == "request" else self.result_level
        return fixed or level_for(effect, direction)


_RULES = [
    Rule(
        "contract-removed", "a contract is gone", Effect.NARROWING, ERR, ERR, "nothing validates its payloads any more"
    ),
    Rule("contract-added", "a new contract", Effect.WIDENING, INFO, INFO),
    Rule("direction-changed", "a contract changed direction", Effect.NONE, ERR, ERR, "every rule flips"),
    Rule("property-added-required", "a new required property", Effect.NARROWING),
    Rule(
        "property-added-optional",
        "a new optional property",
        Effect.NARROWING,
        WARN,
        INFO,
        "on an open model the name was free before: clients sending it with another shape now fail; "
        "readers of an open result already ignore unknown fields",
    ),
    Rule(
        "property-removed",
        "a property is no longer described",
        None,
        WARN,
        None,
        "the service stops reading it, so what clients send there is silently ignored",
    ),
    Rule("property-became-required", "an optional property became required", Effect.NARROWING),
    Rule("property-became-optional", "a required property became optional", Effect.WIDENING),
    Rule("type-changed", "a property's type changed, widened or narrowed", None),
    Rule("nullability-removed", "null is no longer allowed", Effect.NARROWING),
    Rule("nullability-added", "null is now allowed", Effect.WIDENING),
    Rule("enum-value-removed", "an enum lost a value", Effect.NARROWING),
    Rule(
        "enum-value-added",
        "an enum gained a value",
        Effect.WIDENING,
        None,
        WARN,
        "readers may not know the value (exhaustive switches, strict decoders); flagged, not failed by default",
    ),
    Rule("pattern-changed", "a string pattern was added, removed or changed", None),
    Rule("constraint-tightened", "a length, range or multipleOf constraint is stricter", Effect.NARROWING),
    Rule("constraint-loosened", "a length, range or multipleOf constraint is looser", Effect.WIDENING),
    Rule("rule-added", "a cross-field rule (`if`/`then`) was added", Effect.NARROWING),
    Rule("rule-removed", "a cross-field rule (`if`/`then`) was removed", Effect.WIDENING),
    Rule("rule-changed", "a cross-field rule (`if`/`then`) changed", None),
    Rule("content-model-closed", "unknown properties are no longer allowed", Effect.NARROWING),
    Rule("content-model-opened", "unknown properties are now allowed", Effect.WIDENING),
    Rule(
        "defs-renamed",
        "a `$defs` entry was renamed",
        Effect.NONE,
        WARN,
        WARN,
        "payloads are unaffected, but generated code names its types after `$defs`",
    ),
]

RULES: dict[str, Rule] = {rule.id: rule for rule in _RULES}
