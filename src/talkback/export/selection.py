"""Which comments an export shows: a whole post, a comment's thread with its context, or hits.

A thread export of a comment shows the comment with every reply below it, preceded by its
ancestors (marked as context) up to the post. A post export shows every comment of the post in
thread order. Depths are counted once while walking, never per comment, so that a 10,000-comment
chain costs no more than a flat list.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Literal

from talkback.core.model import Archive, Comment, Post
from talkback.export.errors import UnknownNodeError

#: How a comment takes part in the page: an ancestor shown for context, the selected comment, a
#: comment of the thread below it (or of a whole post), or a search hit.
Role = Literal["context", "focus", "thread", "hit"]


@dataclass(slots=True)
class Entry:
    """One comment of the page with its depth in the reply tree and its role."""

    comment: Comment
    depth: int
    role: Role


@dataclass(slots=True)
class Counts:
    """The figures of a page's footer."""

    comments: int = 0
    context: int = 0
    authors: int = 0
    replies: int = 0
    quotes: int = 0


@dataclass(slots=True)
class ThreadSelection:
    """A post and the comments of it that one export shows, in page (thread) order."""

    post: Post
    focus: Comment | None
    entries: list[Entry] = field(default_factory=list)

    @property
    def node_id(self) -> str:
        """The id that was exported: the focus comment's, or the post's."""
        return self.focus.id if self.focus is not None else self.post.id

    @property
    def comments(self) -> list[Comment]:
        """The comments shown, context first, in the order the page shows them."""
        return [entry.comment for entry in self.entries]

    @property
    def context(self) -> list[Comment]:
        """The ancestors of the focus comment, from the top-level one down."""
        return [entry.comment for entry in self.entries if entry.role == "context"]

    def counts(self) -> Counts:
        """Comments shown (and how many of them are context), authors, replies and quotes."""
        return count_entries(self.entries)


def select_thread(archive: Archive, node_id: str) -> ThreadSelection:
    """The selection for ``node_id`` (a post or a comment); raises UnknownNodeError."""
    node = archive.find(node_id)
    if isinstance(node, Post):
        return ThreadSelection(node, None, list(_walk(node.roots, 0, "thread")))
    if node is None or node.post is None:
        raise UnknownNodeError(node_id, archive.source)
    ancestors = node.ancestors()
    entries = [Entry(comment, depth, "context") for depth, comment in enumerate(ancestors)]
    entries.append(Entry(node, len(ancestors), "focus"))
    entries.extend(_walk(node.children, len(ancestors) + 1, "thread"))
    return ThreadSelection(node.post, node, entries)


def _walk(tops: Sequence[Comment], depth: int, role: Role) -> Iterator[Entry]:
    stack: list[tuple[Comment, int]] = [(comment, depth) for comment in reversed(tops)]
    while stack:
        comment, level = stack.pop()
        yield Entry(comment, level, role)
        stack.extend((child, level + 1) for child in reversed(comment.children))


def count_entries(entries: Sequence[Entry]) -> Counts:
    """Count what a list of entries shows; a reply is a comment whose parent is a comment."""
    tally = Tally()
    for entry in entries:
        tally.add(entry.comment, entry.role)
    return tally.counts()


class Tally:
    """The counts of :func:`count_entries`, taken a comment at a time (a page streamed keeps its
    comments' authors, not its comments)."""

    def __init__(self) -> None:
        self._counts = Counts()
        self._authors: set[str] = set()

    def add(self, comment: Comment, role: Role) -> None:
        """Count one comment shown in ``role``."""
        counts = self._counts
        counts.comments += 1
        if role == "context":
            counts.context += 1
        if comment.author:
            self._authors.add(comment.author)
        if comment.parent is not None:
            counts.replies += 1
        counts.quotes += sum(1 for block in comment.blocks if block.is_quote)

    def counts(self) -> Counts:
        """The counts so far."""
        counts = self._counts
        return Counts(counts.comments, counts.context, len(self._authors), counts.replies,
                      counts.quotes)  # fmt: skip
