"""The pytest plugin, as a consumer uses it: fixtures that explain a failing payload."""

from __future__ import annotations

import pytest

CONSUMER_TEST = """
from hypothesis import given, settings
from schema_contracts.testing import results, near_miss_results

def test_fixture_from_our_service(assert_valid_payload):
    assert_valid_payload("CodeExecutionResult", {"status": "success", "stdout": "", "stderr": "", "exit_code": 0})

def test_old_server_fixture_by_version(assert_valid_payload, contract_checker):
    old = {"status": "success", "stdout": "", "stderr": "", "exit_code": 0, "result": 3.5}
    assert_valid_payload("CodeExecutionResult@1", old)
    contract_checker.assert_invalid("CodeExecutionResult@3", old)

def test_client_fixture_that_drifted(assert_valid_payload):
    assert_valid_payload("CodeExecutionResult", '{"status": "ok", "stdout": "", "stderr": "", "exit_code": "0"}')

@settings(max_examples=20, derandomize=True)
@given(results())
def test_our_parser_reads_every_valid_result(contract_checker, payload):
    contract_checker.assert_valid("CodeExecutionResult", payload)

@settings(max_examples=20, derandomize=True)
@given(near_miss_results())
def test_near_misses_are_rejected(contract_checker, near_miss):
    contract_checker.assert_invalid("CodeExecutionResult", near_miss.payload)
"""


def test_consumer_contract_test_reports_pointer_keyword_expected_and_got(pytester: pytest.Pytester) -> None:
    """A consumer's test gets the fixtures (any `Name` or `Name@N`); a failure names pointer, keyword, expected, got."""
    pytester.makepyfile(test_consumer=CONSUMER_TEST)
    outcome = pytester.runpytest("-p", "no:cacheprovider")
    outcome.assert_outcomes(passed=4, failed=1)
    outcome.stdout.fnmatch_lines(
        [
            "*payload is not a valid CodeExecutionResult:*",
            '*at /status [[]enum[]]: "ok" is not one of*',
            '*expected: what /$defs/ResultStatus/enum allows; got: "ok"*',
            '*at /exit_code [[]type[]]: "0" is not of type "integer"*',
        ]
    )
