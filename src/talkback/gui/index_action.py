"""File > Build Index: index the open dump in the background, so that it reopens and searches fast.
File > Index Cache…: what the index cache holds, and removing what is unused
(:mod:`talkback.gui.index_cache_dialog`).

The index is ``talkback.index.build_index``'s, the one ``talkback index`` builds: once it is there
and current, opening the dump again reads it instead of parsing (see :mod:`talkback.gui.loader`).
The build runs on a worker thread of its own pool and reports through queued signals; closing the
window or opening another dump cancels it, and a cancelled build leaves no index behind.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

from PySide6.QtCore import QObject, QRunnable, Qt, QThreadPool, Signal, Slot
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMainWindow, QMessageBox, QWidget

from talkback.core.parser import DumpError
from talkback.gui.actions import find_menu, make_action
from talkback.gui.formatting import plural
from talkback.gui.index_cache_dialog import IndexCacheDialog
from talkback.index import BuildProgress, IndexCancelled, IndexWriteError, build_index
from talkback.index.reader import IndexReader

#: progress is passed to the window at most this often
PROGRESS_SECONDS = 0.25


class _Signals(QObject):
    progress = Signal(int, int)  # posts, comments
    built = Signal(str, int, int)  # index path, posts, comments
    failed = Signal(str)  # one line
    cancelled = Signal()


class _BuildJob(QRunnable):
    """Builds one index (pure core code) and reports through the signals."""

    def __init__(self, dump: str, cancel: threading.Event, signals: _Signals) -> None:
        super().__init__()
        self.dump = dump
        self.cancel = cancel
        self.signals = signals
        self._last = 0.0

    def run(self) -> None:
        """Build, then say how it went (never raises)."""
        try:
            path = build_index(self.dump, progress=self._progress, cancel=self.cancel)
            reader = IndexReader(path)
            posts, comments = reader.post_count, reader.comment_count
            reader.close()
            self.signals.built.emit(str(path), posts, comments)
        except IndexCancelled:
            self.signals.cancelled.emit()
        except (DumpError, IndexWriteError) as error:
            self.signals.failed.emit(str(error))
        except Exception as error:  # a bug must not take the window down
            self.signals.failed.emit(f"{self.dump}: could not be indexed ({error})")

    def _progress(self, state: BuildProgress) -> None:
        now = time.monotonic()
        if now - self._last >= PROGRESS_SECONDS:
            self._last = now
            self.signals.progress.emit(state.posts, state.comments)


class IndexBuilder(QObject):
    """Runs at most one index build at a time for the window and says how it went."""

    #: a one-line message for the status bar
    message = Signal(str)
    #: the index is built: its path
    finished = Signal(str)
    #: the build failed: one line naming the dump and the reason
    failed = Signal(str)

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)
        self._cancel: threading.Event | None = None
        self._signals = _Signals(self)
        self._signals.progress.connect(self._on_progress)
        self._signals.built.connect(self._on_built)
        self._signals.failed.connect(self._on_failed)
        self._signals.cancelled.connect(lambda: self.message.emit("Indexing cancelled"))

    @property
    def is_building(self) -> bool:
        """Whether a build is under way."""
        return self._cancel is not None and not self._cancel.is_set()

    def build(self, dump: str) -> None:
        """Start indexing ``dump`` (cancelling a build still under way)."""
        self.cancel()
        self._pool.waitForDone()
        self._cancel = threading.Event()
        self.message.emit(f"Indexing {dump}…")
        self._pool.start(_BuildJob(dump, self._cancel, self._signals))

    @Slot()
    def cancel(self) -> None:
        """Stop the build under way, if any (it leaves nothing behind)."""
        if self._cancel is not None:
            self._cancel.set()

    def shutdown(self, timeout_ms: int = -1) -> None:
        """Cancel and wait for the worker (at exit)."""
        self.cancel()
        self._pool.waitForDone(timeout_ms)

    @Slot(int, int)
    def _on_progress(self, posts: int, comments: int) -> None:
        self.message.emit(f"Indexing: {plural(posts, 'post')}, {plural(comments, 'comment')}…")

    @Slot(str, int, int)
    def _on_built(self, path: str, posts: int, comments: int) -> None:
        self._cancel = None
        counts = f"{plural(posts, 'post')}, {plural(comments, 'comment')}"
        self.message.emit(f"Index built: {counts} ({path})")
        self.finished.emit(path)

    @Slot(str)
    def _on_failed(self, line: str) -> None:
        self._cancel = None
        self.failed.emit(line)


def show_index_failure(parent: QWidget, line: str) -> None:
    """Tell the user, in one line, why the index could not be built."""
    title = "Could not build the index — Talkback"
    box = QMessageBox(QMessageBox.Icon.Warning, title, line, parent=parent)
    box.setTextFormat(Qt.TextFormat.PlainText)  # it names a file, which may be named <u>…
    box.exec()


def install_index_cache_action(window: QMainWindow, open_dump: Callable[[], str | None]) -> QAction:
    """Add File > Index Cache… after Build Index; ``open_dump`` names the dump the window shows
    (its index is never removed)."""
    action = make_action(
        window, "Index Cac&he…", [], "Show the index cache and remove unused indexes", "indexCache"
    )
    file_menu = find_menu(window.menuBar(), "&File")
    items = file_menu.actions()
    after = [i + 1 for i, item in enumerate(items) if item.objectName() == "buildIndex"]
    if after and after[0] < len(items):
        file_menu.insertAction(items[after[0]], action)
    else:
        file_menu.addAction(action)

    def show() -> None:
        for old in window.findChildren(IndexCacheDialog):
            old.close()
        dialog = IndexCacheDialog(open_dump, window)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()

    action.triggered.connect(show)
    return action
