"""The one exception hierarchy of schema-contracts; only the CLI turns these into exit codes."""

from __future__ import annotations

__all__ = [
    "ClusterError",
    "ContractNotFoundError",
    "DirectionUnknownError",
    "GenerationError",
    "GitRefError",
    "IgnoreFileError",
    "InputError",
    "OutputError",
    "RemoteReferenceError",
    "SchemaContractsError",
    "SchemaFileError",
    "SchemaTooDeepError",
    "SchemaTooLargeError",
    "SpecialFileError",
    "ToolError",
    "UsageError",
    "WorkerError",
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


class SpecialFileError(SchemaFileError):
    """A schema file that is not a regular file (a FIFO, a device, a socket): refused, never read."""


class SchemaTooLargeError(SchemaFileError):
    """A schema file larger than the stated limit, or a ``$ref`` chain reading too many files."""


class SchemaTooDeepError(SchemaFileError):
    """A schema nested deeper than the stated limit: refused before anything recurses into it."""


class WorkerError(SchemaContractsError):
    """A worker process of a parallel run died (killed, out of memory) before it returned its results."""


class UsageError(SchemaContractsError):
    """Arguments that do not go together or are missing (the CLI says which)."""


class DirectionUnknownError(SchemaContractsError):
    """A schema compared on its own whose direction (request or result) no index gives and no option names."""


class GitRefError(InputError):
    """A git ref that is not a commit, or a git that cannot be run."""


class IgnoreFileError(SchemaContractsError):
    """An ignore file of accepted changes that cannot be read or holds an entry that is not understood."""


class OutputError(SchemaContractsError):
    """A generated file that cannot be written, or a committed one that cannot be read to compare."""


class ToolError(SchemaContractsError):
    """An external tool that code generation needs (Node.js, ruff, datamodel-code-generator) is missing or failed."""


class GenerationError(SchemaContractsError):
    """Code generation met schemas it cannot combine, or generated code that fails its own probes."""


class ClusterError(SchemaContractsError):
    """A Dask cluster that cannot be reached, or that failed a run (workers lost too often, scheduler gone)."""
