"""Indexing a big dump before the window opens it, so that it is never parsed whole into memory.

A dump of at least ``Settings.auto_index_mb`` MB (its size as ``talkback.sources.dump_size``
counts it: a folder's files that are read counted together, an archive by its size on disk) with no
current index is indexed first: :class:`AutoIndexer` runs
``talkback.index.build_index`` (the index ``talkback index`` builds) in a child process
(:mod:`talkback.gui.index_process`, watched from a worker thread) and reports how far it has got,
and once the index is there the window opens the dump from it, a post
at a time (:mod:`talkback.gui.lazy_browsing`). A dump with a current index is opened from it at
once, whatever its size; smaller dumps are parsed in memory as before.

A folder's size is added up on the worker (a folder of many files takes a while to walk), so that
opening one never holds the window up; a single file's is one ``stat``. A dump found small is
reported with its size, which the window hands to the loader, so that the folder is not walked
again to choose where it is parsed. Cancelling makes no index (``build_index`` keeps what it
wrote apart, and the next build goes on from there). When the index cannot be written (a
read-only or full cache folder) the dump is parsed in memory after all, and
:attr:`AutoIndexer.fallback` says why in one line.
"""

from __future__ import annotations

import stat
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal, SignalInstance, Slot

from talkback.gui.index_process import Progress, build_in_child
from talkback.index import IndexReader, fingerprint
from talkback.sources import dump_size

#: bytes in the settings' MB
MB = 1_000_000


@dataclass(frozen=True, slots=True)
class IndexingState:
    """How far the index build of a dump has got."""

    posts: int = 0
    comments: int = 0
    bytes_read: int = 0
    #: the dump's size on disk; None while not known
    bytes_total: int | None = None
    seconds: float = 0.0
    #: posts indexed by a stopped build that this one goes on from
    resumed: int = 0

    @property
    def fraction(self) -> float | None:
        """The part of the dump read, between 0 and 1 (None when its size is not known)."""
        if not self.bytes_total:
            return None
        return min(1.0, self.bytes_read / self.bytes_total)


class _Signals(QObject):
    """Signals the job emits from its thread, each with the job's generation first."""

    small = Signal(int, int)  # not big enough to index first: parse it as before; its size
    building = Signal(int, int)  # no current index: building it; the dump's size
    progress = Signal(int, object)  # IndexingState
    writing = Signal(int, str)  # the file being written, where ended batches can be read
    ready = Signal(int, object)  # a current index is there: open it (the dump's Fingerprint)
    fallback = Signal(int, str)  # the index cannot be written: parse in memory; one line why
    failed = Signal(int, str)  # the dump cannot be read: one line naming it and the problem
    cancelled = Signal(int)


class _IndexFirstJob(QRunnable):
    """Decides whether the dump is to be indexed first and, if so, has its index built."""

    def __init__(self, dump: str, threshold: int, generation: int, signals: _Signals) -> None:
        super().__init__()
        self.dump, self.threshold, self.generation = dump, threshold, generation
        self.signals = signals
        self.cancel = threading.Event()
        self._started = 0.0

    def run(self) -> None:
        """Never raises: every outcome is a signal."""
        signals, generation = self.signals, self.generation
        try:
            taken = fingerprint(self.dump)
            reader = IndexReader.open_for(self.dump, taken=taken)
            if reader is not None:
                reader.close()
                signals.ready.emit(generation, taken)  # the loader need not take it again
                return
            size = dump_size(self.dump, stop_at=self.threshold)
            if size < self.threshold:
                signals.small.emit(generation, size)
                return
            signals.building.emit(generation, size)
            self._started = time.monotonic()
            outcome, text = build_in_child(
                self.dump,
                self.cancel,
                self._on_progress,
                lambda path: signals.writing.emit(generation, path),
            )
        except Exception as error:  # a bug must not stop the dump from opening
            line = f"{self.dump}: could not be indexed ({type(error).__name__}: {error})"
            outcome, text = "crash", line
        if outcome == "built":
            signals.ready.emit(generation, None)
        elif outcome == "cancelled":
            signals.cancelled.emit(generation)
        elif outcome == "unreadable":
            signals.failed.emit(generation, text)
        else:  # unwritable, or the build broke: the dump can still be parsed in memory
            signals.fallback.emit(generation, text)

    def _on_progress(self, progress: Progress) -> None:
        posts, comments, read, total, resumed = progress
        seconds = time.monotonic() - self._started
        state = IndexingState(posts, comments, read, total, seconds, resumed)
        self.signals.progress.emit(self.generation, state)


class AutoIndexer(QObject):
    """Indexes big dumps before they are opened; at most one at a time.

    :meth:`start` says whether it took the dump on. If it did, exactly one of ``small``, ``ready``,
    ``fallback``, ``failed`` and ``cancelled`` follows (unless :meth:`start` or :meth:`cancel` is
    called again first: the results of a replaced or cancelled dump are dropped, and the
    cancelled signal comes at once).
    """

    # The dump is given as a Python str (``object``): as Qt text, a path that is not valid UTF-8
    # would lose its bytes and name another file.
    #: not big enough to index first: the dump (parse it in memory, as before) and its size
    small = Signal(object, int)
    #: an index is being built for the dump; its size on disk
    building = Signal(object, int)
    #: how far the build has got
    progress = Signal(object)  # IndexingState
    #: the dump, and the file its index is being written to (the posts of the batches ended so
    #: far can be read from it: see ``talkback.index.browse.summaries_after``)
    writing = Signal(object, str)
    #: the dump has a current index now: open it
    ready = Signal(object, object)  # the dump, and its Fingerprint when just taken (or None)
    #: the index could not be written: the dump, and one line why (parse it in memory instead)
    fallback = Signal(object, str)
    #: the dump cannot be read: the dump, and one line naming it and the problem
    failed = Signal(object, str)
    #: the build was cancelled (no index was made): the dump
    cancelled = Signal(object)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._pool = QThreadPool(self)
        # two: the next dump's look at its size and index never waits behind a cancelled build
        # that is still removing what it wrote
        self._pool.setMaxThreadCount(2)
        self._signals = _Signals(self)
        self._signals.small.connect(
            lambda generation, size: self._end(generation, self.small, size)
        )
        self._signals.building.connect(self._on_building)
        self._signals.progress.connect(self._on_progress)
        self._signals.writing.connect(self._on_writing)
        self._signals.ready.connect(
            lambda generation, taken: self._end(generation, self.ready, taken)
        )
        self._signals.fallback.connect(
            lambda generation, line: self._end(generation, self.fallback, line)
        )
        self._signals.failed.connect(
            lambda generation, line: self._end(generation, self.failed, line)
        )
        self._signals.cancelled.connect(self._on_cancelled)
        self._generation = 0
        #: the cancel flag of the job under way (the pool owns the job itself)
        self._cancel: threading.Event | None = None
        self._dump = ""
        #: whether the current dump's index is being built (not only looked for)
        self.building_now = False

    @property
    def dump(self) -> str | None:
        """The dump taken on and not settled yet, if any."""
        return self._dump if self._cancel is not None else None

    def start(self, dump: str, threshold_mb: float) -> bool:
        """Take ``dump`` on if it may need indexing first (a big file, or any folder while the
        threshold is set); False if it is to be opened as before, at once."""
        self.stop()
        if threshold_mb <= 0:
            return False
        threshold = max(1, round(threshold_mb * MB))
        try:
            info = Path(dump).stat()
        except OSError:
            return False  # opening it will say what is wrong
        if not stat.S_ISDIR(info.st_mode) and info.st_size < threshold:
            return False
        self._generation += 1
        self._dump = dump
        self.building_now = False
        job = _IndexFirstJob(dump, threshold, self._generation, self._signals)
        self._cancel = job.cancel
        self._pool.start(job)
        return True

    @Slot()
    def cancel(self) -> None:
        """Stop the build under way (reported by ``cancelled`` at once)."""
        dump = self.dump
        if dump is not None:
            self.stop()
            self.cancelled.emit(dump)

    def stop(self) -> None:
        """Stop the build under way without reporting it (another dump is being opened)."""
        cancel, self._cancel = self._cancel, None
        self.building_now = False
        if cancel is not None:
            cancel.set()
            self._generation += 1

    def shutdown(self, timeout_ms: int = -1) -> bool:
        """Stop and wait for the worker (at exit); False if it did not end in time."""
        self.stop()
        done: bool = self._pool.waitForDone(timeout_ms)
        return done

    def _current(self, generation: int) -> bool:
        return self._cancel is not None and generation == self._generation

    def _end(self, generation: int, signal: SignalInstance, *args: object) -> None:
        if self._current(generation):
            dump, self._cancel = self._dump, None
            self.building_now = False
            signal.emit(dump, *args)

    @Slot(int, int)
    def _on_building(self, generation: int, size: int) -> None:
        if self._current(generation):
            self.building_now = True
            self.building.emit(self._dump, size)

    @Slot(int, object)
    def _on_progress(self, generation: int, state: IndexingState) -> None:
        if self._current(generation):
            self.progress.emit(state)

    @Slot(int, str)
    def _on_writing(self, generation: int, path: str) -> None:
        if self._current(generation):
            self.writing.emit(self._dump, path)

    @Slot(int)
    def _on_cancelled(self, generation: int) -> None:
        self._end(generation, self.cancelled)
