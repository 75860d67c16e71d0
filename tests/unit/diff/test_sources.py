"""Reading the sides of a diff: contract identity and versions come from the index or the file name."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from schema_contracts.diff import load_file, load_folder
from schema_contracts.errors import DirectionUnknownError, InputError, SchemaFileError
from schema_contracts.vocabulary import Direction


def test_a_qualified_file_name_gives_name_and_version(tmp_path: Path) -> None:
    """`Name@N.schema.json` outside a schema folder is version N of Name, whatever its title says."""
    path = tmp_path / "Thing@3.schema.json"
    path.write_text(json.dumps({"title": "Other", "type": "object"}))
    contract = load_file(path, Direction.REQUEST)
    assert (contract.name, contract.version, contract.direction) == ("Thing", 3, Direction.REQUEST)


def test_a_file_in_a_schema_folder_takes_name_and_direction_from_the_index(tmp_path: Path) -> None:
    """The index beside a file names it and gives its direction and version."""
    (tmp_path / "T@2.schema.json").write_text("{}")
    entry = {
        "name": "T",
        "version": 2,
        "latest": True,
        "direction": "result",
        "$id": "urn:x",
        "file": "T@2.schema.json",
    }
    (tmp_path / "contracts.json").write_text(json.dumps({"contracts": [entry]}))
    contract = load_file(tmp_path / "T@2.schema.json", None)
    assert (contract.name, contract.version, contract.latest, contract.direction) == ("T", 2, True, Direction.RESULT)


def test_without_index_or_option_the_direction_is_unknown(tmp_path: Path) -> None:
    """A loose file needs --direction: a DirectionUnknownError, not a guess."""
    path = tmp_path / "a.json"
    path.write_text("{}")
    with pytest.raises(DirectionUnknownError, match="--direction"):
        load_file(path, None)


def test_folders_hold_latest_under_the_bare_name_and_every_version_qualified(tmp_path: Path) -> None:
    """A versioned folder gives `Name` (the latest) and `Name@N` for each version; an old index gives version 1."""
    entries: list[dict[str, Any]] = [
        {"name": "T", "version": n, "latest": n == 2, "direction": "result", "$id": "urn:x", "file": f"T@{n}.json"}
        for n in (1, 2)
    ] + [{"name": "Old", "direction": "request", "$id": "urn:y", "file": "Old.json"}]
    for entry in entries:
        (tmp_path / entry["file"]).write_text(json.dumps({"minProperties": entry.get("version", 0)}))
    (tmp_path / "contracts.json").write_text(json.dumps({"contracts": entries}))
    contracts = load_folder(tmp_path).contracts
    assert sorted(contracts) == ["Old", "Old@1", "T", "T@1", "T@2"]
    assert contracts["T"].version == 2
    assert contracts["Old"] is contracts["Old@1"]


def test_a_folder_without_index_and_a_broken_schema_file(tmp_path: Path) -> None:
    """No index is an InputError; a schema file that is not JSON is the same SchemaFileError validate raises."""
    with pytest.raises(InputError, match=r"no contracts\.json"):
        load_folder(tmp_path)
    (tmp_path / "contracts.json").write_text(
        json.dumps({"contracts": [{"name": "T", "direction": "result", "$id": "urn:x", "file": "T.json"}]})
    )
    (tmp_path / "T.json").write_text("{")
    with pytest.raises(SchemaFileError, match="is not JSON"):
        load_folder(tmp_path)
