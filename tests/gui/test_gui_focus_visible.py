"""Wherever Tab stops, the screen shows it: each Tab stop of the window looks different while it
has the keyboard's focus (a scroll area at its edges, a control anywhere), and the welcome view's
recent files are reached and opened with one Tab and Enter."""

from __future__ import annotations

from pathlib import Path

import pytest
from gui_support import (  # noqa: F401 (fixtures)
    load,
    open_every_dialog,
    settings_fixture,
    window_fixture,
)
from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtGui import QImage
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from talkback.gui.main_window import MainWindow
from talkback.gui.tab_order import tab_stops
from talkback.gui.welcome_view import WelcomeView

pytestmark = pytest.mark.gui

#: how far around a widget's edges its focus is looked for (pixels each side of the edge)
EDGE = 3


def around(window: QWidget, widget: QWidget) -> QImage:
    """The window's picture of ``widget`` and a few pixels around it."""
    place = QRect(widget.mapTo(window, QPoint(0, 0)), widget.size()).adjusted(
        -EDGE, -EDGE, EDGE, EDGE
    )
    return window.grab().copy(place).toImage()


def edges_differ(one: QImage, other: QImage, band: int = 2 * EDGE) -> bool:
    """Whether two pictures of a widget differ within ``band`` pixels of their edges."""
    width, height = one.width(), one.height()
    for y in range(height):
        inside = band <= y < height - band
        columns = [*range(band), *range(width - band, width)] if inside else range(width)
        if any(one.pixel(x, y) != other.pixel(x, y) for x in columns):
            return True
    return False


def tab() -> None:
    """Press Tab where the focus is (as a keyboard user does: Qt shows focus frames then)."""
    QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
    QTest.qWait(20)


def unseen_stops(window: QWidget) -> list[str]:
    """Of the Tab stops from the one after the focus round to it, those that look the same with
    the focus as once it has moved on. A widget holding other stops (a scroll area), or whose
    insides show where its own Tab goes (the detail panel's links), must show its focus at its
    edges."""
    stops = tab_stops(window) if isinstance(window, MainWindow) else dialog_stops(window)
    unseen: list[str] = []
    tab()
    widget = QApplication.focusWidget()
    assert widget is not None
    entered, moved_inside, seen = around(window, widget), False, {widget}
    for _ in range(3 * len(stops)):
        tab()
        now = QApplication.focusWidget()
        assert now is not None
        if now is widget:  # Tab went on inside it (to its next link)
            moved_inside = True
            continue
        left = around(window, widget)
        holds_stops = any(stop is not widget and widget.isAncestorOf(stop) for stop in stops)
        edges = holds_stops or moved_inside
        if not (edges_differ(entered, left) if edges else entered != left):
            unseen.append(widget.objectName() or widget.accessibleName())
        if now in seen:
            return unseen
        widget, entered, moved_inside = now, around(window, now), False
        seen.add(now)
    raise AssertionError("Tab never came round")


def dialog_stops(dialog: QWidget) -> list[QWidget]:
    """The widgets of ``dialog`` that Tab may stop at."""
    wanted = Qt.FocusPolicy.TabFocus.value
    return [
        widget
        for widget in dialog.findChildren(QWidget)
        if widget.focusPolicy().value & wanted == wanted and widget.isVisible()
    ]


def test_every_tab_stop_of_the_window_shows_its_focus(
    qtbot: QtBot, window: MainWindow, harbor_path: Path
) -> None:
    window.activateWindow()
    load(qtbot, window, harbor_path, select="p1-c7")
    search = window.features.search
    with qtbot.waitSignal(search.changed, timeout=10_000):
        window.search_bar.field.setText("deck")
        window.search_bar.flush()
    window.features.authors.show()
    for tab_shown in (window.workspace.show_reading, window.workspace.show_overview):
        tab_shown()
        QTest.qWait(200)
        window.search_bar.field.setFocus()
        # the filter's button and the detail panel (or the overview) showed nothing
        assert unseen_stops(window) == []


def welcome_with_recent_files(qtbot: QtBot, window: MainWindow, harbor_path: Path) -> WelcomeView:
    """The welcome view listing the harbor page and a file gone since, its sample button
    focused."""
    window.activateWindow()
    window.recent.add(str(harbor_path.parent / "gone since.txt"))
    window.recent.add(harbor_path)
    welcome = window.workspace.welcome
    welcome.refresh()
    QTest.qWait(50)  # the new lines are shown
    welcome.sample_button.setFocus()
    qtbot.waitUntil(lambda: welcome.sample_button.hasFocus())
    return welcome


def test_every_tab_stop_of_the_welcome_view_shows_its_focus(
    qtbot: QtBot, window: MainWindow, harbor_path: Path
) -> None:
    welcome_with_recent_files(qtbot, window, harbor_path)
    # Open… (drawn as the default button, it looked focused already) and the file gone since
    # (a stop with nothing to do) showed nothing
    assert unseen_stops(window) == []


def test_a_recent_file_opens_with_one_tab_and_enter(
    qtbot: QtBot, window: MainWindow, harbor_path: Path
) -> None:
    welcome = welcome_with_recent_files(qtbot, window, harbor_path)
    tab()
    there, gone = welcome.recent_labels
    assert QApplication.focusWidget() is there
    with qtbot.waitSignal(window.load_finished, timeout=20_000):
        QTest.keyClick(there, Qt.Key.Key_Return)  # it took a second Tab to reach the link
    assert window.path == str(harbor_path)
    assert gone.focusPolicy() == Qt.FocusPolicy.NoFocus
    assert gone.accessibleName() == "gone since.txt (no longer there)"


def test_every_tab_stop_of_the_dialogs_shows_its_focus(
    qtbot: QtBot, window: MainWindow, harbor_path: Path
) -> None:
    load(qtbot, window, harbor_path)
    dialogs = open_every_dialog(window)
    assert len(dialogs) == 5
    for dialog in dialogs:
        dialog.activateWindow()
        qtbot.waitUntil(dialog.isActiveWindow)
        first = dialog_stops(dialog)[0]
        first.setFocus()
        qtbot.waitUntil(first.hasFocus)
        # the search syntax page showed nothing where Tab first stopped
        assert unseen_stops(dialog) == [], type(dialog).__name__
