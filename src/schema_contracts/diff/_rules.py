"""The rules of breaking-change detection: one registry of names, and one level policy.

A rule only *names* a kind of change. Whether the change narrows (the new version refuses a payload the old
one accepted), widens (the reverse) or both is measured with payloads (``_compare``); the level follows from
that effect and the contract's direction: narrowing a **request** breaks the clients that write it, widening
a **result** breaks the clients that read it, both breaks someone either way. A softer policy is an explicit
option (``TOLERANCES``), never the default.
"""

from __future__ import annotations

from dataclasses import dataclass

from schema_contracts.vocabulary import Direction, Effect, Level

__all__ = ["RULES", "TOLERANCES", "Rule", "level_for", "rule_table"]


@dataclass(frozen=True)
class Rule:
    """A kind of change: a stable id (used by ignore files) and what it means (README, ``--verbose``)."""

    id: str
    summary: str


_RULES = [
    Rule("contract-removed", "a contract, or a published version of one, is gone"),
    Rule("contract-added", "a new contract"),
    Rule("version-added", "a new version of a contract"),
    Rule("direction-changed", "a request became a result or back: every judgement flips"),
    Rule("property-added-required", "a new required property"),
    Rule("property-added-optional", "a new optional property (on an open model the name was free before)"),
    Rule("property-removed", "a property is no longer described"),
    Rule("property-became-required", "an optional property became required"),
    Rule("property-became-optional", "a required property became optional"),
    Rule("type-changed", "the allowed JSON types changed (`type`, or `anyOf`/`oneOf` of types)"),
    Rule("nullability-added", "null is now allowed"),
    Rule("nullability-removed", "null is no longer allowed"),
    Rule("enum-value-added", "an enum gained a value"),
    Rule("enum-value-removed", "an enum lost a value"),
    Rule("enum-values-changed", "an enum gained and lost values (a rename), or `enum` was added or removed"),
    Rule("const-changed", "a `const` was added, removed or changed"),
    Rule("pattern-changed", "a string `pattern` was added, removed or changed"),
    Rule("constraint-tightened", "a bound is stricter (range, exclusive range, `multipleOf`, lengths, counts)"),
    Rule("constraint-loosened", "a bound is looser (range, exclusive range, `multipleOf`, lengths, counts)"),
    Rule("constraint-changed", "bounds changed both ways (e.g. a range moved)"),
    Rule("content-model-closed", "fewer unknown properties are allowed (`additionalProperties`, ...)"),
    Rule("content-model-opened", "more unknown properties are allowed (`additionalProperties`, ...)"),
    Rule("content-model-changed", "what unknown properties may hold changed both ways"),
    Rule("property-names-changed", "`propertyNames` added, removed or changed"),
    Rule("dependency-added", "a `dependentSchemas` entry was added"),
    Rule("dependency-removed", "a `dependentSchemas` entry was removed"),
    Rule("dependency-changed", "`dependentRequired` changed"),
    Rule("items-changed", "array items changed (`items`, `prefixItems`, `contains`, `uniqueItems`)"),
    Rule("alternative-added", "an `anyOf`/`oneOf` alternative was added"),
    Rule("alternative-removed", "an `anyOf`/`oneOf` alternative was removed"),
    Rule("negation-changed", "a `not` changed"),
    Rule("rule-added", "an `allOf` rule (e.g. a cross-field `if`/`then`) was added"),
    Rule("rule-removed", "an `allOf` rule (e.g. a cross-field `if`/`then`) was removed"),
    Rule("rule-changed", "a cross-field rule (`if`/`then`/`else`) changed"),
    Rule("schema-changed", "any other change that payloads show"),
]

RULES: dict[str, Rule] = {rule.id: rule for rule in _RULES}

TOLERANCES: dict[str, frozenset[str]] = {
    "new-enum-values": frozenset({"enum-value-added", "enum-values-changed"}),
}
"""``--tolerate NAME``: readers that accept what these rules add to a **result** (WARN instead of ERR)."""


def level_for(effect: Effect, direction: Direction, rule: str, tolerate: frozenset[str] = frozenset()) -> Level:
    """The level of a change of ``effect`` on a contract of ``direction``; ``tolerate`` names softer policies."""
    if effect is Effect.NONE:
        return Level.INFO
    breaking = Effect.NARROWING if direction is Direction.REQUEST else Effect.WIDENING
    if effect is not Effect.BOTH and effect is not breaking:
        return Level.INFO
    tolerated = any(rule in TOLERANCES[name] for name in tolerate)
    if tolerated and direction is Direction.RESULT:
        return Level.WARN  # only the widening half breaks a result's readers, and they say they cope
    return Level.ERR


def rule_table() -> str:
    """The README's table of rules, in Markdown, generated from the registry (a test keeps them equal)."""
    rows = [f"| `{rule.id}` | {rule.summary} |" for rule in _RULES]
    return "\n".join(["| rule | the change it names |", "|---|---|", *rows]) + "\n"
