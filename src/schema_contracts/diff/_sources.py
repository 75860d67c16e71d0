"""The two sides of a diff: schema folders, single files, or `schemas/` at a git ref (read with git)."""

from __future__ import annotations

import json
import subprocess
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from schema_contracts.errors import SchemaContractsError
from schema_contracts.locations import INDEX_FILE
from schema_contracts.validate import parse_index

__all__ = ["ContractVersion", "SchemaSet", "load_file", "load_folder", "load_git_ref"]

DIRECTIONS = ("request", "result")


@dataclass(frozen=True)
class ContractVersion:
    """One contract's schema in one version, with the direction its payloads travel."""

    name: str
    direction: str
    schema: dict[str, Any]


@dataclass(frozen=True)
class SchemaSet:
    """The contracts of one version, by name; ``label`` says where they came from (a folder, a file, a ref)."""

    label: str
    contracts: dict[str, ContractVersion]


def _parse(text: str, where: str) -> Any:
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        raise SchemaContractsError(f"{where} is not JSON: {error}") from error


def _from_index(label: str, index: Any, read: Callable[[str], str]) -> SchemaSet:
    # The latest version of a contract is keyed by its bare name, so a release is compared with the previous
    # release (and an index from before versions, whose entries are all latest, with today's); every other
    # version is keyed by its qualified name `Name@N` and compared with the same version on the other side.
    contracts = {}
    for entry in parse_index(index, f"{label}/{INDEX_FILE}"):
        schema = _parse(read(entry.file), f"{label}/{entry.file}")
        key = entry.name if entry.latest else entry.qualified_name
        contracts[key] = ContractVersion(key, entry.direction, schema)
    return SchemaSet(label, contracts)


def load_folder(folder: Path) -> SchemaSet:
    """The contracts of a schema folder, by its index."""
    index_path = folder / INDEX_FILE
    if not index_path.is_file():
        raise SchemaContractsError(f"{folder} has no {INDEX_FILE}: not a schema folder written by `export`")

    def read(name: str) -> str:
        try:
            return (folder / name).read_text(encoding="utf-8")
        except OSError as error:
            raise SchemaContractsError(f"cannot read {folder / name}: {error.strerror or error}") from error

    return _from_index(str(folder), _parse(read(INDEX_FILE), str(index_path)), read)


def load_file(path: Path, direction: str | None) -> SchemaSet:
    """One schema file as a one-contract set; its direction from ``direction`` or the index beside it."""
    try:
        schema = _parse(path.read_text(encoding="utf-8"), str(path))
    except OSError as error:
        raise SchemaContractsError(f"cannot read {path}: {error.strerror or error}") from error
    name = str(schema.get("title") or path.name.removesuffix(".schema.json")) if isinstance(schema, dict) else path.name
    if direction is None:
        index_path = path.parent / INDEX_FILE
        if index_path.is_file():
            entries = parse_index(_parse(index_path.read_text(encoding="utf-8"), str(index_path)), str(index_path))
            direction = next((entry.direction for entry in entries if entry.file == path.name), None)
    if direction not in DIRECTIONS:
        raise SchemaContractsError(
            f"the direction of {path} is unknown: give --direction request or --direction result"
        )
    return SchemaSet(str(path), {name: ContractVersion(name, direction, schema)})


def _git(folder: Path, *args: str) -> subprocess.CompletedProcess[str]:
    try:
        return subprocess.run(["git", "-C", str(folder), *args], capture_output=True, text=True, check=False)
    except OSError as error:
        raise SchemaContractsError(f"cannot run git: {error}") from error


def load_git_ref(folder: Path, ref: str) -> SchemaSet:
    """``folder`` as it is at git ``ref``; an empty set where the folder did not exist yet."""
    if _git(folder, "rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}").returncode != 0:
        raise SchemaContractsError(f"{ref!r} is not a git commit here ({folder})")
    label = f"{ref}:{folder}"

    def read(name: str) -> str:
        completed = _git(folder, "show", f"{ref}:./{name}")
        if completed.returncode != 0:
            raise SchemaContractsError(f"cannot read {name} at {ref}: {completed.stderr.strip()}")
        return completed.stdout

    index = _git(folder, "show", f"{ref}:./{INDEX_FILE}")
    if index.returncode != 0:
        return SchemaSet(label, {})
    return _from_index(label, _parse(index.stdout, f"{label}/{INDEX_FILE}"), read)
