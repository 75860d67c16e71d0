"""The enumerations of the code-execution contract, member for member as the real service defines them.

The string under each member is its documentation; the export puts it into the schema's description.
"""

from __future__ import annotations

from schema_contracts.models._documented_enum import DocumentedEnum

__all__ = [
    "ResourceLimitType",
    "ResultStatus",
    "RuntimeErrorType",
    "SupportLanguage",
    "UnauthorizedAccessType",
]


class SupportLanguage(DocumentedEnum):
    """A programming language the sandbox can run."""

    PYTHON = "python"
    """Python 3; the code defines `main(**arguments)`."""

    NODEJS = "nodejs"
    """JavaScript on Node.js; the code defines `main(arguments)`."""


class ResultStatus(DocumentedEnum):
    """How an execution ended, as the service classifies it."""

    SUCCESS = "success"
    """The program ran and exited with code 0."""

    PROGRAM_ERROR = "program_error"
    """The program ran and failed (a non-zero exit that no other status explains)."""

    RESOURCE_LIMIT_EXCEEDED = "resource_limit_exceeded"
    """The program hit a time, memory or output limit; `resource_limit_type` says which."""

    UNAUTHORIZED_ACCESS = "unauthorized_access"
    """The program tried something the sandbox forbids; `unauthorized_access_type` says what."""

    RUNTIME_ERROR = "runtime_error"
    """The runtime itself failed, for example the process was killed by a signal."""

    PROGRAM_RUNNER_ERROR = "program_runner_error"
    """The service could not run the program: rejected by the pre-check, pool busy, rate limited, internal error."""


class ResourceLimitType(DocumentedEnum):
    """Which resource limit an execution exceeded."""

    TIME = "time"
    """The wall-clock time limit (the service reports exit code -124)."""

    MEMORY = "memory"
    """The memory limit (killed, exit code -137, or a `MemoryError`)."""

    OUTPUT = "output"
    """The limit on the size of stdout and stderr."""


class UnauthorizedAccessType(DocumentedEnum):
    """Which kind of forbidden access an execution attempted."""

    DISALLOWED_SYSCALL = "disallowed_syscall"
    """A system call the sandbox does not permit ("Operation not permitted")."""

    FILE_ACCESS = "file_access"
    """A file the sandbox does not let the program read or write ("Permission denied")."""

    NETWORK_ACCESS = "network_access"
    """A network connection, which the sandbox does not allow."""


class RuntimeErrorType(DocumentedEnum):
    """How a failed program ended."""

    SIGNALLED = "signalled"
    """The process was terminated by a signal."""

    NONZERO_EXIT = "nonzero_exit"
    """The process exited with a non-zero code."""
