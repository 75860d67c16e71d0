"""generated/ROUNDTRIP.md: what models → schema → generated code → schema loses, and what covers each loss.

Nothing here is written by hand: probe payloads (each breaking one rule of the contract) are run through
every flavour of generated code, and the generated models' own JSON Schema is compared with schemas/.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from schema_contracts.artifacts import RenderedFile
from schema_contracts.codegen._python import (
    PYTHON_MODULE,
    TYPEDDICT_MODULE,
    contract_schemas,
    module_name,
    read_template,
    run_codegen,
    write_codegen_input,
)
from schema_contracts.codegen._typescript import node_script
from schema_contracts.errors import GenerationError
from schema_contracts.locations import split_qualified_name
from schema_contracts.schemanav import resolve_local_ref
from schema_contracts.validate import ContractEntry, PayloadValidator, SchemaCatalog

__all__ = ["PROBES", "probe_cases", "roundtrip_report"]

_OK = {"status": "success", "stdout": "", "stderr": "", "exit_code": 0}
_CSV = {"name": "table.csv", "mime_type": "text/csv", "size": 12, "content_b64": "YSxiCjEsMgozLDQK"}
# (what the probe breaks, contract, payload): every payload is invalid under schemas/. A bare contract name
# probes every version of the contract; `Name@N` probes version N and the later ones.
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
    (
        "artifact base64 pattern (excess padding)",
        "CodeExecutionResult@2",
        {**_OK, "artifacts": [{**_CSV, "content_b64": "YSxiCjEsMgozLDQK="}]},
    ),
    ("artifact size ≥ 0", "CodeExecutionResult@2", {**_OK, "artifacts": [{**_CSV, "size": -1}]}),
    ("artifact size, not a numeric string", "CodeExecutionResult@2", {**_OK, "artifacts": [{**_CSV, "size": "12"}]}),
    ("`artifacts` is not nullable", "CodeExecutionResult@2", {**_OK, "artifacts": None}),
    ("`result` is an object or null", "CodeExecutionResult@3", {**_OK, "result": 3.5}),
    ("`result.present` is a boolean, not a string", "CodeExecutionResult@3", {**_OK, "result": {"present": "true"}}),
    ("`result.present` is a boolean, not 1", "CodeExecutionResult@3", {**_OK, "result": {"present": 1}}),
]


def probe_cases(entries: Iterable[ContractEntry]) -> list[tuple[str, str, dict[str, Any]]]:
    """(label, ``Name@N``, payload): each probe with every contract version of ``entries`` it applies to."""
    cases = []
    for label, contract, payload in PROBES:
        name, since = split_qualified_name(contract)
        for entry in entries:
            if entry.name == name and entry.version >= (since or 1):
                cases.append((label, entry.qualified_name, payload))
    return cases


# Constraint keywords compared between schemas/ and the generated models' own schema.
_CONSTRAINTS = ("type", "enum", "const", "pattern", "minimum", "maximum", "required", "additionalProperties", "if")


def _keywords(schema: dict[str, Any], node: dict[str, Any]) -> set[str]:
    """Constraint keywords that apply to a value of ``node``, through `$ref`s and nullable `anyOf`s."""
    node = resolve_local_ref(schema, node)
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


def _run_probes(
    catalog: SchemaCatalog, python: list[RenderedFile], cases: list[tuple[str, str, dict[str, Any]]]
) -> tuple[dict[str, Any], dict[int, bool]]:
    """The generated Python's verdicts and own schemas (by the probe script), and ajv's verdicts, per case."""
    schemas = contract_schemas(catalog)
    entries = {entry.qualified_name: entry for entry in catalog.entries}
    texts = [(contract, json.dumps(payload)) for _, contract, payload in cases]
    with tempfile.TemporaryDirectory() as folder:
        for rendered in python:
            (Path(folder) / Path(rendered.name).name).write_text(rendered.text, encoding="utf-8")
        for entry in catalog.entries:
            schema_file = write_codegen_input(Path(folder), entry, schemas[entry.qualified_name])
            plain = module_name(entry, "plain")
            run_codegen(schema_file, Path(folder) / f"{plain}.py", "--output-model-type", "pydantic_v2.BaseModel")
        probes = [[c, module_name(entries[c]), module_name(entries[c], "plain"), text] for c, text in texts]
        completed = subprocess.run(
            [sys.executable, "-c", read_template("probe.py"), folder],
            input=json.dumps(probes),
            capture_output=True,
            text=True,
            check=False,
        )
        if completed.returncode != 0:
            raise GenerationError(f"the generated code failed its probes: {completed.stderr.strip()[-800:]}")
        outcome: dict[str, Any] = json.loads(completed.stdout)
        ajv: dict[int, bool] = {}
        for contract, entry in entries.items():
            indices = [i for i, (name, _) in enumerate(texts) if name == contract]
            if not indices:
                continue
            jsonl = Path(folder) / f"{contract}.jsonl"
            jsonl.write_text("".join(texts[i][1] + "\n" for i in indices), encoding="utf-8")
            lines = node_script("ajv-validate.mjs", str(catalog.directory / entry.file), str(jsonl)).stdout.split()
            ajv.update({i: verdict == "1" for i, verdict in zip(indices, lines, strict=True)})
    return outcome, ajv


def roundtrip_report(catalog: SchemaCatalog, python: list[RenderedFile]) -> RenderedFile:
    """Run the probes through every flavour, for every contract version, and write the report."""
    cases = probe_cases(catalog.entries)
    outcome, ajv = _run_probes(catalog, python, cases)
    validators = {
        entry.qualified_name: PayloadValidator(catalog.load(entry.qualified_name)) for entry in catalog.entries
    }
    rows = []
    for index, (label, contract, payload) in enumerate(cases):
        contract_accepts = validators[contract].check_bytes(json.dumps(payload).encode(), "probe").valid
        verdicts = outcome["verdicts"][index]
        cells = [contract_accepts, verdicts["plain"], verdicts["hooked"], verdicts["typeddict"], ajv[index]]
        rows.append(f"| {label} | `{contract}` | " + " | ".join(_word(cell) for cell in cells) + " |")

    losses = []
    schemas = contract_schemas(catalog)
    for name, original in schemas.items():
        lost = _losses(original, outcome["regenerated"][name])
        losses.append(f"- `{name}`: " + ("; ".join(lost) if lost else "nothing"))

    modules = "\n".join(
        f"| `{e.qualified_name}` | `python/{module_name(e)}.py` | `python/{module_name(e, 'typeddict')}.py` "
        f"| `typescript/{e.name}V{e.version}.ts` |"
        for e in catalog.entries
    )
    text = read_template("ROUNDTRIP.md").format(
        rows="\n".join(rows),
        losses="\n".join(losses),
        modules=modules,
        python=PYTHON_MODULE,
        typeddict=TYPEDDICT_MODULE,
    )
    return RenderedFile("ROUNDTRIP.md", text)
