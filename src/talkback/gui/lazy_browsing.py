"""Browsing a dump read from its index: which posts' comments to read, and when.

A dump with a current index opens as post summaries (see :mod:`talkback.gui.loader`); a post's
comments are read (by the :class:`~talkback.gui.post_fetcher.PostFetcher`, off the GUI thread)
when the post is expanded, when it or one of its comments is selected (by a click, a link of the
detail panel, ``n``/``p`` or a search), and when an expanded post scrolls into sight (after Expand
All, or a search that opened every thread it shows). The detail panel says "Reading…" until the
selected post is read.

Nothing here is used for a dump read without an index: every post then arrives with all its
comments, and :attr:`LazyBrowsing.active` is False.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QModelIndex, QObject, QPoint, QTimer, Slot

from talkback.core.model import Comment, Post
from talkback.gui.formatting import Node, plural, post_title, reply_count
from talkback.gui.navigation import kept_step, next_comment, previous_comment
from talkback.gui.post_fetcher import PostFetcher
from talkback.index.browse import IndexedPost

if TYPE_CHECKING:
    from talkback.gui.main_window import MainWindow

#: rows looked at, from the top of the view down, for expanded posts not read yet
SCAN_ROWS = 400
#: the delay (ms) that gathers scrolling, expanding and relayouts into one look at the view
SCAN_DELAY_MS = 30


class LazyBrowsing(QObject):
    """Reads the comments of an indexed dump's posts as the window needs them."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.model = window.model
        self.tree = window.tree
        self.fetcher = PostFetcher(window.model, self)
        self.fetcher.protected = self._protected
        self.fetcher.loaded.connect(self._on_loaded)
        self.fetcher.failed.connect(self._on_failed)
        self._scan = QTimer(self)
        self._scan.setSingleShot(True)
        self._scan.setInterval(SCAN_DELAY_MS)
        self._scan.timeout.connect(self.read_posts_in_sight)
        self._wanted: str | None = None
        self._stepping = False
        window.loader.indexed.connect(self._on_indexed)
        window.loader.growing.connect(self._on_growing)
        tree, model = self.tree, self.model
        tree.expanded.connect(self._on_expanded)
        tree.verticalScrollBar().valueChanged.connect(self._schedule)
        model.layoutChanged.connect(self._schedule)
        model.rowsInserted.connect(self._schedule)

    @property
    def active(self) -> bool:
        """Whether the dump shown is read from its index, a post at a time."""
        return self.fetcher.active

    @Slot(str, int)
    def _on_indexed(self, index: str, _comments: int) -> None:
        self.fetcher.open(index)

    @Slot(str)
    def _on_growing(self, index: str) -> None:
        self.fetcher.open(index, growing=True)

    # -- when to read -----------------------------------------------------------------------------

    def unread(self, node: Node | None) -> IndexedPost | None:
        """``node`` if it is a post whose comments are not read yet (and would show)."""
        if type(node) is IndexedPost and not node.loaded and node.comment_total:
            return node
        return None

    @Slot(QModelIndex)
    def _on_expanded(self, index: QModelIndex) -> None:
        post = self.unread(self.model.node(index))
        if post is not None:
            self.fetcher.fetch(post)
        self._schedule()

    @Slot()
    def _schedule(self) -> None:
        if self.active and not self._scan.isActive():
            self._scan.start()

    @Slot()
    def read_posts_in_sight(self) -> None:
        """Read the expanded posts in sight whose comments are not read yet."""
        if not self.active:
            return
        for post in self._posts_in_sight(expanded_only=True):
            if type(post) is IndexedPost and self.model.has_unread(post):
                self.fetcher.fetch(post)

    def _posts_in_sight(self, expanded_only: bool = False) -> list[Post]:
        tree = self.tree
        bottom = tree.viewport().rect().bottom()
        index = tree.indexAt(QPoint(1, 1))
        found: list[Post] = []
        for _ in range(SCAN_ROWS):
            if not index.isValid() or tree.visualRect(index).top() > bottom:
                break
            node = self.model.node(index)
            post = node if isinstance(node, Post) else (node.post if node is not None else None)
            new = post is not None and (not found or found[-1] is not post)
            if new and (not expanded_only or node is not post or tree.isExpanded(index)):
                found.append(post)  # type: ignore[arg-type]
            index = tree.indexBelow(index)
        return found

    def _protected(self) -> set[Post]:
        """The posts that must stay read: the current row's, and those in sight."""
        kept = set(self._posts_in_sight())
        current = self.tree.current_node()
        if isinstance(current, Post):
            kept.add(current)
        elif current is not None and current.post is not None:
            kept.add(current.post)
        return kept

    # -- showing ----------------------------------------------------------------------------------

    def show_when_read(self, node: Node) -> bool:
        """When ``node`` (the current row) is a post not read yet: read it, show "Reading…" in the
        detail panel meanwhile and the post once read; True. Else False (show it now)."""
        post = self.unread(node)
        if post is None:
            return False
        count = plural(reply_count(post), "comment")
        self.window.detail.show_message(
            f"Reading {post_title(post)}…", [f"Reading its {count} from the index."]
        )
        self.fetcher.fetch(post)
        return True

    @Slot(object)
    def _on_loaded(self, post: IndexedPost) -> None:
        if self.tree.current_node() is post:
            self.window.show_node(post)
            # rows inserted while it was read may have moved it out of sight
            self.tree.scrollTo(self.tree.currentIndex())
        self._schedule()

    @Slot(str)
    def _on_failed(self, line: str) -> None:
        self.window.statusBar().showMessage(line)

    # -- going to a post or comment not read yet --------------------------------------------------

    def select_id(self, node_id: str) -> bool:
        """Read the post that holds ``node_id`` when it is not read yet, then select ``node_id``;
        True when that is under way, False when there is nothing to read (no such id)."""
        if not self.active:
            return False
        owner = self.model.find(node_id.rsplit("-", 1)[0])
        post = self.unread(owner)
        if post is None:
            owner_id = self.fetcher.owner(node_id)
            post = self.unread(self.model.find(owner_id)) if owner_id else None
        if post is None:
            return False
        self._wanted = node_id  # only the last one asked for is selected once read
        self.fetcher.fetch(post, lambda: self._select_wanted(node_id))
        return True

    def _select_wanted(self, node_id: str) -> None:
        if self._wanted == node_id:
            self._wanted = None
            self.window.select_id(node_id)

    def step(self, forward: bool) -> None:
        """``n`` / ``p``: the next (previous) comment in page order that the filters keep, reading
        first the posts on the way whose comments are not read yet."""
        current = self.tree.current_node()
        found = kept_step(next_comment if forward else previous_comment, current, self.model)
        blocker = self._unread_between(current, found, forward) if self.active else None
        if blocker is not None:
            if not self._stepping:  # presses while the post is read make one step
                self._stepping = True
                self.fetcher.fetch(blocker, lambda: self._step_after_read(forward))
            return
        self.window.go_to(found)

    def _step_after_read(self, forward: bool) -> None:
        self._stepping = False
        self.step(forward)

    def _unread_between(
        self, current: Node | None, found: Comment | None, forward: bool
    ) -> IndexedPost | None:
        """The first post not read yet on the way from ``current`` to ``found`` (or the end)."""
        posts = self.model.archive.posts
        own = current.post if isinstance(current, Comment) else None
        past_first_page = found is None or found.post is not own
        if forward and type(own) is IndexedPost and self.model.has_unread(own) and past_first_page:
            return own  # the rest of its post, of which only the first page shows
        if forward:
            if current is None:
                start = 0
            elif isinstance(current, Post):
                start = current.row
            else:
                start = current.post.row + 1 if current.post is not None else len(posts)
            end = found.post.row if found is not None and found.post is not None else len(posts)
            rows = range(start, end)
        else:
            if current is None:
                start = len(posts) - 1
            elif isinstance(current, Post):
                start = current.row - 1
            else:
                start = current.post.row - 1 if current.post is not None else -1
            end = found.post.row if found is not None and found.post is not None else -1
            rows = range(start, end, -1)
        for row in rows:
            post = posts[row]
            if type(post) is IndexedPost and self.model.has_unread(post):
                return post
        return None

    def shutdown(self, timeout_ms: int = -1) -> None:
        """Stop reading (at exit)."""
        self._scan.stop()
        self.fetcher.shutdown(timeout_ms)
