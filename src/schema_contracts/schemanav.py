"""Schema navigation, in one place: read a schema file, follow JSON Pointers and local ``$ref``s, walk subschemas.

``validate``, ``diff`` and ``codegen`` all read schemas through this module (as hypothesis-jsonschema keeps
its resolver apart); it depends on nothing but orjson and the package's errors.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import orjson

from schema_contracts.errors import SchemaFileError, SchemaTooDeepError, SchemaTooLargeError, SpecialFileError
from schema_contracts.safefiles import NotRegularFileError, TooLargeError, open_regular, read_at_most

__all__ = [
    "ANNOTATIONS",
    "DEFINITIONS",
    "LIST_SUBSCHEMAS",
    "MAP_SUBSCHEMAS",
    "MAX_SCHEMA_BYTES",
    "MAX_SCHEMA_DEPTH",
    "ROOT_SHOWN",
    "SINGLE_SUBSCHEMA",
    "as_object_schema",
    "canonical",
    "check_depth",
    "escape_token",
    "follow_pointer",
    "nesting_depth",
    "parse_json",
    "read_json_file",
    "resolve_local_ref",
    "shown_pointer",
    "split_pointer",
    "subschemas",
    "to_pointer",
    "walk_subschemas",
]

_BOM = b"\xef\xbb\xbf"

# Bounds on what a schema file (or a file a `$ref` names) may be; the README's "Limits and guarantees" states them.
MAX_SCHEMA_BYTES = 16 * 1024 * 1024
MAX_SCHEMA_DEPTH = 128  # nesting of objects and arrays; real schemas stay far below, recursion stays safe


def read_json_file(path: Path, what: str = "schema file") -> Any:
    """The parsed JSON of ``path``; ``what`` names it in errors ("schema file", "contract index", ...).

    Only a regular file is read (never a FIFO or a device), at most MAX_SCHEMA_BYTES of it, and a document nested
    deeper than MAX_SCHEMA_DEPTH is refused: each is a SchemaFileError subclass saying which limit.
    """
    try:
        with open_regular(path) as stream:
            raw = read_at_most(stream, MAX_SCHEMA_BYTES, str(path))
    except FileNotFoundError as error:
        raise SchemaFileError(f"{what} {path} does not exist") from error
    except NotRegularFileError as error:
        raise SpecialFileError(f"{what} {path} is not read: {error.strerror}") from error
    except TooLargeError as error:
        raise SchemaTooLargeError(f"{what} {path} is not read: {error.strerror}") from error
    except OSError as error:
        raise SchemaFileError(f"cannot read {what} {path}: {error.strerror or error}") from error
    return parse_json(raw, f"{what} {path}")


def parse_json(raw: bytes, described: str) -> Any:
    """The parsed JSON of ``raw`` (a leading BOM skipped); deeper than MAX_SCHEMA_DEPTH is refused.

    ``described`` names the document in errors ("schema file x").
    """
    try:
        document = orjson.loads(raw.removeprefix(_BOM))
    except orjson.JSONDecodeError as error:
        if _raw_depth(raw) > MAX_SCHEMA_DEPTH:  # the parser's own limit is deeper than ours
            raise SchemaTooDeepError(f"{described} is too deep: nested more than {MAX_SCHEMA_DEPTH} levels") from error
        raise SchemaFileError(f"{described} is not JSON: {error}") from error
    check_depth(document, described)
    return document


def _raw_depth(raw: bytes) -> int:
    """How deeply the JSON text ``raw`` nests (brackets outside strings), for refusing it as too deep."""
    depth = deepest = 0
    in_string = escaped = False
    for byte in raw:
        if in_string:
            if escaped:
                escaped = False
            elif byte == 0x5C:  # backslash
                escaped = True
            elif byte == 0x22:  # quote
                in_string = False
        elif byte == 0x22:
            in_string = True
        elif byte in (0x5B, 0x7B):  # [ {
            depth += 1
            deepest = max(deepest, depth)
        elif byte in (0x5D, 0x7D):  # ] }
            depth -= 1
    return deepest


def check_depth(document: Any, where: str, limit: int = MAX_SCHEMA_DEPTH) -> None:
    """SchemaTooDeepError when ``document`` nests objects and arrays deeper than ``limit`` (checked iteratively)."""
    stack: list[tuple[Any, int]] = [(document, 0)]
    while stack:
        node, depth = stack.pop()
        if isinstance(node, dict | list):
            if depth >= limit:
                raise SchemaTooDeepError(f"{where} is too deep: nested more than {limit} levels")
            children = node.values() if isinstance(node, dict) else node
            stack.extend((child, depth + 1) for child in children)


def _unescape(token: str) -> str:
    return token.replace("~1", "/").replace("~0", "~")


def split_pointer(pointer: str) -> list[str]:
    """The reference tokens of a JSON Pointer, unescaped (``"/a~1b/0"`` is ``["a/b", "0"]``)."""
    return [_unescape(token) for token in pointer.split("/")[1:]]


def follow_pointer(document: Any, pointer: str | Sequence[str | int]) -> Any:
    """The value at a JSON Pointer (``"/$defs/Name"``, or its parts) in ``document``; KeyError when absent."""
    parts: Sequence[str | int] = (
        [_unescape(token) for token in pointer.split("/")[1:]] if isinstance(pointer, str) else pointer
    )
    node = document
    for part in parts:
        if isinstance(node, list):
            try:
                node = node[int(part)]
            except (ValueError, IndexError) as error:
                raise KeyError(part) from error
        elif isinstance(node, dict):
            node = node[str(part)]
        else:
            raise KeyError(part)
    return node


def resolve_local_ref(root: Any, node: Any) -> Any:
    """``node`` with a local ``$ref`` (``#/...``) followed, repeatedly; sibling keywords of the ref are kept.

    A ``$ref`` that is not local, or points nowhere, is left as it is.
    """
    seen: set[str] = set()
    while isinstance(node, dict):
        ref = node.get("$ref")
        if not isinstance(ref, str) or not ref.startswith("#") or ref in seen:
            return node
        seen.add(ref)
        try:
            target = follow_pointer(root, ref[1:])
        except KeyError:
            return node
        siblings = {key: value for key, value in node.items() if key != "$ref"}
        node = {**target, **siblings} if isinstance(target, dict) else target
    return node


# -- walking subschemas ------------------------------------------------------------------------------

# Keywords of 2020-12 whose value is one subschema, a map of names to subschemas, or a list of subschemas.
SINGLE_SUBSCHEMA = (
    "additionalProperties",
    "propertyNames",
    "items",
    "contains",
    "not",
    "if",
    "then",
    "else",
    "unevaluatedItems",
    "unevaluatedProperties",
)
MAP_SUBSCHEMAS = ("properties", "patternProperties", "dependentSchemas")
LIST_SUBSCHEMAS = ("allOf", "anyOf", "oneOf", "prefixItems")
# Keywords that say something about a schema but never decide whether an instance is valid.
ANNOTATIONS = frozenset(
    {
        "$schema",
        "$id",
        "$anchor",
        "$dynamicAnchor",
        "$comment",
        "$vocabulary",
        "title",
        "description",
        "examples",
        "default",
        "deprecated",
        "readOnly",
        "writeOnly",
        "contentMediaType",
        "contentEncoding",
        "contentSchema",
    }
)
DEFINITIONS = ("$defs", "definitions")


def escape_token(token: str | int) -> str:
    """One JSON Pointer reference token, escaped (``~`` and ``/``)."""
    return str(token).replace("~", "~0").replace("/", "~1")


def to_pointer(parts: Sequence[str | int]) -> str:
    """The JSON Pointer of ``parts`` (``""`` for the root)."""
    return "".join("/" + escape_token(part) for part in parts)


ROOT_SHOWN = "(root)"


def shown_pointer(pointer: str) -> str:
    """A JSON Pointer as people read it in text output: itself, or ``(root)`` for the empty pointer of the root.

    The one spelling of the root in every human-readable output; JSON output keeps the pointer itself (``""``).
    """
    return pointer or ROOT_SHOWN


def subschemas(node: Any) -> Iterator[tuple[tuple[str | int, ...], Any]]:
    """The direct subschemas of ``node``: (the keyword path from ``node``, the subschema), in document order.

    ``$defs`` entries are included (as ``("$defs", name)``); values of data keywords (``enum``, ``const``,
    ``examples``, ``default``) never are.
    """
    if not isinstance(node, dict):
        return
    for keyword, value in node.items():
        if keyword in SINGLE_SUBSCHEMA and isinstance(value, dict | bool):
            yield (keyword,), value
        elif (keyword in MAP_SUBSCHEMAS or keyword in DEFINITIONS) and isinstance(value, dict):
            for name, child in value.items():
                if isinstance(child, dict | bool):
                    yield (keyword, name), child
        elif keyword in LIST_SUBSCHEMAS and isinstance(value, list):
            for index, child in enumerate(value):
                if isinstance(child, dict | bool):
                    yield (keyword, index), child


def walk_subschemas(root: Any) -> Iterator[tuple[str, Any]]:
    """Every subschema of ``root`` with its JSON Pointer, the root first (depth first, iteratively)."""
    stack: list[tuple[str, Any]] = [("", root)]
    while stack:
        pointer, node = stack.pop()
        yield pointer, node
        children = [(pointer + to_pointer(path), child) for path, child in subschemas(node)]
        stack.extend(reversed(children))


def nesting_depth(document: Any, limit: int = MAX_SCHEMA_DEPTH) -> int:
    """How deeply ``document`` nests (a scalar is 0), counted without recursion; stops counting past ``limit``."""
    deepest = 0
    stack: list[tuple[Any, int]] = [(document, 0)]
    while stack:
        node, depth = stack.pop()
        if isinstance(node, dict | list):
            depth += 1
            deepest = max(deepest, depth)
            if depth > limit:
                return depth
            stack.extend((child, depth) for child in (node.values() if isinstance(node, dict) else node))
    return deepest


def as_object_schema(node: Any) -> dict[str, Any]:
    """A schema as an object: ``true`` is ``{}`` and ``false`` is ``{"not": {}}``; anything else unchanged."""
    if node is True:
        return {}
    if node is False:
        return {"not": {}}
    return node if isinstance(node, dict) else {}


def _sorted_json(values: list[Any]) -> list[Any]:
    return sorted(values, key=lambda value: orjson.dumps(value, option=orjson.OPT_SORT_KEYS))


def canonical(node: Any) -> Any:
    """A view of a schema for comparison, in which annotations and keyword order do not count.

    Annotations are dropped, order-free keywords (``enum``, ``type``, ``required``, ``anyOf``, ``oneOf``)
    sorted, ``true``/``false`` written as objects. Two schemas with equal views accept the same instances (the
    converse does not hold: the view is syntactic).
    """
    node = as_object_schema(node)
    view: dict[str, Any] = {}
    for keyword, value in node.items():
        if keyword in ANNOTATIONS or keyword.startswith("x-"):
            continue
        if keyword in SINGLE_SUBSCHEMA:
            view[keyword] = canonical(value)
        elif keyword in MAP_SUBSCHEMAS or keyword in DEFINITIONS:
            view[keyword] = (
                {name: canonical(child) for name, child in value.items()} if isinstance(value, dict) else value
            )
        elif keyword in LIST_SUBSCHEMAS and isinstance(value, list):
            children = [canonical(child) for child in value]
            view[keyword] = children if keyword in ("allOf", "prefixItems") else _sorted_json(children)
        elif keyword in ("enum", "required") and isinstance(value, list):
            view[keyword] = _sorted_json(value)
        elif keyword == "type" and isinstance(value, list):
            view[keyword] = sorted(value) if len(value) != 1 else value[0]
        else:
            view[keyword] = value
    return view
