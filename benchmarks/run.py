"""Validation speed of schema-contracts against its peers, on the same data in the same run.

Run with `make bench` (which installs the peers). Prints Markdown tables: payloads per second and the
ratio to the `orjson.loads` floor, start-up time, and the CLI's peak memory. Data is generated once,
deterministically, under benchmarks/data/.
"""

from __future__ import annotations

import argparse
import collections
import contextlib
import io
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import orjson

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

from data import write_json_lines, write_pretty_files  # noqa: E402

SCHEMAS = ROOT / "schemas"
BIN = Path(sys.executable).parent


def schema_file(name: str, version: int = 1) -> Path:
    """The committed schema file of ``name`` at ``version``, whichever naming the schema folder uses."""
    for candidate in (SCHEMAS / f"{name}@{version}.schema.json", SCHEMAS / f"{name}.schema.json"):
        if candidate.is_file():
            return candidate
    raise SystemExit(f"no schema file for {name}@{version} under {SCHEMAS}")


@dataclass
class DataSet:
    """One benchmark input: payload texts in memory, the same payloads on disk, and the schema they meet."""

    title: str
    schema: Path
    texts: list[bytes]
    inputs: list[Path]  # what the CLI is given: one JSON Lines file or a folder of one-document files
    json_lines: bool
    model: Any = None  # the pydantic model of this contract version, when this branch has it


def best_of(repeats: int, run: Callable[[], float]) -> float:
    """The shortest of ``repeats`` timings (seconds): the least disturbed by the rest of the machine."""
    return min(run() for _ in range(repeats))


def each(action: Callable[[bytes], object], items: list[bytes]) -> None:
    """``action`` on every item, keeping no result (a list of 100,000 parsed payloads would time the GC too)."""
    for item in items:
        action(item)


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


def _exact(validator: Any) -> Any:
    from schema_contracts.validate import PayloadValidator

    return PayloadValidator(validator.schema, fast=False)


def _api(validator: Any, data: DataSet) -> Callable[[], object]:
    """Our validator on the in-memory texts, as the CLI runs it (valid payloads yield nothing)."""
    if data.json_lines:
        return lambda: collections.deque(validator.check_json_lines(data.texts, "bench", include_valid=False), 0)
    return lambda: each(lambda text: validator.check_bytes(text, "bench"), data.texts)


def _afresh(validator: Any, run: Callable[[Any], Callable[[], object]]) -> Callable[[], float]:
    """A timing of ``run`` on a new validator of the same schema, its fast path compiled beforehand: what one
    run kept (the explanations of the mistakes it saw) must not speed up the next repeat of the same data."""

    def timing() -> float:
        fresh = type(validator)(validator.schema)
        fresh.fast_path  # noqa: B018 - compiled before the clock starts, as after a run's first few payloads
        return timed(run(fresh))

    return timing


def measure(data: DataSet, repeats: int, sample: int) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """Time every path on ``data``: rows of (path, payloads/s and ratio), and where our time goes."""
    schema = json.loads(data.schema.read_text())
    lines = data.texts
    count = len(lines)
    rates: dict[str, float | str] = {}

    rates["`orjson.loads` only (the floor)"] = count / best_of(
        repeats, lambda: timed(lambda: each(orjson.loads, lines))
    )

    def read_and_parse() -> None:
        if data.json_lines:
            with data.inputs[0].open("rb") as stream:
                for line in stream:
                    orjson.loads(line)
        else:
            for path in sorted(data.inputs[0].iterdir()):
                orjson.loads(path.read_bytes())

    rates["read file + `orjson.loads` (CLI's floor)"] = count / best_of(repeats, lambda: timed(read_and_parse))

    cli = [str(BIN / "schema-contracts"), "validate", "--schema-file", str(data.schema), *map(str, data.inputs)]
    rates["**schema-contracts CLI**"] = count / best_of(repeats, lambda: command_seconds(cli))
    rates["**schema-contracts CLI, `--jobs 2`**"] = count / best_of(
        repeats, lambda: command_seconds([*cli, "--jobs", "2"])
    )

    from schema_contracts.validate import PayloadValidator, load_schema_file

    ours = PayloadValidator(load_schema_file(data.schema))
    exact = _exact(ours)
    rates["**schema-contracts API** (in memory, one payload at a time)"] = count / best_of(
        repeats, _afresh(ours, lambda fresh: _api(fresh, data))
    )
    if data.json_lines:
        stream = b"\n".join(lines) + b"\n"

        def as_stream(fresh: Any) -> Callable[[], object]:
            return lambda: _drain(fresh.check_json_lines(io.BytesIO(stream), "b", include_valid=False))

        rates["**schema-contracts API**, the lines as one stream in memory"] = count / best_of(
            repeats, _afresh(ours, as_stream)
        )
    rates["schema-contracts API, exact path only (orjson + jsonschema-rs)"] = count / best_of(
        repeats, lambda: timed(_api(exact, data))
    )

    import jsonschema_rs

    direct = jsonschema_rs.validator_for(schema)
    rates["jsonschema-rs `is_valid` (regex `pattern`)"] = count / best_of(
        repeats, lambda: timed(lambda: each(lambda x: direct.is_valid(orjson.loads(x)), lines))
    )

    model = data.model
    if model is None:
        rates["pydantic `model_validate_json`"] = "not run: no model of this version on this branch"
    else:

        def pydantic_all() -> None:
            for line in lines:
                with contextlib.suppress(ValueError):
                    model.model_validate_json(line)

        rates["pydantic `model_validate_json`"] = count / best_of(repeats, lambda: timed(pydantic_all))

    rates["ajv 2020 in Node.js (strict, parse included)"] = (
        ajv_rate(data.schema, data.inputs[0], repeats) if data.json_lines else "JSON Lines only: not run"
    )

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
        repeats, lambda: timed(lambda: each(lambda x: reference.is_valid(json.loads(x)), few))
    )

    rates["check-jsonschema, 1,000 files in one call"] = check_jsonschema_rate(data.schema, lines[:1000])

    floor = rates["`orjson.loads` only (the floor)"]
    assert isinstance(floor, float)
    rows = []
    for path, rate in rates.items():
        rows.append((path, f"{rate:,.0f} ({rate / floor:.2f})" if isinstance(rate, float) else rate))
    return rows, where_time_goes(ours, exact, data, repeats)


def _drain(results: Any) -> None:
    collections.deque(results, 0)


def _scan_all(scan: Any, joined: bytes) -> None:
    """Every line of ``joined`` through the block scan, stepping over each line it stops at."""
    start = 0
    while start < len(joined):
        stop, _, _ = scan(joined, start, True)
        start = joined.find(b"\n", stop) + 1 or len(joined)


def where_time_goes(ours: Any, exact: Any, data: DataSet, repeats: int) -> list[tuple[str, str]]:
    """Microseconds per payload of each step of ours, and of invalid payloads against valid ones."""
    lines = data.texts
    count = len(lines)

    def per_payload(action: Callable[[], object], n: int = count) -> float:
        return best_of(repeats, lambda: timed(action)) / max(n, 1) * 1e6

    rows = [("`orjson.loads` (the floor)", f"{per_payload(lambda: each(orjson.loads, lines)):.2f}")]
    from schema_contracts.validate._fast import compile_fast_path

    fast = ours.fast_path
    if fast is not None:
        rows.append(
            (
                f"fast path ({fast.engine}): accept, one call per payload (parse, check, repeated keys)",
                f"{per_payload(lambda: each(fast.accepts, lines)):.2f}",
            )
        )
        scan = getattr(fast, "scan_lines", None)
        if scan is not None and data.json_lines:
            joined = b"\n".join(lines) + b"\n"
            rows.append(
                (
                    "fast path (native): every line in one call (`scan_lines`)",
                    f"{per_payload(lambda: _scan_all(scan, joined)):.2f}",
                )
            )
    fallback = compile_fast_path(json.loads(data.schema.read_text()), "msgspec")
    if fallback is not None:
        rows.append(
            (
                "fast path (msgspec, for a build without a C compiler): accept, one call per payload",
                f"{per_payload(lambda: each(fallback.accepts, lines)):.2f}",
            )
        )

    def per_payload_afresh(texts: list[bytes]) -> float:
        run = _afresh(ours, lambda fresh: _api(fresh, replace(data, texts=texts)))
        return best_of(repeats, run) / max(len(texts), 1) * 1e6

    rows.append(("ours, all payloads", f"{per_payload_afresh(lines):.2f}"))
    rows.append(
        ("exact path only (orjson + jsonschema-rs `is_valid` + screen)", f"{per_payload(_api(exact, data)):.2f}")
    )
    verdicts = [ours.check_bytes(x, "bench").valid for x in lines]
    invalid = [x for x, ok in zip(lines, verdicts, strict=True) if not ok]
    if invalid:
        valid = [x for x, ok in zip(lines, verdicts, strict=True) if ok]
        valid_cost = per_payload_afresh(valid)
        invalid_cost = per_payload_afresh(invalid)
        rows.append(("ours, per valid payload", f"{valid_cost:.2f}"))
        rows.append(
            (
                "ours, per invalid payload (explained: pointer, message, line and column)",
                f"{invalid_cost:.2f} ({invalid_cost / valid_cost:.1f}x a valid one)",
            )
        )
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
            str(schema_file("CodeExecutionResult")),
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


def peak_memory(data: Path, schema: Path) -> str:
    """Peak resident memory of the CLI validating ``data`` (in a fresh process), next to the file's size."""
    probe = (
        "import resource, subprocess, sys; subprocess.run(sys.argv[1:], capture_output=True); "
        "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)"
    )
    cli = [str(BIN / "schema-contracts"), "validate", "--schema-file", str(schema), str(data)]
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


def model_of(name: str) -> Any:
    """The pydantic model of contract version ``name`` ("Name@N"), for the peer row."""
    from schema_contracts.models.registry import find_version

    try:
        return find_version(name).model
    except LookupError:
        return None


def datasets(lines: int, pretty: int, v3_schema: Path) -> list[DataSet]:
    """Every data set of the benchmark, written once under benchmarks/data/ (deterministic)."""
    folder = HERE / "data"
    sets = []

    def json_lines(title: str, file: str, schema: Path, model: str, kind: str, **options: Any) -> None:
        path = write_json_lines(folder / file, kind, lines, **options)
        sets.append(DataSet(title, schema, path.read_bytes().splitlines(), [path], True, model_of(model)))

    json_lines(
        "requests (CodeExecutionRequest)",
        "requests.jsonl",
        schema_file("CodeExecutionRequest"),
        "CodeExecutionRequest@1",
        "request",
    )
    json_lines(
        "results, first version (CodeExecutionResult@1)",
        "results.jsonl",
        schema_file("CodeExecutionResult"),
        "CodeExecutionResult@1",
        "result",
    )
    json_lines(
        "results, latest version with artifacts and structured result (compact)",
        "results-v3.jsonl",
        v3_schema,
        "CodeExecutionResult@3",
        "result3",
    )
    json_lines(
        'the same results in `json.dumps` default layout (`", "`, `": "`)',
        "results-v3-spaced.jsonl",
        v3_schema,
        "CodeExecutionResult@3",
        "result3",
        layout="spaced",
    )
    json_lines(
        "latest results, 10% invalid lines",
        "results-v3-10pc-invalid.jsonl",
        v3_schema,
        "CodeExecutionResult@3",
        "result3",
        invalid=0.1,
    )
    json_lines(
        "latest results, 50% invalid lines",
        "results-v3-50pc-invalid.jsonl",
        v3_schema,
        "CodeExecutionResult@3",
        "result3",
        invalid=0.5,
    )
    json_lines(
        "latest results, 50% invalid lines, every mistake spelt differently",
        "results-v3-50pc-invalid-distinct.jsonl",
        v3_schema,
        "CodeExecutionResult@3",
        "result3",
        invalid=0.5,
        distinct=True,
    )
    pretty_folder = write_pretty_files(folder / "results-v3-pretty", "result3", pretty)
    texts = [path.read_bytes() for path in sorted(pretty_folder.iterdir())]
    sets.append(
        DataSet(
            "pretty-printed one-document files (latest results, indented)",
            v3_schema,
            texts,
            [pretty_folder],
            False,
            model_of("CodeExecutionResult@3"),
        )
    )
    return sets


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--lines", type=int, default=100_000, help="payloads per data file (default 100,000)")
    parser.add_argument("--pretty", type=int, default=5_000, help="pretty-printed one-document files (5,000)")
    parser.add_argument("--repeats", type=int, default=3, help="runs per measurement; the best counts")
    parser.add_argument("--sample", type=int, default=5_000, help="payloads for the slow pure-Python peers")
    parser.add_argument("--big-gb", type=float, default=2.0, help="size of the memory test input (0: skip)")
    parser.add_argument("--v3-schema", type=Path, help="schema file of the latest result version")
    parser.add_argument("--only", help="run only the data sets whose title contains this text")
    args = parser.parse_args()
    v3_schema = args.v3_schema or schema_file("CodeExecutionResult", 3)

    print(f"machine: {os.cpu_count()} cores, Python {sys.version.split()[0]}, {time.strftime('%Y-%m-%d')}")
    print(f"latest result schema: {v3_schema.relative_to(ROOT) if v3_schema.is_relative_to(ROOT) else v3_schema}")
    for data in datasets(args.lines, args.pretty, v3_schema):
        if args.only and args.only not in data.title:
            continue
        average = statistics.mean(map(len, data.texts))
        print(f"\n### {len(data.texts):,} {data.title}, {average / 1000:.1f} KB average\n")
        rows, breakdown = measure(data, args.repeats, args.sample)
        print(table(("path", "payloads/s (ratio to the floor)"), rows))
        print("\nWhere our time goes (microseconds per payload, in memory):\n")
        print(table(("step", "µs per payload"), breakdown))
        if data.json_lines:
            print(f"\nCLI memory: {peak_memory(data.inputs[0], data.schema)}")
    if args.big_gb:
        big = big_input(HERE / "data" / "requests.jsonl", args.big_gb)
        started = time.perf_counter()
        memory = peak_memory(big, schema_file("CodeExecutionRequest"))
        print(f"\n### Memory on a large input\n\nCLI: {memory}, in {time.perf_counter() - started:.0f} s")
    print("\n### Start-up (best of 10)\n")
    print(table(("command", "wall time"), startup(10)))
    from dask_bench import dask_section  # a Dask LocalCluster against --jobs 2 and one process (issue 14)

    print("\n" + dask_section(HERE / "data" / "requests.jsonl", "CodeExecutionRequest", args.repeats))


if __name__ == "__main__":
    main()
