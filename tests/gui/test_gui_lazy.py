"""A dump with a current index opens as its posts alone; each post's comments are read from the
index (off the GUI thread) when the post is expanded, selected, or reached by n, p or a link."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from gui_support import (  # noqa: F401
    held_after_first_page,
    held_reads,
    load,
    settings_fixture,
    window_fixture,
)
from pytestqt.qtbot import QtBot

from dumps import generated_page
from talkback.core.model import Comment
from talkback.gui import loader as loader_module
from talkback.gui.main_window import MainWindow
from talkback.gui.tree_model import NodeRole
from talkback.index import build_index
from talkback.index.browse import IndexedPost

pytestmark = pytest.mark.gui


@pytest.fixture(name="indexed_folder")
def indexed_folder_fixture(tmp_path: Path, harbor_path: Path) -> Path:
    """Five posts (the harbor page first, with its replies), indexed; parsing it again fails."""
    folder = tmp_path / "pages"
    folder.mkdir()
    (folder / "a-harbor.txt").write_bytes(harbor_path.read_bytes())
    for number in (1, 2, 3, 4):
        (folder / f"b-page-{number}.txt").write_text(generated_page(number, comments=3))
    build_index(folder)
    return folder


@pytest.fixture(autouse=True)
def no_parsing(monkeypatch: pytest.MonkeyPatch) -> None:
    """The window must read the index, never the dump."""

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("the dump was parsed although a current index exists")

    monkeypatch.setattr(loader_module, "read_dump", refuse)
    monkeypatch.setattr(loader_module, "read_dump_in_child", refuse)


def _posts(window: MainWindow) -> list[IndexedPost]:
    posts = window.model.archive.posts
    assert all(type(post) is IndexedPost for post in posts)
    return posts  # type: ignore[return-value]


def _current_id(window: MainWindow) -> str | None:
    node = window.tree.current_node()
    return node.id if node is not None else None


def test_posts_open_at_once_and_a_post_is_read_when_expanded(
    qtbot: QtBot, window: MainWindow, indexed_folder: Path
) -> None:
    load(qtbot, window, indexed_folder)
    assert window.lazy.active
    assert "from its index" in window.statusBar().currentMessage()
    assert "23 comments" in window.statusBar().currentMessage()
    posts = _posts(window)
    assert len(posts) == 5
    qtbot.waitUntil(lambda: posts[0].loaded)  # the first post is shown, so it is read
    third = window.model.index_of(posts[2])
    assert window.model.hasChildren(third) and window.model.rowCount(third) == 0
    assert window.model.data(third.siblingAtColumn(3)) == "3"  # the count, before reading
    window.tree.expand(third)
    qtbot.waitUntil(lambda: posts[2].loaded)
    assert window.model.rowCount(third) == 3
    first_reply = window.model.index(0, 0, third)
    comment = window.model.data(first_reply, NodeRole)
    assert isinstance(comment, Comment) and comment.post is posts[2]
    assert not posts[1].loaded


def test_selecting_a_post_shows_reading_then_the_post(
    qtbot: QtBot, window: MainWindow, indexed_folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _started, gate = held_reads(monkeypatch)
    load(qtbot, window, indexed_folder)
    posts = _posts(window)
    window.tree.select_node(posts[3])
    index = window.model.index_of(posts[3])
    assert "reading 3 comments…" in window.model.data(index)
    assert "Reading" in window.detail.toPlainText()
    gate.set()
    qtbot.waitUntil(lambda: posts[3].loaded)
    assert "reading" not in window.model.data(index)
    assert "This is the article of generated post 3" in window.detail.toPlainText()


def test_a_link_to_a_comment_of_a_post_not_read_yet_selects_it(
    qtbot: QtBot, window: MainWindow, indexed_folder: Path
) -> None:
    load(qtbot, window, indexed_folder)
    posts = _posts(window)
    target = f"{posts[4].id}-c2"
    assert window.select_id(target)  # under way
    qtbot.waitUntil(lambda: _current_id(window) == target)
    assert not window.select_id("no-such-comment")
    assert "No post or comment with id no-such-comment" in window.statusBar().currentMessage()


def test_next_and_previous_comment_read_the_posts_on_the_way(
    qtbot: QtBot, window: MainWindow, indexed_folder: Path
) -> None:
    load(qtbot, window, indexed_folder)
    posts = _posts(window)
    qtbot.waitUntil(lambda: posts[0].loaded)
    window.tree.select_node(posts[0].comments[-1])
    window.go_next_comment()
    qtbot.waitUntil(lambda: _current_id(window) == f"{posts[1].id}-c1")
    window.tree.select_node(posts[3])
    qtbot.waitUntil(lambda: posts[3].loaded)
    window.tree.select_node(posts[3].comments[0])
    window.go_previous_comment()
    qtbot.waitUntil(lambda: _current_id(window) == f"{posts[2].id}-c3")


def test_a_post_read_for_a_dump_since_closed_is_dropped(
    qtbot: QtBot, window: MainWindow, indexed_folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    started, gate = held_reads(monkeypatch)
    load(qtbot, window, indexed_folder)
    posts = _posts(window)
    qtbot.waitUntil(started.is_set)
    window.close_dump()
    gate.set()
    assert window.lazy.fetcher.shutdown(5000)
    qtbot.wait(50)
    assert not any(post.loaded for post in posts)
    assert window.model.archive.posts == []


def test_posts_read_long_ago_and_out_of_sight_are_let_go(
    qtbot: QtBot, window: MainWindow, indexed_folder: Path
) -> None:
    load(qtbot, window, indexed_folder)
    posts = _posts(window)
    fetcher = window.lazy.fetcher
    qtbot.waitUntil(lambda: posts[0].loaded)
    window.tree.collapse(window.model.index_of(posts[0]))
    fetcher.keep_comments = 4
    in_sight = {posts[3]}
    fetcher.protected = lambda: set(in_sight)
    for post in posts[1:4]:
        fetcher.fetch(post)
    qtbot.waitUntil(lambda: posts[3].loaded and not fetcher.is_reading(posts[1]))
    qtbot.waitUntil(lambda: not fetcher.is_reading(posts[2]))
    assert posts[3].loaded  # protected
    assert fetcher.comments_read <= 4 or posts[3].comment_total > 4
    assert not posts[0].loaded and window.model.rowCount(window.model.index_of(posts[0])) == 0
    assert window.model.hasChildren(window.model.index_of(posts[0]))  # read again when needed
    in_sight.add(posts[0])
    window.tree.expand(window.model.index_of(posts[0]))
    qtbot.waitUntil(lambda: posts[0].loaded)
    assert window.model.rowCount(window.model.index_of(posts[0])) == len(posts[0].roots) > 0


def _search(qtbot: QtBot, window: MainWindow, text: str) -> Any:
    search = window.features.search
    search.search_for(text)
    qtbot.waitUntil(lambda: search.result is not None and search.result.query.text == text)
    return search.result


def test_a_search_runs_in_the_index_and_reads_the_posts_it_shows(
    qtbot: QtBot, window: MainWindow, indexed_folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from talkback.gui import search_runner
    from talkback.gui.index_search import IndexedResult

    monkeypatch.setattr(search_runner, "SearchCorpus", None)  # the in-memory engine is not used
    load(qtbot, window, indexed_folder)
    posts = _posts(window)
    qtbot.waitUntil(lambda: posts[0].loaded)
    result = _search(qtbot, window, "matters")  # every generated comment says it
    assert isinstance(result, IndexedResult)
    assert result.count == 12 and result.comments_kept == 12
    assert "Showing 12 of 23 comments" in window.workspace.filter_bar.summary.text()
    assert window.features.search.count_label.text().endswith("12 matches")
    # the posts with matches show, not read yet until expanded or in sight; the harbor post hides
    assert [window.model.is_shown(post) for post in posts] == [False, True, True, True, True]
    qtbot.waitUntil(lambda: _current_id(window) == f"{posts[1].id}-c1")  # the first match
    for expected in (f"{posts[1].id}-c2", f"{posts[1].id}-c3", f"{posts[2].id}-c1"):
        window.features.search.find_next()
        qtbot.waitUntil(lambda expected=expected: _current_id(window) == expected)
    assert window.features.search.count_label.text().startswith("4 of 12")
    window.features.search.find_previous()
    qtbot.waitUntil(lambda: _current_id(window) == f"{posts[1].id}-c3")
    shown = window.model.index_of(posts[4])
    window.tree.expand(shown)
    qtbot.waitUntil(lambda: posts[4].loaded)
    assert window.model.rowCount(shown) == 3
    window.features.search.clear()
    qtbot.waitUntil(lambda: not window.model.is_filtered)
    assert all(window.model.is_shown(post) for post in posts)


def test_authors_are_counted_in_the_index_and_the_overview_is_per_post(
    qtbot: QtBot, window: MainWindow, indexed_folder: Path
) -> None:
    from talkback.gui.workspace import POSTS_ONLY
    from talkback.search import author_counts
    from talkback.sources import load_archive

    load(qtbot, window, indexed_folder)
    authors = window.features.authors
    qtbot.waitUntil(lambda: authors.counts.total > 0)
    expected = author_counts(load_archive(indexed_folder))
    assert [authors.counts.name(row) for row in range(authors.counts.total)] == [
        name for name, _count, _key in expected
    ]
    overview = window.workspace.overview
    window.workspace.show_overview()
    assert not overview.scope_all.isEnabled() and overview.scope_all.toolTip() == POSTS_ONLY
    posts = _posts(window)
    window.tree.select_node(posts[2])
    qtbot.waitUntil(lambda: posts[2].loaded and overview.overview is not None)
    qtbot.waitUntil(lambda: overview.overview is not None and overview.overview.comments == 3)


def test_copy_and_export_of_a_post_not_read_yet_wait_for_its_text(
    qtbot: QtBot, window: MainWindow, indexed_folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from PySide6.QtGui import QGuiApplication

    load(qtbot, window, indexed_folder)
    posts = _posts(window)
    exported: list[object] = []
    monkeypatch.setattr(window.features.exporter, "export_thread", exported.append)
    _started, gate = held_reads(monkeypatch)
    window.tree.setCurrentIndex(window.model.index_of(posts[2]))
    window.tree.setFocus()
    window.copy()
    window.features.export_current()
    assert exported == []  # not with the summary's empty text
    gate.set()
    qtbot.waitUntil(lambda: exported == [posts[2]])
    assert posts[2].loaded and len(posts[2].comments) == 3
    assert "This is the article of generated post 2" in QGuiApplication.clipboard().text()


def test_search_results_are_exported_from_the_index_a_hit_at_a_time(
    qtbot: QtBot, window: MainWindow, indexed_folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from talkback.gui import export_actions
    from talkback.gui.export_actions import FILTERS
    from talkback.index.search import SearchHits

    load(qtbot, window, indexed_folder)
    posts = _posts(window)
    result = _search(qtbot, window, "matters")
    hits = result.hits()
    assert isinstance(hits, SearchHits)  # searched again as the page is written, never listed
    target = indexed_folder.parent / "exports" / "results.html"
    target.parent.mkdir()
    monkeypatch.setattr(export_actions, "ask_save_path", lambda *_: (str(target), FILTERS["html"]))
    exporter = window.features.exporter
    with qtbot.waitSignal(exporter.written, timeout=10_000) as written:
        window.features.export_results()
    assert written.args[0] == str(target)
    page = target.read_text(encoding="utf-8")
    assert "12 matches in 4 posts" in page
    for post in posts[1:]:
        for number in (1, 2, 3):
            assert f'id="{post.id}-c{number}"' in page
    assert f'id="{posts[0].id}-c1"' not in page
    assert [path.name for path in target.parent.iterdir()] == [target.name]  # no debris


def test_a_screenshot_waits_for_the_posts_being_read(
    qtbot: QtBot,
    window: MainWindow,
    indexed_folder: Path,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    from talkback.gui import app

    _started, gate = held_reads(monkeypatch)
    exits: list[int] = []
    monkeypatch.setattr(app.QApplication, "exit", lambda status=0: exits.append(status))
    out = tmp_path / "shot.png"
    shot = app.Screenshot(window, out)
    shot.arm(loading=True)
    load(qtbot, window, indexed_folder)
    target = f"{_posts(window)[4].id}-c2"
    assert window.select_id(target)
    qtbot.wait(3 * app.SETTLE_MS)
    assert not out.exists()  # still reading: no picture yet
    gate.set()
    qtbot.waitUntil(lambda: bool(exits), timeout=10_000)
    assert exits == [0] and out.exists()
    assert _current_id(window) == target


def test_a_big_posts_first_page_shows_while_the_rest_is_read(
    qtbot: QtBot, window: MainWindow, indexed_folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shown, gate = held_after_first_page(monkeypatch)
    load(qtbot, window, indexed_folder)
    model, tree = window.model, window.tree
    harbor = _posts(window)[0]
    qtbot.waitUntil(lambda: model.rowCount(model.index_of(harbor)) > 0)
    assert shown.is_set() and not harbor.loaded
    page_ids = [comment.id for comment in harbor.comments]
    assert 0 < len(page_ids) <= 4  # the first page, each comment under a parent shown with it
    assert all(c.parent is None or c.parent in harbor.comments for c in harbor.comments)
    parent = next(comment for comment in harbor.comments if comment.children)
    tree.select_node(parent.children[0])
    tree.expand(model.index_of(parent))
    assert window.lazy.unread(harbor) is harbor  # what needs the whole post still waits for it
    gate.set()
    qtbot.waitUntil(lambda: harbor.loaded)
    assert len(harbor.comments) == 11 and set(page_ids) < {c.id for c in harbor.comments}
    current = tree.current_node()
    assert isinstance(current, Comment) and current in harbor.comments  # the new objects
    assert current.id == parent.children[0].id and current is not parent.children[0]
    assert tree.isExpanded(model.index_of(current.parent))  # type: ignore[arg-type]
    assert model.rowCount(model.index_of(harbor)) == len(harbor.roots)


def test_a_search_keeps_its_matches_when_the_whole_post_replaces_its_first_page(
    qtbot: QtBot, window: MainWindow, indexed_folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shown, gate = held_after_first_page(monkeypatch)
    load(qtbot, window, indexed_folder)
    model = window.model
    harbor = _posts(window)[0]
    qtbot.waitUntil(shown.is_set)
    qtbot.waitUntil(lambda: model.rowCount(model.index_of(harbor)) > 0)
    result = _search(qtbot, window, "pier")  # in the post and several of its comments
    assert model.is_filtered and not harbor.loaded
    gate.set()
    qtbot.waitUntil(lambda: harbor.loaded)
    matching = [comment for comment in harbor.comments if result.is_match(comment)]
    assert len(matching) == result.comment_count > 0
    assert all(model.is_kept(comment) for comment in matching)
    assert model.kept_comments == len(matching)
    window.features.search.clear()
    qtbot.waitUntil(lambda: not model.is_filtered)
    assert model.rowCount(model.index_of(harbor)) == len(harbor.roots)
