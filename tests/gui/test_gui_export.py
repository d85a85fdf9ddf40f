"""Exporting from the window: the action and the context menu, formats, overwriting, errors, the
search results page, and Help > Search Syntax. The save dialog is replaced by a stand-in."""

from __future__ import annotations

import errno
import io
import json
import os
import threading
from pathlib import Path

import pytest
from gui_support import big_post, load, settings_fixture, window_fixture  # noqa: F401 (fixtures)
from PySide6.QtCore import QPoint, Qt, QUrl
from PySide6.QtGui import QContextMenuEvent, QGuiApplication
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QMenu, QWidget
from pytestqt.qtbot import QtBot

from export_pages import generated_thread
from talkback.core.model import Archive
from talkback.export import streaming, thread_document, writing
from talkback.gui import export_actions
from talkback.gui.export_actions import FILTERS, resolve_target
from talkback.gui.main_window import MainWindow

pytestmark = pytest.mark.gui


class SaveDialog:
    """Stands in for the save dialog: answers with a path and a filter; records what it showed."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch, path: Path | str, chosen: str) -> None:
        self.answer = (str(path), chosen)
        self.asked: list[tuple[str, str, list[str], str]] = []
        monkeypatch.setattr(export_actions, "ask_save_path", self.ask)

    def ask(self, _parent, caption, start, filters, selected):  # type: ignore[no-untyped-def]
        self.asked.append((caption, start, filters, selected))
        return self.answer


@pytest.fixture
def loaded(qtbot: QtBot, window: MainWindow, harbor_path: Path) -> MainWindow:
    load(qtbot, window, harbor_path, select="p1-c3")
    window.features.exporter.show_error = lambda message: None
    return window


def export(qtbot: QtBot, window: MainWindow) -> str:
    """Trigger File > Export Thread… and wait for the file to be written; its path."""
    with qtbot.waitSignal(window.features.exporter.written, timeout=10_000) as written:
        window.features.actions.export_thread.trigger()
    return str(written.args[0])


def test_export_thread_writes_html_and_offers_to_open_it(
    qtbot: QtBot, loaded: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    dialog = SaveDialog(monkeypatch, tmp_path / "walt.html", FILTERS["html"])
    assert loaded.features.actions.export_thread.shortcut().toString() == "Ctrl+E"
    path = export(qtbot, loaded)
    assert path == str(tmp_path / "walt.html")
    page = Path(path).read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>") and 'id="p1-c3"' in page
    caption, start, filters, selected = dialog.asked[0]
    assert caption == "Export Thread"
    assert Path(start).name == "harbor-town-council-votes-to-close-p1-c3.html"
    assert filters == [FILTERS["html"], FILTERS["md"], FILTERS["json"]]
    assert selected == FILTERS["html"]
    notice = loaded.features.exporter.notice
    assert notice.isVisible() and "walt.html" in notice.label.text()
    opened: list[QUrl] = []
    notice.open_url = lambda url: opened.append(url) or True
    notice.open_button.click()
    assert opened == [QUrl.fromLocalFile(path)]
    # the next export starts in the same folder, in the format used last
    dialog.answer = (str(tmp_path / "again.html"), FILTERS["html"])
    export(qtbot, loaded)
    assert Path(dialog.asked[1][1]).parent == tmp_path


def test_the_chosen_filter_gives_the_format_and_extension(
    qtbot: QtBot, loaded: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    dialog = SaveDialog(monkeypatch, tmp_path / "thread", FILTERS["md"])
    path = export(qtbot, loaded)
    assert path == str(tmp_path / "thread.md")
    assert Path(path).read_text(encoding="utf-8").startswith("# ")
    dialog.answer = (str(tmp_path / "thread"), FILTERS["json"])
    path = export(qtbot, loaded)
    document = json.loads(Path(path).read_text(encoding="utf-8"))
    assert path.endswith("thread.json") and "p1-c3" in json.dumps(document)
    assert dialog.asked[-1][3] == FILTERS["md"]  # the format used last is proposed
    # a known extension wins over the filter
    assert resolve_target("/x/a.json", FILTERS["html"], ["html", "md", "json"]) == (
        Path("/x/a.json"),
        "json",
    )
    assert resolve_target("/x/a.txt", FILTERS["md"], ["html", "md", "json"]) == (
        Path("/x/a.txt.md"),
        "md",
    )


def test_overwriting(
    qtbot: QtBot, loaded: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    existing = tmp_path / "old.html"
    existing.write_text("old", encoding="utf-8")
    SaveDialog(monkeypatch, existing, FILTERS["html"])  # the dialog asked, and the user agreed
    export(qtbot, loaded)
    assert existing.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    # a name that only clashes once the extension is added is asked about here
    clash = tmp_path / "notes.md"
    clash.write_text("mine", encoding="utf-8")
    SaveDialog(monkeypatch, tmp_path / "notes", FILTERS["md"])
    answers = [False]
    monkeypatch.setattr(export_actions, "confirm_overwrite", lambda _parent, _path: answers[0])
    loaded.features.actions.export_thread.trigger()
    loaded.features.exporter.wait()
    assert clash.read_text(encoding="utf-8") == "mine"
    answers[0] = True
    export(qtbot, loaded)
    assert clash.read_text(encoding="utf-8").startswith("# ")


def test_errors_name_the_file(
    qtbot: QtBot, loaded: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shown: list[str] = []
    exporter = loaded.features.exporter
    exporter.show_error = shown.append
    missing = tmp_path / "no-such-folder" / "x.html"
    SaveDialog(monkeypatch, missing, FILTERS["html"])
    with qtbot.waitSignal(exporter.failed, timeout=10_000):
        loaded.features.actions.export_thread.trigger()
    assert shown == [exporter.last_error] and str(missing) in shown[0]
    assert "\n" not in shown[0]
    assert str(missing) in loaded.statusBar().currentMessage()

    def full_disk(_descriptor: int) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr("talkback.export.writing.os.fsync", full_disk)
    target = tmp_path / "full.html"
    SaveDialog(monkeypatch, target, FILTERS["html"])
    with qtbot.waitSignal(exporter.failed, timeout=10_000):
        loaded.features.actions.export_thread.trigger()
    assert shown[-1] == f"cannot write {target}: No space left on device"
    assert not target.exists() and not list(tmp_path.glob(".*.tmp"))


@pytest.fixture
def big(loaded: MainWindow, monkeypatch: pytest.MonkeyPatch) -> Archive:
    """A thread of 2,000 comments the window's exporter exports, written in chunks of 16 KB."""
    thread = generated_thread(2000)
    loaded.features.exporter.archive_of = lambda: thread
    monkeypatch.setattr(streaming, "CHUNK_CHARS", 16_384)
    return thread


def test_a_big_thread_is_written_in_chunks_and_reported(
    qtbot: QtBot, loaded: MainWindow, big: Archive, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    exporter = loaded.features.exporter
    writes: list[int] = []
    real_fdopen = os.fdopen

    class Counting(io.BufferedWriter):
        def write(self, data) -> int:  # type: ignore[no-untyped-def, override]
            writes.append(len(data))
            return super().write(data)

    monkeypatch.setattr(
        writing.os, "fdopen", lambda fd, mode="r": Counting(real_fdopen(fd, mode, buffering=0))
    )
    SaveDialog(monkeypatch, tmp_path / "big.json", FILTERS["json"])
    with qtbot.waitSignal(exporter.written, timeout=20_000) as written:
        exporter.export_thread(big.posts[0])
    assert written.args[0] == str(tmp_path / "big.json")
    document = json.loads((tmp_path / "big.json").read_text(encoding="utf-8"))
    expected = thread_document(big, "p1")
    assert document["posts"] == expected["posts"] and len(document["posts"][0]["comments"]) == 2000
    assert len(writes) > 20 and max(writes) < 200_000  # chunk by chunk, never the whole file
    assert exporter.last_error == "" and not list(tmp_path.glob(".*.tmp"))


@pytest.mark.parametrize("failure", ["disk full", "renderer"])
def test_a_failure_midway_is_reported_and_leaves_the_old_file(
    qtbot: QtBot,
    loaded: MainWindow,
    big: Archive,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    failure: str,
) -> None:
    exporter = loaded.features.exporter
    shown: list[str] = []
    exporter.show_error = shown.append
    if failure == "disk full":
        real_fdopen = os.fdopen

        class FillingUp(io.BufferedWriter):
            writes = 0

            def write(self, data) -> int:  # type: ignore[no-untyped-def, override]
                FillingUp.writes += 1
                if FillingUp.writes == 5:
                    raise OSError(errno.ENOSPC, "No space left on device")
                return super().write(data)

        monkeypatch.setattr(
            writing.os, "fdopen", lambda fd, mode="r": FillingUp(real_fdopen(fd, mode, buffering=0))
        )
        reason = "No space left on device"
    else:
        real_encoded = writing.encoded

        def breaking(chunks):  # type: ignore[no-untyped-def]
            for number, chunk in enumerate(real_encoded(chunks)):
                if number == 4:
                    raise RuntimeError("the renderer broke")
                yield chunk

        monkeypatch.setattr(writing, "encoded", breaking)
        reason = "the renderer broke"
    target = tmp_path / "big.html"
    target.write_text("old", encoding="utf-8")
    SaveDialog(monkeypatch, target, FILTERS["html"])
    with qtbot.waitSignal(exporter.failed, timeout=20_000):
        exporter.export_thread(big.posts[0])
    assert shown == [f"cannot write {target}: {reason}"]
    assert target.read_text(encoding="utf-8") == "old"
    assert not list(tmp_path.glob(".*.tmp"))
    assert str(target) in loaded.statusBar().currentMessage()


def test_closing_the_window_calls_off_an_export_under_way(
    qtbot: QtBot, loaded: MainWindow, big: Archive, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    exporter = loaded.features.exporter
    shown: list[str] = []
    exporter.show_error = shown.append
    real_encoded = writing.encoded
    midway, go_on = threading.Event(), threading.Event()

    def held(chunks):  # type: ignore[no-untyped-def]
        for number, chunk in enumerate(real_encoded(chunks)):
            if number == 3:  # the export is under way: hold it there until the window closes
                midway.set()
                go_on.wait(10)
            yield chunk

    monkeypatch.setattr(writing, "encoded", held)
    target = tmp_path / "big.html"
    target.write_text("old", encoding="utf-8")
    SaveDialog(monkeypatch, target, FILTERS["html"])
    written: list[str] = []
    exporter.written.connect(written.append)
    exporter.failed.connect(shown.append)
    exporter.export_thread(big.posts[0])
    assert midway.wait(10)
    threading.Timer(0.2, go_on.set).start()  # the renderer goes on while shutdown waits
    exporter.shutdown()
    assert not exporter.busy
    qtbot.wait(50)
    assert written == [] and shown == []  # called off: no file, and no error to show
    assert target.read_text(encoding="utf-8") == "old"
    assert not list(tmp_path.glob(".*.tmp"))


def test_context_menu(
    qtbot: QtBot, loaded: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    menu_shown: list[list[str]] = []
    tree_menu = loaded.features.tree_menu

    def popup(menu: QMenu, _where: QPoint) -> None:
        menu_shown.append([action.text() for action in menu.actions() if action.text()])

    tree_menu.popup = popup
    qtbot.waitExposed(loaded)
    tree = loaded.tree
    rosa = loaded.model.index_of(loaded.model.archive.posts[0].comments[4])  # p1-c5
    tree_menu.show_at(tree.visualRect(rosa).center())
    assert tree.current_node().id == "p1-c5"
    assert menu_shown == [
        [
            "&Export Thread…",
            "Copy &ID",
            "Copy Page &Link",
            "&Copy",
            "&Expand or Collapse",
            "Expand &Thread",
            "Collapse T&hread",
        ]
    ]
    loaded.features.actions.copy_id.trigger()
    assert QGuiApplication.clipboard().text() == "p1-c5"
    assert not loaded.features.actions.copy_link.isEnabled()  # the sample page has no address
    loaded.model.archive.posts[0].url = "https://harbor.example/pier"
    tree.select_node(loaded.model.archive.posts[0].comments[0])
    loaded.features.actions.copy_link.trigger()
    assert QGuiApplication.clipboard().text() == "https://harbor.example/pier"
    SaveDialog(monkeypatch, tmp_path / "from-menu.html", FILTERS["html"])
    path = export(qtbot, loaded)
    assert 'id="p1-c1"' in Path(path).read_text(encoding="utf-8")


def test_export_search_results(
    qtbot: QtBot, loaded: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    actions = loaded.features.actions
    assert not actions.export_results.isEnabled()
    with qtbot.waitSignal(loaded.features.search.changed, timeout=5000):
        loaded.features.search.search_for("pier")
    assert actions.export_results.isEnabled()
    dialog = SaveDialog(monkeypatch, tmp_path / "results", FILTERS["html"])
    with qtbot.waitSignal(loaded.features.exporter.written, timeout=10_000) as written:
        actions.export_results.trigger()
    assert written.args[0] == str(tmp_path / "results.html")
    assert dialog.asked[0][2] == [FILTERS["html"]]
    assert Path(dialog.asked[0][1]).name == "search-pier.html"
    page = (tmp_path / "results.html").read_text(encoding="utf-8")
    for comment_id in ("p1-c2", "p1-c5", "p1-c7"):
        assert f'id="{comment_id}"' in page
    assert 'id="p1-c1"' not in page and "pier" in page


def test_help_search_syntax(qtbot: QtBot, window: MainWindow) -> None:
    window.features.actions.search_syntax.trigger()
    dialog = window.features.syntax_dialog
    assert dialog is not None and dialog.isVisible()
    text = dialog.browser.toPlainText()
    assert text.startswith("Search syntax") and 'author:"funky chicken"' in text
    assert dialog.browser.loadResource(0, QUrl("https://example.com/x.png")) is None


def test_the_notice_fits_a_narrow_window_with_the_files_name_in_sight(
    qtbot: QtBot, loaded: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "a long folder name for a researcher's exports of threads" / "2024"
    folder.mkdir(parents=True)
    SaveDialog(monkeypatch, folder / "walt.html", FILTERS["html"])
    loaded.resize(640, 480)
    qtbot.waitUntil(lambda: loaded.width() == 640)
    export(qtbot, loaded)
    label = loaded.features.exporter.notice.label

    def fits() -> bool:
        text = label.fontMetrics().horizontalAdvance(label.text())
        return text <= label.contentsRect().width() and label.text().endswith("walt.html")

    qtbot.waitUntil(fits)  # cut in the middle, not clipped at its end under the buttons
    loaded.features.search.search_for("deck")  # the match count takes room beside it
    qtbot.waitUntil(lambda: loaded.features.search.count_label.isVisible())
    qtbot.waitUntil(fits)
    assert label.toolTip() == str(folder / "walt.html")


def keyboard_menu(tree: QWidget) -> None:
    """What Qt does on the menu key: a context menu event for the focus widget, at the middle of
    the rectangle it gives for its cursor (a tree: its current row)."""
    where = tree.inputMethodQuery(Qt.InputMethodQuery.ImCursorRectangle).center()
    event = QContextMenuEvent(QContextMenuEvent.Reason.Keyboard, where, tree.mapToGlobal(where))
    QApplication.sendEvent(tree, event)


@pytest.mark.parametrize("scrolled_away", [False, True])
def test_the_menu_key_shows_the_menu_beside_the_current_row(
    qtbot: QtBot, window: MainWindow, scrolled_away: bool
) -> None:
    post = big_post(300, reply_rate=0.0)
    window.model.reset("generated")
    window.model.append_posts([post])
    qtbot.waitUntil(lambda: not window.workspace.is_welcome())
    qtbot.waitExposed(window)
    tree = window.tree
    tree.expandAll()
    tree.setCurrentIndex(window.model.index_of(post.comments[5]))
    if scrolled_away:
        tree.scrollToBottom()
    assert tree.viewport().rect().contains(tree.visualRect(tree.currentIndex())) != scrolled_away
    shown: list[QPoint] = []
    window.features.tree_menu.popup = lambda _menu, where: shown.append(where)
    for shift_f10 in (False, True):
        shown.clear()
        if shift_f10:
            QTest.keyClick(tree, Qt.Key.Key_F10, Qt.KeyboardModifier.ShiftModifier)
        else:
            keyboard_menu(tree)
        assert tree.current_node() is post.comments[5]  # not the row below, nor one in sight
        row = tree.visualRect(tree.currentIndex())
        assert tree.viewport().rect().contains(row)  # brought into sight
        assert len(shown) == 1
        at = tree.viewport().mapFromGlobal(shown[0])
        assert row.top() <= at.y() <= row.bottom() + 1 and row.left() <= at.x() <= row.right()


def test_the_menu_key_with_no_current_row_shows_nothing(qtbot: QtBot, window: MainWindow) -> None:
    shown: list[QPoint] = []
    window.features.tree_menu.popup = lambda _menu, where: shown.append(where)
    keyboard_menu(window.tree)
    assert shown == []
