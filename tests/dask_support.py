"""Data and helpers of the Dask tests (tests/dask), importable by name from any test module."""

from __future__ import annotations

import socket
from dataclasses import dataclass

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
