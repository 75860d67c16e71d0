"""Compare two versions of each contract: every changed place is measured with payloads, both ways.

For a change, candidate payloads are built from both versions' subschemas at the changed place (see
``_candidates``) and put back into whole payloads; each is checked with the validator against both versions.
A payload the old version accepts and the new one refuses shows narrowing, the reverse widening; finding
both is "both"; finding neither means no payload tells the versions apart, and nothing is reported (the
comparison is still recorded, for ``--verbose`` and the json output). The level follows from the measured
effect and the contract's direction (``_rules.level_for``).
"""

from __future__ import annotations

import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from schema_contracts.diff._candidates import MISSING, unique, variants
from schema_contracts.diff._changes import BY_EFFECT, Change, find_changes
from schema_contracts.diff._findings import Comparison, Example, Finding
from schema_contracts.diff._isolate import isolate
from schema_contracts.diff._lift import TrailLevel, governing, lift, strip_missing
from schema_contracts.diff._patterns import pattern_samples
from schema_contracts.diff._rules import RULES, level_for
from schema_contracts.diff._sources import ContractVersion, SchemaSet, bare_name
from schema_contracts.errors import SchemaFileError
from schema_contracts.schemanav import canonical
from schema_contracts.validate import CompiledSchema, compile_schema
from schema_contracts.vocabulary import Direction, Effect, Level, Side

__all__ = ["DiffResult", "compare_contract", "compare_sets"]

_BUDGET_SECONDS = 2.0  # per change: the search stops there and reports what it found


@dataclass
class DiffResult:
    """Findings (what payloads showed) and comparisons (every change looked at, with its outcome)."""

    findings: list[Finding] = field(default_factory=list)
    comparisons: list[Comparison] = field(default_factory=list)

    def extend(self, other: DiffResult) -> None:
        """Add ``other``'s findings and comparisons to these."""
        self.findings += other.findings
        self.comparisons += other.comparisons


@dataclass
class _Witnesses:
    old: CompiledSchema
    new: CompiledSchema
    alone: CompiledSchema | None  # the old version with only this change made: the witness must show it
    found: dict[Side, Any] = field(default_factory=dict)

    def search(self, candidates: Iterable[Any], deadline: float) -> None:
        memo: dict[int, Any] = {}
        kept = []  # the candidates stay alive while their ids are in the memo
        for count, candidate in enumerate(candidates):
            kept.append(candidate)
            payload = strip_missing(candidate, memo)
            old_ok, new_ok = self.old.is_valid(payload), self.new.is_valid(payload)
            if old_ok != new_ok and (self.alone is None or self.alone.is_valid(payload) == new_ok):
                self.found.setdefault(Side.OLD if old_ok else Side.NEW, payload)
                if len(self.found) == 2:
                    return
            if count % 256 == 0 and time.monotonic() > deadline:
                return


def _compile(version: ContractVersion, label: str) -> CompiledSchema:
    """The validator of one version; refused (a SchemaFileError naming ``label``) when it is no usable schema."""
    return compile_schema(version.schema, label)


def _values(change: Change, roots: tuple[Any, Any]) -> list[Any]:
    values: list[Any] = []
    if change.old is not None:
        values += variants(roots[0], change.old)
    if change.new is not None:
        values += variants(roots[1], change.new)
    if change.trail and (change.old is None or change.new is None):
        # A place on one side only: on the other, what governed it there (`items`, `additionalProperties`...).
        last = change.trail[-1]
        if change.old is None:
            values += variants(roots[0], governing(last.old, last.step))
        else:
            values += variants(roots[1], governing(last.new, last.step))
    if change.trail and change.trail[-1].step.kind == "name":
        values += _names_of(change.trail[-1])
    if change.trail and change.trail[-1].step.kind == "key":
        values.insert(1, MISSING)
    return unique(values)


def _names_of(level: TrailLevel) -> list[str]:
    """Property names the object above a ``propertyNames`` place names or matches, and longer ones."""
    names: list[str] = []
    for node in (level.old, level.new):
        view = node if isinstance(node, dict) else {}
        names += [name for name in view.get("properties") or {} if isinstance(name, str)]
        for pattern in view.get("patternProperties") or {}:
            names += [text + tail for text in pattern_samples(pattern) for tail in ("", "a", "aaaa")]
    return names


def _context(candidates: list[Any], roots: tuple[Any, Any]) -> Iterable[Any]:
    """The candidates again with each enum-valued top-level property set to each of its values."""
    enums: list[tuple[str, list[Any]]] = []
    for root in roots:
        for name, node in (root.get("properties") or {}).items() if isinstance(root, dict) else []:
            values = [v for v in variants(root, node, 2) if isinstance(v, str | int | bool) or v is None][:12]
            enums.append((name, values))
    for candidate in candidates[:60]:
        if isinstance(candidate, dict):
            for name, values in enums:
                for value in values:
                    yield {**candidate, name: value}


def _at(change: Change) -> tuple[str | int, ...]:
    parts: list[str | int] = []
    for level in change.trail:
        if level.step.kind == "key":
            parts.append(str(level.step.arg))
        elif level.step.kind == "index":
            parts.append(int(level.step.arg))
        elif level.step.kind not in ("same", "then", "else", "depends"):
            break
    return tuple(parts)


def _differing(old: CompiledSchema, new: CompiledSchema, roots: tuple[Any, Any]) -> list[Any]:
    """Variants of both whole schemas that the two versions judge differently (computed once per contract)."""
    whole = unique([*variants(roots[0], roots[0]), *variants(roots[1], roots[1])])
    payloads = (strip_missing(candidate) for candidate in whole)
    return [payload for payload in payloads if old.is_valid(payload) != new.is_valid(payload)]


def _measure(
    change: Change, old: CompiledSchema, new: CompiledSchema, roots: tuple[Any, Any], whole: list[Any]
) -> dict[Side, Any]:
    deadline = time.monotonic() + _BUDGET_SECONDS
    candidates = lift(_values(change, roots), change.trail, roots)
    alone = _alone(change, roots)
    # With the change made alone, a witness must show it there too (not a neighbouring change's effect);
    # only where that schema cannot be built is any difference between the versions taken. Until both ways
    # are found, the search goes on: whole-schema variants, then the candidates with other sibling values.
    witnesses = _Witnesses(old, new, alone)
    witnesses.search(candidates, deadline)
    if len(witnesses.found) < 2:
        witnesses.search(whole, deadline)
    if not witnesses.found:
        witnesses.search(_context(candidates, roots), deadline)
    return witnesses.found


def _alone(change: Change, roots: tuple[Any, Any]) -> CompiledSchema | None:
    """The old version with only ``change`` made, compiled; None where it cannot be built."""
    document = isolate(roots[0], roots[1], change)
    if document is None:
        return None
    try:
        return compile_schema(document, "isolated change")
    except SchemaFileError:
        return None


def _effect(found: dict[Side, Any]) -> Effect:
    if len(found) == 2:
        return Effect.BOTH
    if Side.OLD in found:
        return Effect.NARROWING
    return Effect.WIDENING if Side.NEW in found else Effect.NONE


def _rule_of(change: Change, effect: Effect) -> str:
    family = BY_EFFECT.get(change.rule)
    if family is None:
        return change.rule if change.rule in RULES else "schema-changed"
    narrowing, widening, both = family
    return {Effect.NARROWING: narrowing, Effect.WIDENING: widening}.get(effect, both)


def _example(found: dict[Side, Any], effect: Effect, direction: Direction, change: Change) -> Example:
    breaking = Side.OLD if direction is Direction.REQUEST else Side.NEW
    side = breaking if breaking in found else next(iter(found))
    if effect is not Effect.BOTH and side not in found:
        side = Side.OLD if effect is Effect.NARROWING else Side.NEW
    return Example(found[side], side, _at(change))


def _checked(example: Example, old: CompiledSchema, new: CompiledSchema) -> Example:
    """``example``, after checking once more that exactly the version it names accepts it."""
    accepts = (old if example.accepted_by is Side.OLD else new).is_valid(example.payload)
    refuses = not (new if example.accepted_by is Side.OLD else old).is_valid(example.payload)
    if not (accepts and refuses):
        raise AssertionError(f"example contradicts its message: {example}")  # a bug here, never bad input
    return example


_WORDS = {Effect.NARROWING: "narrowing", Effect.WIDENING: "widening", Effect.BOTH: "narrowing and widening"}


def compare_contract(
    before: ContractVersion,
    after: ContractVersion,
    key: str,
    labels: tuple[str, str] = ("old", "new"),
    against: str = "",
    tolerate: frozenset[str] = frozenset(),
) -> DiffResult:
    """Every change between two versions of one contract, measured and judged."""
    result = DiffResult()
    direction = after.direction
    if before.direction is not after.direction:
        message = f"{key} changed direction: {before.direction.value} → {after.direction.value}"
        result.findings.append(
            Finding("direction-changed", Level.ERR, key, direction, "", message, Effect.BOTH, None, against)
        )
    if canonical(before.schema) == canonical(after.schema):
        return result  # nothing but annotations differ
    # Compiled first: a schema the validator refuses is reported as such before anything walks it.
    old, new = _compile(before, labels[0]), _compile(after, labels[1])  # labels name the files (or folder:Name)
    changes = find_changes(before.schema, after.schema)
    roots = (before.schema, after.schema)
    whole = _differing(old, new, roots)
    for change in changes:
        found = _measure(change, old, new, roots, whole)
        effect = _effect(found)
        rule = _rule_of(change, effect)
        result.comparisons.append(Comparison(key, change.path, rule, change.message, effect, against))
        if effect is Effect.NONE:
            continue
        example = _checked(_example(found, effect, direction, change), old, new)
        message = f"{change.message} ({_WORDS[effect]})"
        level = level_for(effect, direction, rule, tolerate)
        result.findings.append(Finding(rule, level, key, direction, change.path, message, effect, example, against))
    return result


def _presence(key: str, side: ContractVersion, added: bool, others: SchemaSet, against: str) -> Finding | None:
    bare = bare_name(key)
    qualified = key != bare
    if qualified and bare not in others.contracts:
        return None  # the whole contract is new (or gone): said once, under its bare name
    if added:
        rule = "version-added" if qualified else "contract-added"
        what = f"version {side.version} of {bare} was added" if qualified else f"contract {bare} was added"
        return Finding(rule, Level.INFO, key, side.direction, "", what, Effect.WIDENING, None, against)
    what = f"version {side.version} of {bare} was removed" if qualified else f"contract {bare} was removed"
    return Finding("contract-removed", Level.ERR, key, side.direction, "", what, Effect.NARROWING, None, against)


def compare_sets(
    old_set: SchemaSet, new_set: SchemaSet, against: str = "", tolerate: frozenset[str] = frozenset()
) -> DiffResult:
    """Every finding between two sets of contracts: each latest version (bare name), each version on both sides."""
    result = DiffResult()
    for key in sorted(old_set.contracts.keys() | new_set.contracts.keys()):
        labels = (f"{old_set.label}:{key}", f"{new_set.label}:{key}")
        before, after = old_set.contracts.get(key), new_set.contracts.get(key)
        if before is None or after is None:
            present = after if before is None else before
            assert present is not None
            others = old_set if before is None else new_set
            finding = _presence(key, present, before is None, others, against)
            if finding is not None:
                result.findings.append(finding)
            continue
        if key != bare_name(key) and _same_as_latest(key, old_set, new_set):
            continue  # this version is the latest on both sides: compared under the bare name already
        result.extend(compare_contract(before, after, key, labels, against, tolerate))
    return result


def _same_as_latest(key: str, old_set: SchemaSet, new_set: SchemaSet) -> bool:
    bare = bare_name(key)
    latest = [side.contracts.get(bare) for side in (old_set, new_set)]
    version = old_set.contracts[key].version
    return all(entry is not None and entry.version == version for entry in latest)
