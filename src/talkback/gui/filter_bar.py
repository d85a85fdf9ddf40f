"""The bar above the tree that says what the tree is narrowed to, and undoes it.

Shown only while a filter is on: ``Showing 5 of 11 comments``, then one button per filter with
its label (``Oct 14, 2011, 9–10 PM``, ``by Sam Pettigrew``) that removes it, and Show All. The
buttons give way in a narrow tree, their labels cut short ("…"; the tooltip has them whole), and
where even that leaves too little room (a large font) they go onto a line of their own under the
summary: the bar never holds the tree's column wider than the window would have it.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QSize, Qt, Slot
from PySide6.QtGui import QPalette, QResizeEvent
from PySide6.QtWidgets import (
    QApplication,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from talkback.gui.formatting import plain_tooltip, plural
from talkback.gui.icons import line_icon
from talkback.gui.node_filter import NodeFilters


class FilterChip(QToolButton):
    """A filter's button: its label, then ✕. As wide as the label (up to LABEL_LIMIT characters)
    where there is room, down to CHIP_LEAST_CHARS of it where there is not, the label then cut
    short. Its size hints depend on the label alone, not on the text shown, so that cutting the
    text to the width it was given never asks for another width."""

    def __init__(self, label: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.label = _short(label)
        self.setText(_literal(self.label))
        self.setSizePolicy(QSizePolicy.Policy.Maximum, QSizePolicy.Policy.Fixed)

    def _text_width(self, text: str) -> int:
        return self.fontMetrics().size(Qt.TextFlag.TextShowMnemonic, text).width()

    def _chrome(self) -> int:
        """The button's width beside its text (the icon, padding and frame)."""
        return super().sizeHint().width() - self._text_width(self.text())

    def sizeHint(self) -> QSize:
        """Room for the whole label."""
        whole = self._text_width(_literal(self.label))
        return QSize(self._chrome() + whole, super().sizeHint().height())

    def minimumSizeHint(self) -> QSize:
        """Room for the label's first few characters."""
        least = self.fontMetrics().averageCharWidth() * CHIP_LEAST_CHARS
        width = self._chrome() + min(self._text_width(_literal(self.label)), least)
        return QSize(width, super().sizeHint().height())

    def resizeEvent(self, event: QResizeEvent) -> None:
        """Cut the label to the new width."""
        super().resizeEvent(event)
        room = self.width() - self._chrome()
        shown = self.fontMetrics().elidedText(self.label, Qt.TextElideMode.ElideRight, room)
        if _literal(shown) != self.text():
            self.setText(_literal(shown))


class FilterBar(QFrame):
    """What the tree shows while filtered, with a button to remove each filter."""

    def __init__(self, filters: NodeFilters, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.buttons: list[FilterChip] = []
        self.setObjectName("filterBar")
        self.setAccessibleName("Active filters")
        self.setAutoFillBackground(True)
        self.setBackgroundRole(QPalette.ColorRole.AlternateBase)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.filters = filters
        self._rows = QVBoxLayout(self)
        self._rows.setContentsMargins(10, 4, 6, 4)
        self._rows.setSpacing(4)
        self._top = QHBoxLayout()
        self._top.setSpacing(6)
        self._rows.addLayout(self._top)
        self.summary = QLabel(self)
        self.summary.setObjectName("filterSummary")
        self._top.addWidget(self.summary)
        #: the filters' buttons: beside the summary, or on a line of their own in a narrow tree
        self.chip_row = QWidget(self)
        self._chips = QHBoxLayout(self.chip_row)
        self._chips.setContentsMargins(0, 0, 0, 0)
        self._chips.setSpacing(4)
        self._top.addWidget(self.chip_row)
        self._top.addStretch(1)
        self.show_all = QPushButton("Show All", self)
        self.show_all.setObjectName("showAll")
        self.show_all.setToolTip("Remove every filter and show all comments")
        self.show_all.setAccessibleName("Show all comments")
        self.show_all.clicked.connect(lambda: filters.clear())
        self._top.addWidget(self.show_all)
        self.one_row = True
        filters.changed.connect(self.refresh)
        self.refresh()

    def _one_row_width(self) -> int:
        """The width the summary, the buttons (at their least) and Show All need on one line."""
        margins = self._rows.contentsMargins()
        summary = self.summary.fontMetrics().horizontalAdvance(self.summary.text())
        return (
            margins.left()
            + margins.right()
            + summary
            + self.chip_row.minimumSizeHint().width()
            + self.show_all.sizeHint().width()
            + 3 * self._top.spacing()
        )

    def minimumSizeHint(self) -> QSize:
        """As narrow as the buttons on a line of their own, the summary wrapped above them: on one
        line at 20 points, two filters held the tree's column 900 pixels wide."""
        margins = self._rows.contentsMargins()
        metrics = self.summary.fontMetrics()
        word = max((metrics.horizontalAdvance(w) for w in self.summary.text().split()), default=0)
        top = word + self._top.spacing() + self.show_all.minimumSizeHint().width()
        width = max(top, self.chip_row.minimumSizeHint().width())
        return QSize(width + margins.left() + margins.right(), super().minimumSizeHint().height())

    def _arrange(self) -> None:
        """The buttons beside the summary where the width allows, else on the line below."""
        one_row = self.width() >= self._one_row_width()
        if one_row == self.one_row:
            return
        self.one_row = one_row
        self._top.removeWidget(self.chip_row)
        self._rows.removeWidget(self.chip_row)
        if one_row:
            self._top.insertWidget(1, self.chip_row)
        else:
            self._rows.addWidget(self.chip_row)
        self.summary.setWordWrap(not one_row)

    def resizeEvent(self, event: QResizeEvent) -> None:
        """Arrange the buttons for the new width."""
        super().resizeEvent(event)
        self._arrange()

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
            button = FilterChip(named.label, self)
            button.setIcon(line_icon("clear", self.palette().color(QPalette.ColorRole.Text)))
            side = max(CHIP_ICON_LEAST, round(button.fontMetrics().height() * CHIP_ICON_LINES))
            button.setIconSize(QSize(side, side))  # the ✕ grows with the font
            button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
            button.setLayoutDirection(Qt.LayoutDirection.RightToLeft)  # the ✕ after the words
            button.setToolTip(plain_tooltip(f"Stop showing only {named.label}"))
            button.setAccessibleName(f"Remove filter: {named.label}")
            button.setObjectName("filterChip")
            button.setStyleSheet(CHIP_STYLE)
            button.clicked.connect(lambda _checked=False, name=named.name: self.filters.clear(name))
            self._chips.addWidget(button)
            self.buttons.append(button)
        self.updateGeometry()
        self._arrange()
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
    # the keyboard's focus: a ring as thick as a focus frame (the padding gives it the room)
    " QToolButton#filterChip:focus { border: 2px solid palette(highlight);"
    " padding: 1px 5px 1px 9px; }"
)
#: the longest filter label a button shows whole (its tooltip always has all of it)
LABEL_LIMIT = 52
#: the least of its label a filter's button keeps in a narrow tree, in average characters
CHIP_LEAST_CHARS = 8
#: the size of a filter's ✕, in lines of its font, and the least (Qt's small icons: 16 pixels)
CHIP_ICON_LINES = 0.8
CHIP_ICON_LEAST = 16


def _short(label: str, limit: int = LABEL_LIMIT) -> str:
    return label if len(label) <= limit else label[: limit - 1].rstrip() + "…"


def _literal(label: str) -> str:
    """``label`` as a button's text: an ``&`` is shown, not taken for a mnemonic."""
    return label.replace("&", "&&")
