"""What a worker runs: the schema as it travels (its document), compiled once per process, and a partition check.

Nothing here imports Dask, so a Spark job (or any other engine) can use ``check_partition`` with the base package.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import orjson

from schema_contracts.validate import CompiledSchema, PayloadResult, PayloadValidator, SchemaCatalog, compile_schema

__all__ = ["SchemaSource", "check_partition"]

# Validators compiled in this process, by the digest of their schema document: a worker compiles each schema once.
_COMPILED: dict[str, PayloadValidator] = {}


@dataclass(frozen=True)
class SchemaSource:
    """A schema as it travels to workers: its document as JSON, its name and where it was read.

    Small and picklable; ``validator()`` compiles it on first use in each process and reuses it after.
    A ``$ref`` to another file is resolved on the worker, relative to ``path``, so such files must be there too.
    """

    name: str
    document: bytes
    path: str
    digest: str = field(init=False)

    def __post_init__(self) -> None:
        digest = hashlib.sha256(self.document + b"\0" + self.name.encode() + b"\0" + self.path.encode()).hexdigest()
        object.__setattr__(self, "digest", digest)

    @classmethod
    def of(cls, schema: CompiledSchema) -> SchemaSource:
        """The travelling form of a schema already loaded here."""
        return cls(schema.name, orjson.dumps(schema.document), str(schema.path.resolve()))

    @classmethod
    def contract(cls, name: str, schemas_dir: Path | None = None) -> SchemaSource:
        """The travelling form of a contract of a schema folder (the project's by default)."""
        return cls.of(SchemaCatalog(schemas_dir).load(name))

    def validator(self) -> PayloadValidator:
        """The validator of this schema in this process, compiled on first use."""
        validator = _COMPILED.get(self.digest)
        if validator is None:
            compiled = compile_schema(orjson.loads(self.document), self.name, Path(self.path))
            validator = _COMPILED[self.digest] = PayloadValidator(compiled)
        return validator


def check_partition(
    lines: Iterable[str | bytes],
    schema: SchemaSource,
    source: str = "<partition>",
    first_line: int = 1,
    include_valid: bool = False,
) -> list[PayloadResult]:
    """Validate one payload per item of ``lines`` (text or bytes, with or without the newline); blank ones skipped.

    Results say ``source`` and the item's line number, counted from ``first_line``; only invalid payloads
    unless ``include_valid``. This is the function to map over the partitions of a Dask bag or a Spark RDD.
    """
    raw = (line.encode("utf-8", "surrogatepass") if isinstance(line, str) else line for line in lines)
    return list(schema.validator().check_json_lines(raw, source, first_line=first_line, include_valid=include_valid))
