"""The rows of an indexed dump's posts, whose comments come and go while the window is open.

A post of an indexed dump (``IndexedPost``) comes without its comments: it has an expander as long
as it has comments in the index; :meth:`IndexedPostRows.fill_post` inserts its comments once read
(off the GUI thread, by :mod:`~talkback.gui.post_fetcher`), or first the first page of a big
post's and then, in one layout change, the whole post in its place; :meth:`empty_post` takes them
out again to bound the memory used. :class:`~talkback.gui.tree_model.ThreadModel` is built on it.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QAbstractItemModel, QModelIndex

from talkback.core.model import Post
from talkback.gui.formatting import Node
from talkback.gui.navigation import NodeIds
from talkback.gui.tree_order import Column, RowWindows, TreeOrder
from talkback.index.browse import IndexedPost, PostContents, empty_post, fill_post

_COLUMNS = len(Column)


class IndexedPostRows(QAbstractItemModel):
    """The part of the thread model that reads in and lets go of an indexed post's comments."""

    _order: TreeOrder
    _ids: NodeIds
    _windows: RowWindows
    #: the node kept shown when the order changes (see ThreadModel)
    anchor: Node | None
    #: posts of an indexed dump whose comments are being read (their rows say so)
    reading: set[Post]

    def index_of(self, node: Node, column: int = 0) -> QModelIndex:
        """The index of ``node`` (ThreadModel's)."""
        raise NotImplementedError

    def _relayout(
        self, change: Callable[[], None], replaced: Callable[[Node], Node | None] | None = None
    ) -> None:
        raise NotImplementedError

    def fill_post(self, post: IndexedPost, contents: PostContents, complete: bool = True) -> None:
        """Put the comments read of ``post`` under its row (and its text into it); with
        ``complete`` False they are its first page only, which the whole post replaces later."""
        if post.loaded:
            return
        if post.comments:
            self._replace_first_page(post, contents, complete)
            return
        # The post had no rows: its first ones are inserted (whatever the sort or filter), never a
        # relayout of every row shown.
        shown = self._order.comments_arriving(contents.comments, contents.roots)
        parent = self.index_of(post)
        count = self._windows.span(post, shown)[1] if parent.isValid() else 0
        if count:
            self.beginInsertRows(parent, 0, count - 1)
        fill_post(post, contents, complete=complete)
        self._ids.forget(post)
        self._order.comments_added(post)
        if count:
            self.endInsertRows()

    def _replace_first_page(
        self, post: IndexedPost, contents: PostContents, complete: bool
    ) -> None:
        """Put ``contents`` in place of the first page of ``post`` shown: the selection, the
        current row and the rows expanded move to the new comments of the same ids."""
        was_shown = {id(comment) for comment in post.comments}
        by_id = {comment.id: comment for comment in contents.comments}

        def replaced(node: Node) -> Node | None:
            return by_id.get(node.id) if id(node) in was_shown else node

        def change() -> None:
            self._order.comments_removed(post)
            self._order.comments_arriving(contents.comments, contents.roots)
            fill_post(post, contents, complete=complete)
            self._ids.forget(post)
            self._order.comments_added(post)
            self._windows.forget(post)

        self._relayout(change, replaced)

    def empty_post(self, post: IndexedPost) -> None:
        """Let go of ``post``'s comments (they stay in the index; its row stays)."""
        if not post.loaded:
            return
        parent = self.index_of(post)
        count = self.rowCount(parent) if parent.isValid() else 0
        if count:
            self.beginRemoveRows(parent, 0, count - 1)
        self._emptied(post)
        if count:
            self.endRemoveRows()

    def _emptied(self, post: IndexedPost) -> None:
        self._order.comments_removed(post)
        self._ids.forget(post)
        self._windows.forget(post)
        empty_post(post)

    def has_unread(self, post: Post) -> bool:
        """Whether ``post`` has comments in its index not read yet that would show."""
        return type(post) is IndexedPost and self._order.unread_children(post)

    def set_reading(self, post: Post, reading: bool) -> None:
        """Say on ``post``'s row whether its comments are being read."""
        if reading == (post in self.reading):
            return
        if reading:
            self.reading.add(post)
        else:
            self.reading.discard(post)
        index = self.index_of(post)
        if index.isValid():
            self.dataChanged.emit(index, index.siblingAtColumn(_COLUMNS - 1))
