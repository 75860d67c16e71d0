"""Render contract schemas to files, deterministically, and compare them with what is committed."""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from schema_contracts.artifacts import RenderedFile, diff_against
from schema_contracts.export._generator import contract_schema, schema_id
from schema_contracts.locations import INDEX_FILE, SCHEMA_SUFFIX
from schema_contracts.models.registry import CONTRACTS, Contract

__all__ = [
    "RenderedFile",
    "check_schema_files",
    "render_json",
    "render_schema_files",
]


def render_json(document: Any) -> str:
    """The one text form of every generated JSON file: 2-space indent, UTF-8 as is, trailing newline."""
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def _index(contracts: Iterable[Contract]) -> dict[str, Any]:
    return {
        "contracts": [
            {
                "name": contract.name,
                "direction": contract.direction.value,
                "$id": schema_id(contract.name),
                "file": contract.name + SCHEMA_SUFFIX,
                "description": contract.model.__doc__ or "",
            }
            for contract in contracts
        ]
    }


def render_schema_files(contracts: Iterable[Contract] = CONTRACTS) -> list[RenderedFile]:
    """Every file of the schema folder: one schema per contract plus the index of contracts."""
    contracts = tuple(contracts)
    files = [RenderedFile(c.name + SCHEMA_SUFFIX, render_json(contract_schema(c.model))) for c in contracts]
    files.append(RenderedFile(INDEX_FILE, render_json(_index(contracts))))
    return files


def check_schema_files(directory: Path, files: Iterable[RenderedFile]) -> str:
    """A unified diff from what ``directory`` holds to what the export would write; empty when up to date.

    Schema files that no contract produces any more count as stale too.
    """
    owned = directory.glob("*" + SCHEMA_SUFFIX) if directory.is_dir() else ()
    return diff_against(directory, files, owned)
