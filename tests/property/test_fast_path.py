"""The fast accept path is sound: whatever it accepts, python-jsonschema and jsonschema-rs accept, key by key.

Two families: the contracts' own payloads (valid ones and near misses) in every layout, with repeated keys and
escaped colons slipped in; and random schemas built from every keyword the fast path translates, with random
payloads. A fast "yes" must always be an exact "yes" and free of repeated keys; the validator's verdict with the
fast path must equal its verdict without it.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from typing import Any

import jsonschema
import jsonschema_rs
import orjson
import pytest
from helpers import compiled_contract, count_example, strict_json_loads
from hypothesis import assume, given
from hypothesis import strategies as st

from schema_contracts.base64_rule import BASE64_PATTERN, LOOKAHEAD_BASE64_PATTERN, base64_schema_keywords
from schema_contracts.testing import near_miss_payloads, valid_payloads
from schema_contracts.validate import PayloadValidator, compile_schema
from schema_contracts.validate._fast import ENGINES, Engine, compile_fast_path
from schema_contracts.validate._jsontext import find_duplicate_keys

CONTRACTS = ["CodeExecutionRequest", "CodeExecutionResult"]
LAYOUTS: list[dict[str, Any]] = [
    {"separators": (",", ":")},
    {"separators": (", ", ": ")},
    {"separators": (",", " : ")},
    {"indent": 2},
    {"indent": "\t", "ensure_ascii": False},
]
# A colon inside a string, in any layout above: structural colons always follow a closing quote.
_COLON_IN_STRING = re.compile(r'(?<=[^"\s]):')


def exact_verdicts(schema: Any, text: str) -> dict[str, bool]:
    """python-jsonschema and jsonschema-rs on ``text``, and whether it repeats a key."""
    try:
        reference = jsonschema.Draft202012Validator(schema).is_valid(strict_json_loads(text))
    except ValueError:
        reference = False
    try:
        rust = jsonschema_rs.validator_for(schema).is_valid(orjson.loads(text))
    except (orjson.JSONDecodeError, ValueError):
        rust = False
    try:
        unique = not find_duplicate_keys(text)
    except ValueError:
        unique = False
    return {"python-jsonschema": reference, "jsonschema-rs": rust, "no repeated key": unique}


def mutate(draw: Callable[[st.SearchStrategy[Any]], Any], text: str) -> str:
    """``text``, or with one member repeated, or with its colons inside strings escaped as \\u003a."""
    choice = draw(st.sampled_from(["as is", "repeat", "escape colons", "repeat and escape"]))
    if "repeat" in choice and text.lstrip().startswith("{"):
        document = json.loads(text)
        if isinstance(document, dict) and document:
            key = draw(st.sampled_from(sorted(document)))
            value = draw(st.one_of(st.just(document[key]), _payloads(1)))
            start = text.index("{") + 1
            text = text[:start] + json.dumps(key) + ":" + json.dumps(value) + "," + text[start:]
    if "escape" in choice:
        text = _COLON_IN_STRING.sub(r"\\u003a", text)
    return text


@st.composite
def contract_texts(draw: st.DrawFn) -> tuple[str, str]:
    contract = draw(st.sampled_from(CONTRACTS))
    payload = draw(st.one_of(valid_payloads(contract), near_miss_payloads(contract).map(lambda miss: miss.payload)))
    text = json.dumps(payload, **draw(st.sampled_from(LAYOUTS)))
    return contract, mutate(draw, text)


@pytest.mark.parametrize("engine", ENGINES)
@given(case=contract_texts())
def test_contract_payloads_accepted_fast_are_valid_for_every_validator(engine: Engine, case: tuple[str, str]) -> None:
    """A contract payload the fast path accepts is valid for python-jsonschema and jsonschema-rs, with no repeats."""
    contract, text = case
    count_example(f"fast path ({engine}): contract payloads")
    validator = compiled_contract(contract)
    fast = compile_fast_path(validator.schema.document, engine)
    assert fast is not None
    if fast.accepts(text.encode()):
        count_example(f"fast path ({engine}): contract payloads accepted fast")
        verdicts = exact_verdicts(validator.schema.document, text)
        assert all(verdicts.values()), f"fast path accepted {text[:300]!r}: {verdicts}"
    exact = PayloadValidator(validator.schema, fast=False)
    assert validator.check_bytes(text.encode(), "p").valid == exact.check_bytes(text.encode(), "p").valid


# -- random schemas from every keyword the fast path translates -------------------------------------------
NAMES = ["a", "b", "c:d", "class"]
LEAF_SCHEMAS = [
    True,
    {},
    {"type": "string"},
    {"type": "string", "maxLength": 2},
    {"type": "string", "minLength": 1},
    {"type": "integer"},
    {"type": "integer", "minimum": -2, "maximum": 5},
    {"type": "integer", "exclusiveMaximum": 3},
    {"type": "number"},
    {"type": "number", "minimum": 0},
    {"type": "number", "exclusiveMinimum": 0.5, "maximum": 9007199254740991},
    {"type": "boolean"},
    {"type": "null"},
    {"type": ["string", "null"]},
    {"enum": ["x", "y:z", None]},
    {"const": "x"},
    {"type": "object"},
    {"type": "object", "additionalProperties": True},
    {"type": "array"},
    {"type": "string", "pattern": LOOKAHEAD_BASE64_PATTERN},
    {"type": "string", "pattern": BASE64_PATTERN},
    {"type": "string", **base64_schema_keywords()},
]
CONDITIONS = st.one_of(
    st.builds(
        lambda name, value: {"properties": {name: {"const": value}}, "required": [name]},
        st.sampled_from(NAMES),
        st.sampled_from(["x", "y:z"]),
    ),
    st.builds(lambda name: {"properties": {name: {"type": "null"}}}, st.sampled_from(NAMES)),
    st.builds(
        lambda name: {"properties": {name: {"not": {"type": "null"}}}, "required": [name]}, st.sampled_from(NAMES)
    ),
    st.builds(lambda kind: {"type": kind}, st.sampled_from(["string", "integer", "number", "object", "null"])),
)


def _object(properties: dict[str, Any], required: list[str], extra: bool) -> dict[str, Any]:
    return {
        "type": "object",
        "properties": properties,
        "required": [n for n in required if n in properties],
        "additionalProperties": extra,
    }


def _extend(children: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    return st.one_of(
        st.builds(
            _object,
            st.dictionaries(st.sampled_from(NAMES), children, min_size=1, max_size=3),
            st.lists(st.sampled_from(NAMES), max_size=3, unique=True),
            st.booleans(),
        ),
        st.builds(
            lambda items, least: {"type": "array", "items": items, "minItems": least}, children, st.integers(0, 2)
        ),
        st.builds(lambda first, second: {"anyOf": [first, second]}, children, children),
        st.builds(lambda first, second: {"oneOf": [first, second]}, children, children),
        st.builds(
            lambda base, condition, then, otherwise: {
                **_as_dict(base),
                "if": condition,
                "then": then,
                "else": otherwise,
            },
            children,
            CONDITIONS,
            CONDITIONS,
            CONDITIONS,
        ),
        st.builds(lambda base, condition: {**_as_dict(base), "allOf": [condition]}, children, CONDITIONS),
        st.builds(lambda base, condition: {**_as_dict(base), "not": condition}, children, CONDITIONS),
    )


def _as_dict(schema: Any) -> dict[str, Any]:
    return schema if isinstance(schema, dict) else {}


def _schemas(depth: int) -> st.SearchStrategy[Any]:
    """Schemas nested at most ``depth`` levels (spelt out: hypothesis's `recursive` cannot see `builds` recurse)."""
    leaves = st.sampled_from(LEAF_SCHEMAS)
    return leaves if depth == 0 else st.one_of(leaves, _extend(_schemas(depth - 1)))


SCHEMAS = _schemas(3)
SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-10, max_value=10),
    st.integers(),
    st.sampled_from([0.0, 0.5, -0.5, 1.0, 3.0, 1e300, 2.0**63, 2.0**64]),
    st.sampled_from(["", "x", "y:z", "ab", "QUJD", "QQ==", "QQ==\n", "a:b:c", "\u00e9"]),
    st.text(max_size=4),
)


def _payloads(depth: int) -> st.SearchStrategy[Any]:
    """JSON values nested at most ``depth`` levels, keyed by the schemas' property names."""
    if depth == 0:
        return SCALARS
    inner = _payloads(depth - 1)
    return st.one_of(SCALARS, st.lists(inner, max_size=3), st.dictionaries(st.sampled_from(NAMES), inner, max_size=4))


PAYLOADS = _payloads(3)


_KIND_VALUES: dict[str, st.SearchStrategy[Any]] = {
    "string": st.sampled_from(["", "x", "y:z", "ab", "QQ==", "abc"]),
    "integer": st.sampled_from([-3, 0, 2, 5, 7, 2**63, -(2**63) - 1]),
    "number": st.sampled_from([0, 0.5, -1.5, 3, 1e300, 2**53 + 1]),
    "boolean": st.booleans(),
    "null": st.none(),
}


def instances(schema: Any, depth: int = 0) -> st.SearchStrategy[Any]:
    """Values shaped like ``schema`` (mostly valid, sometimes not), so the fast path gets to say yes."""
    if not isinstance(schema, dict) or depth > 6:
        return PAYLOADS
    if "enum" in schema or "const" in schema:
        return st.sampled_from(schema.get("enum", [schema.get("const")]))
    for key in ("anyOf", "oneOf"):
        if key in schema:
            return st.one_of([instances(branch, depth + 1) for branch in schema[key]])
    kind = schema.get("type")
    kind = kind[0] if isinstance(kind, list) else kind
    if kind == "object" and "properties" in schema:
        properties, required = schema["properties"], schema.get("required", [])
        return st.fixed_dictionaries(
            {name: instances(properties[name], depth + 1) for name in required},
            optional={name: instances(value, depth + 1) for name, value in properties.items() if name not in required},
        )
    if kind == "array":
        return st.lists(instances(schema.get("items", True), depth + 1), max_size=3)
    return _KIND_VALUES.get(kind, PAYLOADS) if isinstance(kind, str) else PAYLOADS


@pytest.mark.parametrize("engine", ENGINES)
@given(schema=SCHEMAS, layout=st.sampled_from(LAYOUTS), data=st.data())
def test_random_schemas_accept_fast_only_what_is_valid(
    engine: Engine, schema: Any, layout: dict[str, Any], data: st.DataObject
) -> None:
    """For any schema built of translated keywords, a fast "yes" is a "yes" of both validators, without repeats."""
    count_example(f"fast path ({engine}): random schemas")
    document = {"$schema": "https://json-schema.org/draft/2020-12/schema", **_as_dict(schema)}
    if schema is True:
        document = {"$schema": "https://json-schema.org/draft/2020-12/schema"}
    fast = compile_fast_path(document, engine)
    assume(fast is not None)
    assert fast is not None
    payload = data.draw(st.one_of(instances(schema), PAYLOADS))
    text = mutate(data.draw, json.dumps(payload, **layout))
    if fast.accepts(text.encode()):
        count_example(f"fast path ({engine}): random schemas accepted fast")
        verdicts = exact_verdicts(document, text)
        assert all(verdicts.values()), f"schema {document} accepted {text!r}: {verdicts}"


# -- the native checker's parser against orjson, byte by byte -------------------------------------------------
SIMPLE_KEYS = st.text(alphabet="abcxyz:_-", min_size=0, max_size=4)
JSON_VALUES = st.recursive(
    st.one_of(
        st.none(),
        st.booleans(),
        st.integers(min_value=-(10**18) + 1, max_value=10**18 - 1),
        st.floats(allow_nan=False, allow_infinity=False),
        st.text(max_size=8),
    ),
    lambda children: st.one_of(st.lists(children, max_size=4), st.dictionaries(SIMPLE_KEYS, children, max_size=4)),
    max_leaves=12,
)
# Bytes that matter to a JSON scanner: structure, escapes, digits, UTF-8 lead and continuation bytes.
SPLICE = st.sampled_from(
    [b'"', b"\\", b",", b":", b"{", b"}", b"[", b"]", b"0", b"-", b"e", b".", b" ", b"\n", b"\\u", b"d8", b"\x80",
     b"\xc0", b"\xed\xa0\x80", b"\xf4\x90", b"\xef\xbb\xbf", b"\x00", b"\x1f", b"true", b"nul", b"1e999"]
)  # fmt: skip


@given(value=JSON_VALUES, ascii_only=st.booleans(), spaced=st.booleans(), data=st.data())
def test_native_parser_accepts_only_what_orjson_reads_without_repeats(
    value: Any, ascii_only: bool, spaced: bool, data: st.DataObject
) -> None:
    """Against the any-value schema, the native checker accepts clean JSON, and accepts a mangled text only if
    orjson reads it and it repeats no key."""
    from schema_contracts.validate._native import Checker

    count_example("native parser: texts")
    checker = Checker({})
    text = json.dumps(value, ensure_ascii=ascii_only, separators=(", ", ": ") if spaced else (",", ":"))
    raw = text.encode("utf-8")
    assert checker.accepts(raw), raw  # clean: no escaped key, integers of at most 18 digits, shallow
    for _ in range(data.draw(st.integers(1, 3))):
        at = data.draw(st.integers(0, len(raw)))
        cut = data.draw(st.integers(0, 2))
        raw = raw[:at] + data.draw(SPLICE) + raw[at + cut :]
    if checker.accepts(raw):
        count_example("native parser: mangled texts accepted")
        decoded = orjson.loads(raw)
        assert orjson.loads(orjson.dumps(decoded)) == decoded
        assert not find_duplicate_keys(raw.decode("utf-8")), raw


# -- the native explanation of the top object: the same issues as the whole payload's ------------------------
WRONG_VALUES = st.one_of(
    SCALARS,
    st.sampled_from(["timeout", "success", "resource_limit_exceeded", "unauthorized_access", "time", "-1", "@@"]),
    st.sampled_from([-1, 0, 2**53, [], {}, [{"name": 1, "size": -1, "content_b64": "@@"}], {"present": "yes"}]),
    _payloads(2),
)


def edit_members(draw: Callable[[st.SearchStrategy[Any]], Any], payload: Any, names: list[str]) -> Any:
    """``payload`` with up to three members of its top object replaced, removed or added, when it is an object."""
    if not isinstance(payload, dict):
        return payload
    payload = dict(payload)
    for _ in range(draw(st.integers(0, 3))):
        edit = draw(st.sampled_from(["replace", "remove", "add"]))
        if edit == "add":
            payload["unknown"] = draw(WRONG_VALUES)
        elif payload and edit == "remove":
            del payload[draw(st.sampled_from(sorted(payload)))]
        else:
            payload[draw(st.sampled_from(sorted({*names, *payload})))] = draw(WRONG_VALUES)
    return payload


def assert_explained_alike(validator: PayloadValidator, exact: PayloadValidator, texts: list[str], family: str) -> None:
    """Each text gets the same result from both validators; twice, the second time further down a file, so that
    what the first explained is kept and placed anew, and a kept explanation is never given to another value."""
    assert validator._top is not None
    for line in (1, 7):
        for text in texts:
            raw = text.encode()
            found = validator._top.explain(raw)
            kind = "whole path" if found is None else "object" if found[0] else "members" if found[1] else "no failure"
            count_example(f"top explanation ({family}): {kind}")
            assert validator.check_bytes(raw, "p", line) == exact.check_bytes(raw, "p", line), text[:500]


@given(data=st.data())
def test_contract_payloads_explained_member_by_member_alike(data: st.DataObject) -> None:
    """A contract payload the native check refuses gets the issues, in the order, that the whole payload gets."""
    contract = data.draw(st.sampled_from(CONTRACTS))
    validator = compiled_contract(contract)
    validator.fast_path  # noqa: B018 - compiles it now, not after FAST_AFTER payloads
    exact = PayloadValidator(validator.schema, fast=False)
    payload = data.draw(
        st.one_of(valid_payloads(contract), near_miss_payloads(contract).map(lambda miss: miss.payload))
    )
    payload = edit_members(data.draw, payload, list(validator.schema.document["properties"]))
    text = mutate(data.draw, json.dumps(payload, **data.draw(st.sampled_from(LAYOUTS))))
    assert_explained_alike(validator, exact, [text], "contracts")


def _conditions(names: list[str]) -> st.SearchStrategy[dict[str, Any]]:
    """CONDITIONS on the members of an object that declares ``names`` (the translation refuses others)."""
    name = st.sampled_from(names)
    return st.one_of(
        st.builds(
            lambda n, value: {"properties": {n: {"const": value}}, "required": [n]}, name, st.sampled_from(["x", "y:z"])
        ),
        st.builds(lambda n: {"properties": {n: {"type": "null"}}}, name),
        st.builds(lambda n: {"properties": {n: {"not": {"type": "null"}}}, "required": [n]}, name),
        st.builds(lambda kind: {"type": kind}, st.sampled_from(["string", "object", "null"])),
    )


@st.composite
def top_schemas(draw: st.DrawFn) -> dict[str, Any]:
    """Objects at the top, with the keywords of their own that the native explanation tells apart from their
    members': `required`, `additionalProperties` and conditions on their members."""
    properties = draw(st.dictionaries(st.sampled_from(NAMES), _schemas(2), min_size=1, max_size=4))
    schema = _object(properties, draw(st.lists(st.sampled_from(NAMES), max_size=3, unique=True)), draw(st.booleans()))
    conditions = _conditions(list(properties))
    for keyword in draw(st.lists(st.sampled_from(["allOf", "not", "if"]), min_size=1, max_size=2, unique=True)):
        if keyword == "allOf":
            schema["allOf"] = draw(st.lists(conditions, min_size=1, max_size=2))
        elif keyword == "not":
            schema["not"] = draw(conditions)
        else:
            schema.update({"if": draw(conditions), "then": draw(conditions), "else": draw(conditions)})
    return schema


@given(schema=top_schemas(), layout=st.sampled_from(LAYOUTS), data=st.data())
def test_random_schemas_explained_member_by_member_alike(
    schema: Any, layout: dict[str, Any], data: st.DataObject
) -> None:
    """For any object schema the native check translates, its explanation of a refused payload is the whole
    payload's: the same issues in the same order."""
    document = {"$schema": "https://json-schema.org/draft/2020-12/schema", **schema}
    validator = PayloadValidator(compile_schema(document, "random"))
    assume(validator.fast_path is not None and validator._top is not None)
    exact = PayloadValidator(validator.schema, fast=False)
    texts = []
    for _ in range(3):  # several payloads for one validator: what it keeps from one must not answer for another
        payload = edit_members(data.draw, data.draw(instances(schema)), list(document["properties"]))
        text = json.dumps(payload, **layout)
        if data.draw(st.integers(0, 3)) == 0:  # a repeated or escaped key: the whole path explains it
            text = mutate(data.draw, text)
        texts.append(text)
    assert_explained_alike(validator, exact, texts, "random schemas")
