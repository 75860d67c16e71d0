"""Export under faults: an I/O error mid-write keeps the old file; concurrent exports never show an empty file."""

from __future__ import annotations

import os
import resource
import signal
import stat
import subprocess
import sys
import threading
from pathlib import Path

from schema_contracts.artifacts import RenderedFile, write_files

CLI = [sys.executable, "-m", "schema_contracts"]


def _limit_file_size() -> None:
    # Files may not grow past 100 bytes: a write beyond fails with EFBIG (SIGXFSZ ignored), a real I/O error.
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (100, 100))


def test_an_io_error_mid_write_leaves_the_old_file(tmp_path: Path) -> None:
    """`export` failing to write (file size limit) exits 2 with one line, and every old schema file is intact."""
    first = subprocess.run([*CLI, "export", "--output-dir", str(tmp_path)], capture_output=True, text=True)
    assert first.returncode == 0, first.stderr
    before = {path.name: path.read_bytes() for path in tmp_path.iterdir()}
    for path in tmp_path.iterdir():
        path.write_text("{}")  # stale: the export has to rewrite them all
    stale = {path.name: path.read_bytes() for path in tmp_path.iterdir()}
    completed = subprocess.run(
        [*CLI, "export", "--output-dir", str(tmp_path)],
        capture_output=True,
        text=True,
        preexec_fn=_limit_file_size,
    )
    assert completed.returncode == 2
    assert "Traceback" not in completed.stderr
    assert completed.stderr.splitlines()[-1].startswith("schema-contracts export: error: cannot write to")
    assert {path.name: path.read_bytes() for path in tmp_path.iterdir()} == stale  # no temporary file left either
    assert len(before) == len(stale)


def test_a_reader_beside_concurrent_writers_never_sees_a_partial_file(tmp_path: Path) -> None:
    """Two writers replacing the same files while a reader reads: every read is one whole version, never empty."""
    versions = ["a" * 50_000, "b" * 70_000]
    write_files(tmp_path, [RenderedFile("x.json", versions[0])])
    seen: list[str] = []
    stop = threading.Event()

    def read() -> None:
        while not stop.is_set():
            seen.append((tmp_path / "x.json").read_text())

    def write(text: str) -> None:
        for _ in range(200):  # the two writers undo each other: most calls rewrite the file
            write_files(tmp_path, [RenderedFile("x.json", text)])

    reader = threading.Thread(target=read)
    reader.start()
    writers = [threading.Thread(target=write, args=(text,)) for text in versions]
    for writer in writers:
        writer.start()
    for writer in writers:
        writer.join()
    stop.set()
    reader.join()
    assert seen
    assert set(seen) <= set(versions)
    assert sorted(path.name for path in tmp_path.iterdir()) == ["x.json"]


def test_replaced_files_keep_their_mode_and_new_ones_follow_the_umask(tmp_path: Path) -> None:
    """The temporary file's private mode never leaks: a new file gets 0666 minus the umask, a replaced one its own."""
    previous = os.umask(0o022)
    try:
        write_files(tmp_path, [RenderedFile("new.json", "1")])
        (tmp_path / "old.json").write_text("0")
        (tmp_path / "old.json").chmod(0o640)
        write_files(tmp_path, [RenderedFile("old.json", "2")])
    finally:
        os.umask(previous)
    assert stat.S_IMODE((tmp_path / "new.json").stat().st_mode) == 0o644
    assert stat.S_IMODE((tmp_path / "old.json").stat().st_mode) == 0o640
    assert (tmp_path / "old.json").read_text() == "2"
