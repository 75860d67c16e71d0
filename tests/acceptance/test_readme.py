"""The README's snippets run as written: each block marked `<!-- ci: LANGUAGE -->` is executed."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from gocheck import go_env
from helpers import ROOT

MARKED_BLOCK = re.compile(r"<!-- ci: (\w+) -->\n```\w*\n(.*?)```", re.DOTALL)
SNIPPETS = MARKED_BLOCK.findall((ROOT / "README.md").read_text(encoding="utf-8"))
RUNNERS = {
    "python": ([sys.executable, "-"], ROOT),
    "node": (["node", "--input-type=module", "-"], ROOT / "js"),
    "bash": (["bash", "-euo", "pipefail", "-s"], ROOT),
    # `go run` needs a file: the snippet goes to a temporary main.go, built in GOPATH mode (see go_env).
    "go": (
        ["bash", "-euc", 'd=$(mktemp -d); trap \'rm -rf "$d"\' EXIT; cat > "$d/main.go"; go run "$d/main.go"'],
        ROOT,
    ),
}


def test_readme_has_a_snippet_per_language() -> None:
    """There are snippets for Python (with and without the package), JavaScript, Go, and other languages."""
    assert [language for language, _ in SNIPPETS] == ["python", "python", "node", "go", "bash"]


@pytest.mark.parametrize(("language", "code"), SNIPPETS, ids=[f"{i}-{lang}" for i, (lang, _) in enumerate(SNIPPETS)])
def test_snippet_runs(language: str, code: str) -> None:
    """The snippet exits 0 (its own assertions hold) from the folder the README says to run it in."""
    command, folder = RUNNERS[language]
    # The venv's python3 first on PATH, as `make` has it, so shell snippets find its packages.
    base = go_env() if language == "go" else dict(os.environ)
    env = {**base, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}"}
    completed = subprocess.run(command, input=code, cwd=folder, capture_output=True, text=True, env=env)
    assert completed.returncode == 0, completed.stderr
