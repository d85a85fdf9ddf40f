"""``talkback index --list`` and ``talkback index --prune``: what the index cache holds, and
clearing away what nothing uses (see :mod:`talkback.index.cache`)."""

from __future__ import annotations

import argparse
import sys
import time

from talkback.core.text import name_label, plural
from talkback.index import cache_dir
from talkback.index.cache import (
    DEFAULT_OLDER_THAN_DAYS,
    CacheEntry,
    list_cache,
    prune,
    size_text,
    unused_reason,
    written_text,
)

#: how the DUMP column says whether the dump is there
PRESENCE = {True: "there", False: "gone", None: "?"}


def add_cache_options(parser: argparse.ArgumentParser) -> None:
    """Add ``--list``, ``--prune``, ``--all``, ``--older-than DAYS`` and ``--dry-run``."""
    group = parser.add_argument_group("the index cache (no DUMP)")
    group.add_argument(
        "--list",
        action="store_true",
        help="list every index in the cache: size, state, its dump and whether it is still there, "
        "when it was written",
    )
    group.add_argument(
        "--prune",
        action="store_true",
        help="remove indexes whose dump is gone, outdated or unreadable ones, and partial builds "
        f"older than --older-than days (default {DEFAULT_OLDER_THAN_DAYS:g})",
    )
    group.add_argument(
        "--all",
        action="store_true",
        help="with --prune: remove every index and partial build (never one being built)",
    )
    group.add_argument(
        "--older-than",
        metavar="DAYS",
        type=_days,
        default=DEFAULT_OLDER_THAN_DAYS,
        help="with --prune: partial builds not written for DAYS days are removed",
    )
    group.add_argument(
        "--dry-run", action="store_true", help="with --prune: say what would go, remove nothing"
    )


def wants_cache(args: argparse.Namespace) -> bool:
    """Whether the command line is about the cache rather than one dump."""
    return bool(args.list or args.prune)


def usage_error(args: argparse.Namespace) -> str | None:
    """What is wrong with how the cache options were combined, or None."""
    prune_only = args.all or args.dry_run or args.older_than != DEFAULT_OLDER_THAN_DAYS
    if args.list and args.prune:
        return "give either --list or --prune"
    if wants_cache(args) and (args.dump is not None or args.rebuild):
        return "--list and --prune take no DUMP (nor --rebuild)"
    if prune_only and not args.prune:
        return "--all, --older-than and --dry-run go with --prune"
    if not wants_cache(args) and args.dump is None:
        return "index needs a DUMP (or --list, or --prune)"
    return None


def run_cache(args: argparse.Namespace) -> int:
    """List or prune the cache; 1 when something could not be removed."""
    return _prune(args) if args.prune else _list()


def _list() -> int:
    folder = cache_dir()
    entries = list_cache(folder, check_current=True)
    if not entries:
        print(f"index cache: empty ({folder})")
        return 0
    now = time.time()
    rows = [("SIZE", "STATE", "DUMP", "WRITTEN", "DUMP PATH")]
    for entry in entries:
        rows.append((size_text(entry.size), entry.state, PRESENCE[entry.dump_exists],
                     written_text(entry), dump_text(entry)))  # fmt: skip
    widths = [max(len(row[column]) for row in rows) for column in range(4)]
    for row in rows:
        size, *middle, path = row
        cells = [size.rjust(widths[0])] + [
            cell.ljust(w) for cell, w in zip(middle, widths[1:], strict=True)
        ]
        print("  ".join([*cells, path]))
    total = sum(entry.size for entry in entries)
    unused = [e for e in entries if unused_reason(e, DEFAULT_OLDER_THAN_DAYS, now) is not None]
    line = f"{plural(len(entries), 'entry', 'entries')}, {size_text(total)} in {folder}"
    if unused:
        freed = size_text(sum(entry.size for entry in unused))
        line += f"; `talkback index --prune` would free {freed} ({len(unused)} unused)"
    print(line)
    return 0


def _prune(args: argparse.Namespace) -> int:
    report = prune(
        older_than_days=args.older_than,
        everything=args.all,
        check_current=True,
        dry_run=args.dry_run,
    )
    verb = "would remove" if args.dry_run else "removed"
    for entry, reason in report.removed:
        if not args.quiet:
            print(f"{verb}  {size_text(entry.size):>8}  {reason:<12}  {dump_text(entry)}")
    for entry, why in report.failed:
        print(f"talkback: could not remove {entry.files[0]}: {why}", file=sys.stderr)
    if not args.quiet:
        freed = size_text(report.freed)
        kept = size_text(sum(entry.size for entry in report.kept))
        count = plural(len(report.kept), "entry", "entries")
        print(f"{'would free' if args.dry_run else 'freed'} {freed}; "
              f"kept {count} ({kept}) in {cache_dir()}")  # fmt: skip
    return 1 if report.failed else 0


def dump_text(entry: CacheEntry) -> str:
    """The entry's dump as the listing shows it (or what is known of it)."""
    if entry.dump is not None:
        return name_label(entry.dump)
    if entry.source:
        return f"{entry.source} (relative to the folder it was indexed from) [{entry.name}]"
    if entry.state == "building":
        return f"(being built) [{entry.name}]"
    return f"(unknown) [{entry.name}]"


def _days(value: str) -> float:
    try:
        days = float(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number of days: {value!r}") from None
    if not days >= 0:  # also refuses nan
        raise argparse.ArgumentTypeError(f"not a number of days: {value!r}")
    return days
