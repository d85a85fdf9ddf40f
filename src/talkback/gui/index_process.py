"""Building a dump's index in a child process, for the window: the build never holds the window's
interpreter lock (unpickling a post of 100,000 comments from a parsing worker is one C call that
would freeze the window for seconds), and its memory is not the window's.

The child (``python -m talkback.gui.index_process DUMP``) runs ``talkback.index.build_index``,
which parses the pages in worker processes of its own, and writes one JSON line to its stdout for
each step: ``{"progress": [posts, comments, bytes read, bytes total or null, posts indexed
before]}`` a few times a second (the last: by a stopped build this one goes on from),
``{"writing": path}`` once, naming the file being written (the window lists the posts of its
ended batches from it while the rest is indexed), then one of ``{"built": path}``,
``{"unwritable": line}`` (``IndexWriteError``), ``{"unreadable": line}``
(``DumpError``), ``{"cancelled": ""}`` or ``{"crash": line}``.
A line on its stdin, or its stdin closed (the window went away), cancels the build, which then
keeps what it wrote for the next build to go on from; a child that does not end soon after is
killed (the next build goes on from its last ended batch just the same). The launching, stopping and
reaping are :mod:`talkback.gui.child_process`'s. This module never imports Qt.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import os
import sys
import threading
import time
from collections.abc import Callable
from typing import IO

from talkback.core.parser import DumpError
from talkback.gui.child_process import ChildKind, ChildProcess, MessageCut, private_output
from talkback.index import BuildProgress, IndexCancelled, IndexWriteError, build_index
from talkback.sources import ReadOptions, ReadProgress

#: the child reports progress at most this often (seconds)
PROGRESS_SECONDS = 0.2
#: a child told to stop that has not ended after this long (seconds) is killed (it leaves a
#: temporary file, which the next build removes, and never an index)
KILL_AFTER_SECONDS = 10.0
#: how the build ended, as the child says: built, unwritable, unreadable, cancelled, crash
OUTCOMES = frozenset({"built", "unwritable", "unreadable", "cancelled", "crash"})

#: how much lower the build's priority is than the window's: the window, reading posts and
#: scrolling while it lists the posts being indexed, gets the cores first
NICENESS = 5
#: posts, comments, bytes read, bytes total (None: not known)
Progress = tuple[int, int, int, int | None, int]


def build_in_child(
    dump: str,
    cancel: threading.Event,
    on_progress: Callable[[Progress], None],
    on_writing: Callable[[str], None] | None = None,
) -> tuple[str, str]:
    """Build the index of ``dump`` in a child process; ``(outcome, text)`` with the outcome one of
    :data:`OUTCOMES` and the text the index's path or a one-line message. Setting ``cancel`` asks
    the child to stop (what it wrote is kept for the next build to go on from). ``on_writing`` is
    told the file being written, once."""
    if cancel.is_set():
        return "cancelled", ""
    kind = ChildKind(
        "talkback.gui.index_process", "indexing", _read_line, b"cancel\n", KILL_AFTER_SECONDS
    )
    outcome: tuple[str, str] | None = None
    with ChildProcess(kind, [dump], dump=dump, cancel=cancel) as child:
        for line in child.messages():
            try:
                message = json.loads(line)
            except ValueError:
                continue
            if not isinstance(message, dict):
                continue
            if "progress" in message:
                posts, comments, read, total, resumed = message["progress"]
                on_progress((posts, comments, read, total, resumed))
            if "writing" in message and on_writing is not None:
                on_writing(str(message["writing"]))
            for kind_of_end in OUTCOMES & message.keys():
                outcome = (kind_of_end, str(message[kind_of_end]))
        failure = child.failure()
    if outcome is not None:
        return outcome
    if cancel.is_set():
        return "cancelled", ""
    if failure is None:  # it exited 0 without saying how the build ended
        failure = DumpError(dump, "the indexing process stopped (exit status 0)")
    return "crash", str(failure)


def _read_line(stream: IO[bytes]) -> bytes | None:
    """One line of the child's output (the protocol's message), None at its end."""
    line = stream.readline()
    if line and not line.endswith(b"\n"):
        raise MessageCut
    return line or None


# -- the child -------------------------------------------------------------------------------------


class _Reporter:
    """Writes the build's progress to stdout, a few times a second."""

    def __init__(self, out: IO[str]) -> None:
        self.out = out
        self.posts = self.comments = self.read = self.resumed = 0
        self.total: int | None = None
        self.writing = ""
        self._last = 0.0

    def on_read(self, state: ReadProgress) -> None:
        self.read, self.total = state.bytes_read, state.bytes_total
        self.report()

    def on_built(self, state: BuildProgress) -> None:
        self.posts, self.comments, self.resumed = state.posts, state.comments, state.resumed
        if state.writing != self.writing:
            self.writing = state.writing
            _say(self.out, "writing", state.writing)
        if state.posts or state.problems:  # not the zeros said before anything is read
            self.report()

    def report(self, *, last: bool = False) -> None:
        """Say how far the build has got (at most every PROGRESS_SECONDS, unless ``last``)."""
        now = time.monotonic()
        if last or now - self._last >= PROGRESS_SECONDS:
            self._last = now
            _say(
                self.out,
                "progress",
                [self.posts, self.comments, self.read, self.total, self.resumed],
            )


def _say(out: IO[str], kind: str, value: object) -> None:
    out.write(json.dumps({kind: value}) + "\n")
    out.flush()


def _cancel_on_input(cancel: threading.Event) -> None:
    """Any line on stdin, or stdin closed, cancels the build."""
    with contextlib.suppress(OSError, ValueError):
        sys.stdin.readline()
    cancel.set()


def child_main(argv: list[str] | None = None) -> int:
    """Build the index of the dump named on the command line, reporting on stdout."""
    parser = argparse.ArgumentParser(prog="talkback.gui.index_process")
    parser.add_argument("dump")
    args = parser.parse_args(argv)
    with contextlib.suppress(OSError, AttributeError):  # not on every system
        os.nice(NICENESS)  # its parsing workers inherit it
    out = io.TextIOWrapper(private_output(), encoding="utf-8")
    cancel = threading.Event()
    threading.Thread(target=_cancel_on_input, args=(cancel,), daemon=True).start()
    reporter = _Reporter(out)
    try:
        path = build_index(
            args.dump,
            options=ReadOptions(progress=reporter.on_read),
            progress=reporter.on_built,
            cancel=cancel,
        )
    except IndexCancelled:
        _say(out, "cancelled", "")
    except IndexWriteError as error:
        _say(out, "unwritable", str(error))
    except DumpError as error:
        _say(out, "unreadable", str(error))
    except Exception as error:  # reported, so that the window can still open the dump
        _say(out, "crash", f"{args.dump}: could not be indexed ({type(error).__name__}: {error})")
    else:
        reporter.report(last=True)  # the whole size and the final counts
        _say(out, "built", str(path))
    return 0


if __name__ == "__main__":
    sys.exit(child_main())
