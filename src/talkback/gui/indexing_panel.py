"""What the window shows while it indexes a big dump before opening it: the wiring of
:class:`~talkback.gui.auto_index.AutoIndexer` into the window.

While the index is built, the central area shows
:class:`~talkback.gui.indexing_view.IndexingPanel`: the dump's name and size,
a bar filling as the dump is read, the posts and comments indexed so far, the MB read and the time
taken, with **Cancel** (or Esc) and **Open Without Index**; the status bar's loading corner says
the same in one line. Cancelling brings back what was shown before (the welcome view, or the dump
that was open), with nothing opened and no index made; what was indexed so far is kept apart, and
the next open of the dump goes on from there.

As soon as the build has ended its first batch, the panel gives way to the posts indexed so far
(listed from the file being written, more every half second: ``MainWindow.show_growing``), under
:class:`~talkback.gui.indexing_banner.IndexingBanner`; they can be read at once, and searches wait
for the end. Once the index is built the dump opens from it, a post at a time, with the row
selected kept; if it cannot be written, the dump is parsed in memory as before and the status bar
says why. Cancelling while the posts are listed closes the dump.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Slot
from PySide6.QtWidgets import QWidget

from talkback.core.text import name_label
from talkback.gui.auto_index import AutoIndexer, IndexingState
from talkback.gui.formatting import plural
from talkback.gui.indexing_banner import IndexingBanner
from talkback.gui.indexing_view import IndexingPanel
from talkback.gui.opening import absolute
from talkback.gui.status import open_error_box
from talkback.index import Fingerprint

if TYPE_CHECKING:
    from talkback.gui.main_window import MainWindow

#: how long (ms) the status bar keeps saying why a dump was not indexed after it was read
FALLBACK_MESSAGE_MS = 20_000


class IndexFirst(QObject):
    """Puts the window's opening of dumps through :class:`AutoIndexer`, showing its progress."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.indexer = AutoIndexer(self)
        self.panel = IndexingPanel(window.workspace)
        window.workspace.addWidget(self.panel)
        self.banner = IndexingBanner(window.workspace.tree_column)
        window.workspace.put_above_tree(self.banner)
        self._before: QWidget | None = None
        self._select: str | None = None
        self._notice = ""
        #: dumps read in memory this session although big (Open Without Index, or the index could
        #: not be written): reloading them does not try again
        self.declined: set[str] = set()
        indexer = self.indexer
        indexer.building.connect(self._on_building)
        indexer.progress.connect(self._on_progress)
        indexer.writing.connect(self._on_writing)
        indexer.small.connect(self._open_small)
        indexer.ready.connect(self._open_indexed)
        indexer.fallback.connect(self._on_fallback)
        indexer.failed.connect(self._on_failed)
        indexer.cancelled.connect(self._on_cancelled)
        self.panel.cancel_button.clicked.connect(indexer.cancel)
        window.loader.posts_loaded.connect(self._on_listed)
        self.panel.memory_button.clicked.connect(self.open_without_index)
        window.commands.cancel_load.triggered.connect(indexer.cancel)
        window.status.cancel_requested.connect(indexer.cancel)
        window.load_finished.connect(self._repeat_notice)

    @property
    def growing(self) -> bool:
        """Whether the posts of the index being built are listed (``MainWindow.show_growing``)."""
        return self.window.loader.is_growing

    @property
    def threshold_mb(self) -> float:
        """The size (MB) from which dumps are indexed before they are opened (0: never)."""
        return self.window.settings.auto_index_mb

    def take_over(self, path: str, select: str | None) -> bool:
        """Called as the window opens ``path``: True if indexing decides how it is opened (the
        window then changes nothing yet), False to open it now as before."""
        self.abandon()
        if absolute(path) in self.declined or not self.indexer.start(path, self.threshold_mb):
            return False
        self._select = select
        return True

    def abandon(self) -> None:
        """Forget a build under way without a word (another dump is opened, or the window closes
        its dump): what was shown before it comes back."""
        self.indexer.stop()
        self._leave_panel()

    @Slot()
    def open_without_index(self) -> None:
        """Stop indexing and parse the dump in memory, as the window does with a small one."""
        dump = self.indexer.dump
        if dump is not None:
            self.indexer.stop()
            self.declined.add(absolute(dump))
            self._open(dump)

    def shutdown(self, timeout_ms: int = -1) -> bool:
        """Stop and wait for the build (at exit)."""
        return self.indexer.shutdown(timeout_ms)

    # -- what the indexer says -------------------------------------------------------------------

    @Slot(object, int)
    def _on_building(self, dump: str, size: int) -> None:
        window = self.window
        window.loader.cancel()  # the dump shown stops loading: another one is being opened
        workspace = window.workspace
        if workspace.currentWidget() is not self.panel:
            self._before = workspace.currentWidget()
        self.panel.start(dump, size)
        workspace.setCurrentWidget(self.panel)
        window.status.set_loading(True, dump)
        window.status.label.setText(f"Indexing {name_label(Path(dump).name)}…")
        window.statusBar().clearMessage()  # what it said of a dump before ("Indexing cancelled…")
        window.commands.cancel_load.setEnabled(True)
        window.features.set_loading(True)  # Esc cancels, rather than clearing a search shown
        self.panel.cancel_button.setFocus()

    @Slot(object, str)
    def _on_writing(self, dump: str, index: str) -> None:
        """The build is writing ``index``: list its posts as its batches end (the panel stays
        until the first are there)."""
        window = self.window
        window.show_growing(dump, index, self._select)
        window.workspace.setCurrentWidget(self.panel)
        self.panel.cancel_button.setFocus()  # showing the (empty) tree a moment took it
        window.status.label.setText(f"Indexing {name_label(Path(dump).name)}…")

    @Slot(object)
    def _on_listed(self, _posts: object) -> None:
        """The first posts of the index being built are listed: show them instead of the panel."""
        workspace = self.window.workspace
        if self.growing and workspace.currentWidget() is self.panel:
            workspace.show_archive()
            self.banner.show()

    @Slot(object)
    def _on_progress(self, state: IndexingState) -> None:
        self.panel.set_progress(state)
        self.banner.set_progress(state)
        fraction = state.fraction
        name = name_label(Path(self.indexer.dump or "").name)
        percent = f" {fraction:.0%}" if fraction is not None else ""
        counts = f"{plural(state.posts, 'post')}, {plural(state.comments, 'comment')}"
        self.window.status.label.setText(f"Indexing {name}…{percent} ({counts})")

    @Slot(object)
    def _open(self, dump: str, size: int | None = None, taken: Fingerprint | None = None) -> None:
        select = self._select
        if self.growing:  # what was asked for and not found yet, else what the user is reading
            current = self.window.tree.current_node()
            select = self.window.pending_select or (current.id if current else select)
        self._leave_panel(restore=False)
        self.window.open_dump(dump, select, index_first=False, size=size, taken=taken)

    @Slot(object, object)
    def _open_indexed(self, dump: str, taken: Fingerprint | None) -> None:
        self._open(dump, taken=taken)  # the loader need not fingerprint the dump again

    @Slot(object, int)
    def _open_small(self, dump: str, size: int) -> None:
        self._open(dump, size)  # the loader need not add the size up again

    @Slot(object, str)
    def _on_fallback(self, dump: str, line: str) -> None:
        self.declined.add(absolute(dump))
        self._open(dump)
        self._notice = f"Not indexed, read into memory instead: {line}"
        self.window.statusBar().showMessage(self._notice)

    @Slot(object, str)
    def _on_failed(self, dump: str, line: str) -> None:
        window = self.window
        if self.growing:
            window.close_dump()
        self._leave_panel()
        window.last_error = line
        window.statusBar().showMessage(line)
        if not Path(dump).exists():
            window.recent.remove(dump)
        open_error_box(window, "Talkback could not open this dump.", line)
        window.load_finished.emit()

    @Slot(object)
    def _on_cancelled(self, dump: str) -> None:
        done = "closed" if self.growing else "not opened"
        if self.growing:
            self.window.close_dump()
        self._leave_panel()
        name = name_label(Path(dump).name)
        self.window.statusBar().showMessage(
            f"Indexing cancelled: {name} was {done}; what was indexed is kept, and "
            "opening it again goes on from there",
            15_000,
        )

    @Slot()
    def _repeat_notice(self) -> None:
        """Once a dump that could not be indexed is read, say again why it was read in memory."""
        if self._notice:
            self.window.statusBar().showMessage(self._notice, FALLBACK_MESSAGE_MS)
            self._notice = ""

    def _leave_panel(self, *, restore: bool = True) -> None:
        """Take the panel, the banner and the indexing status away; with ``restore``, show what
        was before."""
        window = self.window
        self.banner.hide()
        if window.workspace.currentWidget() is self.panel:
            before = self._before if restore else None
            window.workspace.setCurrentWidget(before or window.workspace.welcome)
            loading = window.loader.is_loading
            window.status.set_loading(loading, window.loader.current_path or "")
            window.commands.cancel_load.setEnabled(loading)
            window.features.set_loading(loading)
        self._before = None
