"""TypeScript types from the schema files, by json-schema-to-typescript (run with the project's Node tooling)."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

from schema_contracts.artifacts import RenderedFile
from schema_contracts.errors import ToolError
from schema_contracts.locations import js_tooling_dir

__all__ = ["JS_DIR", "node_script", "typescript_files"]

JS_DIR = js_tooling_dir()  # tooling of the checkout, like the schemas generate reads


def node_script(name: str, *args: str) -> subprocess.CompletedProcess[str]:
    """Run ``js/<name>`` with Node.js; a missing Node or ``npm ci`` is a clear setup error."""
    script = JS_DIR / name
    if shutil.which("node") is None:
        raise ToolError("Node.js is needed for TypeScript generation and ajv; install node and npm")
    if not (JS_DIR / "node_modules").is_dir():
        raise ToolError(f"{JS_DIR}/node_modules is missing: run `npm ci --prefix {JS_DIR}`")
    completed = subprocess.run(["node", str(script), *args], capture_output=True, text=True, check=False)
    if completed.returncode != 0:
        raise ToolError(f"node {script} failed: {completed.stderr.strip()[-500:]}")
    return completed


def typescript_files(schema_dir: Path) -> list[RenderedFile]:
    """One module per contract (enums as string-literal unions) and an index re-exporting them."""
    with tempfile.TemporaryDirectory() as folder:
        node_script("generate-types.mjs", str(schema_dir), folder)
        return [
            RenderedFile(f"typescript/{path.name}", path.read_text(encoding="utf-8"))
            for path in sorted(Path(folder).glob("*.ts"))
        ]
