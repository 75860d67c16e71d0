"""A Go client of the contract: gojsonschema loads every schema in the index and agrees with Python on every fixture.

gojsonschema (Debian's golang-github-xeipuuv-gojsonschema-dev) implements drafts 4 to 7, not 2020-12: it reads a
2020-12 schema with the keywords it knows. The contract's schemas use only keywords whose draft-7 meaning is the
2020-12 meaning, or annotations (checked below, keyword by keyword), so it judges every fixture; its one need is
that the `urn:` `$id` be removed before compiling (go/contract-check says why).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from gocheck import fixture_folder, run_contract_check
from helpers import PAYLOADS, SCHEMA_DIR

from schema_contracts.validate import PayloadValidator, load_schema_file

INDEX = SCHEMA_DIR / "contracts.json"

# Keywords gojsonschema applies as JSON Schema 2020-12 does (`items` only in its one-schema form; `$ref` only
# local and without assertions beside it: draft 7 ignores a `$ref`'s siblings).
SAME_MEANING = frozenset(
    {
        "type", "enum", "const", "properties", "required", "additionalProperties", "patternProperties",
        "propertyNames", "minProperties", "maxProperties", "allOf", "anyOf", "oneOf", "not", "if", "then",
        "else", "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "multipleOf", "minLength",
        "maxLength", "pattern", "items", "minItems", "maxItems", "uniqueItems", "contains", "$ref",
    }
)  # fmt: skip
# Annotations and locations: no verdict depends on them, in 2020-12 or in gojsonschema.
ANNOTATIONS = frozenset(
    {
        "$schema", "$id", "$defs", "$comment", "title", "description", "default", "examples", "deprecated",
        "readOnly", "writeOnly", "contentEncoding", "contentMediaType",
    }
)  # fmt: skip
# What gojsonschema does with the 2020-12 keywords it does not implement as 2020-12 does: a Go client must check
# these in code (the README says so) if a schema ever uses one.
GAPS = {
    "prefixItems": "not implemented: tuple items go unchecked",
    "unevaluatedProperties": "not implemented: unknown properties go unchecked",
    "unevaluatedItems": "not implemented: extra items go unchecked",
    "dependentRequired": "not implemented: the dependent properties are not required",
    "dependentSchemas": "not implemented: the dependent schemas are not applied",
    "minContains": "not implemented: `contains` needs one match only",
    "maxContains": "not implemented: any number of matches passes",
    "$anchor": "not implemented: a `$ref` to the anchor fails to compile",
    "$dynamicRef": "not implemented: the schema fails to compile or the reference is ignored",
    "$dynamicAnchor": "not implemented: see $dynamicRef",
    "format": "asserted (2020-12 only annotates it): gojsonschema may reject values every other validator accepts",
}
_SCHEMA_VALUED = ("additionalProperties", "propertyNames", "not", "if", "then", "else", "contains", "items")
_SCHEMA_MAPS = ("properties", "patternProperties", "$defs", "dependentSchemas")
_SCHEMA_LISTS = ("allOf", "anyOf", "oneOf", "prefixItems")


def index_entries() -> list[dict[str, Any]]:
    """The entries of schemas/contracts.json (old format or versioned)."""
    entries: list[dict[str, Any]] = json.loads(INDEX.read_text(encoding="utf-8"))["contracts"]
    return entries


def fixtures_of(entry: dict[str, Any]) -> list[Path]:
    """The entry's payload fixtures, valid and invalid, in a fixed order."""
    return sorted(fixture_folder(entry, PAYLOADS).glob("*/*.json"))


def keyword_uses(node: Any, at: str = "") -> Iterator[tuple[str, str, dict[str, Any]]]:
    """(keyword, JSON pointer of its schema, that schema) for every keyword at a schema position."""
    if not isinstance(node, dict):
        return
    for keyword, value in node.items():
        yield keyword, at, node
        if keyword in _SCHEMA_VALUED:
            yield from keyword_uses(value, f"{at}/{keyword}")
        elif keyword in _SCHEMA_MAPS and isinstance(value, dict):
            for name, child in value.items():
                yield from keyword_uses(child, f"{at}/{keyword}/{name}")
        elif keyword in _SCHEMA_LISTS and isinstance(value, list):
            for position, child in enumerate(value):
                yield from keyword_uses(child, f"{at}/{keyword}/{position}")


def test_index_lists_schemas_and_every_fixture_belongs_to_an_entry() -> None:
    """Each index entry names a schema file, and every payload fixture is in some entry's folder (none unjudged)."""
    entries = index_entries()
    assert entries
    assert all((SCHEMA_DIR / entry["file"]).is_file() for entry in entries)
    covered = {path for entry in entries for path in fixtures_of(entry)}
    assert set(PAYLOADS.glob("*/*/*.json")) == covered


def test_go_validator_knows_every_keyword_the_schemas_use() -> None:
    """Every keyword in the schemas means in gojsonschema what it means in 2020-12, or is an annotation."""
    problems = []
    for entry in index_entries():
        schema = json.loads((SCHEMA_DIR / entry["file"]).read_text(encoding="utf-8"))
        for keyword, pointer, node in keyword_uses(schema):
            where = f"{entry['file']}#{pointer}"
            if keyword in GAPS:
                problems.append(f"{where}: `{keyword}` {GAPS[keyword]}")
            elif keyword not in SAME_MEANING | ANNOTATIONS:
                problems.append(f"{where}: `{keyword}` is not a keyword this test knows gojsonschema's meaning of")
            elif keyword == "items" and not isinstance(node["items"], dict | bool):
                problems.append(f"{where}: `items` as a list is draft-7 tuple validation, not 2020-12's")
            elif keyword == "$ref":
                siblings = set(node) - ANNOTATIONS - {"$ref"}
                if not str(node["$ref"]).startswith("#"):
                    problems.append(f"{where}: `$ref` {node['$ref']!r} is not local; the $id is removed in Go")
                if siblings:
                    problems.append(f"{where}: gojsonschema ignores {sorted(siblings)} beside `$ref`")
    assert not problems, "Go clients would have to check these in code:\n" + "\n".join(problems)


@pytest.mark.parametrize("entry", index_entries(), ids=lambda entry: str(entry["file"]))
def test_go_verdicts_match_python_on_every_fixture(entry: dict[str, Any], tmp_path: Path) -> None:
    """gojsonschema accepts exactly the fixtures under valid/ and rejects those under invalid/, as Python does."""
    schema_file = SCHEMA_DIR / entry["file"]
    fixtures = fixtures_of(entry)
    assert fixtures, f"no payload fixtures for {entry['file']} in {fixture_folder(entry, PAYLOADS)}"
    python = PayloadValidator(load_schema_file(schema_file))
    go = run_contract_check([(schema_file, fixtures)], tmp_path)
    assert [Path(verdict.payload) for verdict in go] == fixtures
    wrong = []
    for path, verdict in zip(fixtures, go, strict=True):
        expected = path.parent.name == "valid"
        python_valid = python.check_bytes(path.read_bytes(), str(path)).valid
        if not verdict.valid == python_valid == expected:
            name = path.relative_to(PAYLOADS)
            wrong.append(f"{name}: folder {expected}, Python {python_valid}, Go {verdict.valid} {verdict.errors}")
    assert not wrong, "Go and Python disagree:\n" + "\n".join(wrong)
