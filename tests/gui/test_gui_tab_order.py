"""Tab and Shift+Tab go through the main window in the order it reads: the search bar, the filter
bar, the tree, the tab bar and the tab shown, the Authors dock where it is docked."""

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

#: the search bar and the filter bar (with a search on), the tree, the tabs
READING = [
    "searchField",
    "prevMatch",
    "nextMatch",
    "filterChip",
    "showAll",
    "threadView",
    "qt_tabwidget_tabbar",
    "detailView",
]
AUTHORS = ["authorsFilter", "authorsList"]
OVERVIEW = ["overviewPanel", "timelineChart", "authorsChart", "sizesChart", "depthsChart"]


def names_in_cycle(qtbot: QtBot, start: QWidget, key: Qt.Key = Qt.Key.Key_Tab) -> list[str]:
    """The widgets ``key`` gives the focus to, from ``start`` until it comes back to it."""
    start.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is start)
    names = []
    for _ in range(40):
        focus = QApplication.focusWidget()
        assert focus is not None, f"the focus was lost after {names}"
        names.append(focus.objectName() or type(focus).__name__)
        QTest.keyClick(focus, key)
        if QApplication.focusWidget() is start:
            return names
    raise AssertionError(f"Tab never came back to {start.objectName()}: {names}")


@pytest.fixture
def searched(qtbot: QtBot, window: MainWindow, harbor_path: Path) -> MainWindow:
    """The window on the sample with a search on (the filter bar shows its button)."""
    window.activateWindow()
    load(qtbot, window, harbor_path)
    search = window.features.search
    with qtbot.waitSignal(search.changed, timeout=10_000):
        window.search_bar.field.setText("deck OR photos")
        window.search_bar.flush()
    assert window.workspace.filter_bar.isVisible()
    return window


def test_tab_follows_the_window_as_it_reads(qtbot: QtBot, searched: MainWindow) -> None:
    field = searched.search_bar.field
    # Qt's order was the order the widgets were made in: the detail panel went to Show All
    assert names_in_cycle(qtbot, field) == READING
    assert names_in_cycle(qtbot, field, Qt.Key.Key_Backtab) == [READING[0], *READING[:0:-1]]


def test_the_authors_dock_takes_its_turn_where_it_is_docked(
    qtbot: QtBot, searched: MainWindow
) -> None:
    dock = searched.features.authors
    dock.show()
    qtbot.waitUntil(lambda: dock.list.isVisible())
    field = searched.search_bar.field
    # docked on the left it comes first: after the tabs, Tab goes round to it, then the search
    # field; and the list lets Tab go on (it moved from cell to cell for ever)
    assert names_in_cycle(qtbot, dock.filter) == AUTHORS + READING
    searched.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, dock)
    qtbot.waitUntil(lambda: dock.list.isVisible())
    assert names_in_cycle(qtbot, field) == READING + AUTHORS
    searched.workspace.show_overview()
    expected = READING[:-1] + OVERVIEW + AUTHORS
    qtbot.waitUntil(lambda: names_in_cycle(qtbot, field) == expected, timeout=5000)


def test_the_tab_order_holds_with_the_dock_closed(qtbot: QtBot, searched: MainWindow) -> None:
    dock = searched.features.authors
    dock.show()
    qtbot.waitUntil(lambda: dock.list.isVisible())
    dock.close()
    assert names_in_cycle(qtbot, searched.search_bar.field) == READING


def test_removing_a_filter_from_the_keyboard_keeps_the_focus_in_sight(
    qtbot: QtBot, searched: MainWindow
) -> None:
    bar = searched.workspace.filter_bar
    searched.filters.set("author", "by Ines Bravo", lambda comment: comment.author == "Ines Bravo")
    assert len(bar.buttons) == 2
    first = bar.buttons[0]
    first.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is first)
    QTest.keyClick(first, Qt.Key.Key_Space)  # the button goes with its filter
    assert len(bar.buttons) == 1
    qtbot.waitUntil(lambda: QApplication.focusWidget() is bar.buttons[0])
    QTest.keyClick(bar.buttons[0], Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is bar.show_all
    QTest.keyClick(bar.show_all, Qt.Key.Key_Space)  # every filter goes, and the bar
    assert not bar.isVisible()
    assert QApplication.focusWidget() is searched.tree


def test_the_status_bar_buttons_come_last(qtbot: QtBot, window: MainWindow, tmp_path: Path) -> None:
    page = tmp_path / "tail.txt"
    lines = ["A post", "", "posted at 9:00 am on March 1, 2008 by Editor", "", "Its body.", ""]
    for number in range(1, 4):
        lines += [f"Comment {number} says a few words.", ""]
        lines += [f"Reader {number} on March 1, 2008 at 10:0{number} AM", ""]
    lines.append("A last paragraph that nobody signed at all.")  # a problem: the button shows
    page.write_text("\n".join(lines), encoding="utf-8")
    window.activateWindow()
    load(qtbot, window, page)
    assert window.status.problems.isVisible()  # "⚠ 1 problem"
    cycle = names_in_cycle(qtbot, window.search_bar.field)
    assert cycle == [
        "searchField",
        "threadView",
        "qt_tabwidget_tabbar",
        "detailView",
        "problemsButton",
    ]
