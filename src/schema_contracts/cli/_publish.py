"""Write generated files, or check them: the shared tail of `export` and `generate`."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path

from schema_contracts.artifacts import RenderedFile, write_files


def publish(output_dir: Path, files: Sequence[RenderedFile], check: bool, stale_diff: str, remedy: str) -> int:
    """With ``check``: print ``stale_diff`` and return 1 if there is one. Else write the files and return 0."""
    if check:
        if stale_diff:
            sys.stdout.write(stale_diff)
            print(f"{output_dir} is stale: run `{remedy}` and commit the result.", file=sys.stderr)
            return 1
        print(f"{output_dir} is up to date ({len(files)} files).", file=sys.stderr)
        return 0
    changed = write_files(output_dir, files)
    for path in changed:
        print(f"wrote {path}", file=sys.stderr)
    print(f"{output_dir}: {len(files)} files, {len(changed)} changed.", file=sys.stderr)
    return 0
