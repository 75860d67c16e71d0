"""Contract names on the command line: load one by name, and suggest the closest when a name is unknown."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from schema_contracts.validate import CompiledSchema, ContractEntry, SchemaCatalog

__all__ = ["closest_name", "find_entry", "load_contract"]


def closest_name(name: str, names: Iterable[str]) -> str | None:
    """The known name closest to ``name``, case-insensitively (``Name@N`` forms too), or None if none is close."""
    import difflib  # only for an unknown name: a run with a known one never needs it

    by_lower: dict[str, str] = {}
    for known in names:
        by_lower.setdefault(known.lower(), known)
    wanted = name.lower()
    if wanted in by_lower:
        return by_lower[wanted]
    base, at, version = wanted.partition("@")
    if at:  # a versioned name: mend the name, keep the version when that version exists
        bases = {known.partition("@")[0]: known.partition("@")[0] for known in by_lower}
        mended = difflib.get_close_matches(base, list(bases), n=1, cutoff=0.6)
        if mended and f"{mended[0]}@{version}" in by_lower:
            return by_lower[f"{mended[0]}@{version}"]
    close = difflib.get_close_matches(wanted, list(by_lower), n=1, cutoff=0.6)
    return by_lower[close[0]] if close else None


def _with_hint(catalog: SchemaCatalog, name: str, error: Exception) -> str:
    if name.partition("@")[0] in catalog.names():
        return str(error)  # a known contract with an unknown version: the error already lists the versions
    hint = closest_name(name, catalog.names())
    return f'{error}; did you mean "{hint}"?' if hint and hint != name else str(error)


def load_contract(schemas_dir: Path | None, name: str) -> CompiledSchema:
    """Contract ``name`` of the schema folder, compiled; an unknown name suggests the closest known one."""
    from schema_contracts.errors import ContractNotFoundError
    from schema_contracts.validate import SchemaCatalog

    catalog = SchemaCatalog(schemas_dir)
    try:
        return catalog.load(name)
    except ContractNotFoundError as error:
        raise ContractNotFoundError(_with_hint(catalog, name, error)) from error


def find_entry(catalog: SchemaCatalog, name: str) -> ContractEntry:
    """The index entry of contract ``name``; an unknown name suggests the closest known one."""
    from schema_contracts.errors import ContractNotFoundError

    try:
        return catalog.entry(name)
    except ContractNotFoundError as error:
        raise ContractNotFoundError(_with_hint(catalog, name, error)) from error
