"""The fast accept path: a check that says "certainly valid" or "ask the exact path", never "invalid".

``compile_fast_path(document)`` builds it from a schema file (never the models), or returns None when the
schema uses anything not translated exactly. ``accepts(raw)`` is True only when ``raw`` is a payload the exact
path (orjson, jsonschema-rs, the repeated-key screen) finds valid; a False sends the payload there, which
decides and explains. Two engines keep that promise:

- ``native``: ``_native.c`` runs the program that ``_program.py`` translates the schema into, in one pass over
  the bytes that parses and checks at once and builds no Python object, repeated keys included. It is compiled
  when the package is installed (hatch_build.py); the default.
- ``msgspec``: typed decoding into msgspec Structs, generated checks and a repeated-key screen over the bytes
  (``_msgspec_path.py``), for an installation built without a C compiler.

The property tests (tests/property/test_fast_path.py) hold both to python-jsonschema and jsonschema-rs.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Literal, Protocol

from schema_contracts.validate._native_build import NATIVE
from schema_contracts.validate._program import MAX_FAST_DEPTH, Unsupported, translate

__all__ = [
    "ENGINES",
    "MAX_FAST_DEPTH",
    "FastPath",
    "LineScan",
    "NativePath",
    "compile_fast_path",
    "native_available",
]

Engine = Literal["native", "msgspec"]
ENGINES: tuple[Engine, ...] = ("native", "msgspec")  # in the order compile_fast_path tries them
# scan_lines(buffer, start, final) -> (stop, lines, payloads): whole blocks of JSON Lines in one call.
LineScan = Callable[[bytes | bytearray | memoryview, int, bool], tuple[int, int, int]]


class FastPath(Protocol):
    """What the validator needs of an accept path."""

    @property
    def engine(self) -> str:
        """Which engine it is: one of ENGINES."""

    @property
    def source(self) -> str:
        """What it was built from, for a person debugging."""

    @property
    def accepts(self) -> Callable[[bytes], bool]:
        """True only if a payload is certainly valid; False means "ask the exact path", not "invalid"."""


class NativePath:
    """The native checker for one schema; ``accepts`` is its C method itself (no Python frame per payload)."""

    engine = "native"

    def __init__(self, program: dict[str, Any]) -> None:
        from schema_contracts.validate._native import Checker

        checker = Checker(program)
        self.accepts: Callable[[bytes], bool] = checker.accepts
        self.scan_lines: LineScan = checker.scan_lines
        self.explain = checker.explain
        self.top_names = checker.names  # the top object's declared members, by explain's index
        self._program = program

    @property
    def source(self) -> str:
        """The program, for a person debugging."""
        import pprint

        return pprint.pformat(self._program, width=120)


def native_available() -> bool:
    """Whether the native checker was compiled when the package was installed."""
    return NATIVE is not None


def compile_fast_path(document: Any, engine: Engine | None = None) -> FastPath | None:
    """The fast accept path for a schema document: the first engine that translates it, or the one named."""
    for candidate in ENGINES if engine is None else (engine,):
        if candidate == "native":
            if not native_available():
                continue
            try:
                return NativePath(translate(document))
            except (Unsupported, TypeError, ValueError):  # TypeError, ValueError: a malformed schema
                continue
        else:
            from schema_contracts.validate._msgspec_path import compile_msgspec_path

            path = compile_msgspec_path(document)
            if path is not None:
                return path
    return None
