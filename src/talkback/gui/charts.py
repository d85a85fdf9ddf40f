"""Small charts drawn with QPainter for the overview: columns (a timeline, histograms); ranked
rows (top authors) are :mod:`~talkback.gui.ranked_bars`'.

They take their colours from the palette, so light and dark both read, and their sizes from the
font, so they scale with the user's font and the screen (QPainter draws in device-independent
pixels: crisp on high-DPI screens). Every bar tells its exact figure in a tooltip, and every chart
works with the mouse or the keyboard: ←/→ (↑/↓ for rows) move between bars, Enter or Space
activates one as a click does (``bar_activated``). One bar may be marked selected (its filter is
on); the others are then drawn fainter.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from PySide6.QtCore import QEvent, QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QFocusEvent,
    QFont,
    QFontMetricsF,
    QHelpEvent,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPalette,
)
from PySide6.QtWidgets import QToolTip, QWidget

from talkback.gui.formatting import plain_tooltip


@dataclass(frozen=True, slots=True)
class ChartBar:
    """One bar: its axis label, its value, and the exact figure in words for the tooltip."""

    label: str
    value: int
    tooltip: str


def mix(foreground: QColor, background: QColor, weight: float) -> QColor:
    """``weight`` of ``foreground`` over ``background`` (0: background, 1: foreground)."""
    return QColor.fromRgbF(
        foreground.redF() * weight + background.redF() * (1 - weight),
        foreground.greenF() * weight + background.greenF() * (1 - weight),
        foreground.blueF() * weight + background.blueF() * (1 - weight),
    )


def nice_step(largest: int, intervals: int = 3) -> int:
    """A round step (1, 2, 5 × 10ⁿ) dividing ``[0, largest]`` into at most ``intervals`` parts."""
    if largest <= intervals:
        return 1
    raw = largest / intervals
    power = 10 ** math.floor(math.log10(raw))
    for factor in (1, 2, 5, 10):
        if factor * power >= raw:
            return int(factor * power)
    return int(10 * power)


#: how the arrow keys move between bars
_STEPS = {Qt.Key.Key_Left: -1, Qt.Key.Key_Right: 1, Qt.Key.Key_Up: -1, Qt.Key.Key_Down: 1}


class BarChart(QWidget):
    """Vertical bars over labelled columns, with a value axis."""

    #: a bar was clicked, or chosen with Enter or Space: its index
    bar_activated = Signal(int)

    def __init__(self, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.name = name
        self.setAccessibleName(name)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setMouseTracking(True)
        self.setAttribute(Qt.WidgetAttribute.WA_Hover)
        self.bars: list[ChartBar] = []
        self.selected: int | None = None
        self.empty_text = "Nothing to show"
        self._hover: int | None = None
        self._focus = 0
        self._pressed: int | None = None

    # -- content ----------------------------------------------------------------------------------

    def set_bars(self, bars: list[ChartBar], summary: str = "") -> None:
        """Show ``bars``; ``summary`` describes them for screen readers."""
        self.bars = bars
        self.selected = None
        self._hover = None
        self._focus = min(self._focus, max(len(bars) - 1, 0))
        self.setAccessibleDescription(summary)
        self._announce()
        self.updateGeometry()
        self.update()

    def set_selected(self, index: int | None) -> None:
        """Mark bar ``index`` as the one whose filter is on (None: no bar)."""
        self.selected = index
        self._announce()
        self.update()

    def _announce(self) -> None:
        """Name the chart with the bar the keyboard is on, and whether its filter is on: a screen
        reader says the new name as the arrows move (the figure was in a tooltip alone)."""
        name = self.name
        if self.bars:
            bar = self.bars[self._focus]
            chosen = ", filtering the tree" if self._focus == self.selected else ""
            name += f": {bar.tooltip}{chosen} ({self._focus + 1} of {len(self.bars)})"
        if name != self.accessibleName():
            self.setAccessibleName(name)

    # -- geometry (subclasses lay bars out differently) -------------------------------------------

    def small_font(self) -> QFont:
        """The font of labels and figures: a little smaller than the widget's."""
        font = QFont(self.font())
        font.setPointSizeF(max(self.font().pointSizeF() * 0.86, 6.5))
        return font

    def _plot(self) -> QRectF:
        metrics = QFontMetricsF(self.small_font())
        top = self._axis_top()
        left = metrics.horizontalAdvance(f"{top:,}") + metrics.height() * 0.6
        return QRectF(self.rect()).adjusted(
            left, metrics.height() * 1.3, -metrics.height() * 0.3, -metrics.height() * 1.5
        )

    def _axis_top(self) -> int:
        largest = max((bar.value for bar in self.bars), default=0)
        step = nice_step(largest)
        return max(step, math.ceil(largest / step) * step)

    def _pitch(self) -> float:
        return self._plot().width() / max(len(self.bars), 1)

    def bar_area(self, index: int) -> QRectF:
        """The area where bar ``index`` reacts to the mouse (its whole column)."""
        plot = self._plot()
        pitch = self._pitch()
        return QRectF(plot.left() + index * pitch, plot.top(), pitch, plot.height())

    def bar_rect(self, index: int) -> QRectF:
        """The bar itself, as drawn."""
        plot = self._plot()
        area = self.bar_area(index)
        widest = QFontMetricsF(self.font()).height() * 2.2
        width = max(1.0, min(area.width() * 0.72, area.width() - 1.0, widest))
        height = plot.height() * self.bars[index].value / self._axis_top()
        return QRectF(area.center().x() - width / 2, plot.bottom() - height, width, height)

    def bar_at(self, point: QPointF) -> int | None:
        """The bar whose area holds ``point``, if any."""
        for index in range(len(self.bars)):
            if self.bar_area(index).contains(point):
                return index
        return None

    def sizeHint(self) -> QSize:
        """Wide, and about nine lines of text high."""
        height = QFontMetricsF(self.font()).height()
        return QSize(round(height * 24), round(height * 9))

    def minimumSizeHint(self) -> QSize:
        """Room for a few bars and their labels."""
        height = QFontMetricsF(self.font()).height()
        return QSize(round(height * 8), round(height * 6))

    # -- colours ----------------------------------------------------------------------------------

    def _colors(self) -> dict[str, QColor]:
        palette = self.palette()
        text = palette.color(QPalette.ColorRole.WindowText)
        window = palette.color(QPalette.ColorRole.Window)
        bar = palette.color(QPalette.ColorRole.Highlight)
        dark = window.lightness() < 128
        faint = QColor(bar)
        faint.setAlphaF(0.35)
        return {
            "text": text,
            "muted": mix(text, window, 0.62),
            "grid": mix(text, window, 0.13),
            "bar": bar,
            "hover": bar.lighter(125) if dark else bar.darker(118),
            "faint": faint,
            "row": mix(text, window, 0.07),
        }

    def _bar_color(self, index: int, colors: dict[str, QColor]) -> QColor:
        if index == self._hover:
            return colors["hover"]
        if self.selected is not None and index != self.selected:
            return colors["faint"]
        return colors["bar"]

    # -- painting ---------------------------------------------------------------------------------

    def paintEvent(self, event: QPaintEvent) -> None:
        """Draw the chart (or a line saying there is nothing to draw)."""
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        colors = self._colors()
        painter.setFont(self.small_font())
        if not self.bars or not any(bar.value for bar in self.bars):
            painter.setPen(colors["muted"])
            painter.drawText(QRectF(self.rect()), Qt.AlignmentFlag.AlignCenter, self.empty_text)
            return
        self._paint(painter, colors)

    def _paint(self, painter: QPainter, colors: dict[str, QColor]) -> None:
        plot = self._plot()
        metrics = QFontMetricsF(painter.font())
        top, step = self._axis_top(), nice_step(self._axis_top())
        for value in range(0, top + 1, step):
            y = plot.bottom() - plot.height() * value / top
            painter.setPen(colors["grid"] if value else colors["muted"])
            painter.drawLine(QPointF(plot.left(), y), QPointF(plot.right(), y))
            painter.setPen(colors["muted"])
            label = QRectF(0, y - metrics.height() / 2, plot.left() - metrics.height() * 0.4,
                           metrics.height())  # fmt: skip
            painter.drawText(label, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                             f"{value:,}")  # fmt: skip
        pitch = self._pitch()
        widest = max(metrics.horizontalAdvance(bar.label) for bar in self.bars)
        every = max(1, math.ceil((widest + metrics.height() * 0.8) / pitch))
        show_values = metrics.horizontalAdvance(f"{top:,}") + 4 <= pitch
        for index, bar in enumerate(self.bars):
            rect = self.bar_rect(index)
            if bar.value:
                painter.setPen(Qt.PenStyle.NoPen)
                painter.setBrush(self._bar_color(index, colors))
                radius = min(3.0, rect.width() / 3, rect.height())
                painter.drawRoundedRect(rect.adjusted(0, 0, 0, radius), radius, radius)
                if show_values:
                    painter.setPen(colors["text"])
                    above = QRectF(rect.left() - pitch, rect.top() - metrics.height() - 2,
                                   rect.width() + 2 * pitch, metrics.height())  # fmt: skip
                    painter.drawText(above, Qt.AlignmentFlag.AlignCenter, f"{bar.value:,}")
            if index == self.selected:  # a mark under it: not told by its colour alone
                painter.fillRect(QRectF(rect.left() - 2, plot.bottom() + 1, rect.width() + 4, 3),
                                 colors["text"])  # fmt: skip
            if index % every == 0:
                painter.setPen(colors["muted"])
                painter.drawText(self.label_rect(index), Qt.AlignmentFlag.AlignHCenter, bar.label)
        self._paint_focus(painter, colors)

    def label_rect(self, index: int) -> QRectF:
        """Where bar ``index``'s label is drawn: centred under the bar, but kept inside the
        chart (the last label of a narrow chart ran past its edge: "1 P")."""
        metrics = QFontMetricsF(self.small_font())
        width = metrics.horizontalAdvance(self.bars[index].label) + 2
        left = self.bar_area(index).center().x() - width / 2
        left = max(0.0, min(left, self.width() - width))
        return QRectF(left, self._plot().bottom() + 3, width, metrics.height())

    def _paint_focus(self, painter: QPainter, colors: dict[str, QColor]) -> None:
        if self.hasFocus() and self.bars:
            pen = painter.pen()
            pen.setColor(colors["bar"])
            pen.setWidthF(1.5)
            painter.setPen(pen)
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRoundedRect(self.bar_area(self._focus).adjusted(1, 1, -1, -1), 3, 3)

    # -- mouse and keyboard -----------------------------------------------------------------------

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        """Light up the bar under the mouse."""
        hover = self.bar_at(event.position())
        if hover != self._hover:
            self._hover = hover
            self.setCursor(
                Qt.CursorShape.PointingHandCursor
                if hover is not None
                else Qt.CursorShape.ArrowCursor
            )
            self.update()

    def leaveEvent(self, event: QEvent) -> None:
        """No bar is lit once the mouse has left."""
        self._hover = None
        self.update()

    def mousePressEvent(self, event: QMouseEvent) -> None:
        """Remember the bar pressed (a click is a press and a release on the same bar)."""
        if event.button() == Qt.MouseButton.LeftButton:
            self._pressed = self.bar_at(event.position())
            if self._pressed is not None:
                self._focus = self._pressed
                self._announce()
                self.update()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        """A click on a bar activates it."""
        if event.button() == Qt.MouseButton.LeftButton:
            index = self.bar_at(event.position())
            if index is not None and index == self._pressed and self.bars[index].value:
                self.bar_activated.emit(index)
            self._pressed = None

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Arrows move between bars (showing the figure), Enter or Space activates."""
        key = Qt.Key(event.key())
        if self.bars and key in _STEPS:
            self._focus = max(0, min(len(self.bars) - 1, self._focus + _STEPS[key]))
            self._show_tip(self._focus)
            self._announce()
            self.update()
        elif self.bars and key in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Space):
            if self.bars[self._focus].value:
                self.bar_activated.emit(self._focus)
        else:
            super().keyPressEvent(event)

    def focusInEvent(self, event: QFocusEvent) -> None:
        """Show which bar the keyboard is on."""
        self.update()
        super().focusInEvent(event)

    def focusOutEvent(self, event: QFocusEvent) -> None:
        """Stop showing the keyboard's bar."""
        self.update()
        super().focusOutEvent(event)

    def event(self, event: QEvent) -> bool:
        """Tooltips: the exact figure of the bar under the mouse."""
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            index = self.bar_at(QPointF(event.pos()))
            if index is None:
                QToolTip.hideText()
                event.ignore()
            else:
                QToolTip.showText(event.globalPos(), self.tooltip_text(index), self)
            return True
        return super().event(event)

    def tooltip_text(self, index: int) -> str:
        """The tooltip of bar ``index``, its words shown as written (an author's name)."""
        return plain_tooltip(self.bars[index].tooltip)

    def _show_tip(self, index: int) -> None:
        area = self.bar_area(index)
        QToolTip.showText(self.mapToGlobal(area.center().toPoint()), self.tooltip_text(index), self)
