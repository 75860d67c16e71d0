"""Accepted breaks: a TOML file of findings a team has decided to ship, each with its reason.

[[accept]]
rule = "enum-value-added"          # required: a rule id of the registry
schema = "CodeExecutionResult"     # required: a contract compared (``Name`` or ``Name@N``)
path = "/$defs/ResultStatus"       # optional: any path when left out
reason = "clients updated in 2.3"  # required

Anything else is refused with the file, the entry and its line: an unknown key (``paht``), an unknown rule or
contract, a value that is not a string, text that is not UTF-8.
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from schema_contracts.diff._findings import Finding
from schema_contracts.diff._rules import RULES
from schema_contracts.diff._sources import bare_name
from schema_contracts.errors import IgnoreFileError

__all__ = ["AcceptedChange", "apply_ignores", "check_schemas", "load_ignores"]

_REQUIRED = ("rule", "schema", "reason")
_KEYS = frozenset({*_REQUIRED, "path"})


@dataclass(frozen=True)
class AcceptedChange:
    """A finding that is accepted on purpose; ``where`` names the file, entry and line for messages."""

    rule: str
    schema: str
    path: str | None
    reason: str
    where: str = ""

    def matches(self, finding: Finding) -> bool:
        """Whether this entry accepts ``finding``."""
        return (
            finding.rule == self.rule
            and finding.schema == self.schema
            and (self.path is None or finding.path == self.path)
        )


def _entry_lines(text: str) -> list[int]:
    """The line number of each ``[[accept]]`` header, in order."""
    return [number for number, line in enumerate(text.splitlines(), start=1) if line.strip().startswith("[[accept]]")]


def _entry(path: Path, number: int, line: int | None, entry: Any) -> AcceptedChange:
    where = f"{path}:{line}: [[accept]] entry {number}" if line else f"{path}: [[accept]] entry {number}"
    if not isinstance(entry, dict):
        raise IgnoreFileError(f"{where} is not a table")
    unknown = sorted(set(entry) - _KEYS)
    if unknown:
        known = ", ".join(sorted(_KEYS))
        raise IgnoreFileError(f'{where}: unknown key "{unknown[0]}" (known keys: {known})')
    for key, value in entry.items():
        if not isinstance(value, str):
            raise IgnoreFileError(f'{where}: "{key}" must be a string, not a TOML {type(value).__name__}')
    missing = [key for key in _REQUIRED if not str(entry.get(key, "")).strip()]
    if missing:
        raise IgnoreFileError(f"{where} lacks {', '.join(missing)}")
    if entry["rule"] not in RULES:
        raise IgnoreFileError(f'{where}: unknown rule "{entry["rule"]}" (the rules are listed in the README)')
    return AcceptedChange(entry["rule"], entry["schema"], entry.get("path"), entry["reason"], where)


def load_ignores(path: Path) -> list[AcceptedChange]:
    """Read and check an ignore file; every entry needs a known rule, a contract and a reason, nothing else."""
    try:
        text = path.read_bytes().decode("utf-8")
    except OSError as error:
        raise IgnoreFileError(f"cannot read ignore file {path}: {error.strerror or error}") from error
    except UnicodeDecodeError as error:
        raise IgnoreFileError(f"ignore file {path} is not UTF-8 text (byte {error.start})") from error
    try:
        document = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise IgnoreFileError(f"ignore file {path} is not TOML: {error}") from error
    unknown = sorted(set(document) - {"accept"})
    if unknown:
        raise IgnoreFileError(f'ignore file {path}: unknown key "{unknown[0]}" (only [[accept]] entries)')
    entries = document.get("accept", [])
    if not isinstance(entries, list):
        raise IgnoreFileError(f"ignore file {path}: accept must be a list of [[accept]] tables")
    lines = _entry_lines(text)
    return [
        _entry(path, number, lines[number - 1] if number <= len(lines) else None, entry)
        for number, entry in enumerate(entries, start=1)
    ]


def check_schemas(accepted: list[AcceptedChange], known: Iterable[str]) -> None:
    """Refuse an entry naming a contract that neither side has (a typo would match nothing, silently)."""
    names = set(known) | {bare_name(name) for name in known}
    for entry in accepted:
        if entry.schema not in names:
            choices = ", ".join(sorted(names)) or "none"
            raise IgnoreFileError(f'{entry.where}: unknown contract "{entry.schema}" (known: {choices})')


def apply_ignores(
    findings: list[Finding], accepted: list[AcceptedChange]
) -> tuple[list[Finding], list[tuple[Finding, AcceptedChange]]]:
    """Split findings into those still standing and those accepted (with the entry that accepts each)."""
    standing, ignored = [], []
    for finding in findings:
        entry = next((entry for entry in accepted if entry.matches(finding)), None)
        if entry is None:
            standing.append(finding)
        else:
            ignored.append((finding, entry))
    return standing, ignored
