"""The Qt item model over the core tree: posts at the top, comments nested by reply under them.

No copy is made: every index's ``internalPointer`` is the core Post or Comment itself, rows come
from the cached ``row`` fields (or from :class:`TreeOrder` when sorted), and posts are appended in
batches with ``beginInsertRows`` while a dump is still loading. ``NodeRole``
(``Qt.ItemDataRole.UserRole``) gives the Post or Comment of an index.

A QTreeView lays out every expanded row again whenever rows are inserted under an expanded node or
the layout changes, at a few microseconds of Python per row. So that a post with 100,000 comments
stays smooth, a node with many children shows them ``CHUNK`` at a time: :meth:`show_more` (called by
the view as the user scrolls near the end) and :meth:`reveal` (called to select a node) insert more.
Qt's own ``canFetchMore`` protocol is not used, because QTreeView calls it on every layout.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QFont

from talkback.core.model import Archive, Comment, Post, Problem
from talkback.gui.formatting import (
    Node,
    author_name,
    describe,
    node_label,
    plural,
    reply_count,
    short_date,
)
from talkback.gui.node_ids import NodeIds
from talkback.gui.tree_order import COLUMN_TITLES, Column, TreeOrder, parent_of

#: the Post or Comment behind an index
NodeRole = Qt.ItemDataRole.UserRole
#: the id (``p1``, ``p1-c3``) of the Post or Comment behind an index
NodeIdRole = Qt.ItemDataRole.UserRole + 1
#: how many children of one node are shown at first, and how many more each time
CHUNK = 2000

AnyIndex = QModelIndex | QPersistentModelIndex
_ROOT = QModelIndex()
_COLUMNS = len(Column)
_ITEM_FLAGS = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
_LEAF_FLAGS = _ITEM_FLAGS | Qt.ItemFlag.ItemNeverHasChildren
_RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
_BOLD_FOR_POSTS = frozenset({Column.THREAD, Column.REPLIES})


class ThreadModel(QAbstractItemModel):
    """A QAbstractItemModel over an Archive's posts and their reply trees."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._archive = Archive("")
        self._order = TreeOrder(self._archive.posts)
        self._ids = NodeIds()
        #: rows shown of nodes with more than CHUNK children (None: the top level)
        self._shown: dict[Node | None, int] = {}
        #: the node kept shown when the order changes (the view sets it to its current node);
        #: other expanded or selected nodes that the new order puts beyond the rows shown are let go
        self.anchor: Node | None = None
        self._post_font = QFont()
        self._post_font.setBold(True)

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
        self._shown.clear()
        self.anchor = None
        self.endResetModel()

    def append_posts(self, posts: Sequence[Post]) -> None:
        """Add a batch of posts (each with all its comments) at the top level."""
        if not posts:
            return
        if not self._order.is_page_order:
            self._relayout(lambda: self._add(posts))
            return
        count = len(self._archive.posts)
        before, after = self._visible(None, count), self._visible(None, count + len(posts))
        if after > before:
            self.beginInsertRows(_ROOT, before, after - 1)
            self._add(posts)
            self.endInsertRows()
        else:
            self._add(posts)

    def _add(self, posts: Sequence[Post]) -> None:
        for post in posts:
            self._archive.add_post(post)
        self._ids.add_posts(posts)
        self._order.posts_added()

    def add_problems(self, problems: Sequence[Problem]) -> None:
        """Record problems met while reading the dump."""
        self._archive.problems.extend(problems)

    def find(self, node_id: str, near: Node | None = None) -> Node | None:
        """The post or comment with this id (looked for first in ``near``'s post), or None."""
        return self._ids.find(node_id) if near is None else self._ids.find_near(node_id, near)

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
        """The index showing ``node`` (invalid while it or an ancestor is beyond the rows shown)."""
        row = self._order.row_of(node)
        item: Node | None = node
        while item is not None:
            parent = parent_of(item)
            if self._order.row_of(item) >= self._visible_children(parent):
                return QModelIndex()
            item = parent
        return self.createIndex(row, column, node)

    def reveal(self, node: Node, column: int = 0) -> QModelIndex:
        """The index of ``node``, first showing more rows of its ancestors where needed."""
        chain: list[Node] = [node]
        while (above := parent_of(chain[-1])) is not None:
            chain.append(above)
        for item in reversed(chain):
            parent = parent_of(item)
            row, shown = self._order.row_of(item), self._visible_children(parent)
            if row >= shown:
                self._show_rows(parent, shown, row + 1)
        return self.index_of(node, column)

    # -- many children, shown a chunk at a time ---------------------------------------------------

    def _visible(self, parent: Node | None, total: int) -> int:
        return total if total <= CHUNK else min(total, self._shown.get(parent, CHUNK))

    def _visible_children(self, parent: Node | None) -> int:
        return self._visible(parent, _child_count(parent, self._archive.posts))

    def hidden_count(self, parent: AnyIndex = _ROOT) -> int:
        """How many children of ``parent`` are not shown yet (see :meth:`show_more`)."""
        node = self._item(parent)
        return _child_count(node, self._archive.posts) - self._visible_children(node)

    def show_more(self, parent: AnyIndex = _ROOT) -> None:
        """Show the next CHUNK children of ``parent``."""
        node = self._item(parent)
        total = _child_count(node, self._archive.posts)
        shown = self._visible(node, total)
        if shown < total:
            self._show_rows(node, shown, min(total, shown + CHUNK))

    def _show_rows(self, node: Node | None, shown: int, wanted: int) -> None:
        parent = QModelIndex() if node is None else self.index_of(node)
        self.beginInsertRows(parent, shown, wanted - 1)
        self._shown[node] = wanted
        self.endInsertRows()

    # -- QAbstractItemModel (index, flags and rowCount run for every row of every layout) ---------

    def index(self, row: int, column: int, parent: AnyIndex = _ROOT) -> QModelIndex:
        node = parent.internalPointer() if parent.isValid() else None
        children = self._order.children(node)
        total = len(children)
        if row < 0 or row >= total or not 0 <= column < _COLUMNS:
            return QModelIndex()
        if total > CHUNK and row >= self._shown.get(node, CHUNK):
            return QModelIndex()
        return self.createIndex(row, column, children[row])

    def parent(self, index: AnyIndex = _ROOT) -> QModelIndex:  # type: ignore[override]
        node = self._item(index)
        above = None if node is None else parent_of(node)
        if above is None:
            return QModelIndex()
        return self.createIndex(self._order.row_of(above), 0, above)

    def rowCount(self, parent: AnyIndex = _ROOT) -> int:
        if parent.column() > 0:
            return 0
        return self._visible_children(self._item(parent))

    def hasChildren(self, parent: AnyIndex = _ROOT) -> bool:
        if parent.column() > 0:
            return False
        return _child_count(self._item(parent), self._archive.posts) > 0

    def columnCount(self, parent: AnyIndex = _ROOT) -> int:
        return _COLUMNS

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        node = index.internalPointer() if index.isValid() else None
        if node is None:
            return Qt.ItemFlag.NoItemFlags
        if type(node) is Comment:
            return _ITEM_FLAGS if node.children else _LEAF_FLAGS
        return _ITEM_FLAGS if node.roots else _LEAF_FLAGS

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
        if role == Qt.ItemDataRole.FontRole and isinstance(node, Post):
            return self._post_font if index.column() in _BOLD_FOR_POSTS else None
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() == Column.REPLIES:
            return _RIGHT
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(node)
        return None

    def _display(self, node: Node, column: int) -> str:
        if column == Column.THREAD:
            return node_label(node)
        if column == Column.AUTHOR:
            return author_name(node)
        if column == Column.DATE:
            return short_date(node.published)
        count = reply_count(node)
        return f"{count:,}" if count or isinstance(node, Post) else ""

    def _tooltip(self, node: Node) -> str:
        if isinstance(node, Post):
            return f"{describe(node)}\n{plural(len(node.comments), 'comment')} · {node.id}"
        return f"{describe(node)} · {node.id}\n{node.first_line(300)}"

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < _COLUMNS:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return COLUMN_TITLES[Column(section)]
        if role == Qt.ItemDataRole.ToolTipRole:
            if section == Column.THREAD:
                return "Sort in page order"
            return f"Sort by {COLUMN_TITLES[Column(section)].lower()}"
        if role == Qt.ItemDataRole.TextAlignmentRole and section == Column.REPLIES:
            return _RIGHT
        return None

    # -- sorting ----------------------------------------------------------------------------------

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < _COLUMNS:
            return
        descending = order == Qt.SortOrder.DescendingOrder
        if self._order.column == column and self._order.descending == descending:
            return
        self._relayout(lambda: self._order.set_sort(Column(column), descending))

    def _relayout(self, change: Callable[[], None]) -> None:
        """Apply ``change`` to the order, moving persistent indexes (selection, expansion) along."""
        self.layoutAboutToBeChanged.emit()
        old = self.persistentIndexList()
        nodes: list[tuple[Node, int]] = [(index.internalPointer(), index.column()) for index in old]
        change()
        if self.anchor is not None:
            self._show_silently(self.anchor)
        self.changePersistentIndexList(old, [self.index_of(node, col) for node, col in nodes])
        self.layoutChanged.emit()

    def _show_silently(self, node: Node) -> None:
        """Within a layout change: make the rows shown include ``node`` and its ancestors."""
        item: Node | None = node
        while item is not None:
            parent = parent_of(item)
            row = self._order.row_of(item)
            if row >= self._visible_children(parent):
                self._shown[parent] = row + 1
            item = parent


def _child_count(node: Node | None, posts: list[Post]) -> int:
    if node is None:
        return len(posts)
    if type(node) is Comment:
        return len(node.children)
    return len(node.roots)  # type: ignore[union-attr]
