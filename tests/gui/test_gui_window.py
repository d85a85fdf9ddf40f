"""The main window, driven as a person would: open, load, select, click, keys, drop, settings."""

from __future__ import annotations

from pathlib import Path

import pytest
from gui_support import big_post, load, settings_fixture, window_fixture  # noqa: F401 (fixtures)
from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent, QGuiApplication, QTextCursor
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QAbstractItemView, QApplication, QMessageBox
from pytestqt.qtbot import QtBot

from talkback.core.model import Comment, Post
from talkback.gui.detail_html import SELECT_PREFIX
from talkback.gui.detail_view import DetailView
from talkback.gui.main_window import MainWindow
from talkback.gui.settings import Settings
from talkback.gui.tree_model import NodeRole
from talkback.gui.tree_order import CHUNK, Column

pytestmark = pytest.mark.gui


def current_id(window: MainWindow) -> str | None:
    node = window.tree.current_node()
    return node.id if node is not None else None


def link_position(view: DetailView, href_prefix: str) -> QPoint:
    """Where the first link whose target starts with ``href_prefix`` is drawn in the view."""
    document = view.document()
    block = document.begin()
    while block.isValid():
        fragments = block.begin()
        while not fragments.atEnd():
            fragment = fragments.fragment()
            if fragment.charFormat().anchorHref().startswith(href_prefix):
                cursor = QTextCursor(document)
                cursor.setPosition(fragment.position() + 1)
                return view.cursorRect(cursor).center()
            fragments += 1
        block = block.next()
    raise AssertionError(f"no link to {href_prefix} shown")


def write_page(path: Path, comments: int) -> Path:
    """A signature-after page with ``comments`` comments."""
    lines = [
        "A generated post",
        "",
        "posted at 9:00 am on March 1, 2008 by Editor",
        "",
        "The article body of the generated post.",
        "",
        "Comments",
        "",
    ]
    for number in range(1, comments + 1):
        minute = number % 60
        lines += [
            f"Comment {number} has a few words of its own to say here.",
            "",
            f"Reader {number % 97} on March 1, 2008 at 10:{minute:02d} AM",
            "",
        ]
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


def test_loading_the_sample_shows_the_tree_and_the_post(
    qtbot: QtBot, window: MainWindow, harbor_path: Path
) -> None:
    load(qtbot, window, harbor_path)
    model = window.model
    assert model.rowCount() == 1
    assert model.rowCount(model.index(0, 0)) == 6
    assert window.tree.isExpanded(model.index(0, 0))
    assert current_id(window) == "p1"
    assert isinstance(window.detail.node, Post)
    assert "Harbor Town council votes" in window.detail.toPlainText()
    assert window.windowTitle() == "harbor-town-pier.txt — Talkback"
    assert window.last_error is None
    assert not window.status.bar.isVisible()


def test_selecting_a_comment_shows_it(qtbot: QtBot, window: MainWindow, harbor_path: Path) -> None:
    load(qtbot, window, harbor_path, select="p1-c3")
    assert current_id(window) == "p1-c3"
    text = window.detail.toPlainText()
    assert text.startswith("Walt Haskins\nOctober 14, 2011 at 9:44 PM")
    assert "In reply to Sam Pettigrew" in text
    window.tree.setCurrentIndex(window.model.index(0, 0))
    assert isinstance(window.detail.node, Post)


def test_clicking_a_quote_selects_the_quoted_comment(
    qtbot: QtBot, window: MainWindow, harbor_path: Path
) -> None:
    load(qtbot, window, harbor_path, select="p1-c7")
    qtbot.waitExposed(window)
    point = link_position(window.detail, SELECT_PREFIX + "p1-c3")  # Walt, quoted by Theo
    viewport = window.detail.viewport()
    QTest.mouseClick(viewport, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, point)
    qtbot.waitUntil(lambda: current_id(window) == "p1-c3")
    assert window.detail.toPlainText().startswith("Walt Haskins")


def test_keyboard_next_previous_enter_and_copy(
    qtbot: QtBot, window: MainWindow, harbor_path: Path
) -> None:
    load(qtbot, window, harbor_path)
    window.activateWindow()
    window.tree.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is window.tree)
    QTest.keyClick(window.tree, Qt.Key.Key_N)
    assert current_id(window) == "p1-c1"
    QTest.keyClick(window.tree, Qt.Key.Key_N)
    assert current_id(window) == "p1-c2"  # page order, not tree order (p1-c3 replies to p1-c1)
    QTest.keyClick(window.tree, Qt.Key.Key_P)
    assert current_id(window) == "p1-c1"
    index = window.tree.currentIndex()
    assert window.tree.isExpanded(index)
    QTest.keyClick(window.tree, Qt.Key.Key_Return)
    assert not window.tree.isExpanded(index)
    QTest.keyClick(window.tree, Qt.Key.Key_Return)
    assert window.tree.isExpanded(index)
    QTest.keyClick(window.tree, Qt.Key.Key_Down)
    assert current_id(window) == "p1-c3"
    QTest.keyClick(window.tree, Qt.Key.Key_U)
    assert current_id(window) == "p1-c1"
    QTest.keyClick(window.tree, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    copied = QGuiApplication.clipboard().text()
    assert copied.startswith("Sam Pettigrew, October 14, 2011 at 9:20 PM\n\nClosing the north end")


def test_every_action_with_a_shortcut_is_in_a_menu(window: MainWindow) -> None:
    in_menus = set()
    for menu_action in window.menuBar().actions():
        menu = menu_action.menu()
        assert menu is not None
        in_menus.update(action.objectName() for action in menu.actions())
    actions = window.findChildren(type(window.commands.open))
    with_keys = [a for a in actions if not a.shortcut().isEmpty()]
    assert {a.objectName() for a in with_keys} <= in_menus
    shortcuts = {a.objectName(): a.shortcut().toString() for a in with_keys}
    assert shortcuts["open"] == "Ctrl+O" and shortcuts["close"] == "Ctrl+W"
    assert shortcuts["quit"] == "Ctrl+Q" and shortcuts["reload"] == "F5"
    assert shortcuts["nextComment"] == "N" and shortcuts["prevComment"] == "P"


def test_sorting_from_the_header(qtbot: QtBot, window: MainWindow, harbor_path: Path) -> None:
    load(qtbot, window, harbor_path, select="p1-c3")
    window.tree.sortByColumn(Column.DATE, Qt.SortOrder.DescendingOrder)
    post_index = window.model.index(0, 0)
    last_root = window.model.index(0, 0, post_index)
    assert last_root.data().startswith("Until the inspection is done")
    assert current_id(window) == "p1-c3"  # the selection stays on the same comment


def test_cancel_leaves_the_window_clean(qtbot: QtBot, window: MainWindow, tmp_path: Path) -> None:
    big = write_page(tmp_path / "big.txt", 3000)
    window.open_dump(big)
    assert window.commands.cancel_load.isEnabled() and window.loader.is_loading
    with qtbot.waitSignal(window.load_finished, timeout=5000):
        window.commands.cancel_load.trigger()
    assert not window.loader.is_loading
    assert not window.status.bar.isVisible() and not window.commands.cancel_load.isEnabled()
    window.loader.shutdown()  # the worker finishes its page; what it read is dropped
    QApplication.processEvents()
    assert window.model.rowCount() == 0
    assert window.last_error is None


def test_cancelled_before_any_post_no_dump_is_open(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    """The welcome view comes back: the window is as with no dump open, not still naming one
    (its title, Reload and Build Index went on with a dump of which nothing was shown)."""
    big = write_page(tmp_path / "big.txt", 3000)
    window.open_dump(big)
    with qtbot.waitSignal(window.load_finished, timeout=5000):
        window.commands.cancel_load.trigger()
    assert window.workspace.is_welcome()
    assert window.path is None and window.windowTitle() == "Talkback"
    assert not window.extras.build_index.isEnabled()
    assert window.statusBar().currentMessage() == (
        "Loading cancelled: big.txt was not opened, nothing of it was read yet"
    )
    window.reload()  # nothing to read again
    assert not window.loader.is_loading


def test_the_row_commands_follow_the_tree_emptied_by_another_dump(
    qtbot: QtBot, window: MainWindow, tmp_path: Path, harbor_path: Path
) -> None:
    """Opening a dump empties the tree: nothing is current, and Export Thread and Copy ID
    (the tree's context menu) are disabled until a row is, not left as for the row before."""
    load(qtbot, window, harbor_path, select="p1-c3")
    actions = window.features.actions
    assert actions.export_thread.isEnabled() and actions.copy_id.isEnabled()
    binary = tmp_path / "photo.txt"
    binary.write_bytes(bytes(range(256)) * 40)
    window.open_dump(binary)
    assert window.tree.current_node() is None
    assert not actions.export_thread.isEnabled() and not actions.copy_id.isEnabled()


def test_a_dump_that_cannot_be_read_leaves_no_dump_open(
    qtbot: QtBot, window: MainWindow, tmp_path: Path, harbor_path: Path
) -> None:
    load(qtbot, window, harbor_path)
    binary = tmp_path / "photo.txt"
    binary.write_bytes(bytes(range(256)) * 40)
    load(qtbot, window, binary)
    for box in window.findChildren(QMessageBox):
        box.close()
    assert window.workspace.is_welcome() and window.last_error is not None
    assert window.path is None and window.windowTitle() == "Talkback"  # not "photo.txt — …"
    assert not window.extras.build_index.isEnabled()  # it would only fail again
    assert str(binary) in window.statusBar().currentMessage()  # the reason stays said


def test_escape_cancels(qtbot: QtBot, window: MainWindow, tmp_path: Path) -> None:
    big = write_page(tmp_path / "big.txt", 3000)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    window.open_dump(big)
    with qtbot.waitSignal(window.loader.cancelled, timeout=5000):
        QTest.keyClick(window.tree, Qt.Key.Key_Escape)


def test_opening_another_dump_replaces_the_first(
    qtbot: QtBot, window: MainWindow, harbor_path: Path, tmp_path: Path
) -> None:
    big = write_page(tmp_path / "big.txt", 2000)
    window.open_dump(big)
    load(qtbot, window, harbor_path)  # replaces the load under way
    window.loader.shutdown()
    QApplication.processEvents()
    assert len(window.model.archive.posts) == 1
    assert (
        window.model.archive.posts[0].title
        == "Harbor Town council votes to close the old ferry pier"
    )
    assert window.path == str(harbor_path)


@pytest.mark.parametrize(
    ("content", "reason"), [(b"\x00\x01\x02binary" * 20, "binary data"), (b"", "empty file")]
)
def test_a_bad_file_gives_a_message_naming_it(
    qtbot: QtBot, window: MainWindow, tmp_path: Path, harbor_path: Path, content: bytes, reason: str
) -> None:
    bad = tmp_path / "bad.txt"
    bad.write_bytes(content)
    load(qtbot, window, bad)
    assert window.last_error is not None
    assert str(bad) in window.last_error and reason in window.last_error
    boxes = [box for box in window.findChildren(QMessageBox) if box.isVisible()]
    assert len(boxes) == 1 and str(bad) in boxes[0].informativeText()
    assert reason in window.detail.toPlainText()
    boxes[0].close()
    load(qtbot, window, harbor_path)  # the window still works
    assert window.model.rowCount() == 1 and window.last_error is None


def test_problems_are_listed_without_blocking(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    page = tmp_path / "tail.txt"
    write_page(page, 3)
    page.write_text(page.read_text() + "\n\nA last paragraph that nobody signed at all.\n")
    load(qtbot, window, page)
    assert window.status.problems.isVisible()
    assert "1 problem" in window.status.problems.text()
    window.status.problems.click()
    dialog = window.problems_dialog
    assert dialog is not None and dialog.isVisible() and not dialog.isModal()
    assert "kept as a comment by an unknown author" in dialog.text()


def test_the_problems_window_follows_the_dump_shown(
    qtbot: QtBot, window: MainWindow, tmp_path: Path, harbor_path: Path
) -> None:
    page = tmp_path / "tail.txt"
    write_page(page, 3)
    page.write_text(page.read_text() + "\n\nA last paragraph that nobody signed at all.\n")
    load(qtbot, window, page)
    window.show_problems()
    dialog = window.problems_dialog
    assert dialog is not None and "unknown author" in dialog.text()
    load(qtbot, window, harbor_path)  # read without a problem
    assert dialog.text() == "" and dialog.list.topLevelItemCount() == 0
    assert str(harbor_path) in dialog.summary.text() and "tail.txt" not in dialog.summary.text()
    window.commands.close.trigger()
    assert not dialog.isVisible()


def test_dropping_a_file_opens_it(qtbot: QtBot, window: MainWindow, harbor_path: Path) -> None:
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(harbor_path))])
    point = QPointF(window.rect().center())
    enter = QDragEnterEvent(
        point.toPoint(),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    QApplication.sendEvent(window, enter)
    assert enter.isAccepted()
    drop = QDropEvent(
        point,
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    with qtbot.waitSignal(window.load_finished, timeout=10_000):
        QApplication.sendEvent(window, drop)
    assert window.model.rowCount() == 1
    text_only = QMimeData()
    text_only.setText("not a file")
    refused = QDragEnterEvent(
        point.toPoint(),
        Qt.DropAction.CopyAction,
        text_only,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    QApplication.sendEvent(window, refused)
    assert not refused.isAccepted()


def test_reload_keeps_the_selection(qtbot: QtBot, window: MainWindow, harbor_path: Path) -> None:
    load(qtbot, window, harbor_path, select="p1-c8")
    first = window.tree.current_node()
    with qtbot.waitSignal(window.load_finished, timeout=10_000):
        window.commands.reload.trigger()
    node = window.tree.current_node()
    assert isinstance(node, Comment) and node.id == "p1-c8" and node is not first
    window.commands.close.trigger()
    assert window.model.rowCount() == 0 and window.path is None
    assert window.windowTitle() == "Talkback"


def expanded_ids(window: MainWindow) -> set[str]:
    return {node.id for node in window.tree.expanded_nodes()}


def test_reload_keeps_the_rows_open_as_they_were(
    qtbot: QtBot, window: MainWindow, harbor_path: Path
) -> None:
    load(qtbot, window, harbor_path)  # opened fully expanded
    window.tree.collapse(window.model.index_of(window.model.find("p1-c2")))  # one thread closed
    window.select_id("p1-c9")
    before = expanded_ids(window)
    assert "p1-c1" in before and "p1-c2" not in before
    with qtbot.waitSignal(window.load_finished, timeout=10_000):
        QTest.keyClick(window.tree, Qt.Key.Key_F5)
    assert current_id(window) == "p1-c9"
    assert expanded_ids(window) == before  # not only the rows down to the selection


def test_state_is_remembered(qtbot: QtBot, tmp_path: Path, harbor_path: Path) -> None:
    settings_path = tmp_path / "remembered.ini"
    first = MainWindow(Settings.at(settings_path))
    qtbot.addWidget(first)
    first.show()
    load(qtbot, first, harbor_path)
    first.resize(640, 480)
    first.splitter.setSizes([380, 600])
    first.tree.header().resizeSection(Column.AUTHOR, 222)
    sizes = first.splitter.sizes()
    first.close()

    second = MainWindow(Settings.at(settings_path))
    qtbot.addWidget(second)
    second.show()
    assert (second.width(), second.height()) == (640, 480)
    load(qtbot, second, harbor_path)  # the splitter shows (and lays out) once a dump is open
    assert second.splitter.sizes() == sizes
    assert second.tree.header().sectionSize(Column.AUTHOR) == 222
    assert second.recent.paths() == [str(harbor_path)]
    assert second.settings.last_folder == str(harbor_path.parent)
    second.close()


def test_scrolling_a_huge_thread_shows_more_rows(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    load(qtbot, window, write_page(tmp_path / "huge.txt", CHUNK + 1500))
    model, tree = window.model, window.tree
    post_index = model.index(0, 0)
    assert tree.isExpanded(post_index)
    assert model.rowCount(post_index) == CHUNK
    tree.scrollToBottom()
    qtbot.waitUntil(lambda: model.rowCount(post_index) == CHUNK + 1500)
    far = model.archive.posts[0].comments[-1]
    window.commands.collapse_all.trigger()
    assert window.tree.select_node(far)
    assert current_id(window) == far.id
    window.go_previous_comment()
    assert current_id(window) == model.archive.posts[0].comments[-2].id


def test_scrolling_up_after_a_jump_shows_earlier_rows(qtbot: QtBot, window: MainWindow) -> None:
    post = big_post(CHUNK * 4, reply_rate=0.0)
    window.model.append_posts([post])
    model, tree = window.model, window.tree
    assert tree.select_node(post.comments[-1])  # far away: the window moves to the end
    post_index = model.index(0, 0)
    assert model.hidden_before(post_index) == 3 * CHUNK
    tree.scrollTo(model.index(0, 0, post_index), QAbstractItemView.ScrollHint.PositionAtTop)
    qtbot.waitUntil(lambda: model.hidden_before(post_index) == 2 * CHUNK)
    top = tree.indexAt(QPoint(1, 1))
    assert top.data(NodeRole) is post.comments[3 * CHUNK]  # the row at the top stayed put


def test_the_actions_on_a_dump_wait_for_one(
    qtbot: QtBot, window: MainWindow, harbor_path: Path, tmp_path: Path
) -> None:
    commands = window.commands
    on_a_dump = [
        commands.reload,
        commands.close,
        commands.copy,
        commands.expand_all,
        commands.collapse_all,
    ]
    assert not any(action.isEnabled() for action in on_a_dump)  # nothing open: they did nothing
    load(qtbot, window, harbor_path)
    assert all(action.isEnabled() for action in on_a_dump)
    commands.close.trigger()
    assert not any(action.isEnabled() for action in on_a_dump)
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    with qtbot.waitSignal(window.load_finished, timeout=10_000):
        window.open_dump(empty)
    assert window.path is None
    assert not any(action.isEnabled() for action in on_a_dump)
