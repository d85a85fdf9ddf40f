"""The overview's ranked rows (the most prolific authors): a name, a bar and a figure per row,
longest first; a :class:`~talkback.gui.charts.BarChart` laid out in rows instead of columns (↑/↓
move between them)."""

from __future__ import annotations

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPainter

from talkback.gui.charts import BarChart


class RankedBars(BarChart):
    """Rows of name, bar and figure, longest first (e.g. the most prolific authors)."""

    def _row_height(self) -> float:
        return QFontMetricsF(self.font()).height() * 1.5

    def _columns(self) -> tuple[float, float, float]:
        """Where the bars start and end, and where the figures end."""
        metrics = QFontMetricsF(self.font())
        width = float(self.width())
        names = max((metrics.horizontalAdvance(bar.label) for bar in self.bars), default=0.0)
        name_width = min(names + metrics.height() * 0.8, width * 0.42)
        figures = max((metrics.horizontalAdvance(f"{bar.value:,}") for bar in self.bars), default=0)
        end = width - 2
        return name_width, end - figures - metrics.height() * 0.6, end

    def bar_area(self, index: int) -> QRectF:
        """The whole row."""
        height = self._row_height()
        return QRectF(0, index * height, self.width(), height)

    def bar_rect(self, index: int) -> QRectF:
        """The bar of row ``index``."""
        start, end, _figures = self._columns()
        area = self.bar_area(index)
        largest = max((bar.value for bar in self.bars), default=1) or 1
        length = max(2.0, (end - start) * self.bars[index].value / largest)
        thickness = QFontMetricsF(self.font()).height() * 0.62
        return QRectF(start, area.center().y() - thickness / 2, length, thickness)

    def sizeHint(self) -> QSize:
        """Every row, at a comfortable height."""
        return QSize(round(QFontMetricsF(self.font()).height() * 24), self._rows_height())

    def minimumSizeHint(self) -> QSize:
        """Every row: the list is short and not scrolled by itself."""
        return QSize(round(QFontMetricsF(self.font()).height() * 10), self._rows_height())

    def _rows_height(self) -> int:
        return max(1, round(self._row_height() * max(len(self.bars), 1)))

    def hasHeightForWidth(self) -> bool:
        """The height does not depend on the width."""
        return False

    def _paint(self, painter: QPainter, colors: dict[str, QColor]) -> None:
        painter.setFont(self.font())
        start, _end, figures = self._columns()
        for index, bar in enumerate(self.bars):
            area = self.bar_area(index)
            if index == self._hover or index == self.selected:
                painter.setPen(Qt.PenStyle.NoPen)
                painter.setBrush(colors["row"])
                painter.drawRoundedRect(area.adjusted(0, 1, 0, -1), 4, 4)
            painter.setPen(colors["text"])
            font = QFont(self.font())
            font.setBold(index == self.selected)  # the chosen one: not by its colour alone
            painter.setFont(font)
            name = QFontMetricsF(font).elidedText(bar.label, Qt.TextElideMode.ElideRight,
                                                  start - 10)  # fmt: skip
            text_area = QRectF(6, area.top(), start - 10, area.height())
            painter.drawText(text_area, Qt.AlignmentFlag.AlignVCenter, name)
            painter.setFont(self.font())
            rect = self.bar_rect(index)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(self._bar_color(index, colors))
            painter.drawRoundedRect(rect, rect.height() / 3, rect.height() / 3)
            painter.setPen(colors["muted"])
            figure = QRectF(0, area.top(), figures, area.height())
            painter.drawText(figure, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                             f"{bar.value:,}")  # fmt: skip
        self._paint_focus(painter, colors)
