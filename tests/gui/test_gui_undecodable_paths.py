"""Paths that are not valid UTF-8 (``caf\\xe9.txt`` from a Latin-1 system) in the window.

Python holds such a path with surrogates (PEP 383); Qt's strings cannot, so QSettings wrote
U+FFFD (read back as nothing) and a signal carrying it as text lost the byte: Open Recent offered
a file that was not there. The window remembers such paths byte for byte, names them with the
byte written ``\\xe9``, and opens the very file again.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from urllib.parse import quote_from_bytes

import pytest
from gui_support import load, settings_fixture, window_fixture  # noqa: F401 (fixtures)
from PySide6.QtCore import QMimeData, QPoint, QPointF, QSettings, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from talkback.gui.main_window import MainWindow
from talkback.gui.opening import RecentFiles, dialog_folder, local_path
from talkback.gui.settings import Settings

pytestmark = pytest.mark.gui

FOLDER = os.fsdecode(b"archives \xe9t\xe9")
NAME = os.fsdecode(b"caf\xe9.txt")


@pytest.fixture
def dump(tmp_path: Path, harbor_path: Path) -> Path:
    """The sample page at ``…/archives \\xe9t\\xe9/caf\\xe9.txt``."""
    folder = tmp_path / FOLDER
    try:
        folder.mkdir()
    except (OSError, UnicodeEncodeError):  # a file system that takes only valid names
        pytest.skip("this file system does not take names that are not valid UTF-8")
    path = folder / NAME
    shutil.copyfile(harbor_path, path)
    return path


def test_settings_keep_such_paths_byte_for_byte(tmp_path: Path) -> None:
    odd = str(tmp_path / FOLDER / NAME)
    settings = Settings.at(tmp_path / "s.ini")
    settings.recent_files = [odd, "/plain/é.txt"]
    settings.last_folder = str(tmp_path / FOLDER)
    settings.last_export_folder = str(tmp_path / FOLDER)
    settings.sync()
    again = Settings.at(tmp_path / "s.ini")
    assert again.recent_files == [odd, "/plain/é.txt"]
    assert again.last_folder == str(tmp_path / FOLDER)
    assert again.last_export_folder == str(tmp_path / FOLDER)
    settings.recent_files = [odd]  # a list of one, which QSettings gives back as one value
    settings.sync()
    assert Settings.at(tmp_path / "s.ini").recent_files == [odd]


def test_settings_written_before_are_still_read(tmp_path: Path) -> None:
    """Paths that are valid text are still kept as text: what older versions wrote, and read."""
    store = QSettings(str(tmp_path / "old.ini"), QSettings.Format.IniFormat)
    store.setValue("files/recent", ["/home/ana/café.txt", "/home/ana/b.txt"])
    store.setValue("files/lastFolder", "/home/ana")
    store.setValue("export/lastFolder", "/home/ana/exports")
    store.sync()
    settings = Settings.at(tmp_path / "old.ini")
    assert settings.recent_files == ["/home/ana/café.txt", "/home/ana/b.txt"]
    assert (settings.last_folder, settings.last_export_folder) == ("/home/ana", "/home/ana/exports")
    settings.recent_files = ["/home/ana/café.txt"]
    settings.sync()
    assert "/home/ana/café.txt" in (tmp_path / "old.ini").read_text(encoding="utf-8")


def test_a_recent_dump_at_such_a_path_opens_again_after_a_restart(
    qtbot: QtBot, tmp_path: Path, dump: Path
) -> None:
    settings_path = tmp_path / "settings.ini"
    first = MainWindow(Settings.at(settings_path))
    qtbot.addWidget(first)
    first.show()
    load(qtbot, first, dump)
    assert first.path == str(dump) and first.last_error is None
    assert "caf\\xe9.txt" in first.windowTitle()
    first.close()

    second = MainWindow(Settings.at(settings_path))
    qtbot.addWidget(second)
    second.show()
    assert second.recent.paths() == [str(dump)]
    assert second.settings.last_folder == str(dump.parent)
    second.recent_menu.rebuild()
    entry = second.recent_menu.actions()[0]
    assert "caf\\xe9.txt" in entry.text() and "\ufffd" not in entry.text()
    assert entry.toolTip().endswith("archives \\xe9t\\xe9/caf\\xe9.txt")
    with qtbot.waitSignal(second.load_finished, timeout=20_000):
        entry.trigger()
    assert second.path == str(dump) and second.last_error is None
    assert second.model.archive.posts

    second.close_dump()  # the welcome view's link opens it too
    welcome = second.workspace.welcome
    label = welcome.recent_labels[0]
    assert "caf\\xe9.txt" in label.text() and label.toolTip().endswith("caf\\xe9.txt")
    with qtbot.waitSignal(second.load_finished, timeout=20_000):
        QTest.mouseClick(label, Qt.MouseButton.LeftButton, pos=QPoint(8, label.height() // 2))
    assert second.path == str(dump) and second.last_error is None
    second.close()


def test_such_a_recent_file_gone_since_is_named_and_forgotten(
    qtbot: QtBot, tmp_path: Path, dump: Path
) -> None:
    settings = Settings.at(tmp_path / "settings.ini")
    RecentFiles(settings).add(dump)
    dump.unlink()
    window = MainWindow(settings)
    qtbot.addWidget(window)
    window.show()
    label = window.workspace.welcome.recent_labels[0]
    assert "caf\\xe9.txt" in label.text() and "(no longer there)" in label.text()
    window.recent.remove(dump)
    assert window.recent.paths() == []
    window.close()


def test_the_file_dialogs_start_in_the_nearest_folder_they_can_name(
    qtbot: QtBot, tmp_path: Path, dump: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Given a folder Qt cannot name, a dialog opened somewhere else (the current folder)."""
    assert dialog_folder(dump.parent) == str(tmp_path)
    assert dialog_folder(tmp_path) == str(tmp_path)
    window = MainWindow(Settings.at(tmp_path / "settings.ini"))
    qtbot.addWidget(window)
    load(qtbot, window, dump)
    asked: list[str] = []
    monkeypatch.setattr(
        "talkback.gui.main_window.choose_dump", lambda _parent, folder: asked.append(folder)
    )
    window.choose_and_open()
    assert asked == [str(tmp_path)]
    window.settings.last_export_folder = str(dump.parent)
    assert window.features.exporter._start_folder() == tmp_path
    window.close()


def test_a_dropped_file_at_such_a_path_opens(qtbot: QtBot, tmp_path: Path, dump: Path) -> None:
    """A file manager gives its URL with the byte escaped (``caf%E9.txt``); Qt's own reading of
    it put U+FFFD in place of the byte."""
    url = QUrl.fromEncoded(b"file://" + quote_from_bytes(os.fsencode(dump)).encode("ascii"))
    assert local_path(url) == str(dump)
    assert local_path(QUrl.fromLocalFile("/home/ana/café 100%.txt")) == "/home/ana/café 100%.txt"
    window = MainWindow(Settings.at(tmp_path / "settings.ini"))
    qtbot.addWidget(window)
    window.show()
    mime = QMimeData()
    mime.setUrls([url])
    point = QPointF(window.rect().center())
    buttons = (Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    enter = QDragEnterEvent(point.toPoint(), Qt.DropAction.CopyAction, mime, *buttons)
    QApplication.sendEvent(window, enter)
    assert enter.isAccepted()
    drop = QDropEvent(point, Qt.DropAction.CopyAction, mime, *buttons)
    with qtbot.waitSignal(window.load_finished, timeout=10_000):
        QApplication.sendEvent(window, drop)
    assert window.path == str(dump) and window.last_error is None
    window.close()


def test_a_folder_at_such_a_path_opens(
    qtbot: QtBot, window: MainWindow, tmp_path: Path, dump: Path
) -> None:
    """A folder is looked at for indexing first, whose answers named it as Qt text: the byte
    was lost and the folder not found."""
    load(qtbot, window, dump.parent)
    assert window.path == str(dump.parent) and window.last_error is None
    assert window.model.archive.posts
    assert "\\xe9t\\xe9" in window.windowTitle()
