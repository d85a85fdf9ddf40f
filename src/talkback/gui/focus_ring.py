"""A ring around a widget while it has the keyboard focus, where the style draws none.

Qt's Fusion style shows the focus of line edits, buttons and item views, but not of a scroll area
(the detail panel, the overview) nor of a button drawn as the default one (it looks focused
already): Tab stopped there and nothing on screen said so. :class:`FocusRing` is a transparent
child drawn over its widget's edges in the palette's highlight colour, shown while the widget has
a focus the keyboard gave it (as Qt's own focus frames, it does not show after a click).
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QRectF, Qt
from PySide6.QtGui import QPainter, QPaintEvent, QPalette, QPen
from PySide6.QtWidgets import QWidget

#: the ring's width and the rounding of its corners (device-independent pixels)
RING_WIDTH = 2.0
RING_RADIUS = 3.0


class FocusRing(QWidget):
    """Draws a ring over ``target``'s edges while ``target`` has the keyboard's focus."""

    def __init__(self, target: QWidget) -> None:
        super().__init__(target)
        self.setObjectName("focusRing")
        self.target = target
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.setAttribute(Qt.WidgetAttribute.WA_NoSystemBackground)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.hide()
        target.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Follow the target's focus and size."""
        if watched is self.target:
            kind = event.type()
            if kind in (QEvent.Type.FocusIn, QEvent.Type.FocusOut):
                self.follow()
            elif kind == QEvent.Type.Resize:
                self.setGeometry(self.target.rect())
        return False

    def follow(self) -> None:
        """Show the ring if the target has a focus the keyboard gave, else hide it."""
        keyboard = self.target.window().testAttribute(Qt.WidgetAttribute.WA_KeyboardFocusChange)
        shown = self.target.hasFocus() and keyboard
        if shown:
            self.setGeometry(self.target.rect())
            self.raise_()  # above the scroll area's viewport and scroll bars
        self.setVisible(shown)

    def paintEvent(self, event: QPaintEvent) -> None:
        """The ring, just inside the target's edges."""
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(QPen(self.palette().color(QPalette.ColorRole.Highlight), RING_WIDTH))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        inset = RING_WIDTH / 2
        rect = QRectF(self.rect()).adjusted(inset, inset, -inset, -inset)
        painter.drawRoundedRect(rect, RING_RADIUS, RING_RADIUS)
