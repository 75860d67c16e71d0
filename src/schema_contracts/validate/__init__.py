"""Validate payloads against contract schema files: never the models, never the network.

Load a schema once (``SchemaCatalog().load(name)`` or ``load_schema_file(path)``), then check parsed
payloads (``PayloadValidator.issues_for``), raw JSON (``check_bytes``) or whole inputs (``validate_inputs``).
Results are frozen dataclasses; nothing here prints.
"""

from schema_contracts.validate._engine import PayloadValidator
from schema_contracts.validate._jsontext import json_spelling
from schema_contracts.validate._results import (
    PayloadResult,
    RunStats,
    ValidationIssue,
    best_match,
    json_pointer,
    read_error,
)
from schema_contracts.validate._runner import STDIN_NAME, validate_inputs
from schema_contracts.validate._schema import (
    CompiledSchema,
    ContractEntry,
    SchemaCatalog,
    compile_schema,
    load_schema_file,
    parse_index,
)
from schema_contracts.validate._sources import STDIN, InputFile, UnreadableInput, collect_inputs

__all__ = [
    "STDIN",
    "STDIN_NAME",
    "CompiledSchema",
    "ContractEntry",
    "InputFile",
    "PayloadResult",
    "PayloadValidator",
    "RunStats",
    "SchemaCatalog",
    "UnreadableInput",
    "ValidationIssue",
    "best_match",
    "collect_inputs",
    "compile_schema",
    "json_pointer",
    "json_spelling",
    "load_schema_file",
    "parse_index",
    "read_error",
    "validate_inputs",
]
