"""The native checker (_native.c): it reads JSON as orjson does, refuses what orjson refuses, and is built."""

from __future__ import annotations

import json
from typing import Any

import orjson
import pytest

from schema_contracts.validate._fast import compile_fast_path, native_available
from schema_contracts.validate._program import MAX_FAST_DEPTH, Unsupported, translate


def checker(schema: Any = True) -> Any:
    from schema_contracts.validate._native import Checker

    return Checker(translate(schema if schema is not True else {}))


def test_the_native_checker_is_built_by_the_install() -> None:
    """`make` installs the package with its native checker compiled (hatch_build.py), and it is the default."""
    assert native_available()
    fast = compile_fast_path({"type": "string"})
    assert fast is not None
    assert fast.engine == "native"


def test_its_bounds_are_the_ones_the_python_side_uses() -> None:
    """MAX_DEPTH and MAX_PROPS in C are MAX_FAST_DEPTH and the translator's MAX_PROPERTIES in Python."""
    from schema_contracts.validate import _native
    from schema_contracts.validate._program import MAX_PROPERTIES

    assert _native.MAX_DEPTH == MAX_FAST_DEPTH
    assert _native.MAX_PROPS == MAX_PROPERTIES


@pytest.mark.parametrize(
    "raw",
    [
        b"null",
        b" true ",
        b"false\n",
        b"0",
        b"-0",
        b"-0.0",
        b"1e5",
        b"1E+5",
        b"2.5e-3",
        b"1e-400",
        b"999999999999999999",
        b'""',
        b'"\\"\\\\\\/\\b\\f\\n\\r\\t"',
        b'"\\u00e9\\ud83d\\ude00"',
        '"é😀\u07ff\uffff\U0010ffff"'.encode(),
        b'"\x7f"',
        b"[]",
        b"{}",
        b' [ 1 , [ ] , { } , "a" ] ',
        b'{"a":{"b":[{"c":null}]},"b":1}',
        b"\r\n\t{\r\n\t}\r\n\t",
    ],
)
def test_what_orjson_reads_is_accepted(raw: bytes) -> None:
    """Every JSON form orjson reads (escapes, surrogate pairs, 4-byte UTF-8, exponents, any whitespace) passes."""
    orjson.loads(raw)
    assert checker().accepts(raw)


@pytest.mark.parametrize(
    "raw",
    [
        b"",
        b"   ",
        b"nul",
        b"nulll",
        b"True",
        b"01",
        b"-",
        b"1.",
        b".5",
        b"1e",
        b"+1",
        b"1e309",
        b"-1e309",
        b"NaN",
        b"[1,]",
        b"[1 2]",
        b'{"a":1,}',
        b'{"a" 1}',
        b"{a:1}",
        b'{"a":1',
        b'"abc',
        b'"\\x"',
        b'"\\u12"',
        b'"\\ud800"',
        b'"\\udc00"',
        b'"\\ud800\\u0041"',
        b'"\x01"',
        b'"\t"',
        b'"\xff"',
        b'"\xc0\x80"',
        b'"\xe0\x80\x80"',
        b'"\xed\xa0\x80"',
        b'"\xf4\x90\x80\x80"',
        b'"\xe9"',
        b"\xef\xbb\xbf{}",
        b"{} {}",
        b"{}\x00",
        b'{"a":1,"a":1}',
        b'{"a":1,"b":{"c":1,"c":2}}',
    ],
)
def test_what_orjson_refuses_or_repeats_a_key_is_not_accepted(raw: bytes) -> None:
    """Malformed JSON, lone surrogates, invalid UTF-8, overflowing numbers and repeated keys are refused."""
    assert not checker().accepts(raw)


@pytest.mark.parametrize(
    "raw",
    [
        b'{"a\\u0062":1}',  # an escaped key: the exact path compares keys decoded
        b"1" * 19,  # more digits than an int64 holds for sure
        b"[" * (MAX_FAST_DEPTH + 1) + b"]" * (MAX_FAST_DEPTH + 1),
        json.dumps({f"k{i}": i for i in range(70)}).encode(),  # more free-form members than it compares
    ],
)
def test_what_it_leaves_to_the_exact_path_is_still_valid_there(raw: bytes) -> None:
    """Escaped keys, long integers, deep nesting and very wide objects are left to the exact path, not refused."""
    orjson.loads(raw)
    assert not checker().accepts(raw)


def test_it_takes_any_bytes_like_payload() -> None:
    """bytes, bytearray and memoryview give one verdict."""
    check = checker({"type": "object", "properties": {"a": {"type": "integer"}}})
    assert check.accepts(b'{"a":1}')
    assert check.accepts(bytearray(b'{"a":1}'))
    assert check.accepts(memoryview(b'{"a":1}'))
    with pytest.raises(TypeError):
        check.accepts("{}")


@pytest.mark.parametrize(
    ("schema", "accepted", "refused"),
    [
        ({"type": "string", "minLength": 2, "maxLength": 3}, ['"\\u00e9\\u00e9"', '"😀😀😀"'], ['"é"', '"abcd"']),
        ({"enum": ["a:b", None]}, ['"a:b"', "null"], ['"a"', "1", '"a\\u003ab"']),
        ({"type": "integer", "minimum": -2, "exclusiveMaximum": 3}, ["-2", "2"], ["-3", "3", "2.0", "1e0"]),
        ({"type": "number", "exclusiveMinimum": 0.5}, ["0.75", "1", "1e3"], ["0.5", "0", "-1"]),
        ({"type": "array", "items": {"type": "null"}, "minItems": 1, "maxItems": 2}, ["[null]"], ["[]", "[1]"]),
        (
            {"type": "object", "properties": {"a": {"type": "null"}}, "required": ["a", "b"]},
            ['{"a":null,"b":[]}', '{"b":1,"a":null,"c":2}'],
            ['{"a":null}', '{"a":1,"b":1}', '{"b":1,"c":1,"c":2}'],
        ),
        (
            {"type": "object", "properties": {"a": {}}, "additionalProperties": {"type": "string"}},
            ['{"a":1,"b":"x"}'],
            ['{"a":1,"b":2}'],
        ),
        ({"type": "object", "properties": {"a": {}}, "additionalProperties": False}, ['{"a":1}'], ['{"b":1}']),
        ({"anyOf": [{"type": "string", "maxLength": 1}, {"type": "null"}]}, ['"a"', "null"], ['"ab"', "0"]),
        (
            {
                "type": "object",
                "properties": {"s": {"type": "string"}, "t": {"type": ["string", "null"]}},
                "if": {"properties": {"s": {"const": "x"}}, "required": ["s"]},
                "then": {"properties": {"t": {"not": {"type": "null"}}}, "required": ["t"]},
                "else": {"properties": {"t": {"type": "null"}}},
            },
            ['{"s":"x","t":"y"}', '{"s":"y","t":null}', '{"s":"y"}', "{}"],
            ['{"s":"x"}', '{"s":"x","t":null}', '{"s":"y","t":"y"}', '{"s":"\\u0078","t":"y"}'],
        ),
    ],
)
def test_keywords_are_checked_as_the_schema_says(schema: Any, accepted: list[str], refused: list[str]) -> None:
    """Lengths in code points, enums, bounds, items, required, additional members, alternatives and conditions.

    An escaped string that an enum or a condition compares is left to the exact path: the last case refused
    is valid, and the exact path says so.
    """
    check = checker(schema)
    for text in accepted:
        assert check.accepts(text.encode()), text
    for text in refused:
        assert not check.accepts(text.encode()), text


@pytest.mark.parametrize(
    "schema",
    [
        {"type": "object", "properties": {"a": {}}, "if": {"required": ["b"]}},  # b is not declared
        {"type": "object", "properties": {f"p{i}": {} for i in range(65)}},
        {"type": "object", "required": ["a"], "additionalProperties": False},
        {"const": 1},
        {"type": "string", "maxLength": -1},
        {"type": "integer", "maximum": 2**60},
    ],
)
def test_what_the_native_program_cannot_say_exactly_is_not_translated(schema: Any) -> None:
    """Conditions on undeclared members, over 64 properties, non-string enums and inexact bounds: no program."""
    with pytest.raises(Unsupported):
        translate(schema)


@pytest.mark.parametrize(
    "text", ["", "QUJD", "QQ==", "QUI=", "QR==", "QUJD\n", "Q===", "====", "QQ==QUJD", "-_-_", "QUJ", "é", "QUJD" * 9]
)
def test_the_native_base64_check_gives_the_rules_verdict(text: str) -> None:
    """`_native.is_base64` (the exact path's keyword) and `base64_rule.is_contract_base64` agree."""
    from schema_contracts.base64_rule import is_contract_base64
    from schema_contracts.validate._native import is_base64

    assert is_base64(text) == is_contract_base64(text)


def test_locating_a_key_no_utf8_spells_is_left_to_the_python_walk() -> None:
    """A path key with a lone surrogate (escaped in the text) is compared decoded, by the Python walk."""
    from schema_contracts.validate._jsontext import locate_value
    from schema_contracts.validate._native import locate

    assert locate(b'{"a": 1}', ("\ud800",), False) == -1
    assert locate_value('{"a": 1, "\\ud800": 2}', ("\ud800",)) == 19


@pytest.mark.parametrize(
    "before",
    ["", "\\", "\\\\", '"', '\\"', '\\\\"', "x\\", 'a"b\\"c\\\\', "\n" * 40 + "\\", "é\\" * 9],
    ids=repr,
)
def test_locate_skips_strings_ending_in_backslashes_and_escaped_quotes(before: str) -> None:
    """The native walk skips a string to its real closing quote, whatever runs of backslashes and escaped quotes
    come before it, as Python's own scanner reads the text."""
    from schema_contracts.validate._native import locate

    text = json.dumps({"a": before, "b": [before, {"c": before}], "d": 1}).encode()  # ASCII: offsets in bytes
    expected: list[tuple[tuple[str | int, ...], Any]] = [
        (("d",), 1),
        (("b", 1, "c"), before),
        (("b", 1), {"c": before}),
    ]
    for path, value in expected:
        offset = locate(text, path, True)
        assert isinstance(offset, int)
        assert json.JSONDecoder().raw_decode(text.decode(), offset)[0] == value


# -- explain: what failed in a refused payload's top object ------------------------------------------------
EXPLAINED = {
    "type": "object",
    "properties": {"s": {"type": "string"}, "n": {"type": "integer", "minimum": 0}, "t": {"type": ["string", "null"]}},
    "required": ["s"],
    "if": {"properties": {"s": {"const": "x"}}, "required": ["s"]},
    "then": {"properties": {"t": {"not": {"type": "null"}}}, "required": ["t"]},
}


def test_explain_names_the_failing_members_with_their_values_in_text_order() -> None:
    """Each member that fails its property's schema comes with its declared index and its value's span."""
    raw = b'{"n": -1, "s": 5, "t": null, "u": [1, {"v": 2}]}'
    check = checker(EXPLAINED)
    object_failed, failed = check.explain(raw)
    assert object_failed is False
    assert [(index, orjson.loads(raw[start:end])) for index, start, end in failed] == [(1, -1), (0, 5)]
    assert check.names == ("s", "n", "t")  # by the same index


def test_explain_keys_the_object_when_its_own_keywords_fail() -> None:
    """A missing required member or a broken condition: what decides the issues (the keys in order, the texts of
    the values the conditions compare), and where those values start."""
    raw = b'{"s": "x", "n": 1, "u": [1, {"v": 2}]}'
    object_failed, key, starts = checker(EXPLAINED).explain(raw)
    assert object_failed is True
    assert key == (("s", "n", "u"), (b'"x"',))
    assert starts == (("s", raw.index(b'"x"')),)
    assert checker(EXPLAINED).explain(b'{"n": 1}') == (True, (("n",), ()), ())


def test_explain_of_a_valid_payload_names_nothing() -> None:
    """What accepts accepts has no failing member and no failing keyword."""
    assert checker(EXPLAINED).explain(b'{"s": "x", "t": "y"}') == (False, ())


@pytest.mark.parametrize(
    "raw",
    [
        b'{"s": "a", "s": "b"}',  # a repeated key: the whole path reports it
        b'{"\\u0073": 1}',  # an escaped key
        b'{"n": -1} x',  # not JSON after the object
        b'{"n": [1,}',  # not JSON inside a failing member
        b'{"n": {"a": 1, "a": 2}}',  # a repeated key inside a failing member
        b'{"n": -1, "s": "x"}',  # a failing member and a failing condition at once
        b"[1]",  # not an object
        b"",
    ],
)
def test_explain_leaves_to_the_whole_path_what_it_cannot_tell_apart(raw: bytes) -> None:
    """None: the exact path decides and explains these."""
    assert checker(EXPLAINED).explain(raw) is None
