"""The cheap duplicate-key screen never clears a text that repeats a key, however it is written."""

from __future__ import annotations

import json
from typing import Any

import orjson
from helpers import count_example
from hypothesis import given
from hypothesis import strategies as st

from schema_contracts.testing import json_values
from schema_contracts.validate import _jsontext
from schema_contracts.validate._jsontext import find_duplicate_keys, may_have_duplicate_keys
from schema_contracts.validate._native_build import NATIVE

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


# JSON texts written member by member, so that objects at any depth can repeat a key; strings end in runs of
# backslashes and hold escaped quotes, which the native walk skips without reading escapes. Keys are spelt as
# they stand in the text, followed by " :" (which no string value here holds).
_PLAIN_KEYS = ["a", "b", "ab", "é"]
_ESCAPED_KEYS = ['a\\"b', "\\\\", "a\\u0062"]  # the last one is "ab" again, escaped
_STRING_TEXTS = st.text(alphabet='ab"\\\n é', max_size=6).map(json.dumps)


def _json_texts() -> st.SearchStrategy[str]:
    scalars = st.one_of(st.sampled_from(["null", "true", "-1.5e3", "0"]), _STRING_TEXTS)
    return st.recursive(
        scalars,
        lambda children: st.one_of(
            st.lists(children, max_size=4).map(lambda items: "[" + ", ".join(items) + "]"),
            st.lists(st.tuples(st.sampled_from(_PLAIN_KEYS + _ESCAPED_KEYS), children), max_size=4).map(
                lambda members: "{" + ",".join(f'"{key}" :{value}' for key, value in members) + "}"
            ),
        ),
        max_leaves=12,
    )


@given(text=_json_texts())
def test_native_key_walk_clears_exactly_the_texts_without_repeats(text: str) -> None:
    """The native walk says "no key repeats" only of a text that repeats none at any depth, and says it of every
    such text whose keys are unescaped (an escaped key it leaves to the slower screens)."""
    count_example("duplicate keys: native walk")
    assert NATIVE is not None
    repeats = bool(_jsontext._repeated_keys(text))
    escaped_key = any(f'"{key}" :' in text for key in _ESCAPED_KEYS)
    cleared = NATIVE.unique_keys(text.encode())
    assert not (cleared and repeats)
    if not repeats and not escaped_key:
        assert cleared
