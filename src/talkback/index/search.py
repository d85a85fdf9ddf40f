"""Searching a dump through its index: FTS5 narrows the candidates, the engine's residual decides.

``search_index(reader, query)`` yields the same Hits, in the same dump order, as
``talkback.search.search_archive`` over the parsed dump, without parsing it: the query is
translated by ``talkback.search.to_fts5`` into an FTS5 MATCH (a superset of the matches) and a
residual Query checked on each candidate, which is read from the index row by row.
``count_index`` answers "how many" without building any objects when the MATCH is exact.
"""

from __future__ import annotations

from collections.abc import Iterator

from talkback.core.model import Post
from talkback.index.reader import POST_COLUMNS, IndexReader, comment_from_row, post_from_row
from talkback.search import Hit, Query, make_document, to_fts5

#: candidates read from SQLite per query (bounded by SQLite's limit on bound parameters)
CHUNK = 900

_COMMENT_SQL = (
    "SELECT c.rowid, c.id, c.ord, c.parent_id, c.row, c.depth, c.reply_count, c.author, "
    "c.published, c.kind, c.url, c.signature, c.location, c.blocks, c.post_rowid, "
    "c.parent_rowid FROM comments c WHERE c.rowid IN ({marks}) ORDER BY c.rowid"
)


def search_index(reader: IndexReader, query: Query) -> Iterator[Hit]:
    """Every post and comment of the indexed dump that matches ``query``, in dump order."""
    plan = to_fts5(query)
    check = plan.residual
    posts = _PostCache(reader)
    if plan.match is None:
        post_rowids = list(range(1, reader.post_count + 1))
        comment_rowids: list[int] = list(range(1, reader.comment_count + 1))
    else:
        matched = reader.match_rowids(plan.match)
        post_rowids = sorted(-rowid for rowid in matched if rowid < 0)
        comment_rowids = sorted(rowid for rowid in matched if rowid > 0)
    pending_posts = iter(post_rowids)
    next_post = next(pending_posts, None)
    for start in range(0, len(comment_rowids), CHUNK):
        chunk = comment_rowids[start : start + CHUNK]
        sql = _COMMENT_SQL.format(marks=",".join("?" * len(chunk)))
        for row in reader.connection.execute(sql, chunk):
            post_rowid = int(row[14])
            while next_post is not None and next_post <= post_rowid:
                hit = posts.hit(next_post, query, check)
                if hit is not None:
                    yield hit
                next_post = next(pending_posts, None)
            post = posts.get(post_rowid)
            comment = comment_from_row(row)
            if check is not None:
                document = make_document(post, comment, replies=int(row[6]),
                                         is_reply=row[15] is not None)  # fmt: skip
                if not check.matches_document(document):
                    continue
            yield Hit(post, comment, query)
    while next_post is not None:
        hit = posts.hit(next_post, query, check)
        if hit is not None:
            yield hit
        next_post = next(pending_posts, None)


def count_index(reader: IndexReader, query: Query) -> int:
    """How many posts and comments match ``query``."""
    plan = to_fts5(query)
    if plan.match is not None and plan.residual is None:
        return len(reader.match_rowids(plan.match))
    return sum(1 for _ in search_index(reader, query))


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
