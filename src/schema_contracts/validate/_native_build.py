"""The compiled native module (``_native.c``), or None where the package was installed without a C compiler.

The one place that asks; the fast path, the error locating and the base64 keyword each fall back to Python.
"""

from __future__ import annotations

from types import ModuleType

__all__ = ["NATIVE"]


def _load() -> ModuleType | None:
    try:
        from schema_contracts.validate import _native
    except ImportError:  # hatch_build.py found no C compiler
        return None
    return _native


NATIVE = _load()
