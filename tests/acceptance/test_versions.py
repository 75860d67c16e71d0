"""Contract versions from the command line: list them, validate by version, and diff each version with the next."""

from __future__ import annotations

import io
import json
from contextlib import redirect_stderr, redirect_stdout
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from helpers import SCHEMA_DIR

from schema_contracts.cli import main
from schema_contracts.models import CONTRACTS

VALID = {"status": "success", "stdout": "", "stderr": "", "exit_code": 0}
PNG = {"name": "chart.png", "mime_type": "image/png", "size": 68, "content_b64": "iVBORw0KGgo="}


@dataclass(frozen=True)
class Completed:
    """What one in-process run of the command line printed and returned."""

    returncode: int
    stdout: str
    stderr: str


def run(*args: str) -> Completed:
    """`schema-contracts ARGS`, run in-process through `main(argv)`."""
    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        code = main(list(args))
    return Completed(code, out.getvalue(), err.getvalue())


def test_list_shows_every_version_its_direction_and_the_latest() -> None:
    """`list` has a row per version: the request's one version and the result's three, the latest marked."""
    rows = run("list", "--schemas-dir", str(SCHEMA_DIR)).stdout.splitlines()[1:]
    cells = [(row.split()[0], row.split()[1], "(latest)" in row, row.split()[-1].rsplit("/", 1)[-1]) for row in rows]
    assert [(name, version, latest) for name, version, latest, _ in cells] == [
        ("CodeExecutionRequest@1", "1", True),
        ("CodeExecutionResult@1", "1", False),
        ("CodeExecutionResult@2", "2", False),
        ("CodeExecutionResult@3", "3", True),
    ]
    assert [file for *_, file in cells] == [f"{name}.schema.json" for name, *_ in cells]
    assert "request (written by clients" in rows[0]
    assert all("result (written by the service" in row for row in rows[1:])


MALFORMED = [
    pytest.param({**VALID, "artifacts": [{**PNG, "content_b64": "not base64!"}]}, "/artifacts/0/content_b64", id="b64"),
    pytest.param({**VALID, "artifacts": [{**PNG, "size": -1}]}, "/artifacts/0/size", id="negative-size"),
    pytest.param({**VALID, "artifacts": [PNG, {**PNG, "name": None}]}, "/artifacts/1/name", id="name-null"),
    pytest.param({**VALID, "result": 3.5}, "/result", id="result-number"),
    pytest.param({**VALID, "result": [1]}, "/result", id="result-list"),
]


@pytest.mark.parametrize(("payload", "pointer"), MALFORMED)
def test_latest_rejects_a_malformed_new_field_naming_its_location(
    payload: dict[str, Any], pointer: str, tmp_path: Path
) -> None:
    """`--schema CodeExecutionResult` (the latest) exits 1 and names the JSON location of the malformed field."""
    path = tmp_path / "payload.json"
    path.write_text(json.dumps(payload))
    completed = run("validate", "--schema", "CodeExecutionResult", "--format", "jsonl", str(path))
    assert completed.returncode == 1, completed.stderr
    (record,) = [json.loads(line) for line in completed.stdout.splitlines()]
    assert pointer in {error["instance_path"] for error in record["errors"]}


@pytest.mark.parametrize(("payload", "pointer"), MALFORMED)
def test_version_1_still_accepts_it(payload: dict[str, Any], pointer: str, tmp_path: Path) -> None:
    """`--schema CodeExecutionResult@1` accepts the same payload: version 1 says nothing about those fields."""
    path = tmp_path / "payload.json"
    path.write_text(json.dumps(payload))
    completed = run("validate", "--schema", "CodeExecutionResult@1", str(path))
    assert completed.returncode == 0, completed.stdout + completed.stderr


def test_version_2_accepts_any_result_and_rejects_a_bad_artifact(tmp_path: Path) -> None:
    """Version 2 defines artifacts but not `result`: `result: 3.5` passes it, a bad artifact does not."""
    (tmp_path / "result.json").write_text(json.dumps({**VALID, "result": 3.5}))
    (tmp_path / "artifact.json").write_text(json.dumps({**VALID, "artifacts": [{**PNG, "size": "68"}]}))
    assert run("validate", "--schema", "CodeExecutionResult@2", str(tmp_path / "result.json")).returncode == 0
    completed = run("validate", "--schema", "CodeExecutionResult@2", str(tmp_path / "artifact.json"))
    assert completed.returncode == 1
    assert "/artifacts/0/size" in completed.stdout


def test_unknown_version_is_a_usage_error() -> None:
    """A version the index does not hold exits 2 with one line naming the versions there are."""
    completed = run("validate", "--schema", "CodeExecutionResult@4", "-")
    assert completed.returncode == 2
    assert completed.stderr.strip().endswith("CodeExecutionResult has the versions 1, 2, 3")
    assert "Traceback" not in completed.stderr


# Each version with the next, per direction: the fields each version adds (the README's compatibility table).
PAIRS = [
    pytest.param(contract.name, old.number, new.number, field, id=f"{contract.name}@{old.number}-{new.number}")
    for contract in CONTRACTS
    for old, new, field in zip(contract.versions, contract.versions[1:], ("artifacts", "result"), strict=False)
]


def diff(name: str, old: int, new: int, direction: str) -> tuple[int, list[dict[str, Any]]]:
    completed = run(
        "diff",
        str(SCHEMA_DIR / f"{name}@{old}.schema.json"),
        str(SCHEMA_DIR / f"{name}@{new}.schema.json"),
        "--direction",
        direction,
        "--format",
        "json",
    )
    assert completed.returncode in (0, 1), completed.stderr
    findings: list[dict[str, Any]] = json.loads(completed.stdout)["findings"]
    return completed.returncode, findings


def test_every_version_has_a_next_to_compare_with() -> None:
    """The result's versions 1 -> 2 and 2 -> 3 are compared; the request has a single version, nothing to compare."""
    assert [param.id for param in PAIRS] == ["CodeExecutionResult@1-2", "CodeExecutionResult@2-3"]


@pytest.mark.parametrize(("name", "old", "new", "field"), PAIRS)
def test_next_version_is_compatible_for_the_readers_of_results(name: str, old: int, new: int, field: str) -> None:
    """As a result, each version is safe for clients: one INFO finding, the narrowing at the field it adds."""
    exit_code, findings = diff(name, old, new, "result")
    assert exit_code == 0
    assert [(f["rule"], f["level"], f["path"], f["effect"]) for f in findings] == [
        ("property-added-optional", "INFO", f"/properties/{field}", "narrowing")
    ]


@pytest.mark.parametrize(("name", "old", "new", "field"), PAIRS)
def test_next_version_read_as_a_request_narrows_what_senders_may_send(
    name: str, old: int, new: int, field: str
) -> None:
    """Judged as a request, the same change narrows what writers may send: an ERR at the added field."""
    exit_code, findings = diff(name, old, new, "request")
    assert exit_code == 1
    assert [(f["rule"], f["level"], f["path"]) for f in findings] == [
        ("property-added-optional", "ERR", f"/properties/{field}")
    ]
