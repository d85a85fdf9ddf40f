"""The tree of posts and comments: a QTreeView tuned for very large threads.

Rows have uniform heights, nothing is animated, and the view asks the model for more rows when the
user scrolls near either end of the window of a node with very many children (see
:mod:`~talkback.gui.tree_order`). Enter expands or collapses the current thread.

A row the user expands (a click, a double click, a key, an action) has its replies brought into
sight: the view scrolls as far as needed for them to fill it, the row itself staying in sight, as
the tree views of desktops do (a QTreeView never scrolls on expanding, so a post expanded at the
bottom would show one reply). The replies of a post of an indexed dump come once read, later: the
view scrolls when they come, unless the user scrolled meanwhile.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager

from PySide6.QtCore import (
    QModelIndex,
    QPersistentModelIndex,
    QPoint,
    QSignalBlocker,
    QSize,
    Qt,
    QTimer,
    Signal,
    Slot,
)
from PySide6.QtGui import QKeyEvent, QMouseEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTreeView,
    QWidget,
)

from talkback.core.model import Post
from talkback.gui.formatting import Node
from talkback.gui.tree_columns import SIDE_COLUMNS, ColumnWidths
from talkback.gui.tree_model import ThreadModel
from talkback.gui.tree_order import Column, parent_of

#: extra height of every row, in pixels, for easier reading and clicking
ROW_PADDING = 6
#: widen a node's window when its first or last row shown is this close to the view's edge
MORE_MARGIN_ROWS = 60


class RoomyRows(QStyledItemDelegate):
    """Qt's own item painting, with a little more height per row."""

    def sizeHint(
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> QSize:
        """The default size plus :data:`ROW_PADDING` (asked once: rows have uniform heights)."""
        size = super().sizeHint(option, index)
        return QSize(size.width(), size.height() + ROW_PADDING)


class ThreadView(QTreeView):
    """The thread tree over a :class:`ThreadModel`."""

    #: the current post or comment changed (None when nothing is current)
    node_changed = Signal(object)

    def __init__(self, model: ThreadModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("threadView")
        self.setAccessibleName("Threads")
        self.setUniformRowHeights(True)
        self.setAnimated(False)
        self.setAlternatingRowColors(True)
        self.setAllColumnsShowFocus(True)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setIndentation(16)
        self.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.setItemDelegate(RoomyRows(self))
        self._more_timer = QTimer(self)
        self._more_timer.setSingleShot(True)
        self._more_timer.setInterval(0)
        self._more_timer.timeout.connect(self._show_more_if_near_end)
        #: within a gesture of the user (see _user_expanding): the shallowest row it expanded
        self._in_gesture = False
        self._shallowest: tuple[int, QPersistentModelIndex] | None = None
        #: the row whose replies are to be brought into sight, and the scroll position then
        self._opened: tuple[QPersistentModelIndex, int] | None = None
        self._sight_timer = QTimer(self)
        self._sight_timer.setSingleShot(True)
        self._sight_timer.setInterval(0)
        self._sight_timer.timeout.connect(self._bring_replies_into_sight)
        self.setModel(model)
        self._model = model
        self.setSortingEnabled(True)
        self.sortByColumn(Column.THREAD, Qt.SortOrder.AscendingOrder)
        self._setup_header()
        self.selectionModel().currentChanged.connect(self._on_current_changed)
        model.modelReset.connect(self._on_reset)
        self.verticalScrollBar().valueChanged.connect(self._schedule_more)
        self.expanded.connect(self._schedule_more)
        model.rowsInserted.connect(self._schedule_more)
        model.layoutChanged.connect(self._schedule_more)
        model.modelReset.connect(self._schedule_more)
        self.expanded.connect(self._on_expanded)
        model.rowsInserted.connect(self._schedule_sight)
        model.layoutChanged.connect(self._schedule_sight)

    def _setup_header(self) -> None:
        header = self.header()
        header.setStretchLastSection(False)
        header.setSectionsMovable(False)
        header.setHighlightSections(False)
        header.setSectionResizeMode(Column.THREAD, QHeaderView.ResizeMode.Stretch)
        for column in SIDE_COLUMNS:
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
        #: sizes the Author, Date and Replies columns to fit, the Thread column taking the rest
        self.columns = ColumnWidths(self)

    # -- nodes ------------------------------------------------------------------------------------

    def current_node(self) -> Node | None:
        """The post or comment of the current row, if any."""
        return self._model.node(self.currentIndex())

    def expanded_nodes(self) -> list[Node]:
        """The nodes whose rows are expanded (the view keeps them as persistent indexes)."""
        nodes: list[Node] = []
        for index in self._model.persistentIndexList():
            if index.column() == 0 and self.isExpanded(index):
                node = self._model.node(index)
                if node is not None:
                    nodes.append(node)
        return nodes

    def select_node(self, node: Node) -> bool:
        """Make ``node`` current: show its row (expanding its ancestors) and scroll to it."""
        index = self._model.reveal(node)
        if not index.isValid():
            return False
        ancestors: list[Node] = []
        above = parent_of(node)
        while above is not None:
            ancestors.append(above)
            above = parent_of(above)
        for ancestor in reversed(ancestors):
            self.expand(self._model.index_of(ancestor))
        self.setCurrentIndex(index)
        self.scrollTo(index, QAbstractItemView.ScrollHint.PositionAtCenter)
        return True

    @Slot(QModelIndex, QModelIndex)
    def _on_current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        node = self._model.node(current)
        self._model.anchor = node
        self.node_changed.emit(node)

    @Slot()
    def _on_reset(self) -> None:
        """Another dump (or none): nothing is current, and Qt says nothing of it."""
        self.node_changed.emit(None)

    # -- expanding --------------------------------------------------------------------------------

    @Slot()
    def toggle_current(self) -> None:
        """Expand the current row, or collapse it when it is expanded."""
        index = self.currentIndex().siblingAtColumn(0)
        if index.isValid() and self._model.hasChildren(index):
            with self._user_expanding(index):
                self.setExpanded(index, not self.isExpanded(index))

    @Slot()
    def expand_thread(self) -> None:
        """Expand the current row and every reply below it (also the ``*`` key)."""
        index = self.currentIndex().siblingAtColumn(0)
        if not index.isValid():
            return
        with self._user_expanding(index):
            # One ``expanded`` for the row acted on, not one per reply (a thread of thousands of
            # replies took a tenth of a second or more of Python slots): its post is read, its
            # replies brought into sight, the rows near the view's edge widened, as for one row.
            with QSignalBlocker(self):
                self.expandRecursively(index)
            self.expanded.emit(index)

    @Slot()
    def collapse_thread(self) -> None:
        """Collapse the thread the current row belongs to, keeping that thread's top row current."""
        index = self.currentIndex().siblingAtColumn(0)
        if not index.isValid():
            return
        top = index
        while top.parent().isValid() and top.parent().parent().isValid():
            top = top.parent()
        if top != index:
            self.setCurrentIndex(top)
        self.collapse(top)

    @Slot()
    def expandAll(self) -> None:
        """Expand every row shown, without a signal per row (thousands of them)."""
        with QSignalBlocker(self):
            super().expandAll()
        self._schedule_more()

    def expand_all_of(self, indexes: Iterable[QModelIndex]) -> None:
        """Expand the rows of ``indexes`` at once: one layout of the tree afterwards, not one
        per row (each row laid out by itself moves every row below it: thousands of rows took
        over 100 ms), and no signal per row."""
        # with a layout pending, QTreeView.expand only notes the row as expanded
        self.scheduleDelayedItemsLayout()
        with QSignalBlocker(self):
            for index in indexes:
                self.expand(index)
        self._schedule_more()

    def expand_ids(self, ids: set[str]) -> set[str]:
        """Expand at once the rows of the posts and comments of ``ids`` the tree holds; returns
        the ids it does not hold (yet)."""
        found = {key: node for key in ids if (node := self._model.find(key)) is not None}
        self.expand_all_of(self._model.index_of(node) for node in found.values())
        return ids - found.keys()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Enter expands or collapses the current thread; everything else as a QTreeView."""
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and not event.modifiers():
            self.toggle_current()
            event.accept()
            return
        if event.key() == Qt.Key.Key_Asterisk:  # as QTreeView does, with one signal (see there)
            self.expand_thread()
            event.accept()
            return
        with self._user_expanding():
            super().keyPressEvent(event)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        """As a QTreeView (a click on a row's expander expands it, on press or release)."""
        with self._user_expanding():
            super().mousePressEvent(event)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        """As a QTreeView."""
        with self._user_expanding():
            super().mouseReleaseEvent(event)

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:
        """As a QTreeView (a double click expands or collapses the row)."""
        with self._user_expanding():
            super().mouseDoubleClickEvent(event)

    # -- bringing the replies of a row the user expands into sight --------------------------------

    @contextmanager
    def _user_expanding(self, row: QModelIndex | None = None) -> Iterator[None]:
        """Within: a gesture of the user that may expand rows. The row it acts on (``row``, else
        the shallowest row it expands) has its replies brought into sight once it has some."""
        if self._in_gesture:  # QTreeView's double click may call mousePressEvent
            yield
            return
        self._in_gesture, self._shallowest = True, None
        try:
            yield
        finally:
            self._in_gesture = False
        if self._shallowest is None:
            return
        opened = self._shallowest[1]
        self._shallowest = None
        if row is not None and row.isValid() and self.isExpanded(row):
            opened = QPersistentModelIndex(row)
        if opened.isValid():
            self._opened = (opened, self.verticalScrollBar().value())
            self._sight_timer.start()

    @Slot(QModelIndex)
    def _on_expanded(self, index: QModelIndex) -> None:
        if not self._in_gesture:
            return
        depth = _depth(index)
        if self._shallowest is None or depth < self._shallowest[0]:
            self._shallowest = (depth, QPersistentModelIndex(index))

    @Slot()
    def _schedule_sight(self) -> None:
        if self._opened is not None:
            self._sight_timer.start()

    @Slot()
    def _bring_replies_into_sight(self) -> None:
        """Scroll so that the replies of the row the user expanded fill the view (as many as
        fit), that row staying in sight; given up once the user scrolled or collapsed it."""
        if self._opened is None:
            return
        index, scrolled = self._opened
        if not index.isValid() or not self.isExpanded(index):
            self._opened = None
            return
        if self.verticalScrollBar().value() != scrolled:
            self._opened = None  # the user scrolled meanwhile: leave the view where it is
            return
        node = self._model.node(index)
        post = node if isinstance(node, Post) or node is None else node.post
        reading = post is not None and self._model.has_unread(post)
        rows = self._model.rowCount(index)
        fit = max(1, self.viewport().height() // max(1, self.rowHeight(index)))
        if rows:
            last = self._model.index(min(rows, fit) - 1, 0, index)
            self.scrollTo(last, QAbstractItemView.ScrollHint.EnsureVisible)
            if self.visualRect(index).top() < 0:
                self.scrollTo(index, QAbstractItemView.ScrollHint.PositionAtTop)
        if reading and rows < fit:
            # none yet, or a big post's first page: again when its comments (all of them) come
            self._opened = (index, self.verticalScrollBar().value())
        else:
            self._opened = None

    # -- showing more rows of nodes with very many children ---------------------------------------

    @Slot()
    def _schedule_more(self) -> None:
        self._more_timer.start()

    @Slot()
    def _show_more_if_near_end(self) -> None:
        """Widen the window of a node whose first or last row shown is near the view's edge."""
        viewport = self.viewport().rect()
        top = self.indexAt(QPoint(viewport.left() + 1, viewport.top() + 1))
        index = top
        while index.isValid():
            parent = index.parent()
            if index.row() < MORE_MARGIN_ROWS and self._model.hidden_before(parent):
                self._show_earlier_keeping(top, parent)
                return
            index = parent
        index = self.indexAt(QPoint(viewport.left() + 1, viewport.bottom() - 1))
        if not index.isValid():
            index = self._last_row()
        while index.isValid():
            parent = index.parent()
            near_end = index.row() >= self._model.rowCount(parent) - MORE_MARGIN_ROWS
            if near_end and self._model.hidden_after(parent):
                self._model.show_more(parent)
                return
            index = parent

    def _show_earlier_keeping(self, top: QModelIndex, parent: QModelIndex) -> None:
        """Show earlier rows of ``parent`` above, keeping the row at the top where it is."""
        node = self._model.node(top)
        self._model.show_earlier(parent)
        if node is not None:
            self.scrollTo(self._model.index_of(node), QAbstractItemView.ScrollHint.PositionAtTop)

    def _last_row(self) -> QModelIndex:
        """The last row the view shows (the deepest last child of expanded rows)."""
        model = self._model
        count = model.rowCount()
        if not count:
            return QModelIndex()
        index = model.index(count - 1, 0)
        while self.isExpanded(index) and model.rowCount(index):
            index = model.index(model.rowCount(index) - 1, 0, index)
        return index


def _depth(index: QModelIndex) -> int:
    """How many rows are above ``index``'s row in the tree (0 for a post)."""
    depth = 0
    while index.parent().isValid():
        index = index.parent()
        depth += 1
    return depth
