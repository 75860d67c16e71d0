"""Schema navigation, in one place: read a schema file, follow JSON Pointers and local ``$ref``s.

``validate``, ``diff`` and ``codegen`` all read schemas through this module (as hypothesis-jsonschema keeps
its resolver apart); it depends on nothing but orjson and the package's errors.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import orjson

from schema_contracts.errors import SchemaFileError, SchemaTooDeepError, SchemaTooLargeError, SpecialFileError
from schema_contracts.safefiles import NotRegularFileError, TooLargeError, open_regular, read_at_most

__all__ = [
    "MAX_SCHEMA_BYTES",
    "MAX_SCHEMA_DEPTH",
    "check_depth",
    "follow_pointer",
    "read_json_file",
    "resolve_local_ref",
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
    try:
        document = orjson.loads(raw.removeprefix(_BOM))
    except orjson.JSONDecodeError as error:
        raise SchemaFileError(f"{what} {path} is not JSON: {error}") from error
    check_depth(document, f"{what} {path}")
    return document


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
