"""A row the user expands has its replies brought into sight: a post expanded at the bottom of
the view (by a click, a double click, Right, Enter or ``*``) scrolls up so that its replies fill
the view, also when they are read from the index after the click (a first page, then the whole
post); a post in the middle scrolls up as far as its replies need, one at the top stays."""

from __future__ import annotations

from pathlib import Path

import pytest
from gui_support import (  # noqa: F401
    held_after_first_page,
    load,
    settings_fixture,
    window_fixture,
)
from PySide6.QtCore import QModelIndex, QPoint, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QAbstractItemView
from pytestqt.qtbot import QtBot

from dumps import generated_page
from talkback.core.model import Post
from talkback.gui.main_window import MainWindow
from talkback.gui.thread_view import ThreadView
from talkback.index import build_index
from talkback.index.browse import IndexedPost

pytestmark = pytest.mark.gui

#: short posts around the long one, more than the view shows
SHORT_POSTS = 80
#: the long post's comments: more than the view shows, more than a first page (4 rows in tests)
LONG_COMMENTS = 60


def _tall_folder(folder: Path) -> Path:
    """Short posts, then a long one in the middle (``b-page-40-long``), then short ones."""
    folder.mkdir()
    for number in range(1, SHORT_POSTS + 1):
        (folder / f"b-page-{number:02d}.txt").write_text(generated_page(number, comments=2))
    (folder / "b-page-40-long.txt").write_text(generated_page(99, comments=LONG_COMMENTS))
    return folder


@pytest.fixture(name="indexed_tall_folder")
def indexed_tall_folder_fixture(tmp_path: Path) -> Path:
    """The tall folder, indexed (the window reads each post's comments when it needs them)."""
    folder = _tall_folder(tmp_path / "pages")
    build_index(folder)
    return folder


def _open(qtbot: QtBot, window: MainWindow, folder: Path) -> tuple[ThreadView, Post]:
    """The window at a real size on ``folder``; its tree and the long post."""
    window.resize(1000, 700)
    load(qtbot, window, folder)
    tree, posts = window.tree, window.model.archive.posts
    qtbot.waitUntil(lambda: tree.viewport().height() > 400)
    # the first post, current and expanded, is read (its row scrolled to once read)
    qtbot.waitUntil(lambda: getattr(posts[0], "loaded", True) and not window.lazy.fetcher.busy)
    qtbot.wait(50)
    long_post = next(p for p in posts if "number 99" in p.title)
    return tree, long_post


def _place(qtbot: QtBot, tree: ThreadView, post: Post, where: str) -> None:
    """Scroll so that ``post``'s row is at the bottom, in the middle or at the top of the view."""
    hints = {
        "bottom": QAbstractItemView.ScrollHint.PositionAtBottom,
        "middle": QAbstractItemView.ScrollHint.PositionAtCenter,
        "top": QAbstractItemView.ScrollHint.PositionAtTop,
    }
    index = tree.model().index_of(post)  # type: ignore[attr-defined]
    tree.scrollTo(index, hints[where])
    qtbot.wait(50)
    rect, height = tree.visualRect(index), tree.viewport().height()
    expected = {"bottom": height - rect.height(), "middle": height // 2, "top": 0}[where]
    assert abs(rect.top() - expected) <= 2 * rect.height()


def _fit(tree: ThreadView, index: QModelIndex) -> int:
    """How many rows the view shows in full."""
    return tree.viewport().height() // tree.rowHeight(index)


def _replies_in_sight(tree: ThreadView, post: Post) -> int:
    """How many rows under ``post``'s the view shows in full (found by position, as seen)."""
    height = tree.viewport().height()
    index = tree.indexAt(QPoint(1, 1))
    count = 0
    while index.isValid() and tree.visualRect(index).bottom() < height:
        node = tree.model().data(index, Qt.ItemDataRole.UserRole)
        if node is not post and getattr(node, "post", None) is post:
            count += 1
        index = tree.indexBelow(index)
    return count


def _filled(tree: ThreadView, post: Post) -> bool:
    """Whether ``post``'s row shows and its replies fill the rest of the view."""
    index = tree.model().index_of(post)  # type: ignore[attr-defined]
    rect = tree.visualRect(index)
    in_sight = rect.top() >= 0 and rect.bottom() < tree.viewport().height()
    return in_sight and _replies_in_sight(tree, post) >= _fit(tree, index) - 1


def _expand_as_the_user(qtbot: QtBot, tree: ThreadView, post: Post, gesture: str) -> None:
    index = tree.model().index_of(post)  # type: ignore[attr-defined]
    rect = tree.visualRect(index)
    expander = QPoint(rect.left() - tree.indentation() // 2, rect.center().y())
    left, none = Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
    if gesture == "click":
        QTest.mouseClick(tree.viewport(), left, none, expander)
        return
    if gesture == "double click":
        QTest.mouseClick(tree.viewport(), left, none, rect.center())
        QTest.mouseDClick(tree.viewport(), left, none, rect.center())
        return
    tree.setCurrentIndex(index)
    tree.setFocus()
    key = {"Right": Qt.Key.Key_Right, "Enter": Qt.Key.Key_Return, "*": Qt.Key.Key_Asterisk}
    QTest.keyClick(tree, key[gesture])


@pytest.mark.parametrize(
    ("where", "gesture"),
    [
        ("bottom", "click"),
        ("bottom", "double click"),
        ("bottom", "Right"),
        ("bottom", "Enter"),
        ("bottom", "*"),
        ("middle", "click"),
        ("top", "Right"),
    ],
)
def test_a_post_expanded_as_it_is_read_fills_the_view_with_its_replies(
    qtbot: QtBot,
    window: MainWindow,
    indexed_tall_folder: Path,
    monkeypatch: pytest.MonkeyPatch,
    where: str,
    gesture: str,
) -> None:
    shown, gate = held_after_first_page(monkeypatch)
    tree, post = _open(qtbot, window, indexed_tall_folder)
    assert type(post) is IndexedPost and not post.loaded
    _place(qtbot, tree, post, where)
    scrolled = tree.verticalScrollBar().value()
    _expand_as_the_user(qtbot, tree, post, gesture)
    index = window.model.index_of(post)
    assert tree.isExpanded(index)
    qtbot.waitUntil(lambda: window.model.rowCount(index) > 0)
    page = window.model.rowCount(index)
    assert (
        shown.is_set() and not post.loaded and page < _fit(tree, index)
    )  # the first page, fewer rows than the view shows
    qtbot.waitUntil(lambda: _replies_in_sight(tree, post) == page)  # all in sight at once
    gate.set()
    qtbot.waitUntil(lambda: post.loaded)
    qtbot.waitUntil(lambda: _filled(tree, post))  # then the whole post's fill the view
    if where == "top":
        assert tree.verticalScrollBar().value() == scrolled  # already in sight: nothing moves


def test_a_user_who_scrolls_while_the_post_is_read_keeps_the_view_there(
    qtbot: QtBot, window: MainWindow, indexed_tall_folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shown, gate = held_after_first_page(monkeypatch)
    tree, post = _open(qtbot, window, indexed_tall_folder)
    _place(qtbot, tree, post, "bottom")
    _expand_as_the_user(qtbot, tree, post, "click")
    index = window.model.index_of(post)
    qtbot.waitUntil(lambda: window.model.rowCount(index) > 0)
    assert shown.is_set() and not post.loaded
    page = window.model.rowCount(index)
    qtbot.waitUntil(lambda: _replies_in_sight(tree, post) == page)
    bar = tree.verticalScrollBar()
    bar.setValue(bar.value() - 3)
    scrolled = bar.value()
    gate.set()
    qtbot.waitUntil(lambda: post.loaded)
    qtbot.wait(100)
    assert bar.value() == scrolled
    assert not _filled(tree, post)


def test_a_post_read_whole_fills_the_view_when_the_user_expands_it_not_when_code_does(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    tree, post = _open(qtbot, window, _tall_folder(tmp_path / "pages"))  # no index: read whole
    assert type(post) is Post and len(post.comments) == LONG_COMMENTS
    _place(qtbot, tree, post, "bottom")
    scrolled = tree.verticalScrollBar().value()
    index = window.model.index_of(post)
    tree.expand(index)  # as a search or a link does, which scroll where they need themselves
    qtbot.wait(50)
    assert tree.verticalScrollBar().value() == scrolled and not _filled(tree, post)
    tree.collapse(index)
    _expand_as_the_user(qtbot, tree, post, "click")
    qtbot.waitUntil(lambda: _filled(tree, post))


def test_star_expands_the_whole_thread_with_one_signal(
    qtbot: QtBot, window: MainWindow, harbor_path: Path
) -> None:
    load(qtbot, window, harbor_path)
    tree, model = window.tree, window.model
    post = model.archive.posts[0]
    index = model.index_of(post)
    tree.collapseAll()
    tree.setCurrentIndex(index)
    signals: list[QModelIndex] = []
    tree.expanded.connect(signals.append)
    QTest.keyClick(tree, Qt.Key.Key_Asterisk)
    with_replies = [c for c in post.comments if any(o.parent_id == c.id for o in post.comments)]
    assert len(with_replies) >= 2  # a thread more than one level deep
    assert tree.isExpanded(index)
    assert all(tree.isExpanded(model.index_of(comment)) for comment in with_replies)
    # one signal (not one per reply, which cost a tenth of a second on 2,000 replies)
    assert signals == [index]


def test_rows_expanded_together_are_laid_out_once_without_a_signal_each(
    qtbot: QtBot, window: MainWindow, harbor_path: Path
) -> None:
    load(qtbot, window, harbor_path)
    tree, model = window.tree, window.model
    post = model.archive.posts[0]
    with_replies = [c for c in post.comments if any(o.parent_id == c.id for o in post.comments)]
    tree.collapseAll()
    signals: list[QModelIndex] = []
    tree.expanded.connect(signals.append)
    nodes = [post, *with_replies]
    tree.expand_all_of([model.index_of(node) for node in nodes] + [QModelIndex()])
    assert signals == []
    assert all(tree.isExpanded(model.index_of(node)) for node in nodes)
    # the rows are where they would be had each been expanded by itself
    first_reply = model.index(0, 0, model.index_of(post))
    assert tree.indexBelow(model.index_of(post)) == first_reply
    assert tree.visualRect(first_reply).isValid()
