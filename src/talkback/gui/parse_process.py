"""Reading a big dump in a child process, so that the parser never holds the window's interpreter
lock: a single long C call in the parser (splitting a 100 MB page into lines, growing a dict of
millions of quote shingles) would otherwise freeze the window for a second at a time.

The child (``python -m talkback.gui.parse_process PATH``) runs ``talkback.sources.read_dump`` and
writes each post to its stdout as length-prefixed pickles: the post's fields, then its comments in
small batches (so that unpickling one never holds the lock for long), then an end mark. The window's
loader thread rebuilds the Post and its reply tree with ``Post.link()``. Every dataclass field is
sent except the links ``link()`` rebuilds, so fields added to the model later travel too. Killing
the child cancels at once, even in the middle of a page; the launching, killing and reaping are
:mod:`talkback.gui.child_process`'s. This module never imports Qt.
"""

from __future__ import annotations

import argparse
import os
import pickle
import struct
import sys
import threading
from collections.abc import Iterator
from dataclasses import fields
from typing import IO, Any

from talkback.core.model import Comment, Post, Problem
from talkback.core.parser import DumpError
from talkback.gui.child_process import ChildKind, ChildProcess, MessageCut, private_output
from talkback.sources import ReadOptions, dump_size, read_dump

#: dumps at least this big (files, or a folder's files together) are read in a child process
CHILD_PROCESS_MIN_BYTES = 4 * 1024 * 1024
#: comments per message: unpickling one batch takes a few milliseconds
COMMENT_BATCH = 400

_FRAME = struct.Struct(">I")
_POST_LINKS = frozenset({"comments", "roots", "row"})
_COMMENT_LINKS = frozenset({"post", "parent", "children", "row", "order"})
_POST_FIELDS = [f.name for f in fields(Post) if f.name not in _POST_LINKS]
_COMMENT_FIELDS = [f.name for f in fields(Comment) if f.name not in _COMMENT_LINKS]


def wants_child_process(path: str | os.PathLike[str], size: int | None = None) -> bool:
    """Whether the dump at ``path`` is big enough to be read in a child process: at least
    :data:`CHILD_PROCESS_MIN_BYTES` as ``talkback.sources.dump_size`` counts it. ``size`` is that
    count when the caller knows it already; without it a folder is walked (until the sum is big
    enough), so call this off the GUI thread."""
    if size is None:
        size = dump_size(path, stop_at=CHILD_PROCESS_MIN_BYTES)
    return size >= CHILD_PROCESS_MIN_BYTES


def read_dump_in_child(
    path: str, options: ReadOptions, cancel: threading.Event
) -> Iterator[Post | Problem]:
    """Like ``read_dump``, but parsing in a child process; setting ``cancel`` kills the child at
    once (there is nothing for it to clean up)."""
    args = [path]
    if options.dialect:
        args += ["--dialect", options.dialect]
    kind = ChildKind("talkback.gui.parse_process", "parser", _read_frame)
    with ChildProcess(kind, args, dump=path, cancel=cancel) as child:
        yield from _rebuild(child.messages(), path)
        failure = child.failure()
        if failure is not None:
            raise failure


def _read_frame(stream: IO[bytes]) -> tuple[Any, ...] | None:
    """One length-prefixed pickle off the child's output, None at its end."""
    head = stream.read(_FRAME.size)
    if not head:
        return None
    if len(head) < _FRAME.size:
        raise MessageCut
    (size,) = _FRAME.unpack(head)
    body = stream.read(size)
    if len(body) < size:
        raise MessageCut
    message: tuple[Any, ...] = pickle.loads(body)
    return message


def _rebuild(messages: Iterator[tuple[Any, ...]], path: str) -> Iterator[Post | Problem]:
    post: Post | None = None
    for message in messages:
        kind = message[0]
        if kind == "post":
            post = Post(**message[1])
        elif kind == "comments" and post is not None:
            post.comments.extend(Comment(**values) for values in message[1])
        elif kind == "end" and post is not None:
            post.link()
            yield post
            post = None
        elif kind == "problem":
            yield Problem(message[1], message[2])
        elif kind == "error":
            raise DumpError(message[1], message[2])
        elif kind == "crash":
            raise DumpError(path, f"internal error in the parser: {message[1]}")


# -- the child -------------------------------------------------------------------------------------


def _send(out: IO[bytes], message: tuple[Any, ...]) -> None:
    data = pickle.dumps(message, protocol=pickle.HIGHEST_PROTOCOL)
    out.write(_FRAME.pack(len(data)))
    out.write(data)


def _send_post(out: IO[bytes], post: Post) -> None:
    _send(out, ("post", {name: getattr(post, name) for name in _POST_FIELDS}))
    comments = post.comments
    for start in range(0, len(comments), COMMENT_BATCH):
        batch = [
            {name: getattr(comment, name) for name in _COMMENT_FIELDS}
            for comment in comments[start : start + COMMENT_BATCH]
        ]
        _send(out, ("comments", batch))
    _send(out, ("end",))
    out.flush()


def child_main(argv: list[str] | None = None) -> int:
    """Parse the dump named on the command line, writing messages to stdout."""
    parser = argparse.ArgumentParser(prog="talkback.gui.parse_process")
    parser.add_argument("path")
    parser.add_argument("--dialect")
    args = parser.parse_args(argv)
    out = private_output()
    try:
        # This process is not the window's: it may parse pages on every core.
        options = ReadOptions(dialect=args.dialect, workers=os.cpu_count() or 1)
        for item in read_dump(args.path, options):
            if isinstance(item, Post):
                _send_post(out, item)
            else:
                _send(out, ("problem", item.where, item.message))
    except DumpError as error:
        _send(out, ("error", error.where, error.reason))
    except Exception as error:
        _send(out, ("crash", f"{type(error).__name__}: {error}"))
    out.flush()
    return 0


if __name__ == "__main__":
    sys.exit(child_main())
