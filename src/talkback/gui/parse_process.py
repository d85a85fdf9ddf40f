"""Reading a big dump in a child process, so that the parser never holds the window's interpreter
lock: a single long C call in the parser (splitting a 100 MB page into lines, growing a dict of
millions of quote shingles) would otherwise freeze the window for a second at a time.

The child (``python -m talkback.gui.parse_process PATH``) runs ``talkback.sources.read_dump`` and
writes each post to its stdout as length-prefixed pickles: the post's fields, then its comments in
small batches (so that unpickling one never holds the lock for long), then an end mark. The window's
loader thread rebuilds the Post and its reply tree with ``Post.link()``. Every dataclass field is
sent except the links ``link()`` rebuilds, so fields added to the model later travel too. Killing
the child cancels at once, even in the middle of a page. This module never imports Qt.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import pickle
import struct
import subprocess
import sys
import threading
from collections.abc import Iterator
from dataclasses import fields
from pathlib import Path
from typing import IO, Any

from talkback.core.model import Comment, Post, Problem
from talkback.core.parser import DumpError
from talkback.sources import ReadOptions, read_dump

#: dumps at least this big (or folders) are read in a child process
CHILD_PROCESS_MIN_BYTES = 4 * 1024 * 1024
#: comments per message: unpickling one batch takes a few milliseconds
COMMENT_BATCH = 400

_FRAME = struct.Struct(">I")
_POST_LINKS = frozenset({"comments", "roots", "row"})
_COMMENT_LINKS = frozenset({"post", "parent", "children", "row", "order"})
_POST_FIELDS = [f.name for f in fields(Post) if f.name not in _POST_LINKS]
_COMMENT_FIELDS = [f.name for f in fields(Comment) if f.name not in _COMMENT_LINKS]


def wants_child_process(path: str | os.PathLike[str]) -> bool:
    """Whether ``path`` is big enough (or a folder) to be read in a child process."""
    target = Path(path)
    try:
        size = target.stat().st_size
    except OSError:
        return False  # the in-thread reader reports the error
    return not target.is_file() or size >= CHILD_PROCESS_MIN_BYTES


def read_dump_in_child(
    path: str, options: ReadOptions, cancel: threading.Event, register_kill: Any = None
) -> Iterator[Post | Problem]:
    """Like ``read_dump``, but parsing in a child process; ``register_kill(callable)`` receives
    the function that kills the child (for an immediate cancel)."""
    command = [sys.executable, "-m", "talkback.gui.parse_process", path]
    if options.dialect:
        command += ["--dialect", options.dialect]
    debug = bool(os.environ.get("TALKBACK_DEBUG"))
    child = subprocess.Popen(
        command,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=None if debug else subprocess.DEVNULL,
    )
    if register_kill is not None:
        register_kill(lambda: _kill(child))
    assert child.stdout is not None
    try:
        yield from _rebuild(_messages(child.stdout), path)
        status = child.wait()
        if status != 0 and not cancel.is_set():
            raise DumpError(path, f"the parser process stopped (exit status {status})")
    finally:
        _kill(child)
        child.stdout.close()
        child.wait()


def _kill(child: subprocess.Popen[bytes]) -> None:
    if child.poll() is None:
        with contextlib.suppress(ProcessLookupError):
            child.kill()


def _messages(stream: IO[bytes]) -> Iterator[tuple[Any, ...]]:
    while True:
        head = stream.read(_FRAME.size)
        if len(head) < _FRAME.size:
            return
        (size,) = _FRAME.unpack(head)
        body = stream.read(size)
        if len(body) < size:
            return
        message: tuple[Any, ...] = pickle.loads(body)
        yield message


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
    out = sys.stdout.buffer
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
