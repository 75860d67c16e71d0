"""Every validator, in Python and in JavaScript, gives the same verdict on one corpus of payloads."""

from __future__ import annotations

import importlib
import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import jsonschema_rs
import orjson
import pytest
from helpers import (
    MODELS,
    ROOT,
    SCHEMA_DIR,
    committed_schema,
    compiled_contract,
    payload_fixtures,
    reference_validator,
    sample,
    strict_json_loads,
)
from pydantic import ValidationError

from schema_contracts.codegen._python import module_name
from schema_contracts.testing import near_miss_payloads, valid_payloads
from schema_contracts.validate import SchemaCatalog

GENERATED_PYTHON = ROOT / "generated" / "python"
Verdict = Callable[[str, str], bool]


@pytest.fixture(scope="module")
def corpus() -> list[tuple[str, str]]:
    """(Name@N, JSON text): every payload fixture, plus valid and near-miss samples of each contract version."""
    items = [(f.contract, f.text().strip()) for f in payload_fixtures()]
    for contract in MODELS:
        items += [(contract, json.dumps(p, ensure_ascii=False)) for p in sample(valid_payloads(contract))]
        items += [(contract, json.dumps(n.payload, ensure_ascii=False)) for n in sample(near_miss_payloads(contract))]
    return items


def _accepts(check: Callable[[], object]) -> bool:
    """Whether ``check`` returns true, or returns at all; a parse or validation error means rejected."""
    try:
        result = check()
    except (ValidationError, ValueError):
        return False
    return result is not False


def python_validators() -> dict[str, Verdict]:
    sys.path.insert(0, str(GENERATED_PYTHON))
    import schema_hook

    generated = {
        entry.qualified_name: getattr(importlib.import_module(module_name(entry)), entry.name)
        for entry in SchemaCatalog(SCHEMA_DIR).entries
    }
    raw_rust = {name: jsonschema_rs.validator_for(committed_schema(name)) for name in MODELS}
    return {
        "pydantic models": lambda c, t: _accepts(lambda: MODELS[c].model_validate_json(t)),
        "python-jsonschema": lambda c, t: _accepts(lambda: reference_validator(c).is_valid(strict_json_loads(t))),
        "jsonschema-rs": lambda c, t: _accepts(lambda: raw_rust[c].is_valid(orjson.loads(t))),
        "schema-contracts validate": lambda c, t: compiled_contract(c).check_bytes(t.encode(), "corpus").valid,
        "generated pydantic + hook": lambda c, t: _accepts(lambda: generated[c].model_validate_json(t)),
        "generated TypedDict + validate_payload": lambda c, t: _accepts(
            lambda: schema_hook.validate_payload(c, strict_json_loads(t))
        ),
    }


def ajv_verdicts(corpus: list[tuple[str, str]], folder: Path) -> list[bool]:
    """Ajv2020 in Node.js, strict mode, with ajv-formats, on the schemas exactly as committed."""
    verdicts: dict[int, bool] = {}
    for contract in MODELS:
        indices = [i for i, (name, _) in enumerate(corpus) if name == contract]
        data = folder / f"{contract}.jsonl"
        data.write_text("".join(corpus[i][1] + "\n" for i in indices), encoding="utf-8")
        schema = SCHEMA_DIR / SchemaCatalog(SCHEMA_DIR).entry(contract).file
        output = subprocess.run(
            ["node", str(ROOT / "js" / "ajv-validate.mjs"), str(schema), str(data)],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.split()
        assert len(output) == len(indices)
        verdicts.update({i: verdict == "1" for i, verdict in zip(indices, output, strict=True)})
    return [verdicts[i] for i in range(len(corpus))]


def test_every_validator_agrees_on_every_payload(corpus: list[tuple[str, str]], tmp_path: Path) -> None:
    """On the whole corpus, every validator gives the verdict the pydantic models give; else a matrix says who."""
    table = {name: [check(c, t) for c, t in corpus] for name, check in python_validators().items()}
    table["ajv (Node.js, strict)"] = ajv_verdicts(corpus, tmp_path)
    truth = table["pydantic models"]
    assert True in truth, "the corpus must hold valid payloads"
    assert False in truth, "the corpus must hold invalid payloads"
    disagreements = {name: [i for i, v in enumerate(verdicts) if v != truth[i]] for name, verdicts in table.items()}
    if any(disagreements.values()):
        lines = [f"{'validator':40} agrees  disagrees on (corpus index: payload)"]
        for name, indices in disagreements.items():
            shown = "; ".join(f"{i}: {corpus[i][1][:80]}" for i in indices[:3])
            lines.append(f"{name:40} {len(corpus) - len(indices):6}  {shown}")
        pytest.fail("validators disagree:\n" + "\n".join(lines))
    assert len(corpus) > 1200
