"""Facts about raw JSON text that a parser does not keep: where a value starts, and repeated keys.

Both are needed only for payloads already known to be worth a closer look (invalid, or possibly holding
a duplicate key), so a small tokenizer in Python is fast enough; the hot path never calls it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

import orjson

__all__ = ["DuplicateKey", "find_duplicate_keys", "line_and_column", "locate_value", "may_have_duplicate_keys"]

# A string (unrolled for speed), a structural character, or a run of anything else (numbers, literals).
_TOKEN = r'"[^"\\]*(?:\\.[^"\\]*)*"|[{}\[\],:]|[^\s{}\[\],:"]+'
# A string token followed by a colon: an upper bound on the number of keys in a text.
_KEY_LIKE = rb'"\s*:'

Path = tuple[str | int, ...]


@dataclass(frozen=True)
class DuplicateKey:
    """A key that occurs more than once in one object; ``offset`` is where it occurs again."""

    path: Path
    key: str
    offset: int


@dataclass
class _Frame:
    is_object: bool
    key: str | int = 0
    expecting_key: bool = True


def _decode_key(token: str) -> str:
    if "\\" not in token:
        return token[1:-1]
    key: str = orjson.loads(token)
    return key


def _walk(text: str) -> Iterator[tuple[str, Path, int, str]]:
    """Yield ("value", path, offset, "") where each value starts, and ("key", path, offset, key) for keys."""
    stack: list[_Frame] = []

    def path() -> Path:
        return tuple(frame.key for frame in stack)

    for match in re.finditer(_TOKEN, text, re.DOTALL):  # re caches the compiled pattern
        token = match.group()
        top = stack[-1] if stack else None
        if token in ",:":
            if token == "," and top is not None:
                if top.is_object:
                    top.expecting_key = True
                else:
                    assert isinstance(top.key, int)
                    top.key += 1
            continue
        if token in "}]":
            if stack:
                stack.pop()
            continue
        if top is not None and top.is_object and top.expecting_key:
            if token.startswith('"'):
                top.key = _decode_key(token)
                top.expecting_key = False
                yield "key", path()[:-1], match.start(), top.key
            continue
        yield "value", path(), match.start(), ""
        if token == "{":
            stack.append(_Frame(is_object=True, key=""))
        elif token == "[":
            stack.append(_Frame(is_object=False, key=0))


def locate_value(text: str, path: Path) -> int | None:
    """The offset in ``text`` where the value at ``path`` starts, or None if it is not there."""
    wanted = tuple(str(part) for part in path)
    for event, event_path, offset, _ in _walk(text):
        if event == "value" and tuple(str(part) for part in event_path) == wanted:
            return offset
    return None


def find_duplicate_keys(text: str) -> list[DuplicateKey]:
    """Every repeated key in every object of ``text``, in order of occurrence."""
    seen: dict[Path, set[str]] = {}
    duplicates = []
    for event, event_path, offset, key in _walk(text):
        if event == "value" and text[offset] == "{":
            seen[event_path] = set()  # a new object at this path: forget an earlier sibling's keys
        elif event == "key":
            keys = seen.setdefault(event_path, set())
            if key in keys:
                duplicates.append(DuplicateKey(event_path, key, offset))
            keys.add(key)
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


def may_have_duplicate_keys(raw: bytes, document: object) -> bool:
    """False when ``raw`` certainly has no repeated key; cheap enough to run on every payload.

    Three sound screens, cheapest first; only a payload that passes none goes to the tokenizer:
    1. ``raw`` is byte for byte orjson's compact form of the parsed document (as compact producers such as
       FastAPI write it): that form writes each key once, so nothing was dropped.
    2. Each key is followed by a colon, so the colons bound the keys from above: as many colons as members kept.
    3. Likewise, a string followed by a colon: as many such pairs as members kept.
    """
    try:
        compact = orjson.dumps(document)
    except orjson.JSONEncodeError:  # nested deeper than orjson writes (255 levels)
        compact = b""
    # `raw` is `compact` followed by nothing but a line ending; checked without copying `raw`.
    if compact and raw.startswith(compact) and not raw[len(compact) :].strip(b"\r\n"):
        return False
    members = _count_members(document)
    return raw.count(b":") != members and len(re.findall(_KEY_LIKE, raw)) != members


def line_and_column(text: str, offset: int) -> tuple[int, int]:
    """1-based line and column (in characters) of ``offset`` in ``text``."""
    line = text.count("\n", 0, offset) + 1
    column = offset - (text.rfind("\n", 0, offset) + 1) + 1
    return line, column
