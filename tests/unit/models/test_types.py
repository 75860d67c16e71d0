"""Field types settle pydantic's lax parsing toward what JSON Schema accepts, value by value."""

from __future__ import annotations

import json

import pytest
from pydantic import TypeAdapter, ValidationError

from schema_contracts.base64_rule import BASE64_PATTERN, LINE_FEED_PATTERN, base64_violation, is_contract_base64
from schema_contracts.models.types import Base64Str, FiniteNonNegativeFloat, JsonObject, SafeInt


@pytest.mark.parametrize(
    ("text", "accepted"),
    [
        ("", True),
        ("QQ==", True),
        ("QUI=", True),
        ("QUJD", True),
        ("QR==", True),  # non-zero padding bits: still the contract's language, as the pattern says
        ("QUJD====", False),  # Python's decoder accepts this; the contract does not
        ("cGFzcw==\n", False),  # Python's `$` would let this through without the line-feed refusal
        ("QUJ", False),
        ("Q===", False),
        ("=QUJ", False),
        ("QQ==QUJD", False),
        ("QU JD", False),
        ("-_-_", False),
        ("QUJDé===", False),
    ],
)
def test_base64_language(text: str, accepted: bool) -> None:
    """The base64 rule accepts exactly padded standard-alphabet base64, in Python and as a pattern."""
    assert is_contract_base64(text) is accepted
    assert (base64_violation(text) is None) is accepted
    adapter = TypeAdapter(Base64Str)
    if accepted:
        assert adapter.validate_python(text) == text
    else:
        with pytest.raises(ValidationError, match="Invalid base64 encoding: "):
            adapter.validate_python(text)


def test_base64_schema_carries_pattern_line_feed_refusal_and_content_encoding() -> None:
    """The annotated type exports the rule as a lookahead-free `pattern`, a `not` refusing line feeds, and the
    `contentEncoding` annotation, through pydantic's JSON-schema hook."""
    assert TypeAdapter(Base64Str).json_schema() == {
        "type": "string",
        "pattern": BASE64_PATTERN,
        "not": {"type": "string", "pattern": LINE_FEED_PATTERN},
        "contentEncoding": "base64",
    }
    assert "(?" not in BASE64_PATTERN.replace("(?:", "")  # no lookaround, no inline flags: RE2 compiles it


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("5", 5), ("5.0", 5), ("-0.0", 0), ("1e2", 100), ("-9007199254740991", -(2**53 - 1))],
)
def test_safe_int_accepts_what_json_schema_calls_an_integer(raw: str, expected: int) -> None:
    """Integral numbers, written as integers or not, are integers (JSON Schema says 1.0 is one)."""
    assert TypeAdapter(SafeInt).validate_json(raw) == expected


@pytest.mark.parametrize("raw", ['"5"', "true", "1.5", "9007199254740992", "null", "NaN"])
def test_safe_int_rejects_what_json_schema_rejects(raw: str) -> None:
    """Numeric strings, booleans, fractions, integers beyond 2**53 - 1, null and NaN are refused."""
    with pytest.raises(ValidationError):
        TypeAdapter(SafeInt).validate_json(raw)


@pytest.mark.parametrize("raw", ['"1.5"', "true", "-1", "NaN", "Infinity", "1e400"])
def test_float_rejects_strings_negatives_and_non_finite(raw: str) -> None:
    """Time and memory are finite non-negative JSON numbers only."""
    with pytest.raises(ValidationError):
        TypeAdapter(FiniteNonNegativeFloat).validate_json(raw)


def test_float_accepts_integers() -> None:
    """A JSON integer is a number."""
    assert TypeAdapter(FiniteNonNegativeFloat).validate_json("2048") == 2048.0


@pytest.mark.parametrize("raw", ['{"x": NaN}', '{"x": [1, {"y": Infinity}]}', '{"x": -1e400}'])
def test_json_object_rejects_non_finite_numbers_at_any_depth(raw: str) -> None:
    """NaN, Infinity and overflowing literals are not JSON, wherever they hide."""
    with pytest.raises(ValidationError, match="not a JSON number"):
        TypeAdapter(JsonObject).validate_json(raw)


def test_json_object_keeps_any_json() -> None:
    """Any JSON value, nested, survives unchanged."""
    value: dict[str, object] = {"a": [1, 2.5, None, True, "s", {"b": {}}], "unicode": "✓"}
    assert TypeAdapter(JsonObject).validate_json(json.dumps(value)) == value
