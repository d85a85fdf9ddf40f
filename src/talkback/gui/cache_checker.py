"""Telling, off the GUI thread, whether the indexes of the index cache still fit their dumps.

Only fingerprinting a dump tells (:func:`talkback.index.cache.checked`, the rule ``talkback index
--list`` applies too): the first and last 64 KiB of a file are read, every file of a folder is
looked at, and a folder may hold thousands, on a disk that may be slow. :class:`CacheChecker`
runs the checks one entry after the other on a pool of one thread and gives each result as it
comes, through a queued signal, so that the Index Cache dialog fills its State column in while
it stays responsive. A new round of checks (the list was made again) replaces the one under way,
whose results are dropped; :meth:`CacheChecker.shutdown` stops it after the entry being checked
and waits for it (the dialog closing).
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal, Slot

from talkback.gui.generation import Generation
from talkback.index.cache import CacheEntry, checked


class _Signals(QObject):
    """Emitted on the worker thread, received queued on the GUI thread."""

    checked = Signal(int, object)  # generation, CacheEntry
    done = Signal(int)  # generation


class _CheckJob(QRunnable):
    """Checks ``entries`` one by one until done, replaced or stopped."""

    def __init__(
        self,
        entries: Sequence[CacheEntry],
        base: Path,
        generation: int,
        latest: Generation,
        stop: threading.Event,
        signals: _Signals,
    ) -> None:
        super().__init__()
        self.setAutoDelete(True)
        self.entries = list(entries)
        self.base = base
        self.generation = generation
        self.latest = latest
        self.stop = stop
        self.signals = signals

    def run(self) -> None:
        for entry in self.entries:
            if self.stop.is_set() or self.latest.value != self.generation:
                return
            try:
                result = checked(entry, self.base)
            except Exception:  # an index or disk in a state nobody foresaw: left unknown
                result = replace(entry, current=None)
            self.signals.checked.emit(self.generation, result)
        self.signals.done.emit(self.generation)


class CacheChecker(QObject):
    """Checks cache entries against their dumps on a worker thread, one round at a time."""

    #: an entry was checked: the entry with ``current`` (and maybe ``state``) filled in
    entry_checked = Signal(object)
    #: the round of checks under way ended
    finished = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)
        self._latest = Generation()
        self._stop = threading.Event()
        self._signals = _Signals()
        self._signals.checked.connect(self._on_checked)
        self._signals.done.connect(self._on_done)
        #: names of the entries of the round under way not checked yet
        self.pending: set[str] = set()

    @property
    def busy(self) -> bool:
        """Whether a round of checks is under way."""
        return bool(self.pending)

    def check(self, entries: Sequence[CacheEntry], base: Path) -> None:
        """Check ``entries`` (of the cache in ``base``), replacing any round under way."""
        generation = self._latest.next()
        self.pending = {entry.name for entry in entries}
        if entries:
            job = _CheckJob(entries, base, generation, self._latest, self._stop, self._signals)
            self._pool.start(job)

    def shutdown(self, timeout_ms: int = -1) -> None:
        """Stop after the entry being checked and wait for the worker (the dialog closing)."""
        self._stop.set()
        self._latest.next()
        self.pending = set()
        self._pool.clear()
        self._pool.waitForDone(timeout_ms)

    @Slot(int, object)
    def _on_checked(self, generation: int, entry: CacheEntry) -> None:
        if generation == self._latest.value:
            self.pending.discard(entry.name)
            self.entry_checked.emit(entry)

    @Slot(int)
    def _on_done(self, generation: int) -> None:
        if generation == self._latest.value:
            self.pending = set()
            self.finished.emit()
