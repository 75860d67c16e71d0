"""Models to JSON Schema: the generator, and deterministic files under ``schemas/``."""

from schema_contracts.export._files import (
    INDEX_FILE,
    RenderedFile,
    check_schema_files,
    render_json,
    render_schema_files,
)
from schema_contracts.export._generator import DRAFT_2020_12, ContractSchemaGenerator, contract_schema, schema_id

__all__ = [
    "DRAFT_2020_12",
    "INDEX_FILE",
    "ContractSchemaGenerator",
    "RenderedFile",
    "check_schema_files",
    "contract_schema",
    "render_json",
    "render_schema_files",
    "schema_id",
]
