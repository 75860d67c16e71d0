"""The two sides of a diff: schema folders, single files, or `schemas/` at a git ref (read with git).

A folder's identity of contracts comes from its index (``contracts.json``), never from a schema's title.
Both index formats are read: entries with ``version`` and ``latest`` (files ``Name@N.schema.json``), and the
older entries without them (each is version 1, the latest). A set holds each contract's latest version under
its bare name and every version under its qualified name ``Name@N``.
"""

from __future__ import annotations

import json
import re
import subprocess
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from schema_contracts.errors import DirectionUnknownError, GitRefError, InputError, SchemaFileError
from schema_contracts.locations import INDEX_FILE, SCHEMA_SUFFIX
from schema_contracts.schemanav import parse_json, read_json_file
from schema_contracts.validate import parse_index
from schema_contracts.vocabulary import Direction

__all__ = ["ContractVersion", "SchemaSet", "bare_name", "load_file", "load_folder", "load_git_ref"]

_QUALIFIED = re.compile(r"^(?P<name>.+)@(?P<version>[0-9]+)$")


@dataclass(frozen=True)
class ContractVersion:
    """One contract's schema in one version, with the direction its payloads travel."""

    name: str
    direction: Direction
    schema: dict[str, Any]
    version: int = 1
    latest: bool = True


@dataclass(frozen=True)
class SchemaSet:
    """The contracts of one side, by name (``Name`` for the latest, ``Name@N`` for each version)."""

    label: str
    contracts: dict[str, ContractVersion]


def bare_name(key: str) -> str:
    """``Name`` of ``Name@N`` (and of ``Name``)."""
    match = _QUALIFIED.match(key)
    return match.group("name") if match else key


def _parse(raw: bytes, where: str, what: str = "schema file") -> Any:
    return parse_json(raw, f"{what} {where}")  # depth-checked, as read_json_file


def _direction(value: str, where: str) -> Direction:
    try:
        return Direction(value)
    except ValueError as error:
        raise SchemaFileError(f"{where}: unknown direction {json.dumps(value)} (request or result)") from error


def _from_index(label: str, index: Any, load: Callable[[str], Any]) -> SchemaSet:
    """The contracts an index lists; ``load(file)`` gives the parsed schema of one of its files."""
    where = f"{label}/{INDEX_FILE}"
    contracts: dict[str, ContractVersion] = {}
    for entry in parse_index(index, where):  # an old index's entries come back as version 1, the latest
        schema = load(entry.file)
        direction = _direction(entry.direction, where)
        contract = ContractVersion(entry.name, direction, schema, entry.version, entry.latest)
        contracts[f"{contract.name}@{entry.version}"] = contract
        if entry.latest:
            contracts[contract.name] = contract
    return SchemaSet(label, contracts)


def load_folder(folder: Path) -> SchemaSet:
    """The contracts of a schema folder, by its index."""
    index_path = folder / INDEX_FILE
    if not index_path.is_file():
        raise InputError(f"{folder} has no {INDEX_FILE}: not a schema folder written by `export`")

    def load(name: str) -> Any:
        return read_json_file(folder / name, "schema file")  # regular files only, bounded, depth-checked

    return _from_index(str(folder), read_json_file(index_path, "contract index"), load)


def load_file(path: Path, direction: Direction | None) -> ContractVersion:
    """One schema file as a contract: name and direction from the index beside it, else file name and option.

    Never from the schema's title: two files compared are one contract in two versions.
    """
    schema = read_json_file(path, "schema file")
    name = path.name.removesuffix(SCHEMA_SUFFIX).removesuffix(".json")
    version, latest = 1, True
    index_path = path.parent / INDEX_FILE
    if index_path.is_file():
        for entry in parse_index(read_json_file(index_path, "contract index"), str(index_path)):
            if entry.file == path.name:
                name, version, latest = entry.name, entry.version, entry.latest
                direction = direction or _direction(entry.direction, str(index_path))
    match = _QUALIFIED.match(name)
    if match:
        name, version = match.group("name"), int(match.group("version"))
    if direction is None:
        raise DirectionUnknownError(
            f"the direction of {path} is unknown: give --direction request or --direction result"
        )
    if not isinstance(schema, dict):
        schema = {} if schema is True else {"not": {}} if schema is False else schema
    return ContractVersion(name, direction, schema, version if isinstance(version, int) else 1, latest)


def _git(folder: Path, *args: str) -> subprocess.CompletedProcess[bytes]:
    try:
        return subprocess.run(["git", "-C", str(folder), *args], capture_output=True, check=False)
    except OSError as error:
        raise GitRefError(f"cannot run git: {error.strerror or error}") from error


def load_git_ref(folder: Path, ref: str) -> SchemaSet:
    """``folder`` as it is at git ``ref``; an empty set where the folder did not exist yet."""
    if _git(folder, "rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}").returncode != 0:
        raise GitRefError(f'"{ref}" is not a git commit here ({folder})')
    label = f"{ref}:{folder}"

    def load(name: str) -> Any:
        completed = _git(folder, "show", f"{ref}:./{name}")
        if completed.returncode != 0:
            message = completed.stderr.decode(errors="replace").strip()
            raise SchemaFileError(f"cannot read {name} at {ref}: {message}")
        return _parse(completed.stdout, f"{label}/{name}")

    index = _git(folder, "show", f"{ref}:./{INDEX_FILE}")
    if index.returncode != 0:
        return SchemaSet(label, {})
    return _from_index(label, _parse(index.stdout, f"{label}/{INDEX_FILE}", "contract index"), load)
