"""`schema-contracts diff` from the outside: folders, files, git refs, levels, formats, accepted changes."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from helpers import SCHEMA_DIR

from schema_contracts.validate import SchemaCatalog


def run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "schema_contracts", "diff", *args], capture_output=True, text=True, cwd=cwd
    )


def copy_schemas(target: Path) -> Path:
    shutil.copytree(SCHEMA_DIR, target)
    return target


def edit(folder: Path, contract: str, change: object) -> None:
    path = folder / SchemaCatalog(folder).entry(contract).file  # the latest version's file
    schema = json.loads(path.read_text())
    change(schema)  # type: ignore[operator]
    path.write_text(json.dumps(schema, indent=2))


def add_status(schema: dict[str, object]) -> None:
    schema["$defs"]["ResultStatus"]["enum"].append("cancelled")  # type: ignore[index]


def drop_detail(schema: dict[str, object]) -> None:
    del schema["properties"]["detail"]  # type: ignore[attr-defined]


@pytest.fixture
def old_new(tmp_path: Path) -> tuple[Path, Path]:
    return copy_schemas(tmp_path / "old"), copy_schemas(tmp_path / "new")


def test_unchanged_schemas_exit_0(old_new: tuple[Path, Path]) -> None:
    """Identical folders have no findings."""
    completed = run(*map(str, old_new))
    assert completed.returncode == 0
    assert "0 findings" in completed.stdout


def test_fail_on_decides_the_exit_code(old_new: tuple[Path, Path]) -> None:
    """A WARN finding passes the default ERR threshold and fails `--fail-on WARN`."""
    old, new = old_new
    edit(new, "CodeExecutionResult", add_status)
    assert run(str(old), str(new)).returncode == 0
    assert run(str(old), str(new), "--fail-on", "WARN").returncode == 1


def test_json_format_lists_findings_with_counterexamples(old_new: tuple[Path, Path]) -> None:
    """`--format json` gives rule, level, schema, direction, path, message and example for each finding."""
    old, new = old_new
    edit(new, "CodeExecutionResult", drop_detail)
    completed = run(str(old), str(new), "--format", "json")
    assert completed.returncode == 1
    (finding,) = json.loads(completed.stdout)["findings"]
    assert {k: finding[k] for k in ("rule", "level", "schema", "direction", "path")} == {
        "rule": "property-removed",
        "level": "ERR",
        "schema": "CodeExecutionResult",
        "direction": "result",
        "path": "/properties/detail",
    }
    assert finding["example"]["accepted_by"] == "new"
    assert "detail" in finding["example"]["payload"]


def test_single_files_take_their_direction_from_the_index_or_the_option(
    old_new: tuple[Path, Path], tmp_path: Path
) -> None:
    """Two files can be compared; outside a schema folder the direction must be given."""
    old, new = old_new
    edit(new, "CodeExecutionRequest", lambda s: s.__setitem__("required", ["code_b64", "language"]))
    completed = run(str(old / "CodeExecutionRequest@1.schema.json"), str(new / "CodeExecutionRequest@1.schema.json"))
    assert completed.returncode == 1
    assert "property-became-required" in completed.stdout
    loose_old, loose_new = tmp_path / "a.json", tmp_path / "b.json"
    shutil.copy(old / "CodeExecutionRequest@1.schema.json", loose_old)
    shutil.copy(new / "CodeExecutionRequest@1.schema.json", loose_new)
    assert run(str(loose_old), str(loose_new)).returncode == 2
    assert run(str(loose_old), str(loose_new), "--direction", "result").returncode == 0  # narrowing a result is fine


def test_ignore_file_accepts_a_break_with_its_reason(old_new: tuple[Path, Path], tmp_path: Path) -> None:
    """An accepted break no longer fails the build, and the output says why it was accepted."""
    old, new = old_new
    edit(new, "CodeExecutionResult", drop_detail)
    accepted = tmp_path / "accepted.toml"
    accepted.write_text(
        '[[accept]]\nrule = "property-removed"\nschema = "CodeExecutionResult"\n'
        'path = "/properties/detail"\nreason = "no client reads detail"\n'
    )
    completed = run(str(old), str(new), "--ignore", str(accepted))
    assert completed.returncode == 0
    assert (
        "accepted property-removed CodeExecutionResult /properties/detail: no client reads detail" in completed.stdout
    )


def test_ignore_entry_without_a_reason_is_refused(old_new: tuple[Path, Path], tmp_path: Path) -> None:
    """Every accepted break needs a reason."""
    accepted = tmp_path / "accepted.toml"
    accepted.write_text('[[accept]]\nrule = "property-removed"\nschema = "CodeExecutionResult"\n')
    completed = run(*map(str, old_new), "--ignore", str(accepted))
    assert completed.returncode == 2
    assert "lacks reason" in completed.stderr


@pytest.mark.parametrize(
    ("fmt", "marker"), [("markdown", "| ERR | `property-removed` |"), ("github", "::error title=")]
)
def test_markdown_and_github_formats(old_new: tuple[Path, Path], fmt: str, marker: str) -> None:
    """The Markdown table and the GitHub annotations carry the finding."""
    old, new = old_new
    edit(new, "CodeExecutionResult", drop_detail)
    assert marker in run(str(old), str(new), "--format", fmt).stdout


def git(repo: Path, *args: str) -> None:
    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": "t",
        "GIT_AUTHOR_EMAIL": "t@example.org",
        "GIT_COMMITTER_NAME": "t",
        "GIT_COMMITTER_EMAIL": "t@example.org",
    }
    subprocess.run(["git", "-C", str(repo), *args], check=True, capture_output=True, env=env)


def test_against_git_refs_transitively(tmp_path: Path) -> None:
    """`--against` reads schemas/ at each ref with git; every release is checked against the working tree."""
    repo = tmp_path / "repo"
    repo.mkdir()
    git(repo, "init", "-q")
    schemas = copy_schemas(repo / "schemas")
    git(repo, "add", ".")
    git(repo, "commit", "-qm", "v1")
    git(repo, "tag", "v1")
    edit(schemas, "CodeExecutionResult", add_status)
    git(repo, "commit", "-qam", "v2")
    git(repo, "tag", "v2")
    edit(schemas, "CodeExecutionResult", drop_detail)
    completed = run("--against", "v1", "--against", "v2", "--format", "json", cwd=repo)
    found = {(f["against"], f["rule"]) for f in json.loads(completed.stdout)["findings"]}
    assert found == {("v1", "enum-value-added"), ("v1", "property-removed"), ("v2", "property-removed")}
    assert completed.returncode == 1


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--against", "no-such-ref"], "is not a git commit"),
        (["only-one"], "give OLD and NEW"),
        (["a", "b", "--against", "HEAD"], "either OLD NEW or --against"),
        (["missing-old", "missing-new"], "no such file or folder"),
    ],
)
def test_usage_errors_exit_2(args: list[str], message: str) -> None:
    """Bad arguments and unreadable input exit 2 with a one-line message."""
    completed = run(*args, cwd=SCHEMA_DIR.parent)
    assert completed.returncode == 2
    assert message in completed.stderr
