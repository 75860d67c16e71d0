"""Output formats of `validate`: one small reporter class per format, chosen by name."""

from __future__ import annotations

import re
import sys
import time
from typing import ClassVar, NamedTuple, TextIO

import orjson

from schema_contracts.cli._github import escape_data, escape_property
from schema_contracts.schemanav import shown_pointer
from schema_contracts.validate import PayloadResult, ValidationIssue

__all__ = ["REPORTERS", "Reporter", "Summary"]


class Summary(NamedTuple):  # a NamedTuple, not a frozen dataclass: several times quicker to create at start-up
    """Counts of a whole run."""

    payloads: int
    invalid: int
    seconds: float

    def sentence(self) -> str:
        """The summary line, e.g. ``3 payloads, 1 invalid, in 0.01 s``."""
        noun = "payload" if self.payloads == 1 else "payloads"
        return f"{self.payloads} {noun}, {self.invalid} invalid, in {self.seconds:.2f} s"


class Reporter:
    """Receives each payload's result as it is known, then the summary; writes to ``stream``."""

    name: ClassVar[str]
    wants_valid_results: ClassVar[bool] = False  # a format that lists valid payloads too says so

    def __init__(self, stream: TextIO, color: bool = False) -> None:
        self.stream = stream
        self.color = color

    def result(self, result: PayloadResult) -> None:
        """Report one payload."""

    def finish(self, summary: Summary) -> None:
        """Report the end of the run."""


def _display_pointer(issue: ValidationIssue) -> str:
    return shown_pointer(issue.pointer)


# C0 and C1 control characters, DEL, the Unicode line and paragraph separators and the bidirectional controls:
# printed raw, they would forge lines, move the cursor, or reorder what a terminal shows. Compiled (and cached)
# by `re` at the first text that holds one of them, not at every start (see printable).
_UNPRINTABLE = "[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]"


_NAMED_ESCAPES = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def _escape_char(match: re.Match[str]) -> str:
    named = _NAMED_ESCAPES.get(match.group())
    if named:
        return named
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def printable(text: str) -> str:
    """``text`` with control characters escaped (ESC becomes a backslash, x, 1b): a terminal shows what is there."""
    # str.isprintable is False for every character _UNPRINTABLE matches, so printable text needs no regex.
    return text if text.isprintable() else re.sub(_UNPRINTABLE, _escape_char, text)


# Issue texts (pointer, message, keyword) a text reporter keeps formatted: a stream that repeats a mistake
# repeats them, and escaping and colouring them again would cost more than finding them did.
_KEPT_TEXTS = 4096


class TextReporter(Reporter):
    """``file:line:col: /pointer: message [keyword]`` per error, best match first, then a summary line."""

    name = "text"

    def __init__(self, stream: TextIO, color: bool = False) -> None:
        super().__init__(stream, color)
        self._source: tuple[str, str] = ("", "")  # the last source and its printable form
        self._texts: dict[tuple[tuple[str | int, ...], str, str], str] = {}

    def _paint(self, text: str, code: str) -> str:
        return f"\x1b[{code}m{text}\x1b[0m" if self.color else text

    def _text(self, issue: ValidationIssue) -> str:
        """``: /pointer: message [keyword]`` and the line feed, escaped and painted."""
        key = (issue.instance_path, issue.message, issue.keyword)
        text = self._texts.get(key)
        if text is None:
            text = (
                f": {self._paint(printable(_display_pointer(issue)), '36')}: "
                f"{self._paint(printable(issue.message), '31')} {self._paint('[' + issue.keyword + ']', '2')}\n"
            )
            if len(self._texts) >= _KEPT_TEXTS:
                self._texts.clear()
            self._texts[key] = text
        return text

    def result(self, result: PayloadResult) -> None:
        source, shown = self._source
        if result.source != source:
            source, shown = self._source = (result.source, printable(result.source))
        for issue in result.errors:
            where = f"{shown}:{issue.line or result.line}"
            if issue.column is not None:
                where += f":{issue.column}"
            self.stream.write(f"{self._paint(where, '1')}{self._text(issue)}")

    def finish(self, summary: Summary) -> None:
        sentence = summary.sentence()
        self.stream.write(self._paint(sentence, "31;1" if summary.invalid else "32;1") + "\n")


class JsonLinesReporter(Reporter):
    """One JSON record per payload: source, line, valid, errors."""

    name = "jsonl"
    wants_valid_results = True

    def result(self, result: PayloadResult) -> None:
        self.stream.write(orjson.dumps(result.as_dict()).decode() + "\n")


class JsonReporter(Reporter):
    """One JSON document: every payload's result, then the summary; written as results come (memory stays flat)."""

    name = "json"
    wants_valid_results = True

    def __init__(self, stream: TextIO, color: bool = False) -> None:
        super().__init__(stream, color)
        self.started = False

    def _open(self) -> None:
        if not self.started:
            self.stream.write('{\n  "results": [')
            self.started = True

    def result(self, result: PayloadResult) -> None:
        separator = "\n" if not self.started else ",\n"
        self._open()
        record = orjson.dumps(result.as_dict(), option=orjson.OPT_INDENT_2).decode()
        self.stream.write(separator + "    " + record.replace("\n", "\n    "))

    def finish(self, summary: Summary) -> None:
        had_results = self.started
        self._open()
        tail = {
            "valid": summary.invalid == 0,
            "payloads": summary.payloads,
            "invalid": summary.invalid,
            "seconds": round(summary.seconds, 3),
        }
        fields = ",\n".join(
            f"  {orjson.dumps(key).decode()}: {orjson.dumps(value).decode()}" for key, value in tail.items()
        )
        self.stream.write(("\n  ]" if had_results else "]") + ",\n" + fields + "\n}\n")


class GithubReporter(Reporter):
    """GitHub Actions workflow commands: an ``::error`` annotation per error, on its file and line."""

    name = "github"

    def result(self, result: PayloadResult) -> None:
        for issue in result.errors:
            properties = f"file={escape_property(result.source)},line={issue.line or result.line}"
            if issue.column is not None:
                properties += f",col={issue.column}"
            properties += f",title={escape_property('schema-contracts ' + issue.keyword)}"
            message = escape_data(f"{_display_pointer(issue)}: {issue.message}")
            self.stream.write(f"::error {properties}::{message}\n")

    def finish(self, summary: Summary) -> None:
        self.stream.write(summary.sentence() + "\n")


REPORTERS: dict[str, type[Reporter]] = {
    reporter.name: reporter for reporter in (TextReporter, JsonReporter, JsonLinesReporter, GithubReporter)
}


class ProgressBar:
    """A progress line on a terminal's stderr, shown only once a run has taken more than a moment."""

    _DELAY = 0.5
    _INTERVAL = 0.1

    def __init__(self, total_bytes: int = 0, stream: TextIO | None = None) -> None:
        self.total = total_bytes
        self.stream = stream if stream is not None else sys.stderr
        self.enabled = self.stream.isatty()
        self.done = 0
        self.payloads = 0
        self.started = time.monotonic()
        self.drawn_at = 0.0
        self.visible = False

    def advance(self, byte_count: int) -> None:
        """Count ``byte_count`` more bytes read; redraw at most ten times a second."""
        self.done += byte_count
        if not self.enabled:
            return
        now = time.monotonic()
        if now - self.started < self._DELAY or now - self.drawn_at < self._INTERVAL:
            return
        self.drawn_at = now
        self.visible = True
        megabytes = self.done / 1e6
        if self.total:
            fraction = min(1.0, self.done / self.total)
            bar = "#" * int(fraction * 30)
            text = f"[{bar:<30}] {fraction:4.0%} {megabytes:,.1f}/{self.total / 1e6:,.1f} MB"
        else:
            text = f"{megabytes:,.1f} MB"
        self.stream.write(f"\r{text}, {self.done / (now - self.started) / 1e6:,.1f} MB/s ")
        self.stream.flush()

    def clear(self) -> None:
        """Erase the progress line, if one is shown (before any other line is printed); the next advance redraws it."""
        if self.visible:
            self.stream.write("\r\x1b[2K")
            self.stream.flush()
            self.visible = False
            self.drawn_at = 0.0

    close = clear
