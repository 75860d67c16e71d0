"""Where two versions of a schema differ: both walked side by side, one change per changed place.

A *place* is a subschema (the root, a property, a ``$defs`` entry, an ``allOf`` rule, an array's items...).
At each place present in both versions the keywords that constrain instances are compared (annotations
never count); a difference is one change, however many keywords it touches. Children present in both are
walked in turn; a child present in one version only (a property, an ``anyOf`` alternative, an ``allOf``
rule) is one change. A ``$ref`` to the same ``$defs`` entry in both versions is not followed: the entry is
compared once, at its own place, and reached for instances through its first use.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from schema_contracts.diff._lift import Step, Trail, TrailLevel
from schema_contracts.schemanav import (
    ANNOTATIONS,
    LIST_SUBSCHEMAS,
    MAP_SUBSCHEMAS,
    SINGLE_SUBSCHEMA,
    as_object_schema,
    canonical,
    escape_token,
    follow_pointer,
    resolve_local_ref,
)

__all__ = ["BY_EFFECT", "COMPOSITION", "Change", "find_changes"]

COMPOSITION = ("anyOf", "oneOf", "not", "if", "then", "else")
_BOUNDS = (
    "minimum",
    "maximum",
    "exclusiveMinimum",
    "exclusiveMaximum",
    "multipleOf",
    "minLength",
    "maxLength",
    "minItems",
    "maxItems",
    "minProperties",
    "maxProperties",
    "minContains",
    "maxContains",
    "format",
)
# Rules named by the measured effect: (narrowing, widening, both).
BY_EFFECT = {
    "constraint": ("constraint-tightened", "constraint-loosened", "constraint-changed"),
    "content-model": ("content-model-closed", "content-model-opened", "content-model-changed"),
}


@dataclass
class Change:
    """One changed place: its rule (or rule family), its schema pointer, what changed, both subschemas."""

    rule: str
    path: str
    message: str
    old: Any  # the subschema in the old version (None when the place is new)
    new: Any  # the subschema in the new version (None when the place is gone)
    trail: Trail
    old_path: str = ""  # the place in the old version (``path`` is in the new one, or the old when gone)


def _local(node: dict[str, Any], skip_required: frozenset[str] = frozenset()) -> dict[str, Any]:
    """The keywords of ``node`` that constrain instances themselves (not through a subschema), canonical."""
    view: dict[str, Any] = {}
    for keyword, value in node.items():
        if (
            keyword in ANNOTATIONS
            or keyword in SINGLE_SUBSCHEMA
            or keyword in MAP_SUBSCHEMAS
            or keyword in LIST_SUBSCHEMAS
            or keyword in ("$ref", "$defs", "definitions", "$dynamicRef")
            or keyword.startswith("x-")
        ):
            continue
        if keyword == "required" and isinstance(value, list):
            value = [name for name in value if name not in skip_required]
            if not value:
                continue
        view[keyword] = value
    return canonical(view) if view else {}


def _json(value: Any) -> str:
    import json

    return json.dumps(value, ensure_ascii=False, sort_keys=True)


def _effective_types(root: Any, node: dict[str, Any]) -> set[str]:
    """The JSON types ``node`` allows, from ``type`` or from simple ``anyOf``/``oneOf`` alternatives."""
    declared = node.get("type")
    types = {declared} if isinstance(declared, str) else set(declared) if isinstance(declared, list) else set()
    for keyword in ("anyOf", "oneOf"):
        for branch in node.get(keyword, []) if isinstance(node.get(keyword), list) else []:
            view = as_object_schema(resolve_local_ref(root, as_object_schema(branch)))
            types |= _effective_types(root, view) or {"any"}
    if "enum" in node and not types and isinstance(node["enum"], list):
        types = {_json_type(value) for value in node["enum"]}
    return {str(t) for t in types}


def _json_type(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "integer"
    if isinstance(value, float):
        return "number"
    names: dict[type, str] = {str: "string", list: "array", dict: "object"}
    return names.get(type(value), "any")


class _Walker:
    def __init__(self, old_root: Any, new_root: Any) -> None:
        self.roots = (old_root, new_root)
        self.found: list[Change] = []
        self.uses: dict[str, Trail] = {}
        self.visited: set[tuple[str, str]] = set()

    # -- places ------------------------------------------------------------------------------------

    def pair(self, old: Any, new: Any, paths: tuple[str, str], trail: Trail, context: str = "") -> None:
        old, new = as_object_schema(old), as_object_schema(new)
        target = old.get("$ref")
        if isinstance(target, str) and target == new.get("$ref") and self._defined(target):
            # The same place in both: compared where it lives (a `$defs` entry once, reached by its first use).
            if target.startswith(("#/$defs/", "#/definitions/")):
                self.uses.setdefault(target, trail)
            old, new = _without_ref(old), _without_ref(new)
        elif "$ref" in old or "$ref" in new:
            key = (str(old.get("$ref")), str(new.get("$ref")))
            if key in self.visited:
                return
            self.visited.add(key)
            old = as_object_schema(resolve_local_ref(self.roots[0], old))
            new = as_object_schema(resolve_local_ref(self.roots[1], new))
        self._node(old, new, paths, trail, context)

    def _defined(self, ref: str) -> bool:
        if not ref.startswith("#"):
            return False
        try:
            return all(isinstance(follow_pointer(root, ref[1:]), dict | bool) for root in self.roots)
        except KeyError:
            return False

    def _node(
        self, old: dict[str, Any], new: dict[str, Any], paths: tuple[str, str], trail: Trail, context: str
    ) -> None:
        old_props, new_props = _map(old, "properties"), _map(new, "properties")
        moved = frozenset(old_props.keys() ^ new_props.keys())
        structural = [k for k in COMPOSITION if (k in old) != (k in new)]
        for keyword in ("anyOf", "oneOf"):
            if keyword in old and keyword in new and not _matchable(old[keyword], new[keyword]):
                structural.append(keyword)
        local_old, local_new = _local(old, moved), _local(new, moved)
        if local_old != local_new or structural:
            differing = sorted(k for k in local_old.keys() | local_new.keys() if local_old.get(k) != local_new.get(k))
            rule, message = self._name(old, new, differing, structural, context)
            keyword = differing[0] if len(differing) == 1 and not structural else ""
            where = _join(paths, keyword) if keyword in ("required", "dependentRequired") else paths
            self.found.append(Change(rule, where[1], message, old, new, trail, paths[0]))
        self._properties(old, new, paths, trail, context)
        self._maps(old, new, paths, trail, context)
        self._singles(old, new, paths, trail, context, skip=structural)
        self._lists(old, new, paths, trail, context, skip=structural)

    def _name(
        self, old: dict[str, Any], new: dict[str, Any], differing: list[str], structural: list[str], context: str
    ) -> tuple[str, str]:
        for side, word in ((new, "became"), (old, "was")):
            if canonical(side) == {"not": {}}:
                return context or "schema-changed", f"the schema {word} `false` (it accepts nothing)"
        if context:
            return context, _describe(old, new, differing + structural)
        types_old, types_new = _effective_types(self.roots[0], old), _effective_types(self.roots[1], new)
        if ("type" in differing or structural) and types_old != types_new:
            if types_old ^ types_new == {"null"}:
                rule = "nullability-added" if "null" in types_new else "nullability-removed"
                return rule, "null is now allowed" if "null" in types_new else "null is no longer allowed"
            shown = f"{'|'.join(sorted(types_old)) or 'any'} → {'|'.join(sorted(types_new)) or 'any'}"
            return "type-changed", f"type changed: {shown}"
        for keyword in ("anyOf", "oneOf"):
            if keyword in structural:
                verb = "added" if keyword in new else "removed"
                count = len(new[keyword] if keyword in new else old[keyword])
                return f"alternative-{verb}", f"`{keyword}` of {count} alternatives {verb}"
        if "enum" in differing and isinstance(old.get("enum"), list) and isinstance(new.get("enum"), list):
            added = [v for v in new["enum"] if v not in old["enum"]]
            removed = [v for v in old["enum"] if v not in new["enum"]]
            parts = [f"gains {', '.join(map(_json, added))}"] if added else []
            parts += [f"loses {', '.join(map(_json, removed))}"] if removed else []
            rule = "enum-values-changed" if added and removed else "enum-value-added" if added else "enum-value-removed"
            return rule, f"enum {' and '.join(parts) or 'changed'}"
        if "enum" in differing or "const" in differing:
            return "enum-values-changed" if "enum" in differing else "const-changed", _describe(old, new, differing)
        if "pattern" in differing:
            return "pattern-changed", _describe(old, new, ["pattern"])
        if any(k in _BOUNDS for k in differing):
            return "constraint", _describe(old, new, [k for k in differing if k in _BOUNDS])
        if "required" in differing:
            before, after = set(old.get("required", [])), set(new.get("required", []))
            names = sorted(after - before) or sorted(before - after)
            rule = "property-became-required" if after - before else "property-became-optional"
            return rule, f"{', '.join(f'`{n}`' for n in names)} became {'required' if after - before else 'optional'}"
        if "dependentRequired" in differing:
            return "dependency-changed", _describe(old, new, ["dependentRequired"])
        if "uniqueItems" in differing:
            return "items-changed", _describe(old, new, ["uniqueItems"])
        if "not" in structural:
            return "negation-changed", _describe(old, new, structural)
        if any(k in structural for k in ("if", "then", "else")):
            return "rule-changed", _describe(old, new, structural)
        return "schema-changed", _describe(old, new, differing + structural)

    # -- children ----------------------------------------------------------------------------------

    def _properties(
        self, old: dict[str, Any], new: dict[str, Any], paths: tuple[str, str], trail: Trail, context: str
    ) -> None:
        old_props, new_props = _map(old, "properties"), _map(new, "properties")
        old_required, new_required = set(old.get("required", [])), set(new.get("required", []))
        for name in list(dict.fromkeys([*old_props, *new_props])):
            where = _join(paths, "properties", name)
            level = TrailLevel(Step("key", name), old, new)
            if name in old_props and name in new_props:
                self.pair(old_props[name], new_props[name], where, (*trail, level), context)
            elif name in new_props:
                required = name in new_required
                rule = context or ("property-added-required" if required else "property-added-optional")
                text = f"new {'required' if required else 'optional'} property `{name}`"
                self.found.append(Change(rule, where[1], text, None, new_props[name], (*trail, level), where[0]))
            else:
                text = f"property `{name}` was removed" + (" (it was required)" if name in old_required else "")
                rule = context or "property-removed"
                self.found.append(Change(rule, where[0], text, old_props[name], None, (*trail, level), where[0]))

    def _maps(
        self, old: dict[str, Any], new: dict[str, Any], paths: tuple[str, str], trail: Trail, context: str
    ) -> None:
        for keyword in ("patternProperties", "dependentSchemas"):
            old_map, new_map = _map(old, keyword), _map(new, keyword)
            for key in list(dict.fromkeys([*old_map, *new_map])):
                where = _join(paths, keyword, key)
                step = Step("pattern", key) if keyword == "patternProperties" else Step("depends", key)
                level = TrailLevel(step, old, new)
                if key in old_map and key in new_map:
                    self.pair(old_map[key], new_map[key], where, (*trail, level), context)
                    continue
                if keyword == "patternProperties":
                    rule = context or "content-model"
                    now = "are now described" if key in new_map else "are no longer described"
                    text = f"properties matching `{key}` {now}"
                else:
                    rule = context or ("dependency-added" if key in new_map else "dependency-removed")
                    text = f"a rule for objects with `{key}` was {'added' if key in new_map else 'removed'}"
                shown = where[1] if key in new_map else where[0]
                self.found.append(
                    Change(rule, shown, text, old_map.get(key), new_map.get(key), (*trail, level), where[0])
                )

    def _singles(
        self,
        old: dict[str, Any],
        new: dict[str, Any],
        paths: tuple[str, str],
        trail: Trail,
        context: str,
        skip: list[str],
    ) -> None:
        for keyword in SINGLE_SUBSCHEMA:
            if keyword in skip or (keyword not in old and keyword not in new):
                continue
            where = _join(paths, keyword)
            step = _single_step(keyword, old, new)
            level = TrailLevel(step, old, new)
            inner = context or _context_of(keyword)
            if keyword in old and keyword in new:
                if not isinstance(old[keyword], bool) and not isinstance(new[keyword], bool):
                    self.pair(old[keyword], new[keyword], where, (*trail, level), inner)
                elif canonical(old[keyword]) != canonical(new[keyword]):
                    rule = inner or "schema-changed"
                    text = _describe(old, new, [keyword])
                    self.found.append(
                        Change(rule, where[1], text, old[keyword], new[keyword], (*trail, level), where[0])
                    )
                continue
            if "anyOf" in skip or "oneOf" in skip:
                continue  # the place was rewritten (e.g. `anyOf` of types for `type`): one change, said above
            rule = inner or (
                "content-model" if keyword in ("additionalProperties", "unevaluatedProperties") else "items-changed"
            )
            text = _describe(old, new, [keyword])
            shown = where[1] if keyword in new else where[0]
            self.found.append(Change(rule, shown, text, old.get(keyword), new.get(keyword), (*trail, level), where[0]))

    def _lists(
        self,
        old: dict[str, Any],
        new: dict[str, Any],
        paths: tuple[str, str],
        trail: Trail,
        context: str,
        skip: list[str],
    ) -> None:
        for keyword in LIST_SUBSCHEMAS:
            if keyword in skip:
                continue
            old_list, new_list = _list(old, keyword), _list(new, keyword)
            if not old_list and not new_list:
                continue
            pairs, added, removed = _match(keyword, old_list, new_list)
            for old_index, new_index in pairs:
                step = Step("index", new_index) if keyword == "prefixItems" else Step("same")
                level = TrailLevel(step, old, new)
                inner = context or ("rule-changed" if keyword == "allOf" and _is_rule(new_list[new_index]) else "")
                where = (_join(paths, keyword, old_index)[0], _join(paths, keyword, new_index)[1])
                self.pair(old_list[old_index], new_list[new_index], where, (*trail, level), inner)
            for index, side in [(i, "new") for i in added] + [(i, "old") for i in removed]:
                schema = (new_list if side == "new" else old_list)[index]
                step = Step("index", index) if keyword == "prefixItems" else Step("same")
                level = TrailLevel(step, old, new)
                rule, text = _list_change(keyword, side, index, schema, context)
                before, after = (None, schema) if side == "new" else (schema, None)
                where = _join(paths, keyword, index)
                shown = where[1] if side == "new" else where[0]
                self.found.append(Change(rule, shown, text, before, after, (*trail, level), where[0]))

    def defs(self) -> None:
        """Compare every `$defs` entry present in both versions and used by either, at its own place."""
        done: set[str] = set()
        while True:
            pending = [name for name in self.uses if name not in done]
            if not pending:
                return
            for ref in pending:
                done.add(ref)
                place = ref[1:]
                old, new = (follow_pointer(root, place) for root in self.roots)
                self.pair(old, new, (place, place), self.uses[ref])


def _join(paths: tuple[str, str], *parts: str | int) -> tuple[str, str]:
    tail = "".join(f"/{escape_token(part)}" for part in parts)
    return paths[0] + tail, paths[1] + tail


def _without_ref(node: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in node.items() if key != "$ref"}


def _map(node: dict[str, Any], keyword: str) -> dict[str, Any]:
    value = node.get(keyword)
    return value if isinstance(value, dict) else {}


def _list(node: dict[str, Any], keyword: str) -> list[Any]:
    value = node.get(keyword)
    return value if isinstance(value, list) else []


def _matchable(old: Any, new: Any) -> bool:
    return isinstance(old, list) and isinstance(new, list)


def _is_rule(node: Any) -> bool:
    return isinstance(node, dict) and any(k in node for k in ("if", "then", "else"))


def _single_step(keyword: str, old: dict[str, Any], new: dict[str, Any]) -> Step:
    if keyword in ("additionalProperties", "unevaluatedProperties"):
        return Step("extra")
    if keyword == "propertyNames":
        return Step("name")
    if keyword in ("items", "unevaluatedItems"):
        return Step("item", max(len(_list(old, "prefixItems")), len(_list(new, "prefixItems"))))
    if keyword == "contains":
        return Step("index", 0)
    if keyword in ("if", "then", "else"):
        return Step(keyword)
    return Step("same")


def _context_of(keyword: str) -> str:
    return {
        "not": "negation-changed",
        "if": "rule-changed",
        "then": "rule-changed",
        "else": "rule-changed",
        "propertyNames": "property-names-changed",
        "contains": "items-changed",
        "additionalProperties": "content-model",
        "unevaluatedProperties": "content-model",
    }.get(keyword, "")


def _match(keyword: str, old: list[Any], new: list[Any]) -> tuple[list[tuple[int, int]], list[int], list[int]]:
    """Pairs of (old index, new index), and the new and old indexes left alone."""
    if keyword == "prefixItems":
        common = min(len(old), len(new))
        return [(i, i) for i in range(common)], list(range(common, len(new))), list(range(common, len(old)))
    pairs: list[tuple[int, int]] = []
    free_old, free_new = list(range(len(old))), list(range(len(new)))
    for matcher in (_same_title, _same_view):
        for j in list(free_new):
            for i in list(free_old):
                if matcher(old[i], new[j]):
                    pairs.append((i, j))
                    free_old.remove(i)
                    free_new.remove(j)
                    break
    if keyword == "allOf" or len(free_old) == len(free_new):
        while free_old and free_new and (keyword != "allOf" or len(free_old) == len(free_new)):
            pairs.append((free_old.pop(0), free_new.pop(0)))
    return sorted(pairs, key=lambda p: p[1]), free_new, free_old


def _same_title(old: Any, new: Any) -> bool:
    return isinstance(old, dict) and isinstance(new, dict) and "title" in old and old.get("title") == new.get("title")


def _same_view(old: Any, new: Any) -> bool:
    return bool(canonical(old) == canonical(new))


def _list_change(keyword: str, side: str, index: int, schema: Any, context: str) -> tuple[str, str]:
    verb = "added" if side == "new" else "removed"
    if context:
        return context, f"`{keyword}/{index}` was {verb}"
    if keyword == "allOf":
        title = schema.get("title") if isinstance(schema, dict) else None
        named = f" `{title}`" if isinstance(title, str) else ""
        return f"rule-{verb}", f"rule{named} (`allOf/{index}`) was {verb}"
    if keyword == "prefixItems":
        return "items-changed", f"array position {index} (`prefixItems/{index}`) was {verb}"
    return f"alternative-{verb}", f"alternative `{keyword}/{index}` was {verb}"


def _describe(old: dict[str, Any], new: dict[str, Any], keywords: list[str]) -> str:
    parts = []
    for keyword in keywords:
        before = _json(old[keyword]) if keyword in old else "absent"
        after = _json(new[keyword]) if keyword in new else "absent"
        if len(before) > 60:
            before = "…"
        if len(after) > 60:
            after = "…"
        parts.append(f"{keyword}: {before} → {after}")
    return "; ".join(parts) or "changed"


def find_changes(old_root: Any, new_root: Any) -> list[Change]:
    """Every changed place between two versions of one schema, in document order."""
    if canonical(old_root) == canonical(new_root):
        return []
    walker = _Walker(old_root, new_root)
    walker.pair(old_root, new_root, ("", ""), ())
    walker.defs()
    return walker.found
