"""Searching a dump through its index: FTS5 narrows the candidates, the engine's residual decides.

``search_index(reader, query)`` yields the same Hits, in the same dump order, as
``talkback.search.search_archive`` over the parsed dump, without parsing it:

1. ``talkback.search.to_fts5`` splits the query into an FTS5 MATCH (a superset of the matches)
   and a residual Query checked on each candidate;
2. the residual's top-level facts that SQLite can test exactly (``in:``, ``is:reply``,
   ``has:quote``, ``has:replies``, ``replies:``) become a WHERE clause, so that SQLite skips
   rows in C;
3. when the residual needs no text (only authors, dates and such facts), a candidate is checked on
   its fact columns alone, and the full comment is read only for a hit.

Hits come lazily: a consumer that stops after the first screenful pays only for those.
``count_index`` answers "how many" without building any objects when the MATCH is exact.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from pathlib import Path
from typing import Any, NamedTuple

from talkback.core.model import Comment, Post
from talkback.index.hit_context import HitContext
from talkback.index.reader import (
    COMMENT_COLUMNS,
    POST_COLUMNS,
    IndexReader,
    comment_from_row,
    post_from_row,
)
from talkback.search import Hit, Query, make_document, to_fts5
from talkback.search.documents import Document, folded_name, wall_clock
from talkback.search.syntax import And, Node, Not, Or, Phrase, Regex, Replies, Scope, Trait, Word

#: candidates read from SQLite per query (bounded by SQLite's limit on bound parameters)
CHUNK = 900
_FACTS = "rowid, post_rowid, author, published, reply_count, parent_rowid, has_quote"
_SQL_COMPARE = {">": ">", ">=": ">=", "<": "<", "<=": "<=", "=": "="}
#: stands in for the comment of a facts-only Document (the predicates only ask if it is None)
_STAND_IN = Comment(id="", author=None, published=None)


def search_index(reader: IndexReader, query: Query) -> Iterator[Hit]:
    """Every post and comment of the indexed dump that matches ``query``, in dump order."""
    plan = to_fts5(query)
    check = plan.residual
    where, scope = _pushdown(check.node if check is not None else None)
    facts_only = check is not None and not _needs_text(check.node)
    posts = _PostCache(reader)
    if plan.match is None:
        post_rowids: list[int] = [] if scope == "comment" else list(range(1, reader.post_count + 1))
        rows = _all_comments(reader, where, facts_only) if scope != "post" else iter(())
    else:
        post_rowids = [] if scope == "comment" else reader.matching_posts(plan.match)
        wanted = iter(()) if scope == "post" else reader.matching_comments(plan.match)
        rows = _some_comments(reader, wanted, where, facts_only)
    pending_posts = iter(post_rowids)
    next_post = next(pending_posts, None)
    for row in rows:
        post_rowid = int(row[1])
        while next_post is not None and next_post <= post_rowid:
            hit = posts.hit(next_post, query, check)
            if hit is not None:
                yield hit
            next_post = next(pending_posts, None)
        post = posts.get(post_rowid)
        if facts_only:
            assert check is not None
            if not check.matches_document(_facts_document(post, row)):
                continue
            comment = _comment(reader, int(row[0]))
        else:
            comment = comment_from_row(row[2:])
            if check is not None:
                document = make_document(post, comment, replies=int(row[8]),
                                         is_reply=row[-1] is not None)  # fmt: skip
                if not check.matches_document(document):
                    continue
        yield Hit(post, comment, query)
    while next_post is not None:
        hit = posts.hit(next_post, query, check)
        if hit is not None:
            yield hit
        next_post = next(pending_posts, None)


class SearchHits:
    """The hits of ``query`` in the index at ``path`` as (post, comment or None), searched
    again each time they are gone through: the results page goes through 100,000 hits twice
    (counting, then writing) and holds none of them. Each comment comes linked to what shows
    it on its own (:class:`~talkback.index.hit_context.HitContext`)."""

    def __init__(self, path: Path, query: Query) -> None:
        self.path = path
        self.query = query

    def __iter__(self) -> Iterator[tuple[Post, Comment | None]]:
        reader = IndexReader(self.path)
        try:
            context = HitContext(reader)
            for hit in search_index(reader, self.query):
                if hit.comment is not None:
                    context.link(hit.post, hit.comment)
                yield hit.post, hit.comment
        finally:
            reader.close()


class HitPlace(NamedTuple):
    """Where a hit is, without the hit: its post's row (0-based, dump order) and id, and the
    comment's id and order in the page (None and -1 for the post itself)."""

    post_row: int
    post_id: str
    comment_id: str | None
    order: int


def hit_places(reader: IndexReader, query: Query) -> Iterator[HitPlace]:
    """The place of every hit of ``query``, in the order of ``search_index``'s hits. When FTS5
    decides the query alone (no residual), SQLite gives them without a Post or Comment built,
    which a window counting 70,000 matches needs; else they come from ``search_index``."""
    plan = to_fts5(query)
    if plan.match is None or plan.residual is not None:
        for hit in search_index(reader, query):
            comment = hit.comment
            if comment is None:
                yield HitPlace(hit.post.row, hit.post.id, None, -1)
            else:
                yield HitPlace(hit.post.row, hit.post.id, comment.id, comment.order)
        return
    connection = reader.connection
    posts = connection.execute(
        "SELECT posts.rowid, posts.id FROM fts JOIN posts ON posts.rowid = -fts.rowid "
        "WHERE fts MATCH ? AND fts.rowid < 0 ORDER BY posts.rowid",
        (plan.match,),
    )
    comments = connection.cursor().execute(
        "SELECT comments.post_rowid, posts.id, comments.id, comments.ord FROM fts "
        "JOIN comments ON comments.rowid = fts.rowid "
        "JOIN posts ON posts.rowid = comments.post_rowid "
        "WHERE fts MATCH ? AND fts.rowid > 0 ORDER BY comments.rowid",
        (plan.match,),
    )
    next_post = posts.fetchone()
    for post_rowid, post_id, comment_id, order in comments:
        while next_post is not None and next_post[0] <= post_rowid:  # a post before its comments
            yield HitPlace(next_post[0] - 1, str(next_post[1]), None, -1)
            next_post = posts.fetchone()
        yield HitPlace(post_rowid - 1, str(post_id), str(comment_id), int(order))
    while next_post is not None:
        yield HitPlace(next_post[0] - 1, str(next_post[1]), None, -1)
        next_post = posts.fetchone()


def count_index(reader: IndexReader, query: Query) -> int:
    """How many posts and comments match ``query``."""
    plan = to_fts5(query)
    if plan.match is not None and plan.residual is None:
        count = reader.connection.execute(
            "SELECT count(*) FROM fts WHERE fts MATCH ?", (plan.match,)
        ).fetchone()
        return int(count[0])
    return sum(1 for _ in search_index(reader, query))


def _columns(facts_only: bool) -> str:
    if facts_only:
        return _FACTS
    return f"rowid, post_rowid, {COMMENT_COLUMNS}, parent_rowid"


def _all_comments(reader: IndexReader, where: str, facts_only: bool) -> Iterator[Any]:
    sql = f"SELECT {_columns(facts_only)} FROM comments"
    if where:
        sql += f" WHERE {where}"
    yield from reader.connection.execute(sql + " ORDER BY rowid")


def _some_comments(
    reader: IndexReader, rowids: Iterator[int], where: str, facts_only: bool
) -> Iterator[Any]:
    """The rows of these comments (given in dump order), read a chunk at a time."""
    extra = f" AND {where}" if where else ""
    while chunk := list(itertools.islice(rowids, CHUNK)):
        marks = ",".join("?" * len(chunk))
        sql = (f"SELECT {_columns(facts_only)} FROM comments WHERE rowid IN ({marks}){extra} "
               "ORDER BY rowid")  # fmt: skip
        yield from reader.connection.execute(sql, chunk)


def _comment(reader: IndexReader, rowid: int) -> Comment:
    row = reader.connection.execute(
        f"SELECT {COMMENT_COLUMNS} FROM comments WHERE rowid=?", (rowid,)
    ).fetchone()
    return comment_from_row(row)


def _facts_document(post: Post, row: Any) -> Document:
    return Document(
        post=post, comment=_STAND_IN, block="", start=0, end=0, author=folded_name(row[2]),
        published=wall_clock(row[3]), replies=int(row[4]), is_reply=row[5] is not None,
        has_quote=bool(row[6]),
    )  # fmt: skip


def _needs_text(node: Node) -> bool:
    match node:
        case Word() | Phrase() | Regex():
            return True
        case Not(child=child):
            return _needs_text(child)
        case And(children=children) | Or(children=children):
            return any(_needs_text(child) for child in children)
    return False


def _pushdown(node: Node | None) -> tuple[str, str | None]:
    """A WHERE clause for the residual's exact top-level comment facts, and a scope if any.

    Only conjuncts that SQLite answers exactly are pushed down (the residual still checks them):
    it is a pre-filter, so it may only drop rows that cannot match.
    """
    if node is None:
        return "", None
    conjuncts = node.children if isinstance(node, And) else (node,)
    clauses: list[str] = []
    scope: str | None = None
    for child in conjuncts:
        match child:
            case Scope(kind=kind):
                scope = kind
            case Trait(name="reply"):
                clauses.append("parent_rowid IS NOT NULL")
            case Trait(name="quote"):
                clauses.append("has_quote = 1")
            case Trait(name="replies"):
                clauses.append("reply_count > 0")
            case Replies(op=op, count=count):
                clauses.append(f"reply_count {_SQL_COMPARE[op]} {int(count)}")
    return " AND ".join(clauses), scope


class _PostCache:
    """Posts without their comments, read once per search."""

    def __init__(self, reader: IndexReader) -> None:
        self.reader = reader
        self.posts: dict[int, tuple[Post, int]] = {}

    def get(self, rowid: int) -> Post:
        """The post with this rowid (without its comments)."""
        return self._load(rowid)[0]

    def hit(self, rowid: int, query: Query, check: Query | None) -> Hit | None:
        """The post's Hit if the post itself matches."""
        post, comment_count = self._load(rowid)
        if check is not None and not check.matches_document(
            make_document(post, replies=comment_count)
        ):
            return None
        return Hit(post, None, query)

    def _load(self, rowid: int) -> tuple[Post, int]:
        found = self.posts.get(rowid)
        if found is None:
            row = self.reader.connection.execute(
                f"SELECT {POST_COLUMNS} FROM posts WHERE rowid=?", (rowid,)
            ).fetchone()
            post = post_from_row(row)
            post.row = rowid - 1
            found = self.posts[rowid] = (post, int(row[13]))
        return found
