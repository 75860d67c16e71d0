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
