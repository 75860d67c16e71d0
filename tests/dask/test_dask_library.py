"""The library entry points: a Dask bag of lines, the partition function, and the README's examples (Dask, Spark)."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import dask.bag
import pytest
from dask_support import ENUM, VALID
from distributed import Client
from helpers import ROOT

from schema_contracts.dask import SchemaSource, check_partition, validate_bag

pytestmark = pytest.mark.dask

SCHEMA = SchemaSource.contract("CodeExecutionResult")
EXAMPLES = dict(
    re.findall(r"<!-- dask-example: (\w+) -->\n```python\n(.*?)```", (ROOT / "README.md").read_text(), re.DOTALL)
)


def test_check_partition_takes_text_or_bytes_and_numbers_lines_from_first_line() -> None:
    """Lines with or without newlines, as str or bytes, blank ones skipped; numbers start at first_line."""
    lines: list[str | bytes] = [VALID.decode() + "\n", ENUM, "", ENUM.decode()]
    results = check_partition(lines, SCHEMA, source="part-7", first_line=101, include_valid=True)
    assert [(result.source, result.line, result.valid) for result in results] == [
        ("part-7", 101, True),
        ("part-7", 102, False),
        ("part-7", 104, False),
    ]
    assert results[1].errors[0].pointer == "/status"


def test_the_schema_travels_as_its_document_and_compiles_once_per_process() -> None:
    """A SchemaSource pickles to its document; the validator is compiled on first use and then reused."""
    import pickle

    copy = pickle.loads(pickle.dumps(SCHEMA))
    assert copy == SCHEMA
    assert copy.validator() is SCHEMA.validator()
    assert len(pickle.dumps(SCHEMA)) < len(SCHEMA.document) + 1000


def test_validate_bag_on_the_cluster_reports_partition_and_place(tmp_path: Path, client: Client) -> None:
    """A bag read from files and checked on the workers gives each invalid payload with its partition and line."""
    for name in ("a", "b"):
        (tmp_path / f"{name}.jsonl").write_bytes(b"\n".join([VALID, VALID, ENUM, VALID]) + b"\n")
    lines = dask.bag.read_text(str(tmp_path / "*.jsonl"))
    results = validate_bag(lines, SCHEMA, source="archive").compute(scheduler=client)
    assert [(result.source, result.line, result.errors[0].keyword) for result in results] == [
        ("archive[0]", 3, "enum"),
        ("archive[1]", 3, "enum"),
    ]


def run_example(name: str, **environment: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-"],
        input=EXAMPLES[name],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={**os.environ, **environment},
    )


def test_readme_bag_example_runs() -> None:
    """The README's Dask bag example runs as written and its assertions hold."""
    completed = run_example("bag")
    assert completed.returncode == 0, completed.stderr


@pytest.mark.skipif(shutil.which("java") is None, reason="Spark needs Java (17 or later)")
def test_readme_spark_recipe_runs() -> None:
    """The README's Spark recipe runs as written, on pyspark in local mode, and its assertions hold."""
    completed = run_example("spark", PYSPARK_PYTHON=sys.executable)
    assert completed.returncode == 0, completed.stderr[-3000:]
