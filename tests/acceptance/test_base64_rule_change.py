"""`schema-contracts diff` judges the base64 rule's restatement (one lookahead pattern → pattern + `not`) a no-op."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

from helpers import FIXTURES, SCHEMA_DIR

from schema_contracts.base64_rule import LOOKAHEAD_BASE64_PATTERN

# The request schema as exported before the restatement (commit 7e01cd7), kept as it was.
BEFORE = FIXTURES / "schemas" / "CodeExecutionRequest.lookahead-base64.schema.json"


OPTIONS = ("--direction", "request", "--format", "json", "--fail-on", "INFO")


def current_request_schema() -> Path:
    """The committed schema file of the latest CodeExecutionRequest, found through the index."""
    entries = json.loads((SCHEMA_DIR / "contracts.json").read_text(encoding="utf-8"))["contracts"]
    latest = [e for e in entries if e["name"] == "CodeExecutionRequest" and e.get("latest", True)]
    return SCHEMA_DIR / str(latest[0]["file"])


def diff(old: Path, new: Path) -> tuple[int, list[dict[str, Any]]]:
    completed = subprocess.run(
        [sys.executable, "-m", "schema_contracts", "diff", str(old), str(new), *OPTIONS],
        capture_output=True,
        text=True,
    )
    findings: list[dict[str, Any]] = json.loads(completed.stdout)["findings"]
    return completed.returncode, findings


def test_fixture_is_the_old_single_pattern_form() -> None:
    """The fixture carries the old lookahead pattern and no `not`; the committed schema does not carry it."""
    old = json.loads(BEFORE.read_text(encoding="utf-8"))["properties"]["code_b64"]
    new = json.loads(current_request_schema().read_text(encoding="utf-8"))["properties"]["code_b64"]
    assert (old["pattern"], "not" in old) == (LOOKAHEAD_BASE64_PATTERN, False)
    assert (new["pattern"] == LOOKAHEAD_BASE64_PATTERN, "not" in new) == (False, True)


def test_diff_finds_nothing_between_the_old_and_the_new_form() -> None:
    """Old → new and new → old: no finding at any level, exit 0 even with `--fail-on INFO`."""
    assert diff(BEFORE, current_request_schema()) == (0, [])
    assert diff(current_request_schema(), BEFORE) == (0, [])


def test_diff_still_sees_a_real_change_of_the_language(tmp_path: Path) -> None:
    """The same comparison finds a change that is one: a pattern that forgets the `xx==` group."""
    schema = json.loads(current_request_schema().read_text(encoding="utf-8"))
    code = schema["properties"]["code_b64"]
    code["pattern"] = code["pattern"].replace("[A-Za-z0-9+/]{2}==|", "")
    narrower = tmp_path / "CodeExecutionRequest.schema.json"
    narrower.write_text(json.dumps(schema), encoding="utf-8")
    status, findings = diff(BEFORE, narrower)
    assert status == 1
    assert [(f["rule"], f["path"], f["example"]["accepted_by"]) for f in findings] == [
        ("pattern-changed", "/properties/code_b64", "old")
    ]
