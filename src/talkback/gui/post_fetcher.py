"""Reading the comments of an indexed dump's posts when the window needs them, off the GUI thread.

A dump opened from its index shows its posts as summaries (:class:`IndexedPost`, see
:mod:`talkback.gui.loader`). :meth:`PostFetcher.fetch` reads one post's text and comments with
``talkback.index.browse.read_post`` on a pool thread (a connection of its own per job), and the
result comes back through a queued signal; the GUI thread then only moves it into the post and
inserts the first rows (:meth:`ThreadModel.fill_post`), so that a post of 100,000 comments never
holds the window up. The post's row says "reading N comments…" meanwhile. A post of more than a
page of rows shows its first page as soon as it is read (what needs the whole post waits for it),
and the whole post then takes its place, the selection and expanded rows kept.

Every dump opened gets a generation number: reading the posts of a dump that was closed or
replaced stops at its next page of rows, and what it read is dropped. To keep memory bounded, at
most :data:`KEEP_COMMENTS` comments stay read: beyond that, the posts read longest ago that the
window does not protect (the current one, those in sight) are let go again (they stay in the
index, and are read again when needed).

Reading a big post makes hundreds of thousands of objects, and each full pass of Python's cycle
collector over them holds the interpreter lock (so the window too) for a tenth of a second. So the
collector is paused while posts are read, and what was read is moved out of its sight afterwards
(``gc.freeze()``, as the loader does with a parsed dump); a post let go has its reference cycles
cut (``talkback.index.browse.empty_post``), so that it is freed without the collector.
"""

from __future__ import annotations

import gc
import sqlite3
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal, Slot

from talkback.core.model import Post
from talkback.gui.generation import Generation
from talkback.gui.tree_model import ThreadModel
from talkback.index import IndexReader
from talkback.index.browse import IndexedPost, PostContents, owner_post, read_post
from talkback.index.schema import READER_WAIT_SECONDS

#: at most this many comments stay read (the posts read longest ago and out of sight go first)
KEEP_COMMENTS = 400_000
#: pool threads reading posts (a big post being read does not hold up a small one)
READERS = 2
#: how long (seconds) reading a post of an index being built waits while the build ends a batch or
#: finishes the index (it holds the file for that long; the window opens the finished index after)
GROWING_WAIT_SECONDS = 120.0
#: a reader sleeps this long between pages of rows (a few ms of work each), so that the GUI thread
#: gets the interpreter lock, and a core, at once even on a busy machine
YIELD_SECONDS = 0.001

Callback = Callable[[], object]


class _Signals(QObject):
    """Signals the jobs emit from pool threads; received queued in the GUI thread."""

    read = Signal(int, object, object)  # generation, IndexedPost, PostContents
    first_page = Signal(int, object, object)  # generation, IndexedPost, its first page's contents
    failed = Signal(int, object, str)  # generation, IndexedPost, one line


class _CollectorPause:
    """Pauses the cycle collector while any post is being read; freezes what was read."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._readers = 0
        self._reenable = False

    @contextmanager
    def reading(self) -> Iterator[None]:
        """Within: the collector is paused (unless something else paused it already)."""
        with self._lock:
            if self._readers == 0:
                self._reenable = gc.isenabled()
                gc.disable()
            self._readers += 1
        try:
            yield
        finally:
            with self._lock:
                self._readers -= 1
                if self._readers == 0:
                    gc.freeze()
                    if self._reenable:
                        gc.enable()


_PAUSE = _CollectorPause()


class _ReadJob(QRunnable):
    """Reads one post of the index (pure index code) and reports through the signals."""

    def __init__(
        self,
        index: str,
        post: IndexedPost,
        generation: int,
        latest: Generation,
        signals: _Signals,
        wait: float,
    ) -> None:
        super().__init__()
        self.index, self.post, self.generation = index, post, generation
        self.latest, self.signals, self.wait = latest, signals, wait

    def run(self) -> None:
        """Read the post; never raises (errors become a ``failed`` signal)."""
        generation, latest = self.generation, self.latest
        if latest.value != generation:
            return

        def stop() -> bool:
            time.sleep(YIELD_SECONDS)
            return latest.value != generation

        def first_page(contents: PostContents) -> None:
            self.signals.first_page.emit(generation, self.post, contents)

        try:
            reader = IndexReader(Path(self.index), self.wait)
            try:
                with _PAUSE.reading():
                    contents = read_post(reader, self.post, stop, first_page)
            finally:
                reader.close()
        except (sqlite3.Error, OSError, ValueError) as error:
            self.signals.failed.emit(generation, self.post, f"{self.index}: {error}")
            return
        except Exception as error:  # a bug must not kill the pool thread silently
            message = f"{self.index}: internal error: {type(error).__name__}: {error}"
            self.signals.failed.emit(generation, self.post, message)
            return
        if contents is not None:
            self.signals.read.emit(generation, self.post, contents)
        elif latest.value == generation:
            line = f"{self.index}: post {self.post.id} is no longer in the index"
            self.signals.failed.emit(generation, self.post, line)


class PostFetcher(QObject):
    """Reads posts' comments from the index of the dump shown, as the window asks."""

    #: a post's comments are in the model now
    loaded = Signal(object)
    #: a post could not be read: one line naming the index and the problem
    failed = Signal(str)

    def __init__(self, model: ThreadModel, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.model = model
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(READERS)
        self._signals = _Signals(self)
        self._signals.read.connect(self._on_read)
        self._signals.first_page.connect(self._on_first_page)
        self._signals.failed.connect(self._on_failed)
        self._generation = Generation()
        self.index: str | None = None
        #: whether that index is still being built (it holds the posts of its ended batches)
        self.growing = False
        self._lookup: IndexReader | None = None
        self._waiting: dict[IndexedPost, list[Callback]] = {}
        self._read: OrderedDict[IndexedPost, None] = OrderedDict()
        self._comments = 0
        #: the most comments kept read
        self.keep_comments = KEEP_COMMENTS
        #: the posts the window needs kept (the current one, those in sight)
        self.protected: Callable[[], set[Post]] = set
        model.modelReset.connect(self.reset)

    @property
    def active(self) -> bool:
        """Whether the dump shown is read from its index."""
        return self.index is not None

    @property
    def comments_read(self) -> int:
        """How many comments are read and kept now."""
        return self._comments

    def open(self, index: str, *, growing: bool = False) -> None:
        """The dump shown is read from ``index`` (``growing``: an index being built)."""
        self.reset()
        self.index, self.growing = index, growing

    @Slot()
    def reset(self) -> None:
        """Another dump (or none) is shown: stop reading, forget everything."""
        self._generation.next()
        self.index, self.growing = None, False
        if self._lookup is not None:
            self._lookup.close()
            self._lookup = None
        self._waiting.clear()
        self._read.clear()
        self._comments = 0

    @property
    def busy(self) -> bool:
        """Whether some post is being read."""
        return bool(self._waiting)

    def is_reading(self, post: IndexedPost) -> bool:
        """Whether ``post`` is being read."""
        return post in self._waiting

    def fetch(self, post: IndexedPost, then: Callback | None = None) -> None:
        """Make sure ``post``'s comments are read, then call ``then`` (at once if they are)."""
        if post.loaded or self.index is None:
            if post in self._read:
                self._read.move_to_end(post)
            if then is not None:
                then()
            return
        waiting = self._waiting.get(post)
        if waiting is not None:
            if then is not None:
                waiting.append(then)
            return
        self._waiting[post] = [then] if then is not None else []
        self.model.set_reading(post, True)
        wait = GROWING_WAIT_SECONDS if self.growing else READER_WAIT_SECONDS
        job = _ReadJob(
            self.index, post, self._generation.value, self._generation, self._signals, wait
        )
        self._pool.start(job)

    def owner(self, node_id: str) -> str | None:
        """The id of the post that is, or holds, ``node_id`` (one lookup in the index; only
        posts while it is being built: comments are looked up by an index made at its end)."""
        if self.index is None:
            return None
        try:
            if self._lookup is None:
                self._lookup = IndexReader(Path(self.index))
            if self.growing:
                return node_id if self._lookup.post_rowid(node_id) is not None else None
            return owner_post(self._lookup, node_id)
        except sqlite3.Error:
            return None

    @Slot(int, object, object)
    def _on_first_page(self, generation: int, post: IndexedPost, contents: PostContents) -> None:
        """The first page of a big post's comments shows while the rest is read; what needs the
        whole post (export, copy, ``n`` past the page, the overview) still waits for it."""
        if generation == self._generation.value and post in self._waiting and not post.loaded:
            self.model.fill_post(post, contents, complete=False)

    @Slot(int, object, object)
    def _on_read(self, generation: int, post: IndexedPost, contents: PostContents) -> None:
        if generation != self._generation.value:
            return
        callbacks = self._waiting.pop(post, [])
        self.model.set_reading(post, False)
        if not post.loaded:
            self.model.fill_post(post, contents)
            self._read[post] = None
            self._comments += len(post.comments)
            self._trim()
            self.loaded.emit(post)
        for callback in callbacks:
            callback()

    @Slot(int, object, str)
    def _on_failed(self, generation: int, post: IndexedPost, line: str) -> None:
        if generation != self._generation.value:
            return
        self._waiting.pop(post, None)
        self.model.set_reading(post, False)
        self.failed.emit(line)

    def _trim(self) -> None:
        """Let go of the posts read longest ago, out of sight, while too many comments are read."""
        if self._comments <= self.keep_comments:
            return
        protected = self.protected()
        for post in list(self._read):
            if self._comments <= self.keep_comments:
                return
            if post in protected:
                continue
            del self._read[post]
            self._comments -= len(post.comments)
            self.model.empty_post(post)

    def shutdown(self, timeout_ms: int = -1) -> bool:
        """Stop reading and wait for the pool threads (at exit); False if they did not end."""
        self.reset()
        self._pool.clear()
        done: bool = self._pool.waitForDone(timeout_ms)
        return done
