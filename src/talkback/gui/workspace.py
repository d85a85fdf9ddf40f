"""The window's central area: the welcome view while no dump is open; else the tree, under the
filter bar, beside two tabs, Reading (the detail panel) and Overview.

:func:`connect_workspace` ties it to the window: a dump being opened (the model reset to a source)
shows the tree, closing it shows the welcome view again, a dump that could not be read at all goes
back to the welcome view with its message, and the overview follows the loaded archive and the
selected post.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QSize, Qt, QTimer, Slot
from PySide6.QtGui import QBrush, QPalette
from PySide6.QtWidgets import (
    QApplication,
    QSplitter,
    QStackedWidget,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from talkback.core.model import Post
from talkback.gui.detail_view import DetailView
from talkback.gui.filter_bar import FilterBar
from talkback.gui.formatting import Node
from talkback.gui.node_filter import NodeFilters
from talkback.gui.opening import RecentFiles
from talkback.gui.overview import OverviewPanel
from talkback.gui.thread_view import ThreadView
from talkback.gui.welcome_view import WelcomeView
from talkback.resources import sample_page

if TYPE_CHECKING:
    from talkback.gui.main_window import MainWindow

#: the tabs beside the tree
READING_TAB, OVERVIEW_TAB = 0, 1
#: a filter keeping at most this many comments opens every thread it shows
EXPAND_FILTERED_UP_TO = 3000
#: while a dump loads, the overview is recounted at most this often (ms)
RECOUNT_MS = 400
#: why the overview offers no figures of the whole dump when it is read from its index
POSTS_ONLY = (
    "This dump is read from its index a post at a time, "
    "so the overview shows the selected post's figures only"
)


class Workspace(QStackedWidget):
    """Welcome view or tree-and-tabs, whichever fits: the window's central widget."""

    def __init__(
        self,
        tree: ThreadView,
        detail: DetailView,
        filters: NodeFilters,
        recent: RecentFiles,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("workspace")
        self.tree = tree
        self.filters = filters
        self.welcome = WelcomeView(recent, self)
        self.filter_bar = FilterBar(filters, self)
        self.overview = OverviewPanel(filters, self)
        self.tabs = QTabWidget(self)
        self.tabs.setObjectName("sideTabs")
        self.tabs.setAccessibleName("Reading and overview")
        self.tabs.setDocumentMode(True)
        self.tabs.addTab(detail, "Reading")
        self.tabs.addTab(self.overview, "Overview")
        self.tabs.setTabToolTip(READING_TAB, "The selected post or comment in full (Ctrl+1)")
        self.tabs.setTabToolTip(OVERVIEW_TAB, "Charts of the post or of the whole dump (Ctrl+2)")
        column = QWidget(self)
        column.setObjectName("treeColumn")
        self._column_layout = layout = QVBoxLayout(column)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.filter_bar)
        layout.addWidget(tree)
        #: the column holding the tree; other parts (a search field) may be inserted above it
        self.tree_column = column
        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.setObjectName("splitter")
        self.splitter.addWidget(column)
        self.splitter.addWidget(self.tabs)
        self.splitter.setChildrenCollapsible(False)
        self.addWidget(self.welcome)
        self.addWidget(self.splitter)
        self.currentChanged.connect(self.updateGeometry)  # the least size is the page's
        self.recount_timer = QTimer(self)
        self.recount_timer.setSingleShot(True)
        self.recount_timer.setInterval(RECOUNT_MS)
        self._update_context_brush()

    # -- what is shown ----------------------------------------------------------------------------

    def show_welcome(self, message: str | None = None) -> None:
        """Show the welcome view, with ``message`` (why a dump could not be opened) if any."""
        self.welcome.show_message(message)
        self.setCurrentWidget(self.welcome)

    def show_archive(self) -> None:
        """Show the tree and the tabs; the tree takes the keyboard focus from the page left (the
        welcome view, the indexing panel) if that had it: Qt would hand it on to the tab bar."""
        leaving = self.currentWidget()
        focus = QApplication.focusWidget()
        had_focus = (
            leaving is not None
            and leaving is not self.splitter
            and (focus is None or leaving.isAncestorOf(focus))
        )
        self.setCurrentWidget(self.splitter)
        if had_focus:
            self.tree.setFocus()

    def minimumSizeHint(self) -> QSize:
        """The least size of the page shown: a stack's is the largest of all its pages', and the
        welcome view's column (32 lines of text wide, 1,010 pixels at 20 points) held the tree
        and the tabs that wide, and the Authors dock narrow, where no welcome view was shown."""
        shown = self.currentWidget()
        return shown.minimumSizeHint() if shown is not None else super().minimumSizeHint()

    def put_above_tree(self, widget: QWidget) -> None:
        """Put ``widget`` (the search bar) at the top of the tree's column, above the filter bar."""
        self._column_layout.insertWidget(0, widget)

    def is_welcome(self) -> bool:
        """Whether the welcome view is shown."""
        return self.currentWidget() is self.welcome

    @Slot()
    def show_reading(self) -> None:
        """Bring the Reading tab (the detail panel) to the front."""
        self.tabs.setCurrentIndex(READING_TAB)

    @Slot()
    def show_overview(self) -> None:
        """Bring the Overview tab to the front."""
        self.tabs.setCurrentIndex(OVERVIEW_TAB)

    def changeEvent(self, event: QEvent) -> None:
        """Keep the muted colour of context rows in step with the palette."""
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange:
            self._update_context_brush()

    def _update_context_brush(self) -> None:
        color = self.palette().color(QPalette.ColorRole.PlaceholderText)
        model = self.tree.model()
        if hasattr(model, "context_brush"):
            model.context_brush = QBrush(color)
            self.tree.viewport().update()


def connect_workspace(window: MainWindow) -> None:
    """Wire the workspace of ``window`` to its model, loader, tree and commands."""
    workspace = window.workspace
    model = window.model
    welcome = workspace.welcome
    overview = workspace.overview
    welcome.open_requested.connect(window.choose_and_open)
    welcome.open_folder_requested.connect(window.choose_folder_and_open)
    welcome.sample_requested.connect(lambda: window.open_dump(str(sample_page())))
    welcome.recent_chosen.connect(window.open_dump)

    @Slot()
    def on_reset() -> None:
        if model.archive.source:
            workspace.show_archive()
        else:
            workspace.show_welcome()
        overview.set_archive(model.archive if model.archive.source else None)

    @Slot()
    def on_finished() -> None:
        archive = model.archive
        if not archive.posts:
            workspace.show_welcome(window.last_error or "Loading was cancelled before any post.")
            return
        workspace.recount_timer.stop()
        overview.set_archive(archive)

    @Slot(object)
    def on_node(node: Node | None) -> None:
        if node is not None:
            overview.set_post(node if isinstance(node, Post) else node.post)

    @Slot()
    def on_filter() -> None:
        if not model.is_filtered:
            return
        if model.kept_comments <= EXPAND_FILTERED_UP_TO:
            window.tree.expandAll()  # every kept comment in sight, under its thread
        if not window.tree.currentIndex().isValid() and model.rowCount():
            window.tree.setCurrentIndex(model.index(0, 0))

    model.modelReset.connect(lambda: overview.set_posts_only(""))
    model.modelReset.connect(on_reset)
    window.loader.indexed.connect(lambda _index, _comments: overview.set_posts_only(POSTS_ONLY))
    window.loader.growing.connect(lambda _index: overview.set_posts_only(POSTS_ONLY))
    window.lazy.fetcher.loaded.connect(overview.post_read)
    window.filters.changed.connect(on_filter)
    window.loader.posts_loaded.connect(lambda _posts: workspace.recount_timer.start())
    workspace.recount_timer.timeout.connect(lambda: overview.set_archive(model.archive))
    window.load_finished.connect(on_finished)
    window.tree.node_changed.connect(on_node)
    on_reset()
