"""Error messages say what was expected and what came, and name the contract rule they come from."""

from __future__ import annotations

import pytest
from helpers import compiled_contract

from schema_contracts.validate import PayloadValidator, compile_schema


@pytest.mark.parametrize(
    ("contract", "raw", "pointer", "message"),
    [
        (
            "CodeExecutionResult",
            b'{"time_used_ms": "5"}',
            "/time_used_ms",
            'expected a number (minimum 0) or null; got "5"',
        ),
        ("CodeExecutionResult", b'{"detail": 5}', "/detail", "expected a string or null; got 5"),
        (
            "CodeExecutionResult",
            b'{"runtime_error_type": "crash"}',
            "/runtime_error_type",
            'expected one of "signalled", "nonzero_exit" or null; got "crash"',
        ),
        (
            "CodeExecutionRequest",
            b'{"code_b64": "", "arguments": [1]}',
            "/arguments",
            "expected an object or null; got [1]",
        ),
    ],
)
def test_alternatives_are_spelled_out(contract: str, raw: bytes, pointer: str, message: str) -> None:
    """A value that fits none of a nullable field's alternatives gets "expected X or null; got V"."""
    errors = compiled_contract(contract).check_bytes(raw, "x").errors
    assert message in [issue.message for issue in errors if issue.pointer == pointer and issue.keyword == "anyOf"]


@pytest.mark.parametrize(
    ("raw", "pointer", "keyword", "schema_pointer"),
    [
        (b'{"result": {"value": 1}}', "/result", "required", "/$defs/ExecutionStructuredResult/required"),
        (
            b'{"result": {"present": "yes"}}',
            "/result/present",
            "type",
            "/$defs/ExecutionStructuredResult/properties/present/type",
        ),
        (b'{"result": 3.5}', "/result", "anyOf", "/properties/result/anyOf"),
    ],
)
def test_an_object_alternative_reports_what_is_wrong_inside_it(
    raw: bytes, pointer: str, keyword: str, schema_pointer: str
) -> None:
    """An object where an object-or-null is wanted is explained from inside the object, at the nested place."""
    errors = compiled_contract("CodeExecutionResult").check_bytes(raw, "x").errors
    found = [(issue.keyword, issue.schema_pointer) for issue in errors if issue.pointer == pointer]
    assert (keyword, schema_pointer) in found


def test_rule_violation_names_the_rule() -> None:
    """An error inside a titled `if`/`then` names the rule and states it."""
    raw = (
        b'{"status": "success", "stdout": "", "stderr": "", "exit_code": 0, "unauthorized_access_type": "file_access"}'
    )
    (issue,) = compiled_contract("CodeExecutionResult").check_bytes(raw, "x").errors
    rule = "unauthorized_access_type is set if and only if status is 'unauthorized_access'"
    assert issue.message.endswith(f"(rule unauthorized-access-type: {rule})")


def test_an_enum_of_a_few_values_names_them_all() -> None:
    """A status outside its six values lists all six, in JSON spelling, not two and "4 other candidates"."""
    raw = b'{"status": "timeout", "stdout": "", "stderr": "", "exit_code": 0}'
    errors = compiled_contract("CodeExecutionResult").check_bytes(raw, "x").errors
    (message,) = [issue.message for issue in errors if issue.keyword == "enum"]
    assert message == (
        '"timeout" is not one of "success", "program_error", "resource_limit_exceeded", "unauthorized_access", '
        '"runtime_error" or "program_runner_error"'
    )


def test_a_repeated_key_is_named_in_json_spelling() -> None:
    """The duplicate-key message quotes the key as JSON does (double quotes, JSON escapes), never a Python repr."""
    raw = b'{"code_b64": "", "it\'s": 1, "it\'s": 2}'
    (issue,) = compiled_contract("CodeExecutionRequest").check_bytes(raw, "x").errors
    assert issue.message.startswith('key "it\'s" occurs more than once')


def test_null_is_spelt_null_in_messages() -> None:
    """A null where a string belongs is called null, not None."""
    raw = b'{"status": "success", "stdout": null, "stderr": "", "exit_code": 0}'
    errors = compiled_contract("CodeExecutionResult").check_bytes(raw, "x").errors
    assert [issue.message for issue in errors] == ['null is not of type "string"']


def test_an_empty_enum_keeps_the_validator_message() -> None:
    """An enum with no values (nothing is valid) keeps jsonschema-rs's own message rather than failing."""
    validator = PayloadValidator(compile_schema({"enum": []}, "empty"))
    (issue,) = validator.check_bytes(b'"x"', "x").errors
    assert issue.keyword == "enum"
