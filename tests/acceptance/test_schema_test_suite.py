"""`--schema-file` conformance: the official JSON-Schema-Test-Suite (draft 2020-12) through our whole pipeline.

The suite lies in ../shared/ beside the checkout (as in CI). Cases that need its remote documents
(served at localhost:1234 in the suite's own harness) must be refused, never fetched.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import orjson
import pytest
from helpers import ROOT

from schema_contracts.errors import RemoteReferenceError, SchemaFileError
from schema_contracts.validate import PayloadValidator, compile_schema

SUITE = ROOT.parent / "shared" / "json-schema-test-suite" / "tests" / "draft2020-12"
FILES = sorted(SUITE.glob("*.json"))

pytestmark = pytest.mark.skipif(not FILES, reason=f"the JSON-Schema-Test-Suite is not at {SUITE}")


def needs_remote(schema: Any) -> bool:
    """Whether a case names the suite's remote host (its harness serves documents at localhost:1234)."""
    return "localhost:1234" in json.dumps(schema)


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.stem)
def test_suite_file(path: Path) -> None:
    """Every case gets the suite's verdict; a case that needs a remote document is refused with a clear error."""
    wrong = []
    for case in json.loads(path.read_text(encoding="utf-8")):
        try:
            validator = PayloadValidator(compile_schema(case["schema"], "suite"))
        except (RemoteReferenceError, SchemaFileError) as error:
            # Refused: fine only for a case that points at the suite's remote documents, and said so.
            if not (needs_remote(case["schema"]) and "localhost:1234" in str(error)):
                wrong.append(f"{case['description']}: refused: {error}")
            continue
        for test in case["tests"]:
            verdict = validator.check_bytes(orjson.dumps(test["data"]), "suite").valid
            if verdict is not test["valid"]:
                wrong.append(f"{case['description']} / {test['description']}: got {verdict}")
    assert wrong == []
