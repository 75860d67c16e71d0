"""Inputs named by paths or URLs, found through fsspec, and split into byte ranges for workers.

Local paths are collected exactly as a local run collects them (same names, same order), so the output
of a cluster run is the output of a local run; URLs (``s3://bucket/prefix/``, globs, ...) go through the
filesystem fsspec has for their protocol. Only sizes are read here: line boundaries are found by the workers.
"""

from __future__ import annotations

import glob
import os
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import Any

import fsspec
from fsspec.implementations.local import LocalFileSystem

from schema_contracts.errors import InputError
from schema_contracts.validate import STDIN, InputFile, UnreadableInput, collect_inputs

__all__ = ["ByteRange", "RemoteInput", "locate_inputs", "split_input"]

_JSON_LINES_SUFFIXES = (".jsonl", ".ndjson")
_PAYLOAD_SUFFIXES = (".json", *_JSON_LINES_SUFFIXES)
_GLOB_CHARACTERS = frozenset("*?[")


@dataclass(frozen=True)
class RemoteInput:
    """One input object: its name in the output, the filesystem and path to read it, its size."""

    source: str
    fs: Any
    path: str
    json_lines: bool
    size: int


@dataclass(frozen=True)
class ByteRange:
    """A share of one input for one task: the lines that start in ``[start, end)`` (``end`` -1: to the end).

    The task reads from ``start - 1`` to the first line break, drops that partial line (the previous range
    owns it), and reads on past ``end`` to finish its last line; so ranges need no knowledge of the lines.
    """

    input: RemoteInput
    index: int
    start: int = 0
    end: int = -1


def _is_url(text: str) -> bool:
    return "://" in text


def _has_glob(text: str) -> bool:
    return bool(_GLOB_CHARACTERS & set(text))


def _local(item: InputFile | UnreadableInput) -> RemoteInput | UnreadableInput:
    if isinstance(item, UnreadableInput):
        return item
    # The name stays as given (as in a local run); the path is absolute, as a worker's directory may differ.
    return RemoteInput(item.path, LocalFileSystem(), os.path.abspath(item.path), item.json_lines, item.size)


def _suffix(path: str) -> str:
    return PurePosixPath(path).suffix


def _remote(url: str, json_lines: bool) -> Iterator[RemoteInput | UnreadableInput]:
    try:
        fs, path = fsspec.core.url_to_fs(url)
    except (ImportError, ValueError) as error:
        raise InputError(f"cannot read {url}: {error}") from error
    try:
        if _has_glob(path):
            found = fs.glob(path, detail=True)
            entries = sorted((name, info) for name, info in found.items() if info.get("type") != "directory")
        elif fs.isdir(path):
            found = fs.find(path, detail=True)
            entries = sorted((name, info) for name, info in found.items() if _suffix(name) in _PAYLOAD_SUFFIXES)
        else:
            entries = [(path, fs.info(path))]
            for name, info in entries:
                yield RemoteInput(url, fs, name, json_lines or _suffix(name) in _JSON_LINES_SUFFIXES, info["size"])
            return
    except FileNotFoundError as error:
        raise InputError(f"no such file or folder: {url}") from error
    except OSError as error:
        yield UnreadableInput(url, error.strerror or str(error))
        return
    if not entries:
        raise InputError(f"no such file or folder: {url}")
    for name, info in entries:
        source = fs.unstrip_protocol(name)
        yield RemoteInput(source, fs, name, json_lines or _suffix(name) in _JSON_LINES_SUFFIXES, int(info["size"]))


def locate_inputs(urls: Sequence[str], json_lines: bool = False) -> list[RemoteInput | UnreadableInput | InputFile]:
    """Every input of ``urls``, in order: local paths as a local run finds them, URLs and globs through fsspec.

    Standard input (``-``) stays an ``InputFile``: only this process can read it. A path or URL that names
    nothing is a usage error, raised before any work starts.
    """
    local = [url for url in urls if not _is_url(url) and not (_has_glob(url) and not os.path.lexists(url))]
    missing = [url for url in local if url != STDIN and not os.path.lexists(url)]
    # The local run's usage errors, word for word: paths that do not exist, '-' more than once.
    collect_inputs(missing, json_lines)
    collect_inputs([STDIN] * urls.count(STDIN), json_lines)
    found: list[RemoteInput | UnreadableInput | InputFile] = []
    for url in urls:
        if url == STDIN:
            found.append(InputFile(STDIN, json_lines))
        elif _is_url(url):
            found.extend(_remote(url, json_lines))
        elif url in local:
            found.extend(_local(item) for item in collect_inputs([url], json_lines))
        else:
            matches = sorted(glob.glob(url, recursive=True))
            if not matches:
                raise InputError(f"no such file or folder: {url}")
            found.extend(_local(item) for item in collect_inputs(matches, json_lines))
    return found


def split_input(item: RemoteInput, chunk_bytes: int) -> Iterator[ByteRange]:
    """The ranges of one input: the whole of it, or ``chunk_bytes`` pieces of a larger JSON Lines input."""
    if not item.json_lines or item.size <= chunk_bytes:
        yield ByteRange(item, 0)
        return
    count = -(-item.size // chunk_bytes)
    for index in range(count):
        end = -1 if index == count - 1 else (index + 1) * chunk_bytes
        yield ByteRange(item, index, index * chunk_bytes, end)
