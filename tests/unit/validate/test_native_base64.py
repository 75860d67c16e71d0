"""The validator's native base64 check stands in for every form of the rule with the schema's own verdicts."""

from __future__ import annotations

import json
from typing import Any

import jsonschema_rs
import pytest
from helpers import SCHEMA_DIR

from schema_contracts.base64_rule import BASE64_PATTERN, LOOKAHEAD_BASE64_PATTERN, base64_schema_keywords
from schema_contracts.validate import PayloadValidator, compile_schema, load_schema_file

REFUSAL = base64_schema_keywords()["not"]
FORMS = {
    "pattern and line-feed refusal": {"pattern": BASE64_PATTERN, "not": REFUSAL},
    "pattern alone": {"pattern": BASE64_PATTERN},
    "lookahead pattern (older exports)": {"pattern": LOOKAHEAD_BASE64_PATTERN},
}
VALUES: list[Any] = ["", "QUJD", "QQ==", "QR==", "QUJD\n", "cGFzcw==\n", "\nQUJD", "QUJD====", "QQ==QUJD", "-_-_"]
VALUES += ["QUJ", "QU\nJD", "é", 5, None, True, [], {}, ["QUJD\n"]]


@pytest.mark.parametrize("typed", [True, False], ids=["type string", "untyped"])
@pytest.mark.parametrize("form", FORMS.values(), ids=FORMS.keys())
def test_native_check_gives_the_schemas_verdict(form: dict[str, Any], typed: bool) -> None:
    """For every form of the rule, typed or not, the compiled schema judges strings and non-strings as the
    unmodified schema does in jsonschema-rs, and reports a failure once, at `pattern`, as not contract base64."""
    schema = {"properties": {"code": {**form, **({"type": "string"} if typed else {})}}}
    plain = jsonschema_rs.validator_for(schema)
    validator = PayloadValidator(compile_schema(schema, "test"))
    for value in VALUES:
        payload = {"code": value}
        assert validator.schema.is_valid(payload) is plain.is_valid(payload), value
        issues = validator.issues_for(payload)
        if isinstance(value, str) and issues:
            assert [(issue.keyword, issue.schema_pointer) for issue in issues] == [
                ("pattern", "/properties/code/pattern")
            ]
            assert "(not contract base64)" in issues[0].message


def test_committed_request_schema_reports_a_trailing_newline_once_at_pattern() -> None:
    """`cGFzcw==\\n` fails the committed request schema with one issue, at its `pattern`, as before the `not`."""
    path = next(SCHEMA_DIR.glob("CodeExecutionRequest*.schema.json"))
    issues = PayloadValidator(load_schema_file(path)).check_bytes(b'{"code_b64": "cGFzcw==\\n"}', "x").errors
    assert [(issue.keyword, issue.schema_pointer, issue.pointer) for issue in issues] == [
        ("pattern", "/properties/code_b64/pattern", "/code_b64")
    ]
    assert issues[0].message == (f'"cGFzcw==\\n" does not match {json.dumps(BASE64_PATTERN)} (not contract base64)')


def test_other_not_beside_the_pattern_is_kept() -> None:
    """A `not` that is not the line-feed refusal is the schema author's own: it still applies."""
    schema = {"properties": {"code": {"pattern": BASE64_PATTERN, "not": {"const": "QUJD"}}}}
    validator = PayloadValidator(compile_schema(schema, "test"))
    assert not validator.schema.is_valid({"code": "QUJD"})
    assert validator.schema.is_valid({"code": "QQ=="})
    assert [issue.keyword for issue in validator.issues_for({"code": "QUJD"})] == ["not"]


# Keywords beside the rule that a string fails together with it, each with a value that "@@=" fails.
SIBLINGS: dict[str, dict[str, Any]] = {
    "const": {"const": "QUJD"},
    "enum": {"enum": ["QUJD", "QQ=="]},
    "minLength": {"minLength": 8},
    "maxLength": {"maxLength": 1},
    "format": {"format": "email"},
    "allOf": {"allOf": [{"minLength": 9}]},
    "anyOf": {"anyOf": [{"minLength": 9}, {"const": "x"}]},
    "oneOf": {"oneOf": [{"minLength": 9}, {"const": "x"}]},
    "not": {"not": {"maxLength": 5}},
    "if/then": {"if": True, "then": {"minLength": 9}},
    "if/else": {"if": False, "else": {"minLength": 9}},
    "$ref": {"$ref": "#/$defs/long"},
    "$dynamicRef": {"$dynamicRef": "#long"},
}


def _keyword_form(schema: Any) -> PayloadValidator:
    """A validator that lists errors with the native keyword everywhere, as every validator did before."""
    compiled = compile_schema(schema, "test")
    compiled.__dict__["_explainer"] = compiled._validator  # the cached explainer, replaced by the keyword form
    return PayloadValidator(compiled, fast=False)


@pytest.mark.parametrize("form", FORMS.values(), ids=FORMS.keys())
@pytest.mark.parametrize("sibling", SIBLINGS.values(), ids=SIBLINGS.keys())
def test_explanations_are_those_of_the_keyword_form(form: dict[str, Any], sibling: dict[str, Any]) -> None:
    """The form of the rule that lists a payload's errors reports the same issues, in the same order, with the
    same messages as the native keyword, whatever keyword beside the rule fails with it."""
    schema = {
        "$defs": {"long": {"$dynamicAnchor": "long", "minLength": 9}},
        "properties": {"code": {"type": "string", **form, **sibling}},
    }
    explained = PayloadValidator(compile_schema(schema, "test"), fast=False)
    reference = _keyword_form(schema)
    for value in ["@@=", "QUJD\n", "QUJD", "", 5]:
        raw = json.dumps({"code": value}).encode()
        assert explained.check_bytes(raw, "x").errors == reference.check_bytes(raw, "x").errors, value
    mixed = json.dumps({"code": "@@="}).encode()
    assert "pattern" in [issue.keyword for issue in explained.check_bytes(mixed, "x").errors]
