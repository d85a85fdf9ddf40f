"""Reading a dump off the GUI thread: a QRunnable streams posts from ``talkback.sources.read_dump``
and hands them to the window in batches through queued signals.

When the dump has a current index, nothing is parsed and no comment is read: the posts come from
the index as summaries (:class:`~talkback.index.browse.IndexedPost`, in a fraction of a second
for 60,000 posts), ``indexed`` names the index first, and the window reads a post's comments when
it needs them (:mod:`talkback.gui.post_fetcher`). While a big dump's index is being built, a
*growing* load (:meth:`Loader.start_growing`) lists the posts of the batches the build has ended,
every half second, until it is stopped; ``growing`` names the file being written first.

Big dumps (4 MiB or more, as ``talkback.sources.dump_size`` counts them: the size the window
already knows, or counted on the pool thread) are parsed in a child process
(:mod:`talkback.gui.parse_process`) so that the parser never holds the window's interpreter lock;
small ones are parsed in the pool thread.
Each load has a generation number; results of a load that was cancelled or replaced are dropped
when they arrive, so that opening another dump replaces the current one cleanly. Cancelling sets a
flag that the worker checks between posts and that stops the child process at once.
:meth:`Loader.shutdown` drains the pool at exit.

A loaded archive is millions of long-lived objects, and Python's full cycle collection walks all of
them holding the interpreter lock for a second or more. So :class:`CollectorPolicy` pauses
collection while a dump loads and afterwards moves the archive out of the collector's sight with
``gc.freeze()``; the next load hands the frozen objects back (``gc.unfreeze()``) so that the old
archive's reference cycles (comments point to their post and back) can still be freed.
"""

from __future__ import annotations

import gc
import os
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal, Slot

from talkback.core.model import Post, Problem
from talkback.core.parser import DumpError
from talkback.gui.parse_process import read_dump_in_child, wants_child_process
from talkback.index import Fingerprint, IndexReader
from talkback.index.browse import GrowingIndex, IndexedPost, iter_post_summaries
from talkback.index.builder import options_key
from talkback.sources import ReadOptions, read_dump

#: how often (seconds) a batch of posts is handed over while a dump is loading
BATCH_INTERVAL = 0.1
#: the most posts in one batch
BATCH_SIZE = 500
#: how often (seconds) an index being built is looked at for the posts it has written since
GROWING_POLL_SECONDS = 0.5


@dataclass
class LoadTicket:
    """One load: what is read, its generation number, its size when known, and its cancel flag."""

    path: str
    generation: int
    options: ReadOptions = field(default_factory=ReadOptions)
    #: the dump's size (``talkback.sources.dump_size``) if the window knows it already
    size: int | None = None
    #: the dump's fingerprint (``talkback.index.fingerprint``) if the window just took it
    taken: Fingerprint | None = None
    #: whether :meth:`items` parses it in a child process
    in_child: bool = False
    #: the index read instead of the dump, once :meth:`items` found a current one
    index: str | None = None
    #: how many comments that index holds
    index_comments: int = 0
    #: the index being built whose written posts are listed instead of reading the dump
    growing: str | None = None
    cancel: threading.Event = field(default_factory=threading.Event)

    def items(self) -> Iterator[Post | Problem]:
        """The dump's posts and problems: from its index when that is current (summaries of the
        posts, without their comments: see :attr:`index`), else read here or, when big, in a child
        process (which setting :attr:`cancel` stops at once). Call it off the GUI thread: a folder
        whose size is not known yet is walked."""
        indexed = IndexReader.open_for(
            self.path, options=options_key(self.options), taken=self.taken
        )
        if indexed is not None:
            self.index, self.index_comments = str(indexed.path), indexed.comment_count
            return _closing(indexed)
        self.in_child = wants_child_process(self.path, self.size)
        if self.in_child:
            return read_dump_in_child(self.path, self.options, self.cancel)
        return read_dump(self.path, self.options)


def _closing(reader: IndexReader) -> Iterator[Post | Problem]:
    """The index's post summaries and problems, closing the reader when done or abandoned."""
    try:
        yield from iter_post_summaries(reader)
        yield from reader.problems()
    finally:
        reader.close()


class _WorkerSignals(QObject):
    """Signals the worker emits (from its thread); the Loader receives them queued."""

    indexed = Signal(int, str, int)  # generation, index path, comments in the index
    growing = Signal(int, str)  # generation, path of the index being built
    batch = Signal(int, object, object)  # generation, posts, problems
    progress = Signal(int, int, int)  # generation, pages, comments
    failed = Signal(int, str)  # generation, message
    done = Signal(int, bool)  # generation, cancelled


class LoadJob(QRunnable):
    """Reads one dump in a pool thread, reporting batches of posts and problems as it goes."""

    def __init__(self, ticket: LoadTicket, signals: _WorkerSignals) -> None:
        super().__init__()
        self.ticket = ticket
        self.signals = signals

    def run(self) -> None:
        """Stream the dump; never raises (errors become a ``failed`` signal)."""
        if self.ticket.growing is not None:
            self._list_growing(self.ticket.growing)
            return
        ticket, signals = self.ticket, self.signals
        posts: list[Post] = []
        problems: list[Problem] = []
        pages = comments = 0
        last = 0.0  # the first post goes out at once
        try:
            items = ticket.items()
            if ticket.index is not None:
                signals.indexed.emit(ticket.generation, ticket.index, ticket.index_comments)
            for item in items:
                if ticket.cancel.is_set():
                    break
                if isinstance(item, Post):
                    posts.append(item)
                    pages += 1
                    comments += (
                        item.comment_total if type(item) is IndexedPost else len(item.comments)
                    )
                else:
                    problems.append(item)
                now = time.monotonic()
                if now - last >= BATCH_INTERVAL or len(posts) >= BATCH_SIZE:
                    signals.batch.emit(ticket.generation, posts, problems)
                    signals.progress.emit(ticket.generation, pages, comments)
                    posts, problems, last = [], [], now
            if posts or problems:
                signals.batch.emit(ticket.generation, posts, problems)
                signals.progress.emit(ticket.generation, pages, comments)
        except DumpError as error:
            signals.failed.emit(ticket.generation, str(error))
        except Exception as error:  # a bug must not kill the pool thread silently
            signals.failed.emit(
                ticket.generation, f"{ticket.path}: internal error: {type(error).__name__}: {error}"
            )
        finally:
            signals.done.emit(ticket.generation, ticket.cancel.is_set())

    def _list_growing(self, path: str) -> None:
        """Hand over the posts of the index being built at ``path`` as its batches end, until
        cancelled (the load never finishes by itself: the build's end replaces it)."""
        ticket, signals = self.ticket, self.signals
        signals.growing.emit(ticket.generation, path)
        growing = GrowingIndex(Path(path))
        try:
            while not ticket.cancel.is_set():
                posts = growing.new_posts(BATCH_SIZE)
                if posts:
                    signals.batch.emit(ticket.generation, posts, [])
                else:
                    ticket.cancel.wait(GROWING_POLL_SECONDS)
        except Exception as error:  # a bug must not kill the pool thread silently
            signals.failed.emit(
                ticket.generation, f"{path}: internal error: {type(error).__name__}: {error}"
            )
        finally:
            growing.close()
            signals.done.emit(ticket.generation, ticket.cancel.is_set())


class Loader(QObject):
    """Starts, cancels and reports loads; only the current load's results get through."""

    started = Signal(str)  # the dump's path
    indexed = Signal(str, int)  # the dump is read from this index, of this many comments
    growing = Signal(str)  # the dump's posts are listed from this index as it is being built
    posts_loaded = Signal(object)  # a batch of Posts, each with all its comments
    problems_found = Signal(object)  # Problems met while reading
    progress = Signal(int, int)  # pages and comments read so far
    failed = Signal(str)  # one line naming the file and the problem
    finished = Signal()  # the load completed (possibly after a failure)
    cancelled = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(max(2, min(4, os.cpu_count() or 2)))
        self._signals = _WorkerSignals(self)
        self._signals.indexed.connect(self._on_indexed)
        self._signals.growing.connect(self._on_growing)
        self._signals.batch.connect(self._on_batch)
        self._signals.progress.connect(self._on_progress)
        self._signals.failed.connect(self._on_failed)
        self._signals.done.connect(self._on_done)
        self._generation = 0
        self._current: LoadTicket | None = None
        self._collector = CollectorPolicy()

    @property
    def is_loading(self) -> bool:
        """Whether a load is under way."""
        return self._current is not None

    @property
    def current_path(self) -> str | None:
        """The dump being loaded, if any."""
        return self._current.path if self._current else None

    def start(
        self,
        path: str | os.PathLike[str],
        options: ReadOptions | None = None,
        *,
        size: int | None = None,
        taken: Fingerprint | None = None,
    ) -> None:
        """Cancel any load under way and start reading ``path`` (of ``size`` bytes, as
        ``talkback.sources.dump_size`` counts them, when that is known: then it is not counted
        again; ``taken`` is its fingerprint when just taken: then it is not taken again)."""
        self._drop_current()
        self._generation += 1
        ticket = LoadTicket(os.fspath(path), self._generation, options or ReadOptions(), size)
        ticket.taken = taken
        self._current = ticket
        self._collector.load_starting()
        self.started.emit(ticket.path)
        self._pool.start(LoadJob(ticket, self._signals))

    def start_growing(self, path: str | os.PathLike[str], index: str) -> None:
        """Cancel any load under way and list the posts of ``path``'s index as it is being built
        in ``index`` (``talkback.index.BuildProgress.writing``), until :meth:`stop`."""
        self._drop_current()
        self._generation += 1
        ticket = LoadTicket(os.fspath(path), self._generation, growing=index)
        self._current = ticket
        self._collector.load_starting(pause=False)  # summaries only: few objects, for minutes
        self.started.emit(ticket.path)
        self._pool.start(LoadJob(ticket, self._signals))

    @property
    def is_growing(self) -> bool:
        """Whether the load under way lists an index being built."""
        return self._current is not None and self._current.growing is not None

    @Slot()
    def cancel(self) -> None:
        """Stop the current load; what was loaded so far stays, nothing more arrives. A growing
        load is left alone: cancelling the build it lists closes the dump."""
        if self.is_growing:
            return
        if self._drop_current():
            self.cancelled.emit()

    def stop(self) -> None:
        """Stop the current load without reporting it (the dump is being closed or replaced)."""
        self._drop_current()

    def _drop_current(self) -> bool:
        ticket, self._current = self._current, None
        if ticket is None:
            return False
        ticket.cancel.set()
        self._generation += 1
        self._collector.load_ended()
        return True

    def release(self) -> None:
        """The window let go of the loaded archive: let the collector free it."""
        self._collector.dump_closed()

    def shutdown(self, timeout_ms: int = -1) -> bool:
        """Cancel and wait for the pool threads to end (at exit); False if they did not in time."""
        self._drop_current()
        done: bool = self._pool.waitForDone(timeout_ms)
        return done

    def _is_current(self, generation: int) -> bool:
        return self._current is not None and generation == self._current.generation

    @Slot(int, str, int)
    def _on_indexed(self, generation: int, path: str, comments: int) -> None:
        if self._is_current(generation):
            self.indexed.emit(path, comments)

    @Slot(int, str)
    def _on_growing(self, generation: int, path: str) -> None:
        if self._is_current(generation):
            self.growing.emit(path)

    @Slot(int, object, object)
    def _on_batch(self, generation: int, posts: list[Post], problems: list[Problem]) -> None:
        if not self._is_current(generation):
            return
        if posts:
            self.posts_loaded.emit(posts)
        if problems:
            self.problems_found.emit(problems)

    @Slot(int, int, int)
    def _on_progress(self, generation: int, pages: int, comments: int) -> None:
        if self._is_current(generation):
            self.progress.emit(pages, comments)

    @Slot(int, str)
    def _on_failed(self, generation: int, message: str) -> None:
        if self._is_current(generation):
            self.failed.emit(message)

    @Slot(int, bool)
    def _on_done(self, generation: int, cancelled: bool) -> None:
        if self._is_current(generation):
            self._current = None
            self._collector.load_ended()
            self.finished.emit()


class CollectorPolicy:
    """Pauses and resumes the cycle collector around loads; one per application."""

    def __init__(self) -> None:
        self._paused = False

    @property
    def paused(self) -> bool:
        """Whether collection is paused for a load."""
        return self._paused

    def load_starting(self, *, pause: bool = True) -> None:
        """A dump starts loading: release what an earlier load froze, then pause collection
        (unless ``pause`` is False)."""
        gc.unfreeze()
        if pause and not self._paused:
            self._paused = gc.isenabled()
            gc.disable()

    def load_ended(self) -> None:
        """The load finished, failed or was cancelled: freeze what it made, resume collection."""
        gc.freeze()
        if self._paused:
            gc.enable()
            self._paused = False

    def dump_closed(self) -> None:
        """The archive was let go: hand the frozen objects back so that it can be freed."""
        gc.unfreeze()
