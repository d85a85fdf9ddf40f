"""Finding and moving between posts and comments: by id, and in page order.

Ids (``p1``, ``p1-c3``) are looked up in dicts: posts are indexed as they arrive, a post's comments
the first time one of them is looked up, so that loading stays cheap. Page order is the order of the
dump (posts in dump order, each post's comments as its page has them), whatever the tree is sorted
by. Plain Python over the core model, no Qt.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import Protocol

from talkback.core.model import Archive, Comment, Post
from talkback.gui.formatting import Node

#: a step in page order, as :func:`next_comment` and :func:`previous_comment` take one
NodeStep = Callable[[Node | None, Sequence[Post]], Comment | None]


def next_comment(node: Node | None, posts: Sequence[Post]) -> Comment | None:
    """The comment after ``node`` in page order (the first one of the archive when None)."""
    if node is None:
        return _first_comment(posts, 0)
    if isinstance(node, Post):
        return node.comments[0] if node.comments else _first_comment(posts, node.row + 1)
    post = node.post
    if post is None:
        return None
    if node.order + 1 < len(post.comments):
        return post.comments[node.order + 1]
    return _first_comment(posts, post.row + 1)


def previous_comment(node: Node | None, posts: Sequence[Post]) -> Comment | None:
    """The comment before ``node`` in page order (the last one of the archive when None)."""
    if node is None:
        return _last_comment(posts, len(posts) - 1)
    if isinstance(node, Post):
        return _last_comment(posts, node.row - 1)
    post = node.post
    if post is None:
        return None
    if node.order > 0:
        return post.comments[node.order - 1]
    return _last_comment(posts, post.row - 1)


class KeptNodes(Protocol):
    """What :func:`kept_step` needs of the tree's model: its posts, and which nodes it keeps."""

    @property
    def archive(self) -> Archive: ...

    def is_kept(self, node: Node) -> bool: ...


def kept_step(
    step: NodeStep,
    node: Node | None,
    model: KeptNodes,
) -> Comment | None:
    """``step`` (:func:`next_comment` or :func:`previous_comment`) from ``node``, repeated past
    the comments a filter does not keep (hidden, or shown only as context)."""
    posts = model.archive.posts
    found = step(node, posts)
    while found is not None and not model.is_kept(found):
        found = step(found, posts)
    return found


def replied_to(node: Node | None) -> Node | None:
    """What ``node`` replies to: its parent comment, else its post; None for a post."""
    if node is None or isinstance(node, Post):
        return None
    return node.parent if node.parent is not None else node.post


def _first_comment(posts: Sequence[Post], start: int) -> Comment | None:
    for index in range(max(start, 0), len(posts)):
        if posts[index].comments:
            return posts[index].comments[0]
    return None


def _last_comment(posts: Sequence[Post], start: int) -> Comment | None:
    for index in range(min(start, len(posts) - 1), -1, -1):
        if posts[index].comments:
            return posts[index].comments[-1]
    return None


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

    def forget(self, post: Post) -> None:
        """Forget ``post``'s comments (they were read or let go since they were indexed)."""
        self._comments.pop(post, None)

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
