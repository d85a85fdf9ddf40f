"""Search, the authors list, exporting and the tree's context menu, installed on the main window.

The main window makes the search bar (above the tree) and calls :class:`SearchFeatures` once its
own menus and signals are in place; everything else about searching and exporting is wired here,
so that the window's module stays about opening, loading and browsing.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, Slot
from PySide6.QtGui import QKeySequence

from talkback.core.model import Archive
from talkback.gui.authors_panel import AuthorsPanel
from talkback.gui.export_actions import Exporter
from talkback.gui.help_dialogs import SearchSyntaxDialog
from talkback.gui.search_actions import add_to_menus, build_search_actions
from talkback.gui.search_controller import SearchController
from talkback.gui.sizing import characters
from talkback.gui.tree_menu import TreeMenu
from talkback.search import AuthorCount, author_query

if TYPE_CHECKING:
    from talkback.gui.main_window import MainWindow

#: the Authors dock's width when first shown, in average characters of the font (210 pixels at
#: 10 points; as 210 pixels at 20 points, it showed four letters of each name)
AUTHORS_CHARACTERS = 30
#: what the match count says of a search typed while the dump's index is being built
WAITING_FOR_INDEX = "Searching once indexing is done"


class SearchFeatures(QObject):
    """The window's search, authors list, export commands and context menu."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        status_bar = window.statusBar()
        self.actions = build_search_actions(window)
        self.authors = AuthorsPanel(window)
        window.addDockWidget(Qt.DockWidgetArea.LeftDockWidgetArea, self.authors)
        width = characters(window, AUTHORS_CHARACTERS)
        window.resizeDocks([self.authors], [width], Qt.Orientation.Horizontal)
        # hidden at first (the window restores it when it was left open): beside it, the tree and
        # the Overview tab would be too narrow in a 1280-pixel window
        self.authors.hide()
        toggle_authors = self.authors.toggleViewAction()
        toggle_authors.setObjectName("toggleAuthors")
        toggle_authors.setText("A&uthors")
        toggle_authors.setShortcut(QKeySequence("Ctrl+Shift+U"))
        toggle_authors.setToolTip("Show or hide the list of authors (Ctrl+Shift+U)")
        toggle_authors.setStatusTip("Show or hide the list of authors")
        add_to_menus(window.menuBar(), self.actions, toggle_authors)
        self.search = SearchController(
            window.search_bar, window.filters, window.tree, window.detail, status_bar, self.actions
        )
        self.exporter = Exporter(window, lambda: window.model.archive, window.settings, status_bar)
        commands = window.commands
        self.tree_menu = TreeMenu(
            window.tree,
            status_bar,
            self.actions.export_thread,
            self.actions.copy_id,
            self.actions.copy_link,
            [
                commands.copy,
                commands.toggle_thread,
                commands.expand_thread,
                commands.collapse_thread,
            ],
        )
        self.syntax_dialog: SearchSyntaxDialog | None = None
        self.actions.export_thread.triggered.connect(self.export_current)
        self.actions.export_results.triggered.connect(self.export_results)
        self.actions.search_syntax.triggered.connect(self.show_search_syntax)
        self.authors.author_chosen.connect(self.filter_by_author)
        self.search.runner.authors_counted.connect(self._on_authors_counted)
        window.loader.posts_loaded.connect(self.search.posts_arrived)
        window.model.modelReset.connect(self._on_reset)
        window.loader.indexed.connect(self._on_indexed)
        window.loader.growing.connect(lambda _index: self.search.set_waiting(WAITING_FOR_INDEX))
        self.search.matches.select_id = window.select_id

    @Slot()
    def _on_reset(self) -> None:
        self.authors.set_counts([])
        self.search.runner.index = None

    @Slot(str, int)
    def _on_indexed(self, index: str, _comments: int) -> None:
        """The dump is read from its index: search it and count its authors there."""
        self.search.runner.index = index

    def set_loading(self, loading: bool) -> None:
        """The window started or stopped reading a dump; once read, count its authors."""
        self.search.set_loading(loading)
        archive = self.window.model.archive
        if not loading and archive.posts:
            self.search.runner.count_authors(archive)

    @Slot()
    def export_current(self) -> None:
        """File > Export Thread…: the current post or comment's thread (a post of an indexed
        dump is read from the index first, so that the page has all of it)."""
        node = self.window.tree.current_node()
        unread = self.window.lazy.unread(node)
        if unread is not None:
            self.window.lazy.fetcher.fetch(unread, lambda: self.exporter.export_thread(unread))
            return
        self.exporter.export_thread(node)

    @Slot()
    def export_results(self) -> None:
        """File > Export Search Results…: the current matches as one page."""
        self.exporter.export_results(self.search.result)

    @Slot(str)
    def filter_by_author(self, name: str) -> None:
        """Show only ``name``'s comments (a click in the authors list)."""
        self.search.run_query(author_query(name))

    @Slot()
    def show_search_syntax(self) -> None:
        """Help > Search Syntax."""
        if self.syntax_dialog is None:
            self.syntax_dialog = SearchSyntaxDialog(self.window)
        self.syntax_dialog.show()
        self.syntax_dialog.raise_()

    @Slot(object, object)
    def _on_authors_counted(self, archive: Archive, counts: list[AuthorCount]) -> None:
        if archive is self.window.model.archive:
            self.authors.set_counts(counts)

    def shutdown(self, timeout_ms: int = 30_000) -> None:
        """Stop searching and finish writing exports (at exit); waits at most ``timeout_ms`` for
        a search under way (0 from the window's close: the pool is drained when it goes)."""
        self.search.shutdown(timeout_ms)
        self.exporter.shutdown()
