"""Searching in the window: from the text typed to the filtered, highlighted tree and back.

The controller takes the search bar's text once typing pauses, compiles it (a malformed query
shows its message under the field and changes nothing else), and hands the query to the
:class:`SearchRunner`. When the result comes back, it becomes the window's ``search`` filter (see
:mod:`~talkback.gui.node_filter`), combined with any other (the overview's charts): the tree shows
only what every filter keeps and its ancestors (dimmed), the matched terms are highlighted in the
tree and the detail panel, the first match is selected (unless the current row is one), and the
status bar counts the matches (:mod:`~talkback.gui.search_matches`, which F3 and Shift+F3 step
through). Esc (or removing the search's chip from the filter bar, or Show All) clears it all and
brings back the tree as it was opened before the search, with the row you were on selected.

While a dump loads, the search runs again every so often and once the load ends, so that posts
read after it ran are searched too. A dump read from its index is searched in the index
(:mod:`~talkback.gui.index_search`): matches in posts not read yet are reached by id, through
:attr:`SearchController.select_id`, which reads the post first.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QTimer, Signal, Slot
from PySide6.QtWidgets import QStatusBar

from talkback.gui.detail_view import DetailView
from talkback.gui.formatting import Node
from talkback.gui.match_rows import MatchRows
from talkback.gui.node_filter import NodeFilters
from talkback.gui.search_actions import SearchActions
from talkback.gui.search_bar import SearchBar
from talkback.gui.search_filter import SearchResult, author_spans, match_labels
from talkback.gui.search_matches import SEARCH_FILTER, SearchMatches
from talkback.gui.search_runner import SearchRunner
from talkback.gui.thread_view import ThreadView
from talkback.gui.tree_model import ThreadModel
from talkback.search import Query, QueryError, compile_query

#: while a dump loads, how often (ms) an active search runs again over the posts read since
REFRESH_WHILE_LOADING_MS = 1500
#: the delay between the steps of showing a result: a real timer (a zero delay would run the steps
#: back to back, before the keys and paints waiting in between)
NEXT_TURN_MS = 1


class SearchController(QObject):
    """Ties the search bar, the worker, the tree's filter, the highlights and the match count."""

    #: a search result was applied, or the search was cleared
    changed = Signal()

    def __init__(
        self,
        bar: SearchBar,
        filters: NodeFilters,
        tree: ThreadView,
        detail: DetailView,
        status_bar: QStatusBar,
        actions: SearchActions,
    ) -> None:
        super().__init__(bar)
        self.bar, self.filters, self.tree, self.detail = bar, filters, tree, detail
        self.model: ThreadModel = filters.model
        self.status_bar = status_bar
        self.actions = actions
        self.runner = SearchRunner(self)
        self.delegate = MatchRows(tree)
        tree.setItemDelegate(self.delegate)
        #: the matches in view, their count in the status bar and stepping through them
        self.matches = SearchMatches(filters, tree, status_bar)
        self.count_label = self.matches.label
        #: the query whose result is shown or awaited (None: no search)
        self.query: Query | None = None
        #: the result shown in the tree (None: the tree is not filtered by a search)
        self.result: SearchResult | None = None
        self._archive: object | None = None
        self.loading = False
        #: why searching waits (the dump's index is being built), or None
        self.waiting: str | None = None
        self._pending = 0
        self._fresh = False
        self._applying = 0
        #: the row and the expanded rows before the search, given back when it is cleared
        self._before: Node | None = None
        self._expanded_before: list[Node] = []
        self._prepared_for: object | None = None
        self._refresh = QTimer(self)
        self._refresh.setSingleShot(True)
        self._refresh.setInterval(REFRESH_WHILE_LOADING_MS)
        self._refresh.timeout.connect(self._rerun)
        self._connect()
        self._update_actions()

    def _connect(self) -> None:
        bar, actions = self.bar, self.actions
        bar.query_entered.connect(self.on_text)
        bar.field.next_requested.connect(self.find_next)
        bar.field.previous_requested.connect(self.find_previous)
        bar.field.clear_requested.connect(self.clear)
        bar.field.leave_requested.connect(self.tree.setFocus)
        bar.field.installEventFilter(self)
        bar.next.clicked.connect(self.find_next)
        bar.previous.clicked.connect(self.find_previous)
        actions.find.triggered.connect(self.focus_field)
        actions.find_next.triggered.connect(self.find_next)
        actions.find_previous.triggered.connect(self.find_previous)
        actions.clear_search.triggered.connect(self.clear)
        self.runner.finished.connect(self._on_result)
        self.runner.failed.connect(self._on_failed)
        self.model.modelReset.connect(self._on_reset)
        self.filters.changed.connect(self._on_filters_changed)
        self.tree.node_changed.connect(self._update_count)

    # -- starting and clearing --------------------------------------------------------------------

    @Slot()
    def focus_field(self) -> None:
        """Ctrl+F: put the cursor in the search field, its text selected (when it is shown: no
        dump is open, or one is being indexed, and what is typed would go nowhere to be seen)."""
        if not self.bar.field.isVisible():
            if self.loading:  # a big dump is indexed before it opens: its panel is shown
                self.status_bar.showMessage("The dump can be searched once it is indexed", 3000)
            else:
                self.status_bar.showMessage("Open a dump to search it", 3000)
            return
        self.bar.field.setFocus()
        self.bar.field.selectAll()

    @Slot(str)
    def on_text(self, text: str) -> None:
        """Search for ``text`` (typed or given); an empty text clears the search."""
        if not text.strip():
            self.clear()
            return
        try:
            query = compile_query(text)
        except QueryError as error:
            self.bar.show_error(error.message, error.position)
            return
        self.bar.clear_error()
        if query.is_empty:
            self.clear()
            return
        self.run_query(query)

    def search_for(self, text: str) -> None:
        """Put ``text`` in the field and search for it at once (menus, the command line)."""
        self.bar.set_text(text)
        self.on_text(text)

    def run_query(self, query: Query) -> None:
        """Search for a compiled ``query`` (an author picked from the list, say)."""
        if self.bar.text != query.text:
            self.bar.set_text(query.text)
        self.bar.clear_error()
        if self.query is None and self.result is None:
            self._before = self.tree.current_node()
            self._expanded_before = self.tree.expanded_nodes()
        self.query = query
        self._fresh = True
        self._start()

    def _start(self) -> None:
        if self.query is None:
            return
        if self.waiting is not None:
            self.matches.show_note(self.waiting)
            return
        self._refresh.stop()
        self._pending = self.runner.search(self.model.archive, self.query)
        self.matches.show_note("Searching…")
        self._update_actions()

    @Slot()
    def clear(self) -> None:
        """Esc: forget the search and show the whole tree, keeping the current row."""
        self.bar.set_text("")
        self.bar.clear_error()
        self.runner.cancel()
        self._refresh.stop()
        self._pending = 0
        self._applying += 1
        self.query = None
        current = self.tree.current_node() or self._before
        expanded, self._expanded_before = self._expanded_before, []
        self._before = None
        self.delegate.spans_of = None
        self.delegate.author_spans_of = None
        self.detail.set_highlighter(None)
        self.matches.show_count(None)
        self.tree.viewport().update()
        self._update_actions()
        if self.result is None:
            self.changed.emit()
            return
        self.result = None
        self.model.set_labels(None)
        self.filters.clear(SEARCH_FILTER)
        # the rows open before the search, not the thousands the search opened (a long relayout)
        self.tree.collapseAll()
        self.tree.expand_all_of(self.model.index_of(node) for node in expanded)
        token = self._applying
        QTimer.singleShot(NEXT_TURN_MS, lambda: self._reselect(token, current))

    def _reselect(self, token: int, current: Node | None) -> None:
        """After a clear, in the next turn of the event loop: the row you were on, in view."""
        if token != self._applying:
            return
        if current is not None:
            self.tree.select_node(current)
        self.changed.emit()

    # -- results ----------------------------------------------------------------------------------

    @Slot(int, object)
    def _on_result(self, generation: int, result: SearchResult) -> None:
        if generation != self._pending or self.query is None:
            return
        self._pending = 0
        fresh, self._fresh = self._fresh, False
        current = self.tree.current_node()
        self.result = result
        self.matches.filters_changed()
        self._archive = self.model.archive
        self.model.set_labels(match_labels(result.query))
        self.filters.set(
            SEARCH_FILTER,
            f"matching {result.query.text}",
            result.keeps,
            result.post_holds,
            result.comments_kept,
        )
        self.delegate.spans_of = result.query.spans
        self.delegate.author_spans_of = author_spans(result.query)
        self._update_count()
        self._update_actions()
        # Expanding and laying out tens of thousands of rows takes a few tens of ms each: done in
        # separate turns of the event loop, so that a key typed meanwhile is not kept waiting.
        self._applying += 1
        token = self._applying
        QTimer.singleShot(NEXT_TURN_MS, lambda: self._expand(token, result, current, fresh))

    def _expand(self, token: int, result: SearchResult, current: Node | None, fresh: bool) -> None:
        if token != self._applying:
            return
        if fresh:
            self.tree.expandAll()
        QTimer.singleShot(NEXT_TURN_MS, lambda: self._select(token, result, current, fresh))

    def _select(self, token: int, result: SearchResult, current: Node | None, fresh: bool) -> None:
        """Select the current row again if it still belongs (a match, for a new query), else the
        first match; the detail panel shows it highlighted."""
        if token != self._applying:
            return
        if current is None:
            keep = False
        else:
            keep = self.model.is_kept(current) if fresh else self.model.is_shown(current)
        in_view = self.matches.in_view(result)
        target = current if keep else (in_view.first() if in_view else None)
        # Selecting the target shows it highlighted, unless it is current already (the filter
        # may have made it so, hiding the row that was): then it is shown again here.
        showing = self.tree.current_node()
        self.detail.set_highlighter(result.query.spans, refresh=target is showing)
        if target is not None:
            self.matches.select(target)
        else:
            self.detail.show_message(
                "No matches", [f"Nothing matches {result.query.text}", "Esc shows everything."]
            )
        self.tree.viewport().update()
        self._update_count()
        self.changed.emit()

    @Slot(int, str)
    def _on_failed(self, generation: int, message: str) -> None:
        if generation == self._pending:
            self._pending = 0
            self.bar.show_error(f"The search failed: {message}")
            self._update_count()

    @Slot()
    def _on_filters_changed(self) -> None:
        """The search's own filter was removed (its chip, Show All): clear the search too; else
        the matches in view may have changed."""
        self.matches.filters_changed()
        gone = self.filters.get(SEARCH_FILTER) is None
        if self.result is not None and gone and self.model.archive is self._archive:
            self.clear()
        else:
            self._update_count()

    @Slot()
    def _update_count(self) -> None:
        if self._pending:
            self.matches.show_note("Searching…")
        else:
            self.matches.show_count(self.result)

    def _update_actions(self) -> None:
        active = self.query is not None or self.result is not None
        for each in (
            self.actions.find_next,
            self.actions.find_previous,
            self.bar.next,
            self.bar.previous,
        ):
            each.setEnabled(active)
        self.actions.export_results.setEnabled(self.result is not None and bool(self.result.count))
        self.actions.clear_search.setEnabled(active and not self.loading)

    # -- stepping through matches -----------------------------------------------------------------

    @Slot()
    def find_next(self) -> None:
        """F3, Enter: the next match in page order (after the last, the first)."""
        self.step(forward=True)

    @Slot()
    def find_previous(self) -> None:
        """Shift+F3, Shift+Enter: the previous match in page order (before the first, the last)."""
        self.step(forward=False)

    def step(self, forward: bool) -> None:
        """Select the next (or previous) match; a query typed but not yet run runs first."""
        if self.bar.debounce.isActive() or (
            self.bar.text.strip() and (self.query is None or self.query.text != self.bar.text)
        ):
            self.bar.flush()
            return
        result = self.result
        if result is None or self._pending:
            return
        self.matches.step(result, forward)

    # -- loading ----------------------------------------------------------------------------------

    def set_loading(self, loading: bool) -> None:
        """The window started (True) or finished (False) reading a dump."""
        self.loading = loading
        if not loading and self.query is not None:
            self._rerun()
        self._update_actions()

    def set_waiting(self, why: str | None) -> None:
        """Hold searches back, saying ``why`` (the dump's index is being built: its posts are
        listed without their text), or (None) search again as before."""
        self.waiting = why
        if why is not None and self.query is not None:
            self._start()

    @Slot()
    def posts_arrived(self) -> None:
        """More posts were read: search them too, before long."""
        if self.query is not None and not self._refresh.isActive():
            self._refresh.start()

    @Slot()
    def _rerun(self) -> None:
        if self.query is not None and self.model.archive.posts:
            self._start()

    @Slot()
    def _on_reset(self) -> None:
        """Another dump (or none) is shown: its filter is gone; the query stays for it."""
        self.waiting = None
        self.runner.release()
        self._pending = 0
        self._applying += 1
        self._prepared_for = None
        self._before = None
        self._expanded_before = []
        self.result = None
        self.delegate.spans_of = None
        self.delegate.author_spans_of = None
        self.detail.set_highlighter(None)
        self._update_count()
        self._update_actions()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Prepare the archive for searching when the field first gets the focus."""
        if event.type() == QEvent.Type.FocusIn and watched is self.bar.field:
            archive = self.model.archive
            ready = self._prepared_for is archive or self.runner.index is not None
            if archive.posts and not ready:
                self._prepared_for = archive
                self.runner.prepare(archive)
        return False

    def shutdown(self, timeout_ms: int = 30_000) -> None:
        """Stop searching and wait for the worker (at exit) at most ``timeout_ms``."""
        self._refresh.stop()
        self.runner.shutdown(timeout_ms)
