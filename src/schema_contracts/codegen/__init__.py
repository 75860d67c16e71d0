"""Schema files to typed code in other flavours and languages, with a report of what the round trip loses."""

from __future__ import annotations

from pathlib import Path

from schema_contracts.artifacts import RenderedFile, diff_against
from schema_contracts.codegen._python import python_files
from schema_contracts.codegen._roundtrip import PROBES, probe_cases, roundtrip_report
from schema_contracts.codegen._typescript import typescript_files
from schema_contracts.validate import SchemaCatalog

__all__ = ["PROBES", "check_generated", "probe_cases", "render_generated"]

GENERATED_SUFFIXES = (".py", ".ts", ".md")


def render_generated(schema_dir: Path | None = None) -> list[RenderedFile]:
    """Every file of generated/: Python (pydantic, TypedDict, schema hook), TypeScript, ROUNDTRIP.md."""
    catalog = SchemaCatalog(schema_dir)
    python = python_files(catalog)
    return [*python, *typescript_files(catalog.directory), roundtrip_report(catalog, python)]


def check_generated(output_dir: Path, files: list[RenderedFile]) -> str:
    """A unified diff from generated/ to what generation produces now; empty when up to date."""
    owned = [p for p in output_dir.rglob("*") if p.suffix in GENERATED_SUFFIXES and "__pycache__" not in p.parts]
    return diff_against(output_dir, files, owned if output_dir.is_dir() else [])
