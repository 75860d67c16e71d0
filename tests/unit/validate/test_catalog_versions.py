"""The schema catalog names contract versions as `Name` (the latest) or `Name@N`, and reads the old index too."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from helpers import SCHEMA_DIR

from schema_contracts.errors import ContractNotFoundError, SchemaFileError
from schema_contracts.validate import SchemaCatalog


@pytest.mark.parametrize(
    ("name", "file"),
    [
        ("CodeExecutionResult", "CodeExecutionResult@3.schema.json"),
        ("CodeExecutionResult@1", "CodeExecutionResult@1.schema.json"),
        ("CodeExecutionResult@2", "CodeExecutionResult@2.schema.json"),
        ("CodeExecutionRequest", "CodeExecutionRequest@1.schema.json"),
        ("CodeExecutionRequest@1", "CodeExecutionRequest@1.schema.json"),
    ],
)
def test_name_resolves_to_its_version_file(name: str, file: str) -> None:
    """A bare name is the latest version's file; `Name@N` is version N's."""
    assert SchemaCatalog(SCHEMA_DIR).entry(name).file == file


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("CodeExecutionResult@4", "CodeExecutionResult has the versions 1, 2, 3"),
        ("CodeExecutionResult@0", "must be a number from 1"),
        ("CodeExecutionResult@latest", "must be a number from 1"),
        ("CodeExecutionResults", "known contracts: CodeExecutionRequest, CodeExecutionResult"),
    ],
)
def test_unknown_version_or_name_is_a_clear_error(name: str, message: str) -> None:
    """An unknown version says which versions exist; a malformed one says what a version looks like."""
    with pytest.raises(ContractNotFoundError, match=message):
        SchemaCatalog(SCHEMA_DIR).entry(name)


def test_loaded_schema_is_the_version_asked_for() -> None:
    """`load("Name@N")` compiles version N: version 1 accepts what version 3 rejects."""
    payload = {"status": "success", "stdout": "", "stderr": "", "exit_code": 0, "result": 3.5}
    catalog = SchemaCatalog(SCHEMA_DIR)
    assert catalog.load("CodeExecutionResult@1").is_valid(payload)
    assert not catalog.load("CodeExecutionResult").is_valid(payload)
    assert catalog.qualified_names() == [
        "CodeExecutionRequest@1",
        "CodeExecutionResult@1",
        "CodeExecutionResult@2",
        "CodeExecutionResult@3",
    ]


def test_index_before_versions_is_read_as_version_1_latest(tmp_path: Path) -> None:
    """An index without "version"/"latest" (as written before versions) means version 1 of each, the latest."""
    shutil.copy(SCHEMA_DIR / "CodeExecutionResult@1.schema.json", tmp_path / "CodeExecutionResult.schema.json")
    old_entry = {
        "name": "CodeExecutionResult",
        "direction": "result",
        "$id": "urn:schema-contracts:CodeExecutionResult",
        "file": "CodeExecutionResult.schema.json",
        "description": "",
    }
    (tmp_path / "contracts.json").write_text(json.dumps({"contracts": [old_entry]}))
    catalog = SchemaCatalog(tmp_path)
    (entry,) = catalog.entries
    assert (entry.version, entry.latest, entry.qualified_name) == (1, True, "CodeExecutionResult@1")
    assert catalog.entry("CodeExecutionResult").file == catalog.entry("CodeExecutionResult@1").file


def test_index_with_a_bad_version_is_refused(tmp_path: Path) -> None:
    """A version that is not a positive integer makes the index unreadable, with a clear error."""
    entry = {"name": "X", "direction": "result", "$id": "urn:x", "file": "X@1.schema.json", "version": "1"}
    (tmp_path / "contracts.json").write_text(json.dumps({"contracts": [entry]}))
    with pytest.raises(SchemaFileError, match="not a contract index: bad version '1'"):
        SchemaCatalog(tmp_path)
