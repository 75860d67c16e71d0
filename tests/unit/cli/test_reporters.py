"""Output of `validate`: colour only when asked, a progress line only on a terminal, annotations escaped."""

from __future__ import annotations

import io
import json

import pytest

from schema_contracts.cli._reporters import REPORTERS, ProgressBar, Summary
from schema_contracts.validate import PayloadResult, ValidationIssue

RESULT = PayloadResult(
    "logs/a,b.jsonl", 7, (ValidationIssue(("status",), ("$defs", "ResultStatus", "enum"), "enum", "bad\nvalue", 7, 11),)
)


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_text_is_plain_without_colour_and_painted_with_it() -> None:
    """The text format paints only when colour is on, and says file:line:col: pointer: message [keyword]."""
    plain, painted = io.StringIO(), io.StringIO()
    REPORTERS["text"](plain).result(RESULT)
    REPORTERS["text"](painted, color=True).result(RESULT)
    assert plain.getvalue() == "logs/a,b.jsonl:7:11: /status: bad\\nvalue [enum]\n"
    assert "\x1b[" not in plain.getvalue()
    assert "\x1b[31m" in painted.getvalue()


def test_a_repeated_issue_is_printed_with_its_own_source_line_and_column() -> None:
    """The same mistake in another file, line and column is printed there, escaped as the first time."""
    stream = io.StringIO()
    reporter = REPORTERS["text"](stream)
    issue = RESULT.errors[0]
    elsewhere = PayloadResult(
        "b\x1b.jsonl", 9, (ValidationIssue(issue.instance_path, (), "enum", issue.message, 9, 3),)
    )
    for result in (RESULT, elsewhere, RESULT):
        reporter.result(result)
    assert stream.getvalue().splitlines() == [
        "logs/a,b.jsonl:7:11: /status: bad\\nvalue [enum]",
        "b\\x1b.jsonl:9:3: /status: bad\\nvalue [enum]",
        "logs/a,b.jsonl:7:11: /status: bad\\nvalue [enum]",
    ]


def test_github_annotation_escapes_properties_and_data() -> None:
    """Commas in the file name and newlines in the message are escaped as GitHub requires."""
    stream = io.StringIO()
    REPORTERS["github"](stream).result(RESULT)
    assert stream.getvalue() == (
        "::error file=logs/a%2Cb.jsonl,line=7,col=11,title=schema-contracts enum::/status: bad%0Avalue\n"
    )


def test_summary_sentence() -> None:
    """The summary counts payloads and invalid ones, and the time."""
    assert Summary(1, 0, 0.5).sentence() == "1 payload, 0 invalid, in 0.50 s"
    assert Summary(3, 2, 1.0).sentence() == "3 payloads, 2 invalid, in 1.00 s"


def test_progress_bar_draws_only_on_a_terminal_after_a_moment(monkeypatch: pytest.MonkeyPatch) -> None:
    """No progress on a pipe; on a terminal, nothing for the first moment, then a line that is erased at the end."""
    pipe = io.StringIO()
    ProgressBar(100, pipe).advance(50)
    assert pipe.getvalue() == ""

    clock = iter([0.0, 0.1, 1.0, 1.05])
    monkeypatch.setattr("schema_contracts.cli._reporters.time.monotonic", lambda: next(clock))
    terminal = Terminal()
    bar = ProgressBar(1_000_000, terminal)  # started at 0.0
    bar.advance(100_000)  # 0.1: too early
    assert terminal.getvalue() == ""
    bar.advance(400_000)  # 1.0: drawn
    assert "50%" in terminal.getvalue()
    bar.advance(100_000)  # 1.05: too soon after the last draw
    assert "60%" not in terminal.getvalue()
    bar.close()
    assert terminal.getvalue().endswith("\r\x1b[2K")


def test_text_escapes_control_characters_in_names_and_keys() -> None:
    """A file name or key holding ESC, CR or a bidi control is printed escaped: it cannot repaint the terminal."""
    result = PayloadResult(
        "evil\x1b[2J.json",
        1,
        (ValidationIssue(("a\rb",), ("required",), "required", "'\u202ex' is a required property"),),
    )
    stream = io.StringIO()
    REPORTERS["text"](stream).result(result)
    assert stream.getvalue() == "evil\\x1b[2J.json:1: /a\\rb: '\\u202ex' is a required property [required]\n"


def test_json_output_is_streamed_and_is_one_document() -> None:
    """`--format json` writes each result as it comes (nothing is kept), and the whole is one JSON document."""
    stream = io.StringIO()
    reporter = REPORTERS["json"](stream)
    reporter.result(RESULT)
    assert '"source": "logs/a,b.jsonl"' in stream.getvalue()  # already written, before the run ends
    reporter.result(PayloadResult("b.json", 1))
    reporter.finish(Summary(2, 1, 0.25))
    document = json.loads(stream.getvalue())
    assert document == {
        "results": [RESULT.as_dict(), PayloadResult("b.json", 1).as_dict()],
        "valid": False,
        "payloads": 2,
        "invalid": 1,
        "seconds": 0.25,
    }
    assert not vars(reporter).get("results")


def test_json_output_without_results_is_still_a_document() -> None:
    """With no results at all the document still parses, with an empty results list."""
    stream = io.StringIO()
    REPORTERS["json"](stream).finish(Summary(0, 0, 0.0))
    assert json.loads(stream.getvalue())["results"] == []


def test_progress_bar_is_cleared_before_a_result_line(monkeypatch: pytest.MonkeyPatch) -> None:
    """clear() erases a drawn bar so an error line starts on a clean line; the bar comes back on the next advance."""
    clock = iter([0.0, 1.0, 2.0])
    monkeypatch.setattr("schema_contracts.cli._reporters.time.monotonic", lambda: next(clock))
    terminal = Terminal()
    bar = ProgressBar(100, terminal)
    bar.advance(10)
    bar.clear()
    assert terminal.getvalue().endswith("\r\x1b[2K")
    drawn = terminal.getvalue()
    bar.clear()  # nothing shown: nothing written
    assert terminal.getvalue() == drawn
    bar.advance(10)
    assert terminal.getvalue() != drawn
