"""The search's matches as the window shows them: those in view, their count and the next one.

Other filters (the overview's charts) may hide some of the matches: the matches *in view* are
those they keep too, found once per result and filter change. The status bar's count says where
the current row stands among them (``3 of 12 matches``), and F3 and Shift+F3 go from it to the
next or previous of them in page order, wrapping at either end.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QLabel, QStatusBar

from talkback.gui.formatting import Node
from talkback.gui.node_filter import NodeFilters
from talkback.gui.search_filter import SearchResult, count_text
from talkback.gui.thread_view import ThreadView

#: the name of the search's filter among the window's filters
SEARCH_FILTER = "search"


class SearchMatches:
    """The matches in view of a search result, counted in the status bar."""

    def __init__(self, filters: NodeFilters, tree: ThreadView, status_bar: QStatusBar) -> None:
        self.filters, self.tree, self.status_bar = filters, tree, status_bar
        self.model = filters.model
        #: selects a post or comment by id, reading its post from the index first if need be
        self.select_id: Callable[[str], object] = lambda _node_id: False
        #: the count in the status bar (``Searching…`` while a search runs)
        self.label = QLabel(status_bar)
        self.label.setObjectName("matchCount")
        self.label.setContentsMargins(6, 0, 6, 0)
        self.label.hide()
        status_bar.insertPermanentWidget(0, self.label)
        self._in_view: SearchResult | None = None

    def in_view(self, result: SearchResult | None) -> SearchResult | None:
        """The matches of ``result`` shown: all of them, or (with other filters on too) those
        those keep."""
        if result is None or len(self.filters.active()) <= 1:
            return result
        if self._in_view is None or self._in_view.query is not result.query:
            self._in_view = result.narrowed(self.model.is_kept)
        return self._in_view

    def filters_changed(self) -> None:
        """The window's filters changed: the matches in view are to be found again."""
        self._in_view = None

    def show_count(self, result: SearchResult | None) -> None:
        """Count ``result``'s matches in the status bar (none: hide the count)."""
        if result is None:
            self.label.hide()
        else:
            self.show_note(count_text(result, self.in_view(result) or result, self.current()))

    def show_note(self, text: str) -> None:
        """Say ``text`` where the count goes (``Searching…``, why searching waits)."""
        self.label.setText(text)
        self.label.show()

    def current(self) -> Node | None:
        """The tree's current row."""
        return self.tree.current_node()

    def select(self, match: Node | str) -> None:
        """Select a match (one not read yet is given by its id)."""
        if isinstance(match, str):
            self.select_id(match)
        else:
            self.tree.select_node(match)

    def step(self, result: SearchResult, forward: bool) -> None:
        """Select the match in view after (or before) the current row, saying so when that
        wraps around (or when none is in view)."""
        found = (self.in_view(result) or result).step_to(self.current(), forward)
        if found is None:
            self.status_bar.showMessage("No matches", 3000)
            return
        match, wrapped = found
        self.select(match)
        if wrapped:
            where = "first" if forward else "last"
            self.status_bar.showMessage(f"Search wrapped around to the {where} match", 3000)

    def why_hidden(self, node: Node) -> str:
        """What to say when ``node`` cannot be selected because the filters hide it."""
        search = self.filters.get(SEARCH_FILTER)
        if search is not None and not search.keep(node):
            return f"{node.id} is hidden by the search; Esc shows everything"
        return f"{node.id} is hidden by the filters; Show All (Ctrl+Shift+A) shows everything"
