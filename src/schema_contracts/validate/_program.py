"""Translate a schema file into the program that the native checker (``_native.c``) runs.

``translate(document)`` returns the program, or raises ``Unsupported`` when the schema uses anything not
translated exactly; the caller then has no native path for it. A program is a node:

- ``kinds``: the JSON kinds accepted, as bits (``KIND_BITS``; an integer token and any other number apart);
- strings: ``min_length``, ``max_length`` (code points), ``enum`` (UTF-8 texts), ``base64`` (the contract's rule);
- numbers: ``ge``, ``gt``, ``le``, ``lt`` (doubles that hold the schema's bound exactly);
- arrays: ``items`` (a node, or None for any value), ``min_items``, ``max_items``;
- objects: ``properties`` (pairs of a UTF-8 name and a node or None), ``required`` (their indices), ``closed``
  (``additionalProperties: false``), ``additional`` (the node of other members; None for any value);
- ``conditions``: pairs of (the kinds they apply to, a predicate) for ``if``/``then``/``else``, ``not``, ``allOf``.

A predicate is a tuple: ``("true",)``, ``("false",)``, ``("and"|"or"|"one", p, ...)``, ``("not", p)``,
``("present", i)``, ``("kind", i, bits)``, ``("in", i, texts, null_ok)``, where ``i`` is a declared member's index
or -1 for the value itself. The checker evaluates them over three values (true, false, unknown) and accepts only
on true. Everything is exact or stricter (a stricter check sends a payload to the exact path, never to a wrong
verdict); the property tests (tests/property/test_fast_path.py) hold it to python-jsonschema and jsonschema-rs.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from schema_contracts.base64_rule import BASE64_PATTERN, LINE_FEED_PATTERN, LOOKAHEAD_BASE64_PATTERN
from schema_contracts.schemanav import ANNOTATIONS as NON_VALIDATING
from schema_contracts.schemanav import DEFINITIONS, follow_pointer

__all__ = [
    "ANNOTATIONS",
    "MAX_FAST_DEPTH",
    "NESTING",
    "SchemaWalker",
    "Unsupported",
    "exact_bound",
    "length_bound",
    "translate",
]

T = TypeVar("T")

K_NULL, K_BOOL, K_INT, K_FLOAT, K_STRING, K_ARRAY, K_OBJECT = 1, 2, 4, 8, 16, 32, 64
K_ALL = 127
KIND_BITS = {
    "null": K_NULL,
    "boolean": K_BOOL,
    "integer": K_INT,
    "number": K_INT | K_FLOAT,
    "string": K_STRING,
    "array": K_ARRAY,
    "object": K_OBJECT,
}
NESTING = 32  # schema nesting a translation follows before giving up
# Payload values nested deeper than this take the exact path (which has a depth limit of its own); the native
# checker's MAX_DEPTH is the same.
MAX_FAST_DEPTH = 64
MAX_PROPERTIES = 64  # one bit each in the checker's mask of members seen
# Bounds in the schema must compare exactly with a double.
_EXACT_FLOAT = 2**53

# What a translation passes over: keywords that never decide validity, and the folders of definitions (reached
# only through a `$ref`, which is followed).
ANNOTATIONS = NON_VALIDATING | frozenset(DEFINITIONS)
CHECK_KEYWORDS = ("allOf", "if", "then", "else", "not")
# The contract's base64 rule, in either form schema files carry; checked natively with the same verdict
# (base64_rule; jsonschema-rs reads `$` as the end of the text, so the pattern alone agrees too).
BASE64_PATTERNS = frozenset({BASE64_PATTERN, LOOKAHEAD_BASE64_PATTERN})
LINE_FEED_REFUSAL = {"type": "string", "pattern": LINE_FEED_PATTERN}


class Unsupported(Exception):
    """The schema uses something a fast path does not translate exactly: no such fast path for it."""


def exact_bound(value: Any) -> int | float:
    """A numeric bound that a double holds exactly."""
    if isinstance(value, bool) or not isinstance(value, int | float) or abs(value) > _EXACT_FLOAT:
        raise Unsupported("a bound that a double does not hold exactly")
    return value


def length_bound(value: Any) -> int:
    """A length bound: a non-negative integer."""
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise Unsupported("a length that is not a non-negative integer")
    return value


class SchemaWalker:
    """What both fast-path translators share: how a subschema splits, and local ``$ref``s followed.

    A subschema splits into the keywords its node carries, the contract's base64 rule and the conditions
    (``if``, ``not``, ``allOf``...); a ``$ref`` is followed once per path, so a cycle is refused.
    """

    def __init__(self, document: Any) -> None:
        self.document = document
        self._resolving: list[str] = []

    def follow(self, ref: Any, build: Callable[[Any], T]) -> T:
        """``build`` applied to the target of a local, non-recursive ``$ref``."""
        if not isinstance(ref, str) or not ref.startswith("#") or ref in self._resolving:
            raise Unsupported("a non-local or recursive $ref")
        try:
            target = follow_pointer(self.document, ref[1:])
        except KeyError as error:
            raise Unsupported(f"unresolvable $ref {ref}") from error
        self._resolving.append(ref)
        try:
            return build(target)
        finally:
            self._resolving.pop()

    @staticmethod
    def split(schema: Any, depth: int) -> tuple[dict[str, Any], bool, dict[str, Any]] | None:
        """(keywords to translate, whether the base64 rule applies, conditions); None for ``true``.

        A ``$ref`` comes back alone in the keywords, for the caller to follow.
        """
        if depth > NESTING:
            raise Unsupported("nested too deeply")
        if schema is True:
            return None
        if not isinstance(schema, dict):
            raise Unsupported("a `false` schema")
        keywords = {key: value for key, value in schema.items() if key not in ANNOTATIONS}
        if "$ref" in keywords:
            if len(keywords) > 1:
                raise Unsupported("a $ref with sibling keywords")
            return keywords, False, {}
        base64 = keywords.get("pattern") in BASE64_PATTERNS
        if base64:
            del keywords["pattern"]
            if keywords.get("not") == LINE_FEED_REFUSAL:
                del keywords["not"]  # base64 text never holds a line feed: the rule's second half, checked with it
        conditions = {key: keywords.pop(key) for key in CHECK_KEYWORDS if key in keywords}
        return keywords, base64, conditions


def translate(document: Any) -> dict[str, Any]:
    """The native checker's program for a schema document; Unsupported when it cannot be exact."""
    program = _finish(_Translator(document).node(document))
    assert program is not None
    return program


def _texts(values: list[Any]) -> tuple[bytes, ...]:
    return tuple(value.encode("utf-8", "surrogatepass") for value in values if isinstance(value, str))


def _kinds_of(node: dict[str, Any]) -> int:
    return int(node.get("kinds", K_ALL))


class _Translator(SchemaWalker):
    # -- schema to node ------------------------------------------------------------------------------------
    def node(self, schema: Any, depth: int = 0) -> dict[str, Any]:
        parts = self.split(schema, depth)
        if parts is None:
            return {}
        schema, base64, conditions = parts
        if "$ref" in schema:
            return dict(self.follow(schema["$ref"], lambda target: self.node(target, depth + 1)))
        if "anyOf" in schema or "oneOf" in schema:
            node = self._alternatives(schema, depth)
        else:
            node = self._typed(schema, depth)
        if conditions:
            predicate = self.predicate(conditions, node, -1, depth + 1)
            node["conditions"] = (*node.get("conditions", ()), (_kinds_of(node), predicate))
        if base64:
            node["base64"] = True
        return node

    def _alternatives(self, schema: dict[str, Any], depth: int) -> dict[str, Any]:
        name = "anyOf" if "anyOf" in schema else "oneOf"
        branches = schema.pop(name)
        if schema or not isinstance(branches, list) or not branches:
            raise Unsupported("alternatives with sibling keywords")
        return self._merge([self.node(branch, depth + 1) for branch in branches])

    @staticmethod
    def _merge(nodes: list[dict[str, Any]]) -> dict[str, Any]:
        """One node for alternatives of disjoint kinds: each kind keeps its own branch's constraints."""
        merged: dict[str, Any] = {"kinds": 0}
        conditions: tuple[Any, ...] = ()
        for node in nodes:
            kinds = _kinds_of(node)
            if kinds & merged["kinds"]:
                raise Unsupported("alternatives that overlap: anyOf and oneOf would need a search")
            merged.update({key: value for key, value in node.items() if key not in ("kinds", "conditions")})
            merged["kinds"] |= kinds
            conditions += tuple(node.get("conditions", ()))
        if conditions:
            merged["conditions"] = conditions
        return merged

    def _typed(self, schema: dict[str, Any], depth: int) -> dict[str, Any]:
        if "enum" in schema or "const" in schema:
            return self._enum(schema)
        kind = schema.pop("type", None)
        if kind is None:
            if schema:
                raise Unsupported(f"keywords without a type: {sorted(schema)}")
            return {}
        if isinstance(kind, list):
            if not kind:
                raise Unsupported("an empty type list")
            if len(kind) > 1:
                return self._merge([self._typed({**schema, "type": one}, depth) for one in kind])
            kind = kind[0]
        if kind not in KIND_BITS:
            raise Unsupported(f"type {kind!r}")
        node: dict[str, Any] = {"kinds": KIND_BITS[kind]}
        if kind == "string":
            self._lengths(schema, node, "minLength", "maxLength", "length")
        elif kind in ("integer", "number"):
            names = {"minimum": "ge", "maximum": "le", "exclusiveMinimum": "gt", "exclusiveMaximum": "lt"}
            node.update({names[key]: float(exact_bound(schema.pop(key))) for key in list(names) if key in schema})
        elif kind == "array":
            items = self.node(schema.pop("items", True), depth + 1)
            node["items"] = items or None
            self._lengths(schema, node, "minItems", "maxItems", "items")
        elif kind == "object":
            self._object(schema, node, depth)
        if schema:
            raise Unsupported(f"{kind} with {sorted(schema)}")
        return node

    @staticmethod
    def _lengths(schema: dict[str, Any], node: dict[str, Any], least: str, most: str, unit: str) -> None:
        if least in schema:
            node[f"min_{unit}"] = length_bound(schema.pop(least))
        if most in schema:
            node[f"max_{unit}"] = length_bound(schema.pop(most))

    def _enum(self, schema: dict[str, Any]) -> dict[str, Any]:
        values = schema.pop("enum") if "enum" in schema else [schema.pop("const")]
        kind = schema.pop("type", None)
        if schema or not isinstance(values, list) or not values:
            raise Unsupported("enum with other keywords, or an empty enum")
        if not all(value is None or isinstance(value, str) for value in values):
            raise Unsupported("an enum of anything but strings and null")
        allowed = {"string", "null"} if kind is None else set(kind if isinstance(kind, list) else [kind])
        if not allowed <= set(KIND_BITS):
            raise Unsupported(f"type {kind!r}")
        kinds = (K_STRING if "string" in allowed and _texts(values) else 0) | (
            K_NULL if "null" in allowed and None in values else 0
        )
        return {"kinds": kinds, "enum": _texts(values)}

    def _object(self, schema: dict[str, Any], node: dict[str, Any], depth: int) -> None:
        properties = schema.pop("properties", {})
        required = schema.pop("required", [])
        extra = schema.pop("additionalProperties", True)
        if not isinstance(properties, dict) or not isinstance(required, list):
            raise Unsupported("malformed properties or required")
        if not all(isinstance(name, str) for name in required) or len(set(required)) != len(required):
            raise Unsupported("a malformed required list")
        names = [*properties, *(name for name in required if name not in properties)]
        if len(names) > MAX_PROPERTIES:
            raise Unsupported("more properties than the checker's mask holds")
        if extra is False and set(required) - set(properties):
            raise Unsupported("a required name that additionalProperties: false refuses")
        if names:
            node["properties"] = tuple(
                (name.encode("utf-8", "surrogatepass"), self.node(properties.get(name, True), depth + 1) or None)
                for name in names
            )
            node["required"] = tuple(names.index(name) for name in required)
            node["names"] = names  # for conditions; dropped from the program by _finish
        if extra is False:
            node["closed"] = True
        elif extra is not True:
            node["additional"] = self.node(extra, depth + 1) or None

    # -- schema to predicate: keywords a node cannot carry -------------------------------------------------
    def predicate(self, schema: Any, node: dict[str, Any] | None, target: int, depth: int) -> tuple[Any, ...]:
        """Whether a value (the node's own, ``target`` -1, or its declared member ``target``) is valid."""
        if depth > NESTING:
            raise Unsupported("nested too deeply")
        if schema is True or schema == {}:
            return ("true",)
        if schema is False:
            return ("false",)
        if not isinstance(schema, dict):
            raise Unsupported("a malformed subschema")
        parts = [
            self._keyword(schema, key, value, node, target, depth)
            for key, value in schema.items()
            if key not in ANNOTATIONS and key not in ("then", "else")
        ]
        return parts[0] if len(parts) == 1 else ("and", *parts) if parts else ("true",)

    def _keyword(
        self, schema: dict[str, Any], key: str, value: Any, node: dict[str, Any] | None, target: int, depth: int
    ) -> tuple[Any, ...]:
        if key == "$ref":
            return self.follow(value, lambda subschema: self.predicate(subschema, node, target, depth + 1))
        if key == "if":
            condition = self.predicate(value, node, target, depth + 1)
            then = self.predicate(schema.get("then", True), node, target, depth + 1)
            otherwise = self.predicate(schema.get("else", True), node, target, depth + 1)
            return ("or", ("and", condition, then), ("and", ("not", condition), otherwise))
        if key == "not":
            return ("not", self.predicate(value, node, target, depth + 1))
        if key in ("allOf", "anyOf", "oneOf"):
            if not isinstance(value, list) or not value:
                raise Unsupported(f"a malformed {key}")
            branches = [self.predicate(branch, node, target, depth + 1) for branch in value]
            return ({"allOf": "and", "anyOf": "or", "oneOf": "one"}[key], *branches)
        if key in ("const", "enum"):
            values = [value] if key == "const" else value
            if not isinstance(values, list) or not all(item is None or isinstance(item, str) for item in values):
                raise Unsupported("an enum or const of anything but strings and null")
            return ("in", target, _texts(values), None in values)
        if key == "type":
            kinds = value if isinstance(value, list) else [value]
            if not kinds or not all(isinstance(kind, str) and kind in KIND_BITS for kind in kinds):
                raise Unsupported(f"type {value!r}")
            bits = 0
            for kind in kinds:
                bits |= KIND_BITS[kind]
            return ("kind", target, bits)
        if key in ("properties", "required") and target == -1 and node is not None and "names" in node:
            members = self._members(key, value, node, depth)
            if _kinds_of(node) == K_OBJECT:
                return members
            return ("or", ("not", ("kind", -1, K_OBJECT)), members)  # only objects have members to test
        raise Unsupported(f"{key} inside a condition")

    def _members(self, key: str, value: Any, node: dict[str, Any], depth: int) -> tuple[Any, ...]:
        names: list[str] = node["names"]
        closed = bool(node.get("closed"))
        if key == "required":
            if not isinstance(value, list) or not all(isinstance(name, str) for name in value):
                raise Unsupported("a malformed required list")
            tests: list[tuple[Any, ...]] = []
            for name in value:
                if name in names:
                    tests.append(("present", names.index(name)))
                elif closed:
                    tests.append(("false",))  # additionalProperties: false keeps it out
                else:
                    raise Unsupported("a condition on a member the schema does not declare")
            return ("and", *tests) if tests else ("true",)
        if not isinstance(value, dict):
            raise Unsupported("malformed properties")
        tests = []
        for name, subschema in value.items():
            if name not in names:
                if closed:
                    continue  # never present: the condition holds vacuously
                raise Unsupported("a condition on a member the schema does not declare")
            index = names.index(name)
            tests.append(("or", ("not", ("present", index)), self.predicate(subschema, None, index, depth + 1)))
        return ("and", *tests) if tests else ("true",)


def _finish(node: dict[str, Any] | None) -> dict[str, Any] | None:
    """The program as the checker reads it: the translator's bookkeeping (member names) left out."""
    if node is None:
        return None
    program = {key: value for key, value in node.items() if key != "names"}
    for key in ("items", "additional"):
        if key in program:
            program[key] = _finish(program[key])
    if "properties" in program:
        program["properties"] = tuple((name, _finish(child)) for name, child in program["properties"])
    return program
