"""Render contract schemas to files, deterministically, and compare them with what is committed."""

from __future__ import annotations

import difflib
import json
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from schema_contracts.errors import SchemaContractsError
from schema_contracts.export._generator import contract_schema, schema_id
from schema_contracts.locations import SCHEMA_SUFFIX
from schema_contracts.models.registry import CONTRACTS, Contract

__all__ = [
    "INDEX_FILE",
    "RenderedFile",
    "check_schema_files",
    "render_json",
    "render_schema_files",
    "write_schema_files",
]

INDEX_FILE = "contracts.json"


@dataclass(frozen=True)
class RenderedFile:
    """A file the export produces: its name inside the schema folder and its exact text."""

    name: str
    text: str


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


def write_schema_files(directory: Path, files: Iterable[RenderedFile]) -> list[Path]:
    """Write the files into ``directory`` (created if missing); return the paths whose content changed."""
    try:
        directory.mkdir(parents=True, exist_ok=True)
        changed = []
        for rendered in files:
            path = directory / rendered.name
            if not path.is_file() or path.read_text(encoding="utf-8") != rendered.text:
                path.write_text(rendered.text, encoding="utf-8")
                changed.append(path)
    except OSError as error:
        raise SchemaContractsError(f"cannot write schemas to {directory}: {error.strerror or error}") from error
    return changed


def check_schema_files(directory: Path, files: Iterable[RenderedFile]) -> str:
    """A unified diff from what ``directory`` holds to what the export would write; empty when up to date.

    Generated-looking files that no contract produces any more count as stale too.
    """
    expected = {rendered.name: rendered.text for rendered in files}
    present = {path.name for path in directory.glob("*" + SCHEMA_SUFFIX)} if directory.is_dir() else set()
    diff: list[str] = []
    for name in sorted(expected.keys() | present):
        path = directory / name
        try:
            actual = path.read_text(encoding="utf-8") if path.is_file() else ""
        except (OSError, UnicodeDecodeError) as error:
            raise SchemaContractsError(f"cannot read {path}: {error}") from error
        wanted = expected.get(name, "")
        if actual != wanted:
            diff += difflib.unified_diff(
                actual.splitlines(keepends=True),
                wanted.splitlines(keepends=True),
                fromfile=f"{path} (committed)" if actual else "/dev/null",
                tofile=f"{path} (from the models)" if wanted else "/dev/null",
            )
    return "".join(diff)
