"""What a screen reader reads: every control of the window and its dialogs has a name (an icon
alone has one and a tooltip), and what the eye gets from a colour is also said in words."""

from __future__ import annotations

from pathlib import Path

import pytest
from gui_support import (  # noqa: F401 (fixtures)
    load,
    open_every_dialog,
    settings_fixture,
    window_fixture,
)
from PySide6.QtCore import QAbstractItemModel, QModelIndex, QRect, Qt
from PySide6.QtGui import QAccessible, QAction, QFont
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QAbstractButton, QLineEdit, QToolButton, QWidget
from pytestqt.qtbot import QtBot

from talkback.gui.main_window import MainWindow
from talkback.gui.search_bar import CLEAR_ACTION
from talkback.gui.tree_model import NodeRole

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
    shown = open_every_dialog(window)
    assert len(shown) == 5
    for dialog in shown:
        for field in dialog.findChildren(QLineEdit):
            field.setText("a")  # its clear button shows
        qtbot.wait(20)
        # the Problems and Index Cache lists had no name
        assert unnamed_controls(dialog) == [], type(dialog).__name__


def rows(model: QAbstractItemModel, parent: QModelIndex | None = None) -> list[QModelIndex]:
    """Every row's first cell, depth first."""
    parent = parent or QModelIndex()
    found = []
    for row in range(model.rowCount(parent)):
        index = model.index(row, 0, parent)
        found += [index, *rows(model, index)]
    return found


def test_context_rows_are_told_apart_by_more_than_their_colour(
    qtbot: QtBot, window: MainWindow, harbor_path: Path
) -> None:
    load(qtbot, window, harbor_path)
    search = window.features.search
    with qtbot.waitSignal(search.changed, timeout=10_000):
        window.search_bar.field.setText("photos")
        window.search_bar.flush()
    model = window.model
    shown = rows(model)
    context = [index for index in shown if model.is_context(index.data(NodeRole))]
    matches = [index for index in shown if index not in context]
    assert context and matches
    # the rows above the matches were only dimmed: a colour, which some do not see, and which
    # a screen reader does not say
    for index in context:
        for column in range(model.columnCount()):
            cell = index.siblingAtColumn(column)
            font = cell.data(Qt.ItemDataRole.FontRole)
            assert isinstance(font, QFont) and font.italic()
        assert "context" in index.data(Qt.ItemDataRole.AccessibleDescriptionRole)
        assert "context" in index.data(Qt.ItemDataRole.ToolTipRole)
    post = next(index for index in context if index.parent() == QModelIndex())
    assert post.data(Qt.ItemDataRole.FontRole).bold()  # still a post
    for index in matches:
        font = index.data(Qt.ItemDataRole.FontRole)
        assert font is None or not font.italic()
        assert not index.data(Qt.ItemDataRole.AccessibleDescriptionRole)
    window.search_bar.field.clear()
    qtbot.waitUntil(lambda: not model.is_filtered)
    assert not any(
        isinstance(font := index.data(Qt.ItemDataRole.FontRole), QFont) and font.italic()
        for index in rows(model)
    )


def test_the_charts_say_which_bar_the_keyboard_is_on(
    qtbot: QtBot, window: MainWindow, harbor_path: Path
) -> None:
    window.workspace.show_overview()
    load(qtbot, window, harbor_path)
    overview = window.workspace.overview
    qtbot.waitUntil(lambda: overview.overview is not None and not overview.is_counting())
    chart = overview.timeline
    chart.setFocus()
    QTest.keyClick(chart, Qt.Key.Key_Right)
    # the bar's figure was only in a tooltip, which screen readers do not read
    second = chart.bars[1]
    assert spoken_name(chart) == f"Comments over time: {second.tooltip} (2 of {len(chart.bars)})"
    QTest.keyClick(chart, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: chart.selected == 1)
    assert "filtering the tree" in spoken_name(chart)
    authors = overview.authors
    authors.setFocus()
    QTest.keyClick(authors, Qt.Key.Key_Down)
    assert spoken_name(authors).startswith(f"Top authors: {authors.bars[1].tooltip}")


def test_the_chosen_bar_is_marked_by_more_than_its_colour(
    qtbot: QtBot, window: MainWindow, harbor_path: Path
) -> None:
    window.workspace.show_overview()
    load(qtbot, window, harbor_path)
    overview = window.workspace.overview
    qtbot.waitUntil(lambda: overview.overview is not None and not overview.is_counting())
    chart = overview.depths
    bar = chart.bar_rect(1)
    under = QRect(round(bar.left()), round(chart.label_rect(1).top()) - 3, round(bar.width()), 3)
    plain = chart.grab().toImage().copy(under)
    chart.set_selected(1)
    marked = chart.grab().toImage().copy(under)
    # the other bars were only drawn fainter: nothing but a colour told the chosen one
    assert plain != marked
