"""Processes for the fault tests: start a tagged run, wait until it is mid-way, find what it left in /proc."""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

VALID = '{"status":"success","stdout":"","stderr":"","exit_code":0}'


@dataclass
class Run:
    """A `schema-contracts` process started in its own process group, tagged so its workers can be found."""

    process: subprocess.Popen[str]
    mark: str

    def tagged(self) -> list[int]:
        """The process ids, found in the process table, of the run and of every process it started."""
        return tagged(self.mark)

    def wait_until_blocked(self, processes: int, timeout: float = 30.0) -> None:
        """Wait until ``processes`` tagged processes exist and one waits for a FIFO's writer (the run is mid-way)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            pids = self.tagged()
            if len(pids) >= processes and any(_waits_for_fifo(pid) for pid in pids):
                return
            if self.process.poll() is not None:
                raise AssertionError(f"the run ended early: {self.process.communicate()}")
            time.sleep(0.05)
        raise AssertionError(f"the run never reached the FIFO: {len(self.tagged())} processes")

    def finish(self, timeout: float = 30.0) -> tuple[int, str, str]:
        """Exit code, stdout and stderr, once the run has ended."""
        stdout, stderr = self.process.communicate(timeout=timeout)
        return self.process.returncode, stdout, stderr

    def orphans(self, grace: float = 5.0) -> list[int]:
        """Tagged processes still alive ``grace`` seconds after the run ended (zombies do not count)."""
        deadline = time.monotonic() + grace
        while True:
            alive = [pid for pid in self.tagged() if not _is_zombie(pid)]
            if not alive or time.monotonic() > deadline:
                return alive
            time.sleep(0.05)


def tagged(mark: str) -> list[int]:
    """The live or zombie processes whose environment holds FAULT_MARK=``mark``, from /proc."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            environment = (entry / "environ").read_bytes()
        except OSError:
            continue
        if f"FAULT_MARK={mark}".encode() in environment.split(b"\0"):
            found.append(int(entry.name))
    return [pid for pid in found if not _is_zombie(pid)]


def _read(path: Path) -> str:
    try:
        return path.read_text()
    except OSError:
        return ""


def _waits_for_fifo(pid: int) -> bool:
    return _read(Path(f"/proc/{pid}/wchan")) == "wait_for_partner"


def _is_zombie(pid: int) -> bool:
    status = _read(Path(f"/proc/{pid}/stat"))
    return not status or status.rsplit(")", 1)[-1].split()[0] in {"Z", "X"}


Starter = Callable[..., Run]


@pytest.fixture
def start() -> Iterator[Starter]:
    """Start `schema-contracts ARGS` as a tagged process group; anything left is killed after the test."""
    runs: list[Run] = []

    def starter(*args: str, cwd: Path | None = None) -> Run:
        mark = uuid.uuid4().hex
        process = subprocess.Popen(
            [sys.executable, "-m", "schema_contracts", *args],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            cwd=cwd,
            env={**os.environ, "FAULT_MARK": mark, "NO_COLOR": "1"},
            start_new_session=True,
        )
        run = Run(process, mark)
        runs.append(run)
        return run

    yield starter
    for run in runs:
        for pid in run.tagged():
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, 9)
        if run.process.poll() is None:
            run.process.kill()
            run.process.wait()


def blocking_inputs(folder: Path, small_files: int = 300) -> list[str]:
    """Small valid files (two batches of work, so two workers) and then a FIFO nobody writes: the run blocks on it."""
    names = []
    for index in range(small_files):
        path = folder / f"p{index:04}.json"
        path.write_text(VALID)
        names.append(str(path))
    fifo = folder / "zz-wait.jsonl"
    os.mkfifo(fifo)
    return [*names, str(fifo)]
