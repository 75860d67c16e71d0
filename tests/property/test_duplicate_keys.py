"""The cheap duplicate-key screen never clears a text that repeats a key, however it is written."""

from __future__ import annotations

import json
from typing import Any

import orjson
from helpers import count_example
from hypothesis import given
from hypothesis import strategies as st

from schema_contracts.testing import json_values
from schema_contracts.validate._jsontext import find_duplicate_keys, may_have_duplicate_keys

LAYOUTS = [
    {"separators": (",", ":")},
    {"separators": (", ", ": ")},
    {"separators": (",", " : ")},
    {"indent": 2},
    {"indent": "\t", "ensure_ascii": False},
]


@given(
    document=st.dictionaries(st.text(max_size=5), json_values(6), min_size=1, max_size=6),
    repeated=st.data(),
    layout=st.sampled_from(LAYOUTS),
)
def test_repeated_key_is_always_screened_and_found(
    document: dict[str, Any], repeated: st.DataObject, layout: dict[str, Any]
) -> None:
    """Whatever the layout and escapes, a repeated key makes the screen say "maybe" and the tokenizer find it."""
    count_example("duplicate keys: screen is sound")
    key = repeated.draw(st.sampled_from(sorted(document)))
    extra = repeated.draw(json_values(3))
    body = json.dumps(document, **layout)
    first = json.dumps({key: extra}, **layout)
    text = first[:-1].rstrip() + ("," if document else "") + body[1:]  # {key: extra, ...document}
    raw = text.encode()
    assert may_have_duplicate_keys(raw, orjson.loads(raw))
    assert key in [duplicate.key for duplicate in find_duplicate_keys(text)]


@given(document=st.dictionaries(st.text(max_size=5), json_values(6), max_size=6), layout=st.sampled_from(LAYOUTS))
def test_text_without_repeats_never_reports_one(document: dict[str, Any], layout: dict[str, Any]) -> None:
    """Where no key repeats, whatever the screen says, the tokenizer reports nothing."""
    count_example("duplicate keys: no false reports")
    text = json.dumps(document, **layout)
    assert find_duplicate_keys(text) == []
