"""The command line in-process through `main(argv)`: argument errors, exit codes, list/show, output faults."""

from __future__ import annotations

import errno
import io
import json
from pathlib import Path

import pytest
from helpers import SCHEMA_DIR

from schema_contracts.cli import EXIT_BROKEN_PIPE, EXIT_USAGE, main

VALID = '{"status":"success","stdout":"","stderr":"","exit_code":0}'


def usage_error(capsys: pytest.CaptureFixture[str], *argv: str) -> list[str]:
    """Run ``argv``, check it is a usage error (exit 2, no traceback) and return stderr's lines."""
    assert main(list(argv)) == EXIT_USAGE
    captured = capsys.readouterr()
    assert "Traceback" not in captured.err
    return captured.err.splitlines()


def test_a_misspelt_flag_is_named_not_reported_as_a_missing_one(capsys: pytest.CaptureFixture[str]) -> None:
    """`--shema` is reported as an unknown option with the closest one, not as a missing --schema."""
    lines = usage_error(capsys, "validate", "--shema", "CodeExecutionResult", "x.json")
    assert lines[-1] == "schema-contracts validate: error: unknown option --shema (did you mean --schema?)"
    assert lines[0].startswith("usage: schema-contracts validate ")


def test_a_misspelt_command_suggests_the_closest(capsys: pytest.CaptureFixture[str]) -> None:
    """`valdate` is an unknown command with the closest one suggested and the list of commands."""
    assert usage_error(capsys, "valdate", "x.json")[-1] == (
        "schema-contracts: error: unknown command 'valdate' (did you mean validate?); "
        "the commands are: export, list, show, diff, generate, validate"
    )


def test_abbreviated_flags_are_not_accepted(capsys: pytest.CaptureFixture[str]) -> None:
    """`--sch` is not silently taken for --schema or --schema-file: abbreviations are off."""
    assert "error: unknown option --sch " in usage_error(capsys, "validate", "--sch", "X", "x.json")[-1]


def test_a_subcommands_bad_value_prints_that_subcommands_usage(capsys: pytest.CaptureFixture[str]) -> None:
    """A bad --format for `list` shows the usage of `list`, naming the flag and the choices."""
    lines = usage_error(capsys, "list", "--format", "xml")
    assert lines[0].startswith("usage: schema-contracts list ")
    assert lines[-1].startswith("schema-contracts list: error: argument --format: invalid choice: 'xml'")


@pytest.mark.parametrize(
    ("jobs", "message"),
    [
        ("99999999999999999999", None),
        ("abc", "argument --jobs: expected a whole number of processes, got 'abc'"),
        ("0", "argument --jobs: must be at least 1"),
    ],
)
def test_jobs_values(capsys: pytest.CaptureFixture[str], tmp_path: Path, jobs: str, message: str | None) -> None:
    """A huge --jobs is capped (no OverflowError); a non-number or zero is a usage error naming --jobs."""
    (tmp_path / "ok.json").write_text(VALID)
    if message is None:
        assert main(["validate", "--schema", "CodeExecutionResult", "--jobs", jobs, str(tmp_path)]) == 0
        assert capsys.readouterr().out.startswith("1 payload, 0 invalid")
    else:
        assert usage_error(capsys, "validate", "--schema", "CodeExecutionResult", "--jobs", jobs, "x")[-1].endswith(
            message
        )


@pytest.mark.parametrize(
    ("name", "hint"),
    [("codeexecutionresult", "CodeExecutionResult"), ("CodeExecutionReslt", "CodeExecutionResult"), ("Zzz", None)],
)
def test_an_unknown_contract_suggests_the_closest(
    capsys: pytest.CaptureFixture[str], name: str, hint: str | None
) -> None:
    """An unknown contract name exits 2 and suggests the closest known one, ignoring case, when one is close."""
    line = usage_error(capsys, "validate", "--schema", name, "-")[-1]
    assert line.startswith(f"schema-contracts validate: error: unknown contract {name!r}")
    assert (f'did you mean "{hint}"?' in line) if hint else ("did you mean" not in line)


def test_help_has_an_example_and_the_exit_codes(capsys: pytest.CaptureFixture[str]) -> None:
    """Every command's --help ends with an example and the exit codes, and exits 0."""
    assert main(["validate", "--help"]) == 0
    text = capsys.readouterr().out
    assert "example:\n  schema-contracts validate --schema CodeExecutionResult" in text
    assert "exit codes:" in text
    assert "  2    usage or setup error" in text
    assert main(["--help"]) == 0
    assert "default folders:" in capsys.readouterr().out


def test_list_json_describes_every_contract(capsys: pytest.CaptureFixture[str]) -> None:
    """`list --format json` gives each contract's name, direction, $id, file and path, as in the index."""
    assert main(["list", "--format", "json", "--schemas-dir", str(SCHEMA_DIR)]) == 0
    document = json.loads(capsys.readouterr().out)
    index = json.loads((SCHEMA_DIR / "contracts.json").read_text())
    assert [c["name"] for c in document["contracts"]] == [c["name"] for c in index["contracts"]]
    first = document["contracts"][0]
    assert first["$id"] == index["contracts"][0]["$id"]
    assert Path(first["path"]) == SCHEMA_DIR / index["contracts"][0]["file"]


def test_show_prints_the_schema_file_as_it_is(capsys: pytest.CaptureFixture[str]) -> None:
    """`show NAME` prints that contract's schema file byte for byte."""
    index = json.loads((SCHEMA_DIR / "contracts.json").read_text())
    entry = index["contracts"][0]
    assert main(["show", entry["name"], "--schemas-dir", str(SCHEMA_DIR)]) == 0
    assert capsys.readouterr().out == (SCHEMA_DIR / entry["file"]).read_text()


def test_a_folder_without_payloads_is_an_error_unless_allowed(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """An input with no payloads exits 2 (a mistyped path must not pass CI); --allow-empty makes it exit 0."""
    blank = tmp_path / "blank.jsonl"
    blank.write_text("\n\n")
    line = usage_error(capsys, "validate", "--schema", "CodeExecutionResult", str(blank))[-1]
    assert line == f"schema-contracts validate: error: no payloads found in {blank}; --allow-empty accepts that"
    empty = tmp_path / "sub"
    empty.mkdir()
    (empty / "notes.txt").write_text("not a payload")
    line = usage_error(capsys, "validate", "--schema", "CodeExecutionResult", str(empty))[-1]
    assert line.startswith("schema-contracts validate: error: no payload files (*.json, *.jsonl, *.ndjson) in ")
    assert main(["validate", "--schema", "CodeExecutionResult", "--allow-empty", str(empty)]) == 0


class FailingOutput(io.StringIO):
    def __init__(self, error: OSError) -> None:
        super().__init__()
        self.error = error

    def write(self, text: str) -> int:
        raise self.error


def test_a_full_output_is_one_line_and_exit_2(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Writing the output fails with ENOSPC: one line saying so, exit 2."""
    monkeypatch.setattr("sys.stdout", FailingOutput(OSError(errno.ENOSPC, "No space left on device")))
    assert main(["list"]) == EXIT_USAGE
    assert capsys.readouterr().err == "schema-contracts list: error: cannot write the output: No space left on device\n"


def test_a_closed_output_pipe_exits_141_silently(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The reader went away (EPIPE): nothing is printed, the exit code is 141."""
    monkeypatch.setattr("sys.stdout", FailingOutput(BrokenPipeError(errno.EPIPE, "Broken pipe")))
    assert main(["list"]) == EXIT_BROKEN_PIPE
    assert capsys.readouterr().err == ""
