"""Schema files are loaded locally, checked against the metaschema, and refused clearly when unusable."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from schema_contracts.base64_rule import BASE64_PATTERN
from schema_contracts.errors import ContractNotFoundError, RemoteReferenceError, SchemaFileError
from schema_contracts.validate import PayloadValidator, SchemaCatalog, load_schema_file


def write(path: Path, document: object) -> Path:
    path.write_text(json.dumps(document))
    return path


def test_unknown_contract_lists_the_known_ones() -> None:
    """An unknown name is refused with the names that exist."""
    with pytest.raises(ContractNotFoundError, match="known contracts: CodeExecutionRequest, CodeExecutionResult"):
        SchemaCatalog().load("CodeExecution")


def test_missing_index_says_how_to_create_it(tmp_path: Path) -> None:
    """A folder without exported schemas tells the user to export them."""
    with pytest.raises(SchemaFileError, match="schema-contracts export"):
        SchemaCatalog(tmp_path)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("{not json", "is not JSON"),
        ("[1, 2]", "not an object"),
        ('{"type": "strnig"}', "not a valid JSON Schema 2020-12: at /type"),
        ('{"$schema": "http://json-schema.org/draft-04/schema#"}', "only JSON Schema 2020-12"),
        ('{"$schema": 7}', "only JSON Schema 2020-12"),
    ],
)
def test_unusable_schema_file_is_refused(tmp_path: Path, content: str, message: str) -> None:
    """A schema file that is not JSON, not a schema, or another draft is a clear setup error."""
    path = tmp_path / "schema.json"
    path.write_text(content)
    with pytest.raises(SchemaFileError, match=message):
        load_schema_file(path)


def test_missing_schema_file_is_refused(tmp_path: Path) -> None:
    """A schema path that does not exist says so."""
    with pytest.raises(SchemaFileError, match="does not exist"):
        load_schema_file(tmp_path / "nope.json")


def test_remote_ref_is_refused_not_fetched(tmp_path: Path) -> None:
    """A `$ref` to an http URL is a clear error; nothing is fetched."""
    path = write(tmp_path / "s.json", {"$ref": "http://localhost:1234/integer.json"})
    with pytest.raises(RemoteReferenceError, match="never fetched"):
        load_schema_file(path)


def test_local_file_ref_is_resolved(tmp_path: Path) -> None:
    """A relative `$ref` to a sibling file is read from disk."""
    write(tmp_path / "code.json", {"type": "string", "pattern": BASE64_PATTERN})
    path = write(tmp_path / "s.json", {"properties": {"code": {"$ref": "code.json"}}})
    validator = PayloadValidator(load_schema_file(path))
    assert validator.check_bytes(b'{"code": "QUJD"}', "x").valid
    issue = validator.check_bytes(b'{"code": "QUJD===="}', "x").errors[0]
    assert (issue.pointer, issue.keyword) == ("/code", "pattern")


def test_native_base64_reports_the_schema_files_keyword() -> None:
    """The native stand-in for the base64 pattern reports `pattern` at the schema file's own path."""
    validator = PayloadValidator(SchemaCatalog().load("CodeExecutionRequest"))
    issue = validator.check_bytes(b'{"code_b64": "cGFzcw==\\n"}', "x").errors[0]
    assert (issue.keyword, issue.schema_pointer, issue.pointer) == (
        "pattern",
        "/properties/code_b64/pattern",
        "/code_b64",
    )
    assert "does not match" in issue.message
