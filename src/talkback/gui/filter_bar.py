"""The bar above the tree that says what the tree is narrowed to, and undoes it.

Shown only while a filter is on: ``Showing 5 of 11 comments``, then one button per filter with
its label (``Oct 14, 2011, 9–10 PM``, ``by Sam Pettigrew``) that removes it, and Show All.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt, Slot
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import (
    QApplication,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QToolButton,
    QWidget,
)

from talkback.gui.formatting import plural
from talkback.gui.icons import line_icon
from talkback.gui.node_filter import NodeFilters


class FilterBar(QFrame):
    """What the tree shows while filtered, with a button to remove each filter."""

    def __init__(self, filters: NodeFilters, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.buttons: list[QToolButton] = []
        self.setObjectName("filterBar")
        self.setAccessibleName("Active filters")
        self.setAutoFillBackground(True)
        self.setBackgroundRole(QPalette.ColorRole.AlternateBase)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.filters = filters
        layout = QHBoxLayout(self)
        layout.setContentsMargins(10, 4, 6, 4)
        layout.setSpacing(6)
        self.summary = QLabel(self)
        self.summary.setObjectName("filterSummary")
        layout.addWidget(self.summary)
        self._chips = QHBoxLayout()
        self._chips.setSpacing(4)
        layout.addLayout(self._chips)
        layout.addStretch(1)
        self.show_all = QPushButton("Show All", self)
        self.show_all.setObjectName("showAll")
        self.show_all.setToolTip("Remove every filter and show all comments")
        self.show_all.setAccessibleName("Show all comments")
        self.show_all.clicked.connect(lambda: filters.clear())
        layout.addWidget(self.show_all)
        filters.changed.connect(self.refresh)
        self.refresh()

    @Slot()
    def refresh(self) -> None:
        """Show the current filters (or hide the bar when there are none). A filter's button
        that had the keyboard focus hands it to the button now in its place, else to Show All
        (the focus was lost with the button); a bar that hides hands it on to the tree."""
        focus = QApplication.focusWidget()
        focused = next((at for at, old in enumerate(self.buttons) if old is focus), None)
        for button in self.buttons:
            self._chips.removeWidget(button)
            button.hide()
            button.deleteLater()
        self.buttons = []
        active = self.filters.active()
        self.setVisible(bool(active))
        if not active:
            return
        model = self.filters.model
        total = model.comment_total
        self.summary.setText(
            f"Showing {self.filters.kept_comments:,} of {plural(total, 'comment')}:"
        )
        for named in active:
            button = QToolButton(self)
            button.setText(_short(named.label))
            button.setIcon(line_icon("clear", self.palette().color(QPalette.ColorRole.Text)))
            button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
            button.setLayoutDirection(Qt.LayoutDirection.RightToLeft)  # the ✕ after the words
            button.setToolTip(f"Stop showing only {named.label}")
            button.setAccessibleName(f"Remove filter: {named.label}")
            button.setObjectName("filterChip")
            button.setStyleSheet(CHIP_STYLE)
            button.clicked.connect(lambda _checked=False, name=named.name: self.filters.clear(name))
            self._chips.addWidget(button)
            self.buttons.append(button)
        if focused is not None:
            heir = self.buttons[min(focused, len(self.buttons) - 1)] if self.buttons else None
            (heir or self.show_all).setFocus(Qt.FocusReason.OtherFocusReason)

    def changeEvent(self, event: QEvent) -> None:
        """Redraw the buttons' icons in the new palette's colour."""
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange and self.buttons:
            self.refresh()


#: a filter's button drawn as a rounded chip, in the palette's colours
CHIP_STYLE = (
    "QToolButton#filterChip { border: 1px solid palette(mid); border-radius: 11px;"
    " padding: 2px 6px 2px 10px; background: palette(base); color: palette(text); }"
    " QToolButton#filterChip:hover { border-color: palette(highlight); }"
)
#: the longest filter label a button shows whole (its tooltip always has all of it)
LABEL_LIMIT = 52


def _short(label: str, limit: int = LABEL_LIMIT) -> str:
    return label if len(label) <= limit else label[: limit - 1].rstrip() + "…"
