"""``talkback export DUMP --thread ID -o OUT [--format html|md|json] [--force]``.

Writes one post (with all its comments) or one comment's thread (its replies, with its ancestors
as context) to OUT, atomically. Exit status: 0 written; 1 the dump could not be read, or OUT could
not be written (nothing is left behind); 2 bad usage: an id that names nothing in the dump, no
``--thread`` for a dump of several posts, or an OUT that exists (without ``--force``), is a folder
or is the dump itself.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import Any

from talkback.cli.reading import add_reading_options, reading_options
from talkback.core.model import Archive
from talkback.core.text import name_label
from talkback.export import (
    FORMATS,
    ExportError,
    Format,
    OutputExistsError,
    UnknownNodeError,
    encoded,
    format_for_path,
    select_thread,
    thread_chunks,
    write_atomic_chunks,
)
from talkback.sources import load_archive


def add_parser(subparsers: Any) -> None:
    """Register the ``export`` command."""
    parser = subparsers.add_parser(
        "export",
        help="write a post or a comment thread as one self-contained HTML page (or md, json)",
        description=(
            "Export a post with all its comments, or a comment with every reply below it and its "
            "ancestors as context, to a self-contained HTML page, Markdown or JSON."
        ),
    )
    parser.add_argument("dump", metavar="DUMP", help="a page, folder, archive or export")
    parser.add_argument(
        "--thread",
        metavar="ID",
        help="the post or comment id to export (see 'talkback parse DUMP'); "
        "may be left out when the dump holds one post",
    )
    parser.add_argument(
        "-o", "--output", metavar="OUT", required=True, help="the file to write, or - for stdout"
    )
    parser.add_argument(
        "--format",
        choices=sorted(FORMATS),
        help="html (default), md or json; by default taken from OUT's extension",
    )
    parser.add_argument("--force", action="store_true", help="replace OUT if it exists")
    add_reading_options(parser)
    parser.set_defaults(command="export")


def run(args: argparse.Namespace) -> int:
    """Read the dump, render the thread and write it; returns the exit status."""
    to_stdout = args.output == "-"
    fmt: Format = args.format or ("html" if to_stdout else format_for_path(args.output))
    if not to_stdout:
        refusal = _refuse_output(Path(args.output), Path(args.dump), force=args.force)
        if refusal:
            return _fail(refusal, 2)
    archive = load_archive(args.dump, reading_options(args))
    node_id = args.thread or _only_post(archive)
    if node_id is None:
        return _fail(
            f"{args.dump} holds {len(archive.posts)} posts: choose one with --thread ID "
            f"(talkback parse {args.dump} lists the ids)",
            2,
        )
    try:
        chunks = thread_chunks(archive, node_id, fmt)  # written as rendered, chunk by chunk
    except UnknownNodeError as error:
        return _fail(f"{error} (talkback parse {args.dump} lists the ids)", 2)
    if to_stdout:
        sys.stdout.writelines(chunks)
        return 0
    try:
        written = write_atomic_chunks(args.output, encoded(chunks), overwrite=args.force)
    except OutputExistsError as error:
        return _fail(f"{error} (use --force to replace it)", 2)
    except ExportError as error:
        return _fail(str(error), 1)
    counts = select_thread(archive, node_id).counts()
    noun = "comment" if counts.comments == 1 else "comments"
    print(f"Exported {node_id} ({counts.comments} {noun}) to {name_label(os.fspath(written))}")
    return 0


def _refuse_output(out: Path, dump: Path, *, force: bool) -> str | None:
    """Why OUT must not be written (checked before a long read, and again when writing)."""
    if out.is_dir():
        return f"{out} is a folder: give a file name with -o"
    if not (out.exists() or out.is_symlink()):
        return None
    try:
        if dump.exists() and out.samefile(dump):
            return f"{out} is the dump itself: Talkback never writes over its input"
    except OSError:
        pass
    if not force:
        return f"{out} already exists (use --force to replace it)"
    return None


def _only_post(archive: Archive) -> str | None:
    return archive.posts[0].id if len(archive.posts) == 1 else None


def _fail(message: str, status: int) -> int:
    print(f"talkback: {message}", file=sys.stderr)
    return status
