"""Reading an index: posts at once, comments a page at a time, whole posts when asked.

``IndexReader.open_for(dump)`` gives a reader only for a complete index of the dump as it is now
(same fingerprint, same schema version); otherwise None, and the caller rebuilds. Nothing here
parses the dump again: reopening a dump of a million comments reads a few rows, not the dump.
"""

from __future__ import annotations

import json
import os
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from talkback.core.model import Archive, Comment, Post, Problem
from talkback.index.location import Fingerprint, fingerprint, index_path
from talkback.index.rows import blocks_from_columns
from talkback.index.schema import READER_WAIT_SECONDS, SCHEMA_VERSION, open_read_only

POST_COLUMNS = (
    "rowid, id, title, author, published, url, dialect, text, byline, boilerplate, location, "
    "encoding, hidden, comment_count, published_utc"
)
COMMENT_COLUMNS = (
    "rowid, id, ord, parent_id, row, depth, reply_count, author, published, kind, url, "
    "signature, location, blocks, text, published_utc, status"
)


@dataclass(frozen=True, slots=True)
class CommentRow:
    """A comment as the index holds it, with its place in the thread, without building objects."""

    rowid: int
    comment: Comment
    depth: int
    reply_count: int


class IndexReader:
    """A read-only view of one finished index (or of one being built: what its ended batches
    hold; a read waits at most ``timeout`` seconds while the build ends a batch)."""

    def __init__(self, path: Path, timeout: float = READER_WAIT_SECONDS) -> None:
        self.path = path
        self.connection = open_read_only(path, timeout)
        self.meta = dict(self.connection.execute("SELECT key, value FROM meta"))

    @classmethod
    def open_for(
        cls,
        dump: str | os.PathLike[str],
        base: Path | None = None,
        options: str = "",
        taken: Fingerprint | None = None,
    ) -> IndexReader | None:
        """The reader of the dump's index if it is complete, current and read with ``options``.
        ``taken`` is the dump's fingerprint when the caller has just taken it (a folder of
        60,000 pages takes a fifth of a second to fingerprint)."""
        path = index_path(dump, base)
        if not path.is_file():
            return None
        try:
            reader = cls(path)
        except sqlite3.DatabaseError:
            return None
        try:
            current = str(taken if taken is not None else fingerprint(dump))
        except OSError:
            reader.close()
            return None
        meta = reader.meta
        if (
            meta.get("state") != "complete"
            or meta.get("schema_version") != str(SCHEMA_VERSION)
            or meta.get("fingerprint") != current
            or meta.get("options", "") != options
        ):
            reader.close()
            return None
        return reader

    def close(self) -> None:
        """Release the database connection."""
        self.connection.close()

    @property
    def post_count(self) -> int:
        """How many posts the index holds."""
        return int(self.meta.get("post_count", 0))

    @property
    def comment_count(self) -> int:
        """How many comments the index holds."""
        return int(self.meta.get("comment_count", 0))

    def posts(self) -> Iterator[tuple[int, Post, int]]:
        """Every post without its comments, as (rowid, post, comment count), in dump order."""
        rows = self.connection.execute(f"SELECT {POST_COLUMNS} FROM posts ORDER BY rowid")
        for number, row in enumerate(rows):
            post = post_from_row(row)
            post.row = number
            yield row[0], post, row[13]

    def post_rowid(self, post_id: str) -> int | None:
        """The rowid of the post with this id, or None."""
        found = self.connection.execute("SELECT rowid FROM posts WHERE id=?", (post_id,)).fetchone()
        return int(found[0]) if found else None

    def children(
        self, post_rowid: int, parent_rowid: int | None, offset: int = 0, limit: int = 500
    ) -> list[CommentRow]:
        """One page of the replies to a comment (or of the top-level comments of a post)."""
        args: tuple[int, ...]
        if parent_rowid is None:
            where, args = "post_rowid=? AND parent_rowid IS NULL", (post_rowid,)
        else:
            where, args = "post_rowid=? AND parent_rowid=?", (post_rowid, parent_rowid)
        rows = self.connection.execute(
            f"SELECT {COMMENT_COLUMNS} FROM comments WHERE {where} ORDER BY row LIMIT ? OFFSET ?",
            (*args, limit, offset),
        )
        return [CommentRow(row[0], comment_from_row(row), row[5], row[6]) for row in rows]

    def load_post(self, post_id: str) -> Post | None:
        """The whole post with every comment and its reply tree, or None if there is no such id."""
        row = self.connection.execute(
            f"SELECT {POST_COLUMNS} FROM posts WHERE id=?", (post_id,)
        ).fetchone()
        if row is None:
            return None
        post = post_from_row(row)
        post.row = row[0] - 1
        rows = self.connection.execute(
            f"SELECT {COMMENT_COLUMNS} FROM comments WHERE post_rowid=? ORDER BY ord", (row[0],)
        )
        post.comments = [comment_from_row(comment_row) for comment_row in rows]
        post.link()
        return post

    def load_archive(self) -> Archive:
        """Everything in the index as an Archive (for exports and batch jobs; the window pages)."""
        archive = Archive(self.meta.get("source", str(self.path)))
        for _, summary, _ in self.posts():
            post = self.load_post(summary.id)
            if post is not None:
                archive.add_post(post)
        archive.problems.extend(self.problems())
        return archive

    def items(self) -> Iterator[Post | Problem]:
        """Every post (with its comments and reply tree), then every problem, in dump order."""
        for _, summary, _ in self.posts():
            post = self.load_post(summary.id)
            if post is not None:
                post.row = summary.row
                yield post
        yield from self.problems()

    def problems(self) -> list[Problem]:
        """The problems met while the dump was read."""
        rows = self.connection.execute("SELECT location, message FROM problems ORDER BY rowid")
        return [Problem(location, message) for location, message in rows]

    def match_rowids(self, fts_query: str, limit: int | None = None) -> list[int]:
        """FTS5 rowids matching an FTS5 query (comments positive, posts negative), best first."""
        sql = "SELECT rowid FROM fts WHERE fts MATCH ? ORDER BY rank"
        if limit is not None:
            sql += f" LIMIT {int(limit)}"
        return [int(row[0]) for row in self.connection.execute(sql, (fts_query,))]

    def matching_posts(self, fts_query: str) -> list[int]:
        """The rowids of the posts matching an FTS5 query, in dump order."""
        sql = "SELECT rowid FROM fts WHERE fts MATCH ? AND rowid < 0 ORDER BY rowid DESC"
        return [-int(row[0]) for row in self.connection.execute(sql, (fts_query,))]

    def matching_comments(self, fts_query: str) -> Iterator[int]:
        """The rowids of the comments matching an FTS5 query, in dump order, read lazily."""
        sql = "SELECT rowid FROM fts WHERE fts MATCH ? AND rowid > 0 ORDER BY rowid"
        for row in self.connection.execute(sql, (fts_query,)):
            yield int(row[0])


def post_from_row(row: tuple[object, ...]) -> Post:
    """A Post (without comments) from a row of ``SELECT POST_COLUMNS FROM posts``."""
    return Post(
        id=str(row[1]), title=_opt(row[2]), author=_opt(row[3]), published=_opt(row[4]),
        url=_opt(row[5]), dialect=_opt(row[6]), text=str(row[7]), byline=_opt(row[8]),
        boilerplate=json.loads(str(row[9])), where=_opt(row[10]), encoding=_opt(row[11]),
        hidden=json.loads(str(row[12])), published_utc=_opt(row[14]),
    )  # fmt: skip


def comment_from_row(row: tuple[object, ...]) -> Comment:
    """A Comment (not linked into a tree) from a row starting with ``COMMENT_COLUMNS``."""
    blocks = blocks_from_columns(_opt(row[13]), str(row[14]))
    return Comment(
        id=str(row[1]), author=_opt(row[7]), published=_opt(row[8]), blocks=blocks,
        signature=_opt(row[11]), parent_id=_opt(row[3]), kind=str(row[9]),  # type: ignore[arg-type]
        url=_opt(row[10]), row=int(str(row[4])), order=int(str(row[2])), where=_opt(row[12]),
        published_utc=_opt(row[15]), status=_opt(row[16]),
    )  # fmt: skip


def _opt(value: object) -> str | None:
    return None if value is None else str(value)
