"""Output faults: a full disk and a reader that goes away end the run with the documented code, never a traceback."""

from __future__ import annotations

import os
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
from helpers import PAYLOADS, SCHEMA_DIR

from faults.procs import tagged

CLI = [sys.executable, "-m", "schema_contracts"]


@pytest.mark.parametrize(
    "args",
    [
        ["validate", "--schema", "CodeExecutionResult", str(PAYLOADS / "CodeExecutionResult@1" / "invalid")],
        ["list"],
        ["show", "CodeExecutionResult"],
        ["diff", str(SCHEMA_DIR), str(SCHEMA_DIR)],
    ],
    ids=["validate", "list", "show", "diff"],
)
def test_a_full_disk_is_one_line_and_exit_2(args: list[str]) -> None:
    """Standard output on /dev/full: one line naming the failure, exit 2, no traceback."""
    with open("/dev/full", "w") as full:
        completed = subprocess.run([*CLI, *args], stdout=full, stderr=subprocess.PIPE, text=True, check=False)
    assert completed.returncode == 2
    assert completed.stderr.splitlines() == [
        f"schema-contracts {args[0]}: error: cannot write the output: No space left on device"
    ]


def test_a_closed_pipe_ends_quietly_with_141(tmp_path: Path) -> None:
    """`validate ... | head -1`: the reader leaves after one line; the run stops quietly with 141, as for SIGPIPE."""
    for index in range(3000):
        (tmp_path / f"{index:04}.json").write_text('{"status": "ok"}')
    process = subprocess.Popen(
        [*CLI, "validate", "--schema", "CodeExecutionResult", str(tmp_path)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert process.stdout is not None
    assert process.stderr is not None
    first = process.stdout.readline()
    process.stdout.close()  # the reader goes away, as `head -1` does
    stderr = process.stderr.read().decode()
    process.stderr.close()
    assert process.wait(timeout=60) == 141
    assert first.startswith(str(tmp_path).encode())
    assert stderr == ""


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_closed_pipe_stops_the_workers(tmp_path: Path, jobs: str) -> None:
    """A reader that leaves mid-run stops a parallel run too, and its workers with it (no process left)."""
    for index in range(3000):
        (tmp_path / f"{index:04}.json").write_text('{"status": "ok"}')
    command = f"{' '.join(CLI)} validate --schema CodeExecutionResult --jobs {jobs} {tmp_path} | head -1 >/dev/null"
    mark = uuid.uuid4().hex
    completed = subprocess.run(
        ["bash", "-o", "pipefail", "-c", command],
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "FAULT_MARK": mark},
    )
    assert completed.returncode == 141
    assert completed.stderr == ""
    deadline = time.monotonic() + 5
    while tagged(mark) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert tagged(mark) == []
