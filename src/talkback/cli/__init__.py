"""The ``talkback`` command: argparse front for the contract's commands.

Each command lives in its own module with ``add_parser(subparsers)`` and ``run(args) -> int``.
Exit status: 0 success, 1 the dump could not be read at all (one line on stderr), 2 bad usage.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from types import ModuleType

from talkback import __version__
from talkback.cli import (
    export_command,
    index_command,
    open_command,
    parse_command,
    search_command,
)
from talkback.core.parser import DumpError
from talkback.export.textmarkup import labelled

COMMANDS: dict[str, ModuleType] = {
    "open": open_command,
    "parse": parse_command,
    "index": index_command,
    "export": export_command,
    "search": search_command,
}
#: what ``talkback DUMP`` (no command) means, once that command exists
DEFAULT_COMMAND = "open"


def build_parser() -> argparse.ArgumentParser:
    """The argument parser with every command's subparser."""
    parser = argparse.ArgumentParser(
        prog="talkback",
        description="Browse, search and export blog comment archives.",
    )
    parser.add_argument("--version", action="version", version=f"talkback {__version__}")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for module in COMMANDS.values():
        module.add_parser(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status."""
    args_list = list(sys.argv[1:] if argv is None else argv)
    if DEFAULT_COMMAND in COMMANDS and (
        not args_list or (args_list[0] not in COMMANDS and not args_list[0].startswith("-"))
    ):
        args_list.insert(0, DEFAULT_COMMAND)
    parser = build_parser()
    args = parser.parse_args(args_list)
    if args.command is None:
        parser.print_help(sys.stderr)
        return 2
    _utf8_stdout()
    try:
        result: int = COMMANDS[args.command].run(args)
    except DumpError as error:
        print(f"talkback: {labelled(str(error))}", file=sys.stderr)
        return 1
    except BrokenPipeError:
        _silence_broken_pipe()
        return 0
    except KeyboardInterrupt:
        print("talkback: interrupted", file=sys.stderr)
        return 130
    except Exception as error:  # never a traceback for the user; TALKBACK_DEBUG=1 shows one
        if os.environ.get("TALKBACK_DEBUG"):
            raise
        print(
            f"talkback: internal error: {type(error).__name__}: {error} "
            "(set TALKBACK_DEBUG=1 for details)",
            file=sys.stderr,
        )
        return 1
    return result


def _utf8_stdout() -> None:
    for stream in (sys.stdout, sys.stderr):
        if isinstance(stream, __import__("io").TextIOWrapper) and (
            (stream.encoding or "").lower().replace("-", "") != "utf8"
        ):
            stream.reconfigure(encoding="utf-8", errors="backslashreplace")


def _silence_broken_pipe() -> None:
    # Python flushes stdout at exit; point it at devnull so that flush cannot fail again.
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
