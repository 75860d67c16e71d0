"""Turn the command line's inputs (files, folders, ``-``) into units of work, in a stable order."""

from __future__ import annotations

import os
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from schema_contracts.errors import InputError

__all__ = ["JSON_LINES_SUFFIXES", "PAYLOAD_SUFFIXES", "STDIN", "InputFile", "UnreadableInput", "collect_inputs"]

STDIN = "-"
JSON_LINES_SUFFIXES = frozenset({".jsonl", ".ndjson"})
PAYLOAD_SUFFIXES = frozenset({".json"}) | JSON_LINES_SUFFIXES


@dataclass(frozen=True)
class InputFile:
    """A payload input: a file (or ``-``) and whether it holds one payload per line."""

    path: str
    json_lines: bool

    @property
    def size(self) -> int:
        """Its size in bytes, 0 when unknown (stdin, or it cannot be read)."""
        try:
            return 0 if self.path == STDIN else os.path.getsize(self.path)
        except OSError:
            return 0


@dataclass(frozen=True)
class UnreadableInput:
    """A file or folder found while walking that could not be read; reported, never fatal."""

    path: str
    reason: str


def _walk_folder(folder: Path, json_lines: bool) -> Iterator[InputFile | UnreadableInput]:
    problems: list[UnreadableInput] = []

    def on_error(error: OSError) -> None:
        problems.append(UnreadableInput(str(error.filename), error.strerror or str(error)))

    found = []
    for directory, subdirectories, files in os.walk(folder, onerror=on_error):
        subdirectories.sort()
        for name in files:
            if Path(name).suffix in PAYLOAD_SUFFIXES:
                path = os.path.join(directory, name)
                found.append(InputFile(path, json_lines or Path(name).suffix in JSON_LINES_SUFFIXES))
    yield from sorted(found, key=lambda item: item.path)
    yield from problems


def collect_inputs(paths: Sequence[str], json_lines: bool = False) -> list[InputFile | UnreadableInput]:
    """Every input, folders expanded recursively (``*.json``, ``*.jsonl``, ``*.ndjson``), sorted within a folder.

    A path that does not exist is a usage error, raised before anything is validated.
    """
    missing = [path for path in paths if path != STDIN and not os.path.lexists(path)]
    if missing:
        raise InputError("no such file or folder: " + ", ".join(missing))
    if paths.count(STDIN) > 1:
        raise InputError("'-' (standard input) may be given only once")
    inputs: list[InputFile | UnreadableInput] = []
    for path in paths:
        if path != STDIN and os.path.isdir(path):
            inputs.extend(_walk_folder(Path(path), json_lines))
        else:
            inputs.append(InputFile(path, json_lines or Path(path).suffix in JSON_LINES_SUFFIXES))
    return inputs
