"""Generated files as data: render them, write them, and diff them against what is committed."""

from __future__ import annotations

import contextlib
import difflib
import os
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from schema_contracts.errors import OutputError

__all__ = ["RenderedFile", "diff_against", "write_atomically", "write_files"]


@dataclass(frozen=True)
class RenderedFile:
    """A generated file: its path relative to its output folder, and its exact text."""

    name: str
    text: str


def _current_umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def write_atomically(path: Path, data: bytes) -> None:
    """Replace ``path`` with ``data`` all at once: a reader sees the old file or the new one, never a part.

    The bytes go to a temporary file in the same folder, are flushed to disk, and are renamed over ``path``;
    on any error the temporary file is removed and ``path`` is left as it was.
    """
    descriptor, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(descriptor, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        mode = path.stat().st_mode & 0o7777 if path.exists() else 0o666 & ~_current_umask()
        os.chmod(temporary, mode)
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise


def write_files(directory: Path, files: Iterable[RenderedFile]) -> list[Path]:
    """Write the files under ``directory`` (created if missing); return the paths whose content changed.

    Each file is replaced atomically (see write_atomically): an I/O error leaves the old file, and exports
    running side by side never show a reader an empty or half-written file.
    """
    changed = []
    try:
        for rendered in files:
            path = directory / rendered.name
            path.parent.mkdir(parents=True, exist_ok=True)
            if not path.is_file() or path.read_text(encoding="utf-8") != rendered.text:
                write_atomically(path, rendered.text.encode("utf-8"))
                changed.append(path)
    except OSError as error:
        raise OutputError(f"cannot write to {directory}: {error.strerror or error}") from error
    return changed


def diff_against(directory: Path, files: Iterable[RenderedFile], owned: Iterable[Path] = ()) -> str:
    """A unified diff from what ``directory`` holds to ``files``; empty when they match.

    ``owned`` names files already in the folder that the generator would produce; any of them it no longer
    produces counts as stale too.
    """
    expected = {rendered.name: rendered.text for rendered in files}
    present = {path.relative_to(directory).as_posix() for path in owned}
    diff: list[str] = []
    for name in sorted(expected.keys() | present):
        path = directory / name
        try:
            actual = path.read_text(encoding="utf-8") if path.is_file() else ""
        except (OSError, UnicodeDecodeError) as error:
            raise OutputError(f"cannot read {path}: {error}") from error
        wanted = expected.get(name, "")
        if name not in expected and not actual:  # an empty leftover file still does not belong
            diff.append(f"--- {path} (committed)\n+++ /dev/null\n")
        elif actual != wanted:
            diff += difflib.unified_diff(
                actual.splitlines(keepends=True),
                wanted.splitlines(keepends=True),
                fromfile=f"{path} (committed)" if actual else "/dev/null",
                tofile=f"{path} (regenerated)" if wanted else "/dev/null",
            )
    return "".join(diff)
