"""What a screen reader reads: every control of the window and its dialogs has a name (an icon
alone has one and a tooltip), and what the eye gets from a colour is also said in words."""

from __future__ import annotations

from pathlib import Path

import pytest
from gui_support import load, settings_fixture, window_fixture  # noqa: F401 (fixtures)
from PySide6.QtGui import QAccessible, QAction
from PySide6.QtWidgets import QAbstractButton, QDialog, QLineEdit, QToolButton, QWidget
from pytestqt.qtbot import QtBot

from talkback.gui.main_window import MainWindow
from talkback.gui.search_bar import CLEAR_ACTION

pytestmark = pytest.mark.gui


def spoken_name(widget: QWidget) -> str:
    """The name assistive technology gets for ``widget``."""
    interface = QAccessible.queryAccessibleInterface(widget)
    assert interface is not None
    return interface.text(QAccessible.Text.Name)


def clear_button(field: QLineEdit) -> QToolButton:
    action = field.findChild(QAction, CLEAR_ACTION)
    assert action is not None
    buttons = [
        button for button in field.findChildren(QToolButton) if button.defaultAction() is action
    ]
    assert len(buttons) == 1
    return buttons[0]


def unnamed_controls(root: QWidget) -> list[str]:
    """The shown controls under ``root`` (buttons, and what takes the focus) without a name."""
    found = []
    for widget in root.findChildren(QWidget):
        if not widget.isVisible() or widget.objectName().startswith("qt_"):
            continue  # (Qt's own parts: the dock's buttons, the tab bar's scroll buttons)
        control = isinstance(widget, QAbstractButton) or widget.focusPolicy().value & 1
        if control and not spoken_name(widget).strip():
            found.append(f"{type(widget).__name__} {widget.objectName()}".strip())
    return found


def test_the_fields_clear_buttons_are_named(window: MainWindow) -> None:
    authors = window.features.authors
    window.search_bar.field.setText("deck")
    authors.filter.setText("ann")
    for field, name in (
        (window.search_bar.field, "Clear search"),
        (authors.filter, "Clear filter"),
    ):
        button = clear_button(field)
        # an icon alone, read as nothing and without a tooltip
        assert spoken_name(button) == name
        assert button.toolTip()


def test_every_control_of_the_window_has_a_name(
    qtbot: QtBot, window: MainWindow, harbor_path: Path
) -> None:
    load(qtbot, window, harbor_path, select="p1-c7")
    window.search_bar.field.setText("deck")
    window.features.authors.show()
    window.features.authors.filter.setText("a")
    for show in (window.workspace.show_reading, window.workspace.show_overview):
        show()
        qtbot.wait(50)
        assert unnamed_controls(window) == []


def test_every_control_of_the_dialogs_has_a_name(
    qtbot: QtBot, window: MainWindow, harbor_path: Path
) -> None:
    load(qtbot, window, harbor_path)
    window.show_problems()
    actions = {action.objectName(): action for action in window.findChildren(QAction)}
    for name in ("searchSyntax", "shortcuts", "about", "indexCache"):
        actions[name].trigger()
    shown = [dialog for dialog in window.findChildren(QDialog) if dialog.isVisible()]
    assert len(shown) == 5
    for dialog in shown:
        for field in dialog.findChildren(QLineEdit):
            field.setText("a")  # its clear button shows
        qtbot.wait(20)
        # the Problems and Index Cache lists had no name
        assert unnamed_controls(dialog) == [], type(dialog).__name__
