"""The welcome view's recent files: lines whose file name is a link, in an area that scrolls in a
low window (:data:`RECENT_LINES_SHOWN` of them always in sight)."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QSize, Qt
from PySide6.QtGui import QFocusEvent
from PySide6.QtWidgets import QFrame, QLabel, QScrollArea, QVBoxLayout, QWidget

#: the recent files shown however low the window is (the others are reached by scrolling)
RECENT_LINES_SHOWN = 3


class RecentLink(QLabel):
    """A recent file's line, its name a link: Tab onto the line puts the focus on the link at
    once, so that Enter opens it (a label took the focus first with no link chosen, and showed
    none: Enter did nothing until a second Tab)."""

    def focusInEvent(self, event: QFocusEvent) -> None:
        """Coming by Tab or Shift+Tab, choose the link."""
        super().focusInEvent(event)
        reason = event.reason()
        if reason in (Qt.FocusReason.TabFocusReason, Qt.FocusReason.BacktabFocusReason):
            # QLabel moves between its links this way; from none chosen, to the first (or last)
            super().focusNextPrevChild(reason == Qt.FocusReason.TabFocusReason)


class RecentArea(QScrollArea):
    """A frameless scroll area as high as the lines it holds (however many there are now), and
    at least as high as the first :data:`RECENT_LINES_SHOWN` of them: the rest scroll."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setWidgetResizable(True)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # Tab goes to the links themselves
        self.viewport().setAutoFillBackground(False)  # the view's background shows through
        lines = QWidget(self)
        #: the lines, top down (a stretch after them keeps them at the top)
        self.lines = QVBoxLayout(lines)
        self.lines.setContentsMargins(0, 0, 0, 0)
        self.lines.setSpacing(4)
        self.lines.addStretch(1)
        self.setWidget(lines)
        lines.setAutoFillBackground(False)  # (setWidget turns it on)

    def sizeHint(self) -> QSize:
        """The lines' own size (QScrollArea keeps the one they had when it was first asked)."""
        return self.lines.sizeHint()

    def minimumSizeHint(self) -> QSize:
        """The first lines' height: as many as :data:`RECENT_LINES_SHOWN`."""
        shown = min(RECENT_LINES_SHOWN, self.lines.count() - 1)  # not the stretch
        items = [self.lines.itemAt(index) for index in range(shown)]
        height = sum(item.sizeHint().height() for item in items if item is not None)
        height += self.lines.spacing() * max(shown - 1, 0)
        return QSize(super().minimumSizeHint().width(), height)

    def event(self, event: QEvent) -> bool:
        """Lines came or went (their layout asks to be laid out again): so may this area's size."""
        if event.type() == QEvent.Type.LayoutRequest:
            self.updateGeometry()
        return super().event(event)
