"""``talkback index DUMP``: build (or refresh) the dump's on-disk index and say where it is."""

from __future__ import annotations

import argparse
import sys
import time
from typing import Any

from talkback.cli.reading import add_reading_options, reading_options
from talkback.index import BuildProgress, IndexReader, IndexWriteError, build_index, index_path
from talkback.index.builder import options_key


def add_parser(subparsers: Any) -> None:
    """Register the ``index`` command."""
    parser = subparsers.add_parser(
        "index",
        help="build or refresh the on-disk index of a dump",
        description="Build the dump's full-text index (SQLite FTS5 in the user cache directory) "
        "so that it reopens and searches instantly. An index that is current is kept.",
    )
    parser.add_argument("dump", metavar="DUMP", help="a page, folder, archive or export")
    parser.add_argument(
        "--rebuild",
        action="store_true",
        help="rebuild from scratch, even if the index is current or a stopped build could go on",
    )
    parser.add_argument("--quiet", "-q", action="store_true", help="print only the index path")
    add_reading_options(parser)
    parser.set_defaults(command="index")


def run(args: argparse.Namespace) -> int:
    """Build the index if needed and print its path."""
    options = reading_options(args)
    if not args.rebuild:
        reader = IndexReader.open_for(args.dump, options=options_key(options))
        if reader is not None:
            reader.close()
            _say(args, f"{reader.path} (up to date: {reader.post_count} posts, "
                       f"{reader.comment_count} comments)", reader.path)  # fmt: skip
            return 0
    started = time.perf_counter()
    show = not args.quiet and sys.stderr.isatty()
    last = [0.0]
    resumed = [0]

    def progress(state: BuildProgress) -> None:
        resumed[0] = state.resumed
        now = time.perf_counter()
        if show and now - last[0] > 0.2:
            last[0] = now
            print(f"\rindexing: {state.posts} posts, {state.comments} comments", end="",
                  file=sys.stderr)  # fmt: skip

    try:
        path = build_index(args.dump, options=options, progress=progress, resume=not args.rebuild)
    except KeyboardInterrupt:
        if show:
            print("\r\033[K", end="", file=sys.stderr)
        print("talkback: interrupted; the next `talkback index` goes on from here", file=sys.stderr)
        return 130
    except IndexWriteError as error:  # read-only or full cache: one line, nothing left behind
        path = None
        failure = str(error)
    finally:
        if show:
            print("\r\033[K", end="", file=sys.stderr)
    if path is None:
        print(f"talkback: {failure}", file=sys.stderr)
        return 1
    reader = IndexReader(path)
    seconds = time.perf_counter() - started
    went_on = f", going on from {resumed[0]} posts indexed before" if resumed[0] else ""
    _say(args, f"{path} (built in {seconds:.1f} s{went_on}: {reader.post_count} posts, "
               f"{reader.comment_count} comments)", path)  # fmt: skip
    reader.close()
    return 0


def _say(args: argparse.Namespace, message: str, path: object) -> None:
    print(path if args.quiet else f"index: {message}")


__all__ = ["add_parser", "index_path", "run"]
