"""The main window: the thread tree beside the detail panel, with menus, status bar and loading.

Opening a dump (menu, recent files, drag and drop, command line) cancels any load under way, empties
the tree, and starts a :class:`Loader`; posts appear in batches while the dump is read
(:mod:`talkback.gui.load_results`). Errors show as a message naming the file and the problem;
problems of a partly bad dump are listed in a non-modal window opened from the status bar. The
window's geometry, splitter and columns are remembered (:mod:`talkback.gui.window_state`).
Searching, the authors list and exporting are wired by
:class:`~talkback.gui.search_features.SearchFeatures`. A dump with a current index opens as its
posts alone, each post's comments read when needed (:mod:`talkback.gui.lazy_browsing`); a big one
without is indexed first (:mod:`talkback.gui.indexing_panel`).
"""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import Signal, Slot
from PySide6.QtGui import (
    QCloseEvent,
    QDragEnterEvent,
    QDragMoveEvent,
    QDropEvent,
    QGuiApplication,
)
from PySide6.QtWidgets import QApplication, QMainWindow

from talkback.core.text import name_label
from talkback.gui.actions import Actions, build_actions, build_menus
from talkback.gui.detail_view import DetailView
from talkback.gui.extra_actions import install_extra_actions
from talkback.gui.focus_ring import ButtonRings
from talkback.gui.formatting import Node, clipboard_text, describe
from talkback.gui.icons import app_icon
from talkback.gui.index_action import IndexBuilder
from talkback.gui.indexing_panel import IndexFirst
from talkback.gui.lazy_browsing import LazyBrowsing
from talkback.gui.load_results import LoadResults
from talkback.gui.loader import Loader
from talkback.gui.navigation import replied_to
from talkback.gui.node_filter import NodeFilters
from talkback.gui.opening import (
    RecentFiles,
    RecentFilesMenu,
    absolute,
    accept_drag,
    choose_dump,
    choose_folder,
    dialog_folder,
    dropped_path,
)
from talkback.gui.search_bar import SearchBar
from talkback.gui.search_features import SearchFeatures
from talkback.gui.settings import Settings
from talkback.gui.status import LoadStatus, ProblemsDialog
from talkback.gui.tab_order import move_focus
from talkback.gui.thread_view import ThreadView
from talkback.gui.tree_model import ThreadModel
from talkback.gui.window_state import restore_window_state, save_window_state
from talkback.gui.workspace import Workspace, connect_workspace
from talkback.index import Fingerprint

DEFAULT_SIZE = (1280, 800)
DEFAULT_SPLIT = (730, 550)


class MainWindow(QMainWindow):
    """Talkback's main window."""

    #: a load ended (completed, failed or cancelled) and its results are shown
    load_finished = Signal()

    def __init__(self, settings: Settings | None = None, *, remember: bool = True) -> None:
        super().__init__()
        self.setObjectName("mainWindow")
        self.setWindowIcon(app_icon())
        ButtonRings.install(QApplication.instance())  # rings on focused buttons, app-wide
        self.settings = settings if settings is not None else Settings()
        self.remember = remember
        self.recent = RecentFiles(self.settings)
        self.model = ThreadModel(self)
        self.loader = Loader(self)
        self.tree = ThreadView(self.model, self)
        self.detail = DetailView(self)
        self.filters = NodeFilters(self.model, self)
        self.workspace = Workspace(self.tree, self.detail, self.filters, self.recent, self)
        self.splitter = self.workspace.splitter
        self.search_bar = SearchBar(self)
        self.workspace.put_above_tree(self.search_bar)
        self.splitter.setSizes(list(DEFAULT_SPLIT))
        self.setCentralWidget(self.workspace)
        self.status = LoadStatus(self)
        self.statusBar().addPermanentWidget(self.status)
        self.problems_dialog: ProblemsDialog | None = None
        self.recent_menu = RecentFilesMenu(self.recent, self)
        self.commands = build_actions(self, self.tree)
        build_menus(self.menuBar(), self.commands, self.recent_menu)
        self.setAcceptDrops(True)
        self._path: str | None = None
        self._enable_dump_actions()
        #: the id to select once the dump has been read
        self.pending_select: str | None = None
        #: the ids whose rows are expanded again as they are read (those open before a reload)
        self.pending_expand: set[str] = set()
        #: the last error shown, one line naming the file and the problem
        self.last_error: str | None = None
        self.lazy = LazyBrowsing(self)
        self._connect(self.commands)
        self.results = LoadResults(self)
        connect_workspace(self)
        self.extras = install_extra_actions(self)
        self.features = SearchFeatures(self)
        self.index_first = IndexFirst(self)
        self.update_title()
        self.resize(*DEFAULT_SIZE)
        if remember:
            restore_window_state(self)

    def _connect(self, actions: Actions) -> None:
        actions.open.triggered.connect(self.choose_and_open)
        actions.open_folder.triggered.connect(self.choose_folder_and_open)
        actions.reload.triggered.connect(self.reload)
        actions.close.triggered.connect(self.close_dump)
        actions.quit.triggered.connect(self.close)
        actions.copy.triggered.connect(self.copy)
        actions.show_problems.triggered.connect(self.show_problems)
        actions.cancel_load.triggered.connect(self.loader.cancel)
        actions.toggle_thread.triggered.connect(self.tree.toggle_current)
        actions.expand_thread.triggered.connect(self.tree.expand_thread)
        actions.collapse_thread.triggered.connect(self.tree.collapse_thread)
        actions.expand_all.triggered.connect(self.tree.expandAll)
        actions.collapse_all.triggered.connect(self.tree.collapseAll)
        actions.next_comment.triggered.connect(self.go_next_comment)
        actions.previous_comment.triggered.connect(self.go_previous_comment)
        actions.parent.triggered.connect(self.go_replied_to)
        self.recent_menu.path_chosen.connect(self.open_dump)
        self.status.cancel_requested.connect(self.loader.cancel)
        self.status.problems_requested.connect(self.show_problems)
        self.tree.node_changed.connect(self._show_node)
        self.detail.node_requested.connect(self.select_id)

    # -- opening ----------------------------------------------------------------------------------

    @Slot()
    def choose_and_open(self) -> None:
        """File > Open: ask for a dump and open it."""
        path = choose_dump(self, self._start_folder())
        if path:
            self.open_dump(path)

    @Slot()
    def choose_folder_and_open(self) -> None:
        """File > Open Folder: ask for a folder of pages and open it."""
        path = choose_folder(self, self._start_folder())
        if path:
            self.open_dump(path)

    def _start_folder(self) -> str:
        folder = self.settings.last_folder
        if folder and Path(folder).is_dir():
            return dialog_folder(folder)
        return dialog_folder(Path(self.path).parent) if self.path else str(Path.home())

    @property
    def path(self) -> str | None:
        """The dump shown (or being loaded); None when no dump is open."""
        return self._path

    @path.setter
    def path(self, path: str | None) -> None:
        self._path = path
        self._enable_dump_actions()

    def _enable_dump_actions(self) -> None:
        """The actions on the open dump, enabled only while there is one (they did nothing)."""
        commands = self.commands
        for action in (
            commands.reload,
            commands.close,
            commands.copy,
            commands.expand_all,
            commands.collapse_all,
        ):
            action.setEnabled(self._path is not None)

    @Slot(object)
    def open_dump(
        self,
        path: str | os.PathLike[str],
        select: str | None = None,
        *,
        index_first: bool = True,
        size: int | None = None,
        taken: Fingerprint | None = None,
    ) -> None:
        """Show the dump at ``path`` (replacing the one shown); select ``select`` once read. With
        ``index_first``, a big dump without a current index is indexed before it is shown.
        ``size`` is the dump's size (``talkback.sources.dump_size``) and ``taken`` its index
        fingerprint (``talkback.index.fingerprint``) when just worked out."""
        path = os.fspath(path)
        if index_first and self.index_first.take_over(path, select):
            return
        self._begin_showing(path, select)
        self.loader.start(path, size=size, taken=taken)

    def show_growing(self, path: str, index: str, select: str | None = None) -> None:
        """Show the posts of ``path`` that its index, being built in ``index``, holds so far, and
        more as the build goes on (:meth:`Loader.start_growing`); the finished index replaces
        them (:mod:`talkback.gui.indexing_panel`)."""
        self._begin_showing(path, select)
        self.loader.start_growing(path, index)

    def _begin_showing(self, path: str, select: str | None) -> None:
        """Replace the dump shown by ``path``, to be read now; select ``select`` once read."""
        self.path = path
        self.pending_select = select
        self.pending_expand = set()
        self.last_error = None
        self.model.reset(path)
        self.detail.show_message("Reading…", [name_label(path)])
        self.status.set_problem_count(0)
        self.fill_problems()  # an open problems window lists this dump's, as they come
        self.results.begin(path)
        if self.remember:
            full = Path(absolute(path))
            self.settings.last_folder = str(full if full.is_dir() else full.parent)
        self.update_title()

    @Slot()
    def reload(self) -> None:
        """Read the open dump again, keeping the selection and the rows open when they are
        still there."""
        if self.path is None:
            return
        current = self.tree.current_node()
        expanded = {node.id for node in self.tree.expanded_nodes()}
        self.open_dump(self.path, select=current.id if current is not None else None)
        if self.loader.is_loading:  # not when the dump is indexed first
            self.pending_expand = expanded

    @Slot()
    def close_dump(self) -> None:
        """Close the open dump: an empty window."""
        self.index_first.abandon()
        self.loader.stop()
        self.path = None
        self.pending_select = None
        self.pending_expand = set()
        self.model.reset()
        self.loader.release()
        self.results.set_loading(False)
        self.status.set_problem_count(0)
        if self.problems_dialog is not None:
            self.problems_dialog.hide()
        self.detail.show_message("No dump open", ["Open a page, a folder or an archive (Ctrl+O)."])
        self.statusBar().clearMessage()
        self.update_title()

    def update_title(self) -> None:
        """Name the dump shown in the window's title."""
        name = name_label(Path(self.path).name) if self.path else ""
        self.setWindowTitle(f"{name} — Talkback" if name else "Talkback")

    # -- problems ---------------------------------------------------------------------------------

    @Slot()
    def show_problems(self) -> None:
        """Open the (non-modal) list of what could not be read."""
        if self.problems_dialog is None:
            self.problems_dialog = ProblemsDialog(self)
        self.fill_problems()
        self.problems_dialog.show()
        self.problems_dialog.raise_()

    def fill_problems(self) -> None:
        """List the problems of the dump shown in the problems window, if it was opened."""
        if self.problems_dialog is not None:
            source = self.path or "the dump"
            self.problems_dialog.set_problems(source, self.model.archive.problems)

    # -- selection and navigation -----------------------------------------------------------------

    @Slot(object)
    def _show_node(self, node: Node | None) -> None:
        if node is None or self.lazy.show_when_read(node):
            return
        self.show_node(node)

    def show_node(self, node: Node) -> None:
        """Show ``node`` in the detail panel and name it in the status bar."""
        self.detail.show_node(node, self.model.find)
        self.statusBar().showMessage(f"{describe(node)} · {node.id}")

    @Slot(str)
    def select_id(self, node_id: str) -> bool:
        """Select the post or comment with this id (looked for first in the shown node's post)."""
        node = self.model.find(node_id, self.detail.node)
        if node is None and self.lazy.select_id(node_id):
            return True
        if node is None:
            self.statusBar().showMessage(f"No post or comment with id {node_id} in this dump")
            return False
        if not self.model.is_shown(node):
            self.statusBar().showMessage(self.features.search.matches.why_hidden(node))
            return False
        return self.tree.select_node(node)

    def go_to(self, node: Node | None) -> None:
        """Select ``node`` (if any) and give the tree the focus."""
        if node is not None:
            self.tree.select_node(node)
            self.tree.setFocus()

    @Slot()
    def go_next_comment(self) -> None:
        """Select the next comment in page order (that the filters keep)."""
        self.lazy.step(forward=True)

    @Slot()
    def go_previous_comment(self) -> None:
        """Select the previous comment in page order (that the filters keep)."""
        self.lazy.step(forward=False)

    @Slot()
    def go_replied_to(self) -> None:
        """Select what the current comment replies to."""
        self.go_to(replied_to(self.tree.current_node()))

    @Slot()
    def copy(self) -> None:
        """Copy the detail panel's selected text, else the current comment with author and date."""
        if self.detail.hasFocus() and self.detail.textCursor().hasSelection():
            self.detail.copy()
            return
        node = self.tree.current_node()
        unread = self.lazy.unread(node)
        if unread is not None:  # its text is still in the index
            self.lazy.fetcher.fetch(unread, lambda: self._copy_node(unread))
        elif node is not None:
            self._copy_node(node)

    def _copy_node(self, node: Node) -> None:
        QGuiApplication.clipboard().setText(clipboard_text(node))
        self.statusBar().showMessage(f"Copied {describe(node)}", 4000)

    def focusNextPrevChild(self, next: bool) -> bool:
        """Tab and Shift+Tab go through the window's parts in the order they are seen."""
        return move_focus(self, forward=next) or super().focusNextPrevChild(next)

    # -- drag and drop ----------------------------------------------------------------------------

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        """Accept a dragged file or folder."""
        accept_drag(event)

    def dragMoveEvent(self, event: QDragMoveEvent) -> None:
        """Keep accepting a dragged file or folder."""
        accept_drag(event)

    def dropEvent(self, event: QDropEvent) -> None:
        """Open the dropped file or folder."""
        path = dropped_path(event)
        if path is None:
            event.ignore()
            return
        event.acceptProposedAction()
        self.open_dump(path)

    # -- remembered state -------------------------------------------------------------------------

    def save_state(self) -> None:
        """Remember geometry, splitter sizes and column widths."""
        if self.remember:
            save_window_state(self)

    def closeEvent(self, event: QCloseEvent) -> None:
        """Remember the window's state and stop any load before closing."""
        self.save_state()
        self.loader.shutdown(timeout_ms=0)
        self.features.shutdown(timeout_ms=0)
        self.lazy.shutdown(timeout_ms=0)
        self.index_first.shutdown(timeout_ms=0)
        for builder in self.findChildren(IndexBuilder):
            builder.shutdown(timeout_ms=0)
        super().closeEvent(event)
