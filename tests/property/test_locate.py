"""The native walk finds every value where the Python walk finds it, repeated keys and all."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest
from helpers import count_example
from hypothesis import given
from hypothesis import strategies as st

from schema_contracts.validate import _jsontext
from schema_contracts.validate._jsontext import locate_value

LAYOUTS = [
    {"separators": (",", ":")},
    {"separators": (", ", ": ")},
    {"separators": (",", " : ")},
    {"indent": 2},
    {"indent": "\t"},
]
KEYS = st.text(alphabet='ab:"\\\u00e9', max_size=3)
SCALARS = st.one_of(
    st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False, allow_infinity=False), st.text(max_size=4)
)


def paths(value: Any, draw: Callable[[st.SearchStrategy[Any]], Any]) -> tuple[str | int, ...]:
    """A path into ``value``, sometimes one step past what is there."""
    path: list[str | int] = []
    while draw(st.booleans()):
        if isinstance(value, dict) and value:
            key = draw(st.sampled_from(sorted(value)))
            path.append(key)
            value = value[key]
        elif isinstance(value, list) and value:
            index = draw(st.integers(0, len(value)))
            path.append(index)
            if index == len(value):
                break
            value = value[index]
        else:
            path.append(draw(st.one_of(st.integers(0, 2), KEYS)))
            break
    return tuple(path)


@given(
    value=st.recursive(
        st.one_of(
            st.none(),
            st.booleans(),
            st.integers(),
            st.floats(allow_nan=False, allow_infinity=False),
            st.text(max_size=4),
            st.text(alphabet='a"\\\n', max_size=8),  # escaped quotes after runs of escaped backslashes
        ),
        lambda children: st.one_of(st.lists(children, max_size=4), st.dictionaries(KEYS, children, max_size=4)),
        max_leaves=10,
    ),
    layout=st.sampled_from(LAYOUTS),
    repeat=st.booleans(),
    unique=st.booleans(),
    data=st.data(),
)
def test_native_and_python_walks_agree(
    value: Any, layout: dict[str, Any], repeat: bool, unique: bool, data: st.DataObject
) -> None:
    """For any ASCII document and path (or one step past it), both walks give the same offset or None."""
    count_example("locate: native and Python walks")
    text = json.dumps(value, **layout)
    if repeat and isinstance(value, dict) and value:
        key = data.draw(st.sampled_from(sorted(value)))
        text = "{" + json.dumps(key) + ": 0, " + text.lstrip()[1:]  # the first occurrence, shadowed
        unique = False
    path = paths(value, data.draw)
    native = locate_value(text, path, unique)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(_jsontext, "_native_locate", None)
        python = locate_value(text, path, unique)
    assert native == python, (text, path)
