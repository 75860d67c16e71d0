"""Facts about raw JSON text that a parser does not keep: where a value starts, and repeated keys.

Both are needed only for payloads already known to be worth a closer look (invalid, or possibly holding a
duplicate key), and both run at C speed whatever the payload's size: Python's own JSON scanner (in C) skips
whole values, so locating a value costs one step per sibling on its path, and repeated keys are found by one
parse with an ``object_pairs_hook``. Also here: the one helper that bounds a value or message for output.
"""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, NamedTuple

import orjson

from schema_contracts.validate._native_build import NATIVE

__all__ = [
    "LOCATE_STEPS",
    "MESSAGE_LIMIT",
    "DuplicateKey",
    "find_duplicate_keys",
    "json_spelling",
    "line_and_column",
    "locate_value",
    "may_have_duplicate_keys",
    "trim",
]

# A string token followed by a colon: an upper bound on the number of keys in a text.
_KEY_LIKE = rb'"\s*:'
_WHITESPACE = re.compile(r"[ \t\n\r]*")
_WS = " \t\n\r"
# orjson parses up to 1024 levels; Python's scanner recurses once a level, so it needs this much head room.
_SCANNER_DEPTH = 2_500

# Walking to a value or a repeated key takes one Python step per member passed (scalars and skipped values
# are scanned in C). Past this many steps the walk stops and the issue is reported without line and column,
# so locating costs at most about half a second on top of validating, whatever the payload's size.
LOCATE_STEPS = 250_000
# Values and messages longer than this are trimmed in the middle for output, saying how much was left out.
MESSAGE_LIMIT = 400

Path = tuple[str | int, ...]


def trim(text: str, limit: int = MESSAGE_LIMIT) -> str:
    """``text`` if it is at most ``limit`` characters, else its start and end around a note of what was cut.

    The one trimming helper: every value or message that may be as large as a payload goes through it.
    """
    if len(text) <= limit:
        return text
    tail = min(limit // 4, 80)
    head = max(limit - tail - 40, 1)
    return f"{text[:head]} … [{len(text) - head - tail:,} characters trimmed] … {text[-tail:]}"


def json_spelling(value: Any, limit: int = MESSAGE_LIMIT) -> str:
    """``value`` as JSON (``null``, ``"text"``, ``[1, 2]``), trimmed to ``limit``; never a Python repr."""
    try:
        text = orjson.dumps(value).decode()
    except (orjson.JSONEncodeError, TypeError):  # too deep for orjson, or not JSON at all
        text = json.dumps(value, default=str)[: limit + 1] if not isinstance(value, str) else repr(value)
    return trim(text, limit)


class DuplicateKey(NamedTuple):  # a NamedTuple, not a frozen dataclass: several times quicker to create at start-up
    """A key that occurs more than once in one object; ``offset`` is where it occurs again."""

    path: Path
    key: str
    offset: int | None  # None: not located (more than LOCATE_STEPS members to walk)


@contextmanager
def _scanner_room() -> Iterator[None]:
    """Recursion head room for Python's JSON scanner on deep (but orjson-acceptable) documents."""
    previous = sys.getrecursionlimit()
    sys.setrecursionlimit(max(previous, _SCANNER_DEPTH))
    try:
        yield
    finally:
        sys.setrecursionlimit(previous)


# Python's C string scanner: (decoded string, offset after it) for the string whose opening quote precedes.
scanstring: Callable[[str, int], tuple[str, int]] = json.decoder.scanstring  # type: ignore[attr-defined]
_SCAN_VALUE: Callable[[str, int], tuple[Any, int]] = json.scanner.make_scanner(json.JSONDecoder())  # type: ignore[attr-defined]


def _skip_ws(text: str, index: int) -> int:
    match = _WHITESPACE.match(text, index)
    return match.end() if match else index


class _Cursor:
    """Walks the text of a valid JSON document; Python's C scanner skips each value whole."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.steps = [LOCATE_STEPS]

    def members(self, start: int) -> Iterator[tuple[str, int, int]]:
        """(key, key offset, value offset) of each member of the object at ``start``, in text order."""
        text, steps, scan = self.text, self.steps, _SCAN_VALUE
        index = _skip_ws(text, start + 1)
        if text[index] == "}":
            return
        while True:
            steps[0] -= 1
            if steps[0] < 0:
                raise _OutOfSteps
            key_at = index
            key, index = scanstring(text, index + 1)
            if text[index] != ":":
                index = _skip_ws(text, index)
            index += 1
            if text[index] in _WS:
                index = _skip_ws(text, index)
            yield key, key_at, index
            _, index = scan(text, index)
            if text[index] in _WS:
                index = _skip_ws(text, index)
            if text[index] == "}":
                return
            index += 1  # past the comma
            if text[index] in _WS:
                index = _skip_ws(text, index)

    def elements(self, start: int) -> Iterator[int]:
        """The offset of each element of the array at ``start``."""
        text, steps, scan = self.text, self.steps, _SCAN_VALUE
        index = _skip_ws(text, start + 1)
        if text[index] == "]":
            return
        while True:
            steps[0] -= 1
            if steps[0] < 0:
                raise _OutOfSteps
            yield index
            _, index = scan(text, index)
            if text[index] in _WS:
                index = _skip_ws(text, index)
            if text[index] == "]":
                return
            index += 1
            if text[index] in _WS:
                index = _skip_ws(text, index)


def _locate(text: str, path: Path, unique: bool) -> int | None:
    cursor = _Cursor(text)
    index = _skip_ws(text, 0)
    for part in path:
        if text.startswith("{", index):
            wanted = str(part)
            found = None
            for key, _, value_at in cursor.members(index):
                if key == wanted:
                    found = value_at  # the last occurrence is the one a parser keeps: look on, unless unique
                    if unique:
                        break
            if found is None:
                return None
            index = found
        elif text.startswith("[", index) and isinstance(part, int | str) and str(part).isdigit():
            position = int(part)
            for number, element_at in enumerate(cursor.elements(index)):
                if number == position:
                    index = element_at
                    break
            else:
                return None
        else:
            return None
    return index


def locate_value(text: str | bytes, path: Path, unique: bool = False) -> int | None:
    """The offset in ``text`` where the value at ``path`` starts, or None if it is not there.

    ``text`` must be valid JSON: a str, or bytes that are all ASCII (byte and character offsets are then one).
    For a repeated key, the occurrence a parser keeps (the last); ``unique``: no key repeats, so the first is
    the last and the walk stops there. An ASCII text is walked by the native checker's scanner when it is
    built, with no step limit as it is linear; otherwise one Python step per sibling on the way, skipped values
    scanned in C, None past ``LOCATE_STEPS`` steps.
    """
    if _native_locate is not None:
        ascii_bytes = text if isinstance(text, bytes) else text.encode("ascii") if text.isascii() else None
        if ascii_bytes is not None:
            offset = _native_locate(ascii_bytes, tuple(path), unique)
            if offset != -1:  # -1: a key on the way is escaped; compared decoded below
                return offset
    if isinstance(text, bytes):
        text = text.decode("ascii")
    try:
        with _scanner_room():
            return _locate(text, path, unique)
    except (ValueError, RecursionError, IndexError, _OutOfSteps):
        return None


_native_locate: Callable[[bytes, tuple[str | int, ...], bool], int | None] | None = (
    NATIVE.locate if NATIVE is not None else None
)


def _repeated_keys(text: str) -> list[str] | None:
    """The keys repeated anywhere in ``text``, found by one parse at C speed; None if it cannot parse it."""
    repeated: list[str] = []

    def hook(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
        result = dict(pairs)
        if len(result) != len(pairs):
            seen: set[str] = set()
            for key, _ in pairs:
                if key in seen:
                    repeated.append(key)
                seen.add(key)
        return result

    try:
        with _scanner_room():
            json.loads(text, object_pairs_hook=hook)
    except (ValueError, RecursionError):
        return None
    return repeated


class _OutOfSteps(Exception):
    """A walk passed LOCATE_STEPS members: report without a place."""


def _step(steps: list[int]) -> None:
    steps[0] -= 1
    if steps[0] < 0:
        raise _OutOfSteps


def _collect_duplicates(
    text: str, index: int, stack: list[str | int], out: list[DuplicateKey], steps: list[int]
) -> int:
    """Record the repeated keys of the value at ``index`` (and inside it); return the offset after it."""
    opener = text[index]
    if opener not in "{[":
        _, end = _SCAN_VALUE(text, index)
        return end
    closer = "}" if opener == "{" else "]"
    index = _skip_ws(text, index + 1)
    if text.startswith(closer, index):
        return index + 1
    seen: set[str] = set()
    position = 0
    while True:
        _step(steps)
        if opener == "{":
            key_at = index
            key, index = scanstring(text, index + 1)
            if key in seen:
                out.append(DuplicateKey(tuple(stack), key, key_at))
            seen.add(key)
            index = _skip_ws(text, _skip_ws(text, index) + 1)  # past the colon
            stack.append(key)
        else:
            stack.append(position)
            position += 1
        index = _skip_ws(text, _collect_duplicates(text, index, stack, out, steps))
        stack.pop()
        if text.startswith(closer, index):
            return index + 1
        index = _skip_ws(text, index + 1)  # past the comma


def find_duplicate_keys(text: str) -> list[DuplicateKey]:
    """Every repeated key in every object of ``text`` (valid JSON), in order of occurrence.

    One parse by Python's C scanner says whether there is any; only then is the text walked (one Python
    step per member, scalars skipped in C) for where they are. Past ``LOCATE_STEPS`` members the keys are
    reported without a place (``offset`` None) rather than walked to.
    """
    repeated = _repeated_keys(text)
    if not repeated:
        return []
    duplicates: list[DuplicateKey] = []
    try:
        with _scanner_room():
            _collect_duplicates(text, _skip_ws(text, 0), [], duplicates, [LOCATE_STEPS])
    except (ValueError, RecursionError, IndexError, _OutOfSteps):
        return [DuplicateKey((), key, None) for key in dict.fromkeys(repeated)]
    return duplicates


def _count_members(document: object) -> int:
    count = 0
    pending = [document]
    while pending:
        item = pending.pop()
        if isinstance(item, dict):
            count += len(item)
            pending.extend(item.values())
        elif isinstance(item, list):
            pending.extend(item)
    return count


# The native walk over keys says "no key repeats" in one pass that skips strings whole and builds nothing; it
# declines what it cannot tell cheaply (an escaped key, an object of many members, deep nesting), and the
# screens below decide those.
_repeats_no_key: Callable[[bytes], bool] | None = NATIVE.unique_keys if NATIVE is not None else None


def may_have_duplicate_keys(raw: bytes, document: object) -> bool:
    """False when ``raw`` certainly has no repeated key; cheap enough to run on every payload.

    A native walk over the keys decides most payloads in one pass. Three sound screens follow, cheapest first; only a
    payload that passes none goes to ``find_duplicate_keys``:
    1. ``raw`` is byte for byte orjson's compact form of the parsed document (as compact producers such as
       FastAPI write it): that form writes each key once, so nothing was dropped.
    2. Each key is followed by a colon, so the colons bound the keys from above: as many colons as members kept.
    3. Likewise, a string followed by a colon: as many such pairs as members kept.
    """
    if _repeats_no_key is not None and _repeats_no_key(raw):
        return False
    try:
        compact = orjson.dumps(document)
    except orjson.JSONEncodeError:  # nested deeper than orjson writes (255 levels)
        compact = b""
    # `raw` is `compact` followed by nothing but a line ending; checked without copying `raw`.
    if compact and raw.startswith(compact) and not raw[len(compact) :].strip(b"\r\n"):
        return False
    members = _count_members(document)
    return raw.count(b":") != members and len(re.findall(_KEY_LIKE, raw)) != members


def line_and_column(text: str | bytes, offset: int) -> tuple[int, int]:
    """1-based line and column (in characters) of ``offset`` in ``text`` (a str, or bytes all ASCII)."""
    newline = "\n" if isinstance(text, str) else b"\n"
    line_start = text.rfind(newline, 0, offset) + 1  # type: ignore[arg-type]  # str with str, bytes with bytes
    # A line of JSON Lines holds no line feed: its line is found without counting (rfind runs at memrchr speed).
    line = text.count(newline, 0, line_start) + 1 if line_start else 1  # type: ignore[arg-type]
    return line, offset - line_start + 1
