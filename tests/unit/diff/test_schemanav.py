"""The schema-navigation module: walking subschemas, canonical views, pointers, depth limits."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from schema_contracts.diff._findings import Example, shown, trimmed
from schema_contracts.diff._patterns import pattern_samples
from schema_contracts.errors import SchemaFileError, SchemaTooDeepError
from schema_contracts.schemanav import (
    MAX_SCHEMA_DEPTH,
    canonical,
    check_depth,
    follow_pointer,
    nesting_depth,
    read_json_file,
    resolve_local_ref,
    to_pointer,
    walk_subschemas,
)
from schema_contracts.vocabulary import Side


def test_walk_reaches_every_subschema_with_its_pointer() -> None:
    """Every keyword holding subschemas is walked, data keywords never are, and pointers are escaped."""
    schema = {
        "properties": {"a/b": {"items": {"type": "string"}}},
        "allOf": [{"if": {"const": 1}, "then": {"minimum": 0}}],
        "$defs": {"D": {"not": {}}},
        "enum": [{"properties": {"never": {}}}],
    }
    pointers = [pointer for pointer, _ in walk_subschemas(schema)]
    assert pointers == [
        "",
        "/properties/a~1b",
        "/properties/a~1b/items",
        "/allOf/0",
        "/allOf/0/if",
        "/allOf/0/then",
        "/$defs/D",
        "/$defs/D/not",
    ]
    assert all(follow_pointer(schema, pointer) is node for pointer, node in walk_subschemas(schema))


def test_canonical_view_ignores_annotations_and_order() -> None:
    """Reordered enums, required lists, types and anyOf, and docs-only edits, give the same view."""
    one = {"title": "A", "type": ["null", "string"], "enum": ["b", "a"], "anyOf": [{"minimum": 1}, True]}
    two = {"description": "x", "type": ["string", "null"], "enum": ["a", "b"], "anyOf": [{}, {"minimum": 1}]}
    assert canonical(one) == canonical(two)
    assert canonical({"maximum": 1}) != canonical({"maximum": 2})


def test_local_refs_are_followed_with_their_siblings() -> None:
    """A local `$ref` resolves through `$defs` (repeatedly), keeping the keywords beside it."""
    root = {"$defs": {"A": {"$ref": "#/$defs/B"}, "B": {"type": "string"}}}
    assert resolve_local_ref(root, {"$ref": "#/$defs/A", "minLength": 1}) == {"type": "string", "minLength": 1}
    assert to_pointer(["$defs", "a/b", 0]) == "/$defs/a~1b/0"


def test_depth_is_measured_without_recursion_and_bounded() -> None:
    """Nesting is counted iteratively; deeper than the limit is a SchemaTooDeepError naming the document."""
    deep: object = {}
    for _ in range(5000):
        deep = [deep]
    assert nesting_depth({"a": [1]}) == 2
    assert nesting_depth(deep) == MAX_SCHEMA_DEPTH + 1  # counting stops past the limit
    with pytest.raises(SchemaTooDeepError, match=r"x\.json is too deep"):
        check_depth(deep, "x.json")


def test_reading_too_deep_or_broken_json(tmp_path: Path) -> None:
    """A file nested past the parser's limit is "too deep"; other bad text is "not JSON"; both SchemaFileError."""
    deep, broken = tmp_path / "deep.json", tmp_path / "broken.json"
    deep.write_text("[" * 2000 + "]" * 2000)
    broken.write_text('{"a": ')
    with pytest.raises(SchemaTooDeepError, match="is too deep"):
        read_json_file(deep)
    with pytest.raises(SchemaFileError, match="is not JSON"):
        read_json_file(broken)


@pytest.mark.parametrize(
    "pattern", ["^[a-z]+$", "[0-9]{3}", "^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==)?$", "^(ab|cd)+-x?$", r"^\d\w\s$"]
)
def test_pattern_samples_match_their_pattern(pattern: str) -> None:
    """Strings drawn from a pattern match it, so candidates reach both sides of a pattern change."""
    samples = pattern_samples(pattern)
    assert samples
    assert all(re.search(pattern, sample) for sample in samples)


def test_long_examples_are_trimmed_around_the_change_never_before_it() -> None:
    """A short example is shown whole; a long one keeps the path to the changed field and elides the rest."""
    short = Example({"a": 1}, Side.OLD, ("a",))
    assert shown(short) == '{"a": 1}'
    payload = {"stdout": "x" * 300, "args": {"items": [0, {"n": None}, 2]}, "z": 1}
    long = Example(payload, Side.NEW, ("args", "items", 1, "n"))
    assert shown(long) == '{"args": {"items": […, {"n": null}, …]}, …}'
    assert trimmed(payload, ()).startswith('{"stdout"')
