"""`validate --scheduler`: the same output as a local run, from a real LocalCluster; start-up of the plain path."""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from dask_support import free_port, scheduler_address
from distributed import Client

from schema_contracts.cli import main
from schema_contracts.dask import _cluster
from schema_contracts.validate import SchemaCatalog

pytestmark = pytest.mark.dask

SCHEMA = ["validate", "--schema", "CodeExecutionResult"]


def cli(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main([*SCHEMA, *args])
    out, err = capsys.readouterr()
    return code, out, err


def timeless(output: str) -> str:
    """The output without the run's duration, the one thing that may differ between two runs."""
    output = re.sub(r", in \d+\.\d\d s$", ", in T s", output, flags=re.MULTILINE)
    return re.sub(r'"seconds": [0-9.e+-]+', '"seconds": T', output)


def payload_lines(folder: Path) -> int:
    """Payloads in the archive: non-blank lines of its JSON Lines files, one per JSON file."""
    count = 0
    for path in folder.rglob("*"):
        if path.suffix in (".jsonl", ".ndjson"):
            count += sum(1 for line in path.read_bytes().split(b"\n") if line.strip())
        elif path.suffix == ".json":
            count += 1
    return count


@pytest.mark.parametrize("output_format", ["text", "jsonl", "json", "github"])
def test_output_is_byte_identical_locally_with_jobs_and_on_the_cluster(
    output_format: str,
    archive: Path,
    client: Client,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """One process, --jobs 2 and the cluster (the large file in nine ranges) print the same bytes and exit 1."""
    monkeypatch.setattr(_cluster, "CHUNK_BYTES", 1 << 20)
    args = ["--format", output_format, str(archive)]
    local = cli(capsys, *args)
    jobs = cli(capsys, "--jobs", "2", *args)
    cluster = cli(capsys, "--scheduler", scheduler_address(client), *args)
    assert local[0] == jobs[0] == cluster[0] == 1
    assert timeless(local[1]) == timeless(jobs[1]) == timeless(cluster[1])
    assert cluster[2] == ""
    if output_format == "text":
        count = payload_lines(archive)
        assert re.search(rf"^{count} payloads, \d+ invalid", cluster[1], re.MULTILINE), cluster[1][-200:]


def test_scheduler_local_starts_a_cluster_for_the_run(archive: Path) -> None:
    """`--scheduler local` runs on a LocalCluster of its own and prints what a local run prints."""
    command = [sys.executable, "-m", "schema_contracts", *SCHEMA, "--format", "jsonl", str(archive)]
    environment = {**os.environ, "NO_COLOR": "1"}
    local = subprocess.run(command, capture_output=True, env=environment)
    cluster = subprocess.run([*command, "--scheduler", "local"], capture_output=True, env=environment)
    assert (cluster.returncode, cluster.stderr) == (1, b"")
    assert cluster.stdout == local.stdout


def test_plain_validate_never_imports_dask(archive: Path) -> None:
    """A run without --scheduler loads neither Dask nor fsspec: its start-up is unchanged by the extra."""
    probe = (
        "import sys; from schema_contracts.cli import main; "
        f"code = main(['validate', '--schema', 'CodeExecutionResult', {str(archive / 'one.json')!r}]); "
        "loaded = sorted(m for m in ('dask', 'distributed', 'fsspec', 's3fs') if m in sys.modules); "
        "print(code, loaded)"
    )
    completed = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert completed.stdout.splitlines()[-1] == "0 []"


def test_unreachable_scheduler_exits_2_at_once_with_one_line(archive: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Nothing listening at the address: exit 2, one error line, in well under the connect timeout."""
    started = time.perf_counter()
    code, out, err = cli(capsys, "--scheduler", f"tcp://127.0.0.1:{free_port()}", str(archive))
    assert time.perf_counter() - started < _cluster.CONNECT_TIMEOUT / 2
    assert (code, out) == (2, "")
    assert err.count("\n") == 1
    assert err.startswith("schema-contracts validate: error: cannot reach the Dask scheduler at tcp://127.0.0.1:")


def test_silent_listener_exits_2_after_the_connect_timeout(
    archive: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Something that accepts connections and never answers: exit 2, one line, once the timeout has passed."""
    monkeypatch.setattr(_cluster, "CONNECT_TIMEOUT", 1.0)
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen()
        address = f"tcp://127.0.0.1:{listener.getsockname()[1]}"
        started = time.perf_counter()
        code, out, err = cli(capsys, "--scheduler", address, str(archive))
    assert time.perf_counter() - started < 5
    assert (code, out) == (2, "")
    assert (
        err == f"schema-contracts validate: error: cannot reach the Dask scheduler at {address}: no answer within 1 s\n"
    )


def test_malformed_scheduler_address_exits_2_with_one_line(archive: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """An address without a port is a usage error, said in one line."""
    code, out, err = cli(capsys, "--scheduler", "scheduler-host", str(archive))
    assert (code, out) == (2, "")
    assert err == (
        "schema-contracts validate: error: not a Dask scheduler address: 'scheduler-host' "
        "(missing port number in address 'scheduler-host')\n"
    )


def test_missing_input_is_a_usage_error_before_any_cluster(capsys: pytest.CaptureFixture[str]) -> None:
    """A path that does not exist fails as in a local run, without reaching for a scheduler."""
    code, _, err = cli(capsys, "--scheduler", f"tcp://127.0.0.1:{free_port()}", "no-such-archive/")
    assert code == 2
    assert err == "schema-contracts validate: error: no such file or folder: no-such-archive/\n"


def test_unreadable_local_input_is_a_read_error_and_the_run_goes_on(
    tmp_path: Path, client: Client, capsys: pytest.CaptureFixture[str]
) -> None:
    """A dangling link among the inputs gives the local run's `read` error; the other inputs are still checked."""
    (tmp_path / "a.jsonl").write_bytes(b'{"status":"ok","stdout":"","stderr":"","exit_code":0}\n')
    (tmp_path / "b.jsonl").symlink_to(tmp_path / "gone.jsonl")
    (tmp_path / "c.json").write_bytes(b"[]")
    local = cli(capsys, str(tmp_path))
    cluster = cli(capsys, "--scheduler", scheduler_address(client), str(tmp_path))
    assert timeless(cluster[1]) == timeless(local[1])
    assert f"{tmp_path / 'b.jsonl'}:1: (root): cannot read: No such file or directory [read]" in cluster[1]
    assert "3 payloads, 3 invalid" in cluster[1]


def test_without_the_extra_scheduler_is_a_usage_error(archive: Path) -> None:
    """Without Dask installed, --scheduler exits 2 with one line saying which extra to install."""
    probe = (
        "import sys; sys.modules['distributed'] = None; from schema_contracts.cli import main; "
        f"sys.exit(main(['validate', '--schema', 'CodeExecutionResult', '--scheduler', 'local', {str(archive)!r}]))"
    )
    completed = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True)
    assert (completed.returncode, completed.stdout) == (2, "")
    assert completed.stderr == (
        "schema-contracts validate: error: --scheduler needs Dask (distributed is missing): "
        "pip install 'schema-contracts[dask]'\n"
    )


def test_at_most_a_window_of_ranges_is_in_flight(
    archive: Path, client: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Ranges are sent as results are taken: with a window of 3, the first result leaves at most 4 ranges sent."""
    sent: list[object] = []
    submit = client.submit

    def counting_submit(*args: Any, **kwargs: Any) -> Any:
        sent.append(args[2])
        return submit(*args, **kwargs)

    monkeypatch.setattr(client, "submit", counting_submit)
    big = archive / "2026-11-30" / "host-a.jsonl"
    schema = SchemaCatalog().load("CodeExecutionResult")
    results = _cluster.validate_on_cluster(client, schema, [str(big)], chunk_bytes=1 << 19, window=3)
    next(results)
    assert len(sent) <= 4
    rest = list(results)
    assert len(sent) == -(-big.stat().st_size // (1 << 19)) > 4
    assert rest[-1].line == len(big.read_bytes().split(b"\n"))
