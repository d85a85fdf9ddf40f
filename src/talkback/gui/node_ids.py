"""Finding a post or comment by its id (``p1``, ``p1-c3``) without searching lists each time.

Posts are indexed as they arrive; a post's comments are indexed the first time one of them is looked
up, so that loading stays cheap and a lookup afterwards is a dict probe.
"""

from __future__ import annotations

from collections.abc import Iterable

from talkback.core.model import Comment, Post
from talkback.gui.formatting import Node


class NodeIds:
    """An id index over the posts of one archive and, lazily, their comments."""

    def __init__(self) -> None:
        self._posts: dict[str, Post] = {}
        self._order: list[Post] = []
        self._comments: dict[Post, dict[str, Comment]] = {}

    def add_posts(self, posts: Iterable[Post]) -> None:
        """Index newly arrived posts (the first post with an id wins)."""
        for post in posts:
            self._posts.setdefault(post.id, post)
            self._order.append(post)

    def clear(self) -> None:
        """Forget every post."""
        self._posts.clear()
        self._order.clear()
        self._comments.clear()

    def find(self, node_id: str) -> Node | None:
        """The post or comment with this id, or None."""
        post = self._posts.get(node_id)
        if post is not None:
            return post
        # Comment ids usually start with their post's id (``p1-c3``): try that post first.
        owner = self._posts.get(node_id.rsplit("-", 1)[0])
        if owner is not None:
            found = self.comments_of(owner).get(node_id)
            if found is not None:
                return found
        for candidate in self._order:
            found = self.comments_of(candidate).get(node_id)
            if found is not None:
                return found
        return None

    def find_near(self, node_id: str, near: Node) -> Node | None:
        """Like :meth:`find`, looking first in the post that ``near`` belongs to."""
        post = near if isinstance(near, Post) else near.post
        if post is not None:
            if post.id == node_id:
                return post
            found = self.comments_of(post).get(node_id)
            if found is not None:
                return found
        return self.find(node_id)

    def comments_of(self, post: Post) -> dict[str, Comment]:
        """The comments of ``post`` by id."""
        known = self._comments.get(post)
        if known is None:
            known = self._comments[post] = {comment.id: comment for comment in post.comments}
        return known
