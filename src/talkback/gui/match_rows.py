"""Painting the tree's rows with a search's matched terms highlighted.

Rows of matches (``MatchRole`` True) in the Thread and Author columns are drawn here: the style
draws the row (background, selection, focus) without its text, then the text is drawn piece by
piece, each matched piece on a highlight behind it. Every other cell, and every row while no
search is on, is drawn by Qt as usual, so the common case costs nothing extra.
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, QRectF, Qt
from PySide6.QtGui import QColor, QFontMetrics, QPainter, QPalette
from PySide6.QtWidgets import QApplication, QStyle, QStyleOptionViewItem, QWidget

from talkback.gui.detail_html import SpansOf
from talkback.gui.thread_view import RoomyRows
from talkback.gui.tree_model import MatchRole
from talkback.gui.tree_order import Column

#: the highlight behind a matched term, and the text on it (the same in light and dark palettes,
#: as the detail panel's)
MATCH_BACKGROUND = QColor("#ffe15a")
MATCH_TEXT = QColor("#1d1d1f")
HIGHLIGHTED_COLUMNS = frozenset({Column.THREAD, Column.AUTHOR})


class MatchRows(RoomyRows):
    """The tree's delegate: Qt's painting, plus highlighted matches while a search is on."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        #: finds the matched terms in a text (``Query.spans``); None while no search is on
        self.spans_of: SpansOf | None = None
        #: the same for the Author column (a name an ``author:`` term matched is marked whole)
        self.author_spans_of: SpansOf | None = None

    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> None:
        """Paint a cell, highlighting matched terms in the text of a match's row."""
        spans_of = self.spans_of
        if (
            spans_of is None
            or index.column() not in HIGHLIGHTED_COLUMNS
            or index.data(MatchRole) is not True
        ):
            super().paint(painter, option, index)
            return
        if index.column() == Column.AUTHOR and self.author_spans_of is not None:
            spans_of = self.author_spans_of
        text = index.data(Qt.ItemDataRole.DisplayRole)
        spans = spans_of(text) if isinstance(text, str) else []
        if not spans:
            super().paint(painter, option, index)
            return
        self._paint_marked(painter, option, index, text, spans)

    def _paint_marked(
        self,
        painter: QPainter,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
        text: str,
        spans: list[tuple[int, int]],
    ) -> None:
        item = QStyleOptionViewItem(option)
        self.initStyleOption(item, index)
        item.text = ""
        widget = item.widget
        style = widget.style() if widget is not None else QApplication.style()
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, item, painter, widget)
        rect = style.subElementRect(QStyle.SubElement.SE_ItemViewItemText, item, widget)
        margin = style.pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, None, widget) + 1
        rect = rect.adjusted(margin, 0, -margin, 0)
        metrics = QFontMetrics(item.font)
        shown = metrics.elidedText(text, Qt.TextElideMode.ElideRight, rect.width())
        visible = len(shown) if shown == text else max(0, len(shown) - 1)  # before the "…"
        selected = bool(item.state & QStyle.StateFlag.State_Selected)
        group = (
            QPalette.ColorGroup.Normal
            if item.state & QStyle.StateFlag.State_Active
            else QPalette.ColorGroup.Inactive
        )
        role = QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        plain = item.palette.color(group, role)
        painter.save()
        painter.setFont(item.font)
        painter.setClipRect(rect)
        top = rect.top() + (rect.height() - metrics.height()) // 2
        cursor = 0
        for start, end in [*_clipped(spans, visible), (len(shown), len(shown))]:
            if start > cursor:
                self._draw(painter, metrics, rect, top, shown, cursor, start, plain)
            if end > start:
                left = rect.left() + metrics.horizontalAdvance(shown[:start])
                width = metrics.horizontalAdvance(shown[start:end])
                box = QRectF(left - 1, top, width + 2, metrics.height())
                painter.setPen(Qt.PenStyle.NoPen)
                painter.setBrush(MATCH_BACKGROUND)
                painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
                painter.drawRoundedRect(box, 2.5, 2.5)
                self._draw(painter, metrics, rect, top, shown, start, end, MATCH_TEXT)
            cursor = max(cursor, end)
        painter.restore()

    @staticmethod
    def _draw(
        painter: QPainter,
        metrics: QFontMetrics,
        rect: QRect,
        top: int,
        text: str,
        start: int,
        end: int,
        color: QColor,
    ) -> None:
        left = rect.left() + metrics.horizontalAdvance(text[:start])
        painter.setPen(color)
        painter.drawText(
            QRect(left, top, rect.right() - left + 1, metrics.height()),
            int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter),
            text[start:end],
        )


def _clipped(spans: list[tuple[int, int]], visible: int) -> list[tuple[int, int]]:
    """The spans (or their parts) within the first ``visible`` characters."""
    return [(start, min(end, visible)) for start, end in spans if start < visible]
