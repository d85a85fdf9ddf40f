"""Post ids ``p1``, ``p2``, … in dump order, with no gaps, whatever the format readers do.

Readers are handed ``next_post_id``: it gives the id the next post will carry. The id is settled
when a post is yielded, so a reader that asks for an id and then yields no post (a record that is
not a comment page) leaves no gap. A post that arrives with any other id (from a reader that built
several posts before yielding them, or from a worker process that guessed wrong) is renumbered,
with its comments, reply links and quote sources.

A post may also arrive in another shape (see ``talkback.sources.read_prepared``): anything
:class:`Renumberable`, which carries its id and renumbers itself the way :func:`renumber` does.
"""

from __future__ import annotations

from typing import Protocol, TypeVar

from talkback.core.model import Post


class Renumberable(Protocol):
    """A post in another shape (e.g. rows ready for an index) that can be given another id."""

    @property
    def id(self) -> str:
        """The post's id."""
        ...

    def renumber(self, new_id: str) -> None:
        """Change the post's id and every id derived from it, as :func:`renumber` does."""
        ...


PostLike = TypeVar("PostLike", bound=Post | Renumberable)


class PostIds:
    """The dump's post counter."""

    def __init__(self) -> None:
        self.count = 0

    def peek(self, ahead: int = 0) -> str:
        """The id the next post will carry (``next_post_id`` for readers), or, with ``ahead``,
        the id of the post that many posts later."""
        return f"p{self.count + 1 + ahead}"

    def settle(self, post: PostLike) -> PostLike:
        """Give ``post`` the next id (renumbering it if it carries another) and count it."""
        expected = self.peek()
        if post.id != expected:
            if isinstance(post, Post):
                renumber(post, expected)
            else:
                post.renumber(expected)
        self.count += 1
        return post


def moved_id(node_id: str | None, old_id: str, new_id: str) -> str | None:
    """``node_id`` after its post ``old_id`` became ``new_id`` (``p3-c7`` becomes ``p4-c7``);
    ids of other posts stay as they are."""
    if node_id is None:
        return None
    if node_id == old_id:
        return new_id
    if node_id.startswith(old_id + "-"):
        return new_id + node_id[len(old_id) :]
    return node_id


def renumber(post: Post, new_id: str) -> None:
    """Change a post's id and every id derived from it (``p3-c7`` becomes ``p4-c7``)."""
    old_id = post.id
    for comment in post.comments:
        comment.id = moved_id(comment.id, old_id, new_id) or comment.id
        comment.parent_id = moved_id(comment.parent_id, old_id, new_id)
        for block in comment.blocks:
            block.source = moved_id(block.source, old_id, new_id)
    post.id = new_id
