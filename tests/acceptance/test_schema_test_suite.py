"""`--schema-file` conformance: the official JSON-Schema-Test-Suite (draft 2020-12) through our whole pipeline.

The suite lies in ../shared/ beside the checkout (as in CI). Cases that need its remote documents
(served at localhost:1234 in the suite's own harness) must be refused, never fetched. One test per case.
"""

from __future__ import annotations

import json
import os
from typing import Any

import orjson
import pytest
from helpers import ROOT

from schema_contracts.errors import RemoteReferenceError, SchemaFileError
from schema_contracts.validate import PayloadValidator, compile_schema

SUITE = ROOT.parent / "shared" / "json-schema-test-suite" / "tests" / "draft2020-12"
FILES = sorted(SUITE.glob("*.json"))

if not FILES and os.environ.get("CI"):
    # In CI the suite is always laid beside the checkout: its absence is a broken setup, not a reason to skip.
    raise RuntimeError(f"the JSON-Schema-Test-Suite is missing at {SUITE}")


def suite_cases() -> list[Any]:
    """One parameter per case of every suite file, named after the file and the case's description."""
    cases = []
    for path in FILES:
        for number, case in enumerate(json.loads(path.read_text(encoding="utf-8")), start=1):
            cases.append(pytest.param(case, id=f"{path.stem}/{number}: {case['description']}"))
    if not cases:
        reason = (
            f"the JSON-Schema-Test-Suite is not at {SUITE}: clone "
            "json-schema-org/JSON-Schema-Test-Suite as shared/json-schema-test-suite beside the checkout"
        )
        cases.append(pytest.param(None, marks=pytest.mark.skip(reason=reason), id="suite-missing"))
    return cases


def needs_remote(schema: Any) -> bool:
    """Whether a case names the suite's remote host (its harness serves documents at localhost:1234)."""
    return "localhost:1234" in json.dumps(schema)


@pytest.mark.parametrize("case", suite_cases())
def test_suite_case(case: dict[str, Any]) -> None:
    """A case gets the suite's verdict on each of its instances, or, when it needs a remote document, is refused."""
    refusal: SchemaFileError | None = None
    try:
        validator = PayloadValidator(compile_schema(case["schema"], "suite"))
    except (RemoteReferenceError, SchemaFileError) as error:
        refusal = error
    if refusal is not None:
        # Refused, never fetched: fine only for a case that points at the suite's remote documents, and said so.
        assert needs_remote(case["schema"]), f"refused: {refusal}"
        assert "localhost:1234" in str(refusal)
        return
    wrong = []
    for test in case["tests"]:
        verdict = validator.check_bytes(orjson.dumps(test["data"]), "suite").valid
        if verdict is not test["valid"]:
            wrong.append(f"{test['description']}: got {verdict}")
    assert wrong == []
