"""The command line: parse arguments, run one command, map its outcome to an exit code.

Each command's module is imported only when that command runs, so ``validate`` never loads pydantic.
Every fault ends here as one line on stderr and a documented exit code, never a traceback: a usage error names
the offending flag with the usage of the command it belongs to; a full disk is exit 2; a reader that closed
the pipe ends the run quietly (141, as a shell reports SIGPIPE); an interrupt is 130, SIGTERM 143.
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import importlib
import io
import os
import re
import signal
import sys
from collections.abc import Iterator, Sequence
from types import FrameType
from typing import NoReturn

from schema_contracts import __version__

__all__ = [
    "EXIT_BROKEN_PIPE",
    "EXIT_FAILED",
    "EXIT_INTERRUPTED",
    "EXIT_OK",
    "EXIT_TERMINATED",
    "EXIT_USAGE",
    "build_parser",
    "main",
]

EXIT_OK = 0
EXIT_FAILED = 1  # the check ran and found something: invalid payloads, stale files, breaking changes
EXIT_USAGE = 2  # the check could not run: bad arguments, unknown schema, unreadable input, unwritable output
EXIT_INTERRUPTED = 130  # Ctrl-C (SIGINT)
EXIT_BROKEN_PIPE = 141  # the reader of the output went away (`| head`): stop quietly, as a shell reports SIGPIPE
EXIT_TERMINATED = 143  # SIGTERM

# command name -> (module under schema_contracts.cli that defines `add_arguments(parser)` and `run(args) -> int`,
#                  help, an example for --help, what exit 1 means for it or None when it never exits 1)
_COMMANDS = {
    "export": (
        "_export",
        "write the contract schemas from the models (or --check them)",
        "schema-contracts export --check",
        "--check: the files are stale",
    ),
    "list": (
        "_list",
        "list every version of every contract with its direction, $id and file",
        "schema-contracts list --format json",
        None,
    ),
    "show": ("_show", "print the schema of one contract", "schema-contracts show CodeExecutionResult@2", None),
    "diff": (
        "_diff",
        "find breaking changes between two versions of the schemas, by direction",
        "schema-contracts diff --against origin/main --ignore contract-changes.toml",
        "a breaking change at or above --fail-on",
    ),
    "generate": (
        "_generate",
        "generate typed Python and TypeScript from the schemas (or --check them)",
        "schema-contracts generate --check",
        "--check: the files are stale",
    ),
    "validate": (
        "_validate",
        "validate JSON payloads against a contract or a schema file",
        "schema-contracts validate --schema CodeExecutionResult --jobs 2 results/ logs/run.jsonl",
        "at least one payload is invalid, not JSON, or unreadable",
    ),
}

_DEFAULTS_RULE = """\
default folders: a command that READS contract schemas (validate, list, show, generate) reads the package's
own: $SCHEMA_CONTRACTS_SCHEMAS if set, else the checkout's schemas/, else the copy installed with the package.
A command that WRITES (export, generate) writes under the current directory (./schemas, ./generated), and
diff --against reads ./schemas from the git repository of the current directory. Paths you give are taken
relative to the current directory."""


def _exit_codes(failed: str | None) -> str:
    lines = ["exit codes:", "  0    success"]
    if failed:
        lines.append(f"  1    {failed}")
    lines += [
        "  2    usage or setup error (bad argument, unknown contract, unreadable input, unwritable output)",
        "  130  interrupted (Ctrl-C)",
        "  141  the reader of the output went away (`| head`): stopped quietly",
        "  143  terminated (SIGTERM)",
    ]
    return "\n".join(lines)


class _UsageError(Exception):
    """An argument error, raised by the parser it belongs to (so its usage is the one printed)."""

    def __init__(self, parser: argparse.ArgumentParser, message: str) -> None:
        super().__init__(message)
        self.parser = parser
        self.message = message


class _Parser(argparse.ArgumentParser):
    """An ArgumentParser whose errors are raised, not printed-and-exited, so ``main`` reports them once."""

    def error(self, message: str) -> NoReturn:
        raise _UsageError(self, message)


def build_parser(command: str | None = None) -> argparse.ArgumentParser:
    """The argument parser with every command's options (each command module adds its own).

    ``command``: a parser for command lines that begin with that command, holding no other. Only the main
    parser's help and errors list the commands, and such a command line reaches neither: its run builds one
    command's options and imports one command module, not all of them.
    """
    parser = _Parser(
        prog="schema-contracts",
        description="The code-execution contract: schemas, validation, drift checks.",
        epilog=f"example:\n  schema-contracts validate --schema CodeExecutionResult results/\n\n{_DEFAULTS_RULE}\n\n"
        + _exit_codes("the check found something: invalid payloads, stale files, breaking changes"),
        formatter_class=argparse.RawDescriptionHelpFormatter,
        allow_abbrev=False,
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND", parser_class=_Parser)
    for name, (module_name, help_text, example, failed) in _COMMANDS.items():
        if command is not None and name != command:
            continue
        sub = commands.add_parser(
            name,
            help=help_text,
            description=help_text,
            epilog=f"example:\n  {example}\n\n{_exit_codes(failed)}",
            formatter_class=argparse.RawDescriptionHelpFormatter,
            allow_abbrev=False,
        )
        sub.set_defaults(module_name=module_name)
        # Importing a command module is cheap: the heavy imports happen inside its run().
        importlib.import_module(f"schema_contracts.cli.{module_name}").add_arguments(sub)
    return parser


def _subparsers(parser: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            return dict(action.choices)
    return {}


_NUMBER = re.compile(r"^-\d")


def _did_you_mean(word: str, known: list[str]) -> str:
    """`` (did you mean X?)`` for the known word closest to ``word``, or "" when none is close."""
    import difflib  # only to word a usage error: a command line that parses never needs it

    close = difflib.get_close_matches(word, known, n=1, cutoff=0.6)
    return f" (did you mean {close[0]}?)" if close else ""


def _unknown_flag(parser: argparse.ArgumentParser, argv: Sequence[str]) -> None:
    """Raise a usage error for the first flag the command does not know, before any missing-argument error.

    argparse would otherwise report `--shema x` as a missing --schema; naming the typo is the useful message.
    """
    commands = _subparsers(parser)
    current = parser
    for token in argv:
        if token == "--":
            return
        if current is parser and token in commands:
            current = commands[token]
            continue
        if current is parser and not token.startswith("-"):
            hint = _did_you_mean(token, list(commands))
            parser.error(f"unknown command {token!r}{hint}; the commands are: {', '.join(commands)}")
        if not token.startswith("-") or token == "-" or _NUMBER.match(token):
            continue
        flag = token.split("=", 1)[0]
        if flag in current._option_string_actions:
            continue
        known = [option for option in current._option_string_actions if option.startswith("--")]
        current.error(f"unknown option {flag}{_did_you_mean(flag, known)}")


class _Terminated(BaseException):
    """SIGTERM arrived: unwind (so workers and temporary files are cleaned up), then exit 143."""


def _on_sigterm(signum: int, frame: FrameType | None) -> None:
    raise _Terminated


def _parse(argv: Sequence[str]) -> argparse.Namespace:
    parser = build_parser(argv[0] if argv and argv[0] in _COMMANDS else None)
    _unknown_flag(parser, argv)
    args, extras = parser.parse_known_args(argv)
    if extras:  # anything the pre-check let through, reported by the command it was given to
        owner = _subparsers(parser).get(getattr(args, "command", None) or "", parser)
        owner.error("unrecognized arguments: " + " ".join(extras))
    return args


def _quiet_stdout() -> None:
    """Point standard output at /dev/null, so the interpreter's final flush cannot fail a second time."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError, AttributeError):  # no real file descriptor (a test's capture): nothing to do
        pass


@contextlib.contextmanager
def _output_in_blocks() -> Iterator[None]:
    """Standard output written in blocks while a command runs, unless it is a terminal.

    Under ``PYTHONUNBUFFERED`` or ``python -u`` (common in containers and CI) every printed line would be a
    system call of its own, which on a report of many errors costs about as much as explaining them. A
    terminal keeps its lines as they come (they interleave with the progress bar on standard error).
    """
    stream = sys.stdout if isinstance(sys.stdout, io.TextIOWrapper) else None
    if stream is None or not stream.write_through or stream.isatty():
        yield
        return
    stream.reconfigure(write_through=False)
    try:
        yield
    finally:
        with contextlib.suppress(OSError, ValueError):  # a failed write was already reported by main
            stream.reconfigure(write_through=True)


def _say(text: str) -> None:
    with contextlib.suppress(OSError, ValueError):  # stderr is gone too: the exit code is all that is left
        print(text, file=sys.stderr)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line and return its exit code."""
    from schema_contracts.errors import SchemaContractsError

    arguments = list(sys.argv[1:] if argv is None else argv)
    try:
        args = _parse(arguments)
    except _UsageError as error:
        _say(error.parser.format_usage().rstrip() + f"\n{error.parser.prog}: error: {error.message}")
        return EXIT_USAGE
    except SystemExit as done:  # --help and --version print and exit 0
        return done.code if isinstance(done.code, int) else EXIT_OK
    try:  # only the main thread may set a handler; asking signal (ValueError) spares every run importing threading
        previous = signal.signal(signal.SIGTERM, _on_sigterm)
        on_main_thread = True
    except ValueError:  # main() called from another thread: signals stay as they are
        previous, on_main_thread = None, False
    previous = previous if previous is not None else signal.SIG_DFL
    try:
        module = importlib.import_module(f"schema_contracts.cli.{args.module_name}")
        with _output_in_blocks():
            exit_code: int = module.run(args)
            sys.stdout.flush()
    except SchemaContractsError as error:
        _say(f"schema-contracts {args.command}: error: {error}")
        return EXIT_USAGE
    except BrokenPipeError:
        _quiet_stdout()
        return EXIT_BROKEN_PIPE
    except OSError as error:  # writing the output failed: a full disk, a closed terminal
        _quiet_stdout()
        what = f"{error.filename}" if error.filename else "the output"
        _say(f"schema-contracts {args.command}: error: cannot write {what}: {error.strerror or error}")
        return EXIT_USAGE
    except KeyboardInterrupt:
        _say(f"schema-contracts {args.command}: interrupted")
        return EXIT_INTERRUPTED
    except _Terminated:
        return EXIT_TERMINATED
    finally:
        if on_main_thread:
            signal.signal(signal.SIGTERM, previous)
    return exit_code


def entry_point() -> None:
    """The console script: exit with what ``main`` returns."""
    exit_code = main()
    # The process ends here, its output flushed, its files closed, its workers stopped. Frozen, the objects of the
    # run are left to the operating system rather than walked by the interpreter's last collections (about 6 ms,
    # a tenth of a short run). atexit handlers, thread joins and the final flush of stdout and stderr still run;
    # only finalizers of objects held in reference cycles are skipped, which Python never promises at exit.
    gc.freeze()
    sys.exit(exit_code)
