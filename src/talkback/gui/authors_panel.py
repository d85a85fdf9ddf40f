"""The authors list: everyone who commented, with their number of comments, most prolific first.

A dock beside the tree. The counts are made off the GUI thread (``author_counts`` by the search
worker) once a dump is read; the filter field above the list narrows it by name as you type
(case and accents ignored). Clicking an author (or Enter on one) asks the window to filter the
tree to that author's comments, through the search (``author:"NAME"``).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
    Signal,
    Slot,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDockWidget,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from talkback.core.text import fold
from talkback.gui.formatting import plural

AnyIndex = QModelIndex | QPersistentModelIndex
_ROOT = QModelIndex()
#: the folded name, which the filter field is matched against
FoldedNameRole = Qt.ItemDataRole.UserRole + 1
_RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter


class AuthorCounts(QAbstractTableModel):
    """Two columns, Author and # (comments), over a list of ``(name, count)``."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._rows: list[tuple[str, int, str]] = []

    def set_counts(self, counts: Sequence[tuple[str, int]]) -> None:
        """Show ``counts`` (already ranked: most comments first)."""
        self.beginResetModel()
        self._rows = [(name, count, fold(name)) for name, count in counts]
        self.endResetModel()

    def name(self, row: int) -> str:
        """The author's name on ``row``."""
        return self._rows[row][0]

    def rowCount(self, parent: AnyIndex = _ROOT) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: AnyIndex = _ROOT) -> int:
        return 0 if parent.isValid() else 2

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        name, count, folded = self._rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return name if index.column() == 0 else f"{count:,}"
        if role == Qt.ItemDataRole.EditRole:  # what sorting compares
            return folded if index.column() == 0 else count
        if role == FoldedNameRole:
            return folded
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() == 1:
            return _RIGHT
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"{name}: {plural(count, 'comment')} — click to show them"
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return ("Author", "#")[section]
        if role == Qt.ItemDataRole.ToolTipRole:
            return ("Sort by name", "Sort by number of comments")[section]
        if role == Qt.ItemDataRole.TextAlignmentRole and section == 1:
            return _RIGHT
        return None


class AuthorsPanel(QDockWidget):
    """The Authors dock: a filter field, the ranked list and a count."""

    #: an author was picked: their name as the dump spells it
    author_chosen = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("Authors", parent)
        self.setObjectName("authorsDock")
        self.setAllowedAreas(
            Qt.DockWidgetArea.LeftDockWidgetArea | Qt.DockWidgetArea.RightDockWidgetArea
        )
        self.counts = AuthorCounts(self)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.counts)
        self.proxy.setSortRole(Qt.ItemDataRole.EditRole)
        self.proxy.setFilterRole(FoldedNameRole)
        self.proxy.setFilterKeyColumn(0)
        body = QWidget(self)
        self.filter = QLineEdit(body)
        self.filter.setObjectName("authorsFilter")
        self.filter.setPlaceholderText("Filter authors")
        self.filter.setAccessibleName("Filter authors")
        self.filter.setClearButtonEnabled(True)
        self.list = QTreeView(body)
        self.list.setObjectName("authorsList")
        self.list.setAccessibleName("Authors")
        self.list.setModel(self.proxy)
        self.list.setRootIsDecorated(False)
        self.list.setUniformRowHeights(True)
        self.list.setAlternatingRowColors(True)
        self.list.setAllColumnsShowFocus(True)
        self.list.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.list.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.list.setSortingEnabled(True)
        self.list.sortByColumn(1, Qt.SortOrder.DescendingOrder)
        header = self.list.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        self.summary = QLabel(body)
        self.summary.setObjectName("authorsSummary")
        layout = QVBoxLayout(body)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.setSpacing(4)
        layout.addWidget(self.filter)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.summary)
        self.setWidget(body)
        self.filter.textChanged.connect(self._on_filter)
        self.list.clicked.connect(self._on_picked)
        self.list.activated.connect(self._on_picked)
        self.set_counts([])

    def set_counts(self, counts: Sequence[tuple[str, int]]) -> None:
        """Show a new list of ``(name, count)``, most comments first."""
        self.counts.set_counts(counts)
        self.list.sortByColumn(1, Qt.SortOrder.DescendingOrder)
        self._update_summary()

    def names(self) -> list[str]:
        """The names listed (after the filter), top to bottom."""
        return [self.proxy.index(row, 0).data() for row in range(self.proxy.rowCount())]

    def choose_row(self, row: int) -> None:
        """Pick the author on ``row`` of the list as shown (what a click does)."""
        self._on_picked(self.proxy.index(row, 0))

    @Slot(str)
    def _on_filter(self, text: str) -> None:
        self.proxy.setFilterFixedString(" ".join(fold(text).split()))
        self._update_summary()

    @Slot(QModelIndex)
    def _on_picked(self, index: QModelIndex) -> None:
        if not index.isValid():
            return
        source = self.proxy.mapToSource(index)
        self.author_chosen.emit(self.counts.name(source.row()))

    def _update_summary(self) -> None:
        total = self.counts.rowCount()
        shown = self.proxy.rowCount()
        if not total:
            self.summary.setText("No authors yet")
        elif shown == total:
            self.summary.setText(plural(total, "author"))
        else:
            self.summary.setText(f"{shown:,} of {plural(total, 'author')}")
