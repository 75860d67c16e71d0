"""Output formats of `diff`: one small reporter class per format, chosen by name."""

from __future__ import annotations

import json
from typing import ClassVar, TextIO

from schema_contracts.diff import AcceptedChange, Finding

__all__ = ["DIFF_REPORTERS"]

Ignored = list[tuple[Finding, AcceptedChange]]


def _example(finding: Finding) -> str:
    if finding.example is None:
        return "no payload differs"
    payload = json.dumps(finding.example.payload, ensure_ascii=False)
    payload = payload if len(payload) <= 200 else payload[:197] + "..."
    side = finding.example.accepted_by
    return f"valid under {side}, invalid under {'new' if side == 'old' else 'old'}: {payload}"


class DiffReporter:
    """Writes the findings of a diff to ``stream``."""

    name: ClassVar[str]

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream

    def report(self, findings: list[Finding], ignored: Ignored, failing: list[Finding]) -> None:
        """Write every standing finding, the accepted ones, and a verdict."""
        raise NotImplementedError


class TextDiffReporter(DiffReporter):
    """A block per finding: level, rule, where, what, and its counterexample."""

    name = "text"

    def report(self, findings: list[Finding], ignored: Ignored, failing: list[Finding]) -> None:
        for finding in findings:
            against = f" (against {finding.against})" if finding.against else ""
            where = f"{finding.schema} [{finding.direction}] {finding.path or '/'}{against}"
            self.stream.write(
                f"{finding.level:4} {finding.rule} {where}\n     {finding.message}\n     example: {_example(finding)}\n"
            )
        for finding, entry in ignored:
            self.stream.write(f"accepted {finding.rule} {finding.schema} {finding.path}: {entry.reason}\n")
        counts = {level: sum(f.level == level for f in findings) for level in ("ERR", "WARN", "INFO")}
        summary = ", ".join(f"{count} {level}" for level, count in counts.items())
        verdict = "breaking" if failing else "compatible"
        self.stream.write(f"{len(findings)} findings ({summary}), {len(ignored)} accepted: {verdict}\n")


class JsonDiffReporter(DiffReporter):
    """`{"findings": [...], "accepted": [...]}`."""

    name = "json"

    def report(self, findings: list[Finding], ignored: Ignored, failing: list[Finding]) -> None:
        document = {
            "findings": [finding.as_dict() for finding in findings],
            "accepted": [{**finding.as_dict(), "reason": entry.reason} for finding, entry in ignored],
            "breaking": bool(failing),
        }
        self.stream.write(json.dumps(document, indent=2, ensure_ascii=False) + "\n")


class MarkdownDiffReporter(DiffReporter):
    """A Markdown table, for a pull-request comment."""

    name = "markdown"

    def report(self, findings: list[Finding], ignored: Ignored, failing: list[Finding]) -> None:
        self.stream.write("| level | rule | contract | path | change | counterexample |\n|---|---|---|---|---|---|\n")
        for finding in findings:
            cells = [
                finding.level,
                f"`{finding.rule}`",
                f"{finding.schema} ({finding.direction})",
                f"`{finding.path or '/'}`",
                finding.message,
                _example(finding),
            ]
            self.stream.write("| " + " | ".join(cell.replace("|", "\\|") for cell in cells) + " |\n")
        for finding, entry in ignored:
            self.stream.write(f"\nAccepted: `{finding.rule}` on {finding.schema} `{finding.path}`: {entry.reason}\n")
        self.stream.write(f"\n**{'Breaking' if failing else 'Compatible'}**: {len(findings)} findings.\n")


class GithubDiffReporter(DiffReporter):
    """GitHub Actions annotations: `::error` for ERR, `::warning` for WARN, `::notice` for INFO."""

    name = "github"

    def report(self, findings: list[Finding], ignored: Ignored, failing: list[Finding]) -> None:
        command = {"ERR": "error", "WARN": "warning", "INFO": "notice"}
        for finding in findings:
            text = f"{finding.schema} {finding.path}: {finding.message}; example {_example(finding)}"
            text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
            title = f"schema-contracts {finding.rule}".replace(",", "%2C").replace(":", "%3A")
            self.stream.write(f"::{command[finding.level]} title={title}::{text}\n")


DIFF_REPORTERS: dict[str, type[DiffReporter]] = {
    reporter.name: reporter
    for reporter in (TextDiffReporter, JsonDiffReporter, MarkdownDiffReporter, GithubDiffReporter)
}
