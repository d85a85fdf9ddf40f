"""Page-order navigation, the tree's sort keys, and the recent-files list (no window needed)."""

from __future__ import annotations

from pathlib import Path

from gui_support import big_post

from talkback.core.model import Post
from talkback.gui.navigation import next_comment, previous_comment, replied_to
from talkback.gui.opening import MAX_RECENT, RecentFiles
from talkback.gui.settings import Settings
from talkback.gui.tree_order import Column, TreeOrder
from talkback.sources import load_archive


def test_next_and_previous_follow_page_order_across_posts() -> None:
    posts = [big_post(3, post_id="p1"), Post(id="p2"), big_post(2, post_id="p3")]
    for row, post in enumerate(posts):
        post.row = row
    visited = []
    node = None
    while (node := next_comment(node, posts)) is not None:
        visited.append(node.id)
    assert visited == ["p1-c1", "p1-c2", "p1-c3", "p3-c1", "p3-c2"]
    back = []
    node = None
    while (node := previous_comment(node, posts)) is not None:
        back.append(node.id)
    assert back == list(reversed(visited))
    assert next_comment(posts[1], posts).id == "p3-c1"  # type: ignore[union-attr]
    assert previous_comment(posts[2], posts).id == "p1-c3"  # type: ignore[union-attr]


def test_replied_to(harbor_path: Path) -> None:
    post = load_archive(harbor_path).posts[0]
    walt = next(c for c in post.comments if c.id == "p1-c3")
    assert replied_to(walt) is walt.parent
    assert replied_to(post.comments[0]) is post
    assert replied_to(post) is None


def test_tree_order_sorts_stably_and_caches_rows() -> None:
    post = big_post(300, reply_rate=0.0)
    order = TreeOrder([post])
    assert order.children(post) is post.roots
    order.set_sort(Column.AUTHOR, descending=False)
    ordered = order.children(post)
    keys = [c.author for c in ordered]
    assert keys == sorted(keys)
    for author in set(keys):  # ties keep page order
        same = [c.order for c in ordered if c.author == author]
        assert same == sorted(same)
    assert all(order.row_of(child) == row for row, child in enumerate(ordered))
    order.set_sort(Column.THREAD, descending=True)
    assert [c.id for c in order.children(post)] == [c.id for c in reversed(post.roots)]


def test_missing_values_sort_last() -> None:
    post = big_post(4, reply_rate=0.0)
    post.roots[1].published = None
    post.roots[2].author = None
    order = TreeOrder([post])
    order.set_sort(Column.DATE, descending=False)
    assert order.children(post)[-1] is post.roots[1]
    order.set_sort(Column.AUTHOR, descending=False)
    assert order.children(post)[-1] is post.roots[2]


def test_recent_files_keep_ten_most_recent_first(tmp_path: Path) -> None:
    recent = RecentFiles(Settings.at(tmp_path / "s.ini"))
    for number in range(12):
        recent.add(tmp_path / f"dump{number}.txt")
    recent.add(tmp_path / "dump5.txt")
    paths = recent.paths()
    assert len(paths) == MAX_RECENT
    assert paths[0] == str(tmp_path / "dump5.txt")
    assert paths[1] == str(tmp_path / "dump11.txt")
    assert paths.count(str(tmp_path / "dump5.txt")) == 1
    recent.remove(tmp_path / "dump5.txt")
    assert str(tmp_path / "dump5.txt") not in recent.paths()
    again = RecentFiles(Settings.at(tmp_path / "s.ini"))  # remembered on disk
    recent.settings.sync()
    assert again.paths() == recent.paths()
    recent.clear()
    assert recent.paths() == []
