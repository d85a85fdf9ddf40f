"""The tree model: integrity under Qt's model tester, rows and parents, sorting, big threads."""

from __future__ import annotations

from pathlib import Path

import pytest
from gui_support import big_post
from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from pytestqt.modeltest import ModelTester

from talkback.core.model import Comment, Post
from talkback.gui.tree_model import NodeIdRole, NodeRole, ThreadModel
from talkback.gui.tree_order import CHUNK, MOST_ROWS, Column
from talkback.sources import load_archive

pytestmark = pytest.mark.gui


def sample_model(path: Path) -> ThreadModel:
    model = ThreadModel()
    model.append_posts(load_archive(path).posts)
    return model


def children(model: ThreadModel, parent: QModelIndex) -> list[str]:
    return [model.index(row, 0, parent).data(NodeIdRole) for row in range(model.rowCount(parent))]


def test_model_tester_on_the_sample(qtmodeltester: ModelTester, harbor_path: Path) -> None:
    model = ThreadModel()
    qtmodeltester.check(model)
    model.append_posts(load_archive(harbor_path).posts)  # the tester watches the insertion
    qtmodeltester.check(model)
    for column in (Column.DATE, Column.AUTHOR, Column.REPLIES):
        model.sort(column, Qt.SortOrder.DescendingOrder)
        qtmodeltester.check(model)


def test_model_tester_on_a_big_post(qtmodeltester: ModelTester) -> None:
    post = big_post(CHUNK + 700, reply_rate=0.1)
    assert len(post.roots) > CHUNK  # so that the top-level comments are shown a chunk at a time
    model = ThreadModel()
    model.append_posts([post])
    qtmodeltester.check(model)
    model.show_more(model.index(0, 0))
    model.sort(Column.DATE, Qt.SortOrder.AscendingOrder)
    qtmodeltester.check(model)


def test_rows_follow_the_reply_tree(harbor_path: Path) -> None:
    model = sample_model(harbor_path)
    assert model.rowCount() == 1
    post_index = model.index(0, 0)
    post = post_index.data(NodeRole)
    assert isinstance(post, Post)
    assert children(model, post_index) == [root.id for root in post.roots]

    def check(parent_index: QModelIndex) -> int:
        seen = 0
        for row in range(model.rowCount(parent_index)):
            index = model.index(row, 0, parent_index)
            node = index.data(NodeRole)
            assert isinstance(node, Comment)
            assert index.parent() == parent_index
            assert model.index_of(node) == index
            assert [c.id for c in node.children] == children(model, index)
            seen += 1 + check(index)
        return seen

    assert check(post_index) == len(post.comments) == 11
    walt = model.find("p1-c3")
    assert isinstance(walt, Comment)
    assert model.index_of(walt).parent().data(NodeIdRole) == "p1-c1"


def test_columns_show_title_author_date_and_replies(harbor_path: Path) -> None:
    model = sample_model(harbor_path)
    post = model.index(0, 0)
    row = [model.index(0, column).data() for column in Column]
    assert row == [
        "Harbor Town council votes to close the old ferry pier",
        "Marguerite Okafor",
        "Oct 14, 2011  9:05 PM",
        "11",
    ]
    sam = model.index(0, 0, post)
    assert model.index(0, Column.THREAD, post).data().startswith("Closing the north end")
    assert model.index(0, Column.AUTHOR, post).data() == "Sam Pettigrew"
    assert model.index(0, Column.REPLIES, post).data() == "1"
    assert sam.data(Qt.ItemDataRole.ToolTipRole).startswith("Sam Pettigrew, Oct 14, 2011")
    assert model.headerData(Column.DATE, Qt.Orientation.Horizontal) == "Date"


def test_sorting_each_level_and_back_to_page_order(harbor_path: Path) -> None:
    model = sample_model(harbor_path)
    post_index = model.index(0, 0)
    post = post_index.data(NodeRole)
    page_order = children(model, post_index)
    model.sort(Column.DATE, Qt.SortOrder.DescendingOrder)
    by_date = sorted(post.roots, key=lambda c: c.published, reverse=True)
    assert children(model, model.index(0, 0)) == [c.id for c in by_date]
    model.sort(Column.AUTHOR, Qt.SortOrder.AscendingOrder)
    by_author = sorted(post.roots, key=lambda c: c.author.casefold())
    assert children(model, model.index(0, 0)) == [c.id for c in by_author]
    model.sort(Column.REPLIES, Qt.SortOrder.DescendingOrder)
    replies = [model.index(r, Column.REPLIES, model.index(0, 0)).data() for r in range(6)]
    assert replies == sorted(replies, key=lambda text: int(text or 0), reverse=True)
    model.sort(Column.THREAD, Qt.SortOrder.AscendingOrder)
    assert children(model, model.index(0, 0)) == page_order


def test_sorting_moves_persistent_indexes_along(harbor_path: Path) -> None:
    model = sample_model(harbor_path)
    walt = model.find("p1-c3")
    assert walt is not None
    model.anchor = walt
    kept = QPersistentModelIndex(model.index_of(walt))
    model.sort(Column.DATE, Qt.SortOrder.DescendingOrder)
    assert kept.isValid()
    assert kept.data(NodeRole) is walt
    assert kept.parent().data(NodeIdRole) == "p1-c1"


def test_a_node_with_many_children_shows_a_window_of_them(qtmodeltester: ModelTester) -> None:
    post = big_post(CHUNK * 5, reply_rate=0.0)
    model = ThreadModel()
    model.append_posts([post])
    qtmodeltester.check(model)  # the tester follows every insertion and removal below
    post_index = model.index(0, 0)
    assert model.rowCount(post_index) == CHUNK
    assert model.hidden_before(post_index) == 0
    assert model.hidden_after(post_index) == 4 * CHUNK
    assert not model.index(CHUNK, 0, post_index).isValid()

    near = post.comments[CHUNK + 10]  # just past the end: the window grows
    index = model.reveal(near)
    assert index.data(NodeRole) is near and index.row() == CHUNK + 10
    assert model.rowCount(post_index) == 2 * CHUNK == MOST_ROWS
    model.show_more(post_index)  # asked for, it grows past MOST_ROWS
    assert model.rowCount(post_index) == 3 * CHUNK

    next_near = post.comments[3 * CHUNK + 10]  # near, but the window is past its most: it moves
    index = model.reveal(next_near)
    assert index.data(NodeRole) is next_near
    assert model.rowCount(post_index) == CHUNK
    assert model.hidden_before(post_index) == 3 * CHUNK + 10 - CHUNK // 2

    far = post.comments[-3]  # far away: the window moves there
    index = model.reveal(far)
    assert index.data(NodeRole) is far
    assert model.rowCount(post_index) == CHUNK
    assert model.hidden_before(post_index) == 4 * CHUNK
    assert index.row() == CHUNK - 3
    assert not model.index_of(post.comments[0]).isValid()
    model.show_earlier(post_index)
    assert model.hidden_before(post_index) == 3 * CHUNK
    assert model.index_of(far).row() == 2 * CHUNK - 3
    assert model.index(0, 0, post_index).data(NodeRole) is post.comments[3 * CHUNK]
    assert model.index(0, 0, post_index).parent() == post_index


def test_sorting_moves_the_window_to_the_current_node() -> None:
    post = big_post(CHUNK * 3, reply_rate=0.0)
    model = ThreadModel()
    model.append_posts([post])
    model.anchor = post.comments[10]
    model.sort(Column.DATE, Qt.SortOrder.DescendingOrder)
    index = model.index_of(post.comments[10])
    assert index.isValid() and index.data(NodeRole) is post.comments[10]
    assert model.rowCount(model.index(0, 0)) == CHUNK


def test_find_by_id_and_reset(harbor_path: Path) -> None:
    model = sample_model(harbor_path)
    assert isinstance(model.find("p1"), Post)
    found = model.find("p1-c11")
    assert isinstance(found, Comment) and found.author == "Ines Bravo"
    assert model.find("p1-c99") is None
    assert model.find("p1-c2", near=found) is model.find("p1-c2")
    model.reset()
    assert model.rowCount() == 0
    assert model.find("p1") is None


def test_posts_arriving_while_sorted_keep_the_order() -> None:
    model = ThreadModel()
    model.sort(Column.REPLIES, Qt.SortOrder.DescendingOrder)
    model.append_posts([big_post(5, post_id="p1"), big_post(40, post_id="p2")])
    model.append_posts([big_post(20, post_id="p3")])
    assert [model.index(row, 0).data(NodeIdRole) for row in range(3)] == ["p2", "p3", "p1"]
    assert [post.row for post in model.archive.posts] == [0, 1, 2]  # rows in dump order
