"""Turn the command line's inputs (files, folders, ``-``) into units of work, in a stable order."""

from __future__ import annotations

import os
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from schema_contracts.errors import InputError
from schema_contracts.safefiles import open_regular

__all__ = [
    "JSON_LINES_SUFFIXES",
    "PAYLOAD_SUFFIXES",
    "STDIN",
    "InputFile",
    "UnreadableInput",
    "collect_inputs",
    "open_input",
]

STDIN = "-"
JSON_LINES_SUFFIXES = frozenset({".jsonl", ".ndjson"})
PAYLOAD_SUFFIXES = frozenset({".json"}) | JSON_LINES_SUFFIXES


@dataclass(frozen=True)
class InputFile:
    """A payload input: a file (or ``-``) and whether it holds one payload per line."""

    path: str
    json_lines: bool
    named: bool = False  # named on the command line (not found in a folder): a pipe is then read too

    @property
    def size(self) -> int:
        """Its size in bytes, 0 when unknown (stdin, or it cannot be read)."""
        try:
            return 0 if self.path == STDIN else os.path.getsize(self.path)
        except OSError:
            return 0


def open_input(item: InputFile) -> BinaryIO:
    """The file of ``item`` opened for reading: a regular file, or a pipe when named on the command line.

    A FIFO, device or socket met while walking a folder raises NotRegularFileError (an OSError) at once: it would
    block forever, or never end (a symlink to /dev/zero).
    """
    return open_regular(item.path, allow_fifo=item.named)


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
            suffix = os.path.splitext(name)[1]  # Path(name).suffix, without two Path objects per file
            if suffix in PAYLOAD_SUFFIXES:
                found.append(InputFile(os.path.join(directory, name), json_lines or suffix in JSON_LINES_SUFFIXES))
    yield from sorted(found, key=lambda item: item.path)
    yield from problems


def collect_inputs(paths: Sequence[str], json_lines: bool = False) -> list[InputFile | UnreadableInput]:
    """Every input, folders expanded recursively (``*.json``, ``*.jsonl``, ``*.ndjson``), sorted within a folder.

    A path that does not exist, or that a folder on its way does not let us reach, is a usage error, raised
    before anything is validated.
    """
    problems = _problems(paths)
    if problems:
        raise InputError("; ".join(f"{problem}: {', '.join(names)}" for problem, names in problems.items()))
    if paths.count(STDIN) > 1:
        raise InputError("'-' (standard input) may be given only once")
    inputs: list[InputFile | UnreadableInput] = []
    for path in paths:
        if path != STDIN and os.path.isdir(path):
            inputs.extend(_walk_folder(Path(path), json_lines))
        else:
            inputs.append(InputFile(path, json_lines or Path(path).suffix in JSON_LINES_SUFFIXES, named=True))
    return inputs


def _problems(paths: Sequence[str]) -> dict[str, list[str]]:
    """The paths that cannot be reached, by reason: "no such file or folder", "permission denied"."""
    problems: dict[str, list[str]] = {}
    for path in paths:
        if path == STDIN:
            continue
        try:
            os.lstat(path)
        except FileNotFoundError:
            problems.setdefault("no such file or folder", []).append(path)
        except PermissionError:
            problems.setdefault("permission denied (a folder on the way cannot be searched)", []).append(path)
        except OSError as error:
            problems.setdefault(error.strerror or "cannot reach", []).append(path)
    return problems
