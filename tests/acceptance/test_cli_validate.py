"""`schema-contracts validate` from the outside: exit codes, output formats, inputs of every kind.

Most cases run in-process through `main(argv)` (fast); a few smoke tests run the real console command.
"""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from contextlib import redirect_stderr, redirect_stdout
from dataclasses import dataclass
from pathlib import Path
from unittest import mock

import pytest
from helpers import PAYLOADS

from schema_contracts.cli import main
from schema_contracts.validate import RunStats, SchemaCatalog, collect_inputs, validate_inputs

VALID = '{"status":"success","stdout":"","stderr":"","exit_code":0}'
INVALID = '{"status":"ok","stdout":"","stderr":"","exit_code":0}'


@dataclass(frozen=True)
class Completed:
    """What a run of the command line gave: its exit code and its two output streams."""

    returncode: int
    stdout: str
    stderr: str


def run(*args: str, stdin: str | None = None) -> Completed:
    """`schema-contracts validate ARGS` in-process, with ``stdin`` as standard input."""
    out, err = io.StringIO(), io.StringIO()
    fake_stdin = io.TextIOWrapper(io.BytesIO((stdin or "").encode()))
    with redirect_stdout(out), redirect_stderr(err), mock.patch("sys.stdin", fake_stdin):
        code = main(["validate", *args])
    return Completed(code, out.getvalue(), err.getvalue())


def run_command(*args: str, stdin: str | None = None, timeout: float = 60) -> subprocess.CompletedProcess[str]:
    """The real console command, in a process of its own: for the few smoke tests."""
    return subprocess.run(
        [sys.executable, "-m", "schema_contracts", "validate", *args],
        input=stdin,
        capture_output=True,
        text=True,
        env={**os.environ, "NO_COLOR": "1"},
        timeout=timeout,
    )


def test_all_valid_exits_0_with_a_summary() -> None:
    """Valid payloads exit 0 and the summary counts them."""
    completed = run("--schema", "CodeExecutionResult", str(PAYLOADS / "CodeExecutionResult@3" / "valid"))
    assert completed.returncode == 0, completed.stdout + completed.stderr
    count = len(list((PAYLOADS / "CodeExecutionResult@3" / "valid").glob("*.json")))
    assert completed.stdout.startswith(f"{count} payloads, 0 invalid, in ")


def test_invalid_payload_exits_1_with_located_errors(tmp_path: Path) -> None:
    """An invalid payload exits 1 and each error line says file:line:col: pointer: message [keyword]."""
    path = tmp_path / "result.json"
    path.write_text('{\n  "status": "ok",\n  "stdout": "", "stderr": "", "exit_code": 0\n}\n')
    completed = run("--schema", "CodeExecutionResult", str(path))
    assert completed.returncode == 1
    first = completed.stdout.splitlines()[0]
    assert first.startswith(f"{path}:2:13: /status: ")
    assert first.endswith("[enum]")
    assert "1 payload, 1 invalid" in completed.stdout


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--schema", "Nope", "x.json"], "unknown contract 'Nope'"),
        (["--schema", "CodeExecutionResult", "missing.json"], "no such file or folder: missing.json"),
        (["--schema-file", "missing-schema.json", "-"], "does not exist"),
        (["--schema", "CodeExecutionResult", "--jobs", "0", "-"], "must be at least 1"),
        (["x.json"], "one of the arguments --schema --schema-file is required"),
    ],
)
def test_usage_and_setup_errors_exit_2_without_traceback(args: list[str], message: str) -> None:
    """Usage and setup errors exit 2 with a one-line message, never a traceback."""
    completed = run(*args, stdin="")
    assert completed.returncode == 2
    assert message in completed.stderr
    assert "Traceback" not in completed.stderr


def test_invalid_schema_file_exits_2(tmp_path: Path) -> None:
    """A schema file that is not a valid schema is a setup error."""
    schema = tmp_path / "bad.schema.json"
    schema.write_text('{"type": 5}')
    completed = run("--schema-file", str(schema), "-", stdin="{}")
    assert completed.returncode == 2
    assert "not a valid JSON Schema 2020-12" in completed.stderr


def test_stdin_json_lines() -> None:
    """`-` with `--jsonl` reads one payload per line from standard input, naming it <stdin>."""
    completed = run(
        "--schema", "CodeExecutionResult", "--jsonl", "--format", "jsonl", "-", stdin=f"{VALID}\n{INVALID}\n"
    )
    records = [json.loads(line) for line in completed.stdout.splitlines()]
    assert [(r["source"], r["line"], r["valid"]) for r in records] == [("<stdin>", 1, True), ("<stdin>", 2, False)]
    assert records[1]["errors"][0]["instance_path"] == "/status"
    assert set(records[1]["errors"][0]) == {"instance_path", "schema_path", "keyword", "message", "line", "column"}
    assert completed.returncode == 1


def test_folders_are_walked_recursively_in_a_stable_order(tmp_path: Path) -> None:
    """A folder contributes its *.json, *.jsonl and *.ndjson files, sorted, and ignores other files."""
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "one.json").write_text(VALID)
    (tmp_path / "a.ndjson").write_text(f"{VALID}\n{VALID}\n")
    (tmp_path / "c.jsonl").write_text(f"{INVALID}\n")
    (tmp_path / "notes.txt").write_text("not a payload")
    completed = run("--schema", "CodeExecutionResult", "--format", "json", str(tmp_path))
    document = json.loads(completed.stdout)
    sources = [(Path(r["source"]).relative_to(tmp_path).as_posix(), r["line"]) for r in document["results"]]
    assert sources == [("a.ndjson", 1), ("a.ndjson", 2), ("b/one.json", 1), ("c.jsonl", 1)]
    assert (document["payloads"], document["invalid"], document["valid"]) == (4, 1, False)


def test_unreadable_file_in_a_folder_is_reported_and_the_rest_checked(tmp_path: Path) -> None:
    """A file that cannot be read is an error record; every other file is still validated."""
    (tmp_path / "good.json").write_text(VALID)
    (tmp_path / "broken.json").symlink_to(tmp_path / "gone.json")
    completed = run("--schema", "CodeExecutionResult", "--format", "jsonl", str(tmp_path))
    records = {Path(r["source"]).name: r for r in map(json.loads, completed.stdout.splitlines())}
    assert records["good.json"]["valid"] is True
    assert records["broken.json"]["errors"][0]["keyword"] == "read"
    assert "cannot read" in records["broken.json"]["errors"][0]["message"]
    assert completed.returncode == 1


def test_github_format_annotates_file_and_line(tmp_path: Path) -> None:
    """`--format github` writes one ::error workflow command per error, escaping what GitHub needs."""
    path = tmp_path / "a,b.jsonl"
    path.write_text(f"{VALID}\n{INVALID}\n")
    completed = run("--schema", "CodeExecutionResult", "--format", "github", str(path))
    annotation = completed.stdout.splitlines()[0]
    assert annotation.startswith(
        f"::error file={str(path).replace(',', '%2C')},line=2,col=11,title=schema-contracts enum::"
    )
    assert "/status: " in annotation


def test_schema_file_option_takes_any_schema(tmp_path: Path) -> None:
    """`--schema-file` validates against an arbitrary 2020-12 schema."""
    schema = tmp_path / "even.json"
    schema.write_text('{"type": "integer", "multipleOf": 2}')
    assert run("--schema-file", str(schema), "--jsonl", "-", stdin="2\n4\n").returncode == 0
    assert run("--schema-file", str(schema), "--jsonl", "-", stdin="2\n3\n").returncode == 1


def test_validate_does_not_import_pydantic(tmp_path: Path) -> None:
    """The validate command works from schema files alone: pydantic and the models are never imported."""
    probe = (
        "import sys; from schema_contracts.cli import main; code = main(['validate', '--schema', "
        f"'CodeExecutionResult', {str(PAYLOADS / 'CodeExecutionResult@3' / 'valid')!r}]); "
        "print(sorted(m for m in sys.modules if m.startswith(('pydantic', 'schema_contracts.models', 'jsonschema.'))))"
    )
    output = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True).stdout
    assert output.splitlines()[-1] == "[]"


def test_validate_imports_no_other_command_and_nothing_only_errors_need() -> None:
    """Start-up: a validate run imports no other command's module, nor what only a usage error (difflib) or a
    parallel run (threading) needs."""
    unneeded = ("_export", "_list", "_show", "_diff", "_generate", "_publish", "_cluster")
    probe = (
        "import sys; from schema_contracts.cli import main; code = main(['validate', '--schema', "
        f"'CodeExecutionResult', {str(PAYLOADS / 'CodeExecutionResult@3' / 'valid')!r}]); "
        f"print(sorted(m for m in sys.modules if m in ('difflib', 'threading') or m.startswith("
        f"{tuple(f'schema_contracts.cli.{name}' for name in unneeded)!r})))"
    )
    output = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True).stdout
    assert output.splitlines()[-1] == "[]"


def test_parallel_results_equal_serial_results(tmp_path: Path) -> None:
    """With several processes and a file split in pieces, results and their order are those of a serial run."""
    lines = [VALID if i % 7 else INVALID.replace("0}", f"{i}}}") for i in range(2_000)]
    lines[1234] = '{"broken'
    (tmp_path / "big.jsonl").write_text("\ufeff\n" + "\n".join(lines) + "\n")  # a BOM alone on line 1
    (tmp_path / "small.json").write_text(INVALID)
    schema = SchemaCatalog().load("CodeExecutionResult")
    inputs = collect_inputs([str(tmp_path)])
    serial = list(validate_inputs(schema, inputs))
    parallel = list(validate_inputs(schema, inputs, jobs=2, chunk_bytes=10_000))
    assert parallel == serial
    assert len(serial) == 2_001
    assert [r.line for r in serial if not r.valid][:3] == [2, 9, 16]


def test_block_scans_serial_and_parallel_report_what_a_line_by_line_run_reports(tmp_path: Path) -> None:
    """Asking for invalid results only (the CLI's way) scans blocks of lines natively, in one process or in
    file pieces over several: the invalid results, their lines and the counts are those of a line-by-line run."""
    lines = [VALID if i % 7 else INVALID.replace("0}", f"{i}}}") for i in range(2_000)]
    lines[1234] = '{"broken'
    lines[1500] = "   "
    (tmp_path / "big.jsonl").write_text("\ufeff" + "\r\n".join(lines))  # a BOM, CRLF, no final line feed
    (tmp_path / "small.json").write_text(INVALID)
    schema = SchemaCatalog().load("CodeExecutionResult")
    inputs = collect_inputs([str(tmp_path)])
    counts = [RunStats(), RunStats(), RunStats()]
    line_by_line = [result for result in validate_inputs(schema, inputs, stats=counts[0]) if not result.valid]
    serial = list(validate_inputs(schema, inputs, include_valid=False, stats=counts[1]))
    parallel = list(validate_inputs(schema, inputs, jobs=2, chunk_bytes=10_000, include_valid=False, stats=counts[2]))
    assert serial == line_by_line
    assert parallel == line_by_line
    assert counts[0] == counts[1] == counts[2] == RunStats(payloads=2_000, invalid=288)


def test_smoke_the_console_command_exits_with_the_documented_codes(tmp_path: Path) -> None:
    """The installed command, in its own process: 0 for valid, 1 for invalid, 2 for a usage error naming the flag."""
    (tmp_path / "ok.json").write_text(VALID)
    (tmp_path / "bad.json").write_text(INVALID)
    assert run_command("--schema", "CodeExecutionResult", str(tmp_path / "ok.json")).returncode == 0
    assert run_command("--schema", "CodeExecutionResult", str(tmp_path)).returncode == 1
    usage = run_command("--shema", "CodeExecutionResult", str(tmp_path))
    assert usage.returncode == 2
    assert usage.stderr.splitlines()[-1] == (
        "schema-contracts validate: error: unknown option --shema (did you mean --schema?)"
    )


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_smoke_a_fifo_in_a_folder_does_not_hang(tmp_path: Path, jobs: str) -> None:
    """A FIFO named *.json inside a folder is reported as unreadable at once; the run ends (exit 1)."""
    (tmp_path / "ok.json").write_text(VALID)
    os.mkfifo(tmp_path / "pipe.json")
    completed = run_command("--schema", "CodeExecutionResult", "--jobs", jobs, str(tmp_path), timeout=30)
    assert completed.returncode == 1
    assert "pipe.json:1: (root): cannot read: it is a FIFO (named pipe), not a regular file [read]" in completed.stdout
