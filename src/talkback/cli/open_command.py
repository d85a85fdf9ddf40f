"""``talkback open [DUMP] [--select ID] [--search QUERY] [--screenshot OUT.png] [--theme T]
[--overview]``: the main window.

Plain ``talkback DUMP`` means the same. Qt is imported only when this command runs, so that the
other commands start quickly and work where Qt cannot.
"""

from __future__ import annotations

import argparse
import sys
from typing import Any


def add_parser(subparsers: Any) -> None:
    """Register the ``open`` command."""
    parser = subparsers.add_parser(
        "open",
        help="open the main window (loading DUMP if given)",
        description="Open Talkback's window; with --screenshot, save a picture of it and exit.",
    )
    parser.add_argument(
        "dump", metavar="DUMP", nargs="?", help="a page, folder, archive or export to open"
    )
    parser.add_argument("--select", metavar="ID", help="select this post or comment (p1, p1-c3)")
    parser.add_argument(
        "--search",
        metavar="QUERY",
        help="search for QUERY once the dump is read (the search syntax of `talkback search`)",
    )
    parser.add_argument(
        "--screenshot",
        metavar="OUT.png",
        help="render the 1280x800 window once loading finished, save it as PNG, and exit",
    )
    parser.add_argument(
        "--theme",
        choices=["system", "light", "dark"],
        default="system",
        help="the colour scheme: follow the system (default), or force light or dark",
    )
    parser.add_argument(
        "--overview",
        action="store_true",
        help="show the Overview tab (charts) instead of the Reading tab",
    )
    parser.set_defaults(command="open")


def run(args: argparse.Namespace) -> int:
    """Open the window; returns the exit status (2 for a malformed --search query)."""
    if args.search is not None:
        from talkback.search import QueryError, compile_query

        try:
            compile_query(args.search)
        except QueryError as error:
            print(
                f"talkback: bad query: {error.message} (at character {error.position + 1})",
                file=sys.stderr,
            )
            return 2
    from talkback.gui.app import run_window  # Qt loads only for this command

    return run_window(
        args.dump,
        select=args.select,
        screenshot=args.screenshot,
        theme=args.theme,
        overview=args.overview,
        search=args.search,
    )
