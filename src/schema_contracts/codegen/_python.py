"""Typed Python from the schema files: pydantic v2 models and TypedDicts (datamodel-code-generator), plus a hook.

One module per contract version (``code_execution_result_v2.py``), pydantic and TypedDict flavours, and
``code_execution.py`` / ``code_execution_typeddict.py`` re-exporting the latest version of every contract.
The generator's options are pinned in `[tool.datamodel-codegen]` of pyproject.toml; this module adds only what
differs per flavour (the output model type and, for pydantic, the base class carrying the schema hook).
"""

from __future__ import annotations

import ast
import importlib.resources
import json
import re
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

from schema_contracts.artifacts import RenderedFile
from schema_contracts.errors import GenerationError, ToolError
from schema_contracts.locations import checkout_dir
from schema_contracts.schemanav import read_json_file
from schema_contracts.validate import ContractEntry, SchemaCatalog

__all__ = [
    "HOOK_MODULE",
    "PYTHON_MODULE",
    "TYPEDDICT_MODULE",
    "contract_schemas",
    "module_name",
    "python_files",
    "read_template",
    "run_codegen",
]

PYTHON_MODULE = "code_execution"  # re-exports the latest version of every contract
TYPEDDICT_MODULE = "code_execution_typeddict"
HOOK_MODULE = "schema_hook"
_TEMPLATES = "_templates"


def read_template(name: str) -> str:
    """A template of the generated files (`_templates/`: real files that ruff and mypy check)."""
    return (importlib.resources.files("schema_contracts.codegen") / _TEMPLATES / name).read_text(encoding="utf-8")


def module_name(entry: ContractEntry, flavour: str = "") -> str:
    """The generated module of one contract version: ``code_execution_result_v2`` (``..._v2_typeddict``)."""
    snake = re.sub(r"(?<!^)(?=[A-Z])", "_", entry.name).lower()
    return f"{snake}_v{entry.version}" + (f"_{flavour}" if flavour else "")


def contract_schemas(catalog: SchemaCatalog) -> dict[str, dict[str, Any]]:
    """Each contract version's schema document, by ``Name@N``, in index order."""
    return {
        entry.qualified_name: read_json_file(catalog.directory / entry.file, "schema file") for entry in catalog.entries
    }


def _formatted(source: str, name: str) -> str:
    """``source`` fixed and formatted by ruff with the project's configuration, as if it lived at ``name``."""
    for command in (["check", "--fix-only", "--quiet", "--exit-zero"], ["format", "--quiet"]):
        completed = subprocess.run(
            [sys.executable, "-m", "ruff", *command, "--stdin-filename", name, "-"],
            input=source,
            cwd=checkout_dir(),  # the project's ruff settings, wherever the command runs
            capture_output=True,
            text=True,
            check=False,
        )
        if completed.returncode != 0:
            raise ToolError(f"ruff could not format the generated {name}: {completed.stderr.strip()}")
        source = completed.stdout
    return source


def run_codegen(schema_file: Path, output: Path, *extra: str) -> str:
    """Run datamodel-code-generator (options from `[tool.datamodel-codegen]`) and return the module it wrote."""
    command = [sys.executable, "-m", "datamodel_code_generator", "--input", str(schema_file), "--output", str(output)]
    try:
        # The generator's options are read from the checkout's pyproject.toml, wherever the command runs.
        completed = subprocess.run([*command, *extra], cwd=checkout_dir(), capture_output=True, text=True, check=False)
    except OSError as error:
        raise ToolError(f"cannot run datamodel-code-generator: {error}") from error
    if completed.returncode != 0:
        detail = (completed.stderr or completed.stdout).strip().splitlines()
        raise ToolError(
            "datamodel-code-generator failed (is the dev extra installed?): " + (detail[-1] if detail else "")
        )
    return output.read_text(encoding="utf-8")


def write_codegen_input(folder: Path, entry: ContractEntry, schema: dict[str, Any]) -> Path:
    """The schema of one version as datamodel-codegen's input, named as in schemas/ (it goes into the header)."""
    path = folder / entry.file
    path.write_text(json.dumps({k: v for k, v in schema.items() if k != "$id"}, indent=2), encoding="utf-8")
    return path


_HOOK_DATA_LINE = '_CONTRACTS = "{}"\n'


def _hook_module(catalog: SchemaCatalog, schemas: dict[str, dict[str, Any]]) -> str:
    data = {
        "schemas": schemas,
        "latest": {entry.name: entry.qualified_name for entry in catalog.entries if entry.latest},
        "modules": {module_name(entry): entry.qualified_name for entry in catalog.entries},
    }
    compact = json.dumps(data, separators=(",", ":"), ensure_ascii=False, sort_keys=True)
    template = read_template("schema_hook.py")
    if template.count(_HOOK_DATA_LINE) != 1:
        raise GenerationError(f"the schema hook template lacks its data line {_HOOK_DATA_LINE.strip()!r}")
    return template.replace(_HOOK_DATA_LINE, f"_CONTRACTS = {compact!r}\n")


def _top_level_names(source: str) -> list[str]:
    """The public classes and type aliases a generated module defines."""
    names = []
    for node in ast.parse(source).body:
        if isinstance(node, ast.ClassDef):
            names.append(node.name)
        elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
            names.append(node.target.id)
        elif isinstance(node, ast.Assign):
            names += [target.id for target in node.targets if isinstance(target, ast.Name)]
    return [name for name in names if not name.startswith("_")]


def _latest_module(title: str, modules: dict[str, str]) -> str:
    """A module re-exporting every name of the given modules (module -> source), which must not clash."""
    lines = [f'"""Generated by `schema-contracts generate`; do not edit.\n\n{title}\n"""\n']
    exported: dict[str, str] = {}
    for module, source in modules.items():
        names = _top_level_names(source)
        for name in names:
            if exported.setdefault(name, module) != module:
                raise GenerationError(f"{module} and {exported[name]} both define {name}")
        lines.append(f"from {module} import {', '.join(names)}")
    lines.append(f"\n__all__ = {sorted(exported)!r}")
    return "\n".join(lines) + "\n"


def python_files(catalog: SchemaCatalog) -> list[RenderedFile]:
    """The generated Python modules: per contract version pydantic models and TypedDicts, the latest, the hook."""
    schemas = contract_schemas(catalog)
    modules: dict[str, str] = {}
    with tempfile.TemporaryDirectory() as folder:
        for entry in catalog.entries:
            schema_file = write_codegen_input(Path(folder), entry, schemas[entry.qualified_name])
            modules[module_name(entry)] = run_codegen(
                schema_file,
                Path(folder) / f"{module_name(entry)}.py",
                "--output-model-type",
                "pydantic_v2.BaseModel",
                "--base-class",
                f"{HOOK_MODULE}.SchemaValidatedModel",
            )
            typeddict = module_name(entry, "typeddict")
            modules[typeddict] = run_codegen(
                schema_file, Path(folder) / f"{typeddict}.py", "--output-model-type", "typing.TypedDict"
            )
    latest = [entry for entry in catalog.entries if entry.latest]
    described = ", ".join(f"{entry.qualified_name} (`{module_name(entry)}`)" for entry in latest)
    title = f"The latest version of every contract: {described}."
    modules[PYTHON_MODULE] = _latest_module(title, {module_name(e): modules[module_name(e)] for e in latest})
    modules[TYPEDDICT_MODULE] = _latest_module(
        title.replace("`)", "_typeddict`)"),
        {module_name(e, "typeddict"): modules[module_name(e, "typeddict")] for e in latest},
    )
    modules[HOOK_MODULE] = _hook_module(catalog, schemas)
    return [
        RenderedFile(f"python/{name}.py", _formatted(source, f"generated/python/{name}.py"))
        for name, source in modules.items()
    ]
