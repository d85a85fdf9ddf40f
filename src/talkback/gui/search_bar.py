"""The search field above the tree, with its previous/next buttons and its inline error line.

Typing is never held up: the text is handed on (:attr:`SearchBar.query_entered`) only once the
keys have rested for :data:`DEBOUNCE_MS`, and the search itself runs elsewhere. Enter and
Shift+Enter step to the next and previous match, Esc clears, ↓ moves to the tree. A malformed
query shows a one-line message under the field, pointing at the character at fault.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt, QTimer, Signal, Slot
from PySide6.QtGui import QAction, QColor, QKeyEvent, QPalette
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QSizePolicy,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

#: how long typing must pause before the query runs
DEBOUNCE_MS = 200
PLACEHOLDER = 'Search: words, "a phrase", author:name, -word, OR …  (Ctrl+F)'


#: the object name Qt gives the action behind a line edit's clear button
CLEAR_ACTION = "_q_qlineeditclearaction"


def name_clear_button(field: QLineEdit, name: str, tip: str) -> None:
    """Give ``field``'s clear button (an icon alone) a name a screen reader reads and a tooltip:
    Qt gives it neither."""
    field.setClearButtonEnabled(True)
    action = field.findChild(QAction, CLEAR_ACTION)
    if action is not None:
        action.setText(name)
        action.setToolTip(tip)


class EscapeField(QLineEdit):
    """A line edit that keeps Esc while it has text: the window's Esc shortcut (which clears the
    tree's search) comes only once the field is empty."""

    def event(self, event: QEvent) -> bool:
        """Keep Esc for the field (not the window's Esc shortcut) while it has text."""
        if (
            event.type() == QEvent.Type.ShortcutOverride
            and isinstance(event, QKeyEvent)
            and event.key() == Qt.Key.Key_Escape
            and self.text()
        ):
            event.accept()
            return True
        return super().event(event)


class SearchField(EscapeField):
    """A line edit whose Enter, Shift+Enter, Esc and ↓ keys drive the search."""

    next_requested = Signal()
    previous_requested = Signal()
    clear_requested = Signal()
    leave_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("searchField")
        self.setAccessibleName("Search")
        self.setPlaceholderText(PLACEHOLDER)
        name_clear_button(self, "Clear search", "Clear the search (Esc)")
        self.setToolTip("Search the posts and comments (Help > Search Syntax)")

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Enter: next match; Shift+Enter: previous; Esc: clear; ↓: to the tree."""
        key = event.key()
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            if event.modifiers() & Qt.KeyboardModifier.ShiftModifier:
                self.previous_requested.emit()
            else:
                self.next_requested.emit()
        elif key == Qt.Key.Key_Escape:
            self.clear_requested.emit()
        elif key == Qt.Key.Key_Down and not event.modifiers():
            self.leave_requested.emit()
        else:
            super().keyPressEvent(event)
            return
        event.accept()


class SearchBar(QWidget):
    """The search field, previous/next buttons and the error line, for the top of the tree."""

    #: the text to search for, once typing paused (maybe empty: the search was cleared)
    query_entered = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("searchBar")
        self.field = SearchField(self)
        self.previous = _tool_button(self, "▲", "Previous match (Shift+F3, Shift+Enter)", "prev")
        self.next = _tool_button(self, "▼", "Next match (F3, Enter)", "next")
        self.error = QLabel(self)
        self.error.setObjectName("searchError")
        self.error.setWordWrap(True)
        self.error.setTextFormat(Qt.TextFormat.PlainText)
        self.error.setContentsMargins(4, 0, 4, 0)
        palette = self.error.palette()
        palette.setColor(QPalette.ColorRole.WindowText, _error_color(self))
        self.error.setPalette(palette)
        self.error.hide()
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(2)
        row.addWidget(self.field, 1)
        row.addWidget(self.previous)
        row.addWidget(self.next)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.setSpacing(2)
        layout.addLayout(row)
        layout.addWidget(self.error)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)
        self.debounce = QTimer(self)
        self.debounce.setSingleShot(True)
        self.debounce.setInterval(DEBOUNCE_MS)
        self.debounce.timeout.connect(self.flush)
        self.field.textEdited.connect(self._on_edited)
        self.field.textChanged.connect(self._on_changed)
        self._silent = False

    @property
    def text(self) -> str:
        """The text in the field."""
        return self.field.text()

    def set_text(self, text: str) -> None:
        """Put ``text`` in the field without starting a search (the caller runs it)."""
        self._silent = True
        try:
            self.field.setText(text)
        finally:
            self._silent = False
        self.debounce.stop()

    @Slot(str)
    def _on_edited(self, _text: str) -> None:
        self.debounce.start()

    @Slot(str)
    def _on_changed(self, text: str) -> None:
        # the clear button changes the text without an edit: an empty field clears at once
        if not text and not self._silent:
            self.debounce.stop()
            self.query_entered.emit("")

    @Slot()
    def flush(self) -> None:
        """Hand on the text now (when typing paused, or at Enter)."""
        self.debounce.stop()
        self.query_entered.emit(self.field.text())

    def show_error(self, message: str, position: int | None = None) -> None:
        """Show why the query cannot run, pointing at the character at ``position``."""
        where = f" (at character {position + 1})" if position is not None else ""
        self.error.setText(f"⚠ {message}{where}")
        self.error.setToolTip(_pointer(self.field.text(), position))
        self.error.show()
        self.field.setProperty("invalid", True)
        self.field.setStyleSheet(f"QLineEdit {{ border: 1px solid {_error_color(self).name()}; }}")

    def clear_error(self) -> None:
        """Hide the error line."""
        if self.error.isVisible() or self.field.property("invalid"):
            self.error.hide()
            self.error.clear()
            self.field.setProperty("invalid", False)
            self.field.setStyleSheet("")

    @property
    def error_text(self) -> str:
        """The error shown ("" when none)."""
        return self.error.text() if not self.error.isHidden() else ""


def _tool_button(parent: QWidget, text: str, tip: str, name: str) -> QToolButton:
    button = QToolButton(parent)
    button.setObjectName(name + "Match")
    button.setText(text)
    button.setToolTip(tip)
    button.setAccessibleName(tip.split(" (")[0])
    button.setAutoRaise(True)
    return button


def _error_color(widget: QWidget) -> QColor:
    """A red that reads on the widget's background, light or dark."""
    dark = widget.palette().color(QPalette.ColorRole.Base).lightness() < 128
    return QColor("#ff6b5e") if dark else QColor("#b3261e")


def _pointer(text: str, position: int | None) -> str:
    """The query with a caret under the character at fault (for the tooltip)."""
    if position is None:
        return text
    return f"{text}\n{' ' * position}^"


def tree_pane(bar: SearchBar, tree: QWidget) -> QWidget:
    """The left side of the window: the search bar above the tree."""
    pane = QWidget(tree.parentWidget())
    pane.setObjectName("treePane")
    layout = QVBoxLayout(pane)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.setSpacing(0)
    layout.addWidget(bar)
    layout.addWidget(tree, 1)
    return pane
