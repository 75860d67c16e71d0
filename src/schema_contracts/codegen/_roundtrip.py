"""generated/ROUNDTRIP.md: what models → schema → generated code → schema loses, and what covers each loss.

Nothing here is written by hand: probe payloads (each breaking one rule of the contract) are run through
every flavour of generated code, and the generated models' own JSON Schema is compared with schemas/.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

from schema_contracts.artifacts import RenderedFile
from schema_contracts.codegen._python import (
    PYTHON_MODULE,
    TYPEDDICT_MODULE,
    combined_schema,
    contract_schemas,
    run_codegen,
)
from schema_contracts.codegen._typescript import node_script
from schema_contracts.errors import SchemaContractsError
from schema_contracts.validate import PayloadValidator, SchemaCatalog

__all__ = ["PROBES", "roundtrip_report"]

_OK = {"status": "success", "stdout": "", "stderr": "", "exit_code": 0}
# (what the probe breaks, contract, payload): every payload is invalid under schemas/.
PROBES: list[tuple[str, str, dict[str, Any]]] = [
    (
        "rule resource-limit-type (type without its status)",
        "CodeExecutionResult",
        {**_OK, "resource_limit_type": "time"},
    ),
    (
        "rule resource-limit-type (status without its type)",
        "CodeExecutionResult",
        {**_OK, "status": "resource_limit_exceeded"},
    ),
    ("rule unauthorized-access-type", "CodeExecutionResult", {**_OK, "status": "unauthorized_access"}),
    ("rule runtime-error-type", "CodeExecutionResult", {**_OK, "runtime_error_type": "signalled"}),
    ("base64 pattern (excess padding)", "CodeExecutionRequest", {"code_b64": "QUJD===="}),
    ("base64 pattern (trailing newline)", "CodeExecutionRequest", {"code_b64": "cGFzcw==\n"}),
    ("integer, not a numeric string", "CodeExecutionResult", {**_OK, "exit_code": "5"}),
    ("integer, not a boolean", "CodeExecutionResult", {**_OK, "exit_code": True}),
    ("integer within ±(2^53 - 1)", "CodeExecutionResult", {**_OK, "exit_code": 2**53}),
    ("number, not a numeric string", "CodeExecutionResult", {**_OK, "time_used_ms": "1.5"}),
    ("number ≥ 0", "CodeExecutionResult", {**_OK, "memory_used_kb": -1}),
    ("enum value", "CodeExecutionResult", {**_OK, "status": "SUCCESS"}),
    ("required field", "CodeExecutionResult", {"status": "success", "stdout": "", "stderr": ""}),
    ("`language` is not nullable", "CodeExecutionRequest", {"code_b64": "", "language": None}),
    ("`arguments` is an object", "CodeExecutionRequest", {"code_b64": "", "arguments": [1]}),
]

# Constraint keywords compared between schemas/ and the generated models' own schema.
_CONSTRAINTS = ("type", "enum", "const", "pattern", "minimum", "maximum", "required", "additionalProperties", "if")

_PROBE_SCRIPT = """
import json, sys
sys.path.insert(0, sys.argv[1])
import code_execution as hooked, code_execution_plain as plain, schema_hook
probes = json.loads(sys.stdin.read())
def accepts(check):
    try:
        check()
    except Exception:
        return False
    return True
verdicts = []
for contract, text in probes:
    verdicts.append({
        "plain": accepts(lambda: getattr(plain, contract).model_validate_json(text)),
        "hooked": accepts(lambda: getattr(hooked, contract).model_validate_json(text)),
        "typeddict": accepts(lambda: schema_hook.validate_payload(contract, json.loads(text))),
    })
names = {contract for contract, _ in probes}
regenerated = {name: getattr(plain, name).model_json_schema() for name in names}
print(json.dumps({"verdicts": verdicts, "regenerated": regenerated}))
"""


def _resolve(schema: dict[str, Any], node: dict[str, Any]) -> dict[str, Any]:
    ref = node.get("$ref", "")
    if ref.startswith("#/$defs/"):
        merged = {**schema["$defs"][ref.removeprefix("#/$defs/")], **{k: v for k, v in node.items() if k != "$ref"}}
        return _resolve(schema, merged)
    return node


def _keywords(schema: dict[str, Any], node: dict[str, Any]) -> set[str]:
    """Constraint keywords that apply to a value of ``node``, through `$ref`s and nullable `anyOf`s."""
    node = _resolve(schema, node)
    found = {keyword for keyword in _CONSTRAINTS if keyword in node}
    for branch in node.get("anyOf", []):
        found |= _keywords(schema, branch) - {"type"}
    return found


def _losses(original: dict[str, Any], regenerated: dict[str, Any]) -> list[str]:
    lost = []
    for keyword in _keywords(original, original) - _keywords(regenerated, regenerated) - {"type"}:
        lost.append(f"`{keyword}` on the object")
    if any("if" in rule for rule in original.get("allOf", [])) and not regenerated.get("allOf"):
        lost.append("`allOf` of `if`/`then` (the cross-field rules)")
    for name, prop in original.get("properties", {}).items():
        kept = _keywords(regenerated, regenerated.get("properties", {}).get(name, {}))
        for keyword in sorted(_keywords(original, prop) - kept):
            lost.append(f"`{keyword}` of `{name}`")
    return sorted(lost)


def _word(accepts: bool) -> str:
    return "**accepts**" if accepts else "rejects"


def roundtrip_report(catalog: SchemaCatalog, python: list[RenderedFile]) -> RenderedFile:
    """Run the probes through every flavour and write the report."""
    schemas = contract_schemas(catalog)
    probe_texts = [(contract, json.dumps(payload)) for _, contract, payload in PROBES]
    with tempfile.TemporaryDirectory() as folder:
        for rendered in python:
            (Path(folder) / Path(rendered.name).name).write_text(rendered.text, encoding="utf-8")
        schema_file = Path(folder) / "combined.schema.json"
        schema_file.write_text(json.dumps(combined_schema(schemas)), encoding="utf-8")
        run_codegen(
            schema_file, Path(folder) / "code_execution_plain.py", "--output-model-type", "pydantic_v2.BaseModel"
        )
        completed = subprocess.run(
            [sys.executable, "-c", _PROBE_SCRIPT, folder],
            input=json.dumps(probe_texts),
            capture_output=True,
            text=True,
            check=False,
        )
        if completed.returncode != 0:
            raise SchemaContractsError(f"the generated code failed its probes: {completed.stderr.strip()[-800:]}")
        outcome = json.loads(completed.stdout)
        ajv: dict[int, bool] = {}
        for contract in schemas:
            indices = [i for i, (name, _) in enumerate(probe_texts) if name == contract]
            jsonl = Path(folder) / f"{contract}.jsonl"
            jsonl.write_text("".join(probe_texts[i][1] + "\n" for i in indices), encoding="utf-8")
            schema_path = str(catalog.directory / catalog.entry(contract).file)
            lines = node_script("ajv-validate.mjs", schema_path, str(jsonl)).stdout.split()
            ajv.update({i: verdict == "1" for i, verdict in zip(indices, lines, strict=True)})

    validators = {name: PayloadValidator(catalog.load(name)) for name in schemas}
    rows = []
    for index, (label, contract, _) in enumerate(PROBES):
        contract_accepts = validators[contract].check_bytes(probe_texts[index][1].encode(), "probe").valid
        verdicts = outcome["verdicts"][index]
        cells = [contract_accepts, verdicts["plain"], verdicts["hooked"], verdicts["typeddict"], ajv[index]]
        rows.append(f"| {label} | `{contract}` | " + " | ".join(_word(cell) for cell in cells) + " |")

    losses = []
    for name, original in schemas.items():
        lost = _losses(original, outcome["regenerated"][name])
        losses.append(f"- `{name}`: " + ("; ".join(lost) if lost else "nothing"))

    text = _REPORT.format(
        rows="\n".join(rows), losses="\n".join(losses), python=PYTHON_MODULE, typeddict=TYPEDDICT_MODULE
    )
    return RenderedFile("ROUNDTRIP.md", text)


_REPORT = """# Round trip: models → schemas/ → generated code

Generated by `schema-contracts generate` from `schemas/`; do not edit. Every cell is measured: each probe
payload breaks one rule of the contract and is run through each flavour of the generated code.

## Who rejects what

| probe (the rule it breaks) | contract | `schemas/` | generated pydantic, types alone \
| generated pydantic (`python/{python}.py`, with the schema hook) | TypedDict + `validate_payload` \
| TypeScript types + ajv |
|---|---|---|---|---|---|---|
{rows}

"types alone" is what datamodel-code-generator's pydantic models enforce by themselves (pydantic's lax mode
and no cross-field rules): every **accepts** in that column is a loss of the round trip. The committed
models inherit `SchemaValidatedModel` from `python/schema_hook.py`, which validates the raw input against
the contract's JSON Schema first, so they never accept more than the contract. The TypedDicts
(`python/{typeddict}.py`) and the TypeScript types (`typescript/`) are types only, checked at compile time;
at run time they rely on `schema_hook.validate_payload` and on ajv with `schemas/` respectively.

## What the generated models' own JSON Schema lacks

Constraint keywords of `schemas/` missing from the JSON Schema that the generated pydantic models produce
(types alone), property by property:

{losses}

Also lost on the way, and covered as stated:

- **Enum member names.** JSON Schema carries only values; the generated enums name members by capitalising
  values (`PYTHON = "python"`), which matches the models today but is derived, not carried. TypeScript has
  string-literal unions and no names at all.
- **Cross-field rules and constraints in TypeScript.** Types cannot say "set if and only if", a regular
  expression or a range: ajv enforces them at run time, and the conformance test proves ajv agrees.
- **Annotations.** `examples`, `contentEncoding`, `$id` and the rules' titles are not in the generated code;
  descriptions survive as docstrings and comments.
"""
