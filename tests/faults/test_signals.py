"""Signals to serial and parallel runs: the documented exit code, one line at most, no traceback, no orphan."""

from __future__ import annotations

import os
import signal
from pathlib import Path

import pytest

from faults.procs import Starter, blocking_inputs

CONTRACT = ["validate", "--schema", "CodeExecutionResult"]


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_sigterm_ends_the_run_with_143_and_leaves_no_process(start: Starter, tmp_path: Path, jobs: str) -> None:
    """SIGTERM to `validate` (serial or --jobs 2) exits 143 quietly, and no worker outlives it."""
    run = start(*CONTRACT, "--jobs", jobs, *blocking_inputs(tmp_path))
    run.wait_until_blocked(processes=3 if jobs == "2" else 1)
    run.process.send_signal(signal.SIGTERM)
    code, _, stderr = run.finish()
    assert code == 143
    assert "Traceback" not in stderr, stderr
    assert run.orphans() == []


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_sigint_to_the_process_group_exits_130_without_a_worker_traceback(
    start: Starter, tmp_path: Path, jobs: str
) -> None:
    """Ctrl-C (SIGINT to the whole process group) exits 130 with one line, no worker's KeyboardInterrupt traceback."""
    run = start(*CONTRACT, "--jobs", jobs, *blocking_inputs(tmp_path))
    run.wait_until_blocked(processes=3 if jobs == "2" else 1)
    os.killpg(run.process.pid, signal.SIGINT)
    code, _, stderr = run.finish()
    assert code == 130
    assert "Traceback" not in stderr, stderr
    assert "KeyboardInterrupt" not in stderr
    assert stderr.strip() == "schema-contracts validate: interrupted"
    assert run.orphans() == []


def test_a_killed_worker_is_one_line_and_exit_2(start: Starter, tmp_path: Path) -> None:
    """A worker killed mid-run gives one error line naming where the run was, exit 2, and no process left behind."""
    run = start(*CONTRACT, "--jobs", "2", *blocking_inputs(tmp_path))
    run.wait_until_blocked(processes=3)
    worker = next(pid for pid in run.tagged() if pid != run.process.pid)
    os.kill(worker, signal.SIGKILL)
    code, _, stderr = run.finish()
    assert code == 2
    assert "Traceback" not in stderr, stderr
    assert "BrokenProcessPool" not in stderr
    assert len(stderr.splitlines()) == 1
    assert stderr.startswith("schema-contracts validate: error: a worker process died")
    assert run.orphans() == []


def test_a_killed_parent_takes_its_workers_along(start: Starter, tmp_path: Path) -> None:
    """Even SIGKILL to the parent, which cannot clean up, leaves no worker behind (they die with their parent)."""
    run = start(*CONTRACT, "--jobs", "2", *blocking_inputs(tmp_path))
    run.wait_until_blocked(processes=3)
    run.process.kill()
    run.finish()
    assert run.orphans() == []


def test_sigterm_to_the_whole_group_exits_143(start: Starter, tmp_path: Path) -> None:
    """SIGTERM to every process at once (as a service manager sends it) still exits 143 quietly, nothing left."""
    run = start(*CONTRACT, "--jobs", "2", *blocking_inputs(tmp_path))
    run.wait_until_blocked(processes=3)
    os.killpg(run.process.pid, signal.SIGTERM)
    code, _, stderr = run.finish()
    assert (code, stderr) == (143, "")
    assert run.orphans() == []
