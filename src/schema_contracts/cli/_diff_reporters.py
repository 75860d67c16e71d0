"""Output formats of `diff`: one small reporter class per format, chosen by name."""

from __future__ import annotations

import json
from typing import ClassVar, TextIO

from schema_contracts.cli._github import escape_data, escape_property
from schema_contracts.diff import AcceptedChange, Comparison, Finding, shown
from schema_contracts.schemanav import shown_pointer
from schema_contracts.vocabulary import Effect, Level

__all__ = ["DIFF_REPORTERS", "plural"]

Ignored = list[tuple[Finding, AcceptedChange]]


def plural(count: int, word: str) -> str:
    """``1 finding``, ``2 findings``."""
    return f"{count} {word}{'' if count == 1 else 's'}"


def _example(finding: Finding) -> str:
    if finding.example is None:
        return ""
    side = finding.example.accepted_by
    return f"valid under {side.value}, invalid under {side.other.value}: {shown(finding.example)}"


def _outcome(comparison: Comparison) -> str:
    return "compared, no difference" if comparison.effect is Effect.NONE else comparison.effect.value


class DiffReporter:
    """Writes the findings of a diff to ``stream``; ``verbose`` adds every comparison made."""

    name: ClassVar[str]

    def __init__(self, stream: TextIO, verbose: bool = False) -> None:
        self.stream = stream
        self.verbose = verbose

    def report(
        self, findings: list[Finding], ignored: Ignored, failing: list[Finding], compared: list[Comparison]
    ) -> None:
        """Write every standing finding, the accepted ones, and a verdict."""
        raise NotImplementedError


class TextDiffReporter(DiffReporter):
    """A block per finding: level, rule, where, what, and its checked example."""

    name = "text"

    def report(
        self, findings: list[Finding], ignored: Ignored, failing: list[Finding], compared: list[Comparison]
    ) -> None:
        for finding in findings:
            against = f" (against {finding.against})" if finding.against else ""
            where = f"{finding.schema} [{finding.direction.value}] {shown_pointer(finding.path)}{against}"
            self.stream.write(f"{finding.level!s:4} {finding.rule} {where}\n     {finding.message}\n")
            if finding.example is not None:
                self.stream.write(f"     example: {_example(finding)}\n")
        for finding, entry in ignored:
            self.stream.write(f"accepted {finding.rule} {finding.schema} {finding.path}: {entry.reason}\n")
        if self.verbose:
            for comparison in compared:
                self.stream.write(
                    f"compared {comparison.schema} {shown_pointer(comparison.path)}: {comparison.message}: "
                    f"{_outcome(comparison)}\n"
                )
        counts = {level: sum(f.level is level for f in findings) for level in (Level.ERR, Level.WARN, Level.INFO)}
        summary = ", ".join(f"{count} {level}" for level, count in counts.items())
        verdict = "breaking" if failing else "compatible"
        self.stream.write(f"{plural(len(findings), 'finding')} ({summary}), {len(ignored)} accepted: {verdict}\n")


class JsonDiffReporter(DiffReporter):
    """`{"findings": [...], "accepted": [...], "compared": [...], "breaking": bool}`."""

    name = "json"

    def report(
        self, findings: list[Finding], ignored: Ignored, failing: list[Finding], compared: list[Comparison]
    ) -> None:
        document = {
            "findings": [finding.as_dict() for finding in findings],
            "accepted": [{**finding.as_dict(), "reason": entry.reason} for finding, entry in ignored],
            "compared": [comparison.as_dict() for comparison in compared],
            "breaking": bool(failing),
        }
        self.stream.write(json.dumps(document, indent=2, ensure_ascii=False) + "\n")


class MarkdownDiffReporter(DiffReporter):
    """A Markdown table, for a pull-request comment."""

    name = "markdown"

    def report(
        self, findings: list[Finding], ignored: Ignored, failing: list[Finding], compared: list[Comparison]
    ) -> None:
        self.stream.write("| level | rule | contract | path | change | example |\n|---|---|---|---|---|---|\n")
        for finding in findings:
            cells = [
                str(finding.level),
                f"`{finding.rule}`",
                f"{finding.schema} ({finding.direction.value})",
                f"`{shown_pointer(finding.path)}`",
                finding.message,
                _example(finding),
            ]
            self.stream.write("| " + " | ".join(cell.replace("|", "\\|") for cell in cells) + " |\n")
        for finding, entry in ignored:
            self.stream.write(f"\nAccepted: `{finding.rule}` on {finding.schema} `{finding.path}`: {entry.reason}\n")
        self.stream.write(f"\n**{'Breaking' if failing else 'Compatible'}**: {plural(len(findings), 'finding')}.\n")


class GithubDiffReporter(DiffReporter):
    """GitHub Actions annotations: `::error` for ERR, `::warning` for WARN, `::notice` for INFO."""

    name = "github"

    def report(
        self, findings: list[Finding], ignored: Ignored, failing: list[Finding], compared: list[Comparison]
    ) -> None:
        command = {Level.ERR: "error", Level.WARN: "warning", Level.INFO: "notice"}
        for finding in findings:
            example = f"; example {_example(finding)}" if finding.example else ""
            text = escape_data(f"{finding.schema} {shown_pointer(finding.path)}: {finding.message}{example}")
            title = escape_property(f"schema-contracts {finding.rule}")
            self.stream.write(f"::{command[finding.level]} title={title}::{text}\n")


DIFF_REPORTERS: dict[str, type[DiffReporter]] = {
    reporter.name: reporter
    for reporter in (TextDiffReporter, JsonDiffReporter, MarkdownDiffReporter, GithubDiffReporter)
}
