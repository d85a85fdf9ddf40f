"""What the HTML templates show, prepared in Python: anchors, dates, safe text, quote links.

The templates only lay out these views; every piece of user text in them is already escaped
Markup (or a plain string the template escapes), and every link target is checked. Building the
views is one pass over the selected comments with dictionary look-ups, so it stays linear.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence, Set
from dataclasses import dataclass, field
from functools import lru_cache

from markupsafe import Markup

from talkback.core.dates import human, parse_iso
from talkback.core.model import Block, Comment, Post
from talkback.export.selection import Entry, Role
from talkback.export.textmarkup import CONTROL_PATTERN, inline_text, rich_text, safe_url

#: Indentation levels the page distinguishes (``d0`` to ``d8``); deeper replies stay at the last
#: level and name the comment they answer, and the stylesheet caps it lower on narrow screens.
MAX_LEVEL = 8
#: The level the stylesheet caps indentation at on narrow screens (phones).
NARROW_LEVEL = 4

_ANCHOR_SAFE = re.compile(r"[A-Za-z][A-Za-z0-9_:-]*\Z")
_ANCHOR_UNSAFE_CHAR = re.compile(r"[^A-Za-z0-9_-]")
_CONTROL = re.compile(CONTROL_PATTERN)


def anchor(node_id: str) -> str:
    """A fragment-safe element id for a post or comment id (``p1-c3`` stays ``p1-c3``)."""
    if _ANCHOR_SAFE.match(node_id):
        return node_id
    return "n-" + _ANCHOR_UNSAFE_CHAR.sub(lambda m: f".{ord(m.group()):x}.", node_id)


def plain_text(text: str | None) -> str:
    """User text for places that take no markup (``<title>``): controls spelled out as U+XXXX."""
    if not text:
        return ""
    return _CONTROL.sub(lambda m: f"U+{ord(m.group()):04X}", " ".join(text.split()))


@lru_cache(maxsize=8192)
def human_date(iso: str | None) -> str:
    """The friendly date of an ISO string (cached: a page repeats few distinct values)."""
    return human(iso)


@lru_cache(maxsize=8192)
def machine_date(iso: str | None) -> str | None:
    """``iso`` when it is a valid ISO date or date-time (fit for ``<time datetime>``), else None."""
    return iso if iso and parse_iso(iso) is not None else None


@dataclass(slots=True)
class Link:
    """A label and, when its target is in the page, the ``#anchor`` it points to."""

    label: Markup
    href: str | None = None


@dataclass(slots=True)
class BlockView:
    """A text block, or a quote with its attribution."""

    is_quote: bool
    body: Markup
    attribution: Link | None = None


@dataclass(slots=True)
class CommentView:
    """One comment as the page shows it."""

    id: str
    anchor: str
    author: Markup
    author_url: str | None
    iso: str | None
    when: str
    depth: int
    level: int
    role: Role
    kind: str
    #: the export's moderation status ("unapproved"), or None when published
    status: str | None
    reply_to: Link | None
    #: "always" when the page should say which comment this one answers (its parent is not the
    #: comment just above it, or the indentation is capped); "narrow" when only phones need it
    reply_note: str | None
    blocks: list[BlockView] = field(default_factory=list)


@dataclass(slots=True)
class PostView:
    """The post: its header facts and its article."""

    id: str
    anchor: str
    title: Markup
    title_text: str
    author: Markup
    iso: str | None
    when: str
    url: str | None
    body: Markup
    comment_count: int
    hidden: dict[str, int]


def post_view(post: Post) -> PostView:
    """The view of a post's header and article."""
    return PostView(
        id=post.id,
        anchor=anchor(post.id),
        title=inline_text(post.title) if post.title else Markup("(untitled post)"),
        title_text=plain_text(post.title) or "(untitled post)",
        author=inline_text(post.author),
        iso=machine_date(post.published),
        when=human_date(post.published),
        url=safe_url(post.url),
        body=rich_text(post.text),
        comment_count=len(post.comments),
        hidden=dict(post.hidden),
    )


class ViewBuilder:
    """Builds comment views for one page, resolving quote and reply links to in-page anchors.

    ``in_page`` names the comments on the page when they are not all among ``entries`` (a page
    streamed a hit at a time passes no entries, and asks for each view with :meth:`view`).
    """

    def __init__(
        self,
        entries: Sequence[Entry],
        posts: Iterable[Post],
        *,
        in_page: Set[str] | None = None,
    ) -> None:
        self._entries = entries
        self._in_page: Set[str] = (
            in_page if in_page is not None else {entry.comment.id for entry in entries}
        )
        self._posts_in_page: set[str] = {post.id for post in posts}
        #: each post's comments by id (with the Post object they are of)
        self._by_id: dict[str, tuple[Post, dict[str, Comment]]] = {}

    def comments(self) -> list[CommentView]:
        """Views of every entry, in order."""
        return list(self.each_comment())

    def each_comment(self) -> Iterator[CommentView]:
        """Views of every entry, in order, each made as it is asked for (a page being streamed
        keeps one view at a time, not 50,000)."""
        previous: Comment | None = None
        for entry in self._entries:
            yield self._comment(entry, previous)
            previous = entry.comment

    def comment_at(self, position: int) -> CommentView:
        """The view of the entry at ``position``: the one :meth:`comments` has there."""
        previous = self._entries[position - 1].comment if position else None
        return self._comment(self._entries[position], previous)

    def view(self, entry: Entry, previous: Comment | None) -> CommentView:
        """The view of ``entry``, shown below the comment ``previous`` (None: first)."""
        return self._comment(entry, previous)

    def forget_lookups(self) -> None:
        """Let go of the posts' comments indexed by id to name quoted comments (a results page
        does so at each post, so that it holds one post's index, not every post's)."""
        self._by_id.clear()

    def _comment(self, entry: Entry, previous: Comment | None) -> CommentView:
        comment = entry.comment
        parent = comment.parent
        reply_to = None if parent is None else self._link_to(parent.id, _name(parent))
        note = None
        if parent is not None:
            if parent is not previous or entry.role == "hit" or entry.depth > MAX_LEVEL:
                note = "always"
            elif entry.depth > NARROW_LEVEL:
                note = "narrow"
        return CommentView(
            id=comment.id,
            anchor=anchor(comment.id),
            author=inline_text(comment.author) if comment.author else Markup("unknown"),
            author_url=safe_url(comment.url),
            iso=machine_date(comment.published),
            when=human_date(comment.published),
            depth=entry.depth,
            level=min(entry.depth, MAX_LEVEL),
            role=entry.role,
            kind=comment.kind,
            status=comment.status,
            reply_to=reply_to,
            reply_note=note,
            blocks=[self._block(block, comment) for block in comment.blocks if block.text],
        )

    def _block(self, block: Block, comment: Comment) -> BlockView:
        body = rich_text(block.text)
        if not block.is_quote:
            return BlockView(False, body)
        return BlockView(True, body, self._attribution(block, comment))

    def _attribution(self, block: Block, comment: Comment) -> Link | None:
        source = block.source
        label: str | None = block.attribution
        if source is None:
            return Link(inline_text(label)) if label else None
        post = comment.post
        if post is not None and source == post.id:
            label = label or "from the post"
        elif not label:  # the quoted comment is looked up only to name it
            quoted = self._find(comment, source)
            label = _name(quoted) if quoted is not None else None
        if label is None:
            return None
        return self._link_to(source, label)

    def _link_to(self, node_id: str, label: str) -> Link:
        in_page = node_id in self._in_page or node_id in self._posts_in_page
        return Link(inline_text(label), f"#{anchor(node_id)}" if in_page else None)

    def _find(self, comment: Comment, node_id: str) -> Comment | None:
        post = comment.post
        if post is None:
            return None
        cached = self._by_id.get(post.id)
        # a comment read from the index has a post of its own, holding the comments it names
        if cached is None or cached[0] is not post:
            cached = self._by_id[post.id] = (post, {c.id: c for c in post.comments})
        return cached[1].get(node_id)


def _name(comment: Comment) -> str:
    return comment.author or "an unknown commenter"
