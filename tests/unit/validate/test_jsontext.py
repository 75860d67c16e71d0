"""Locating values and repeated keys in raw JSON text, which the parser forgets."""

from __future__ import annotations

import json

import orjson
import pytest

from schema_contracts.validate._jsontext import (
    find_duplicate_keys,
    line_and_column,
    locate_value,
    may_have_duplicate_keys,
)

TEXT = '{\n  "a": 1,\n  "b": {"c": [10, {"d": "x\\"}"}]},\n  "e\\u0041": null\n}'


@pytest.mark.parametrize(
    ("path", "expected"),
    [((), "{"), (("a",), "1"), (("b", "c"), "["), (("b", "c", 1, "d"), '"x'), (("eA",), "null")],
)
def test_locate_value_finds_where_the_value_starts(path: tuple[str | int, ...], expected: str) -> None:
    """The offset of a JSON Pointer's value is found through nesting, arrays and escaped keys and strings."""
    offset = locate_value(TEXT, path)
    assert offset is not None
    assert TEXT[offset:].startswith(expected)


def test_locate_value_of_a_missing_member_is_none() -> None:
    """A path that the document does not have has no location."""
    assert locate_value(TEXT, ("zz",)) is None


def test_line_and_column_are_one_based() -> None:
    """Lines and columns count from 1, columns in characters."""
    offset = locate_value(TEXT, ("b", "c", 1, "d"))
    assert offset is not None
    assert line_and_column(TEXT, offset) == (3, 25)


def test_duplicate_keys_are_found_per_object() -> None:
    """A key repeated in one object is reported with its path; the same key in sibling objects is not."""
    text = '{"a": 1, "l": [{"k": 1}, {"k": 2}], "o": {"x": 1, "x": 2}, "a": 3}'
    found = [(d.path, d.key, text[d.offset : d.offset + 3]) for d in find_duplicate_keys(text) if d.offset is not None]
    assert found == [(("o",), "x", '"x"'), ((), "a", '"a"')]


@pytest.mark.parametrize(
    "text",
    ['{"a": 1, "a": 2}', '{"a": {"b": 1, "b": 1}}', '[{"a": "x:y", "a": 1}]', '{"a" : 1, "a" : 2}'],
)
def test_cheap_screen_never_misses_a_duplicate(text: str) -> None:
    """The fast screen says "maybe" whenever a key repeats, whatever the spacing or colons in strings."""
    assert may_have_duplicate_keys(text.encode(), orjson.loads(text))


@pytest.mark.parametrize("document", [{"a": 1, "b": {"c": [1, {"d": 2}]}}, {"a": "no colon"}, [], 5])
def test_cheap_screen_clears_compact_documents_without_duplicates(document: object) -> None:
    """For documents without colons in strings the screen alone decides, so the tokenizer is not run."""
    raw = json.dumps(document).encode()
    assert not may_have_duplicate_keys(raw, orjson.loads(raw))
