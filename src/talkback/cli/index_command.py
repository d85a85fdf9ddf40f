"""``talkback index DUMP``: build (or refresh) the dump's on-disk index and say where it is.

Without a DUMP, ``--list`` and ``--prune`` look after the index cache as a whole
(:mod:`talkback.cli.index_cache`).
"""

from __future__ import annotations

import argparse
import dataclasses
import sys
import time
from typing import Any

from talkback.cli.index_cache import add_cache_options, run_cache, usage_error, wants_cache
from talkback.cli.reading import add_reading_options, reading_options
from talkback.core.text import plural
from talkback.index import BuildProgress, IndexReader, IndexWriteError, build_index, index_path
from talkback.index.builder import options_key
from talkback.sources import ReadProgress


def add_parser(subparsers: Any) -> None:
    """Register the ``index`` command."""
    parser = subparsers.add_parser(
        "index",
        help="build or refresh the on-disk index of a dump",
        description="Build the dump's full-text index (SQLite FTS5 in the user cache directory) "
        "so that it reopens and searches instantly. An index that is current is kept. "
        "With --list or --prune (and no DUMP): show or clear the index cache.",
    )
    parser.add_argument("dump", metavar="DUMP", nargs="?", help="a page, folder, archive or export")
    parser.add_argument(
        "--rebuild",
        action="store_true",
        help="rebuild from scratch, even if the index is current or a stopped build could go on",
    )
    parser.add_argument("--quiet", "-q", action="store_true", help="print only the index path")
    add_reading_options(parser)
    add_cache_options(parser)
    parser.set_defaults(command="index")


def run(args: argparse.Namespace) -> int:
    """Build the index if needed and print its path (or list or prune the cache)."""
    problem = usage_error(args)
    if problem is not None:
        print(f"talkback: {problem}", file=sys.stderr)
        return 2
    if wants_cache(args):
        return run_cache(args)
    options = reading_options(args)
    if not args.rebuild:
        reader = IndexReader.open_for(args.dump, options=options_key(options))
        if reader is not None:
            reader.close()
            _say(args, f"{reader.path} (up to date: {plural(reader.post_count, 'post')}, "
                       f"{plural(reader.comment_count, 'comment')})", reader.path)  # fmt: skip
            return 0
    started = time.perf_counter()
    show = not args.quiet and sys.stderr.isatty()
    line = ProgressLine(started)
    last = [0.0]

    def progress(state: BuildProgress | ReadProgress) -> None:
        line.update(state)
        now = time.perf_counter()
        if show and (now - last[0] > 0.2 or line.finishing):
            last[0] = now
            print(f"\r\033[K{line.text(now)}", end="", file=sys.stderr)

    options = dataclasses.replace(options, progress=progress)
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
    resumed = line.resumed
    went_on = f", going on from {plural(resumed, 'post')} indexed before" if resumed else ""
    _say(args, f"{path} (built in {seconds:.1f} s{went_on}: {plural(reader.post_count, 'post')}, "
               f"{plural(reader.comment_count, 'comment')})", path)  # fmt: skip
    reader.close()
    return 0


class ProgressLine:
    """The one line ``talkback index`` keeps rewriting on a terminal while it builds:
    ``indexing: 34% · 346 of 1,018 MB · 3,120 posts · 734,002 comments · 0:52``."""

    def __init__(self, started: float) -> None:
        self.started = started
        self.posts = self.comments = self.resumed = self.bytes_read = 0
        self.bytes_total: int | None = None
        #: the whole dump is read: the build sorts its indexes and counts the authors
        self.finishing = False

    def update(self, state: BuildProgress | ReadProgress) -> None:
        """Take in how far reading (bytes) or writing (posts, comments) has got."""
        if isinstance(state, ReadProgress):
            self.bytes_read, self.bytes_total = state.bytes_read, state.bytes_total
            self.finishing = state.done
        else:
            self.posts, self.comments, self.resumed = state.posts, state.comments, state.resumed

    def text(self, now: float) -> str:
        """The line as it stands at ``now`` (a ``time.perf_counter()`` reading)."""
        parts = []
        read_mb = f"{self.bytes_read / 1e6:,.0f}"
        if self.bytes_total:
            share = min(1.0, self.bytes_read / self.bytes_total)
            parts += [f"{share:.0%}", f"{read_mb} of {self.bytes_total / 1e6:,.0f} MB"]
        else:
            parts.append(f"{read_mb} MB")
        parts += [plural(self.posts, "post"), plural(self.comments, "comment")]
        minutes, seconds = divmod(int(now - self.started), 60)
        parts.append(f"{minutes}:{seconds:02d}")
        went_on = f" (going on from {plural(self.resumed, 'post')})" if self.resumed else ""
        finishing = "; finishing the index…" if self.finishing else ""
        return f"indexing: {' · '.join(parts)}{went_on}{finishing}"


def _say(args: argparse.Namespace, message: str, path: object) -> None:
    print(path if args.quiet else f"index: {message}")


__all__ = ["add_parser", "index_path", "run"]
