"""The one exception hierarchy of schema-contracts; only the CLI turns these into exit codes."""

from __future__ import annotations

__all__ = [
    "ClusterError",
    "ContractNotFoundError",
    "InputError",
    "RemoteReferenceError",
    "SchemaContractsError",
    "SchemaFileError",
]


class SchemaContractsError(Exception):
    """Base class of every error this package raises on purpose."""


class InputError(SchemaContractsError):
    """A payload path that does not exist or cannot be used at all."""


class ContractNotFoundError(SchemaContractsError):
    """A contract name that the schema folder does not define."""


class SchemaFileError(SchemaContractsError):
    """A schema file that cannot be read, is not JSON, or is not a valid JSON Schema 2020-12."""


class RemoteReferenceError(SchemaFileError):
    """A ``$ref`` that would need the network to resolve: refused, never fetched."""


class ClusterError(SchemaContractsError):
    """A Dask cluster that cannot be reached, or that failed a run (workers lost too often, scheduler gone)."""
