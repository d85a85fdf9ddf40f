"""The welcome view: there with no dump, gone once one loads, back on Close; its buttons work."""

from __future__ import annotations

from pathlib import Path

import pytest
from gui_support import load, settings_fixture, window_fixture  # noqa: F401 (fixtures)
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QPalette, QTextDocument, QTextDocumentFragment
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from talkback.gui.main_window import MainWindow
from talkback.resources import sample_page

pytestmark = pytest.mark.gui


def test_welcome_shows_with_no_dump_goes_on_load_and_comes_back_on_close(
    qtbot: QtBot, window: MainWindow, harbor_path: Path
) -> None:
    workspace = window.workspace
    assert workspace.is_welcome()
    assert workspace.welcome.isVisible() and not window.tree.isVisible()
    load(qtbot, window, harbor_path)
    assert not workspace.is_welcome()
    assert window.tree.isVisible() and not workspace.welcome.isVisible()
    window.commands.close.trigger()
    assert workspace.is_welcome() and workspace.welcome.isVisible()


def test_open_the_sample_loads_the_sample(qtbot: QtBot, window: MainWindow) -> None:
    button = window.workspace.welcome.sample_button
    assert button.isVisible() and button.accessibleName() == "Open the Sample"
    with qtbot.waitSignal(window.load_finished, timeout=20_000):
        QTest.mouseClick(button, Qt.MouseButton.LeftButton)
    assert window.path == str(sample_page())
    assert window.model.archive.comment_count == 11
    assert not window.workspace.is_welcome()


def test_recent_files_are_listed_and_open_on_click(
    qtbot: QtBot, window: MainWindow, harbor_path: Path
) -> None:
    welcome = window.workspace.welcome
    assert [label.text() for label in welcome.recent_labels] == [
        "Files you open will be listed here."
    ]
    load(qtbot, window, harbor_path)
    window.close_dump()
    assert len(welcome.recent_labels) == 1
    label = welcome.recent_labels[0]
    assert harbor_path.name in label.text() and label.toolTip() == str(harbor_path)
    with qtbot.waitSignal(window.load_finished, timeout=20_000):
        # the file's name is the link, at the start of the line
        QTest.mouseClick(label, Qt.MouseButton.LeftButton, pos=QPoint(8, label.height() // 2))
    assert window.path == str(harbor_path)


def test_a_dump_that_cannot_be_read_goes_back_to_welcome_with_the_reason(
    qtbot: QtBot, window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from PySide6.QtWidgets import QMessageBox

    monkeypatch.setattr(QMessageBox, "open", lambda self: None)
    missing = tmp_path / "gone.txt"
    load(qtbot, window, missing)
    welcome = window.workspace.welcome
    assert window.workspace.is_welcome()
    assert welcome.message.isVisible()
    assert "gone.txt" in welcome.message.text().replace("\u200b", "")  # its invisible breaks


def test_a_file_that_could_not_be_opened_is_not_listed_as_recent(
    qtbot: QtBot,
    window: MainWindow,
    tmp_path: Path,
    harbor_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from PySide6.QtWidgets import QMessageBox

    monkeypatch.setattr(QMessageBox, "open", lambda self: None)
    load(qtbot, window, harbor_path)
    binary = tmp_path / "photo.txt"
    binary.write_bytes(bytes(range(256)) * 40)
    load(qtbot, window, binary)
    assert window.last_error is not None and "binary" in window.last_error
    assert window.recent.paths() == [str(harbor_path)]
    assert window.workspace.welcome.recent_labels[0].toolTip() == str(harbor_path)
    window.recent_menu.rebuild()  # as it is each time it opens
    assert [action.data() for action in window.recent_menu.actions() if action.data()] == [
        str(harbor_path)
    ]


def test_the_welcome_buttons_ask_for_a_file_or_a_folder(
    qtbot: QtBot, window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    asked: list[str] = []
    monkeypatch.setattr(
        "talkback.gui.main_window.choose_dump", lambda *args: asked.append("file") or None
    )
    monkeypatch.setattr(
        "talkback.gui.main_window.choose_folder", lambda *args: asked.append("folder") or None
    )
    welcome = window.workspace.welcome
    QTest.mouseClick(welcome.open_button, Qt.MouseButton.LeftButton)
    QTest.mouseClick(welcome.folder_button, Qt.MouseButton.LeftButton)
    assert asked == ["file", "folder"]
    assert window.workspace.is_welcome()  # cancelled dialogs leave the welcome view


def test_a_recent_file_gone_since_is_greyed(window: MainWindow, harbor_path: Path) -> None:
    """Greyed as the palette's placeholder text is: Qt's own is the text colour at half
    opacity, which written as #RRGGBB was the text colour itself (black)."""
    window.recent.add(str(harbor_path.parent / "gone since.txt"))
    window.recent.add(harbor_path)
    welcome = window.workspace.welcome
    welcome.refresh()
    there, gone = welcome.recent_labels
    text = welcome.palette().color(QPalette.ColorRole.Text).name()
    assert "(no longer there)" in gone.text() and f"color: {text}" not in gone.text()
    assert f"color: {text}" not in there.text()  # its folder, beside the link


def test_long_recent_lines_are_cut_in_the_middle_not_clipped(
    qtbot: QtBot, window: MainWindow, harbor_path: Path
) -> None:
    """A deep folder or a long name is cut in the middle ("…"), so that a line ends as it should:
    the folder's last part, or why the file is not a link ("no longer there")."""
    deep = harbor_path.parent / "a folder with a long name for the exports of one project"
    window.recent.add(str(deep / "a gone dump with a long descriptive name of what it holds.txt"))
    window.recent.add(harbor_path)
    window.recent.add(str(deep / "deeper still" / "gone.txt"))
    window.resize(640, 480)
    welcome = window.workspace.welcome
    welcome.refresh()
    qtbot.wait(50)  # the new lines laid out
    assert all(label.width() > 300 for label in welcome.recent_labels)
    for label in welcome.recent_labels:
        document = QTextDocument()
        document.setHtml(label.text())
        shown = document.toPlainText()
        assert label.fontMetrics().horizontalAdvance(shown) <= label.width(), shown
    plain = [
        QTextDocumentFragment.fromHtml(label.text()).toPlainText()
        for label in welcome.recent_labels
    ]
    assert plain[0].endswith("deeper still (no longer there)")
    assert plain[1].startswith(harbor_path.name)
    assert plain[2].endswith(" (no longer there)") and "…" in plain[2]


def test_a_message_naming_a_deep_path_wraps_inside_the_column(
    qtbot: QtBot, window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from PySide6.QtWidgets import QMessageBox

    monkeypatch.setattr(QMessageBox, "open", lambda self: None)
    folder = (
        tmp_path
        / "a_long_folder_name_with_no_spaces_at_all_as_the_exports_of_one_project_often_have"
        / "2024"
    )
    folder.mkdir(parents=True)
    missing = folder / "the_dump_that_is_not_there.txt"
    load(qtbot, window, missing)
    message = window.workspace.welcome.message
    qtbot.wait(20)
    # the path was one run without spaces, clipped at the column's edge: its end not seen
    assert message.minimumSizeHint().width() <= message.width()
    assert str(missing) in message.text().replace("\u200b", "")


def test_ten_recent_files_fit_a_small_window_and_scroll(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    """Ten recent lines made the view 533 px high at least: no window under 578 px."""
    for number in range(10):
        dump = tmp_path / f"folder {number}" / f"dump-{number}.txt"
        dump.parent.mkdir()
        dump.write_text("x", encoding="utf-8")
        window.recent.add(dump)
    welcome = window.workspace.welcome
    welcome.refresh()
    window.resize(800, 480)
    qtbot.wait(20)
    assert window.minimumSizeHint().height() <= 480
    assert window.height() == 480
    assert welcome.height() <= window.centralWidget().height()
    area = welcome.recent_area

    def in_sight(label: QWidget) -> bool:
        top = label.mapTo(area.viewport(), QPoint(0, 0)).y()
        return top >= 0 and top + label.height() <= area.viewport().height()

    qtbot.waitUntil(lambda: area.verticalScrollBar().maximum() > 0)
    assert sum(in_sight(label) for label in welcome.recent_labels) >= 3
    for label in welcome.recent_labels:  # nothing cut at the right, under the scroll bar
        assert label.geometry().right() < area.viewport().width()
    welcome.sample_button.setFocus()
    for _ in range(10):  # Tab to the last recent file: it scrolls into sight
        assert window.focusNextPrevChild(True)
    last = welcome.recent_labels[-1]
    assert last.hasFocus() and in_sight(last)

    window.resize(1280, 800)
    qtbot.waitUntil(lambda: window.height() == 800)
    qtbot.waitUntil(lambda: area.verticalScrollBar().maximum() == 0)
    assert all(in_sight(label) for label in welcome.recent_labels)
