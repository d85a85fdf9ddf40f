"""The widths of the tree's columns: Author, Date and Replies as wide as what they show, the Thread
column (each comment's first words, what tells the rows apart) all the rest.

Fixed widths (140, 168 and 76 pixels) left the Thread column 125 pixels in a 900-pixel window,
and 28 with the Authors dock open: three letters and "…". Now the columns are measured on the
rows shown (a few hundred of them, whatever the dump's size) and sized to their contents, the
Author column no wider than :data:`AUTHOR_CAP_CHARS`. When that would leave the Thread column
less than :data:`THREAD_SHARE` of the tree, the Date column first writes its dates as search
takes them (``2011-10-14 21:20`` for ``Oct 14, 2011  9:20 PM``: nothing is lost, where a cut
date read ``Oct 14, 201…``), then the Author column gives way, down to about
:data:`AUTHOR_LEAST_CHARS` (a name then ends in "…"; the tooltip and the detail panel have all of
it). A column's title gets the
room of the sort arrow only while the tree is sorted by it. The columns are sized again as the
tree's width changes (the window resized, the splitter moved, the Authors dock opened), as posts
come in (as inserted rows, or by a relayout of a sorted tree) and as the sort changes.

A column the user sizes (dragging its edge, or a double click on it) keeps that width, also in
later runs (``Settings.sized_columns``); the header's context menu offers Fit Columns, which
sizes every column again.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterator, Mapping
from contextlib import contextmanager

from PySide6.QtCore import (
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QPoint,
    Qt,
    QTimer,
    Slot,
)
from PySide6.QtGui import QFont, QFontMetrics
from PySide6.QtWidgets import (
    QMenu,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTreeView,
)

from talkback.gui.formatting import Node, compact_date
from talkback.gui.tree_model import NodeRole, ThreadModel
from talkback.gui.tree_order import Column

#: the share of the tree's width the Thread column keeps while the other columns can give way
THREAD_SHARE = 0.4
#: the widest the Author column is made, in average characters (a longer name ends in "…")
AUTHOR_CAP_CHARS = 24
#: the narrowest the Author column is made to give the Thread column room, in average characters
AUTHOR_LEAST_CHARS = 10
#: how many rows are measured (the first ones, breadth first: posts, then their comments)
SAMPLE_ROWS = 300
#: while posts come in, the columns are measured again at most this often (ms)
MEASURE_MS = 300
#: the columns sized here, and the order in which they give way to the Thread column
SIDE_COLUMNS = (Column.AUTHOR, Column.DATE, Column.REPLIES)


def fit_widths(
    room: int,
    natural: Mapping[Column, int],
    least: Mapping[Column, int],
    share: float = THREAD_SHARE,
) -> dict[Column, int]:
    """The widths of the side columns in a tree ``room`` pixels wide: each its ``natural`` width
    while the Thread column keeps ``share`` of the room. Beyond that the Date column first takes
    its ``least`` width (its compact dates, which lose nothing: all or nothing, as a date cut
    short is misread), then the Author column gives way, down to its ``least`` width."""
    budget = room - round(room * share)
    widths = {column: natural[column] for column in SIDE_COLUMNS}
    if sum(widths.values()) > budget:
        widths[Column.DATE] = min(widths[Column.DATE], least[Column.DATE])
    others = widths[Column.DATE] + widths[Column.REPLIES]
    author = min(natural[Column.AUTHOR], budget - others)
    widths[Column.AUTHOR] = max(author, min(least[Column.AUTHOR], natural[Column.AUTHOR]))
    return widths


class CompactDates(QStyledItemDelegate):
    """The Date column's cells, written as search takes dates while :attr:`compact` (the column
    was narrowed for the Thread column's sake); as the model gives them otherwise."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.compact = False

    def initStyleOption(
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> None:
        """The cell's text, compact when the column is narrowed."""
        super().initStyleOption(option, index)
        if self.compact:
            node: Node | None = index.data(NodeRole)
            if node is not None and node.published:
                option.text = compact_date(node.published)


class ColumnWidths(QObject):
    """Sizes the side columns of ``view`` (a tree over a ThreadModel) to fit, as above."""

    def __init__(self, view: QTreeView) -> None:
        super().__init__(view)
        self.view = view
        self.header = view.header()
        #: the columns the user sized: their width is left as it is
        self.user_sized: set[Column] = set()
        #: the widths of the columns' contents (measured), and the least they may be given
        self._widest: dict[Column, int] = {}
        self._least_contents: dict[Column, int] = {}
        self._natural_date = 0
        self._measured = False
        #: how many rows the last measure found, and how many posts the model had then
        self._sampled = 0
        self._posts_measured = 0
        self._setting = False
        self.dates = CompactDates(self)
        view.setItemDelegateForColumn(Column.DATE, self.dates)
        self._measure_timer = QTimer(self)
        self._measure_timer.setSingleShot(True)
        self._measure_timer.setInterval(MEASURE_MS)
        self._measure_timer.timeout.connect(self.measure)
        model = view.model()
        model.modelReset.connect(self.measure)
        model.rowsInserted.connect(self._rows_inserted)
        model.layoutChanged.connect(self._laid_out)
        self.header.sectionResized.connect(self._section_resized)
        self.header.sortIndicatorChanged.connect(self.fit)
        self.header.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.header.customContextMenuRequested.connect(self._header_menu)
        view.viewport().installEventFilter(self)
        view.installEventFilter(self)
        self.measure()

    @contextmanager
    def setting_widths(self) -> Iterator[None]:
        """Within: widths set are not the user's (the window restoring its saved header)."""
        was, self._setting = self._setting, True
        try:
            yield
        finally:
            self._setting = was

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Fit the columns again when the tree's width changes, measure them again when its font
        does (the user's font, changed while the window is open: dates were cut to "2…")."""
        if event.type() == QEvent.Type.Resize and watched is self.view.viewport():
            self.fit()
        elif event.type() == QEvent.Type.FontChange and watched is self.view:
            self.measure()
        return False

    @Slot()
    def measure(self) -> None:
        """Measure what the side columns show (on the first rows), then fit them."""
        self._measure_timer.stop()
        metrics = self.view.fontMetrics()
        bold = QFont(self.view.font())
        bold.setBold(True)
        bold_metrics = QFontMetrics(bold)
        pad = 2 * (self.view.style().pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin) + 1)
        pad += metrics.averageCharWidth()
        widest = dict.fromkeys(SIDE_COLUMNS, 0)
        compact = 0
        self._sampled = 0
        self._posts_measured = self._post_count()
        for index in _first_rows(self.view, SAMPLE_ROWS):
            self._sampled += 1
            author = index.siblingAtColumn(Column.AUTHOR).data()
            widest[Column.AUTHOR] = max(widest[Column.AUTHOR], _advance(metrics, author))
            date = index.siblingAtColumn(Column.DATE).data()
            widest[Column.DATE] = max(widest[Column.DATE], _advance(metrics, date))
            replies = index.siblingAtColumn(Column.REPLIES).data()
            widest[Column.REPLIES] = max(widest[Column.REPLIES], _advance(bold_metrics, replies))
            node: Node | None = index.data(NodeRole)
            if node is not None and node.published:
                compact = max(compact, metrics.horizontalAdvance(compact_date(node.published)))
        average = metrics.averageCharWidth()
        self._widest = {column: widest[column] + pad for column in SIDE_COLUMNS}
        self._widest[Column.AUTHOR] = min(
            self._widest[Column.AUTHOR], average * AUTHOR_CAP_CHARS + pad
        )
        self._least_contents = {
            Column.AUTHOR: min(self._widest[Column.AUTHOR], average * AUTHOR_LEAST_CHARS + pad),
            Column.DATE: min(self._widest[Column.DATE], compact + pad),
            Column.REPLIES: self._widest[Column.REPLIES],
        }
        self._measured = True
        self.fit()

    @Slot()
    def fit(self) -> None:
        """Size the side columns the user has not sized to the tree's present width (not while
        widths are being set: the window restoring its header calls this once it is done)."""
        if not self._measured or self._setting:
            return
        titles = {column: self._title_width(column) for column in SIDE_COLUMNS}
        natural = {column: max(titles[column], self._widest[column]) for column in SIDE_COLUMNS}
        least = {
            column: max(titles[column], self._least_contents[column]) for column in SIDE_COLUMNS
        }
        for column in self.user_sized:  # kept as the user left them: fixed in the sums
            natural[column] = least[column] = self.header.sectionSize(column)
        widths = fit_widths(self.view.viewport().width(), natural, least)
        with self.setting_widths():
            for column, width in widths.items():
                if column not in self.user_sized and self.header.sectionSize(column) != width:
                    self.header.resizeSection(column, width)
        self._natural_date = max(titles[Column.DATE], self._widest[Column.DATE])
        self._update_dates()

    def _title_width(self, column: Column) -> int:
        """The width of a column's title, with the sort arrow's room only when sorted by it."""
        style = self.header.style()
        margin = style.pixelMetric(QStyle.PixelMetric.PM_HeaderMargin, None, self.header)
        title = self.view.model().headerData(column, Qt.Orientation.Horizontal)
        width = _advance(self.header.fontMetrics(), title) + 2 * margin + 2
        if self.header.isSortIndicatorShown() and self.header.sortIndicatorSection() == column:
            width += style.pixelMetric(QStyle.PixelMetric.PM_HeaderMarkSize, None, self.header)
            width += margin
        return width

    def _update_dates(self) -> None:
        """Compact dates while the Date column is narrower than its dates written out."""
        compact = self.header.sectionSize(Column.DATE) < self._natural_date
        if compact != self.dates.compact:
            self.dates.compact = compact
            self.view.viewport().update()

    @Slot()
    def fit_all(self) -> None:
        """Forget the widths the user set, and size every column to fit again."""
        self.user_sized.clear()
        self.fit()

    @Slot(QModelIndex, int, int)
    def _rows_inserted(self, parent: QModelIndex, _first: int, _last: int) -> None:
        if parent.isValid() and self._sampled >= SAMPLE_ROWS:
            return  # comments of a post read from an index: the rows measured are there
        if not self._sampled:
            self.measure()  # the first rows: at once
        elif not self._measure_timer.isActive():
            self._measure_timer.start()  # more are coming in: again in a moment, not per batch

    @Slot()
    def _laid_out(self) -> None:
        """Posts added to a sorted tree come by a relayout (as a sort or a filter does): measured
        as the rows inserted in page order are."""
        if self._post_count() <= self._posts_measured:
            return  # sorted or filtered: the same rows
        if not self._sampled:
            self.measure()
        elif not self._measure_timer.isActive():
            self._measure_timer.start()

    def _post_count(self) -> int:
        model = self.view.model()
        return len(model.archive.posts) if isinstance(model, ThreadModel) else 0

    @Slot(int, int, int)
    def _section_resized(self, section: int, old: int, new: int) -> None:
        # the header raising a section to the least its new font needs is not the user sizing
        # it (the Date column, so taken, stayed 49 pixels wide when the font grew: "2…")
        raised = old < new == self.header.minimumSectionSize()
        if not self._setting and not raised and section in SIDE_COLUMNS:
            self.user_sized.add(Column(section))
        if section == Column.DATE and self._measured:
            self._update_dates()

    @Slot(QPoint)
    def _header_menu(self, position: QPoint) -> None:
        menu = QMenu(self.header)
        action = menu.addAction("Fit Columns")
        action.setObjectName("fitColumns")
        action.setToolTip("Size the columns to what they show, the Thread column taking the rest")
        action.setEnabled(bool(self.user_sized))
        action.triggered.connect(self.fit_all)
        menu.exec(self.header.mapToGlobal(position))
        menu.deleteLater()


def _first_rows(view: QTreeView, limit: int) -> Iterator[QModelIndex]:
    """The first ``limit`` rows of the view's model, breadth first (posts, then comments)."""
    model = view.model()
    parents: deque[QModelIndex] = deque([QModelIndex()])
    given = 0
    while parents and given < limit:
        parent = parents.popleft()
        for row in range(min(model.rowCount(parent), limit - given)):
            index = model.index(row, 0, parent)
            given += 1
            yield index
            parents.append(index)


def _advance(metrics: QFontMetrics, text: object) -> int:
    return metrics.horizontalAdvance(text) if isinstance(text, str) else 0
