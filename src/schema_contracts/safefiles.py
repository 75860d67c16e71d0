"""Open only regular files, and read them with a bound: a FIFO never hangs a run, ``/dev/zero`` never fills memory.

Dependency-free; payload inputs (``validate``) and schema files (``schemanav``) both open files through here.
"""

from __future__ import annotations

import errno
import os
import stat
from typing import BinaryIO

__all__ = ["NotRegularFileError", "TooLargeError", "file_kind", "open_regular", "read_at_most"]

_KINDS = (
    (stat.S_ISDIR, "a folder"),
    (stat.S_ISFIFO, "a FIFO (named pipe)"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISSOCK, "a socket"),
)


class NotRegularFileError(OSError):
    """The path names a folder, FIFO, device or socket where a regular file is needed; it was not read."""


class TooLargeError(OSError):
    """The file holds more bytes than the caller allows; reading stopped at the limit."""


def file_kind(mode: int) -> str:
    """A few words for what a ``st_mode`` describes: "a FIFO (named pipe)", "a regular file", ..."""
    for test, words in _KINDS:
        if test(mode):
            return words
    return "a regular file" if stat.S_ISREG(mode) else "a special file"


def _is_fifo(path: str | os.PathLike[str]) -> bool:
    try:
        return stat.S_ISFIFO(os.stat(path).st_mode)
    except OSError:
        return False


def open_regular(path: str | os.PathLike[str], allow_fifo: bool = False) -> BinaryIO:
    """``path`` opened for binary reading if it is a regular file (or, with ``allow_fifo``, a pipe).

    The file is opened without blocking and checked on its descriptor, so a FIFO with no writer cannot hang the
    caller and a symlink swapped after a check cannot slip through. Anything else raises NotRegularFileError.
    """
    flags = os.O_RDONLY | os.O_CLOEXEC
    if not (allow_fifo and _is_fifo(path)):
        flags |= os.O_NONBLOCK  # a pipe is opened only when allowed, and then waits for its writer as usual
    descriptor = os.open(path, flags)
    try:
        mode = os.fstat(descriptor).st_mode
        if not (stat.S_ISREG(mode) or (allow_fifo and stat.S_ISFIFO(mode))):
            raise NotRegularFileError(errno.EINVAL, f"it is {file_kind(mode)}, not a regular file", str(path))
        os.set_blocking(descriptor, True)
        return os.fdopen(descriptor, "rb")
    except BaseException:
        os.close(descriptor)
        raise


def read_at_most(stream: BinaryIO, limit: int, name: str) -> bytes:
    """All of ``stream``, or TooLargeError once it holds more than ``limit`` bytes (never reads past limit + 1)."""
    data = stream.read(limit + 1)
    if len(data) > limit:
        raise TooLargeError(errno.EFBIG, f"larger than the limit of {limit:,} bytes", name)
    return data
