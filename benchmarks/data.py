"""Deterministic, realistic payloads for the benchmark: requests with code up to 20 KB, and results."""

from __future__ import annotations

import base64
import json
import random
from pathlib import Path

import orjson

_CODE_LINES = [
    "import json",
    "def main(arg1: str, arg2: str) -> dict:",
    "    total = sum(range(100))",
    "    return {'result': arg1 + arg2, 'total': total}",
    "for i in range(10):",
    "    print(f'line {i}: {i * i}')",
    "function main(args) { return { result: args.a + args.b } }",
    "    data = [x ** 2 for x in range(1000) if x % 3 == 0]",
    "class Helper:",
    "    def __init__(self, value):",
    "        self.value = value",
    "# a comment that explains nothing in particular, just to take some room",
]
_STDOUT_LINES = ["{'result': 'foobar'}", "line 3: 9", "Hello, World!", "[1, 4, 9, 16, 25]", "done in 0.12s"]
_STDERR = [
    'Traceback (most recent call last):\n  File "<string>", line 3, in main\nZeroDivisionError: division by zero\n',
    "Execution timeout",
    "Permission denied",
    "Line 1: Import: os",
]


def _code(rng: random.Random) -> str:
    # Source sizes from 50 bytes to 20 KB, skewed small (mean about 3.4 KB of code, 4.5 KB of base64).
    size = min(20_000, max(50, int(rng.expovariate(1 / 3_400))))
    parts: list[str] = []
    length = 0
    while length < size:
        line = rng.choice(_CODE_LINES)
        parts.append(line)
        length += len(line) + 1
    return "\n".join(parts)[:size]


def request(rng: random.Random) -> dict[str, object]:
    return {
        "code_b64": base64.b64encode(_code(rng).encode()).decode(),
        "language": rng.choice(["python", "python", "nodejs"]),
        "arguments": {"arg1": "foo", "arg2": rng.randrange(1000), "options": {"verbose": rng.random() < 0.5}},
    }


def result(rng: random.Random) -> dict[str, object]:
    kind = rng.random()
    stdout = "\n".join(rng.choice(_STDOUT_LINES) for _ in range(int(rng.expovariate(1 / 60)))) + "\n"
    base: dict[str, object] = {
        "status": "success",
        "stdout": stdout,
        "stderr": "",
        "exit_code": 0,
        "detail": None,
        "time_used_ms": round(rng.uniform(5, 3000), 2),
        "memory_used_kb": rng.choice([None, float(rng.randrange(1024, 262144))]),
        "resource_limit_type": None,
        "unauthorized_access_type": None,
        "runtime_error_type": None,
    }
    if kind < 0.15:
        base.update(status="program_error", stderr=_STDERR[0], exit_code=1, runtime_error_type="nonzero_exit")
    elif kind < 0.2:
        base.update(status="resource_limit_exceeded", stderr=_STDERR[1], exit_code=-124, resource_limit_type="time")
    elif kind < 0.22:
        base.update(
            status="unauthorized_access", stderr=_STDERR[2], exit_code=1, unauthorized_access_type="file_access"
        )
    elif kind < 0.25:
        base.update(status="program_runner_error", stderr=_STDERR[3], exit_code=-999, detail="Code is unsafe")
    return base


_MIME = [("plot.png", "image/png"), ("table.csv", "text/csv"), ("report.json", "application/json")]


def result_v3(rng: random.Random) -> dict[str, object]:
    """A latest-version result: stdout with spaces and newlines, a few small artifacts, a structured result."""
    base = result(rng)
    artifacts = []
    for _ in range(rng.choice([0, 0, 1, 1, 2, 3])):
        name, mime = rng.choice(_MIME)
        content = bytes(rng.randrange(256) for _ in range(int(rng.expovariate(1 / 300)) + 1))
        artifacts.append(
            {"name": name, "mime_type": mime, "size": len(content), "content_b64": base64.b64encode(content).decode()}
        )
    base["artifacts"] = artifacts
    if base["status"] == "success":
        value = rng.choice([{"result": "foobar", "total": rng.randrange(5000)}, [1, 4, 9, 16], "done", 42, None])
        base["result"] = {"present": value is not None, "value": value, "type": "json"}
    else:
        base["result"] = None
    return base


def invalid_result_v3(rng: random.Random, distinct: bool = False) -> dict[str, object]:
    """A latest-version result with one realistic mistake; ``distinct``: the wrong values differ every time
    (a status, an exit code, a size and a text no other line has), so no explanation is ever reused."""
    payload = result_v3(rng)
    mistake = rng.randrange(4)
    unique = rng.randrange(10**12) if distinct else 0  # drawn only then: the other data sets stay as they were
    if mistake == 0:
        payload["status"] = f"timeout-{unique}" if distinct else "timeout"  # not a status
    elif mistake == 1:
        payload["exit_code"] = str(unique if distinct else payload["exit_code"])  # a string, not an integer
    elif mistake == 2:
        size, text = (-unique - 1, f"@{unique}@") if distinct else (-1, "@@")
        bad = {"name": "x.bin", "mime_type": "application/octet-stream", "size": size, "content_b64": text}
        payload["artifacts"] = [bad]  # a negative size, not base64
    else:
        payload["status"] = "resource_limit_exceeded"  # without resource_limit_type
        payload["resource_limit_type"] = None
    return payload


MAKERS = {"request": request, "result": result, "result3": result_v3}


def write_json_lines(
    path: Path,
    kind: str,
    lines: int,
    seed: int = 20261128,
    layout: str = "compact",
    invalid: float = 0.0,
    distinct: bool = False,
) -> Path:
    """Write ``lines`` payloads of ``kind`` to ``path``, unless it is already there.

    ``kind``: "request", "result" or "result3" (the latest result version, with artifacts and a structured
    result); ``layout``: "compact" (orjson) or "spaced" (``json.dumps`` with its default separators);
    ``invalid``: the share of lines with one mistake (results of the latest version only); ``distinct``: no
    two mistakes alike.
    """
    if path.is_file() and path.stat().st_size and sum(1 for _ in path.open("rb")) == lines:
        return path
    rng = random.Random(f"{seed}-{kind}")
    make = MAKERS[kind]
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as out:
        for _ in range(lines):
            payload = invalid_result_v3(rng, distinct) if invalid and rng.random() < invalid else make(rng)
            text = orjson.dumps(payload) if layout == "compact" else json.dumps(payload).encode()
            out.write(text + b"\n")
    return path


def write_pretty_files(folder: Path, kind: str, count: int, seed: int = 20261128) -> Path:
    """``count`` one-document files of ``kind``, pretty-printed (indented), unless already there."""
    if folder.is_dir() and len(list(folder.glob("*.json"))) == count:
        return folder
    folder.mkdir(parents=True, exist_ok=True)
    rng = random.Random(f"{seed}-{kind}-pretty")
    for index in range(count):
        (folder / f"{index:06}.json").write_text(json.dumps(MAKERS[kind](rng), indent=2) + "\n")
    return folder
