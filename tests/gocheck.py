"""The Go consumer the tests run (go/contract-check, built by `make go`) and the contract index's fixture folders."""

from __future__ import annotations

import json
import os
import subprocess
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[1]
GO_CHECK = ROOT / "go" / "bin" / "contract-check"
# Debian packages Go libraries for GOPATH mode (as the Makefile's `go` target builds).
DEBIAN_GOPATH = "/usr/share/gocode"


def go_env() -> dict[str, str]:
    """The environment for `go build` / `go run` in GOPATH mode against Debian's Go libraries."""
    return {
        **os.environ,
        "GO111MODULE": "off",
        "GOFLAGS": "",
        "GOPATH": DEBIAN_GOPATH,
        "GOCACHE": os.environ.get("GOCACHE", str(ROOT / "go" / ".cache")),
    }


@dataclass(frozen=True)
class GoVerdict:
    """gojsonschema's verdict on one payload (a file, or one line of a .jsonl file)."""

    schema: str
    payload: str
    line: int
    valid: bool
    errors: tuple[str, ...]


class GoSchemaRefused(Exception):
    """contract-check could not use a schema (or the manifest); its message is contract-check's own."""


def run_contract_check(checks: Sequence[tuple[Path, Sequence[Path]]], folder: Path) -> list[GoVerdict]:
    """Run contract-check on (schema file, payload files) pairs; one verdict per payload, in order."""
    if not GO_CHECK.is_file():
        pytest.fail(f"{GO_CHECK.relative_to(ROOT)} is missing: run `make go` (make test does)")
    manifest = folder / "manifest.json"
    plan = {"checks": [{"schema": str(schema), "payloads": [str(p) for p in payloads]} for schema, payloads in checks]}
    manifest.write_text(json.dumps(plan), encoding="utf-8")
    completed = subprocess.run([str(GO_CHECK), str(manifest)], capture_output=True, text=True, env=go_env())
    if completed.returncode == 2:
        raise GoSchemaRefused(completed.stderr.strip())
    assert completed.returncode == 0, completed.stderr
    return [
        GoVerdict(item["schema"], item["payload"], item.get("line", 0), item["valid"], tuple(item["errors"]))
        for item in map(json.loads, completed.stdout.splitlines())
    ]


def fixture_folder(entry: Mapping[str, Any], payloads: Path) -> Path:
    """The payload fixture folder of one contract index entry.

    Versioned layout: `<Name>@<N>/` for an entry with "version". Before versions (entries without it, each the
    one and latest version): `<Name>/`. A latest entry whose `<Name>@<N>/` does not exist falls back to `<Name>/`.
    """
    name = str(entry["name"])
    version = entry.get("version")
    if version is None:
        return payloads / name
    versioned = payloads / f"{name}@{version}"
    if not versioned.is_dir() and entry.get("latest", True) and (payloads / name).is_dir():
        return payloads / name
    return versioned
