"""Running searches off the GUI thread: one worker thread, newest query first, results queued back.

Every job runs on a pool of a single thread, so the archive's :class:`SearchCorpus` (which prepares
each comment the first time a search reaches it and is not thread-safe) is only ever used by one
thread, and jobs run in the order they were asked for. Each job carries a generation number: a job
whose query was replaced before it started does nothing, and a running one stops at its next check;
results of a replaced query are dropped when they arrive. The window never waits for a search.

The same worker counts the comments of each author for the authors list, and prepares the corpus
ahead of the first query (when the search field first gets the focus), so that typing the first
query of a big archive does not wait for the preparation.

When the dump shown is read from its index (:attr:`SearchRunner.index`), queries run over the index
instead (:func:`~talkback.gui.index_search.search_indexed`) and the authors are counted in SQLite.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal, Slot

from talkback.core.model import Archive
from talkback.gui.generation import Generation
from talkback.gui.index_search import search_indexed
from talkback.gui.search_filter import SearchResult, collect
from talkback.index import IndexReader
from talkback.index.browse import index_author_counts
from talkback.search import Query, SearchCorpus, author_counts


class _Signals(QObject):
    """Signals the jobs emit from the worker thread; received queued in the GUI thread."""

    finished = Signal(int, object)  # generation, SearchResult
    failed = Signal(int, str)  # generation, message
    authors_counted = Signal(object, object)  # archive, [AuthorCount]


class _Job(QRunnable):
    """Runs ``work`` on the worker thread."""

    def __init__(self, work: Callable[[], None]) -> None:
        super().__init__()
        self.setAutoDelete(True)
        self._work = work

    def run(self) -> None:
        self._work()


class SearchRunner(QObject):
    """Runs queries over one archive at a time on a single worker thread."""

    #: a search finished: its generation number and its SearchResult
    finished = Signal(int, object)
    #: a search failed (which the engine promises never happens): generation and message
    failed = Signal(int, str)
    #: the comment counts of an archive's authors: the archive and its ``[AuthorCount]`` (typed
    #: ``object``, as every signal carrying a Python list: a ``list`` signal copies the list
    #: element by element into Qt variants and back, 0.4 s for 800,000 authors)
    authors_counted = Signal(object, object)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)
        self._signals = _Signals()
        self._signals.finished.connect(self._on_finished)
        self._signals.failed.connect(self.failed)
        self._signals.authors_counted.connect(self.authors_counted)
        self._generation = Generation()
        self._corpus: SearchCorpus | None = None
        #: the index of the dump shown, when it is read from it (queries then run over the index)
        self.index: str | None = None

    @property
    def generation(self) -> int:
        """The number of the newest search asked for."""
        return self._generation.value

    def _corpus_of(self, archive: Archive) -> SearchCorpus:
        if self._corpus is None or self._corpus.archive is not archive:
            self._corpus = SearchCorpus(archive)
        return self._corpus

    def search(self, archive: Archive, query: Query) -> int:
        """Start searching ``archive`` for ``query``; returns the search's generation number."""
        generation = self._generation.next()
        signals, latest, index = self._signals, self._generation, self.index
        corpus = self._corpus_of(archive) if index is None else None

        def work() -> None:
            if latest.value != generation:
                return
            posts = len(archive.posts)
            stop = lambda: latest.value != generation  # noqa: E731
            result: SearchResult | None
            try:
                if corpus is None:
                    assert index is not None
                    result = search_indexed(index, query, posts, stop)
                else:
                    hits = ((hit.post, hit.comment) for hit in corpus.search(query))
                    result = collect(query, hits, posts, stop)
            except Exception as error:  # the engine never raises; never lose the window to it
                signals.failed.emit(generation, f"{type(error).__name__}: {error}")
                return
            if result is not None:
                signals.finished.emit(generation, result)

        self._pool.start(_Job(work))
        return generation

    def prepare(self, archive: Archive) -> None:
        """Prepare ``archive``'s posts for searching, on the worker, before the first query."""
        corpus = self._corpus_of(archive)

        def work() -> None:
            corpus.documents()

        self._pool.start(_Job(work))

    def count_authors(self, archive: Archive) -> None:
        """Count each author's comments on the worker; ``authors_counted`` gives the list."""
        signals, index = self._signals, self.index

        def work() -> None:
            if index is None:
                signals.authors_counted.emit(archive, author_counts(archive))
                return
            try:
                reader = IndexReader(Path(index))
                try:
                    counts = index_author_counts(reader)
                finally:
                    reader.close()
            except sqlite3.Error:
                return  # the list stays empty; searching says what is wrong with the index
            signals.authors_counted.emit(archive, counts)

        self._pool.start(_Job(work))

    def cancel(self) -> None:
        """Forget any search under way: its result will not be given."""
        self._generation.next()

    def release(self) -> None:
        """Drop the prepared corpus (after the archive was closed)."""
        self.cancel()
        self._corpus = None

    def shutdown(self, timeout_ms: int = 30_000) -> None:
        """Cancel, drop queued jobs and wait for the running one (at exit): a search stops at its
        next check, but preparing a post's comments, once begun, runs to its end."""
        self.cancel()
        self._pool.clear()
        self._pool.waitForDone(timeout_ms)

    @Slot(int, object)
    def _on_finished(self, generation: int, result: object) -> None:
        if generation == self._generation.value:
            self.finished.emit(generation, result)
