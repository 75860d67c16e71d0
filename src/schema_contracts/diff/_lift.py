"""Putting values found for a nested place back into whole payloads, through the schemas above the place."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from schema_contracts.diff._candidates import MISSING, NOTHING, additional_schema, data_values, sample, unique, variants
from schema_contracts.diff._patterns import pattern_samples
from schema_contracts.schemanav import as_object_schema, resolve_local_ref

__all__ = ["Step", "Trail", "TrailLevel", "governing", "lift", "strip_missing"]


@dataclass(frozen=True)
class Step:
    """How a nested place is reached from its parent schema, for instances.

    ``kind``: ``key`` (a property), ``extra`` (a property no other keyword names), ``pattern`` (a property
    whose name matches ``arg``), ``index`` (an array position), ``item`` (one more item after the first
    ``arg`` positions), ``name`` (the value is a property name),
    ``same`` (an applicator: the same instance), ``then``/``else`` (the same instance, under a condition),
    ``depends`` (the same instance, with property ``arg`` present).
    """

    kind: str
    arg: Any = None


@dataclass(frozen=True)
class TrailLevel:
    """One schema above a changed place, in both versions, and the step from it towards the place."""

    step: Step
    old: Any
    new: Any


Trail = tuple[TrailLevel, ...]


def _put(base: Any, step: Step, value: Any, level: TrailLevel, roots: tuple[Any, Any]) -> Any:
    kind = step.kind
    if kind in ("key", "extra", "pattern"):
        target = dict(base) if isinstance(base, dict) else {}
        key = step.arg if kind == "key" else _free_key(level, target) if kind == "extra" else _pattern_key(step.arg)
        target[key] = value
        for root, node in zip(roots, (level.old, level.new), strict=True):
            # What `dependentRequired` asks for beside the key, so the payload tries the place, not the rule.
            needs = _mapping(as_object_schema(node).get("dependentRequired")).get(key)
            for need in needs if isinstance(needs, list) and value is not MISSING else []:
                if isinstance(need, str) and need not in target:
                    properties = _mapping(as_object_schema(node).get("properties"))
                    target[need] = strip_missing(sample(root, properties.get(need, True)))
        return target
    if kind == "index":
        items = list(base) if isinstance(base, list) else []
        while len(items) <= step.arg:
            filler = sample(roots[1], _item_schema(level.new, len(items)))
            items.append(None if filler is NOTHING else filler)
        items[step.arg] = value
        return items
    if kind == "item":  # after the prefix, beside what the base already holds (a `contains` match, say)
        items = list(base) if isinstance(base, list) else []
        while len(items) < step.arg:
            filler = sample(roots[1], _item_schema(level.new, len(items)))
            items.append(None if filler is NOTHING else filler)
        return [*items, value]
    if kind == "name":
        return {**(base if isinstance(base, dict) else {}), value: None} if isinstance(value, str) else value
    if kind == "then" and isinstance(value, dict):
        condition = sample(roots[1], as_object_schema(level.new).get("if", True))
        value = {**condition, **value} if isinstance(condition, dict) else value
    if kind == "depends" and isinstance(value, dict):
        value = {step.arg: value.get(step.arg, None), **value}
    if isinstance(base, dict) and isinstance(value, dict):
        return {**base, **value}
    return value


def governing(node: Any, step: Step) -> Any:
    """The subschema of ``node`` that governs the place ``step`` leads to when no keyword names it there."""
    view = as_object_schema(node)
    if step.kind == "key":
        for pattern, schema in _mapping(view.get("patternProperties")).items():
            if isinstance(step.arg, str) and _matches(pattern, step.arg):
                return schema
        return additional_schema(view, str(step.arg))
    if step.kind in ("index", "item"):
        return _item_schema(view, int(step.arg))
    return True


def _listing(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def _mapping(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _matches(pattern: str, text: str) -> bool:
    try:
        return re.search(pattern, text) is not None
    except re.error:
        return False


def _item_schema(node: Any, index: int) -> Any:
    view = as_object_schema(node)
    prefix = _listing(view.get("prefixItems"))
    return prefix[index] if index < len(prefix) else view.get("items", True)


def _free_key(level: TrailLevel, target: dict[str, Any]) -> str:
    named = set(as_object_schema(level.old).get("properties", {})) | set(
        as_object_schema(level.new).get("properties", {})
    )
    return next(key for key in ("x", "extra", "zz", "x1") if key not in named)


def _pattern_key(pattern: str) -> str:
    samples = pattern_samples(pattern)
    return samples[0] if samples else "a"


def lift(values: list[Any], trail: Trail, roots: tuple[Any, Any], limit: int = 6000) -> list[Any]:
    """Whole payloads that carry each of ``values`` at the place ``trail`` leads to."""
    current = values
    for level in reversed(trail):
        if level.step.kind == "if":
            current = current + _with_branches(current, level, roots)
        nodes = ((roots[0], level.old), (roots[1], level.new))
        bases = unique([sample(root, node, 0, first) for first in (True, False) for root, node in nodes])
        if level is trail[0]:
            bases += unique(data_values(as_object_schema(roots[0])) + data_values(as_object_schema(roots[1])))
            bases += _sibling_bases(bases[0] if bases else None, roots)
        lifted = (_put(base, level.step, value, level, roots) for value in current for base in bases or [None])
        current = unique(lifted, limit)
    return current


def _sibling_bases(base: Any, roots: tuple[Any, Any]) -> list[Any]:
    """``base`` with each enum-valued top-level property set to each value: what cross-field rules key on."""
    if not isinstance(base, dict):
        return []
    found: list[Any] = []
    for root in roots:
        properties = as_object_schema(root).get("properties")
        for name, node in properties.items() if isinstance(properties, dict) else []:
            view = as_object_schema(resolve_local_ref(root, as_object_schema(node)))
            choices = [view["const"]] if "const" in view else view.get("enum", [])
            for value in choices if isinstance(choices, list) else []:
                found.append({**base, name: value})
    return unique(found, 48)


def _with_branches(values: list[Any], level: TrailLevel, roots: tuple[Any, Any]) -> list[Any]:
    """A condition decides between ``then`` and ``else``: its instances joined with what each branch asks for."""
    branches: list[Any] = []
    for root, node in zip(roots, (level.old, level.new), strict=True):
        for keyword in ("then", "else"):
            if isinstance(node, dict) and keyword in node:
                branches += [v for v in variants(root, node[keyword])[:24] if isinstance(v, dict)]
    conditions = [value for value in values[:40] if isinstance(value, dict)]
    return [{**branch, **condition} for condition in conditions for branch in unique(branches)]


def strip_missing(value: Any, memo: dict[int, Any] | None = None) -> Any:
    """``value`` with every property marked ``MISSING`` removed, at any depth (``value`` itself if none is).

    A value no schema accepts (the sample of ``false``) becomes null: every candidate is plain JSON. ``memo``
    (by object id, for objects kept alive by the caller) lets candidates that share parts strip them once.
    """
    if not isinstance(value, dict | list):
        return None if value is NOTHING else value
    if memo is not None and id(value) in memo:
        return memo[id(value)]
    changed = False
    pairs = value.items() if isinstance(value, dict) else enumerate(value)
    kept: list[tuple[Any, Any]] = []
    for key, item in pairs:
        if item is MISSING:
            changed = True
            continue
        if isinstance(item, dict | list):
            stripped = strip_missing(item, memo)
            changed = changed or stripped is not item
            item = stripped
        elif item is NOTHING:
            changed, item = True, None
        kept.append((key, item))
    result = value if not changed else dict(kept) if isinstance(value, dict) else [item for _, item in kept]
    if memo is not None:
        memo[id(value)] = result
    return result
