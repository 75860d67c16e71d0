"""A Go client of the contract: gojsonschema loads every schema in the index and agrees with Python on every fixture
(and on sampled valid payloads and near misses).

gojsonschema (Debian's golang-github-xeipuuv-gojsonschema-dev) implements drafts 4 to 7, not 2020-12: it reads a
2020-12 schema with the keywords it knows. The contract's schemas use only keywords whose draft-7 meaning is the
2020-12 meaning, annotations, and three 2020-12 features that change no verdict (HARMLESS), all checked below
keyword by keyword, so it judges every fixture; the `urn:` `$id` is removed before compiling (go/contract-check).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from gocheck import fixture_folder, run_contract_check
from helpers import PAYLOADS, SCHEMA_DIR, sample

from schema_contracts.testing import near_miss_payloads, valid_payloads
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
# Annotations: no verdict depends on them, in 2020-12 or in gojsonschema.
ANNOTATIONS = frozenset(
    {
        "$comment", "title", "description", "default", "examples", "deprecated", "readOnly", "writeOnly",
        "contentEncoding", "contentMediaType",
    }
)  # fmt: skip
# 2020-12 features the schemas use that gojsonschema does not implement as such, and why no verdict changes.
HARMLESS = {
    "$schema": "the 2020-12 URI is unknown to gojsonschema, which then reads the keywords of drafts 4 to 7",
    "$defs": "draft 7 names this place `definitions`; gojsonschema follows `#/$defs/...` as a JSON pointer",
    "$id": "a `urn:` base breaks gojsonschema's `$ref` resolution (Go's net/url); removed before compiling",
}
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


def go_problems(schema: Any, where: str) -> list[str]:
    """What gojsonschema would not check as 2020-12 does in ``schema``, one line each (none: it checks all)."""
    problems = []
    for keyword, pointer, node in keyword_uses(schema):
        at = f"{where}#{pointer}"
        if keyword in GAPS:
            problems.append(f"{at}: `{keyword}` {GAPS[keyword]}")
        elif keyword not in SAME_MEANING | ANNOTATIONS | HARMLESS.keys():
            problems.append(f"{at}: `{keyword}` is not a keyword this test knows gojsonschema's meaning of")
        elif keyword == "items" and not isinstance(node["items"], dict | bool):
            problems.append(f"{at}: `items` as a list is draft-7 tuple validation, not 2020-12's")
        elif keyword == "$ref":
            siblings = set(node) - ANNOTATIONS - HARMLESS.keys() - {"$ref"}
            if not str(node["$ref"]).startswith("#"):
                problems.append(f"{at}: `$ref` {node['$ref']!r} is not local; the $id is removed in Go")
            if siblings:
                problems.append(f"{at}: gojsonschema ignores {sorted(siblings)} beside `$ref`")
    return problems


def test_go_validator_knows_every_keyword_the_schemas_use() -> None:
    """Every keyword in the schemas means in gojsonschema what it means in 2020-12, or changes no verdict."""
    problems = [
        line
        for entry in index_entries()
        for line in go_problems(json.loads((SCHEMA_DIR / entry["file"]).read_text(encoding="utf-8")), entry["file"])
    ]
    assert not problems, "Go clients would have to check these in code:\n" + "\n".join(problems)


def test_keyword_check_names_what_go_would_miss() -> None:
    """A 2020-12-only keyword, a list `items`, and assertions beside a `$ref` are each named, where they are."""
    schema = {
        "$defs": {"Tag": {"type": "string"}},
        "properties": {
            "tags": {"type": "array", "items": [{"type": "string"}]},
            "tag": {"$ref": "#/$defs/Tag", "minLength": 1, "description": "kept"},
        },
        "allOf": [{"dependentRequired": {"a": ["b"]}}],
    }
    assert go_problems(schema, "x") == [
        "x#/properties/tags: `items` as a list is draft-7 tuple validation, not 2020-12's",
        "x#/properties/tag: gojsonschema ignores ['minLength'] beside `$ref`",
        "x#/allOf/0: `dependentRequired` not implemented: the dependent properties are not required",
    ]


def test_go_validator_lacks_only_harmless_2020_12_features() -> None:
    """The schemas use exactly these 2020-12 features gojsonschema lacks: `$schema` (2020-12), `$defs` and a
    `urn:` `$id`, none of which changes a verdict (HARMLESS says why); every fixture is judged."""
    used = {
        keyword
        for entry in index_entries()
        for keyword, _, _ in keyword_uses(json.loads((SCHEMA_DIR / entry["file"]).read_text(encoding="utf-8")))
    }
    assert used & HARMLESS.keys() == {"$schema", "$defs", "$id"}


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


@pytest.mark.parametrize(
    "entry", [e for e in index_entries() if e.get("latest", True)], ids=lambda entry: str(entry["file"])
)
def test_go_verdicts_match_python_on_sampled_payloads(entry: dict[str, Any], tmp_path: Path) -> None:
    """On valid payloads and near misses (one mutation away, cross-field rules included) of each latest contract,
    gojsonschema accepts exactly the valid ones, as Python does."""
    schema_file = SCHEMA_DIR / entry["file"]
    payloads = [(p, True) for p in sample(valid_payloads(entry["name"]))]
    payloads += [(n.payload, False) for n in sample(near_miss_payloads(entry["name"]))]
    lines = [json.dumps(payload, ensure_ascii=False) for payload, _ in payloads]
    data = tmp_path / "payloads.jsonl"
    data.write_text("".join(line + "\n" for line in lines), encoding="utf-8")
    go = run_contract_check([(schema_file, [data])], tmp_path)
    python = PayloadValidator(load_schema_file(schema_file))
    assert [verdict.line for verdict in go] == list(range(1, len(lines) + 1))
    wrong = [
        f"{line[:100]}: expected {expected}, Python {python_valid}, Go {verdict.valid} {verdict.errors[:2]}"
        for line, (_, expected), verdict in zip(lines, payloads, go, strict=True)
        if not verdict.valid == (python_valid := python.check_bytes(line.encode(), "sample").valid) == expected
    ]
    assert not wrong, "Go and Python disagree:\n" + "\n".join(wrong[:10])


def test_fixture_folder_follows_both_index_formats(tmp_path: Path) -> None:
    """Old index entries map to `<Name>/`, versioned ones to `<Name>@<N>/`; a latest entry whose versioned folder
    does not exist yet falls back to `<Name>/`."""
    for folder in ("Old", "New@1", "New@2", "Moving"):
        (tmp_path / folder).mkdir()
    assert fixture_folder({"name": "Old"}, tmp_path) == tmp_path / "Old"
    assert fixture_folder({"name": "New", "version": 1, "latest": False}, tmp_path) == tmp_path / "New@1"
    assert fixture_folder({"name": "New", "version": 2, "latest": True}, tmp_path) == tmp_path / "New@2"
    assert fixture_folder({"name": "Moving", "version": 1, "latest": True}, tmp_path) == tmp_path / "Moving"
    assert fixture_folder({"name": "Moving", "version": 3, "latest": False}, tmp_path) == tmp_path / "Moving@3"
