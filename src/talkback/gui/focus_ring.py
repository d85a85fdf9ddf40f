"""A ring around a widget while it has the keyboard focus, where the style draws none.

Qt's Fusion style shows the focus of line edits, buttons and item views, but not of a scroll area
(the detail panel, the overview), an empty list, nor of a push button drawn as the default one (a
dialog's Close, the welcome view's Open…: focused, it looks as it did): Tab stopped there and
nothing on screen said so. :class:`FocusRing` is a transparent child drawn over its widget's edges
in the palette's highlight colour, shown while the widget has a focus the keyboard gave it (as
Qt's own focus frames, it does not show after a click). :class:`ButtonRings` gives every push
button of the application one, as it first gets the focus.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QEvent, QObject, QRectF, Qt, Slot
from PySide6.QtGui import QPainter, QPaintEvent, QPalette, QPen
from PySide6.QtWidgets import QApplication, QPushButton, QWidget

#: the ring's width and the rounding of its corners (device-independent pixels)
RING_WIDTH = 2.0
RING_RADIUS = 3.0


class FocusRing(QWidget):
    """Draws a ring over its parent's edges while the parent has the keyboard's focus.

    It keeps no state of its own on the Python side (its target is its parent): a ring given to
    a button Qt made (a message box's) outlives its Python wrapper."""

    def __init__(self, target: QWidget) -> None:
        super().__init__(target)
        self.setObjectName("focusRing")
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.setAttribute(Qt.WidgetAttribute.WA_NoSystemBackground)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.hide()
        target.installEventFilter(self)

    @property
    def target(self) -> QWidget:
        """The widget whose focus the ring shows (its parent)."""
        parent = self.parentWidget()
        assert parent is not None
        return parent

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Follow the target's focus and size."""
        if watched is self.parentWidget():
            kind = event.type()
            if kind in (QEvent.Type.FocusIn, QEvent.Type.FocusOut):
                self.follow()
            elif kind == QEvent.Type.Resize:
                self.setGeometry(self.target.rect())
        return False

    def follow(self) -> None:
        """Show the ring if the target has a focus the keyboard gave, else hide it."""
        target = self.target
        keyboard = target.window().testAttribute(Qt.WidgetAttribute.WA_KeyboardFocusChange)
        shown = target.hasFocus() and keyboard
        if shown:
            self.setGeometry(target.rect())
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


class ButtonRings(QObject):
    """Gives each push button a :class:`FocusRing` the first time it gets the focus (watching
    the application's focus changes only, not every event)."""

    def __init__(self, app: QApplication) -> None:
        super().__init__(app)
        self.setObjectName("buttonRings")
        app.focusChanged.connect(self._on_focus_changed)

    @staticmethod
    def install(app: QCoreApplication | None) -> None:
        """Watch ``app``'s focus (once, however often it is asked; a QApplication only)."""
        if isinstance(app, QApplication) and app.findChild(ButtonRings, "buttonRings") is None:
            ButtonRings(app)

    @Slot(QWidget, QWidget)
    def _on_focus_changed(self, _old: QWidget | None, new: QWidget | None) -> None:
        if isinstance(new, QPushButton):
            found = new.findChild(FocusRing, "focusRing", Qt.FindChildOption.FindDirectChildrenOnly)
            if found is None:
                FocusRing(new).follow()  # it missed the focus event that came first
