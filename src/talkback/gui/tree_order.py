"""The order in which the tree shows the children of each node: page order, or sorted by a column.

Sorting happens here rather than in a QSortFilterProxyModel, whose per-comparison calls into Python
would take seconds under a post with 100,000 comments. Each parent's children are sorted once, with
Python's ``sorted`` and a key function, the first time the view asks for them, and each child's row
in that order is cached in a dict, so that ``row_of`` never searches a list.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from enum import IntEnum
from typing import Any

from talkback.core.model import Comment, Post
from talkback.gui.formatting import Node, reply_count


class Column(IntEnum):
    """The tree's columns, in display order."""

    THREAD = 0
    AUTHOR = 1
    DATE = 2
    REPLIES = 3


COLUMN_TITLES: dict[Column, str] = {
    Column.THREAD: "Thread",
    Column.AUTHOR: "Author",
    Column.DATE: "Date",
    Column.REPLIES: "Replies",
}


# Keys are plain strings and ints (cheap to compare); a missing value sorts after every real one.
_LAST = "\U0010ffff"


def _author_key(node: Node) -> str:
    author = node.author
    return author.casefold() if author else _LAST


def _date_key(node: Node) -> str:
    return node.published or _LAST


SORT_KEYS: dict[Column, Callable[[Node], Any]] = {
    Column.AUTHOR: _author_key,
    Column.DATE: _date_key,
    Column.REPLIES: reply_count,
}


class TreeOrder:
    """Children and rows of every node of an archive's tree under the current sort.

    ``posts`` is the (growing) list of top-level posts; call :meth:`posts_added` after appending
    to it. Sorting by ``Column.THREAD`` means page order (dump order for posts); descending
    reverses it. Sorts are stable, so ties keep page order.
    """

    def __init__(self, posts: list[Post]) -> None:
        self.posts = posts
        self.column = Column.THREAD
        self.descending = False
        self._children: dict[Node | None, Sequence[Node]] = {}
        self._rows: dict[Node, int] = {}

    @property
    def is_page_order(self) -> bool:
        """Whether every node's children are shown as the page has them (nothing to compute)."""
        return self.column == Column.THREAD and not self.descending

    def set_sort(self, column: Column, descending: bool) -> None:
        """Sort every level by ``column``; forgets the orders computed so far."""
        self.column = column
        self.descending = descending
        self._children.clear()
        self._rows.clear()

    def posts_added(self) -> None:
        """Forget the top level's order after posts were appended."""
        if self._children.pop(None, None) is not None:
            for post in self.posts:
                self._rows.pop(post, None)

    def forget(self) -> None:
        """Forget everything computed (after the posts list was emptied)."""
        self._children.clear()
        self._rows.clear()

    def children(self, parent: Node | None) -> Sequence[Node]:
        """The children of ``parent`` (None: the top level) in display order."""
        if self.is_page_order:
            return _page_children(parent, self.posts)
        known = self._children.get(parent)
        if known is None:
            known = self._arrange(parent)
        return known

    def row_of(self, node: Node) -> int:
        """The display row of ``node`` among its siblings."""
        if self.is_page_order:
            return node.row
        row = self._rows.get(node)
        if row is None:
            self._arrange(parent_of(node))
            row = self._rows[node]
        return row

    def _arrange(self, parent: Node | None) -> Sequence[Node]:
        base: Sequence[Node] = _page_children(parent, self.posts)
        key = SORT_KEYS.get(self.column)
        if key is None:
            ordered: list[Node] = list(reversed(base))
        else:
            ordered = sorted(base, key=key, reverse=self.descending)
        self._children[parent] = ordered
        self._rows.update(zip(ordered, range(len(ordered)), strict=True))
        return ordered


def parent_of(node: Node) -> Node | None:
    """The node above ``node`` in the tree: a comment's parent comment or post; None for a post."""
    if isinstance(node, Post):
        return None
    return node.parent if node.parent is not None else node.post


def _page_children(parent: Node | None, posts: list[Post]) -> Sequence[Node]:
    if parent is None:
        return posts
    if isinstance(parent, Post):
        return parent.roots
    children: list[Comment] = parent.children
    return children
