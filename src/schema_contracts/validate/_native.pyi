"""Types of the compiled accept check (_native.c); the program's shape is described in _program.py."""

from typing import Any, Literal

MAX_DEPTH: int
MAX_KEYS: int
MAX_PROPS: int

def is_base64(text: str, /) -> bool:
    """Whether ``text`` is in the contract's base64 language (``base64_rule.is_contract_base64``)."""

def locate(document: bytes, path: tuple[str | int, ...], unique: bool, /) -> int | None:
    """Where the value at ``path`` starts in a valid document; None if not there; -1: a key is escaped."""

def unique_keys(document: bytes | bytearray | memoryview, /) -> bool:
    """True when a valid JSON document repeats no key in any object; False: it may (or cannot be told)."""

# (False, members failing their property's schema: (index, value start, value end)), or, when the top object's
# own keywords fail and its members pass: (True, (the object's keys, the texts of the values its conditions
# compare), (key, value start) of those members).
Explanation = (
    tuple[Literal[False], tuple[tuple[int, int, int], ...]]
    | tuple[Literal[True], tuple[tuple[str, ...], tuple[bytes, ...]], tuple[tuple[str, int], ...]]
)

class Checker:
    """A one-pass accept check of JSON payloads against a translated schema."""

    names: tuple[str, ...]  # the top object's declared names, by the index explain gives
    def __init__(self, program: dict[str, Any]) -> None: ...
    def accepts(self, raw: bytes | bytearray | memoryview, /) -> bool:
        """True only if ``raw`` is certainly a valid payload; False: ask the exact path."""
    def explain(self, raw: bytes | bytearray | memoryview, /) -> Explanation | None:
        """The failing members of the top object, or what decides its own keywords' issues; None: cannot tell."""
    def scan_lines(self, buffer: bytes | bytearray | memoryview, start: int, final: bool, /) -> tuple[int, int, int]:
        """Accept JSON Lines from ``start`` on: (where it stopped, lines passed, payloads accepted)."""
