"""Validate payloads: parse with orjson, check with the compiled schema, explain only what fails."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import replace
from typing import Any

import orjson

from schema_contracts.validate._jsontext import (
    find_duplicate_keys,
    line_and_column,
    locate_value,
    may_have_duplicate_keys,
)
from schema_contracts.validate._results import PayloadResult, RunStats, ValidationIssue, best_match
from schema_contracts.validate._schema import BASE64_KEYWORD, CompiledSchema

__all__ = ["PayloadValidator"]

_BOM = b"\xef\xbb\xbf"
_PROGRESS_BYTES = 1 << 20  # report progress about once a megabyte, not once a line
_UNPARSED = object()
_NOT_JSON_LITERALS = ("NaN", "Infinity", "-Infinity", "+Infinity", "-NaN")


def _decode_for_location(raw: bytes) -> str:
    return raw.decode("utf-8", errors="replace")


_ARTICLES = {"integer": "an integer", "object": "an object", "array": "an array"}


def _describe(document: Any, schema: Any) -> str | None:
    """A few words for a simple subschema ("a number (minimum 0)", "one of 'time', 'memory'"), else None."""
    if not isinstance(schema, dict):
        return None
    ref = schema.get("$ref")
    if isinstance(ref, str) and ref.startswith("#/$defs/"):
        target = document.get("$defs", {}).get(ref.removeprefix("#/$defs/"))
        return _describe(document, target) if isinstance(target, dict) else None
    if "enum" in schema:
        return "one of " + ", ".join(orjson.dumps(value).decode() for value in schema["enum"])
    kind = schema.get("type")
    simple = {"type", "minimum", "maximum", "description", "title", "default"}
    if schema.get("additionalProperties") is True:
        simple.add("additionalProperties")
    if not isinstance(kind, str) or set(schema) - simple:
        return None
    words = "null" if kind == "null" else _ARTICLES.get(kind, f"a {kind}")
    bounds = [f"{key} {schema[key]}" for key in ("minimum", "maximum") if key in schema]
    return f"{words} ({', '.join(bounds)})" if bounds else words


_MAX_INT_BITS = 14_000  # about 4,215 decimal digits: under Python's 4,300-digit limit for int <-> str


def _refuse_huge_integers(document: Any) -> None:
    stack = [document]
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            stack.extend(node.values())
        elif isinstance(node, list | tuple):
            stack.extend(node)
        elif isinstance(node, int) and node.bit_length() > _MAX_INT_BITS:
            raise ValueError(
                f"an integer of {node.bit_length():,} bits is too large to validate (JSON parsers refuse it)"
            )


def _without_leading_bom(lines: Iterable[bytes]) -> Iterator[bytes]:
    iterator = iter(lines)
    first = next(iterator, None)
    if first is not None:
        yield first.removeprefix(_BOM)
        yield from iterator


class PayloadValidator:
    """Validates raw JSON payloads against one compiled schema and returns results as data."""

    def __init__(self, schema: CompiledSchema) -> None:
        self.schema = schema

    # -- one parsed payload -------------------------------------------------------------------------
    def issues_for(self, document: Any, text: str | None = None) -> tuple[ValidationIssue, ...]:
        """Every schema issue of a parsed ``document``; ``text`` (its JSON source) adds line and column.

        ValueError for an integer of more than 4300 digits: Python's own JSON parser refuses those, and the
        compiled validator cannot judge them (it would call them valid).
        """
        _refuse_huge_integers(document)
        return () if self.schema.is_valid(document) else self._schema_issues(document, text)

    def _schema_issues(self, document: Any, text: str | None) -> tuple[ValidationIssue, ...]:
        # Best match first, then the rest in the validator's order.
        issues = [self._issue(error, text) for error in self.schema.iter_errors(document)]
        first = best_match(issues)
        return (first, *(issue for issue in issues if issue is not first)) if first else ()

    def _issue(self, error: Any, text: str | None) -> ValidationIssue:
        instance_path = tuple(error.instance_path)
        schema_path = tuple(error.schema_path)
        keyword = str(schema_path[-1]) if schema_path else error.kind.name
        message = error.message
        if keyword == BASE64_KEYWORD:
            keyword = "pattern"  # the schema file says `pattern`; the native check is ours, not the user's
            schema_path = (*schema_path[:-1], "pattern")
        if keyword == "anyOf":
            message = self._alternatives_message(schema_path, error.instance) or message
        rule = self._rule_for(schema_path)
        if rule:
            message = f"{message} (rule {rule})"
        line = column = None
        if text is not None:
            offset = locate_value(text, instance_path)
            if offset is not None:
                line, column = line_and_column(text, offset)
        return ValidationIssue(instance_path, schema_path, keyword, message, line, column)

    def _alternatives_message(self, schema_path: tuple[str | int, ...], instance: Any) -> str | None:
        """For a failed `anyOf`, say what each alternative wanted: "expected a number (minimum 0) or null"."""
        node: Any = self.schema.document
        for part in schema_path:
            try:
                node = node[part]
            except (KeyError, IndexError, TypeError):
                return None
        if not isinstance(node, list):
            return None
        wanted = [_describe(self.schema.document, branch) for branch in node]
        if None in wanted:
            return None
        got = orjson.dumps(instance).decode()
        got = got if len(got) <= 60 else got[:57] + "..."
        return f"expected {' or '.join(str(w) for w in wanted)}; got {got}"

    def _rule_for(self, schema_path: tuple[str | int, ...]) -> str | None:
        """The titled ``if``/``then`` rule that a failing keyword belongs to, as "title: description"."""
        node: Any = self.schema.document
        found = None
        for part in schema_path:
            if isinstance(node, dict) and "if" in node and "title" in node:
                found = f"{node['title']}: {node.get('description', '')}".rstrip(": ")
            try:
                node = node[part]
            except (KeyError, IndexError, TypeError):
                break
        return found

    # -- one raw payload ----------------------------------------------------------------------------
    def check_bytes(self, raw: bytes | bytearray | memoryview, source: str, line: int = 1) -> PayloadResult:
        """Parse and validate one JSON text (bytes-like); ``line`` is where it starts in ``source``."""
        if type(raw) is not bytes:
            if not isinstance(raw, bytes | bytearray | memoryview):
                raise TypeError(
                    f"check_bytes takes bytes, bytearray or memoryview, not {type(raw).__name__}"
                    + ("; encode text as UTF-8 first" if isinstance(raw, str) else "")
                )
            raw = bytes(raw)  # a subclass, a bytearray or a view: plain bytes, the same for every check below
        if raw.startswith(_BOM):
            raw = raw[len(_BOM) :]  # RFC 8259 lets a parser ignore a byte order mark
        try:
            document = orjson.loads(raw)
        except orjson.JSONDecodeError as error:
            return PayloadResult(source, line, (self._parse_issue(raw, error, line),))
        issues: list[ValidationIssue] = []
        text: str | None = None
        if may_have_duplicate_keys(raw, document):
            text = _decode_for_location(raw)
            for duplicate in find_duplicate_keys(text):
                key_line, column = line_and_column(text, duplicate.offset)
                issues.append(
                    ValidationIssue(
                        (*duplicate.path, duplicate.key),
                        (),
                        "duplicate-key",
                        f"key {duplicate.key!r} occurs more than once in this object; parsers disagree on which wins",
                        line + key_line - 1,
                        column,
                    )
                )
        if not self.schema.is_valid(document):
            text = text if text is not None else _decode_for_location(raw)
            for issue in self._schema_issues(document, text):
                issues.append(issue if issue.line is None else replace(issue, line=line + issue.line - 1))
        return PayloadResult(source, line, tuple(issues))

    def _parse_issue(self, raw: bytes, error: orjson.JSONDecodeError, line: int) -> ValidationIssue:
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as decode_error:
            text = raw[: decode_error.start].decode("utf-8")
            error_line, column = line_and_column(text, len(text))
            message = f"not UTF-8: byte 0x{raw[decode_error.start]:02x} at byte offset {decode_error.start}"
            if b"\x00" in raw[:8192]:
                message += " (this looks like a binary file)"
            return ValidationIssue((), (), "json", message, line + error_line - 1, column)
        if not text.strip():
            return ValidationIssue((), (), "json", "empty: no JSON document", line, 1)
        offset = min(error.pos, len(text))
        message = f"invalid JSON: {error.msg}"
        if offset and text[offset - 1] in "+-" and text.startswith(_NOT_JSON_LITERALS, offset - 1):
            offset -= 1  # orjson points after the sign; a person reads "-Infinity" as one token
        if text.startswith(_NOT_JSON_LITERALS, offset):
            message = "invalid JSON: NaN and Infinity are not JSON numbers"
        elif "depth" in error.msg or "recursion" in error.msg:
            message = "invalid JSON: nested deeper than the parser's limit of 1024 levels"
        elif "\x00" in text[:8192]:
            message += " (this looks like a binary file)"
        error_line, column = line_and_column(text, offset)
        return ValidationIssue((), (), "json", message, line + error_line - 1, column)

    # -- streams --------------------------------------------------------------------------------------
    def check_json_lines(
        self,
        lines: Iterable[bytes],
        source: str,
        first_line: int = 1,
        progress: Callable[[int], None] | None = None,
        include_valid: bool = True,
        stats: RunStats | None = None,
        at_file_start: bool = True,
    ) -> Iterator[PayloadResult]:
        """Validate one payload per line, skipping blank lines; consumes ``lines`` lazily, so a file streams.

        Yields a result for every payload, or with ``include_valid=False`` only for invalid ones; ``stats``
        counts them all either way. ``at_file_start``: the first line opens a file, so a byte order mark is
        ignored there (a piece of a file split for several processes starts mid-file).
        """
        stats = stats if stats is not None else RunStats()
        if at_file_start:
            lines = _without_leading_bom(lines)
        # The hot path: parse, check, screen for repeated keys; anything unusual goes to check_bytes.
        loads, is_valid, decode_error = orjson.loads, self.schema.is_valid, orjson.JSONDecodeError
        pending_bytes = 0
        for line_number, raw in enumerate(lines, start=first_line):
            pending_bytes += len(raw)
            if progress is not None and pending_bytes > _PROGRESS_BYTES:
                progress(pending_bytes)
                pending_bytes = 0
            try:
                document = loads(raw)
            except decode_error:
                if not raw or raw.isspace():
                    continue
                document = _UNPARSED
            stats.payloads += 1
            if document is not _UNPARSED and is_valid(document) and not may_have_duplicate_keys(raw, document):
                if include_valid:
                    yield PayloadResult(source, line_number)
                continue
            result = self.check_bytes(raw, source, line_number)
            if not result.valid:
                stats.invalid += 1
            if include_valid or not result.valid:
                yield result
        if progress is not None and pending_bytes:
            progress(pending_bytes)
