"""Schema navigation, in one place: read a schema file, follow JSON Pointers and local ``$ref``s.

``validate``, ``diff`` and ``codegen`` all read schemas through this module (as hypothesis-jsonschema keeps
its resolver apart); it depends on nothing but orjson and the package's errors.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import orjson

from schema_contracts.errors import SchemaFileError

__all__ = ["follow_pointer", "read_json_file", "resolve_local_ref"]

_BOM = b"\xef\xbb\xbf"


def read_json_file(path: Path, what: str = "schema file") -> Any:
    """The parsed JSON of ``path``; ``what`` names it in errors ("schema file", "contract index", ...)."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError as error:
        raise SchemaFileError(f"{what} {path} does not exist") from error
    except OSError as error:
        raise SchemaFileError(f"cannot read {what} {path}: {error.strerror or error}") from error
    try:
        return orjson.loads(raw.removeprefix(_BOM))
    except orjson.JSONDecodeError as error:
        raise SchemaFileError(f"{what} {path} is not JSON: {error}") from error


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
