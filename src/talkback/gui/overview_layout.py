"""Parts of the overview that reflow to the width they are given, so that the Overview tab never
scrolls sideways: the row of figures wraps onto more lines, and the two small charts stand one
under the other rather than side by side.

Both are arranged from the width of the overview's viewport (:meth:`FigureGrid.arrange`,
:meth:`ChartPair.arrange`), not from their own: a part as wide as its content needs would be given
that width by the scroll area and never learn it had less room. Beside the Authors dock in a
900-pixel window the tab is about 280 pixels wide; the six figures in one row asked for 462 and
the charts side by side for 260, and the tab scrolled sideways. :func:`chart_section` makes a
chart's heading.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QFont, QFontMetrics, QFontMetricsF, QPalette, QResizeEvent
from PySide6.QtWidgets import (
    QBoxLayout,
    QGridLayout,
    QLabel,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

#: the space between two figures, and between the two small charts (pixels)
FIGURE_SPACING = 22
CHART_SPACING = 18
#: the least comfortable width of a small chart, in lines of text (narrower: one under the other)
CHART_LINES = 12


class FigureGrid(QWidget):
    """Figures (a large number over its word) in as many columns as the width allows."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("overviewFigures")
        self.cells: list[QLabel] = []
        self._grid = QGridLayout(self)
        self._grid.setContentsMargins(0, 0, 0, 0)
        self._grid.setHorizontalSpacing(FIGURE_SPACING)
        self._grid.setVerticalSpacing(8)
        self._width = 0
        self.columns = 0

    def set_figures(self, figures: Sequence[tuple[int, str]]) -> None:
        """Show ``figures``: each a value and the word for it (``(11, "comments")``)."""
        while len(self.cells) < len(figures):
            cell = QLabel(self)
            cell.setTextFormat(Qt.TextFormat.RichText)
            self.cells.append(cell)
        for cell, (value, word) in zip(self.cells, figures, strict=False):
            cell.setText(
                f'<span style="font-size: x-large; font-weight: 600;">{value:,}</span>'
                f"<br>{escape(word)}"
            )
            cell.setAccessibleName(f"{value:,} {word}")
            cell.show()
        for cell in self.cells[len(figures) :]:
            cell.hide()
        self.columns = 0  # the cells' widths changed: arrange them again
        self.arrange(self._width)

    @property
    def shown(self) -> list[QLabel]:
        """The cells in use, in order."""
        return [cell for cell in self.cells if not cell.isHidden()]

    def arrange(self, width: int) -> None:
        """Lay the figures out in as many columns as ``width`` pixels hold (one at least)."""
        self._width = width
        cells = self.shown
        if not cells:
            return
        columns = figure_columns([cell.sizeHint().width() for cell in cells], width)
        if columns == self.columns:
            return
        self.columns = columns
        for cell in cells:
            self._grid.removeWidget(cell)
        for place, cell in enumerate(cells):
            self._grid.addWidget(cell, place // columns, place % columns)
        for column in range(self._grid.columnCount()):
            self._grid.setColumnStretch(column, 0)
        self._grid.setColumnStretch(columns, 1)  # the figures keep to the left


def figure_columns(widths: Sequence[int], room: int, spacing: int = FIGURE_SPACING) -> int:
    """How many columns figures of these ``widths`` are laid out in, in ``room`` pixels: the
    most that fit, the rows as even as can be (six figures go 6, 3 + 3 or 2 + 2 + 2, not 5 + 1);
    one when even that does not fit."""
    count = len(widths)
    for wanted in range(count, 1, -1):
        rows = -(-count // wanted)
        columns = -(-count // rows)
        needed = sum(
            max(widths[place] for place in range(column, count, columns))
            for column in range(columns)
        )
        if needed + spacing * (columns - 1) <= room:
            return columns
    return 1


class ChartPair(QWidget):
    """Two charts (each with its heading) side by side, or one under the other when narrow."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._grid = QGridLayout(self)
        self._grid.setContentsMargins(0, 0, 0, 0)
        self._grid.setHorizontalSpacing(CHART_SPACING)
        self.boxes: list[QWidget] = []
        self.side_by_side: bool | None = None

    def add_box(self, box: QWidget) -> None:
        """Add the next box (a heading over a chart), at the right of or under the first."""
        box.setParent(self)
        self.boxes.append(box)
        self.side_by_side = None
        self.arrange(self.width())

    def arrange(self, width: int) -> None:
        """Side by side if ``width`` pixels give each box :data:`CHART_LINES` lines of text (and
        its least width), else one under the other."""
        line = QFontMetricsF(self.font()).height()
        each = [max(box.minimumSizeHint().width(), round(line * CHART_LINES)) for box in self.boxes]
        side_by_side = sum(each) + CHART_SPACING * (len(each) - 1) <= width
        if side_by_side == self.side_by_side:
            return
        self.side_by_side = side_by_side
        for box in self.boxes:
            self._grid.removeWidget(box)
        for place, box in enumerate(self.boxes):
            row, column = (0, place) if side_by_side else (place, 0)
            self._grid.addWidget(box, row, column)
        for column in range(max(self._grid.columnCount(), len(self.boxes))):
            self._grid.setColumnStretch(column, 1 if side_by_side or column == 0 else 0)


class ChartHeading(QWidget):
    """A chart's bold heading with a short muted note: the note on the heading's right where
    both fit on one line, else under it (beside it in a narrow tab at a large font, the note was
    cut into a column narrower than its words)."""

    def __init__(self, heading: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.heading = heading
        self.label = QLabel(f"<b>{escape(heading)}</b>", self)
        self.caption = QLabel(self)
        self.caption.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self.caption.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.caption.setWordWrap(True)  # a note longer than the whole width still wraps
        self._box = QBoxLayout(QBoxLayout.Direction.LeftToRight, self)
        self._box.setContentsMargins(0, 12, 0, 2)
        self._box.addWidget(self.label)
        self._box.addWidget(self.caption, 1)
        self._arrange()

    def beside(self) -> bool:
        """Whether the note is on the heading's right (else under it)."""
        return self._box.direction() == QBoxLayout.Direction.LeftToRight

    def _arrange(self) -> None:
        bold = QFont(self.label.font())
        bold.setBold(True)
        heading = QFontMetrics(bold).horizontalAdvance(self.heading)
        note = self.caption.fontMetrics().horizontalAdvance(self.caption.text())
        beside = heading + self._box.spacing() + note <= self.contentsRect().width()
        if beside != self.beside():
            self._box.setDirection(
                QBoxLayout.Direction.LeftToRight if beside else QBoxLayout.Direction.TopToBottom
            )
            self.label.setWordWrap(not beside)  # under, in a tab narrower than the heading
        side = Qt.AlignmentFlag.AlignRight if beside else Qt.AlignmentFlag.AlignLeft
        self.caption.setAlignment(side | Qt.AlignmentFlag.AlignVCenter)

    def resizeEvent(self, event: QResizeEvent) -> None:
        """Arrange the note for the new width."""
        super().resizeEvent(event)
        self._arrange()

    def event(self, event: QEvent) -> bool:
        """A new note (its label asks for a new layout): arrange it again."""
        if event.type() == QEvent.Type.LayoutRequest:
            self._arrange()
        return super().event(event)


def chart_section(layout: QVBoxLayout, heading: str, chart: QWidget) -> QLabel:
    """Add to ``layout`` a bold heading with a short muted note (:class:`ChartHeading`; the
    note's label is returned, to be filled in), and ``chart`` under them."""
    title = ChartHeading(heading, chart.parentWidget())
    chart.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
    layout.addWidget(title)
    layout.addWidget(chart)
    return title.caption


def muted_label(parent: QWidget | None) -> QLabel:
    """A word-wrapped label in the palette's muted colour."""
    label = QLabel(parent)
    label.setWordWrap(True)
    label.setForegroundRole(QPalette.ColorRole.PlaceholderText)
    return label
