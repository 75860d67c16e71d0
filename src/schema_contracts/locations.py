"""Where the committed schema files are and what they are called, without importing anything heavy."""

from __future__ import annotations

import os
from pathlib import Path

__all__ = ["DRAFT_2020_12", "INDEX_FILE", "SCHEMA_DIR_ENV", "SCHEMA_SUFFIX", "default_schema_dir"]

SCHEMA_DIR_ENV = "SCHEMA_CONTRACTS_SCHEMAS"
SCHEMA_SUFFIX = ".schema.json"
INDEX_FILE = "contracts.json"  # the schema folder's list of contracts
DRAFT_2020_12 = "https://json-schema.org/draft/2020-12/schema"

_PACKAGE_DIR = Path(__file__).resolve().parent


def default_schema_dir() -> Path:
    """The folder of contract schemas: ``$SCHEMA_CONTRACTS_SCHEMAS``, the checkout's ``schemas/``, or the wheel's."""
    configured = os.environ.get(SCHEMA_DIR_ENV)
    if configured:
        return Path(configured)
    checkout = _PACKAGE_DIR.parents[1] / "schemas"
    if checkout.is_dir():
        return checkout
    return _PACKAGE_DIR / "_schemas"
