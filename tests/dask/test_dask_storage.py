"""Inputs in object storage: s3:// URLs read through s3fs from an S3-compatible server on loopback."""

from __future__ import annotations

from pathlib import Path

import pytest
import s3fs
from dask_support import S3, VALID
from distributed import Client

from schema_contracts.dask import validate_on_cluster
from schema_contracts.errors import InputError
from schema_contracts.validate import RunStats, SchemaCatalog, collect_inputs, validate_inputs

pytestmark = pytest.mark.dask

SCHEMA = SchemaCatalog().load("CodeExecutionResult")


def upload(folder: Path, prefix: str) -> s3fs.S3FileSystem:
    """Copy the archive's payload files to ``prefix`` in the bucket, under the same relative names."""
    fs = s3fs.S3FileSystem()
    for path in sorted(folder.rglob("*")):
        if path.is_file():
            fs.pipe(f"{prefix}/{path.relative_to(folder).as_posix()}", path.read_bytes())
    return fs


def local_results(paths: list[str], source: str, target: str) -> tuple[list[dict[str, object]], RunStats]:
    stats = RunStats()
    results = []
    for result in validate_inputs(SCHEMA, collect_inputs(paths), stats=stats):
        record = result.as_dict()
        record["source"] = str(record["source"]).replace(source, target)
        results.append(record)
    return results, stats


def test_an_s3_prefix_gives_what_the_same_files_give_locally(archive: Path, s3: S3, client: Client) -> None:
    """A bucket prefix is read object by object in name order, large objects in ranges, every line where it is."""
    upload(archive, f"{s3.bucket}/copy")
    stats = RunStats()
    results = [
        result.as_dict()
        for result in validate_on_cluster(client, SCHEMA, [f"s3://{s3.bucket}/copy/"], stats=stats, chunk_bytes=1 << 20)
    ]
    expected, expected_stats = local_results([str(archive)], str(archive), f"s3://{s3.bucket}/copy")
    assert results == expected
    assert stats == expected_stats
    assert stats.payloads > 50_000


def test_a_glob_over_s3_keys_selects_the_matching_objects(archive: Path, s3: S3, client: Client) -> None:
    """`s3://bucket/*/host-*` expands to the matching keys, sorted, each validated as a local run would."""
    upload(archive, f"{s3.bucket}/glob")
    url = f"s3://{s3.bucket}/glob/*/host-*"
    results = [result.as_dict() for result in validate_on_cluster(client, SCHEMA, [url], include_valid=False)]
    day = archive / "2026-11-30"
    expected, _ = local_results([str(day / "host-a.jsonl"), str(day / "host-b.ndjson")], str(archive), "")
    assert results == [
        {**record, "source": f"s3://{s3.bucket}/glob{record['source']}"} for record in expected if not record["valid"]
    ]


def test_an_archived_object_is_a_read_error_and_the_run_goes_on(s3: S3, client: Client) -> None:
    """An object in cold storage (GET refused) gives one `read` error for it; the objects around it are checked."""
    fs = s3fs.S3FileSystem()
    fs.pipe(f"{s3.bucket}/cold/a.jsonl", VALID + b"\n" + VALID + b"\n")
    fs.pipe_file(f"{s3.bucket}/cold/b.jsonl", VALID * 1000, StorageClass="GLACIER")
    fs.pipe(f"{s3.bucket}/cold/c.jsonl", b"{}\n")
    stats = RunStats()
    results = list(validate_on_cluster(client, SCHEMA, [f"s3://{s3.bucket}/cold/"], stats=stats, chunk_bytes=4096))
    assert [(result.source, result.line, result.valid) for result in results] == [
        (f"s3://{s3.bucket}/cold/a.jsonl", 1, True),
        (f"s3://{s3.bucket}/cold/a.jsonl", 2, True),
        (f"s3://{s3.bucket}/cold/b.jsonl", 1, False),
        (f"s3://{s3.bucket}/cold/c.jsonl", 1, False),
    ]
    assert results[2].errors[0].keyword == "read"
    assert results[2].errors[0].message == "cannot read: The operation is not valid for the object's storage class"
    assert stats == RunStats(payloads=4, invalid=2)


def test_a_missing_s3_object_is_a_usage_error(s3: S3) -> None:
    """A URL that names no object fails before any work, as a missing local path does."""
    with pytest.raises(InputError, match=f"no such file or folder: s3://{s3.bucket}/nothing-here.jsonl"):
        next(validate_on_cluster("tcp://127.0.0.1:9", SCHEMA, [f"s3://{s3.bucket}/nothing-here.jsonl"]))
