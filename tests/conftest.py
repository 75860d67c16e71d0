"""Test configuration: hypothesis profiles (see tests/property) and the import path of the helpers."""

from __future__ import annotations

import os
import sys
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

sys.path.insert(0, str(Path(__file__).resolve().parent))

# `make test`: derandomised and bounded, so CI is fast and repeatable. `make fuzz`: ten times as many examples,
# random, sized to finish within about ten minutes on a 2-core machine (FUZZ_EXAMPLES changes the count).
settings.register_profile("ci", derandomize=True, max_examples=200, deadline=None, print_blob=True)
settings.register_profile(
    "fuzz",
    max_examples=int(os.environ.get("FUZZ_EXAMPLES", "2000")),
    deadline=None,
    print_blob=True,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))

pytest_plugins = ["pytester", "dask_support"]  # dask_support: the fixtures of tests/dask

# Examples each property test ran, counted by the tests themselves (see helpers.count_example).
EXAMPLES: Counter[str] = Counter()


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    if EXAMPLES:
        terminalreporter.write_sep("-", "property examples run")
        for name, count in sorted(EXAMPLES.items()):
            terminalreporter.write_line(f"{count:>9,}  {name}")
        terminalreporter.write_line(f"{sum(EXAMPLES.values()):>9,}  in all")
