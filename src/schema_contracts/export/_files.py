"""Render contract schemas to files, deterministically, and compare them with what is committed."""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from schema_contracts.artifacts import RenderedFile, diff_against
from schema_contracts.export._generator import contract_schema
from schema_contracts.locations import INDEX_FILE, SCHEMA_SUFFIX, schema_file_name, schema_id
from schema_contracts.models.registry import ALL_VERSIONS, ContractVersion

__all__ = [
    "RenderedFile",
    "check_schema_files",
    "render_json",
    "render_schema_files",
]


def render_json(document: Any) -> str:
    """The one text form of every generated JSON file: 2-space indent, UTF-8 as is, trailing newline."""
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def _index(versions: Iterable[ContractVersion]) -> dict[str, Any]:
    return {
        "contracts": [
            {
                "name": version.name,
                "version": version.number,
                "latest": version.latest,
                "direction": version.direction.value,
                "$id": schema_id(version.name, version.number),
                "file": schema_file_name(version.name, version.number),
                "released": version.release.released,
                "change": version.release.change,
                "description": version.model.__doc__ or "",
            }
            for version in versions
        ]
    }


def render_schema_files(versions: Iterable[ContractVersion] = ALL_VERSIONS) -> list[RenderedFile]:
    """Every file of the schema folder: one schema per contract version plus the index of them all."""
    versions = tuple(versions)
    files = [RenderedFile(schema_file_name(v.name, v.number), render_json(contract_schema(v))) for v in versions]
    files.append(RenderedFile(INDEX_FILE, render_json(_index(versions))))
    return files


def check_schema_files(directory: Path, files: Iterable[RenderedFile]) -> str:
    """A unified diff from what ``directory`` holds to what the export would write; empty when up to date.

    Schema files that no contract produces any more count as stale too.
    """
    owned = directory.glob("*" + SCHEMA_SUFFIX) if directory.is_dir() else ()
    return diff_against(directory, files, owned)
