"""The options every command that reads a dump shares: ``--dialect`` and ``--text-field``."""

from __future__ import annotations

import argparse

from talkback.core.dialects import DIALECTS
from talkback.sources import ReadOptions


def add_reading_options(parser: argparse.ArgumentParser) -> None:
    """Add ``--dialect NAME`` and ``--text-field NAME`` to a command's parser."""
    parser.add_argument(
        "--dialect",
        metavar="NAME",
        choices=sorted(DIALECTS),
        help=f"force a comment layout ({', '.join(sorted(DIALECTS))})",
    )
    parser.add_argument(
        "--text-field",
        metavar="NAME",
        default="text",
        type=_field_name,
        help="the field of a JSONL record that holds the page (default: text)",
    )


def reading_options(args: argparse.Namespace) -> ReadOptions:
    """The ReadOptions the command line asked for."""
    return ReadOptions(dialect=args.dialect, text_field=args.text_field)


def _field_name(value: str) -> str:
    if not value.strip():
        raise argparse.ArgumentTypeError("a field name cannot be empty")
    return value
