"""Post ids ``p1``, ``p2``, … in dump order, with no gaps, whatever the format readers do.

Readers are handed ``next_post_id``: it gives the id the next post will carry. The id is settled
when a post is yielded, so a reader that asks for an id and then yields no post (a record that is
not a comment page) leaves no gap. A post that arrives with any other id (from a reader that built
several posts before yielding them) is renumbered, with its comments, reply links and quote sources.
"""

from __future__ import annotations

from talkback.core.model import Post


class PostIds:
    """The dump's post counter."""

    def __init__(self) -> None:
        self.count = 0

    def peek(self) -> str:
        """The id the next post will carry (``next_post_id`` for readers)."""
        return f"p{self.count + 1}"

    def settle(self, post: Post) -> Post:
        """Give ``post`` the next id (renumbering it if it carries another) and count it."""
        expected = self.peek()
        if post.id != expected:
            renumber(post, expected)
        self.count += 1
        return post


def renumber(post: Post, new_id: str) -> None:
    """Change a post's id and every id derived from it (``p3-c7`` becomes ``p4-c7``)."""
    old_id = post.id

    def moved(node_id: str | None) -> str | None:
        if node_id is None:
            return None
        if node_id == old_id:
            return new_id
        if node_id.startswith(old_id + "-"):
            return new_id + node_id[len(old_id) :]
        return node_id

    for comment in post.comments:
        comment.id = moved(comment.id) or comment.id
        comment.parent_id = moved(comment.parent_id)
        for block in comment.blocks:
            block.source = moved(block.source)
    post.id = new_id
