"""Candidate payloads: instances built from a schema's own keywords, to be tried against both versions.

``sample`` builds one instance that is probably valid; ``variants`` builds a bounded list of instances near a
schema's edges (every type, every enum value, each bound and one step past it, strings drawn from a
pattern, objects with a property missing, added or changed, arrays at their length bounds, each branch of a
composition). ``_lift`` puts values found for a nested place back into whole payloads. Nothing here decides
anything: the validator does (see ``_compare``).
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Iterator
from typing import Any, TypeGuard

import orjson

from schema_contracts.diff._patterns import pattern_samples
from schema_contracts.schemanav import as_object_schema, resolve_local_ref

__all__ = ["MISSING", "NOTHING", "additional_schema", "data_values", "sample", "unique", "variants"]

MISSING: Any = type("Missing", (), {"__repr__": lambda self: "<missing>"})()
"""Stands for a property deleted from a payload; ``strip_missing`` removes it before a payload is tried."""

NOTHING: Any = type("Nothing", (), {"__repr__": lambda self: "<nothing>"})()
_MAX_DEPTH = 6
_PER_NODE = 160
_UNIVERSE: list[Any] = [None, True, False, 0, 1, -1, 0.5, 2.5, -1.5, "", "a", "0", [], [None], {}, {"a": None}]
_OBJECT_WORDS = (
    "properties",
    "required",
    "additionalProperties",
    "patternProperties",
    "minProperties",
    "maxProperties",
    "propertyNames",
    "dependentRequired",
    "dependentSchemas",
    "unevaluatedProperties",
)
_ARRAY_WORDS = (
    "items",
    "prefixItems",
    "contains",
    "minItems",
    "maxItems",
    "uniqueItems",
    "minContains",
    "maxContains",
    "unevaluatedItems",
)


# -- reading a node ----------------------------------------------------------------------------------


def _view(root: Any, node: Any) -> dict[str, Any]:
    resolved = resolve_local_ref(root, as_object_schema(node))
    return as_object_schema(resolved)


def _number(value: Any) -> TypeGuard[int | float]:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _map(view: dict[str, Any], keyword: str) -> dict[str, Any]:
    value = view.get(keyword)
    return value if isinstance(value, dict) else {}


def _seq(view: dict[str, Any], keyword: str) -> list[Any]:
    value = view.get(keyword)
    return value if isinstance(value, list) else []


def _types(view: dict[str, Any]) -> list[str]:
    declared = view.get("type")
    if isinstance(declared, str):
        return [declared]
    if isinstance(declared, list):
        return [str(kind) for kind in declared]
    inferred = []
    if any(k in view for k in _OBJECT_WORDS):
        inferred.append("object")
    if any(k in view for k in _ARRAY_WORDS):
        inferred.append("array")
    if any(k in view for k in ("pattern", "minLength", "maxLength")):
        inferred.append("string")
    if any(k in view for k in ("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "multipleOf")):
        inferred.append("number")
    return inferred


def _merged(root: Any, view: dict[str, Any], depth: int) -> dict[str, Any]:
    """``view`` with its ``allOf`` branches folded in (properties and required united), for sampling."""
    merged = dict(view)
    for branch in _seq(view, "allOf"):
        part = _merged(root, _view(root, branch), depth + 1) if depth < _MAX_DEPTH else {}
        for key, value in part.items():
            if key == "properties" and isinstance(value, dict):
                merged["properties"] = {**value, **merged.get("properties", {})}
            elif key == "required" and isinstance(value, list):
                merged["required"] = list(dict.fromkeys([*merged.get("required", []), *value]))
            elif key not in merged:
                merged[key] = value
    return merged


# -- one probably-valid instance ---------------------------------------------------------------------


def sample(root: Any, node: Any, depth: int = 0, examples_first: bool = True) -> Any:
    """One instance that ``node`` probably accepts (checked later, never trusted).

    ``examples_first``: take the schema's own first example where it has one (realistic, and it satisfies
    cross-field rules); otherwise build the smallest instance (required properties only).
    """
    if node is False:
        return NOTHING
    view = _merged(root, _view(root, node), depth)
    if depth > _MAX_DEPTH:
        return None
    if "const" in view:
        return view["const"]
    if isinstance(view.get("enum"), list) and view["enum"]:
        return view["enum"][0]
    examples = view.get("examples")
    if examples_first and isinstance(examples, list) and examples:
        return examples[0]
    branches = view.get("anyOf") or view.get("oneOf")
    types = _types(view)
    if isinstance(branches, list) and branches and not types:
        return sample(
            root,
            {**{k: v for k, v in view.items() if k not in ("anyOf", "oneOf")}, **_view(root, branches[0])},
            depth + 1,
        )
    kinds = [kind for kind in types if kind != "null"] or types or ["null"]
    return _sample_of_type(root, view, kinds[0], depth)


def _sample_of_type(root: Any, view: dict[str, Any], kind: str, depth: int) -> Any:
    if kind == "object":
        return _sample_object(root, view, depth)
    if kind == "array":
        return _sample_array(root, view, depth)
    if kind == "string":
        return _sample_string(view)
    if kind in ("number", "integer"):
        return _sample_number(view, kind == "integer")
    return {"boolean": False, "null": None}.get(kind)


def _sample_object(root: Any, view: dict[str, Any], depth: int) -> dict[str, Any]:
    properties = _map(view, "properties")
    result: dict[str, Any] = {}
    required = [name for name in view.get("required", []) if isinstance(name, str)]
    for name in required:
        value = sample(root, properties.get(name, additional_schema(view, name)), depth + 1)
        result[name] = None if value is NOTHING else value
    dependent = _map(view, "dependentRequired")
    for name, needs in dependent.items():
        if name in result and isinstance(needs, list):
            for need in needs:
                result.setdefault(need, sample(root, properties.get(need, True), depth + 1))
    minimum = view.get("minProperties")
    for name in properties:
        if isinstance(minimum, int) and len(result) < minimum:
            result.setdefault(name, sample(root, properties[name], depth + 1))
    extra = 0
    while isinstance(minimum, int) and len(result) < minimum and extra < 50:
        key = _extra_key(view, extra)
        result.setdefault(key, sample(root, additional_schema(view, key), depth + 1))
        extra += 1
    return result


def additional_schema(view: dict[str, Any], name: str) -> Any:
    """The subschema that governs property ``name`` when ``properties`` does not name it."""
    for key in ("additionalProperties", "unevaluatedProperties"):
        if key in view:
            return view[key]
    return True


def _extra_key(view: dict[str, Any], number: int) -> str:
    """The ``number``-th property name that ``propertyNames`` (as far as simply checked) allows."""
    names = view.get("propertyNames")
    if not isinstance(names, dict):
        return f"x{number}" if number else "x"
    pool = [s for s in variants({}, names, depth=_MAX_DEPTH) if isinstance(s, str)]
    pool += [*"xyzabcdkmnpqrst", *(f"x{n}" for n in range(1, 60))]
    allowed = unique(key for key in pool if _name_allowed(names, key))
    return str(allowed[number]) if number < len(allowed) else f"x{number}"


def _name_allowed(names: dict[str, Any], key: str) -> bool:
    pattern, enum = names.get("pattern"), names.get("enum")
    if isinstance(pattern, str):
        try:
            if re.search(pattern, key) is None:
                return False
        except re.error:
            return True
    if isinstance(enum, list) and key not in enum:
        return False
    low, high = names.get("minLength"), names.get("maxLength")
    return not (isinstance(low, int) and len(key) < low) and not (isinstance(high, int) and len(key) > high)


def _sample_array(root: Any, view: dict[str, Any], depth: int) -> list[Any]:
    prefix = _seq(view, "prefixItems")
    minimum = view.get("minItems", 0)
    items: list[Any] = [sample(root, schema, depth + 1) for schema in prefix[: max(minimum, 0)]]
    item_schema = view.get("items", True)
    while isinstance(minimum, int) and len(items) < minimum and len(items) < 50:
        index = len(items)
        items.append(sample(root, prefix[index] if index < len(prefix) else item_schema, depth + 1))
    if "contains" in view:
        needed = view.get("minContains", 1)
        match = sample(root, view["contains"], depth + 1)
        items = [*items, *[match] * (needed if isinstance(needed, int) and 0 <= needed <= 50 else 1)]
    return [None if item is NOTHING else item for item in items]


def _sample_string(view: dict[str, Any]) -> str:
    pattern = view.get("pattern")
    text = pattern_samples(pattern)[0] if isinstance(pattern, str) and pattern_samples(pattern) else ""
    minimum, maximum = view.get("minLength", 0), view.get("maxLength")
    if isinstance(minimum, int) and len(text) < minimum:
        text += "a" * (minimum - len(text))
    if isinstance(maximum, int) and len(text) > maximum:
        text = text[:maximum]
    return text


def _sample_number(view: dict[str, Any], integer: bool) -> int | float:
    low = _low(view)
    high = _high(view)
    step = view.get("multipleOf")
    value: float = 0 if low is None else low
    if high is not None and value > high:
        value = high
    if _number(step) and step > 0:
        value = math.ceil(value / step) * step
    if integer or (float(value).is_integer() and not isinstance(low, float)):
        return math.ceil(value)
    return value


def _low(view: dict[str, Any]) -> float | None:
    bounds = [view["minimum"]] if _number(view.get("minimum")) else []
    if _number(view.get("exclusiveMinimum")):
        bounds.append(view["exclusiveMinimum"] + (1 if isinstance(view["exclusiveMinimum"], int) else 0.5))
    return max(bounds) if bounds else None


def _high(view: dict[str, Any]) -> float | None:
    bounds = [view["maximum"]] if _number(view.get("maximum")) else []
    if _number(view.get("exclusiveMaximum")):
        bounds.append(view["exclusiveMaximum"] - (1 if isinstance(view["exclusiveMaximum"], int) else 0.5))
    return min(bounds) if bounds else None


# -- many instances near a schema's edges ------------------------------------------------------------


def _key(value: Any) -> bytes:
    if value is MISSING:
        return b"<missing>"
    try:
        return orjson.dumps(value, option=orjson.OPT_SORT_KEYS | orjson.OPT_PASSTHROUGH_SUBCLASS, default=repr)
    except (TypeError, orjson.JSONEncodeError):
        return repr(value).encode()


def unique(values: Iterable[Any], limit: int | None = None) -> list[Any]:
    """``values`` without repeats (by JSON value; ``1`` and ``1.0`` stay apart), in order, at most ``limit``."""
    seen: set[bytes] = set()
    found = []
    for value in values:
        if value is NOTHING:
            continue
        key = _key(value) + (b"f" if isinstance(value, float) else b"")
        if key not in seen:
            seen.add(key)
            found.append(value)
            if limit is not None and len(found) >= limit:
                break
    return found


def variants(root: Any, node: Any, depth: int = 0) -> list[Any]:
    """A bounded list of instances near ``node``'s edges, simplest first."""
    view = _merged(root, _view(root, node), depth)
    found: list[Any] = [sample(root, node, depth)]
    found += data_values(view)
    if depth <= 3:
        found += list(_scalar_edges(view))
    if depth <= 2:
        found += list(_object_variants(root, view, depth))
        found += list(_array_variants(root, view, depth))
        found += list(_composition_variants(root, view, depth))
    found += _UNIVERSE
    return unique(found, _PER_NODE * 2 if depth == 0 else _PER_NODE // (2 * depth))


def data_values(view: dict[str, Any]) -> list[Any]:
    """The values a schema spells out: ``const``, ``enum``, ``examples``, ``default``."""
    values: list[Any] = []
    if "const" in view:
        values.append(view["const"])
    for keyword in ("enum", "examples"):
        if isinstance(view.get(keyword), list):
            values += view[keyword]
    if "default" in view:
        values.append(view["default"])
    return values


def _scalar_edges(view: dict[str, Any]) -> Iterator[Any]:
    for keyword in ("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum"):
        bound = view.get(keyword)
        if _number(bound):
            yield from (bound, bound - 1, bound + 1, bound - 0.5, bound + 0.5, float(bound) + 0.01, bound - 0.01)
    step = view.get("multipleOf")
    if _number(step) and step > 0:
        low = _low(view) or 0
        base = math.ceil(low / step) * step
        yield from (base, base + step, base + step / 2, base + step / 3, step * 2, step * 1.5, step / 2)
    for keyword in ("minLength", "maxLength"):
        size = view.get(keyword)
        if isinstance(size, int):
            for length in (size - 1, size, size + 1):
                if length >= 0:
                    yield _sample_string({**view, "minLength": length, "maxLength": length}).ljust(length, "a")
    pattern = view.get("pattern")
    if isinstance(pattern, str):
        for text in pattern_samples(pattern):
            yield text
            yield from _string_mutations(text)
    if "format" in view:
        yield from ("2024-01-01", "2024-01-01T00:00:00Z", "a@example.org", "not a value of any format")
    if "integer" in _types(view) or "number" in _types(view):
        yield from (0, 1, -1, 0.5, 1.0, 2**53, 1e300)


def _string_mutations(text: str) -> list[str]:
    return [text + "=", text + "\n", text[:-1], text + "a", "a" + text, text * 2, text.rstrip("="), text + "A=", ""]


def _object_variants(root: Any, view: dict[str, Any], depth: int) -> Iterator[Any]:
    if "object" not in _types(view) and not any(k in view for k in ("dependentRequired", "dependentSchemas")):
        return
    base = _sample_object(root, view, depth)
    yield base
    properties = _map(view, "properties")
    names = list(dict.fromkeys([*properties, *[n for n in view.get("required", []) if isinstance(n, str)]]))
    for name in names:
        yield {**base, name: MISSING}
    for index in range(3):
        key = _extra_key(view, index)
        if key not in properties:
            extras: tuple[Any, ...] = (None, 1, "a", {})
            for extra in extras:
                yield {**base, key: extra}
    name_schema = view.get("propertyNames")
    if isinstance(name_schema, dict | bool):
        for key in [k for k in variants(root, name_schema, depth + 1) if isinstance(k, str)][:16]:
            yield {**base, key: sample(root, additional_schema(view, key), depth + 1)}
    patterns = _map(view, "patternProperties")
    for pattern, schema in patterns.items():
        for key in pattern_samples(pattern)[:3]:
            for value in variants(root, schema, depth + 1)[:8]:
                yield {**base, key: value}
    for keyword in ("minProperties", "maxProperties"):
        size = view.get(keyword)
        if isinstance(size, int):
            for count in (size - 1, size, size + 1):
                filled = dict(base)
                for number in range(60):
                    if len(filled) >= count:
                        break
                    name = list(properties)[number] if number < len(properties) else _extra_key(view, number)
                    value = sample(root, properties.get(name, additional_schema(view, name)), depth + 1)
                    filled.setdefault(name, None if value is NOTHING else value)
                yield {key: filled[key] for key in list(filled)[: max(count, 0)]}
    for dependent in ("dependentRequired", "dependentSchemas"):
        table = _map(view, dependent)
        for name, needs in table.items():
            with_name = {**base, name: sample(root, properties.get(name, True), depth + 1)}
            yield with_name
            if isinstance(needs, list):
                yield {**with_name, **dict.fromkeys(needs, MISSING)}
                yield {**with_name, **{need: sample(root, properties.get(need, True), depth + 1) for need in needs}}
            else:
                for value in variants(root, needs, depth + 1)[:12]:
                    if isinstance(value, dict):
                        yield {**with_name, **value}
    for name in names:  # last: the longest part, the first cut when a node has too many variants
        for value in variants(root, properties.get(name, True), depth + 1):
            yield {**base, name: value}


def _array_variants(root: Any, view: dict[str, Any], depth: int) -> Iterator[Any]:
    if "array" not in _types(view):
        return
    base = _sample_array(root, view, depth)
    yield from ([], base)
    prefix = _seq(view, "prefixItems")
    full_prefix = [sample(root, schema, depth + 1) for schema in prefix]
    yield full_prefix
    item_schema = view.get("items", True)
    item_values = variants(root, item_schema, depth + 1)
    for index, schema in enumerate(prefix):
        for value in variants(root, schema, depth + 1)[:16]:
            yield [*full_prefix[:index], value, *full_prefix[index + 1 :]]
    for value in item_values:
        yield [*full_prefix, value]
        yield [value] if prefix else [value, value]
    first = sample(root, item_schema, depth + 1)
    first = None if first is NOTHING else first
    wanted = sample(root, view["contains"], depth + 1) if "contains" in view else NOTHING
    for keyword in ("minItems", "maxItems", "minContains", "maxContains"):
        size = view.get(keyword)
        if isinstance(size, int):
            for count in (size - 1, size, size + 1):
                if 0 <= count <= 100:
                    for filler in unique([first, wanted]):
                        items = [*full_prefix[:count]]
                        while len(items) < count:
                            unique_items = view.get("uniqueItems")
                            items.append(item_values[len(items) % len(item_values)] if unique_items else filler)
                        yield items
    if "contains" in view:
        for value in variants(root, view["contains"], depth + 1)[:16]:
            yield [*full_prefix, value]
            yield [*full_prefix, value, value]
        if wanted is not NOTHING:
            for value in item_values[:24]:
                yield [*full_prefix, wanted, value]
                yield [*full_prefix, wanted, value, value]
    yield [first, first]
    yield [*full_prefix, first]


_APPLICATORS = ("anyOf", "oneOf", "allOf", "not", "if", "then", "else")


def _composition_variants(root: Any, view: dict[str, Any], depth: int) -> Iterator[Any]:
    """Each branch's variants, alone and joined with an instance of the rest of ``view`` (its siblings)."""
    rest = sample(root, {k: v for k, v in view.items() if k not in _APPLICATORS}, depth + 1)
    for keyword in _APPLICATORS:
        value = view.get(keyword)
        branches = value if isinstance(value, list) else [value] if keyword in view else []
        for branch in branches:
            for found in variants(root, branch, depth + 1):
                yield found
                if isinstance(found, dict) and isinstance(rest, dict) and rest:
                    yield {**rest, **found}
                elif isinstance(found, list) and isinstance(rest, list) and rest:
                    yield [*found, *rest]
