"""The command line: parse arguments, run one command, map its outcome to an exit code.

Each command's module is imported only when that command runs, so ``validate`` never loads pydantic.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

from schema_contracts import __version__

__all__ = ["EXIT_FAILED", "EXIT_OK", "EXIT_USAGE", "main"]

EXIT_OK = 0
EXIT_FAILED = 1  # the check ran and found something: invalid payloads, stale files, breaking changes
EXIT_USAGE = 2  # the check could not run: bad arguments, unknown schema, unreadable input

# command name -> module under schema_contracts.cli that defines `add_arguments(parser)` and `run(args) -> int`
_COMMANDS = {
    "export": ("_export", "write the contract schemas from the models (or --check them)"),
    "list": ("_list", "list every version of every contract with its direction, $id and file"),
    "diff": ("_diff", "find breaking changes between two versions of the schemas, by direction"),
    "generate": ("_generate", "generate typed Python and TypeScript from the schemas (or --check them)"),
    "validate": ("_validate", "validate JSON payloads against a contract or a schema file"),
}


def build_parser() -> argparse.ArgumentParser:
    """The argument parser with every command's options (each command module adds its own)."""
    parser = argparse.ArgumentParser(
        prog="schema-contracts", description="The code-execution contract: schemas, validation, drift checks."
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for name, (module_name, help_text) in _COMMANDS.items():
        sub = commands.add_parser(name, help=help_text, description=help_text)
        sub.set_defaults(module_name=module_name)
        # Importing a command module is cheap: the heavy imports happen inside its run().
        importlib.import_module(f"schema_contracts.cli.{module_name}").add_arguments(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line and return its exit code."""
    from schema_contracts.errors import SchemaContractsError

    args = build_parser().parse_args(argv)
    module = importlib.import_module(f"schema_contracts.cli.{args.module_name}")
    try:
        exit_code: int = module.run(args)
    except SchemaContractsError as error:
        print(f"schema-contracts {args.command}: error: {error}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        return 130
    return exit_code


def entry_point() -> None:
    """The console script: exit with what ``main`` returns."""
    sys.exit(main())
