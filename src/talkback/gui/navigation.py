"""Moving through an archive in page order: the next and previous comment, the replied-to node.

Plain functions over the core model: the order is the order of the dump (posts in dump order, each
post's comments as its page has them), whatever the tree is sorted by.
"""

from __future__ import annotations

from collections.abc import Sequence

from talkback.core.model import Comment, Post
from talkback.gui.formatting import Node


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
