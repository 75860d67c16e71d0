"""Limits and refusals: special files, bounded schema reads, depth, bytes-like inputs, huge integers, worker caps."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from schema_contracts.cli import main
from schema_contracts.errors import (
    InputError,
    SchemaFileError,
    SchemaTooDeepError,
    SchemaTooLargeError,
    SpecialFileError,
)
from schema_contracts.validate import (
    PayloadValidator,
    SchemaCatalog,
    UnreadableInput,
    collect_inputs,
    compile_schema,
    load_schema_file,
    validate_inputs,
)
from schema_contracts.validate._parallel import BATCH_FILES, _tasks, usable_workers

VALID = b'{"status":"success","stdout":"","stderr":"","exit_code":0}'


@pytest.fixture(scope="module")
def validator() -> PayloadValidator:
    return PayloadValidator(SchemaCatalog().load("CodeExecutionResult"))


def _messages(folder: Path, jobs: int = 1) -> dict[str, str]:
    schema = SchemaCatalog().load("CodeExecutionResult")
    results = validate_inputs(schema, collect_inputs([str(folder)]), jobs=jobs)
    return {Path(r.source).name: (r.errors[0].message if r.errors else "valid") for r in results}


@pytest.mark.parametrize("jobs", [1, 2])
def test_special_files_in_a_folder_are_refused_not_read(tmp_path: Path, jobs: int) -> None:
    """A FIFO (would hang) and a symlink to /dev/zero (endless) in a folder are read errors; the rest is checked."""
    (tmp_path / "good.json").write_bytes(VALID)
    os.mkfifo(tmp_path / "pipe.json")
    (tmp_path / "zero.json").symlink_to("/dev/zero")
    messages = _messages(tmp_path, jobs)
    assert messages == {
        "good.json": "valid",
        "pipe.json": "cannot read: it is a FIFO (named pipe), not a regular file",
        "zero.json": "cannot read: it is a character device, not a regular file",
    }


def test_a_fifo_as_schema_file_is_refused(tmp_path: Path) -> None:
    """A FIFO given as --schema-file is refused at once, never waited on."""
    os.mkfifo(tmp_path / "schema.json")
    with pytest.raises(SpecialFileError, match="it is a FIFO"):
        load_schema_file(tmp_path / "schema.json")


def test_a_ref_to_a_device_is_refused(tmp_path: Path) -> None:
    """`{"$ref": "file:///dev/zero"}` is a schema error naming the device, not an endless read."""
    schema = tmp_path / "schema.json"
    schema.write_text('{"$ref": "file:///dev/zero"}')
    with pytest.raises(SchemaFileError, match="/dev/zero is not read: it is a character device"):
        load_schema_file(schema)


def test_a_schema_file_over_the_size_limit_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A schema file larger than MAX_SCHEMA_BYTES is refused, saying the limit."""
    monkeypatch.setattr("schema_contracts.schemanav.MAX_SCHEMA_BYTES", 10)
    schema = tmp_path / "schema.json"
    schema.write_text('{"type": "object"}')
    with pytest.raises(SchemaTooLargeError, match="larger than the limit of 10 bytes"):
        load_schema_file(schema)


def test_a_deep_schema_file_is_too_deep_and_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A --schema-file nested 500 levels is "too deep", exit 2, one line; compiled from data it raises the same."""
    deep = '{"items": ' * 500 + "{}" + "}" * 500
    schema = tmp_path / "deep.json"
    schema.write_text(deep)
    assert main(["validate", "--schema-file", str(schema), "-"]) == 2
    assert capsys.readouterr().err == (
        f"schema-contracts validate: error: schema file {schema} is too deep: nested more than 128 levels\n"
    )
    document: dict[str, object] = {}
    for _ in range(500):
        document = {"items": document}
    with pytest.raises(SchemaTooDeepError):
        compile_schema(document, "deep")


def test_a_path_behind_an_unsearchable_folder_is_permission_denied(monkeypatch: pytest.MonkeyPatch) -> None:
    """A file named inside a folder we may not search says "permission denied", not "no such file"."""

    def refuse(path: str) -> os.stat_result:
        raise PermissionError(13, "Permission denied", path)

    monkeypatch.setattr("schema_contracts.validate._sources.os.lstat", refuse)
    with pytest.raises(InputError, match=r"^permission denied .*: locked/a\.json$"):
        collect_inputs(["locked/a.json"])


@pytest.mark.skipif(os.geteuid() == 0, reason="root may search any folder")
def test_a_real_unsearchable_folder_is_permission_denied(tmp_path: Path) -> None:
    """The same with a real folder of mode 000."""
    locked = tmp_path / "locked"
    locked.mkdir()
    (locked / "a.json").write_bytes(VALID)
    locked.chmod(0)
    try:
        with pytest.raises(InputError, match="permission denied"):
            collect_inputs([str(locked / "a.json")])
    finally:
        locked.chmod(0o755)


@pytest.mark.parametrize("kind", [bytes, bytearray, memoryview, type("Raw", (bytes,), {})])
def test_check_bytes_takes_any_bytes_like(validator: PayloadValidator, kind: type) -> None:
    """bytes, bytearray, memoryview and a bytes subclass give the same verdict."""
    assert validator.check_bytes(kind(VALID), "x").valid
    assert not validator.check_bytes(kind(VALID.replace(b"success", b"ok")), "x").valid


@pytest.mark.parametrize(("value", "hint"), [(VALID.decode(), "encode text as UTF-8 first"), (42, "not int")])
def test_check_bytes_rejects_anything_else(validator: PayloadValidator, value: object, hint: str) -> None:
    """A str (or anything not bytes-like) is a clear TypeError, not a wrong verdict."""
    with pytest.raises(TypeError, match=hint):
        validator.check_bytes(value, "x")  # type: ignore[arg-type]


def test_issues_for_refuses_an_integer_it_cannot_judge(validator: PayloadValidator) -> None:
    """A 5,000-digit integer is a ValueError, never "valid"."""
    payload = {"status": "success", "stdout": "", "stderr": "", "exit_code": 10**5000}
    with pytest.raises(ValueError, match="too large to validate"):
        validator.issues_for(payload)


def test_workers_are_capped_at_cpus_and_tasks() -> None:
    """--jobs asks for at most: never more workers than CPUs or tasks, never fewer than one."""
    cpus = len(os.sched_getaffinity(0))
    assert usable_workers(10**20, 15) == min(cpus, 15)
    assert usable_workers(1000, 1) == 1
    assert usable_workers(2, 0) == 1


def test_small_files_travel_in_batches_in_input_order(tmp_path: Path) -> None:
    """Many small files become a few tasks; an unreadable input keeps its place between them."""
    for index in range(BATCH_FILES + 10):
        (tmp_path / f"{index:04}.json").write_bytes(VALID)
    items = [*collect_inputs([str(tmp_path)]), UnreadableInput("gone.json", "No such file")]
    tasks = _tasks(items, chunk_bytes=1 << 20)
    assert [len(t) if isinstance(t, list) else t.path for t in tasks] == [BATCH_FILES, 10, "gone.json"]
