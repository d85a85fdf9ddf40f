"""What the window shows while it indexes a big dump before opening it, and the wiring of
:class:`~talkback.gui.auto_index.AutoIndexer` into the window.

While the index is built, the central area shows :class:`IndexingPanel`: the dump's name and size,
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

from PySide6.QtCore import QEvent, QObject, Qt, Slot
from PySide6.QtGui import QFont, QPalette
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from talkback.gui.auto_index import MB, AutoIndexer, IndexingState
from talkback.gui.formatting import plural
from talkback.gui.indexing_banner import IndexingBanner
from talkback.gui.opening import absolute
from talkback.gui.status import open_error_box
from talkback.index import Fingerprint, cache_dir

if TYPE_CHECKING:
    from talkback.gui.main_window import MainWindow

#: the width of the panel's column, in lines of text
COLUMN_LINES = 32
#: how long (ms) the status bar keeps saying why a dump was not indexed after it was read
FALLBACK_MESSAGE_MS = 20_000


def megabytes(size: int) -> str:
    """``size`` bytes as ``1,204 MB`` (or ``0.4 MB`` below one)."""
    return f"{size / MB:,.0f} MB" if size >= MB else f"{size / MB:.1f} MB"


def clock(seconds: float) -> str:
    """``seconds`` as ``0:07`` or ``12:34`` (minutes and seconds)."""
    whole = int(seconds)
    return f"{whole // 60}:{whole % 60:02d}"


class IndexingPanel(QWidget):
    """The progress of an index build, centred in the window, with Cancel and Open Without Index."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("indexingPanel")
        self.setAccessibleName("Indexing")
        self.setAutoFillBackground(True)
        self.setBackgroundRole(QPalette.ColorRole.Base)
        line = self.fontMetrics().height()
        column = QWidget(self)
        column.setFixedWidth(round(line * COLUMN_LINES))
        layout = QVBoxLayout(column)
        layout.setSpacing(round(line * 0.6))
        self.title = QLabel(column)
        self.title.setObjectName("indexingTitle")
        font = QFont(self.font())
        font.setPointSizeF(font.pointSizeF() * 1.6)
        font.setWeight(QFont.Weight.DemiBold)
        self.title.setFont(font)
        self.title.setWordWrap(True)
        self.explanation = QLabel(column)
        self.explanation.setObjectName("indexingExplanation")
        self.explanation.setWordWrap(True)
        self.explanation.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self.bar = QProgressBar(column)
        self.bar.setObjectName("indexingProgress")
        self.bar.setAccessibleName("Indexing progress")
        self.bar.setRange(0, 0)
        self.bar.setTextVisible(False)
        self.bar.setFixedHeight(round(line * 0.7))
        self._tint_bar()
        self.counts = QLabel(column)
        self.counts.setObjectName("indexingCounts")
        self.counts.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        buttons = QHBoxLayout()
        buttons.setSpacing(8)
        self.cancel_button = QPushButton("Cancel", column)
        self.cancel_button.setObjectName("cancelIndexing")
        self.cancel_button.setToolTip(
            "Stop indexing and open nothing; what is indexed so far is kept for next time (Esc)"
        )
        self.memory_button = QPushButton("Open &Without Index", column)
        self.memory_button.setObjectName("openWithoutIndex")
        self.memory_button.setToolTip(
            "Stop indexing and read the whole dump into memory, as for a small dump"
        )
        for button in (self.cancel_button, self.memory_button):
            button.setMinimumHeight(round(line * 2.2))
            button.setMinimumWidth(button.sizeHint().width() + line)
            buttons.addWidget(button)
        buttons.addStretch(1)
        self._size_shown = 0
        self.hint = QLabel(
            "Cancel (Esc) opens nothing; what is indexed so far is kept, and the next open goes "
            "on from there. Open Without Index reads the whole dump into memory, as for a small "
            "one: it may need several times its size.",
            column,
        )
        self.hint.setWordWrap(True)
        self.hint.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        for widget in (self.title, self.explanation):
            layout.addWidget(widget)
        layout.addSpacing(round(line * 0.4))
        layout.addWidget(self.bar)
        layout.addWidget(self.counts)
        layout.addSpacing(round(line * 0.4))
        layout.addLayout(buttons)
        layout.addWidget(self.hint)
        margins = layout.contentsMargins()
        self._inner_width = column.width() - margins.left() - margins.right()
        self.hint.setMinimumHeight(self.hint.heightForWidth(self._inner_width))
        outer = QVBoxLayout(self)
        outer.addStretch(2)
        outer.addWidget(column, 0, Qt.AlignmentFlag.AlignHCenter)
        outer.addStretch(3)

    def changeEvent(self, event: QEvent) -> None:
        """Keep the bar's groove visible in a new palette."""
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange and hasattr(self, "bar"):
            self._tint_bar()

    def _tint_bar(self) -> None:
        """The bar's groove is painted in the Base colour, which the panel is too: use the
        button colour, so that the part still to read shows in either palette."""
        palette = QPalette(self.bar.palette())
        palette.setColor(QPalette.ColorRole.Base, self.palette().color(QPalette.ColorRole.Button))
        self.bar.setPalette(palette)

    def start(self, dump: str, size: int) -> None:
        """Show the start of indexing ``dump`` of ``size`` bytes (at least: a folder's files are
        added up only as far as the threshold; the whole size is shown once reading says it)."""
        name = Path(dump).name or dump
        self.title.setText(f"Indexing {name}")
        self.title.setToolTip(dump)
        self._explain(size, at_least=Path(dump).is_dir())
        self.bar.setRange(0, 0)
        self.counts.setText("Starting…")
        self.cancel_button.setFocus()

    def _explain(self, size: int, *, at_least: bool = False) -> None:
        """Say why the dump is indexed; ``at_least``: ``size`` is where adding up stopped."""
        self._size_shown = size
        more = " or more" if at_least else ""
        self.explanation.setText(
            f"At {megabytes(size)}{more}, this dump is too big to read into memory at once. "
            f"Talkback indexes it first, in {_home_as_tilde(cache_dir())}, and then opens it from "
            "the index a post at a time, now and every later time, in about a second."
        )
        self.explanation.setMinimumHeight(self.explanation.heightForWidth(self._inner_width))

    def set_progress(self, state: IndexingState) -> None:
        """Show how far indexing has got."""
        if state.bytes_total and state.bytes_total != self._size_shown:
            self._explain(state.bytes_total)
        fraction = state.fraction
        if fraction is None:
            self.bar.setRange(0, 0)
        else:
            self.bar.setRange(0, 1000)
            self.bar.setValue(round(fraction * 1000))
        self.counts.setText(progress_line(state))


def progress_line(state: IndexingState) -> str:
    """``1,234 posts · 56,789 comments · 120 of 1,024 MB read · 0:42 so far``."""
    read = megabytes(state.bytes_read)
    if state.bytes_total:
        read = (
            f"{megabytes(state.bytes_read).removesuffix(' MB')} of {megabytes(state.bytes_total)}"
        )
    parts = [plural(state.posts, "post"), plural(state.comments, "comment"), f"{read} read"]
    line = " · ".join([*parts, f"{clock(state.seconds)} so far"])
    if state.resumed:  # the posts before it were indexed by an earlier, stopped build
        line += f"\ngoing on from {plural(state.resumed, 'post')} indexed before"
    return line


def _home_as_tilde(folder: Path) -> str:
    """``folder``, with the home folder written ``~``."""
    try:
        return f"~/{folder.relative_to(Path.home())}"
    except ValueError:
        return str(folder)


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

    @Slot(str, int)
    def _on_building(self, dump: str, size: int) -> None:
        window = self.window
        window.loader.cancel()  # the dump shown stops loading: another one is being opened
        workspace = window.workspace
        if workspace.currentWidget() is not self.panel:
            self._before = workspace.currentWidget()
        self.panel.start(dump, size)
        workspace.setCurrentWidget(self.panel)
        window.status.set_loading(True, dump)
        window.status.label.setText(f"Indexing {Path(dump).name}…")
        window.statusBar().clearMessage()  # what it said of a dump before ("Indexing cancelled…")
        window.commands.cancel_load.setEnabled(True)
        window.features.set_loading(True)  # Esc cancels, rather than clearing a search shown
        self.panel.cancel_button.setFocus()

    @Slot(str, str)
    def _on_writing(self, dump: str, index: str) -> None:
        """The build is writing ``index``: list its posts as its batches end (the panel stays
        until the first are there)."""
        window = self.window
        window.show_growing(dump, index, self._select)
        window.workspace.setCurrentWidget(self.panel)
        self.panel.cancel_button.setFocus()  # showing the (empty) tree a moment took it
        window.status.label.setText(f"Indexing {Path(dump).name}…")

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
        name = Path(self.indexer.dump or "").name
        percent = f" {fraction:.0%}" if fraction is not None else ""
        counts = f"{plural(state.posts, 'post')}, {plural(state.comments, 'comment')}"
        self.window.status.label.setText(f"Indexing {name}…{percent} ({counts})")

    @Slot(str)
    def _open(self, dump: str, size: int | None = None, taken: Fingerprint | None = None) -> None:
        select = self._select
        if self.growing:  # what was asked for and not found yet, else what the user is reading
            current = self.window.tree.current_node()
            select = self.window.pending_select or (current.id if current else select)
        self._leave_panel(restore=False)
        self.window.open_dump(dump, select, index_first=False, size=size, taken=taken)

    @Slot(str, object)
    def _open_indexed(self, dump: str, taken: Fingerprint | None) -> None:
        self._open(dump, taken=taken)  # the loader need not fingerprint the dump again

    @Slot(str, int)
    def _open_small(self, dump: str, size: int) -> None:
        self._open(dump, size)  # the loader need not add the size up again

    @Slot(str, str)
    def _on_fallback(self, dump: str, line: str) -> None:
        self.declined.add(absolute(dump))
        self._open(dump)
        self._notice = f"Not indexed, read into memory instead: {line}"
        self.window.statusBar().showMessage(self._notice)

    @Slot(str, str)
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

    @Slot(str)
    def _on_cancelled(self, dump: str) -> None:
        done = "closed" if self.growing else "not opened"
        if self.growing:
            self.window.close_dump()
        self._leave_panel()
        self.window.statusBar().showMessage(
            f"Indexing cancelled: {Path(dump).name} was {done}; what was indexed is kept, and "
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
