"""One change made alone: the old schema with only that change applied, to check an example shows it."""

from __future__ import annotations

import copy
from typing import Any

from schema_contracts.diff._changes import Change
from schema_contracts.schemanav import (
    LIST_SUBSCHEMAS,
    MAP_SUBSCHEMAS,
    SINGLE_SUBSCHEMA,
    as_object_schema,
    follow_pointer,
    split_pointer,
)

__all__ = ["isolate"]


def _children_keywords(old: dict[str, Any], new: dict[str, Any]) -> set[str]:
    """The keywords of a place compared on their own: subschemas present in both, and the definitions."""
    nested = (*SINGLE_SUBSCHEMA, *MAP_SUBSCHEMAS, *LIST_SUBSCHEMAS)
    return {k for k in nested if k in old and k in new} | {"$defs", "definitions"}


def isolate(old_root: Any, new_root: Any, change: Change) -> Any:
    """A copy of the old schema with only ``change`` made; None when its place cannot be found."""
    document = copy.deepcopy(old_root)
    if not isinstance(document, dict):
        return None
    parts = split_pointer(change.old_path)
    try:
        if change.old is not None and change.new is not None:
            target = follow_pointer(document, change.old_path)
            if not isinstance(target, dict) or not isinstance(change.new, dict):
                return _replaced(document, parts, copy.deepcopy(change.new))
            kept = _children_keywords(target, change.new)
            for key in list(target):
                if key not in kept:
                    del target[key]
            target.update({k: copy.deepcopy(v) for k, v in change.new.items() if k not in kept})
        elif change.new is not None:
            parent = _container(document, parts[:-1])
            if isinstance(parent, list):
                parent.append(copy.deepcopy(change.new))
            else:
                parent[parts[-1]] = copy.deepcopy(change.new)
        else:
            parent = follow_pointer(document, parts[:-1])
            del parent[int(parts[-1]) if isinstance(parent, list) else parts[-1]]
    except (KeyError, IndexError, TypeError, ValueError):
        return None
    _bring_defs(document, new_root)
    return document


def _replaced(document: dict[str, Any], parts: list[str], node: Any) -> Any:
    if not parts:
        return node
    parent = follow_pointer(document, parts[:-1])
    if isinstance(parent, list):
        parent[int(parts[-1])] = node
    else:
        parent[parts[-1]] = node
    return document


def _container(document: dict[str, Any], parts: list[str]) -> Any:
    node: Any = document
    for index, part in enumerate(parts):
        if isinstance(node, list):
            node = node[int(part)]
            continue
        key = part
        if key not in node:
            if index < len(parts) - 1:
                raise KeyError(key)
            node[key] = [] if key in LIST_SUBSCHEMAS else {}
        node = node[key]
    return node


def _bring_defs(document: dict[str, Any], new_root: Any) -> None:
    new_defs = as_object_schema(new_root).get("$defs")
    if isinstance(new_defs, dict):
        defs = document.setdefault("$defs", {})
        if isinstance(defs, dict):
            for name, node in new_defs.items():
                defs.setdefault(name, copy.deepcopy(node))
