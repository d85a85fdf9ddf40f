"""The Qt item model over the core tree: posts at the top, comments nested by reply under them.

No copy is made: every index's ``internalPointer`` is the core Post or Comment itself, rows come
from the cached ``row`` fields (or from :class:`TreeOrder` when sorted), and posts are appended in
batches with ``beginInsertRows`` while a dump is still loading. ``NodeRole``
(``Qt.ItemDataRole.UserRole``) gives the Post or Comment of an index.

A node with very many children shows a window of them (see :mod:`~talkback.gui.tree_order`): the
view calls :meth:`show_more` and :meth:`show_earlier` as the user scrolls near either end, and
:meth:`reveal` brings a node into view before it is selected. Qt's own ``canFetchMore`` protocol
is not used, because QTreeView calls it on every layout.

A filter (:meth:`set_filter`, set through the window's named filters in
:mod:`~talkback.gui.node_filter`: the overview's charts, the search) shows only the nodes it keeps
and their ancestors, the ancestors dimmed as context (``MatchRole`` tells a kept node from context).
The filter lives in the :class:`TreeOrder`, beside the sort, so that windows, sorting and selection
work the same on it.

The comments of an indexed dump's posts come and go: see :mod:`~talkback.gui.indexed_rows`. What
each cell says is :mod:`~talkback.gui.tree_cells`'s.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

from talkback.core.model import Archive, Comment, Post, Problem
from talkback.gui.formatting import Node, reply_count
from talkback.gui.indexed_rows import IndexedPostRows
from talkback.gui.navigation import NodeIds
from talkback.gui.tree_cells import RowLook, cell_text, header_data
from talkback.gui.tree_order import CHUNK, Column, RowWindows, TreeOrder, parent_of
from talkback.index.browse import IndexedPost

#: the Post or Comment behind an index
NodeRole = Qt.ItemDataRole.UserRole
#: the id (``p1``, ``p1-c3``) of the Post or Comment behind an index
NodeIdRole = Qt.ItemDataRole.UserRole + 1
#: while the tree is filtered: True for a match, False for an ancestor shown as context; else None
MatchRole = Qt.ItemDataRole.UserRole + 2
AnyIndex = QModelIndex | QPersistentModelIndex
_ROOT = QModelIndex()
_COLUMNS = len(Column)
_ITEM_FLAGS = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
_LEAF_FLAGS = _ITEM_FLAGS | Qt.ItemFlag.ItemNeverHasChildren


class ThreadModel(IndexedPostRows):
    """A QAbstractItemModel over an Archive's posts and their reply trees."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._archive = Archive("")
        self._order = TreeOrder(self._archive.posts)
        self._ids = NodeIds()
        self._windows = RowWindows()
        #: the node kept shown when the order changes (the view sets it to its current node);
        #: other expanded or selected nodes that the new order puts beyond the rows shown are let go
        self.anchor: Node | None = None
        self.look = RowLook()
        #: the colour of rows shown only as the context of filtered ones (the view sets it)
        self.context_brush = QBrush(QColor(128, 128, 128))
        self._labels: Callable[[Node], str | None] | None = None
        #: posts of an indexed dump whose comments are being read (their rows say so)
        self.reading: set[Post] = set()
        self._comment_total = 0

    # -- the archive ------------------------------------------------------------------------------

    @property
    def archive(self) -> Archive:
        """The archive shown (posts appended so far, problems met so far)."""
        return self._archive

    def reset(self, source: str = "") -> None:
        """Show nothing; the next posts appended belong to the dump ``source``."""
        self.beginResetModel()
        sort = (self._order.column, self._order.descending)
        self._archive = Archive(source)
        self._order = TreeOrder(self._archive.posts)
        self._order.set_sort(*sort)
        self._ids.clear()
        self._windows.clear()
        self._labels = None
        self.anchor = None
        self.reading = set()
        self._comment_total = 0
        self.endResetModel()

    def append_posts(self, posts: Sequence[Post]) -> None:
        """Add a batch of posts (each with all its comments) at the top level."""
        if not posts:
            return
        if not self._order.is_page_order:
            self._relayout(lambda: self._add(posts))
            return
        count = len(self._archive.posts)
        before = self._windows.span(None, count)
        after = self._windows.span(None, count + len(posts))
        if after[1] > before[1] and after[0] == before[0]:
            self.beginInsertRows(_ROOT, before[1] - before[0], after[1] - after[0] - 1)
            self._add(posts)
            self.endInsertRows()
        else:
            self._add(posts)

    def _add(self, posts: Sequence[Post]) -> None:
        for post in posts:
            self._archive.add_post(post)
            self._comment_total += reply_count(post)
        self._ids.add_posts(posts)
        self._order.posts_added(posts)

    def add_problems(self, problems: Sequence[Problem]) -> None:
        """Record problems met while reading the dump."""
        self._archive.problems.extend(problems)

    @property
    def comment_total(self) -> int:
        """How many comments the posts appended hold (read from their index or not)."""
        return self._comment_total

    def find(self, node_id: str, near: Node | None = None) -> Node | None:
        """The post or comment with this id (looked for first in ``near``'s post), or None."""
        return self._ids.find(node_id) if near is None else self._ids.find_near(node_id, near)

    # -- filtering ------------------------------------------------------------------------------

    def set_filter(
        self, keep: Callable[[Node], bool] | None, holds: Callable[[Post], bool] | None = None
    ) -> None:
        """Show only the posts and comments ``keep`` accepts, each under its ancestors (shown as
        context, in a muted colour); None shows everything again. Selection and expanded rows
        that stay shown are kept. ``holds`` says whether a post of an indexed dump whose comments
        are not read yet holds some that ``keep`` accepts."""
        if keep is None and self._order.keep is None:
            return
        self._relayout(lambda: self._order.set_filter(keep, holds))

    @property
    def is_filtered(self) -> bool:
        """Whether a filter is set."""
        return self._order.keep is not None

    @property
    def kept_comments(self) -> int:
        """How many comments the filter keeps (every comment when there is no filter)."""
        return self._order.kept_comments if self.is_filtered else self._comment_total

    def is_kept(self, node: Node) -> bool:
        """Whether the filter keeps ``node`` (every node, with no filter)."""
        return not self._order.is_context(node)

    def is_context(self, node: Node) -> bool:
        """Whether ``node`` is shown only as the context of something the filter keeps."""
        return self._order.is_context(node)

    def is_shown(self, node: Node) -> bool:
        """Whether ``node`` has a row: kept by the filter, or above a kept one (always, with no
        filter)."""
        return self._order.is_shown(node)

    def set_labels(self, labels: Callable[[Node], str | None] | None) -> None:
        """While filtered, what the Thread column shows for a kept node (a search shows the words
        around what matched; None from ``labels`` keeps a node's first words); None: the usual
        labels. Set it before the filter, whose change lays the tree out again."""
        self._labels = labels

    # -- indexes and nodes ------------------------------------------------------------------------

    def node(self, index: AnyIndex) -> Node | None:
        """The Post or Comment behind ``index`` (None for the invisible root)."""
        return self._item(index)

    def _item(self, index: AnyIndex) -> Node | None:
        if not index.isValid():
            return None
        node: Node = index.internalPointer()
        return node

    def index_of(self, node: Node, column: int = 0) -> QModelIndex:
        """The index showing ``node`` (invalid while it or an ancestor is outside the windows, or
        the filter hides it)."""
        if not self._order.is_shown(node):
            return QModelIndex()
        item: Node | None = node
        while item is not None:
            parent = parent_of(item)
            start, end = self._span(parent)
            if not start <= self._order.row_of(item) < end:
                return QModelIndex()
            item = parent
        return self.createIndex(self._view_row(node), column, node)

    def reveal(self, node: Node, column: int = 0) -> QModelIndex:
        """The index of ``node``, first widening or moving the windows of its ancestors (invalid
        when the filter hides it)."""
        if not self._order.is_shown(node):
            return QModelIndex()
        chain: list[Node] = [node]
        while (above := parent_of(chain[-1])) is not None:
            chain.append(above)
        for item in reversed(chain):
            parent = parent_of(item)
            total = self._order.count(parent)
            span = self._windows.span(parent, total)
            position = self._order.row_of(item)
            if span[0] <= position < span[1]:
                continue
            wider = self._windows.widened_to(position, span, total)
            if wider is not None:
                self._widen(parent, span, wider)
            else:
                self._move(parent, span, self._windows.around(position, total))
        return self.index_of(node, column)

    # -- windows over very many children ----------------------------------------------------------

    def _span(self, node: Node | None) -> tuple[int, int]:
        return self._windows.span(node, self._order.count(node))

    def _view_row(self, node: Node) -> int:
        return self._order.row_of(node) - self._span(parent_of(node))[0]

    def hidden_after(self, parent: AnyIndex = _ROOT) -> int:
        """How many children of ``parent`` come after the rows shown (see :meth:`show_more`)."""
        node = self._item(parent)
        return self._order.count(node) - self._span(node)[1]

    def hidden_before(self, parent: AnyIndex = _ROOT) -> int:
        """How many children of ``parent`` come before the rows shown (:meth:`show_earlier`)."""
        return self._span(self._item(parent))[0]

    def show_more(self, parent: AnyIndex = _ROOT) -> None:
        """Show the next CHUNK children of ``parent``."""
        node = self._item(parent)
        total = self._order.count(node)
        start, end = self._windows.span(node, total)
        if end < total:
            self._widen(node, (start, end), (start, min(total, end + CHUNK)))

    def show_earlier(self, parent: AnyIndex = _ROOT) -> None:
        """Show the CHUNK children of ``parent`` before the rows shown."""
        node = self._item(parent)
        start, end = self._span(node)
        if start > 0:
            self._widen(node, (start, end), (max(0, start - CHUNK), end))

    def _widen(self, node: Node | None, span: tuple[int, int], wider: tuple[int, int]) -> None:
        parent = QModelIndex() if node is None else self.index_of(node)
        (start, end), (new_start, new_end) = span, wider
        if new_start < start:
            self.beginInsertRows(parent, 0, start - new_start - 1)
            self._windows.set(node, new_start, end)
            self.endInsertRows()
        if new_end > end:
            self.beginInsertRows(parent, end - new_start, new_end - new_start - 1)
            self._windows.set(node, new_start, new_end)
            self.endInsertRows()

    def _move(self, node: Node | None, span: tuple[int, int], moved: tuple[int, int]) -> None:
        parent = QModelIndex() if node is None else self.index_of(node)
        if span[1] > span[0]:
            self.beginRemoveRows(parent, 0, span[1] - span[0] - 1)
            self._windows.set(node, span[0], span[0])
            self.endRemoveRows()
        self.beginInsertRows(parent, 0, moved[1] - moved[0] - 1)
        self._windows.set(node, *moved)
        self.endInsertRows()

    # -- QAbstractItemModel (index, flags and rowCount run for every row of every layout) ---------

    def index(self, row: int, column: int, parent: AnyIndex = _ROOT) -> QModelIndex:
        node = parent.internalPointer() if parent.isValid() else None
        children = self._order.children(node)
        total = len(children)
        start, end = (0, total) if total <= CHUNK else self._windows.span(node, total)
        if row < 0 or row >= end - start or not 0 <= column < _COLUMNS:
            return QModelIndex()
        return self.createIndex(row, column, children[start + row])

    def parent(self, index: AnyIndex = _ROOT) -> QModelIndex:  # type: ignore[override]
        node = self._item(index)
        above = None if node is None else parent_of(node)
        if above is None:
            return QModelIndex()
        return self.createIndex(self._view_row(above), 0, above)

    def rowCount(self, parent: AnyIndex = _ROOT) -> int:
        if parent.column() > 0:
            return 0
        start, end = self._span(self._item(parent))
        return end - start

    def hasChildren(self, parent: AnyIndex = _ROOT) -> bool:
        if parent.column() > 0:
            return False
        node = self._item(parent)
        if self._order.count(node) > 0:
            return True
        return type(node) is IndexedPost and self._order.unread_children(node)

    def columnCount(self, parent: AnyIndex = _ROOT) -> int:
        return _COLUMNS

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        node = index.internalPointer() if index.isValid() else None
        if node is None:
            return Qt.ItemFlag.NoItemFlags
        if type(node) is Comment:
            return _ITEM_FLAGS if node.children else _LEAF_FLAGS
        if node.roots or (type(node) is IndexedPost and self._order.unread_children(node)):
            return _ITEM_FLAGS
        return _LEAF_FLAGS

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        node = self._item(index)
        if node is None:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(node, index.column())
        if role == NodeRole:
            return node
        if role == NodeIdRole:
            return node.id
        context = self._order.keep is not None and self._order.is_context(node)
        if role == Qt.ItemDataRole.ForegroundRole:
            return self.context_brush if context else None
        if role == MatchRole:
            return None if self._order.keep is None else not context
        return self.look.data(node, index.column(), role, context)

    def _display(self, node: Node, column: int) -> str:
        if column != Column.THREAD:
            return cell_text(node, column)
        labels = self._labels if self.is_filtered else None  # a search's matched words
        label = labels(node) if labels is not None and not self._order.is_context(node) else None
        return cell_text(node, column, label, node in self.reading)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        return header_data(section, role) if orientation == Qt.Orientation.Horizontal else None

    # -- sorting ----------------------------------------------------------------------------------

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < _COLUMNS:
            return
        descending = order == Qt.SortOrder.DescendingOrder
        if self._order.column == column and self._order.descending == descending:
            return
        self._relayout(lambda: self._order.set_sort(Column(column), descending))

    def _relayout(
        self, change: Callable[[], None], replaced: Callable[[Node], Node | None] | None = None
    ) -> None:
        """Apply ``change`` to the order, moving persistent indexes (selection, expansion) along;
        every window starts again from its first rows. A change that puts new nodes in place of
        some (``replaced`` gives each node's replacement, or None) keeps the windows instead: it
        forgets those of what it replaced."""
        self.layoutAboutToBeChanged.emit()
        old = self.persistentIndexList()
        nodes: list[tuple[Node, int]] = [(index.internalPointer(), index.column()) for index in old]
        change()
        if replaced is None:
            self._windows.clear()
        elif self.anchor is not None:
            self.anchor = replaced(self.anchor)
        if self.anchor is not None and self._order.is_shown(self.anchor):
            self._show_silently(self.anchor)
        moved = [(node if replaced is None else replaced(node), col) for node, col in nodes]
        self.changePersistentIndexList(
            old, [_ROOT if node is None else self.index_of(node, col) for node, col in moved]
        )
        self.layoutChanged.emit()

    def _show_silently(self, node: Node) -> None:
        """Within a layout change: move the windows so that ``node`` and its ancestors show."""
        item: Node | None = node
        while item is not None:
            parent = parent_of(item)
            total = self._order.count(parent)
            start, end = self._windows.span(parent, total)
            position = self._order.row_of(item)
            if not start <= position < end:
                self._windows.set(parent, *self._windows.around(position, total))
            item = parent
