"""Accepted breaks: a TOML file of findings a team has decided to ship, each with its reason.

[[accept]]
rule = "enum-value-added"          # required
schema = "CodeExecutionResult"     # required
path = "/$defs/ResultStatus"       # optional: any path when left out
reason = "clients updated in 2.3"  # required
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path

from schema_contracts.diff._compare import Finding
from schema_contracts.diff._rules import RULES
from schema_contracts.errors import SchemaContractsError

__all__ = ["AcceptedChange", "apply_ignores", "load_ignores"]


@dataclass(frozen=True)
class AcceptedChange:
    """A finding that is accepted on purpose."""

    rule: str
    schema: str
    path: str | None
    reason: str

    def matches(self, finding: Finding) -> bool:
        """Whether this entry accepts ``finding``."""
        return (
            finding.rule == self.rule
            and finding.schema == self.schema
            and (self.path is None or finding.path == self.path)
        )


def load_ignores(path: Path) -> list[AcceptedChange]:
    """Read and check an ignore file; every entry needs a known rule, a schema and a reason."""
    try:
        document = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as error:
        raise SchemaContractsError(f"cannot read {path}: {error.strerror or error}") from error
    except tomllib.TOMLDecodeError as error:
        raise SchemaContractsError(f"{path} is not TOML: {error}") from error
    accepted = []
    for number, entry in enumerate(document.get("accept", []), start=1):
        missing = [key for key in ("rule", "schema", "reason") if not str(entry.get(key, "")).strip()]
        if missing:
            raise SchemaContractsError(f"{path}: [[accept]] entry {number} lacks {', '.join(missing)}")
        if entry["rule"] not in RULES:
            raise SchemaContractsError(f"{path}: [[accept]] entry {number}: unknown rule {entry['rule']!r}")
        accepted.append(AcceptedChange(entry["rule"], entry["schema"], entry.get("path"), entry["reason"]))
    return accepted


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
