"""Models to JSON Schema: the generator, and deterministic files under ``schemas/``."""

from schema_contracts.export._files import (
    RenderedFile,
    check_schema_files,
    render_json,
    render_schema_files,
)
from schema_contracts.export._generator import ContractSchemaGenerator, contract_schema, schema_id

__all__ = [
    "ContractSchemaGenerator",
    "RenderedFile",
    "check_schema_files",
    "contract_schema",
    "render_json",
    "render_schema_files",
    "schema_id",
]
