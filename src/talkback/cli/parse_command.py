"""``talkback parse DUMP [--json] [--dialect NAME] [--text-field NAME]``: an outline, or JSON."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from talkback.cli.reading import add_reading_options, reading_options
from talkback.core.outline import outline
from talkback.core.serialize import archive_to_dict
from talkback.export.textmarkup import labelled
from talkback.sources import load_archive


def add_parser(subparsers: Any) -> None:
    """Register the ``parse`` command."""
    parser = subparsers.add_parser(
        "parse",
        help="print the archive: an outline of the reply tree, or JSON",
        description="Read a dump and print its posts and comment threads.",
    )
    parser.add_argument("dump", metavar="DUMP", help="a page, folder, archive or export")
    parser.add_argument("--json", action="store_true", help="print the talkback/1 JSON document")
    add_reading_options(parser)
    parser.set_defaults(command="parse")


def run(args: argparse.Namespace) -> int:
    """Parse the dump and print it."""
    archive = load_archive(args.dump, reading_options(args))
    if args.json:
        json.dump(archive_to_dict(archive), sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    else:
        for line in outline(archive):
            print(labelled(line))
    return 0
