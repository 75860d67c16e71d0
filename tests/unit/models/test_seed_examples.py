"""The seed document's usage examples run as written, with only the import path changed."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap

SEED_PRELUDE = "from schema_contracts.models.schemas import CodeExecutionRequest, CodeExecutionResult\n"

RESULT_EXAMPLE = """
from schema_contracts.models.enums import ResultStatus

result = CodeExecutionResult(
    status=ResultStatus.SUCCESS,
    stdout="Hello, World!\\n",
    stderr="",
    exit_code=0,
    time_used_ms=150.5,
    memory_used_kb=2048,
)
print(result.json())
"""

REQUEST_EXAMPLE = """
from schema_contracts.models.enums import SupportLanguage

request = CodeExecutionRequest(
    code_b64="cHJpbnQoIkhlbGxvLCBJbmZpbklGbG93ISIp",  # base64 for: print("Hello, InfiniFlow!")
    language=SupportLanguage.PYTHON,
    arguments={"timeout": 5}
)
print(request.code_b64)
"""

INVALID_EXAMPLE = """
try:
    invalid_request = CodeExecutionRequest(code_b64="!!!not_base64!!!")
except ValueError as e:
    print(e)  # Output: Invalid base64 encoding: ...
    print("MSG", e.errors()[0]["msg"])
"""


def run_example(code: str) -> str:
    completed = subprocess.run(
        [sys.executable, "-W", "ignore", "-c", SEED_PRELUDE + textwrap.dedent(code)],
        capture_output=True,
        text=True,
        check=True,
    )
    return completed.stdout


def test_result_example_prints_every_field_as_json() -> None:
    """`result.json()` prints the latest result with every field, nulls and empty artifacts included."""
    printed = json.loads(run_example(RESULT_EXAMPLE))
    assert printed["status"] == "success"
    assert printed["stdout"] == "Hello, World!\n"
    assert printed["memory_used_kb"] == 2048
    assert printed["resource_limit_type"] is None
    assert set(printed) == {
        "status",
        "stdout",
        "stderr",
        "exit_code",
        "detail",
        "time_used_ms",
        "memory_used_kb",
        "resource_limit_type",
        "unauthorized_access_type",
        "runtime_error_type",
        "artifacts",
        "result",
    }
    assert (printed["artifacts"], printed["result"]) == ([], None)


def test_request_example_prints_the_code() -> None:
    """The request example builds a request and prints its base64 code unchanged."""
    assert run_example(REQUEST_EXAMPLE) == "cHJpbnQoIkhlbGxvLCBJbmZpbklGbG93ISIp\n"


def test_invalid_base64_raises_value_error_with_the_service_message() -> None:
    """Invalid base64 raises a ValueError whose error message starts `Invalid base64 encoding:`."""
    output = run_example(INVALID_EXAMPLE)
    assert "Invalid base64 encoding: character '!' at position 0" in output
    message_line = next(line for line in output.splitlines() if line.startswith("MSG "))
    assert message_line.removeprefix("MSG ").startswith("Invalid base64 encoding:")
