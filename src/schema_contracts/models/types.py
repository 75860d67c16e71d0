"""Field types whose Python check and exported JSON Schema accept exactly the same JSON values.

Pydantic's lax mode accepts JSON that JSON Schema rejects (``"5"`` or ``true`` for an integer, ``"1.5"``
for a float, ``NaN`` anywhere) and rejects JSON that JSON Schema accepts (``5.0`` for an integer under strict
mode). Each type here settles one of these differences deliberately; the README's contract section lists them.
"""

from __future__ import annotations

import math
from typing import Annotated, Any

from pydantic import AfterValidator, BeforeValidator, Field, GetCoreSchemaHandler, GetJsonSchemaHandler, Strict
from pydantic.json_schema import JsonSchemaValue
from pydantic_core import PydanticCustomError, core_schema

from schema_contracts.base64_rule import base64_schema_keywords, base64_violation

__all__ = [
    "MAX_SAFE_INTEGER",
    "Base64Str",
    "FiniteJsonValue",
    "FiniteNonNegativeFloat",
    "JsonObject",
    "NonNegativeSafeInt",
    "SafeInt",
    "StrictBool",
]


def _check_base64(value: str) -> str:
    reason = base64_violation(value)
    if reason is not None:
        raise PydanticCustomError("base64", "Invalid base64 encoding: {reason}", {"reason": reason})
    return value


class _Base64Rule:
    """Validates contract base64 in Python; exports the same rule as ``pattern``, ``not`` and ``contentEncoding``.

    The export goes through pydantic's JSON-schema machinery (this hook), so every schema that uses the type
    carries the keywords of ``base64_schema_keywords``, which read the same in every regex engine.
    """

    def __get_pydantic_core_schema__(self, source: Any, handler: GetCoreSchemaHandler) -> core_schema.CoreSchema:
        return core_schema.no_info_after_validator_function(_check_base64, core_schema.str_schema(strict=True))

    def __get_pydantic_json_schema__(
        self, schema: core_schema.CoreSchema, handler: GetJsonSchemaHandler
    ) -> JsonSchemaValue:
        json_schema = handler(schema)
        json_schema.update(base64_schema_keywords())
        return json_schema


Base64Str = Annotated[str, _Base64Rule()]
"""Standard-alphabet, padded base64 with no whitespace: exactly the strings its schema keywords accept."""


def _integral_float_to_int(value: Any) -> Any:
    # JSON Schema calls 5.0 an integer; strict pydantic would not. Booleans are not floats, so stay rejected.
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


# I-JSON (RFC 7493) range: every JSON parser, JavaScript's included, holds these integers exactly, so
# validators in every language compare them the same way.
MAX_SAFE_INTEGER = 2**53 - 1


# Order matters: constraints given after a BeforeValidator do not reach the JSON Schema as `minimum`/`maximum`.
SafeInt = Annotated[
    int,
    Strict(),
    Field(ge=-MAX_SAFE_INTEGER, le=MAX_SAFE_INTEGER),
    BeforeValidator(_integral_float_to_int),
]
"""A JSON integer (`5` or `5.0`, never `"5"` or `true`) within ±(2**53 - 1), exact in every language."""

NonNegativeSafeInt = Annotated[
    int,
    Strict(),
    Field(ge=0, le=MAX_SAFE_INTEGER),
    BeforeValidator(_integral_float_to_int),
]
"""A `SafeInt` that is ``>= 0`` (a byte size, a count)."""

StrictBool = Annotated[bool, Strict()]
"""A JSON boolean, never `"true"`, `1` or `0`."""


FiniteNonNegativeFloat = Annotated[float, Strict(), Field(ge=0, allow_inf_nan=False)]
"""A finite JSON number ``>= 0`` (integers included, numeric strings, ``NaN`` and ``Infinity`` not)."""


def _reject_non_finite(value: Any, location: str = "") -> None:
    if isinstance(value, float) and not math.isfinite(value):
        raise PydanticCustomError(
            "finite_number",
            "{location} is {value}, which is not a JSON number",
            {"location": location or "value", "value": repr(value)},
        )
    if isinstance(value, dict):
        for key, item in value.items():
            _reject_non_finite(item, f"{location}/{key}")
    elif isinstance(value, list):
        for index, item in enumerate(value):
            _reject_non_finite(item, f"{location}/{index}")


def _finite_json(value: Any) -> Any:
    # Pydantic's JSON parser reads NaN, Infinity and 1e400 into an `Any`; they are not JSON, so no
    # JSON Schema validator ever sees them as valid.
    _reject_non_finite(value)
    return value


JsonObject = Annotated[dict[str, Any], AfterValidator(_finite_json)]
"""A JSON object whose values are any JSON (finite numbers only)."""

FiniteJsonValue = Annotated[Any, AfterValidator(_finite_json)]
"""Any JSON value (finite numbers only, at any depth); the schema says nothing about it: `{}`."""
