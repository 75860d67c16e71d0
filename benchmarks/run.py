"""Validation speed of schema-contracts against its peers, on the same data in the same run.

Run with `make bench` (which installs the peers). Prints Markdown tables: payloads per second and the
ratio to the `orjson.loads` floor, start-up time, and the CLI's peak memory. Data is generated once,
deterministically, under benchmarks/data/.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import orjson

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

from data import write_json_lines  # noqa: E402

SCHEMAS = ROOT / "schemas"
BIN = Path(sys.executable).parent
CONTRACTS = {"requests": ("CodeExecutionRequest", "request"), "results": ("CodeExecutionResult", "result")}


def best_of(repeats: int, run: Callable[[], float]) -> float:
    """The shortest of ``repeats`` timings (seconds): the least disturbed by the rest of the machine."""
    return min(run() for _ in range(repeats))


def timed(action: Callable[[], object]) -> float:
    started = time.perf_counter()
    action()
    return time.perf_counter() - started


def command_seconds(command: list[str], stdin: bytes | None = None) -> float:
    started = time.perf_counter()
    completed = subprocess.run(command, input=stdin, capture_output=True)
    elapsed = time.perf_counter() - started
    if completed.returncode not in (0, 1):
        raise RuntimeError(f"{command[0]} failed: {completed.stderr.decode()[-500:]}")
    return elapsed


def measure_contract(label: str, data: Path, lines: list[bytes], repeats: int, sample: int) -> list[tuple[str, str]]:
    """Time every peer on ``lines``; return rows of (path, payloads/s and ratio)."""
    from schema_contracts.validate import SchemaCatalog

    name, _ = CONTRACTS[label]
    schema_path = SCHEMAS / SchemaCatalog(SCHEMAS).entry(name).file  # the latest version's file
    schema = json.loads(schema_path.read_text())
    count = len(lines)
    rates: dict[str, float | str] = {}

    rates["`orjson.loads` only (the floor)"] = count / best_of(
        repeats, lambda: timed(lambda: [orjson.loads(x) for x in lines])
    )

    def read_and_parse() -> None:
        with data.open("rb") as stream:
            for line in stream:
                orjson.loads(line)

    rates["read file + `orjson.loads` (CLI's floor)"] = count / best_of(repeats, lambda: timed(read_and_parse))

    cli = [str(BIN / "schema-contracts"), "validate", "--schema", name, str(data)]
    rates["**schema-contracts CLI**"] = count / best_of(repeats, lambda: command_seconds(cli))
    rates["**schema-contracts CLI, `--jobs 2`**"] = count / best_of(
        repeats, lambda: command_seconds([*cli, "--jobs", "2"])
    )

    from schema_contracts.validate import RunStats, collect_inputs, validate_inputs

    compiled = SchemaCatalog(SCHEMAS).load(name)
    inputs = collect_inputs([str(data)])

    def api() -> None:
        stats = RunStats()
        for _ in validate_inputs(compiled, inputs, include_valid=False, stats=stats):
            pass
        assert stats.payloads == count

    rates["**schema-contracts API**"] = count / best_of(repeats, lambda: timed(api))

    import jsonschema_rs

    direct = jsonschema_rs.validator_for(schema)
    rates["jsonschema-rs `is_valid` (regex `pattern`)"] = count / best_of(
        repeats, lambda: timed(lambda: [direct.is_valid(orjson.loads(x)) for x in lines])
    )

    from schema_contracts.models import CodeExecutionRequest, CodeExecutionResult

    model = CodeExecutionRequest if name == "CodeExecutionRequest" else CodeExecutionResult
    rates["pydantic `model_validate_json`"] = count / best_of(
        repeats, lambda: timed(lambda: [model.model_validate_json(x) for x in lines])
    )

    rates["ajv 2020 in Node.js (strict, parse included)"] = ajv_rate(schema_path, data, repeats)

    few = lines[:sample]
    try:
        import fastjsonschema

        # fastjsonschema knows drafts 4, 6 and 7 only; the contract's keywords all exist in draft 7.
        draft7 = {**schema, "$schema": "http://json-schema.org/draft-07/schema#"}
        fast = fastjsonschema.compile(draft7)

        def fast_all() -> None:
            for line in few:
                with contextlib.suppress(fastjsonschema.JsonSchemaException):
                    fast(orjson.loads(line))

        rates["fastjsonschema (as draft 7)"] = len(few) / best_of(repeats, lambda: timed(fast_all))
    except Exception as error:  # a peer that cannot take the schema is reported, not fatal
        rates["fastjsonschema (as draft 7)"] = f"not supported: {type(error).__name__}"

    import jsonschema

    reference = jsonschema.Draft202012Validator(schema)
    rates["python-jsonschema (reference)"] = len(few) / best_of(
        repeats, lambda: timed(lambda: [reference.is_valid(json.loads(x)) for x in few])
    )

    rates["check-jsonschema, 1,000 files in one call"] = check_jsonschema_rate(schema_path, lines[:1000])

    floor = rates["`orjson.loads` only (the floor)"]
    assert isinstance(floor, float)
    rows = []
    for path, rate in rates.items():
        rows.append((path, f"{rate:,.0f} ({rate / floor:.2f})" if isinstance(rate, float) else rate))
    return rows


def ajv_rate(schema_path: Path, data: Path, repeats: int) -> float | str:
    script = ROOT / "js" / "ajv-validate.mjs"
    if not (ROOT / "js" / "node_modules" / "ajv").is_dir() or shutil.which("node") is None:
        return "not run: `npm ci --prefix js` first"
    timings: list[float] = []
    payloads = 0
    for _ in range(repeats):
        output = subprocess.run(
            ["node", str(script), str(schema_path), str(data), "--bench"], capture_output=True, check=True
        )
        report = json.loads(output.stdout)
        timings.append(float(report["seconds"]))
        payloads = int(report["payloads"])
    return payloads / min(timings)


def check_jsonschema_rate(schema_path: Path, lines: list[bytes]) -> float | str:
    executable = BIN / "check-jsonschema"
    if not executable.exists():
        return "not installed"
    with tempfile.TemporaryDirectory() as folder:
        files = []
        for index, line in enumerate(lines):
            path = Path(folder) / f"{index:05}.json"
            path.write_bytes(line)
            files.append(str(path))
        seconds = command_seconds([str(executable), "--schemafile", str(schema_path), *files])
    return len(lines) / seconds


def startup(repeats: int) -> list[tuple[str, str]]:
    """Minimum wall time of a few commands, over ``repeats`` runs each."""
    small = ROOT / "tests" / "fixtures" / "payloads" / "CodeExecutionResult@1" / "valid" / "real-success.json"
    commands = {
        "`python -c pass`": [sys.executable, "-c", "pass"],
        '`python -c "import jsonschema_rs, orjson"` (the bar)': [sys.executable, "-c", "import jsonschema_rs, orjson"],
        "**`schema-contracts validate` on one small file**": [
            str(BIN / "schema-contracts"),
            "validate",
            "--schema",
            "CodeExecutionResult",
            str(small),
        ],
        '`python -c "import pydantic"`': [sys.executable, "-c", "import pydantic"],
        "check-jsonschema on one small file": [
            str(BIN / "check-jsonschema"),
            "--schemafile",
            str(SCHEMAS / "CodeExecutionResult@3.schema.json"),
            str(small),
        ],
    }
    rows = []
    bar = 0.0
    for label, command in commands.items():
        if not Path(command[0]).exists():
            rows.append((label, "not installed"))
            continue
        seconds = min(command_seconds(command) for _ in range(repeats))
        bar = seconds if "the bar" in label else bar
        ratio = f" ({seconds / bar:.2f}x the bar)" if bar and "the bar" not in label and "pass" not in label else ""
        rows.append((label, f"{seconds * 1000:.0f} ms{ratio}"))
    return rows


def peak_memory(data: Path, name: str) -> str:
    """Peak resident memory of the CLI validating ``data`` (in a fresh process), next to the file's size."""
    probe = (
        "import resource, subprocess, sys; subprocess.run(sys.argv[1:], capture_output=True); "
        "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)"
    )
    cli = [str(BIN / "schema-contracts"), "validate", "--schema", name, str(data)]
    kilobytes = int(
        subprocess.run([sys.executable, "-c", probe, *cli], capture_output=True, text=True, check=True).stdout
    )
    return f"{kilobytes / 1024:,.0f} MiB peak for a {data.stat().st_size / 2**20:,.0f} MiB input"


def big_input(source: Path, gigabytes: float) -> Path:
    """``source`` repeated until the file holds at least ``gigabytes`` GB (made once, then reused)."""
    target = source.with_name(f"big-{gigabytes:g}gb.jsonl")
    wanted = int(gigabytes * 1e9)
    if not target.exists() or target.stat().st_size < wanted:
        with target.open("wb") as out:
            while out.tell() < wanted:
                with source.open("rb") as chunk:
                    shutil.copyfileobj(chunk, out, 1 << 24)
    return target


def table(header: tuple[str, str], rows: list[tuple[str, str]]) -> str:
    lines = [f"| {header[0]} | {header[1]} |", "|---|---:|"]
    lines += [f"| {left} | {right} |" for left, right in rows]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--lines", type=int, default=100_000, help="payloads per data file (default 100,000)")
    parser.add_argument("--repeats", type=int, default=3, help="runs per measurement; the best counts")
    parser.add_argument("--sample", type=int, default=5_000, help="payloads for the slow pure-Python peers")
    parser.add_argument("--big-gb", type=float, default=2.0, help="size of the memory test input (0: skip)")
    args = parser.parse_args()

    print(f"machine: {os.cpu_count()} cores, Python {sys.version.split()[0]}, {time.strftime('%Y-%m-%d')}")
    for label in CONTRACTS:
        name, kind = CONTRACTS[label]
        data = write_json_lines(HERE / "data" / f"{label}.jsonl", kind, args.lines)
        lines = data.read_bytes().splitlines()
        average = statistics.mean(map(len, lines))
        print(f"\n### {args.lines:,} {label} ({name}, {average / 1000:.1f} KB average)\n")
        print(
            table(
                ("path", "payloads/s (ratio to the floor)"),
                measure_contract(label, data, lines, args.repeats, args.sample),
            )
        )
        print(f"\nCLI memory: {peak_memory(data, name)}")
    if args.big_gb:
        big = big_input(HERE / "data" / "requests.jsonl", args.big_gb)
        started = time.perf_counter()
        memory = peak_memory(big, "CodeExecutionRequest")
        print(f"\n### Memory on a large input\n\nCLI: {memory}, in {time.perf_counter() - started:.0f} s")
    print("\n### Start-up (best of 10)\n")
    print(table(("command", "wall time"), startup(10)))
    from dask_bench import dask_section  # a Dask LocalCluster against --jobs 2 and one process (issue 14)

    print("\n" + dask_section(HERE / "data" / "requests.jsonl", "CodeExecutionRequest", args.repeats))


if __name__ == "__main__":
    main()
