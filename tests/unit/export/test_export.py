"""The export writes deterministic, valid 2020-12 schemas, one per registered contract, and detects drift."""

from __future__ import annotations

import itertools
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from helpers import SCHEMA_DIR, VERSIONS, committed_schema

from schema_contracts.artifacts import write_files
from schema_contracts.export import check_schema_files, render_schema_files, schema_id
from schema_contracts.locations import schema_file_name, split_qualified_name
from schema_contracts.models import ALL_VERSIONS, CONTRACTS, Contract, ResultStatus

# Every keyword of the JSON Schema 2020-12 vocabularies (core, applicator, unevaluated, validation,
# meta-data, format-annotation, content). Anything else is unknown to other validators (ajv's strict mode
# rejects it) and, worse, may be a constraint that silently is not enforced.
KEYWORDS_2020_12 = frozenset(
    [
        "$schema",
        "$id",
        "$ref",
        "$anchor",
        "$dynamicRef",
        "$dynamicAnchor",
        "$vocabulary",
        "$comment",
        "$defs",
        "allOf",
        "anyOf",
        "oneOf",
        "not",
        "if",
        "then",
        "else",
        "dependentSchemas",
        "prefixItems",
        "items",
        "contains",
        "properties",
        "patternProperties",
        "additionalProperties",
        "propertyNames",
        "unevaluatedItems",
        "unevaluatedProperties",
        "type",
        "const",
        "enum",
        "multipleOf",
        "maximum",
        "exclusiveMaximum",
        "minimum",
        "exclusiveMinimum",
        "maxLength",
        "minLength",
        "pattern",
        "maxItems",
        "minItems",
        "uniqueItems",
        "maxContains",
        "minContains",
        "maxProperties",
        "minProperties",
        "required",
        "dependentRequired",
        "title",
        "description",
        "default",
        "deprecated",
        "readOnly",
        "writeOnly",
        "examples",
        "format",
        "contentEncoding",
        "contentMediaType",
        "contentSchema",
    ]
)
# Keywords whose value is a map of names to schemas, or data, rather than a schema.
SCHEMA_MAPS = frozenset({"properties", "patternProperties", "$defs", "dependentSchemas"})
DATA_VALUES = frozenset({"enum", "const", "default", "examples", "required", "dependentRequired", "type"})


def keywords_used(schema: Any) -> set[str]:
    found: set[str] = set()
    if isinstance(schema, dict):
        for key, value in schema.items():
            found.add(key)
            if key in SCHEMA_MAPS:
                for subschema in value.values():
                    found |= keywords_used(subschema)
            elif key not in DATA_VALUES:
                found |= keywords_used(value)
    elif isinstance(schema, list):
        for item in schema:
            found |= keywords_used(item)
    return found


@pytest.mark.parametrize("contract", VERSIONS)
def test_committed_schema_is_valid_against_the_2020_12_metaschema(contract: str) -> None:
    """Every exported schema passes the 2020-12 metaschema."""
    jsonschema.Draft202012Validator.check_schema(committed_schema(contract))


@pytest.mark.parametrize("contract", VERSIONS)
def test_schema_uses_only_standard_keywords(contract: str) -> None:
    """No exported keyword falls outside the 2020-12 vocabulary, so no constraint is silently ignored."""
    assert keywords_used(committed_schema(contract)) - KEYWORDS_2020_12 == set()


@pytest.mark.parametrize("contract", VERSIONS)
def test_schema_header_and_examples(contract: str) -> None:
    """Each schema declares 2020-12, a $id naming its version, the bare name as title, and examples it accepts."""
    schema = committed_schema(contract)
    name, version = split_qualified_name(contract)
    assert version is not None
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["$id"] == schema_id(name, version) == f"urn:schema-contracts:{contract}"
    assert schema["title"] == name
    assert schema["description"]
    assert schema["additionalProperties"] is True
    assert schema["examples"]
    validator = jsonschema.Draft202012Validator(schema)
    for example in schema["examples"]:
        validator.validate(example)


def test_every_field_and_enum_is_described() -> None:
    """Every property (nested objects' too) and every enum member carries documentation into the schema."""
    for contract in VERSIONS:
        schema = committed_schema(contract)
        objects = [schema, *(d for d in schema.get("$defs", {}).values() if "properties" in d)]
        for definition in objects:
            assert definition.get("description")
            for name, prop in definition["properties"].items():
                assert prop.get("description"), f"{contract}: {definition['title']}.{name} has no description"
        for definition in schema.get("$defs", {}).values():
            for value in definition.get("enum", []):
                assert f"- `{value}`: " in definition["description"]


@pytest.mark.parametrize("contract", CONTRACTS, ids=lambda c: c.name)
def test_each_version_keeps_the_previous_one_and_only_adds(contract: Contract) -> None:
    """Version N+1 has every property, rule and nested definition of version N unchanged, and optional new ones."""
    schemas = [committed_schema(version.qualified_name) for version in contract.versions]
    for older, newer in itertools.pairwise(schemas):
        assert newer["required"] == older["required"]
        assert newer.get("allOf") == older.get("allOf")
        assert {k: v for k, v in newer["properties"].items() if k in older["properties"]} == older["properties"]
        assert {k: v for k, v in newer["$defs"].items() if k in older["$defs"]} == older["$defs"]
        assert newer["additionalProperties"] is older["additionalProperties"] is True


def test_nested_objects_are_open_like_the_contract() -> None:
    """Artifacts and the structured result ignore unknown fields too, and say so in the schema."""
    definitions = committed_schema("CodeExecutionResult")["$defs"]
    for name in ("ArtifactItem", "ExecutionStructuredResult"):
        assert definitions[name]["additionalProperties"] is True


def test_each_enum_is_one_defs_entry() -> None:
    """Enums are `$defs` entries named after their class, referenced rather than inlined."""
    schema = committed_schema("CodeExecutionResult")
    assert schema["$defs"]["ResultStatus"]["enum"] == [member.value for member in ResultStatus]
    assert schema["properties"]["status"]["$ref"] == "#/$defs/ResultStatus"


def test_two_renders_are_byte_identical() -> None:
    """Rendering twice, even in separate processes, gives the same bytes."""
    first = [(f.name, f.text) for f in render_schema_files()]
    script = (
        "from schema_contracts.export import render_schema_files as r; import json; "
        "print(json.dumps([(f.name, f.text) for f in r()]))"
    )
    second = json.loads(
        subprocess.run([sys.executable, "-c", script], capture_output=True, check=True, text=True).stdout
    )
    assert [list(pair) for pair in first] == second
    for _, text in first:
        assert text.endswith("}\n")
        assert '\n  "' in text  # two-space indent


def test_registry_and_committed_files_agree() -> None:
    """The schema folder holds one file per registered version, and the index names each with its facts."""
    names = {path.name for path in SCHEMA_DIR.glob("*.schema.json")}
    assert names == {schema_file_name(version.name, version.number) for version in ALL_VERSIONS}
    index = json.loads((SCHEMA_DIR / "contracts.json").read_text())
    assert [
        (e["name"], e["version"], e["latest"], e["direction"], e["file"], e["$id"], e["released"])
        for e in index["contracts"]
    ] == [
        (
            v.name,
            v.number,
            v.latest,
            v.direction.value,
            f"{v.qualified_name}.schema.json",
            f"urn:schema-contracts:{v.qualified_name}",
            v.release.released,
        )
        for v in ALL_VERSIONS
    ]
    assert [(e["name"], e["version"]) for e in index["contracts"] if e["latest"]] == [
        ("CodeExecutionRequest", 1),
        ("CodeExecutionResult", 3),
    ]


def test_committed_files_are_up_to_date() -> None:
    """The committed schemas are what the models export now (the drift check)."""
    assert check_schema_files(SCHEMA_DIR, render_schema_files()) == ""


def test_check_reports_a_stale_file_as_a_diff(tmp_path: Path) -> None:
    """A hand-edited schema shows up in the check as a unified diff naming the file."""
    write_files(tmp_path, render_schema_files())
    target = tmp_path / "CodeExecutionResult@2.schema.json"
    target.write_text(target.read_text().replace('"success"', '"ok"'))
    diff = check_schema_files(tmp_path, render_schema_files())
    assert "CodeExecutionResult@2.schema.json (committed)" in diff
    assert '-        "ok",' in diff
    assert '+        "success",' in diff


def test_check_reports_a_schema_no_contract_produces(tmp_path: Path) -> None:
    """A leftover schema file of a removed contract is stale too."""
    write_files(tmp_path, render_schema_files())
    (tmp_path / "Removed.schema.json").write_text("{}\n")
    (tmp_path / "CodeExecutionResult.schema.json").write_text("{}\n")  # the name before versions
    stale = check_schema_files(tmp_path, render_schema_files())
    assert "Removed.schema.json" in stale
    assert "CodeExecutionResult.schema.json (committed)" in stale


def test_cli_export_check_exit_codes(tmp_path: Path) -> None:
    """`export --check` exits 1 with a diff when stale and 0 once `export` has written the files."""
    command = [sys.executable, "-m", "schema_contracts", "export", "--output-dir", str(tmp_path)]
    stale = subprocess.run([*command, "--check"], capture_output=True, text=True)
    assert stale.returncode == 1
    assert "+++ " in stale.stdout
    assert subprocess.run(command, capture_output=True).returncode == 0
    assert subprocess.run([*command, "--check"], capture_output=True).returncode == 0
