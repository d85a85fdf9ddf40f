"""Where the keyboard focus goes as the window changes what it shows."""

from __future__ import annotations

from pathlib import Path

import pytest
from gui_support import load, settings_fixture, window_fixture  # noqa: F401 (fixtures)
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from talkback.gui.main_window import MainWindow

pytestmark = pytest.mark.gui


def test_a_dump_opened_from_the_welcome_view_gives_the_tree_the_focus(
    qtbot: QtBot, window: MainWindow, harbor_path: Path
) -> None:
    _focus_welcome_button(qtbot, window)
    load(qtbot, window, harbor_path)
    # the focused button went with the welcome view: the tree takes the focus, not the tab bar
    assert QApplication.focusWidget() is window.tree
    QTest.keyClick(window.tree, Qt.Key.Key_Down)
    assert window.tree.current_node() is not None
    assert window.tree.current_node().id == "p1-c1"


def test_find_with_no_dump_open_leaves_the_focus_where_it_was(
    qtbot: QtBot, window: MainWindow, harbor_path: Path
) -> None:
    button = _focus_welcome_button(qtbot, window)
    window.features.actions.find.trigger()  # Ctrl+F
    # the hidden search field took the focus: what was typed became a search of the next dump
    assert QApplication.focusWidget() is button
    assert "Open a dump" in window.statusBar().currentMessage()
    load(qtbot, window, harbor_path)
    window.features.actions.find.trigger()
    assert QApplication.focusWidget() is window.search_bar.field


def _focus_welcome_button(qtbot: QtBot, window: MainWindow) -> QWidget:
    """Give the welcome view's Open the Sample button the keyboard focus, as a user would."""
    window.activateWindow()
    button = window.workspace.welcome.sample_button
    button.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is button)
    return button
