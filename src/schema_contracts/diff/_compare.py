"""Compare two versions of a contract and find, for every change, a payload that shows it."""

from __future__ import annotations

import copy
import itertools
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from schema_contracts.diff._rules import RULES, Effect
from schema_contracts.diff._sources import ContractVersion, SchemaSet
from schema_contracts.errors import SchemaContractsError
from schema_contracts.validate import CompiledSchema, compile_schema

__all__ = ["Example", "Finding", "compare_sets"]

_MISSING = object()
_NUMERIC = ("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "multipleOf")
_SIZES = ("minLength", "maxLength", "minItems", "maxItems", "minProperties", "maxProperties")
# Values tried at a changed place: every JSON type, numeric edges, and strings around base64's edges.
_UNIVERSE: list[Any] = [
    None,
    True,
    False,
    0,
    1,
    -1,
    1.5,
    -1.5,
    2**53,
    -(2**53),
    "",
    "x",
    "QUJD",
    "QQ==",
    "QR==",
    "QUJD====",
    "QUJ",
    "cGFzcw==\n",
    "-_-_",
    "a b",
    "QU JD",
    "0",
    "5",
    [],
    [1],
    {},
    {"x": 1},
]


@dataclass(frozen=True)
class Example:
    """A payload valid under one version of a contract and invalid under the other."""

    payload: Any
    accepted_by: str  # "old" or "new"

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        rejected_by = "new" if self.accepted_by == "old" else "old"
        return {"payload": self.payload, "accepted_by": self.accepted_by, "rejected_by": rejected_by}


@dataclass(frozen=True)
class Finding:
    """One change between two versions of a contract, judged for the contract's direction."""

    rule: str
    level: str
    schema: str
    direction: str
    path: str
    message: str
    example: Example | None
    against: str = ""

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready form (`--format json`)."""
        return {
            "rule": self.rule,
            "level": self.level,
            "schema": self.schema,
            "direction": self.direction,
            "path": self.path,
            "message": self.message,
            "example": self.example.as_dict() if self.example else None,
            "against": self.against,
        }


@dataclass
class _Change:
    rule: str
    path: str
    message: str
    candidates: list[Any]  # payloads to try, built from the bases


# -- reading schemas ---------------------------------------------------------------------------------


def _resolve(root: dict[str, Any], node: Any) -> dict[str, Any]:
    """``node`` with a local `$ref` followed (sibling keywords kept) and a nullable `anyOf` flattened."""
    if not isinstance(node, dict):
        return {} if node is True else {"not": {}}
    view: dict[str, Any] = dict(node)
    ref = view.get("$ref")
    if isinstance(ref, str) and ref.startswith("#/$defs/"):
        target = root.get("$defs", {}).get(ref.removeprefix("#/$defs/"), {})
        view = {**_resolve(root, target), **{k: v for k, v in view.items() if k != "$ref"}}
    branches = view.get("anyOf")
    if isinstance(branches, list) and any(b == {"type": "null"} for b in branches):
        others = [b for b in branches if b != {"type": "null"}]
        merged = {k: v for k, v in view.items() if k != "anyOf"}
        merged["nullable"] = True
        if len(others) == 1:
            merged.update(_resolve(root, others[0]))
        else:
            merged["anyOf"] = others
        return merged
    return view


def _types(view: dict[str, Any]) -> set[str]:
    declared = view.get("type")
    types = set(declared) if isinstance(declared, list) else {declared} if declared else set()
    if "enum" in view and not types:
        types = {_json_type(value) for value in view["enum"]}
    types.discard("null")
    return types


def _json_type(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "integer"
    return {float: "number", str: "string", list: "array", dict: "object"}[type(value)]


def _nullable(view: dict[str, Any]) -> bool:
    declared = view.get("type")
    return bool(view.get("nullable")) or declared == "null" or (isinstance(declared, list) and "null" in declared)


def _is_open(view: dict[str, Any]) -> bool:
    return view.get("additionalProperties", True) is not False and "unevaluatedProperties" not in view


def _conditional_rules(schema: dict[str, Any]) -> dict[str, Any]:
    rules = [rule for rule in schema.get("allOf", []) if isinstance(rule, dict) and "if" in rule]
    return {str(rule.get("title") or json.dumps(rule.get("if"), sort_keys=True)): rule for rule in rules}


def _property_names(node: Any) -> set[str]:
    """Every property name a (rule) schema mentions."""
    names: set[str] = set()
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "properties" and isinstance(value, dict):
                names |= set(value)
            if key == "required" and isinstance(value, list):
                names |= {str(v) for v in value}
            names |= _property_names(value)
    elif isinstance(node, list):
        for item in node:
            names |= _property_names(item)
    return names


# -- candidate payloads ------------------------------------------------------------------------------


def _minimal_instance(root: dict[str, Any], node: Any, depth: int = 0) -> Any:
    view = _resolve(root, node)
    if depth > 8:
        return None
    if "const" in view:
        return view["const"]
    if view.get("enum"):
        return view["enum"][0]
    if "default" in view:
        return view["default"]
    kind = sorted(_types(view))[0] if _types(view) else ("null" if _nullable(view) else "object")
    if kind == "object":
        properties = view.get("properties", {})
        return {name: _minimal_instance(root, properties.get(name, {}), depth + 1) for name in view.get("required", [])}
    minimum = view.get("minimum", 0)
    return {"string": "", "integer": int(minimum), "number": float(minimum), "boolean": False, "array": []}.get(kind)


def _bases(old: dict[str, Any], new: dict[str, Any]) -> list[dict[str, Any]]:
    """Starting payloads: both versions' `examples`, then a minimal instance of each."""
    found: list[dict[str, Any]] = []
    for schema in (old, new):
        for example in [*schema.get("examples", []), _minimal_instance(schema, schema)]:
            if isinstance(example, dict) and example not in found:
                found.append(example)
    return found


def _with(base: dict[str, Any], path: tuple[str, ...], value: Any) -> dict[str, Any]:
    payload = copy.deepcopy(base)
    target = payload
    for key in path[:-1]:
        child = target.get(key)
        if not isinstance(child, dict):
            child = target[key] = {}
        target = child
    if value is _MISSING:
        target.pop(path[-1], None)
    else:
        target[path[-1]] = value
    return payload


def _values_for(*views: dict[str, Any]) -> list[Any]:
    values = list(_UNIVERSE)
    for view in views:
        values += list(view.get("enum", [])) + ([view["const"]] if "const" in view else [])
        for keyword in _NUMERIC:
            bound = view.get(keyword)
            if isinstance(bound, int | float) and not isinstance(bound, bool):
                values += [bound, bound - 1, bound + 1, bound - 0.5, bound + 0.5, bound * 2]
        for keyword in ("minLength", "maxLength"):
            size = view.get(keyword)
            if isinstance(size, int):
                values += ["A" * max(0, size - 1), "A" * size, "A" * (size + 1), "QUJD" * (size // 4 + 1)]
        for keyword in ("minItems", "maxItems"):
            size = view.get(keyword)
            if isinstance(size, int):
                values += [[0] * max(0, size - 1), [0] * size, [0] * (size + 1)]
    return values


def _string_mutations(bases: list[dict[str, Any]], path: tuple[str, ...]) -> list[Any]:
    found = []
    for base in bases:
        value: Any = base
        for key in path:
            value = value.get(key) if isinstance(value, dict) else None
        if isinstance(value, str):
            found += [value + "=", value + "\n", value[:-1], value + "A", value.rstrip("="), value.replace("+", "-")]
    return found


def _at(bases: list[dict[str, Any]], path: tuple[str, ...], values: list[Any]) -> list[Any]:
    return [_with(base, path, value) for base in bases for value in [_MISSING, *values]]


# -- comparing ---------------------------------------------------------------------------------------


def _compare_property(
    old_root: dict[str, Any],
    new_root: dict[str, Any],
    path: tuple[str, ...],
    old_node: Any,
    new_node: Any,
    bases: list[dict[str, Any]],
) -> Iterator[_Change]:
    old, new = _resolve(old_root, old_node), _resolve(new_root, new_node)
    pointer = "/properties/" + "/properties/".join(path)
    name = ".".join(path)
    values = _values_for(old, new) + _string_mutations(bases, path)
    candidates = _at(bases, path, values)
    old_types, new_types = _types(old), _types(new)
    if old_types != new_types:
        shown = f"{'|'.join(sorted(old_types)) or 'any'} → {'|'.join(sorted(new_types)) or 'any'}"
        yield _Change("type-changed", pointer, f"`{name}` changed type: {shown}", candidates)
    if _nullable(old) != _nullable(new):
        rule = "nullability-added" if _nullable(new) else "nullability-removed"
        verb = "may now be" if _nullable(new) else "may no longer be"
        yield _Change(rule, pointer, f"`{name}` {verb} null", _at(bases, path, [None]))
    old_enum, new_enum = old.get("enum"), new.get("enum")
    if isinstance(old_enum, list) and isinstance(new_enum, list):
        where = _defs_pointer(old_node, new_node) or pointer
        for value in [v for v in new_enum if v not in old_enum]:
            yield _Change("enum-value-added", where, f"`{name}` may now be {value!r}", _at(bases, path, [value]))
        for value in [v for v in old_enum if v not in new_enum]:
            yield _Change(
                "enum-value-removed", where, f"`{name}` may no longer be {value!r}", _at(bases, path, [value])
            )
    if old.get("pattern") != new.get("pattern"):
        yield _Change(
            "pattern-changed",
            pointer,
            f"`{name}` pattern changed: {_shown(old, 'pattern')} → {_shown(new, 'pattern')}",
            candidates,
        )
    for keyword in (*_NUMERIC, *_SIZES):
        before, after = old.get(keyword), new.get(keyword)
        if before == after:
            continue
        tighter = _is_tighter(keyword, before, after)
        rule = "constraint-tightened" if tighter else "constraint-loosened"
        # This keyword's own bounds first, so the example shows this change rather than a neighbour's.
        edges = _values_for(
            {keyword: before} if before is not None else {}, {keyword: after} if after is not None else {}
        )
        own = _at(bases, path, edges[len(_UNIVERSE) :])
        yield _Change(rule, f"{pointer}/{keyword}", f"`{name}` {keyword}: {before} → {after}", own + candidates)
    if old_types & {"object"} and new_types & {"object"}:
        yield from _compare_object(old_root, new_root, old, new, path, bases)


def _shown(view: dict[str, Any], keyword: str) -> str:
    return f"`{view[keyword]}`" if keyword in view else "none"


def _defs_pointer(old_node: Any, new_node: Any) -> str | None:
    for node in (new_node, old_node):
        ref = node.get("$ref") if isinstance(node, dict) else None
        for branch in node.get("anyOf", []) if isinstance(node, dict) else []:
            ref = ref or (branch.get("$ref") if isinstance(branch, dict) else None)
        if isinstance(ref, str) and ref.startswith("#/$defs/"):
            return ref.removeprefix("#")
    return None


def _is_tighter(keyword: str, before: Any, after: Any) -> bool:
    if before is None:
        return True
    if after is None:
        return False
    if keyword.startswith(("min", "exclusiveMin")):
        return bool(after > before)
    if keyword == "multipleOf":
        return bool(after % before == 0 and after != before)
    return bool(after < before)


def _compare_object(
    old_root: dict[str, Any],
    new_root: dict[str, Any],
    old: dict[str, Any],
    new: dict[str, Any],
    path: tuple[str, ...],
    bases: list[dict[str, Any]],
) -> Iterator[_Change]:
    prefix = "".join(f"/properties/{key}" for key in path)
    old_props, new_props = old.get("properties", {}), new.get("properties", {})
    old_required, new_required = set(old.get("required", [])), set(new.get("required", []))
    for prop in sorted(new_props.keys() - old_props.keys()):
        at = (*path, prop)
        required = prop in new_required
        rule = "property-added-required" if required else "property-added-optional"
        text = f"new {'required' if required else 'optional'} property `{'.'.join(at)}`"
        values = _values_for(_resolve(new_root, new_props[prop]))
        yield _Change(rule, f"{prefix}/properties/{prop}", text, _at(bases, at, values))
    for prop in sorted(old_props.keys() - new_props.keys()):
        at = (*path, prop)
        text = f"property `{'.'.join(at)}` was removed{' (it was required)' if prop in old_required else ''}"
        values = _values_for(_resolve(old_root, old_props[prop]))
        yield _Change("property-removed", f"{prefix}/properties/{prop}", text, _at(bases, at, values))
    for prop in sorted(old_props.keys() & new_props.keys()):
        at = (*path, prop)
        if prop in new_required and prop not in old_required:
            yield _Change(
                "property-became-required",
                f"{prefix}/required",
                f"`{'.'.join(at)}` became required",
                _at(bases, at, []),
            )
        if prop in old_required and prop not in new_required:
            yield _Change(
                "property-became-optional",
                f"{prefix}/required",
                f"`{'.'.join(at)}` became optional",
                _at(bases, at, []),
            )
        yield from _compare_property(old_root, new_root, at, old_props[prop], new_props[prop], bases)
    if _is_open(old) != _is_open(new):
        rule = "content-model-opened" if _is_open(new) else "content-model-closed"
        text = "unknown properties are now allowed" if _is_open(new) else "unknown properties are no longer allowed"
        yield _Change(rule, f"{prefix}/additionalProperties", text, _at(bases, (*path, "x-unknown-property"), [1]))


def _compare_rules(old: dict[str, Any], new: dict[str, Any], bases: list[dict[str, Any]]) -> Iterator[_Change]:
    old_rules, new_rules = _conditional_rules(old), _conditional_rules(new)
    for title in sorted(old_rules.keys() | new_rules.keys()):
        before, after = old_rules.get(title), new_rules.get(title)
        if before == after:
            continue
        names = sorted(_property_names(before) | _property_names(after))
        candidates = _rule_candidates(old, new, names, bases)
        if before is None:
            yield _Change("rule-added", "/allOf", f"new cross-field rule {title!r}", candidates)
        elif after is None:
            yield _Change("rule-removed", "/allOf", f"cross-field rule {title!r} was removed", candidates)
        else:
            yield _Change("rule-changed", "/allOf", f"cross-field rule {title!r} changed", candidates)


def _rule_candidates(
    old: dict[str, Any], new: dict[str, Any], names: list[str], bases: list[dict[str, Any]]
) -> list[Any]:
    choices = []
    for name in names:
        views = [_resolve(schema, schema.get("properties", {}).get(name, {})) for schema in (old, new)]
        values: list[Any] = [_MISSING, None]
        for view in views:
            values += [v for v in view.get("enum", []) if v not in values]
        choices.append(values[:12])
    candidates = []
    for base in bases:
        for pair in itertools.combinations(range(len(names)), min(2, len(names))):
            for picked in itertools.product(*(choices[i] for i in pair)):
                payload = base
                for index, value in zip(pair, picked, strict=True):
                    payload = _with(payload, (names[index],), value)
                candidates.append(payload)
    return candidates


def _compare_defs(old: dict[str, Any], new: dict[str, Any]) -> Iterator[_Change]:
    old_defs, new_defs = old.get("$defs", {}), new.get("$defs", {})
    for gone in sorted(old_defs.keys() - new_defs.keys()):
        twin = next((name for name in new_defs.keys() - old_defs.keys() if new_defs[name] == old_defs[gone]), None)
        if twin is not None:
            yield _Change("defs-renamed", f"/$defs/{gone}", f"`$defs/{gone}` was renamed `$defs/{twin}`", [])


def _changes(old: dict[str, Any], new: dict[str, Any], bases: list[dict[str, Any]]) -> Iterator[_Change]:
    yield from _compare_object(old, new, _resolve(old, old), _resolve(new, new), (), bases)
    yield from _compare_rules(old, new, bases)
    yield from _compare_defs(old, new)


# -- counterexamples ---------------------------------------------------------------------------------


def _search(old: CompiledSchema, new: CompiledSchema, candidates: Iterable[Any]) -> dict[str, Example]:
    """The first candidate accepted by the old version only, and the first accepted by the new only."""
    found: dict[str, Example] = {}
    for payload in candidates:
        old_ok, new_ok = old.is_valid(payload), new.is_valid(payload)
        if old_ok != new_ok:
            side = "old" if old_ok else "new"
            found.setdefault(side, Example(payload, side))
            if len(found) == 2:
                break
    return found


def _enum_context(old: dict[str, Any], new: dict[str, Any]) -> list[tuple[str, list[Any]]]:
    """Top-level enum properties and all their values in either version: what cross-field rules key on."""
    context = []
    for name in sorted(old.get("properties", {}).keys() | new.get("properties", {}).keys()):
        values: list[Any] = []
        for schema in (old, new):
            view = _resolve(schema, schema.get("properties", {}).get(name, {}))
            values += [value for value in view.get("enum", []) if value not in values]
        if values:
            context.append((name, values))
    return context


def _in_context(candidates: list[Any], context: list[tuple[str, list[Any]]]) -> Iterator[Any]:
    for candidate in candidates:
        if isinstance(candidate, dict):
            for name, values in context:
                for value in values:
                    yield {**candidate, name: value}


def _compile(version: ContractVersion, label: str) -> CompiledSchema:
    try:
        return compile_schema(version.schema, f"{label}:{version.name}")
    except SchemaContractsError as error:
        raise SchemaContractsError(f"{label}: {version.name} is not a usable schema: {error}") from error


def _finding(change: _Change, version: ContractVersion, found: dict[str, Example], against: str) -> Finding | None:
    rule = RULES[change.rule]
    if rule.effect is Effect.NONE:
        return Finding(
            rule.id,
            rule.level(Effect.NONE, version.direction),
            version.name,
            version.direction,
            change.path,
            change.message,
            None,
            against,
        )
    if not found:
        # No payload tells the versions apart (an equivalent rewrite, or a new property that accepts
        # anything on an open model): not a change of the contract.
        return None
    if rule.effect is not None:
        effect = rule.effect
        wanted = "old" if effect is Effect.NARROWING else "new"
        example = found.get(wanted) or next(iter(found.values()))
    else:
        effect = Effect.BOTH if len(found) == 2 else Effect.NARROWING if "old" in found else Effect.WIDENING
        breaks = "old" if version.direction == "request" else "new"
        example = found.get(breaks) or next(iter(found.values()))
    message = f"{change.message} ({effect.value})"
    return Finding(
        rule.id,
        rule.level(effect, version.direction),
        version.name,
        version.direction,
        change.path,
        message,
        example,
        against,
    )


def compare_sets(old_set: SchemaSet, new_set: SchemaSet, against: str = "") -> list[Finding]:
    """Every finding between two versions of a set of contracts, contract by contract."""
    findings: list[Finding] = []
    for name in sorted(old_set.contracts.keys() | new_set.contracts.keys()):
        before, after = old_set.contracts.get(name), new_set.contracts.get(name)
        if before is None or after is None:
            present = after or before
            assert present is not None
            rule = RULES["contract-added" if before is None else "contract-removed"]
            examples = [e for e in present.schema.get("examples", []) if isinstance(e, dict)][:1]
            example = Example(examples[0], "new" if before is None else "old") if examples else None
            verb = "added" if before is None else "removed"
            findings.append(
                Finding(
                    rule.id,
                    rule.level(rule.effect or Effect.BOTH, present.direction),
                    name,
                    present.direction,
                    "",
                    f"contract {name} was {verb}",
                    example,
                    against,
                )
            )
            continue
        if before.direction != after.direction:
            rule = RULES["direction-changed"]
            findings.append(
                Finding(
                    rule.id,
                    rule.level(Effect.NONE, after.direction),
                    name,
                    after.direction,
                    "",
                    f"{name} changed direction: {before.direction} → {after.direction}",
                    None,
                    against,
                )
            )
        old, new = _compile(before, old_set.label), _compile(after, new_set.label)
        bases = _bases(before.schema, after.schema)
        context = _enum_context(before.schema, after.schema)
        for change in _changes(before.schema, after.schema, bases):
            # A change may only show together with another field (a cross-field rule): try those next.
            found = _search(old, new, change.candidates) or _search(old, new, _in_context(change.candidates, context))
            finding = _finding(change, after, found, against)
            if finding is not None:
                findings.append(finding)
    return findings
