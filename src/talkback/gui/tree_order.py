"""Which children of each node the tree shows, and in which order.

Sorting happens here rather than in a QSortFilterProxyModel, whose per-comparison calls into Python
would take seconds under a post with 100,000 comments. Each parent's children are sorted once, with
Python's ``sorted`` and a key function, the first time the view asks for them, and each child's row
in that order is cached in a dict, so that ``row_of`` never searches a list.

QTreeView lays out every expanded row again whenever rows are inserted under an expanded node or
the layout changes (a sort), at a few microseconds of Python per row: 130,000 comments under one
post would freeze the window for half a second each time. So a node with more than ``CHUNK``
children shows a window ``[start, end)`` of them (:class:`RowWindows`), ``CHUNK`` rows at first;
the view widens it as the user scrolls near either end, and selecting a comment far away moves the
window there. Rows of the model are positions within the window.

A filter (:meth:`TreeOrder.set_filter`, a predicate over posts and comments) narrows every level to
the nodes it keeps and their ancestors, which stay as context so that a kept reply is still shown in
its thread; the window sets it from its named filters (see :mod:`talkback.gui.node_filter`).
A post of an indexed dump whose comments are not read yet (``IndexedPost``) is shown under a
filter when the filter's ``holds`` says that some of them are kept; once they are read,
:meth:`TreeOrder.comments_added` judges them one by one.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from enum import IntEnum
from typing import Any

from talkback.core.model import Comment, Post
from talkback.gui.formatting import Node, reply_count
from talkback.index.browse import IndexedPost


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
        #: the filter's predicate, the nodes it keeps, and those shown (kept, or above a kept one)
        self.keep: Callable[[Node], bool] | None = None
        #: under a filter: whether a post whose comments are not read yet holds some it keeps
        self.holds: Callable[[Post], bool] | None = None
        self._kept: set[Node] = set()
        self._shown: set[Node] = set()
        #: how many comments the filter keeps
        self.kept_comments = 0

    @property
    def is_page_order(self) -> bool:
        """Whether every node's children are shown as the page has them (nothing to compute)."""
        return self.column == Column.THREAD and not self.descending and self.keep is None

    def set_filter(
        self, keep: Callable[[Node], bool] | None, holds: Callable[[Post], bool] | None = None
    ) -> None:
        """Show only the nodes ``keep`` accepts, with their ancestors; None shows everything.
        ``holds`` says whether a post whose comments are not read yet holds some that ``keep``
        would accept (None: it holds none)."""
        self.keep = keep
        self.holds = holds if keep is not None else None
        self._kept.clear()
        self._shown.clear()
        self.kept_comments = 0
        if keep is not None:
            self._mark(self.posts, keep)
        self.forget()

    def is_context(self, node: Node) -> bool:
        """Whether the filter does not keep ``node``: shown only because something below it is
        kept, or not shown at all."""
        return self.keep is not None and node not in self._kept

    def is_shown(self, node: Node) -> bool:
        """Whether ``node`` has a row: kept, or above a kept node (always, with no filter)."""
        return self.keep is None or node in self._shown

    def _mark(self, posts: Iterable[Post], keep: Callable[[Node], bool]) -> None:
        kept, shown, holds = self._kept, self._shown, self.holds
        for post in posts:
            if keep(post):
                kept.add(post)
                shown.add(post)
            if holds is not None and type(post) is IndexedPost and not post.loaded and holds(post):
                shown.add(post)
            self._mark_comments(post.comments, keep)

    def _mark_comments(self, comments: Iterable[Comment], keep: Callable[[Node], bool]) -> None:
        kept, shown = self._kept, self._shown
        for comment in comments:
            if not keep(comment):
                continue
            kept.add(comment)
            self.kept_comments += 1
            node: Node | None = comment
            while node is not None and node not in shown:
                shown.add(node)
                node = parent_of(node)

    def comments_arriving(self, comments: list[Comment], roots: list[Comment]) -> int:
        """The comments of a post of an indexed dump were read (they point at their post, which
        does not hold them yet): judge them under the filter; how many of ``roots`` will show."""
        if self.keep is None:
            return len(roots)
        self._mark_comments(comments, self.keep)
        shown = self._shown
        return sum(1 for root in roots if root in shown)

    def comments_added(self, post: Post) -> None:
        """``post`` now holds the comments :meth:`comments_arriving` judged."""
        self._children.pop(post, None)

    def comments_removed(self, post: Post) -> None:
        """``post``'s comments are about to be let go: forget what was worked out about them."""
        kept, shown, children, rows = self._kept, self._shown, self._children, self._rows
        children.pop(post, None)
        for comment in post.comments:
            if comment in kept:
                kept.discard(comment)
                self.kept_comments -= 1
            shown.discard(comment)
            children.pop(comment, None)
            rows.pop(comment, None)

    def unread_children(self, post: Post) -> bool:
        """Whether ``post`` has comments not read yet that would show (under the filter)."""
        if type(post) is not IndexedPost or post.loaded or not post.comment_total:
            return False
        return self.keep is None or (self.holds is not None and self.holds(post))

    def set_sort(self, column: Column, descending: bool) -> None:
        """Sort every level by ``column``; forgets the orders computed so far."""
        self.column = column
        self.descending = descending
        self._children.clear()
        self._rows.clear()

    def posts_added(self, posts: Iterable[Post] = ()) -> None:
        """Forget the top level's order after ``posts`` were appended."""
        if self.keep is not None:
            self._mark(posts, self.keep)
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

    def count(self, parent: Node | None) -> int:
        """How many children of ``parent`` are shown."""
        if self.keep is None:
            return len(_page_children(parent, self.posts))
        return len(self.children(parent))

    def row_of(self, node: Node) -> int:
        """The display row of ``node`` among its siblings (-1 when the filter hides it)."""
        if self.is_page_order:
            return node.row
        row = self._rows.get(node)
        if row is None:
            if self.keep is not None and node not in self._shown:
                return -1
            self._arrange(parent_of(node))
            row = self._rows[node]
        return row

    def _arrange(self, parent: Node | None) -> Sequence[Node]:
        base: Sequence[Node] = _page_children(parent, self.posts)
        if self.keep is not None:
            shown = self._shown
            base = [node for node in base if node in shown]
        key = SORT_KEYS.get(self.column)
        if key is None:
            ordered: list[Node] = list(reversed(base)) if self.descending else list(base)
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


#: children shown of a big node at first, and how many more each time its window widens
CHUNK = 2000
#: the most rows a window grows to when a row near it is revealed (more are shown only on asking)
MOST_ROWS = 2 * CHUNK

Span = tuple[int, int]


class RowWindows:
    """The windows of children shown, per node (None is the top level)."""

    def __init__(self, chunk: int = CHUNK) -> None:
        self.chunk = chunk
        #: a window grows to take in a row near it up to this many rows, then moves instead
        self.most = MOST_ROWS * chunk // CHUNK
        self._spans: dict[Node | None, Span] = {}

    def span(self, node: Node | None, total: int) -> Span:
        """The ``[start, end)`` positions of ``node``'s children that are shown."""
        if total <= self.chunk:
            return 0, total
        start, end = self._spans.get(node, (0, self.chunk))
        end = min(end, total)
        return min(start, end), end

    def set(self, node: Node | None, start: int, end: int) -> None:
        """Show the children at positions ``[start, end)`` of ``node``."""
        self._spans[node] = (start, end)

    def around(self, position: int, total: int) -> Span:
        """A window of ``chunk`` rows with ``position`` in its middle."""
        start = max(0, min(position - self.chunk // 2, total - self.chunk))
        return start, min(total, start + self.chunk)

    def widened_to(self, position: int, span: Span, total: int) -> Span | None:
        """The window grown (by at least a chunk) to take in a nearby ``position``, or None when
        ``position`` is more than a chunk away or the window would grow past :data:`MOST_ROWS`
        (the window should move rather than grow: every row shown costs each relayout of the
        view calls into Python, and going through 60,000 posts one after another would
        otherwise end with all of them shown)."""
        start, end = span
        wider: Span | None = None
        if end <= position < end + self.chunk:
            wider = start, min(total, max(position + 1, end + self.chunk))
        elif start - self.chunk <= position < start:
            wider = max(0, min(position, start - self.chunk)), end
        if wider is None or wider[1] - wider[0] > self.most:
            return None
        return wider

    def forget(self, node: Node) -> None:
        """Forget the window of ``node``'s children."""
        self._spans.pop(node, None)

    def clear(self) -> None:
        """Forget every window (after a sort or a reset)."""
        self._spans.clear()
