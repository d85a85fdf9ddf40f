"""The data model every part of Talkback shares: an Archive of Posts, each with threaded Comments.

The model is plain Python (no Qt): the parser builds it, the window wraps it in a Qt model, the
index stores it, search reads it and the exporter renders it. Comments are kept in page order in
``Post.comments``; the reply tree hangs off ``Post.roots`` and ``Comment.children``. Every node
caches its ``row`` (its position among its siblings) so that views never search lists for it.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Literal

BlockKind = Literal["text", "quote"]

#: What kind of contribution a comment is. Ordinary comments are "comment"; exports of blog engines
#: also carry pingbacks and trackbacks, which are kept and shown as such.
CommentKind = Literal["comment", "pingback", "trackback"]


@dataclass(slots=True)
class Block:
    """One stretch of a comment: the commenter's own text, or a quote of the post or of a comment.

    ``text`` holds paragraphs separated by a blank line. A quote names its ``source`` (the id of the
    quoted comment or post, when it could be traced) and keeps the ``attribution`` line the
    commenter pasted with it (e.g. ``Bugler on March 31, 2008 at 12:38 PM``), if any.
    """

    kind: BlockKind
    text: str
    source: str | None = None
    attribution: str | None = None

    @property
    def is_quote(self) -> bool:
        """Whether this block quotes someone else."""
        return self.kind == "quote"


@dataclass(slots=True, eq=False)
class Comment:
    """A reader comment: who wrote it, when, what it says, and where it sits in the reply tree.

    ``published`` is ISO 8601 exactly as precise as the source: no time zone is invented.
    ``parent_id`` is the id of the comment (or of the post) this one replies to, or None when
    nothing ties it to anything in particular; ``parent`` is the parent *comment* object, or None
    for a top-level comment (including one that answers the post).
    """

    id: str
    author: str | None
    published: str | None
    blocks: list[Block] = field(default_factory=list)
    signature: str | None = None
    parent_id: str | None = None
    kind: CommentKind = "comment"
    url: str | None = None
    post: Post | None = field(default=None, repr=False)
    parent: Comment | None = field(default=None, repr=False)
    children: list[Comment] = field(default_factory=list, repr=False)
    #: position among its siblings (``parent.children`` or ``post.roots``)
    row: int = 0
    #: position in page order (``post.comments``)
    order: int = 0
    #: where in the dump it came from, e.g. ``page.txt:41`` (first line of the comment)
    where: str | None = None
    #: the time in UTC when the source gives it beside the local ``published`` (blog exports)
    published_utc: str | None = None
    #: moderation state when the source says the comment is not approved (e.g. ``unapproved``)
    status: str | None = None

    @property
    def text(self) -> str:
        """Everything the commenter wrote, quotes included, attribution lines left out."""
        return "\n\n".join(block.text for block in self.blocks if block.text)

    @property
    def own_text(self) -> str:
        """Only the commenter's own words: the text blocks, without quotes."""
        return "\n\n".join(block.text for block in self.blocks if not block.is_quote and block.text)

    @property
    def quotes(self) -> list[Block]:
        """The quote blocks of this comment, in order."""
        return [block for block in self.blocks if block.is_quote]

    @property
    def depth(self) -> int:
        """0 for a top-level comment, 1 for a reply to it, and so on."""
        depth = 0
        node = self.parent
        while node is not None:
            depth += 1
            node = node.parent
        return depth

    def ancestors(self) -> list[Comment]:
        """The chain of parent comments from the top-level one down to this comment's parent."""
        chain: list[Comment] = []
        node = self.parent
        while node is not None:
            chain.append(node)
            node = node.parent
        chain.reverse()
        return chain

    def walk(self) -> Iterator[Comment]:
        """This comment and every reply below it, depth first, in thread order."""
        stack: list[Comment] = [self]
        while stack:
            node = stack.pop()
            yield node
            stack.extend(reversed(node.children))

    def first_line(self, limit: int = 120) -> str:
        """The first words of the commenter's own text (or of any text), on one line."""
        source = self.own_text or self.text
        line = " ".join(source.split())
        return line if len(line) <= limit else line[: limit - 1].rstrip() + "…"


@dataclass(slots=True, eq=False)
class Post:
    """An article (blog post) with its comments.

    ``text`` is the article body (paragraphs separated by a blank line); ``byline`` the raw byline
    line it was read from; ``boilerplate`` the page furniture set aside while parsing.
    """

    id: str
    title: str | None = None
    author: str | None = None
    published: str | None = None
    url: str | None = None
    dialect: str | None = None
    text: str = ""
    byline: str | None = None
    boilerplate: list[str] = field(default_factory=list)
    comments: list[Comment] = field(default_factory=list)
    roots: list[Comment] = field(default_factory=list)
    #: position among the archive's posts
    row: int = 0
    #: where in the dump it came from: a file, an archive member, a record
    where: str | None = None
    #: the character encoding the page was decoded from, when it was read from bytes
    encoding: str | None = None
    #: comments present in the source but left out of the tree (spam, trash, deleted), by reason
    hidden: dict[str, int] = field(default_factory=dict)
    #: the time in UTC when the source gives it beside the local ``published`` (blog exports)
    published_utc: str | None = None

    def link(self) -> None:
        """Rebuild the reply tree from ``parent_id``: children lists, roots, rows and back links.

        A parent_id naming an unknown comment, or one that would make a loop, leaves the comment at
        the top level (the link is kept in ``parent_id`` so that nothing is lost).
        """
        by_id = {comment.id: comment for comment in self.comments}
        self.roots = []
        for order, comment in enumerate(self.comments):
            comment.post = self
            comment.order = order
            comment.children = []
            comment.parent = None
        for comment in self.comments:
            parent = by_id.get(comment.parent_id) if comment.parent_id else None
            if parent is not None and not _would_loop(comment, parent):
                comment.parent = parent
                comment.row = len(parent.children)
                parent.children.append(comment)
            else:
                comment.row = len(self.roots)
                self.roots.append(comment)

    def unlink(self) -> None:
        """Undo :meth:`link`: drop the comments' links to the post, to their parents and to
        their replies. Links make cycles, which only the garbage collector frees; a post that
        is done with (its rows made) is freed at once when let go once it is unlinked."""
        for comment in self.comments:
            comment.post = comment.parent = None
            comment.children = []
        self.roots = []

    def walk(self) -> Iterator[Comment]:
        """Every comment in thread order (depth first through the reply tree)."""
        for root in self.roots:
            yield from root.walk()

    def find(self, comment_id: str) -> Comment | None:
        """The comment with this id, or None."""
        for comment in self.comments:
            if comment.id == comment_id:
                return comment
        return None


def _would_loop(child: Comment, parent: Comment) -> bool:
    node: Comment | None = parent
    while node is not None:
        if node is child:
            return True
        node = node.parent
    return False


@dataclass(slots=True)
class Problem:
    """Something in the dump that could not be read as it should, and what was done about it."""

    where: str
    message: str

    def __str__(self) -> str:
        return f"{self.where}: {self.message}"


@dataclass(slots=True, eq=False)
class Archive:
    """Everything read from one dump: its posts in order and the problems met on the way."""

    source: str
    posts: list[Post] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    def add_post(self, post: Post) -> None:
        """Append a post, caching its row."""
        post.row = len(self.posts)
        self.posts.append(post)

    @property
    def comment_count(self) -> int:
        """How many comments all posts hold together."""
        return sum(len(post.comments) for post in self.posts)

    def find(self, node_id: str) -> Post | Comment | None:
        """The post or comment with this id, or None."""
        for post in self.posts:
            if post.id == node_id:
                return post
            if node_id.startswith(post.id + "-"):
                found = post.find(node_id)
                if found is not None:
                    return found
        for post in self.posts:
            found = post.find(node_id)
            if found is not None:
                return found
        return None
