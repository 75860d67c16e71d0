"""Build hook: compile the native accept check (src/schema_contracts/validate/_native.c) into the package.

It needs a C compiler (the one Python was built with, from ``sysconfig``) and nothing else. Without one the
package still installs and validates with the same verdicts, on its slower pure-Python fast path; the build says
so. ``SCHEMA_CONTRACTS_REQUIRE_NATIVE=1`` makes a failed compile fail the build instead (the Makefile sets it).
"""

from __future__ import annotations

import os
import shlex
import subprocess
import sys
import sysconfig
from pathlib import Path
from typing import Any

from hatchling.builders.hooks.plugin.interface import BuildHookInterface

SOURCE = Path("src/schema_contracts/validate/_native.c")
# Flags of our own, not Python's CFLAGS: -O3 for the scanning loops; SSE2 is part of every x86-64 CPU.
# A compiler with GCC's flags (gcc, clang); elsewhere (MSVC) the compile fails and the build carries on without.
FLAGS = ["-O3", "-std=c99", "-fPIC", "-Wall", "-Wextra", "-Werror=implicit-function-declaration"]
# How an extension module links: macOS leaves Python's symbols to be found when it is loaded.
LINK = ["-bundle", "-undefined", "dynamic_lookup"] if sys.platform == "darwin" else ["-shared"]


class NativeCheckerHook(BuildHookInterface):  # type: ignore[type-arg]
    """Compiles ``_native.c`` next to its source (so an editable install finds it) and ships it in wheels."""

    PLUGIN_NAME = "custom"

    def initialize(self, version: str, build_data: dict[str, Any]) -> None:
        """Compile, or warn and carry on without the native check."""
        if self.target_name != "wheel":
            return
        source = Path(self.root) / SOURCE
        target = source.with_name("_native" + str(sysconfig.get_config_var("EXT_SUFFIX")))
        compiler = shlex.split(os.environ.get("CC") or str(sysconfig.get_config_var("CC") or "cc"))
        include = sysconfig.get_paths()["include"]
        command = [*compiler, *FLAGS, *LINK, f"-I{include}", str(source), "-o", str(target)]
        try:
            subprocess.run(command, check=True, capture_output=True, text=True)
        except (OSError, subprocess.CalledProcessError) as error:
            if isinstance(error, subprocess.CalledProcessError):
                detail = error.stderr.strip() or f"exit status {error.returncode}"
            else:
                detail = str(error)
            message = f"schema-contracts: the native accept check was not compiled ({' '.join(command)}): {detail}"
            if os.environ.get("SCHEMA_CONTRACTS_REQUIRE_NATIVE") == "1":
                raise RuntimeError(message) from error
            print(message + "\nValidation works without it, with the same verdicts, more slowly.", file=sys.stderr)
            return
        build_data["pure_python"] = False
        build_data["infer_tag"] = True
        if version != "editable":
            build_data["force_include"][str(target)] = f"schema_contracts/validate/{target.name}"
