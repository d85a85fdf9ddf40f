"""Browsing an index a little at a time, as the window does: post summaries first, then one post's
comments when they are needed, and the few figures the window asks of the whole dump.

``post_summaries`` gives every post as an :class:`IndexedPost` holding only what the tree's post
row shows (title, author, date, how many comments), so that 60,000 posts open in a fraction of a
second and a few megabytes; ``summaries_after`` gives those an index being built has written since
it was last looked at (:class:`GrowingIndex` keeps track). ``read_post`` reads one post in full
(its text and every comment, linked into its reply tree) a page of rows at a time, so that a
reader on another thread can stop it between pages; the window then moves the contents into the
summary with :func:`fill_post`, keeping the summary object (the tree points at it).
:func:`empty_post` lets go of them again.

Comments are built with ``talkback.index.reader.comment_from_row`` and posts with
``post_from_row``: the column lists are the reader's, whatever the index writer stores inside them.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from talkback.core.model import Comment, Post
from talkback.index.authors import read_authors
from talkback.index.reader import COMMENT_COLUMNS, POST_COLUMNS, IndexReader, comment_from_row
from talkback.index.reader import post_from_row as _post_from_row
from talkback.index.schema import open_read_only
from talkback.search import AuthorCount

#: comment rows read between two checks of the stop flag
PAGE_ROWS = 500

_SUMMARY_COLUMNS = "rowid, id, title, author, published, url, comment_count"


@dataclass(slots=True, eq=False)
class IndexedPost(Post):
    """A post of an indexed dump; its text and comments stay in the index until ``loaded``.

    ``comment_total`` is how many comments the index holds for it, loaded or not.
    """

    rowid: int = 0
    comment_total: int = 0
    loaded: bool = False


@dataclass(slots=True)
class PostContents:
    """What :func:`read_post` read of one post: its details, its comments and their tree."""

    details: Post
    comments: list[Comment]
    roots: list[Comment]


def post_summaries(reader: IndexReader) -> list[IndexedPost]:
    """Every post of the index, in dump order, without its text or comments."""
    return list(iter_post_summaries(reader))


def iter_post_summaries(reader: IndexReader) -> Iterator[IndexedPost]:
    """:func:`post_summaries` one at a time, as they are read (the first at once)."""
    rows = reader.connection.execute(f"SELECT {_SUMMARY_COLUMNS} FROM posts ORDER BY rowid")
    for number, row in enumerate(rows):
        yield _summary(number, row)


def summaries_after(connection: sqlite3.Connection, rowid: int, limit: int) -> list[IndexedPost]:
    """At most ``limit`` post summaries after the post ``rowid`` (0: from the first), in dump
    order: the posts an index being built has written since it was last looked at. Posts are
    numbered from 1 with no gaps, so a post's row in the dump is its rowid less one."""
    rows = connection.execute(
        f"SELECT {_SUMMARY_COLUMNS} FROM posts WHERE rowid > ? ORDER BY rowid LIMIT ?",
        (rowid, limit),
    ).fetchall()
    return [_summary(int(row[0]) - 1, row) for row in rows]


class GrowingIndex:
    """An index being built (``BuildProgress.writing``), looked at now and then for the posts its
    ended batches hold: :meth:`new_posts` gives those not given before, in dump order."""

    def __init__(self, path: Path, timeout: float = 1.0) -> None:
        self.path = path
        self.timeout = timeout
        #: the rowid of the last post given
        self.last = 0
        self._connection: sqlite3.Connection | None = None

    def new_posts(self, limit: int) -> list[IndexedPost]:
        """At most ``limit`` posts written since the last call; none while the file is not there
        yet, while the build ends a batch (for longer than ``timeout``) or once it is gone."""
        try:
            if self._connection is None:
                self._connection = open_read_only(self.path, self.timeout)
            posts = summaries_after(self._connection, self.last, limit)
        except sqlite3.Error:
            return []
        if posts:
            self.last = posts[-1].rowid
        return posts

    def close(self) -> None:
        """Let go of the file."""
        if self._connection is not None:
            self._connection.close()
            self._connection = None


def _summary(number: int, row: tuple[Any, ...]) -> IndexedPost:
    rowid, post_id, title, author, published, url, count = row
    return IndexedPost(
        id=str(post_id), title=title, author=author, published=published, url=url,
        row=number, rowid=int(rowid), comment_total=int(count),
    )  # fmt: skip


def read_post(
    reader: IndexReader,
    post: IndexedPost,
    stop: Callable[[], bool] = lambda: False,
    first_page: Callable[[PostContents], None] | None = None,
) -> PostContents | None:
    """The text and comments of ``post`` with their reply tree (comments point at ``post``, but
    ``post`` itself is not changed); None when ``stop()`` said so between two pages of rows, or
    when the index no longer holds the post. When the post has more than a page of comments,
    ``first_page`` is first given the first page's (see :func:`first_page_contents`)."""
    row = reader.connection.execute(
        f"SELECT {POST_COLUMNS} FROM posts WHERE rowid=?", (post.rowid,)
    ).fetchone()
    if row is None:
        return None
    details = _post_from_row(row)
    cursor = reader.connection.execute(
        f"SELECT {COMMENT_COLUMNS} FROM comments WHERE post_rowid=? ORDER BY ord", (post.rowid,)
    )
    comments: list[Comment] = []
    while page := cursor.fetchmany(PAGE_ROWS):
        if stop():
            cursor.close()
            return None
        if first_page is not None and not comments and post.comment_total > len(page):
            first_page(first_page_contents(post, details, page))
        comments.extend(comment_from_row(comment_row) for comment_row in page)
    details.comments = comments
    details.link()
    for comment in comments:
        comment.post = post
    roots, details.roots, details.comments = details.roots, [], []
    return PostContents(details, comments, roots)


def first_page_contents(
    post: IndexedPost, details: Post, rows: list[tuple[object, ...]]
) -> PostContents:
    """The contents of ``post`` as far as its first page of comment ``rows`` goes: those rows'
    comments whose parents are among them, in their tree (objects of their own: the whole post
    is read into others). A comment keeps its order in the whole page."""
    kept: list[Comment] = []
    ids: set[str] = set()
    for row in rows:
        comment = comment_from_row(row)
        if comment.parent_id is None or comment.parent_id in ids:
            kept.append(comment)
            ids.add(comment.id)
    orders = [comment.order for comment in kept]
    holder = Post(id=post.id, comments=kept)
    holder.link()
    for comment, order in zip(kept, orders, strict=True):
        comment.post, comment.order = post, order
    return PostContents(replace(details, comments=[], roots=[]), kept, holder.roots)


def fill_post(post: IndexedPost, contents: PostContents, *, complete: bool = True) -> None:
    """Move what :func:`read_post` read into ``post`` (the summary the window shows); with
    ``complete`` False, only its first page was read (the post stays not ``loaded``)."""
    details = contents.details
    post.text, post.byline, post.boilerplate = details.text, details.byline, details.boilerplate
    post.dialect, post.where, post.encoding = details.dialect, details.where, details.encoding
    post.hidden, post.url = details.hidden, details.url
    post.comments, post.roots = contents.comments, contents.roots
    post.loaded = complete


def empty_post(post: IndexedPost) -> None:
    """Let go of ``post``'s text and comments (they stay in the index). The links between them
    are cut so that they are freed at once, without waiting for the cycle collector."""
    for comment in post.comments:
        comment.post = None
        comment.parent = None
        comment.children = []
    post.comments, post.roots = [], []
    post.text, post.boilerplate, post.hidden = "", [], {}
    post.loaded = False


def owner_post(reader: IndexReader, node_id: str) -> str | None:
    """The id of the post that is, or holds the comment, ``node_id``; None when neither exists."""
    connection = reader.connection
    if connection.execute("SELECT 1 FROM posts WHERE id=?", (node_id,)).fetchone():
        return node_id
    found = connection.execute(
        "SELECT posts.id FROM comments JOIN posts ON posts.rowid = comments.post_rowid "
        "WHERE comments.id=?",
        (node_id,),
    ).fetchone()
    return str(found[0]) if found else None


def index_author_counts(reader: IndexReader) -> list[AuthorCount]:
    """Each comment author's name, number of comments and folded name, most prolific first, then
    by name, as counted when the index was built (:mod:`talkback.index.authors`): the same list
    ``talkback.search.author_counts`` makes of the loaded dump."""
    return read_authors(reader.connection)
