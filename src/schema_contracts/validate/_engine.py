"""Validate payloads: parse with orjson, check with the compiled schema, explain only what fails."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import replace
from functools import partial
from typing import TYPE_CHECKING, Any, NamedTuple

import orjson

from schema_contracts.errors import SchemaContractsError
from schema_contracts.schemanav import follow_pointer, resolve_local_ref
from schema_contracts.validate._jsontext import (
    MESSAGE_LIMIT,
    find_duplicate_keys,
    json_spelling,
    line_and_column,
    locate_value,
    may_have_duplicate_keys,
    trim,
)
from schema_contracts.validate._results import PayloadResult, RunStats, ValidationIssue, best_match
from schema_contracts.validate._schema import (
    BASE64_KEYWORD,
    CompiledSchema,
    base64_mismatch,
    compile_schema,
    is_base64_mismatch,
)

if TYPE_CHECKING:  # msgspec is imported only once a run compiles the fast path (start-up stays cheap)
    from schema_contracts.validate._fast import FastPath, LineScan
    from schema_contracts.validate._native import Explanation

__all__ = ["PayloadValidator"]

_BOM = b"\xef\xbb\xbf"
_PROGRESS_BYTES = 1 << 20  # report progress about once a megabyte, not once a line
SCAN_BLOCK = 1 << 20  # bytes read at a time when the native checker scans a stream's lines in blocks
_UNPARSED = object()
_NOT_JSON_LITERALS = ("NaN", "Infinity", "-Infinity", "+Infinity", "-NaN")
FAST_AFTER = 16  # payloads checked before the fast path is compiled (it takes a few milliseconds)
CALIBRATE = 200  # payloads checked both ways, timed, before the faster way is kept
_ENUM_SHOWN = 8  # an enum with at most this many values is spelt out whole in a message
# jsonschema-rs converts a payload to its own values up to this depth; deeper, it cannot check it at all.
VALIDATOR_DEPTH = 255
_TOO_DEEP = f"too deep: nested more than {VALIDATOR_DEPTH} levels, deeper than the validator can check"


def _decode_for_location(raw: bytes) -> str:
    return raw.decode("utf-8", errors="replace")


_ARTICLES = {"integer": "an integer", "object": "an object", "array": "an array"}


def _describe(document: Any, schema: Any) -> str | None:
    """A few words for a simple subschema ("a number (minimum 0)", "one of 'time', 'memory'"), else None."""
    schema = resolve_local_ref(document, schema)
    if not isinstance(schema, dict):
        return None
    if "enum" in schema:
        return "one of " + ", ".join(json_spelling(value, 60) for value in schema["enum"])
    kind = schema.get("type")
    if kind in ("object", "array"):
        return _ARTICLES[kind]  # what is wrong inside one is reported at its own place (see _branch_issues)
    simple = {"type", "minimum", "maximum", "description", "title", "default"}
    if schema.get("additionalProperties") is True:
        simple.add("additionalProperties")
    if not isinstance(kind, str) or set(schema) - simple:
        return None
    words = "null" if kind == "null" else _ARTICLES.get(kind, f"a {kind}")
    bounds = [f"{key} {schema[key]}" for key in ("minimum", "maximum") if key in schema]
    return f"{words} ({', '.join(bounds)})" if bounds else words


def _json_types(value: Any) -> set[str]:
    """The JSON Schema types ``value`` is an instance of (5 and 5.0 are integers and numbers alike)."""
    if value is None:
        return {"null"}
    if isinstance(value, bool):
        return {"boolean"}
    if isinstance(value, int) or (isinstance(value, float) and value.is_integer()):
        return {"integer", "number"}
    if isinstance(value, float):
        return {"number"}
    return {"string" if isinstance(value, str) else "array" if isinstance(value, list) else "object"}


def _declared_types(document: Any, branch: Any) -> set[str]:
    """The types an alternative declares (``integer`` implied by ``number``), empty when it declares none."""
    resolved = resolve_local_ref(document, branch)
    declared = resolved.get("type") if isinstance(resolved, dict) else None
    types = {declared} if isinstance(declared, str) else set(declared) if isinstance(declared, list) else set()
    return types | {"integer"} if "number" in types else types


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


def _enum_message(choices: str, instance: Any) -> str:
    """For a failed `enum` of a few values, name them all (jsonschema-rs names two, then "or N other")."""
    return f"{json_spelling(instance, 60)} is not one of {choices}"


def _best_first(issues: list[ValidationIssue]) -> tuple[ValidationIssue, ...]:
    """The best match first, then the rest in the validator's order."""
    if len(issues) == 1:
        return (issues[0],)
    first = best_match(issues)
    return (first, *(issue for issue in issues if issue is not first)) if first else ()


def _placed(schema_path: tuple[str | int, ...], branch_path: tuple[str | int, ...] | None) -> tuple[str | int, ...]:
    """A path in a subschema compiled alone (as `allOf: [subschema]`), placed back where the subschema is."""
    if branch_path is not None and schema_path[:2] == ("allOf", 0):
        return (*branch_path, *schema_path[2:])
    return schema_path  # a `$ref` target keeps its own path


def _place(
    text: str | bytes, path: tuple[str | int, ...], unique: bool, first_line: int, start: int | None = None
) -> tuple[int, int] | tuple[None, None]:
    """Line and column of the value at ``path`` in ``text`` (which starts at line ``first_line``), or Nones.

    ``start``: its offset, when already known, so that it need not be looked for.
    """
    offset = locate_value(text, path, unique) if start is None else start
    if offset is None:
        return None, None
    line, column = line_and_column(text, offset)
    return line + first_line - 1, column


def _located(
    issue: ValidationIssue, text: str | bytes, first_line: int, starts: dict[str | int, int]
) -> ValidationIssue:
    """``issue`` placed in ``text``; ``starts``: the known offsets of top members' values (see _place)."""
    path = issue.instance_path
    line, column = _place(text, path, True, first_line, starts.get(path[0]) if len(path) == 1 else None)
    if line is None:
        return issue
    return ValidationIssue(issue.instance_path, issue.schema_path, issue.keyword, issue.message, line, column)


# The issues of one failing value (or of the object's own keywords), not yet placed in a text: in the validator's
# order, and best first (the order when they are a payload's only ones).
_Group = tuple[tuple[ValidationIssue, ...], tuple[ValidationIssue, ...]]


# What decides the issues of a top object whose own keywords fail and whose members pass: (its keys, the texts of
# the values its conditions compare).
_ObjectKey = tuple[tuple[str, ...], tuple[bytes, ...]]


class _KeepUnder:
    """Ask the whole path, and keep its issues under ``key`` (see _top_issues)."""

    __slots__ = ("key", "names")

    def __init__(self, key: _ObjectKey, names: tuple[str, ...]) -> None:
        self.key = key
        self.names = names  # the members whose values are in the key

    def decided(self, issue: ValidationIssue) -> bool:
        """Whether the key decides ``issue``'s message.

        It does for an issue at a member whose value is in the key, and for a keyword at the object that names
        no value; another could quote the whole object.
        """
        path = issue.instance_path
        return path[0] in self.names if path else issue.keyword in ("required", "additionalProperties")


def _explained_group(issues: list[ValidationIssue]) -> _Group | None:
    """``issues`` in the validator's order and best first; None when there are none."""
    return (tuple(issues), _best_first(issues)) if issues else None


# Failing values whose issues the top explanation keeps, how long a text of one may be, and how many issues.
_REMEMBERED = 2048
_REMEMBERED_BYTES = 2048
_REMEMBERED_ISSUES = 8
_NOT_PLAIN = frozenset({"$ref", "$dynamicRef", "anyOf", "oneOf", "enum", "const"})


def _is_plain_object_schema(document: Any) -> bool:
    """A top schema of `type: object` with `properties` and no alternatives (see _top_issues).

    Its errors are its members' errors and its own keywords' errors, which can be found apart.
    """
    return (
        isinstance(document, dict)
        and document.get("type") == "object"
        and isinstance(document.get("properties"), dict)
        and not _NOT_PLAIN & document.keys()
    )


class _TopObject:
    """What explaining the top object member by member needs: the native explain, the declared names."""

    def __init__(self, explain: Callable[[bytes], Explanation | None], names: tuple[str, ...]) -> None:
        self.explain = explain
        self.names = names  # declared properties, by the native checker's index
        # The issues of failing values seen, by (member index, its text) or by an _ObjectKey.
        self.explained: dict[Any, _Group] = {}

    def remember(self, key: Any, issues: _Group, size: int) -> None:
        """Keep ``issues`` under ``key``, if small: what is kept stays within a few megabytes, whatever the input.

        At most _REMEMBERED_ISSUES issues of a value of at most _REMEMBERED_BYTES; afresh after _REMEMBERED.
        """
        if size <= _REMEMBERED_BYTES and len(issues[0]) <= _REMEMBERED_ISSUES:
            if len(self.explained) >= _REMEMBERED:
                self.explained.clear()
            self.explained[key] = issues


class _IssueShape(NamedTuple):
    """What every issue at one schema path has in common."""

    schema_path: tuple[str | int, ...]  # as the schema file spells it
    keyword: str
    rule: str  # " (rule title: description)" when the keyword belongs to a titled `if`/`then` rule, else ""
    wording: Callable[[Any], str | None] | None  # our message for the failing instance, or None: the validator's


class PayloadValidator:
    """Validates raw JSON payloads against one compiled schema and returns results as data."""

    def __init__(self, schema: CompiledSchema, fast: bool = True) -> None:
        """``fast=False`` turns off the fast accept path (same verdicts; for measuring and testing)."""
        self.schema = schema
        # Alternatives of `anyOf`s compiled on their own, on the error path only (see _branch_issues).
        self._branches: dict[tuple[str | int, ...], CompiledSchema | None] = {}
        # What the issues at one schema path share, by the validator's schema path (and alternative).
        self._shapes: dict[tuple[Any, ...], _IssueShape] = {}
        # One pass that parses and checks; a payload it does not accept takes the exact path below.
        # Compiled at the FAST_AFTER-th payload, so a run over one small file does not pay for it; then, for the
        # msgspec path, the next CALIBRATE payloads go through both paths, timed, and the faster one is kept.
        self._fast_pending = fast
        self._settling = fast
        self._payloads_seen = 0
        self._fast_path: FastPath | None = None
        self._accepts: Callable[[bytes], bool] | None = None
        self._top: _TopObject | None = None  # the native explanation of the top object's members (see _top_issues)
        self._timings = [0.0, 0.0, 0]  # seconds on the fast path, seconds on the exact path, payloads

    @property
    def fast_path(self) -> FastPath | None:
        """The fast accept path (compiled now if it was not yet); None if the schema has none or it is off."""
        if self._fast_pending:
            self._fast_pending = False
            from schema_contracts.validate._fast import NativePath, compile_fast_path

            fast = self._fast_path = compile_fast_path(self.schema.document)
            # The msgspec path can be the slower one on some payloads, so it is timed against the exact path;
            # the native one never is, and is kept at once.
            self._settling = fast is not None and fast.engine != "native"
            self._accepts = self._timed_accepts if self._settling else fast.accepts if fast is not None else None
            if isinstance(fast, NativePath) and _is_plain_object_schema(self.schema.document):
                self._top = _TopObject(fast.explain, fast.top_names)
        return self._fast_path

    def _fast_accepts(self) -> Callable[[bytes], bool] | None:
        """The accept check to try first: None (the exact path only), the timing one, or the fast path's."""
        if self._fast_pending:
            self._payloads_seen += 1
            if self._payloads_seen >= FAST_AFTER:
                self.fast_path  # noqa: B018 - compiles it
        return self._accepts

    def _exact_accepts(self, raw: bytes) -> bool:
        """The exact path's quick verdict: parsed, valid and free of repeated keys (False: look closer)."""
        try:
            document = orjson.loads(raw)
        except orjson.JSONDecodeError:
            return False
        return self._is_valid(document) and not may_have_duplicate_keys(raw, document)

    def _timed_accepts(self, raw: bytes) -> bool:
        """Both accept paths on ``raw``, timed; after CALIBRATE payloads the faster is kept for good."""
        fast = self._fast_path
        if not self._settling or fast is None:
            return (self._accepts or self._exact_accepts)(raw)
        started = time.perf_counter()
        fast_ok = fast.accepts(raw)
        middle = time.perf_counter()
        exact_ok = self._exact_accepts(raw)
        timings = self._timings
        timings[0] += middle - started
        timings[1] += time.perf_counter() - middle
        timings[2] += 1
        if timings[2] >= CALIBRATE:
            self._settling = False
            self._accepts = fast.accepts if timings[0] <= timings[1] else None
        return fast_ok or exact_ok

    # -- one parsed payload -------------------------------------------------------------------------
    def issues_for(self, document: Any, text: str | None = None) -> tuple[ValidationIssue, ...]:
        """Every schema issue of a parsed ``document``; ``text`` (its JSON source) adds line and column.

        ValueError for an integer of more than 4300 digits: Python's own JSON parser refuses those, and the
        compiled validator cannot judge them (it would call them valid).
        """
        _refuse_huge_integers(document)
        return () if self._is_valid(document) else self._schema_issues(document, text)

    def _is_valid(self, document: Any) -> bool:
        try:
            return self.schema.is_valid(document)
        except (ValueError, RecursionError):  # deeper than the validator goes: explained by _schema_issues
            return False

    def _schema_issues(
        self, document: Any, text: str | bytes | None, unique: bool = False, first_line: int = 1, checked: bool = True
    ) -> tuple[ValidationIssue, ...]:
        # Best match first, then the rest in the validator's order. ``unique``: ``text`` repeats no key.
        # ``first_line``: where ``text`` starts in its file, so that issues carry their line in the file.
        # ``checked``: is_valid already said the document is invalid (else no issue may mean valid).
        try:
            issues = self._explained(self.schema.iter_errors(document), text, unique, first_line)
        except (ValueError, RecursionError):  # jsonschema-rs: "Recursion limit reached"
            return (ValidationIssue((), (), "json", _TOO_DEEP),)
        if not issues:  # valid, unless is_valid refuses it: only depth does that
            return () if not checked and self._is_valid(document) else (ValidationIssue((), (), "json", _TOO_DEEP),)
        return _best_first(issues)

    def _explained(
        self,
        errors: Iterable[Any],
        text: str | bytes | None,
        unique: bool,
        first_line: int,
        instance_prefix: tuple[str | int, ...] = (),
        branch_path: tuple[str | int, ...] | None = None,
    ) -> list[ValidationIssue]:
        """Our issues for the validator's errors, in its order; the prefixes place a subschema's errors."""
        issues: list[ValidationIssue] = []
        for error in errors:
            # A failed `anyOf` stands for its alternative's own issues when the value has the type of exactly
            # one alternative: `result: {}` is reported as the missing `/result/present`.
            schema_path = error.schema_path
            inner = (
                self._branch_issues(
                    error.instance,
                    _placed(tuple(schema_path), branch_path),
                    (*instance_prefix, *error.instance_path),
                    text,
                    unique,
                    first_line,
                )
                if schema_path and schema_path[-1] == "anyOf"
                else None
            )
            if inner:
                issues.extend(inner)
            else:
                issues.append(self._issue(error, text, unique, instance_prefix, branch_path, first_line))
        return issues

    def _branch_issues(
        self,
        instance: Any,
        schema_path: tuple[str | int, ...],
        instance_path: tuple[str | int, ...],
        text: str | bytes | None,
        unique: bool,
        first_line: int,
    ) -> list[ValidationIssue]:
        branches = self._schema_node(schema_path)
        if not isinstance(branches, list):
            return []
        kinds = _json_types(instance) & {"object", "array"}  # scalars: "expected X or Y" says it all
        matching = [
            index for index, branch in enumerate(branches) if kinds & _declared_types(self.schema.document, branch)
        ]
        if len(matching) != 1:
            return []
        branch_path = (*schema_path, matching[0])
        validator = self._branch_validator(branch_path)
        if validator is None:
            return []
        # The alternative was compiled as `allOf: [alternative]` beside the document's `$defs`: map its paths back.
        return [
            self._issue(inner, text, unique, instance_path, branch_path, first_line)
            for inner in validator.iter_errors(instance)
        ]

    def _branch_validator(self, branch_path: tuple[str | int, ...]) -> CompiledSchema | None:
        if branch_path not in self._branches:
            document = self.schema.document
            wrapper = {"allOf": [self._schema_node(branch_path)]}
            if isinstance(document, dict) and "$defs" in document:
                wrapper["$defs"] = document["$defs"]
            try:
                self._branches[branch_path] = compile_schema(wrapper, self.schema.name, self.schema.path)
            except SchemaContractsError:  # an alternative that cannot stand alone keeps the general message
                self._branches[branch_path] = None
        return self._branches[branch_path]

    def _issue(
        self,
        error: Any,
        text: str | bytes | None,
        unique: bool = False,
        instance_prefix: tuple[str | int, ...] = (),
        branch_path: tuple[str | int, ...] | None = None,
        first_line: int = 1,
    ) -> ValidationIssue:
        validator_path = tuple(error.schema_path)
        key = validator_path if branch_path is None else (branch_path, validator_path)
        shape = self._shapes.get(key)
        if shape is None:
            shape = self._shape(error, validator_path, branch_path)
            if validator_path:  # an empty path (a `false` root) takes its keyword from the error's kind: not shared
                self._shapes[key] = shape
        message = error.message
        if shape.wording is not None:
            message = shape.wording(error.instance) or message
        if len(message) > MESSAGE_LIMIT:
            message = trim(message)
        message += shape.rule
        instance_path = (*instance_prefix, *error.instance_path) if instance_prefix else tuple(error.instance_path)
        line, column = _place(text, instance_path, unique, first_line) if text is not None else (None, None)
        return ValidationIssue(instance_path, shape.schema_path, shape.keyword, message, line, column)

    def _shape(
        self, error: Any, schema_path: tuple[str | int, ...], branch_path: tuple[str | int, ...] | None
    ) -> _IssueShape:
        """What the issues of every error at ``schema_path`` share: worked out at the first, then looked up."""
        schema_path = _placed(schema_path, branch_path)
        keyword = str(schema_path[-1]) if schema_path else error.kind.name
        wording: Callable[[Any], str | None] | None = None
        if keyword == BASE64_KEYWORD:
            keyword = "pattern"  # the schema file says `pattern`; the native check is ours, not the user's
            schema_path = (*schema_path[:-1], "pattern")
        elif keyword == "pattern" and is_base64_mismatch(error):
            wording = base64_mismatch  # the rule's regex form says what the keyword form says
        elif keyword == "anyOf":
            wording = partial(self._alternatives_message, schema_path)
        elif keyword == "enum":
            choices = self._spell_choices(schema_path)
            if choices is not None:
                wording = partial(_enum_message, choices)
        rule = self._find_rule(schema_path)
        return _IssueShape(schema_path, keyword, f" (rule {rule})" if rule else "", wording)

    def _schema_node(self, schema_path: tuple[str | int, ...]) -> Any:
        """The schema value at a validator's schema path (which passes through `$ref`s), or None."""
        node: Any = self.schema.document
        for part in schema_path:
            try:
                if isinstance(node, dict) and part == "$ref" and str(node.get("$ref")).startswith("#"):
                    node = follow_pointer(self.schema.document, node["$ref"][1:])  # a local $ref, followed
                else:
                    node = node[part]
            except (KeyError, IndexError, TypeError):
                return None
        return node

    def _alternatives_message(self, schema_path: tuple[str | int, ...], instance: Any) -> str | None:
        """For a failed `anyOf`, say what each alternative wanted: "expected a number (minimum 0) or null"."""
        node = self._schema_node(schema_path)
        if not isinstance(node, list):
            return None
        wanted = [_describe(self.schema.document, branch) for branch in node]
        if None in wanted:
            return None
        return f"expected {' or '.join(str(w) for w in wanted)}; got {json_spelling(instance, 60)}"

    def _spell_choices(self, schema_path: tuple[str | int, ...]) -> str | None:
        values = self._schema_node(schema_path)
        if not isinstance(values, list) or not values or len(values) > _ENUM_SHOWN:
            return None
        spelt = [json_spelling(value, 60) for value in values]
        return spelt[0] if len(spelt) == 1 else f"{', '.join(spelt[:-1])} or {spelt[-1]}"

    def _find_rule(self, schema_path: tuple[str | int, ...]) -> str | None:
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
        accepts = self._fast_accepts() if self._fast_pending else self._accepts
        if accepts is not None and accepts(raw):
            return PayloadResult(source, line)
        return self._checked(raw, source, line, refused=accepts is not None)

    def _explain_refused(self, raw: bytes, source: str, line: int, stats: RunStats) -> PayloadResult:
        """A line the fast path refused (not a blank one), decided by the exact path and counted in ``stats``."""
        stats.payloads += 1
        result = self._checked(raw.removeprefix(_BOM), source, line, refused=True)
        stats.invalid += not result.valid
        return result

    def _checked(self, raw: bytes, source: str, line: int, refused: bool) -> PayloadResult:
        """The exact path on plain bytes with no byte order mark; ``refused``: the fast path already said no.

        A payload the fast path refused is most likely invalid: its issues are asked for at once, with no
        separate validity check first (a valid one then costs a little more, and is found valid all the same).
        """
        keep: _KeepUnder | None = None
        if refused and self._top is not None:
            top_issues = self._top_issues(raw, line)
            if isinstance(top_issues, _KeepUnder):
                keep = top_issues
            elif top_issues is not None:
                return PayloadResult(source, line, top_issues)
        result = self._checked_whole(raw, source, line, refused)
        if keep is not None and result.errors and all(map(keep.decided, result.errors)):
            assert self._top is not None
            unplaced = tuple(
                ValidationIssue(issue.instance_path, issue.schema_path, issue.keyword, issue.message)
                for issue in result.errors
            )
            keys, values = keep.key
            self._top.remember(keep.key, (unplaced, unplaced), sum(map(len, keys)) + sum(map(len, values)))
        return result

    def _checked_whole(self, raw: bytes, source: str, line: int, refused: bool) -> PayloadResult:
        """The exact path on the whole payload (see _checked)."""
        try:
            document = orjson.loads(raw)
        except orjson.JSONDecodeError as error:
            return PayloadResult(source, line, (self._parse_issue(raw, error, line),))
        issues: list[ValidationIssue] = []
        text: str | bytes | None = None
        if may_have_duplicate_keys(raw, document):
            text = _decode_for_location(raw)
            for duplicate in find_duplicate_keys(text):
                key_line, column = (None, None) if duplicate.offset is None else line_and_column(text, duplicate.offset)
                issues.append(
                    ValidationIssue(
                        (*duplicate.path, duplicate.key),
                        (),
                        "duplicate-key",
                        f"key {json_spelling(duplicate.key, 80)} occurs more than once in this object; "
                        "parsers disagree on which wins",
                        None if key_line is None else line + key_line - 1,
                        column,
                    )
                )
        if refused or not self._is_valid(document):
            if text is None:  # ASCII is located as it is; other text by characters, decoded
                text = raw if raw.isascii() else _decode_for_location(raw)
            schema_issues = self._schema_issues(document, text, not issues, line, checked=not refused)
            if not issues:
                return PayloadResult(source, line, schema_issues)
            issues.extend(schema_issues)
        return PayloadResult(source, line, tuple(issues))

    # -- a refused payload explained member by member -------------------------------------------------------
    def _top_issues(self, raw: bytes, line: int) -> tuple[ValidationIssue, ...] | _KeepUnder | None:
        """The issues of a payload the native check refused, from its failing parts only; else ask the whole path.

        The native checker tells which members of the top object fail their property's schema: only those are
        parsed, each checked against its property's schema alone. Or it tells that the object's own keywords
        (`required`, `additionalProperties`, the conditions) fail, and gives what decides their issues: the
        object's keys and the values its conditions compare. The issues are the same, in the same order, as the
        whole payload's (tests/property/test_fast_path.py).

        What a failing value gets is the same wherever it occurs, so it is kept (see _TopObject.remember): a
        stream that repeats a mistake, as a client with a bug does, pays for explaining it once, and then only
        for placing its issues in each payload's text. Returns the issues; None: ask the whole path; _KeepUnder:
        ask the whole path and keep its issues under the key.
        """
        top = self._top
        assert top is not None
        found = top.explain(raw)
        if found is None:
            return None
        starts: dict[str | int, int] = {}  # where the values of the members named start in the text
        if found[0]:
            # The object's own keywords fail: what decides their issues is known, but the whole payload's path
            # finds them at no greater cost; kept under that key (by _checked), they are then only placed.
            group = top.explained.get(found[1])
            if group is None:
                return _KeepUnder(found[1], tuple(name for name, _ in found[2]))
            starts.update(found[2])
            groups = [group]
        else:
            try:
                member_groups = self._member_issues(top, raw, found[1], starts)
            except (ValueError, RecursionError):  # unparsable or too deep after all: the whole path says so
                return None
            if not member_groups:
                return None
            groups = member_groups
        text = raw if raw.isascii() else _decode_for_location(raw)
        if type(text) is not bytes:
            starts = {}  # offsets in bytes: not the characters' offsets of a decoded text
        if len(groups) == 1:  # one group's issues, best first already
            return tuple(_located(issue, text, line, starts) for issue in groups[0][1])
        return _best_first([_located(issue, text, line, starts) for in_order, _ in groups for issue in in_order])

    def _member_issues(
        self, top: _TopObject, raw: bytes, failed: tuple[tuple[int, int, int], ...], starts: dict[str | int, int]
    ) -> list[_Group] | None:
        """Each failing member's issues as a _Group (not yet placed in the text); ``starts`` gets their places."""
        found: list[_Group] = []
        for index, start, end in failed:
            value = raw[start:end]
            key = (index, value)
            name = top.names[index]
            issues = top.explained.get(key)
            if issues is None:
                place = ("properties", name)
                validator = self._branch_validator(place)  # the property's schema alone, compiled once
                if validator is None:
                    return None
                errors = validator.iter_errors(orjson.loads(value))
                issues = _explained_group(self._explained(errors, None, True, 1, (name,), place))
                if not issues:
                    return None  # valid after all (the native check was unsure): let the whole path say so
                top.remember(key, issues, len(value))
            starts[name] = start
            found.append(issues)
        return found

    # -- a stream scanned in blocks ---------------------------------------------------------------------------
    def _line_scanner(self) -> LineScan | None:
        """The native checker's block scan, when this validator has one (compiled now: a stream is long)."""
        scan: LineScan | None = getattr(self.fast_path, "scan_lines", None)
        return scan

    def _scan_stream(
        self,
        stream: Any,
        scan: LineScan,
        source: str,
        first_line: int,
        progress: Callable[[int], None] | None,
        stats: RunStats,
        at_file_start: bool,
    ) -> Iterator[PayloadResult]:
        """check_json_lines for a binary stream, yielding invalid payloads only, a block at a time.

        The stream is read into one reused buffer (no allocation, no copy but the read's own); the native
        checker passes whole blocks of accepted lines in one call, and each line it stops at is decided here,
        one by one. ``readinto1`` returns what one read gives, so lines from a pipe are checked as they arrive.
        """
        readinto = getattr(stream, "readinto1", None) or stream.readinto
        buffer = bytearray(SCAN_BLOCK)
        filled = start = 0  # bytes of data in the buffer; where its next line starts
        line_number = first_line
        bom_pending = at_file_start
        final = False
        while not final:
            if start:  # keep the unfinished last line, at the front
                buffer[: filled - start] = buffer[start:filled]
                filled, start = filled - start, 0
            if filled == len(buffer):
                buffer.extend(bytes(len(buffer)))  # a line longer than the buffer: twice the room
            free = memoryview(buffer)[filled:]
            try:
                count = readinto(free) or 0
            finally:
                free.release()  # the buffer may grow before the next read
            final = count == 0
            filled += count
            if progress is not None and count:
                progress(count)
            if bom_pending:
                if filled < len(_BOM) and not final:
                    continue
                start = len(_BOM) if buffer.startswith(_BOM) else 0  # a byte order mark opens the file: ignored
                bom_pending = False
            data = memoryview(buffer)[:filled]
            try:
                while True:
                    stop, lines, payloads = scan(data, start, final)
                    line_number += lines
                    stats.payloads += payloads
                    start = stop
                    if stop == filled:
                        break
                    newline = buffer.find(b"\n", stop, filled)
                    if newline < 0 and not final:
                        break  # the unfinished last line waits for the next read
                    start = filled if newline < 0 else newline + 1
                    raw = bytes(data[stop:start])
                    line_number += 1
                    if raw.isspace():
                        continue  # blank, with a vertical tab or form feed the checker leaves to this test
                    result = self._explain_refused(raw, source, line_number - 1, stats)
                    if not result.valid:
                        yield result
            finally:
                data.release()

    def _parse_issue(self, raw: bytes, error: orjson.JSONDecodeError, line: int) -> ValidationIssue:
        issue = self._parse_issue_untrimmed(raw, error, line)
        return replace(issue, message=trim(issue.message, MESSAGE_LIMIT))

    def _parse_issue_untrimmed(self, raw: bytes, error: orjson.JSONDecodeError, line: int) -> ValidationIssue:
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
        scan = self._line_scanner() if not include_valid and hasattr(lines, "readinto") else None
        if scan is not None:
            yield from self._scan_stream(lines, scan, source, first_line, progress, stats, at_file_start)
            return
        if at_file_start:
            lines = _without_leading_bom(lines)
        # The hot path: the fast accept path (one pass), else parse, check, screen for repeated keys; anything
        # unusual goes to check_bytes, which explains.
        loads, is_valid, decode_error = orjson.loads, self._is_valid, orjson.JSONDecodeError
        accepts = self._fast_accepts()
        settled = not self._settling
        pending_bytes = 0
        for line_number, raw in enumerate(lines, start=first_line):
            pending_bytes += len(raw)
            if progress is not None and pending_bytes > _PROGRESS_BYTES:
                progress(pending_bytes)
                pending_bytes = 0
            if not settled:
                accepts = self._fast_accepts()
                settled = not self._settling
            if accepts is not None:
                if accepts(raw):
                    stats.payloads += 1
                    if include_valid:
                        yield PayloadResult(source, line_number)
                    continue
                if not raw or raw.isspace():
                    continue
                result = self._explain_refused(raw, source, line_number, stats)
                if include_valid or not result.valid:
                    yield result
                continue
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
