"""The authors list: everyone who commented, with their number of comments, most prolific first.

A dock beside the tree. The counts are made off the GUI thread (``author_counts`` by the search
worker) once a dump is read; the filter field above the list narrows it by name as you type
(case and accents ignored; Esc there clears it). Clicking an author (or Enter on one) asks the
window to filter the tree to that author's comments, through the search (``author:"NAME"``).
"""

from __future__ import annotations

from collections.abc import Sequence
from operator import itemgetter
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QEvent,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
    Slot,
)
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDockWidget,
    QHeaderView,
    QLabel,
    QStyle,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from talkback.core.text import fold
from talkback.gui.formatting import labelled, plain_tooltip, plural
from talkback.gui.search_bar import EscapeField, name_clear_button
from talkback.search import AuthorCount

AnyIndex = QModelIndex | QPersistentModelIndex
_ROOT = QModelIndex()
_RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter


class AuthorCounts(QAbstractTableModel):
    """Two columns, Author and # (comments), over a list of ``(name, count)``.

    Filtering and sorting are done here on Python lists (``sorted`` with a key), not by a
    QSortFilterProxyModel, whose comparisons call into Python: an archive of a million comments
    can have a hundred thousand authors.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._all: list[AuthorCount] = []
        self._rows: list[AuthorCount] = []
        self._needle = ""
        self._sort = (1, True)  # column, descending
        #: every author in each order shown, worked out once each: the ranking as given, by
        #: name, by fewest comments (800,000 names take a tenth of a second or more to sort,
        #: which a filter typed key by key would otherwise pay at every key)
        self._orders: dict[tuple[int, bool], list[AuthorCount]] = {}

    def set_counts(self, counts: Sequence[AuthorCount]) -> None:
        """Show ``counts`` (ranked: most comments first, then by name; folded by the worker that
        counted them, as there can be hundreds of thousands)."""
        self.beginResetModel()
        self._all = list(counts)
        self._orders = {}
        self._rows = self._arranged()
        self.endResetModel()

    def set_filter(self, text: str) -> None:
        """Keep the authors whose name contains ``text`` (case and accents ignored)."""
        self.beginResetModel()
        self._needle = " ".join(fold(text).split())
        self._rows = self._arranged()
        self.endResetModel()

    @property
    def total(self) -> int:
        """How many authors there are, whatever the filter."""
        return len(self._all)

    def name(self, row: int) -> str:
        """The author's name on ``row``."""
        return self._rows[row][0]

    def _arranged(self) -> list[AuthorCount]:
        needle = self._needle
        ordered = self._ordered(*self._sort)
        return [row for row in ordered if needle in row[2]] if needle else list(ordered)

    def _ordered(self, column: int, descending: bool) -> list[AuthorCount]:
        """Every author in this order (descending by count is the ranking as given)."""
        if column == 1 and descending:
            return self._all
        found = self._orders.get((column, descending))
        if found is None:
            flipped = self._orders.get((column, not descending)) if column == 0 else None
            if flipped is not None:  # names are unique: one order is the other reversed
                found = flipped[::-1]
            else:
                key = itemgetter(2) if column == 0 else itemgetter(1)
                found = sorted(self._all, key=key, reverse=descending)
            self._orders[(column, descending)] = found
        return found

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        self.layoutAboutToBeChanged.emit()
        self._sort = (column, order == Qt.SortOrder.DescendingOrder)
        self._rows = self._arranged()
        self.layoutChanged.emit()

    def rowCount(self, parent: AnyIndex = _ROOT) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: AnyIndex = _ROOT) -> int:
        return 0 if parent.isValid() else 2

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        name, count, _folded = self._rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return labelled(name) if index.column() == 0 else f"{count:,}"
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() == 1:
            return _RIGHT
        if role == Qt.ItemDataRole.ToolTipRole:
            return plain_tooltip(
                f"{labelled(name)}: {plural(count, 'comment')} — click to show them"
            )
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


class FilterField(EscapeField):
    """The field that narrows the list: Esc clears it while it has text (the window's Esc, which
    clears the tree's search, comes only once it is empty)."""

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Esc: clear the field."""
        if event.key() == Qt.Key.Key_Escape and self.text():
            self.clear()
            event.accept()
            return
        super().keyPressEvent(event)


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
        body = QWidget(self)
        self.filter = FilterField(body)
        self.filter.setObjectName("authorsFilter")
        self.filter.setPlaceholderText("Filter authors")
        self.filter.setAccessibleName("Filter authors")
        name_clear_button(self.filter, "Clear filter", "Show every author (Esc)")
        # A table, not a tree: a QTreeView walks every row of the model (a call into Python
        # each) whenever the list is replaced, and a dump can have 800,000 authors.
        self.list = QTableView(body)
        self.list.setObjectName("authorsList")
        self.list.setAccessibleName("Authors")
        self.list.setModel(self.counts)
        self.list.setShowGrid(False)
        self.list.setWordWrap(False)
        self.list.setAlternatingRowColors(True)
        self.list.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.list.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.list.setSortingEnabled(True)
        self.list.setTabKeyNavigation(False)  # Tab leaves the list (it went from cell to cell)
        self.list.sortByColumn(1, Qt.SortOrder.DescendingOrder)
        rows = self.list.verticalHeader()
        rows.hide()
        rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        header = self.list.horizontalHeader()
        header.setHighlightSections(False)
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Fixed)
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

    def set_counts(self, counts: Sequence[AuthorCount]) -> None:
        """Show a new list of authors, most comments first."""
        self.counts.set_counts(counts)
        self._most = max((comments for _name, comments, _key in counts[:1]), default=0)
        self._fit_to_font()
        self._update_summary()

    def _fit_to_font(self) -> None:
        """The rows' height and the counts' width, from the list's font."""
        metrics = self.list.fontMetrics()
        self.list.verticalHeader().setDefaultSectionSize(metrics.height() + 6)
        digits = metrics.horizontalAdvance(f"{max(self._most, 1000):,}")
        title = metrics.horizontalAdvance("#")
        arrow = self.list.style().pixelMetric(QStyle.PixelMetric.PM_HeaderMarkSize)
        self.list.horizontalHeader().resizeSection(1, max(digits, title + arrow) + 24)

    def changeEvent(self, event: QEvent) -> None:
        """Size the rows again for a new font (the user's, changed while the window is open:
        rows of the old height cut the names)."""
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange and hasattr(self, "_most"):
            self._fit_to_font()

    def names(self) -> list[str]:
        """The names listed (after the filter), top to bottom."""
        return [self.counts.name(row) for row in range(self.counts.rowCount())]

    @Slot(str)
    def _on_filter(self, text: str) -> None:
        self.counts.set_filter(text)
        self._update_summary()

    @Slot(QModelIndex)
    def _on_picked(self, index: QModelIndex) -> None:
        if index.isValid():
            self.author_chosen.emit(self.counts.name(index.row()))

    def _update_summary(self) -> None:
        total = self.counts.total
        shown = self.counts.rowCount()
        if not total:
            self.summary.setText("No authors yet")
        elif shown == total:
            self.summary.setText(plural(total, "author"))
        else:
            self.summary.setText(f"{shown:,} of {plural(total, 'author')}")
