"""Where the committed schema files are and what they are called, without importing anything heavy."""

from __future__ import annotations

import os
from pathlib import Path

__all__ = [
    "DRAFT_2020_12",
    "INDEX_FILE",
    "SCHEMA_DIR_ENV",
    "SCHEMA_SUFFIX",
    "VERSION_SEPARATOR",
    "checkout_dir",
    "default_schema_dir",
    "js_tooling_dir",
    "qualified_name",
    "schema_file_name",
    "schema_id",
    "split_qualified_name",
]

SCHEMA_DIR_ENV = "SCHEMA_CONTRACTS_SCHEMAS"
SCHEMA_SUFFIX = ".schema.json"
INDEX_FILE = "contracts.json"  # the schema folder's list of contracts
DRAFT_2020_12 = "https://json-schema.org/draft/2020-12/schema"
VERSION_SEPARATOR = "@"  # `CodeExecutionResult@1` is version 1; a bare `CodeExecutionResult` the latest

_PACKAGE_DIR = Path(__file__).resolve().parent


def checkout_dir() -> Path:
    """The source checkout this package runs from: where code generation finds its configuration and tooling."""
    return _PACKAGE_DIR.parents[1]


def js_tooling_dir() -> Path:
    """The checkout's ``js/`` folder (Node.js tooling for TypeScript generation and ajv), wherever the command runs."""
    return checkout_dir() / "js"


def default_schema_dir() -> Path:
    """The folder of contract schemas: ``$SCHEMA_CONTRACTS_SCHEMAS``, the checkout's ``schemas/``, or the wheel's."""
    configured = os.environ.get(SCHEMA_DIR_ENV)
    if configured:
        return Path(configured)
    checkout = _PACKAGE_DIR.parents[1] / "schemas"
    if checkout.is_dir():
        return checkout
    return _PACKAGE_DIR / "_schemas"


def qualified_name(name: str, version: int) -> str:
    """The name of one version of a contract: ``CodeExecutionResult@2``."""
    return f"{name}{VERSION_SEPARATOR}{version}"


def split_qualified_name(text: str) -> tuple[str, int | None]:
    """``"Name@2"`` -> ``("Name", 2)``; ``"Name"`` -> ``("Name", None)`` (the latest); ValueError otherwise."""
    name, separator, version = text.partition(VERSION_SEPARATOR)
    if not separator:
        return name, None
    if not (version.isascii() and version.isdigit()) or int(version) < 1:
        raise ValueError(f"{text!r}: the version after {VERSION_SEPARATOR!r} must be a number from 1")
    return name, int(version)


def schema_file_name(name: str, version: int) -> str:
    """The file of one contract version in the schema folder: ``CodeExecutionResult@2.schema.json``."""
    return qualified_name(name, version) + SCHEMA_SUFFIX


def schema_id(name: str, version: int) -> str:
    """The stable ``$id`` of one contract version's schema; a URN, so nothing ever tries to fetch it."""
    return f"urn:schema-contracts:{qualified_name(name, version)}"
