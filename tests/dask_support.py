"""Real parts for the Dask tests (tests/dask): an S3-compatible server on loopback, a LocalCluster of two worker
processes, an archive of inputs; started once for the group, by the tests themselves.

The server's address reaches s3fs (here and in the workers, which inherit the environment) through the standard
AWS variables. tests/conftest.py loads this module as a plugin (a conftest.py in tests/dask would take the module
name `conftest` from tests/conftest.py, which other tests import by that name); the fixtures start nothing until
a test asks for them.
"""

from __future__ import annotations

import logging
import os
import socket
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

# ProgressBar binds sys.stderr as a default argument when its module is first imported: import it now, while
# sys.stderr is the session's, not a test's capture that closes after the test (tests call the CLI in-process).
import schema_contracts.cli._reporters  # noqa: F401
from schema_contracts.validate._runner import CHUNK_BYTES

if TYPE_CHECKING:  # Dask is imported when a test asks for a cluster: every pytest run loads this plugin
    from distributed import Client

VALID = b'{"status":"success","stdout":"hi\\n","stderr":"","exit_code":0}'
ENUM = b'{"status":"ok","stdout":"","stderr":"","exit_code":0}'
TYPE = b'{"status":"success","stdout":"","stderr":"","exit_code":"1"}'
RULE = b'{"status":"success","stdout":"","stderr":"","exit_code":0,"resource_limit_type":"time"}'
BROKEN = b'{"status": "success", "stdout": '
DUPLICATE = b'{"status":"success","status":"success","stdout":"","stderr":"","exit_code":0}'


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def json_lines(count: int, seed: int = 0) -> bytes:
    """``count`` lines, most valid, every kind of invalid one among them, blank lines, no final newline."""
    kinds = [ENUM, TYPE, RULE, BROKEN, DUPLICATE, b"", b"   "]
    lines = []
    for number in range(count):
        pick = (number * 7919 + seed) % 997
        lines.append(kinds[pick] if pick < len(kinds) else VALID.replace(b"hi", b"hi %d %s" % (number, b"." * 96)))
    return b"\n".join(lines)


@dataclass(frozen=True)
class S3:
    """The test server: its endpoint and a bucket ready for objects."""

    endpoint: str
    bucket: str


def scheduler_address(client: Client) -> str:
    """The address of the scheduler ``client`` talks to."""
    return str(client.scheduler_info()["address"])


@pytest.fixture(scope="session")
def s3() -> Iterator[S3]:
    from moto.server import ThreadedMotoServer

    logging.getLogger("werkzeug").setLevel(logging.ERROR)
    port = free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    endpoint = f"http://127.0.0.1:{port}"
    saved = dict(os.environ)
    os.environ.update(
        AWS_ACCESS_KEY_ID="testing",
        AWS_SECRET_ACCESS_KEY="testing",
        AWS_DEFAULT_REGION="us-east-1",
        AWS_ENDPOINT_URL=endpoint,
    )
    import s3fs

    s3fs.S3FileSystem.clear_instance_cache()
    s3fs.S3FileSystem().mkdir("archive")
    try:
        yield S3(endpoint, "archive")
    finally:
        server.stop()
        os.environ.clear()
        os.environ.update(saved)


@pytest.fixture(scope="session")
def client(s3: S3) -> Iterator[Client]:
    """Two single-threaded worker processes (started after the S3 variables are set, so they inherit them)."""
    from distributed import Client, LocalCluster

    with (
        LocalCluster(
            n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0", silence_logs=logging.ERROR
        ) as cluster,
        Client(cluster, set_as_default=False) as client,
    ):
        yield client


@pytest.fixture(scope="session")
def archive(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder of inputs: a 9 MB JSON Lines file (split into ranges), smaller ones, single documents."""
    root = tmp_path_factory.mktemp("archive")
    (root / "2026-11-30").mkdir()
    big = root / "2026-11-30" / "host-a.jsonl"
    big.write_bytes(b"\xef\xbb\xbf" + json_lines(60_000))
    assert big.stat().st_size > CHUNK_BYTES  # so that --jobs 2 splits it too
    (root / "2026-11-30" / "host-b.ndjson").write_bytes(json_lines(3_000, seed=5) + b"\n")
    (root / "2026-11-30" / "empty.jsonl").write_bytes(b"")
    (root / "one.json").write_bytes(VALID)
    (root / "two.json").write_bytes(b'{\n  "status": "ok",\n  "stdout": "", "stderr": "", "exit_code": 0\n}\n')
    (root / "notes.txt").write_bytes(b"not an input")
    return root
