"""`schema-contracts diff` from the outside: folders, files, versions, git refs, levels, formats, accepted changes."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from helpers import SCHEMA_DIR

from schema_contracts.cli import main

Schema = dict[str, Any]


def latest_file(folder: Path, name: str) -> str:
    """The file of ``name``'s latest version, by the folder's index (either index format)."""
    entries = json.loads((folder / "contracts.json").read_text())["contracts"]
    return str(next(e["file"] for e in entries if e["name"] == name and e.get("latest", "version" not in e)))


RESULT_FILE = latest_file(SCHEMA_DIR, "CodeExecutionResult")
REQUEST_FILE = latest_file(SCHEMA_DIR, "CodeExecutionRequest")


def diff(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    """Run `schema-contracts diff ARGS` in-process: exit code, stdout, stderr."""
    code = main(["diff", *args])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def copy_schemas(target: Path) -> Path:
    shutil.copytree(SCHEMA_DIR, target)
    return target


def edit(folder: Path, file: str, change: Callable[[Schema], object]) -> None:
    path = folder / file
    schema = json.loads(path.read_text())
    change(schema)
    path.write_text(json.dumps(schema, indent=2))


def add_status(schema: Schema) -> None:
    schema["$defs"]["ResultStatus"]["enum"].append("cancelled")


def drop_detail(schema: Schema) -> None:
    del schema["properties"]["detail"]


@pytest.fixture
def old_new(tmp_path: Path) -> tuple[Path, Path]:
    return copy_schemas(tmp_path / "old"), copy_schemas(tmp_path / "new")


def test_unchanged_schemas_exit_0(old_new: tuple[Path, Path], capsys: pytest.CaptureFixture[str]) -> None:
    """Identical folders have no findings, said with a correct plural."""
    code, out, _ = diff(capsys, *map(str, old_new))
    assert code == 0
    assert "0 findings (0 ERR, 0 WARN, 0 INFO), 0 accepted: compatible" in out


def test_a_new_result_enum_value_breaks_unless_readers_tolerate_it(
    old_new: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    """An enum value added to a result is ERR by default; `--tolerate new-enum-values` makes it WARN."""
    old, new = old_new
    edit(new, RESULT_FILE, add_status)
    code, out, _ = diff(capsys, str(old), str(new))
    assert code == 1
    assert out.startswith("ERR  enum-value-added CodeExecutionResult [result] /$defs/ResultStatus\n")
    assert "1 finding (1 ERR, 0 WARN, 0 INFO)" in out
    assert diff(capsys, str(old), str(new), "--tolerate", "new-enum-values")[0] == 0
    assert diff(capsys, str(old), str(new), "--tolerate", "new-enum-values", "--fail-on", "WARN")[0] == 1


def test_json_format_lists_findings_with_checked_examples_and_comparisons(
    old_new: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    """`--format json` gives each finding with its example, and every change compared, with its outcome."""
    old, new = old_new

    def change(schema: Schema) -> None:
        drop_detail(schema)
        schema["properties"]["returned"] = {"description": "anything"}  # no payload shows it: compared only

    edit(new, RESULT_FILE, change)
    code, out, _ = diff(capsys, str(old), str(new), "--format", "json")
    assert code == 1
    document = json.loads(out)
    (finding,) = document["findings"]
    assert {k: finding[k] for k in ("rule", "level", "schema", "direction", "path", "effect")} == {
        "rule": "property-removed",
        "level": "ERR",
        "schema": "CodeExecutionResult",
        "direction": "result",
        "path": "/properties/detail",
        "effect": "widening",
    }
    assert finding["example"]["accepted_by"] == "new"
    assert finding["example"]["rejected_by"] == "old"
    assert "detail" in finding["example"]["payload"]
    outcomes = {(c["path"], c["outcome"]) for c in document["compared"]}
    assert ("/properties/returned", "compared, no difference") in outcomes


def test_verbose_text_shows_what_was_compared(old_new: tuple[Path, Path], capsys: pytest.CaptureFixture[str]) -> None:
    """`--verbose` lists changes no payload shows, so a user can see they were looked at."""
    old, new = old_new
    edit(new, RESULT_FILE, lambda s: s["properties"].__setitem__("returned", {}))
    code, out, _ = diff(capsys, str(old), str(new), "--verbose")
    assert code == 0
    assert (
        "compared CodeExecutionResult /properties/returned: new optional property `returned`: compared, no difference"
        in out
    )


def test_files_are_one_contract_whatever_their_titles(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Two files compare as one contract: a new title alone is no finding (identity is the pair, not the title)."""
    old, new = tmp_path / "a.json", tmp_path / "b.json"
    schema = json.loads((SCHEMA_DIR / RESULT_FILE).read_text())
    old.write_text(json.dumps(schema))
    new.write_text(json.dumps({**schema, "title": "SomethingElse"}))
    code, out, _ = diff(capsys, str(old), str(new), "--direction", "result")
    assert code == 0
    assert "0 findings" in out


def test_single_files_take_their_direction_from_the_index_or_the_option(
    old_new: tuple[Path, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Files in a schema folder have their direction from the index; elsewhere it must be given."""
    old, new = old_new
    edit(new, REQUEST_FILE, lambda s: s.__setitem__("required", ["code_b64", "language"]))
    code, out, _ = diff(capsys, str(old / REQUEST_FILE), str(new / REQUEST_FILE))
    assert code == 1
    assert "property-became-required CodeExecutionRequest [request] /required" in out
    loose_old, loose_new = tmp_path / "a.json", tmp_path / "b.json"
    shutil.copy(old / REQUEST_FILE, loose_old)
    shutil.copy(new / REQUEST_FILE, loose_new)
    code, _, err = diff(capsys, str(loose_old), str(loose_new))
    assert (code, err.count("\n")) == (2, 1)
    assert "--direction" in err
    assert diff(capsys, str(loose_old), str(loose_new), "--direction", "result")[0] == 0  # narrowing a result


def test_messages_spell_values_as_json(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Values in messages are JSON (null, double quotes), never Python's None or repr quotes."""
    old, new = tmp_path / "a.json", tmp_path / "b.json"
    old.write_text(json.dumps({"properties": {"k": {"enum": [None, "a"]}}}))
    new.write_text(json.dumps({"properties": {"k": {"enum": ["a", "b"]}}}))
    code, out, _ = diff(capsys, str(old), str(new), "--direction", "request")
    assert code == 1
    assert 'enum gains "b" and loses null (narrowing and widening)' in out
    assert "None" not in out
    assert "'" not in out


def test_ignore_file_accepts_a_break_with_its_reason(
    old_new: tuple[Path, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """An accepted break no longer fails the build, and the output says why it was accepted."""
    old, new = old_new
    edit(new, RESULT_FILE, drop_detail)
    accepted = tmp_path / "accepted.toml"
    accepted.write_text(
        '[[accept]]\nrule = "property-removed"\nschema = "CodeExecutionResult"\n'
        'path = "/properties/detail"\nreason = "no client reads detail"\n'
    )
    code, out, _ = diff(capsys, str(old), str(new), "--ignore", str(accepted))
    assert code == 0
    assert "accepted property-removed CodeExecutionResult /properties/detail: no client reads detail" in out


ENTRY = '[[accept]]\nrule = "property-removed"\nschema = "CodeExecutionResult"\nreason = "r"\n'


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            '[[accept]]\nrule = "property-removed"\nschema = "CodeExecutionResult"\n',
            ":1: [[accept]] entry 1 lacks reason",
        ),
        (ENTRY + 'paht = "/properties/detail"\n', ':1: [[accept]] entry 1: unknown key "paht"'),
        (
            ENTRY + "\n" + ENTRY.replace("CodeExecutionResult", "CodeExecutionResul"),
            ':6: [[accept]] entry 2: unknown contract "CodeExecutionResul"',
        ),
        (
            ENTRY.replace('"property-removed"', '"property-gone"'),
            ':1: [[accept]] entry 1: unknown rule "property-gone"',
        ),
        (ENTRY.replace('"property-removed"', '["property-removed"]'), '"rule" must be a string, not a TOML list'),
        ('accept = "x"\n', "accept must be a list of [[accept]] tables"),
        ("accept = [1, 2]\n", "[[accept]] entry 1 is not a table"),
        ('[accepted]\nrule = "x"\n', 'unknown key "accepted"'),
    ],
)
def test_ignore_file_typos_are_refused_with_file_and_line(
    old_new: tuple[Path, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str], text: str, message: str
) -> None:
    """An ignore entry that is not understood is an error naming the file and entry (exit 2), never ignored."""
    accepted = tmp_path / "accepted.toml"
    accepted.write_text(text)
    code, _, err = diff(capsys, *map(str, old_new), "--ignore", str(accepted))
    assert (code, err.count("\n")) == (2, 1)
    assert str(accepted) in err
    assert message in err


def test_ignore_file_that_is_not_utf8_is_refused(
    old_new: tuple[Path, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Bytes that are not UTF-8 in an ignore file give one line and exit 2."""
    accepted = tmp_path / "accepted.toml"
    accepted.write_bytes(b'[[accept]]\nreason = "caf\xe9"\n')
    code, _, err = diff(capsys, *map(str, old_new), "--ignore", str(accepted))
    assert (code, err.count("\n")) == (2, 1)
    assert f"ignore file {accepted} is not UTF-8 text" in err


def test_a_schema_nested_too_deep_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A schema nested 600 levels is \"too deep\": exit 2, one line, no traceback."""
    old, new = tmp_path / "a.json", tmp_path / "b.json"
    old.write_text('{"items": ' * 600 + "{}" + "}" * 600)
    new.write_text("{}")
    code, _, err = diff(capsys, str(old), str(new), "--direction", "request")
    assert (code, err.count("\n")) == (2, 1)
    assert "is too deep" in err
    assert str(old) in err


@pytest.mark.parametrize(
    ("fmt", "marker"), [("markdown", "| ERR | `property-removed` |"), ("github", "::error title=")]
)
def test_markdown_and_github_formats(
    old_new: tuple[Path, Path], capsys: pytest.CaptureFixture[str], fmt: str, marker: str
) -> None:
    """The Markdown table and the GitHub annotations carry the finding."""
    old, new = old_new
    edit(new, RESULT_FILE, drop_detail)
    assert marker in diff(capsys, str(old), str(new), "--format", fmt)[1]


# -- contract versions ----------------------------------------------------------------------------------

V1: Schema = {"type": "object", "properties": {"a": {"type": "string"}}}
V2: Schema = {"type": "object", "properties": {"a": {"type": "string"}, "b": {"type": "array"}}}


def folder(path: Path, entries: list[tuple[str, int | None, Schema]], direction: str = "result") -> Path:
    """A schema folder: old index entries where the version is None, versioned ones (last is latest) otherwise."""
    path.mkdir()
    index = []
    latest = {name: max((v or 1) for n, v, _ in entries if n == name) for name, _, _ in entries}
    for name, version, schema in entries:
        file = f"{name}.schema.json" if version is None else f"{name}@{version}.schema.json"
        item: dict[str, Any] = {"name": name, "direction": direction, "$id": f"urn:x:{name}", "file": file}
        if version is not None:
            item.update(version=version, latest=version == latest[name])
        index.append(item)
        (path / file).write_text(json.dumps({**schema, "title": f"{name} (any title)"}))
    (path / "contracts.json").write_text(json.dumps({"contracts": index}))
    return path


def test_old_index_against_versioned_index(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """An unversioned folder is version 1; the latest is compared under the bare name, a new version is INFO."""
    old = folder(tmp_path / "old", [("Res", None, V1)])
    new = folder(tmp_path / "new", [("Res", 1, V1), ("Res", 2, V2)])
    code, out, _ = diff(capsys, str(old), str(new), "--format", "json")
    assert code == 0
    found = {(f["rule"], f["schema"], f["level"]) for f in json.loads(out)["findings"]}
    assert found == {("property-added-optional", "Res", "INFO"), ("version-added", "Res@2", "INFO")}


def test_a_published_version_that_changes_is_a_finding(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Each version present on both sides is compared under `Name@N`: editing a published version is caught."""
    old = folder(tmp_path / "old", [("Res", 1, V1), ("Res", 2, V2)])
    edited = {"type": "object", "properties": {"a": {"type": ["string", "null"]}}}
    new = folder(tmp_path / "new", [("Res", 1, edited), ("Res", 2, V2)])
    code, out, _ = diff(capsys, str(old), str(new), "--format", "json")
    assert code == 1
    found = {(f["rule"], f["schema"], f["level"]) for f in json.loads(out)["findings"]}
    assert found == {("nullability-added", "Res@1", "ERR")}


def test_a_removed_version_and_a_removed_contract(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A published version that disappears breaks its users, as a whole contract does; each is said once."""
    old = folder(tmp_path / "old", [("Res", 1, V1), ("Res", 2, V2), ("Gone", 1, V1)])
    new = folder(tmp_path / "new", [("Res", 2, V2)])
    code, out, _ = diff(capsys, str(old), str(new), "--format", "json")
    assert code == 1
    found = {(f["rule"], f["schema"]) for f in json.loads(out)["findings"]}
    assert found == {("contract-removed", "Res@1"), ("contract-removed", "Gone")}


# -- git refs and usage (run as a user does, in a subprocess) ------------------------------------------


def run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "schema_contracts", "diff", *args], capture_output=True, text=True, cwd=cwd
    )


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
    edit(schemas, RESULT_FILE, add_status)
    git(repo, "commit", "-qam", "v2")
    git(repo, "tag", "v2")
    edit(schemas, RESULT_FILE, drop_detail)
    completed = run("--against", "v1", "--against", "v2", "--format", "json", cwd=repo)
    found = {(f["against"], f["rule"]) for f in json.loads(completed.stdout)["findings"]}
    assert found == {("v1", "enum-value-added"), ("v1", "property-removed"), ("v2", "property-removed")}
    assert completed.returncode == 1


def test_against_a_ref_with_the_old_index_format(tmp_path: Path) -> None:
    """A ref written before contracts had versions still compares with a versioned working tree."""
    repo = tmp_path / "repo"
    repo.mkdir()
    git(repo, "init", "-q")
    shutil.rmtree(folder(repo / "schemas", [("Res", None, V1)]))
    folder(repo / "schemas", [("Res", None, V1)])
    git(repo, "add", ".")
    git(repo, "commit", "-qm", "unversioned")
    shutil.rmtree(repo / "schemas")
    folder(repo / "schemas", [("Res", 1, V1), ("Res", 2, V2)])
    completed = run("--against", "HEAD", "--format", "json", cwd=repo)
    assert completed.returncode == 0, completed.stderr
    found = {(f["rule"], f["schema"]) for f in json.loads(completed.stdout)["findings"]}
    assert found == {("property-added-optional", "Res"), ("version-added", "Res@2")}


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--against", "no-such-ref"], '"no-such-ref" is not a git commit'),
        (["only-one"], "give OLD and NEW"),
        (["a", "b", "--against", "HEAD"], "either OLD NEW or --against"),
        (["missing-old", "missing-new"], "no such file or folder"),
    ],
)
def test_usage_errors_exit_2(args: list[str], message: str) -> None:
    """Bad arguments and unreadable input exit 2 with a one-line message."""
    completed = run(*args, cwd=SCHEMA_DIR.parent)
    assert completed.returncode == 2
    assert completed.stderr.count("\n") == 1
    assert message in completed.stderr
