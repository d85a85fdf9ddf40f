"""Comments from blog-engine exports (WordPress, Disqus) made into a post's reply tree.

Exports name each comment's parent by the engine's own comment id. :func:`build_comments` gives
the comments Talkback ids (``{post.id}-c{m}`` in export order, counting only the comments shown),
turns their HTML into text and quote blocks, traces each quote to the earlier comment or the post
it repeats, and links the tree:

- an explicit parent wins; a parent that was left out (spam, trash, deleted) is replaced by its
  nearest shown ancestor, and a parent missing from the export leaves the comment at the top
  level, each with a problem entry;
- a comment without a parent that quotes earlier comments replies to the last one it quotes (as on
  pages, where quoting is how people reply), and one that quotes only the post has the post's id;
- comments left out are counted in ``Post.hidden`` by reason.

A big thread (``LOOKAHEAD_CHARS`` of text to make quotable) marks its quote blocks before tracing
any, so that the shingle index keeps only what a quote still to be traced may hold (see
:class:`~talkback.core.quotes.Lookahead`): a quote finds exactly what it would find in the whole
index, and 100,000 comments no longer take their shingles' half a gigabyte.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from itertools import islice

from talkback.core.model import Block, Comment, CommentKind, Post, Problem
from talkback.core.quotes import LOOKAHEAD_CHARS, QuoteIndex, matches_text, plan_lookahead
from talkback.core.text import fold
from talkback.sources.html_text import html_to_text, said_name


@dataclass(slots=True)
class ExportedComment:
    """One comment as an export gives it, before it gets a Talkback id."""

    key: str
    parent_key: str | None
    author: str | None
    published: str | None
    html: str
    where: str
    kind: CommentKind = "comment"
    published_utc: str | None = None
    status: str | None = None
    url: str | None = None
    #: why it is left out of the tree (``spam``, ``trash``, ``deleted``), or None to show it
    hidden: str | None = None
    #: the date as the export wrote it, when it could not be read (said in a problem, so that
    #: it is not lost); None when it was read or there was none
    unread_date: str | None = None


def unread_date(node_id: str, written: str) -> str:
    """The problem's message for a date of ``node_id`` that could not be read."""
    shown = written if len(written) <= 80 else written[:80] + "…"
    return f"the date of {node_id} could not be read ({shown!r}); it is shown without one"


def date_not_read(written: str, read: str | None) -> str | None:
    """``written`` (stripped) when it holds a date that ``read`` (its reading) lost, else None."""
    written = written.strip()
    return written if written and read is None and not written.startswith("0000-00-00") else None


def build_comments(post: Post, exported: Iterable[ExportedComment]) -> list[Problem]:
    """Fill ``post.comments`` (linked into a tree) from the export's comments; gives problems.

    Each exported comment's ``html`` is let go (made "") once converted: a big thread's
    comments are not held twice over.
    """
    problems: list[Problem] = []
    shown: list[ExportedComment] = []
    parent_keys: dict[str, str | None] = {}
    ids: dict[str, str] = {}
    for item in exported:
        parent_keys.setdefault(item.key, item.parent_key)
        if item.hidden:
            post.hidden[item.hidden] = post.hidden.get(item.hidden, 0) + 1
            continue
        shown.append(item)
        comment_id = f"{post.id}-c{len(shown)}"
        if item.key in ids:
            problems.append(
                Problem(item.where, f"comment id {item.key} appears twice; kept as {comment_id}")
            )
        else:
            ids[item.key] = comment_id
    comments: list[Comment] = []
    for number, item in enumerate(shown, start=1):
        comment = Comment(
            id=f"{post.id}-c{number}",
            author=item.author,
            published=item.published,
            kind=item.kind,
            url=item.url,
            where=item.where,
            published_utc=item.published_utc,
            status=item.status,
        )
        converted = html_to_text(item.html, quotes=True)
        item.html = ""
        comment.blocks = converted.blocks
        for tag, count in sorted(converted.dropped.items()):
            problems.append(
                Problem(item.where, f"{count} <{tag}> element(s) in {comment.id} left out")
            )
        if item.unread_date is not None:
            problems.append(Problem(item.where, unread_date(comment.id, item.unread_date)))
        comments.append(comment)
    # Quotes are traced to the post or an earlier comment; texts are indexed only as far as the
    # last comment that quotes (most threads have no quote at all and need no index).
    quoted = [(n, block) for n, c in enumerate(comments) for block in c.blocks if block.is_quote]
    last_quoting = quoted[-1][0] if quoted else -1
    index = _quote_index(post, islice(comments, max(last_quoting, 0)), [b for _n, b in quoted])
    del quoted
    latest_by_author: dict[str, Comment] = {}
    position = 0  # of the next quote block to trace, among all of them
    for number, (comment, item) in enumerate(zip(comments, shown, strict=True)):
        sources: list[str | None] = []
        for block in comment.blocks:
            if block.is_quote:
                sources.append(_trace(block, index, latest_by_author))
                index.passed(position)
                position += 1
        comment.parent_id = _parent(item, post, sources, ids, parent_keys, problems)
        if number < last_quoting:
            index.add(comment.id, comment.own_text)
            if comment.author:
                latest_by_author[fold(comment.author)] = comment
    post.comments = comments
    post.link()
    return problems


def _quote_index(post: Post, indexed: Iterable[Comment], quotes: list[Block]) -> QuoteIndex:
    """The index to trace ``quotes`` (every quote block, in order) in, holding the post: the
    ``indexed`` comments will be added to it, and for a big thread it looks ahead."""
    index = QuoteIndex()
    if not quotes:
        return index
    chars = len(post.text)
    for comment in indexed:
        chars += sum(len(block.text) for block in comment.blocks if not block.is_quote)
    if chars >= LOOKAHEAD_CHARS:
        texts = [block.text for block in quotes]
        lookups = enumerate(texts)
        index.lookahead = plan_lookahead(lookups, len(texts), sum(map(len, texts)))
    index.add(post.id, post.text)
    return index


def _trace(block: Block, index: QuoteIndex, latest_by_author: dict[str, Comment]) -> str | None:
    """The id of the post or earlier comment a quote block repeats, recorded in the block.

    A quote too short to match by shingles is traced through its attribution: to the named
    author's latest earlier comment, when that comment contains the quoted words.
    """
    match = index.match(block.text)
    if match is not None:
        block.source = match.source
        return block.source
    name = said_name(block.attribution)
    named = latest_by_author.get(fold(name)) if name else None
    if named is not None and matches_text(block.text, named.text):
        block.source = named.id
    return block.source


def _parent(
    item: ExportedComment,
    post: Post,
    sources: list[str | None],
    ids: dict[str, str],
    parent_keys: dict[str, str | None],
    problems: list[Problem],
) -> str | None:
    """The parent id: the export's own parent if it has one, otherwise what the quotes say."""
    key = item.parent_key
    if key is None:
        quoted = [source for source in sources if source is not None]
        replies_to = [source for source in quoted if source != post.id]
        if replies_to:
            return replies_to[-1]
        return post.id if quoted else None
    visited: set[str] = set()
    parent: str | None = key
    while parent is not None and parent not in ids:
        if parent not in parent_keys:
            message = f"replies to comment {parent}, which is not among this post's comments"
            problems.append(Problem(item.where, message + " (not in the export, or under another "
                                    "post); shown at the top level"))  # fmt: skip
            return None
        if parent in visited:
            problems.append(Problem(item.where, "its parents form a loop; shown at the top level"))
            return None
        visited.add(parent)
        parent = parent_keys[parent]
    if visited:
        shown_at = f"under {ids[parent]}" if parent is not None else "at the top level"
        message = f"replies to comment {key}, which was left out (spam, trash or deleted)"
        problems.append(Problem(item.where, f"{message}; shown {shown_at}"))
    return ids[parent] if parent is not None else None
