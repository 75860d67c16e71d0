"""Strings drawn from a regular expression, so that candidates reach both sides of a ``pattern``.

JSON Schema patterns are ECMA-262 regular expressions; the common subset parses with Python's own parser,
and what it cannot parse simply gives no samples.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterable
from typing import Any

__all__ = ["pattern_samples"]

_sre: Any = importlib.import_module("re._parser")


def _class_char(items: list[Any], choice: int) -> str:
    negate = any(op is _sre.NEGATE for op, _ in items)
    candidates: list[str] = []
    for op, arg in items:
        if op is _sre.LITERAL:
            candidates.append(chr(arg))
        elif op is _sre.RANGE:
            low, high = arg
            candidates += [chr(low), chr(high), chr((low + high) // 2)]
        elif op is _sre.CATEGORY:
            candidates += _category(arg)
    if negate:
        pool = [c for c in "aZ0 _-!" if c not in candidates]
        return pool[choice % len(pool)] if pool else "~"
    return candidates[choice % len(candidates)] if candidates else "a"


def _category(category: Any) -> list[str]:
    name = str(category)
    if "DIGIT" in name:
        return ["0", "7"] if "NOT" not in name else ["a"]
    if "SPACE" in name:
        return [" "] if "NOT" not in name else ["a"]
    if "WORD" in name:
        return ["a", "Z", "_"] if "NOT" not in name else ["-"]
    return ["a"]


def _emit(parsed: Iterable[Any], choice: int, out: list[str]) -> None:
    for op, arg in parsed:
        if op is _sre.LITERAL:
            out.append(chr(arg))
        elif op is _sre.NOT_LITERAL:
            out.append("a" if chr(arg) != "a" else "b")
        elif op is _sre.ANY:
            out.append("a")
        elif op is _sre.IN:
            out.append(_class_char(arg, choice))
        elif op is _sre.CATEGORY:
            out.append(_category(arg)[0])
        elif op is _sre.BRANCH:
            branches = arg[1]
            _emit(branches[choice % len(branches)], choice, out)
        elif op is _sre.SUBPATTERN:
            _emit(arg[-1], choice, out)
        elif op in (_sre.MAX_REPEAT, _sre.MIN_REPEAT, getattr(_sre, "POSSESSIVE_REPEAT", None)):
            low, high, body = arg
            high = low + 3 if high is _sre.MAXREPEAT else high
            count = (low, min(high, low + 1), high, min(high, low + 2))[choice % 4]
            for repeat in range(count):
                _emit(body, choice + repeat, out)
        elif op is _sre.GROUPREF:
            out.append("")
        # anchors (AT) and lookarounds emit nothing


def pattern_samples(pattern: str) -> list[str]:
    """A few strings built to match ``pattern`` (an ECMA-262 regex, mostly Python-compatible)."""
    try:
        parsed = _sre.parse(pattern)
    except Exception:
        return []
    found: list[str] = []
    for choice in range(8):
        out: list[str] = []
        try:
            _emit(parsed, choice, out)
        except (RecursionError, ValueError, IndexError, TypeError):
            break
        text = "".join(out)
        if text not in found:
            found.append(text)
    return found
