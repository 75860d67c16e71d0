"""Fault injection: real processes, real signals, a real full disk; every check reads the process table (/proc)."""

from __future__ import annotations

import sys

import pytest

if not sys.platform.startswith("linux"):
    pytest.skip("the fault tests read /proc and use /dev/full: Linux only", allow_module_level=True)

from faults.procs import start

__all__ = ["start"]
