"""The index's SQLite schema: posts, comments, thread links, problems and an FTS5 full-text table
(and the authors, counted when the index is finished: :mod:`talkback.index.authors`).

Comments keep their place in page order (``ord``) and in the thread (``parent_rowid``, ``row``,
``depth``), so that a window can page through a post of 100,000 comments without loading it.
The full-text table is contentless: the text lives once, in ``posts`` and ``comments`` (a
comment's ``blocks`` only say how its ``text`` is cut into blocks, see :mod:`talkback.index.rows`);
the FTS rowid of a comment is its rowid, and a post's is the negative of its rowid. It indexes the
words folded exactly as the search engine folds them (``talkback.search.fts5_row``), so that FTS5
sees the very words a query is compared with.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from talkback.search.fts5 import FTS5_TOKENIZE

#: bump when the layout changes; an index of another version is rebuilt
SCHEMA_VERSION = 4

#: the index kept up to date while the index is built, so that the window can read the posts
#: already written while the rest is being written (rows come in its order: appending is cheap)
GROWING_DDL = "CREATE INDEX IF NOT EXISTS comments_by_post ON comments(post_rowid, ord);"

DDL = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE posts (
    rowid INTEGER PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    title TEXT, author TEXT, published TEXT, url TEXT, dialect TEXT,
    text TEXT NOT NULL, byline TEXT, boilerplate TEXT NOT NULL,
    location TEXT, encoding TEXT, hidden TEXT NOT NULL,
    comment_count INTEGER NOT NULL, published_utc TEXT
);
CREATE TABLE comments (
    rowid INTEGER PRIMARY KEY,
    id TEXT NOT NULL,
    post_rowid INTEGER NOT NULL REFERENCES posts(rowid),
    ord INTEGER NOT NULL,
    parent_id TEXT,
    parent_rowid INTEGER,
    row INTEGER NOT NULL,
    depth INTEGER NOT NULL,
    reply_count INTEGER NOT NULL,
    author TEXT, published TEXT, kind TEXT NOT NULL, url TEXT, signature TEXT,
    location TEXT, blocks TEXT, text TEXT NOT NULL, has_quote INTEGER NOT NULL,
    published_utc TEXT, status TEXT
);
CREATE TABLE problems (rowid INTEGER PRIMARY KEY, location TEXT NOT NULL, message TEXT NOT NULL);
{growing_ddl}
CREATE VIRTUAL TABLE fts USING fts5(author, title, body, content='', tokenize="{tokenize}");
""".format(tokenize=FTS5_TOKENIZE.replace('"', '""'), growing_ddl=GROWING_DDL)

#: how long the writer waits for readers of the index being built to let go of it (a window reading
#: a post of 100,000 comments holds it for a few seconds) before the build fails
WRITER_WAIT_SECONDS = 300.0

#: how long a read waits while a build writing the index ends a batch (SQLite's busy timeout)
READER_WAIT_SECONDS = 5.0

#: FTS5 gathers this much of new words in memory before it writes a segment (its default, 1 MiB,
#: makes many small segments that it then merges again and again)
FTS_HASH_BYTES = 64 * 1024 * 1024
#: segments of one size that FTS5 merges into one (its default, 4, merges more often)
FTS_AUTOMERGE = 8

#: indexes created after the bulk load (cheaper than maintaining them row by row): a comment by
#: its id (links, ``--select``), a comment's replies in order (the window's pages of a thread).
#: Authors and dates are searched through the full-text table and the rows' facts, and counted
#: into the authors table once: indexes of them (3.4 s and 108 MB at 1 GB) were never read.
POST_LOAD_DDL = """
CREATE UNIQUE INDEX comments_by_id ON comments(id);
CREATE INDEX comments_by_parent ON comments(post_rowid, parent_rowid, row);
"""


def create(path: Path) -> sqlite3.Connection:
    """A new, empty index at ``path`` tuned for one bulk write (the file is a private temp file)."""
    connection = reopen(path)
    connection.executescript(DDL)
    connection.execute(f"INSERT INTO fts(fts, rank) VALUES('hashsize', {FTS_HASH_BYTES})")
    connection.execute(f"INSERT INTO fts(fts, rank) VALUES('automerge', {FTS_AUTOMERGE})")
    return connection


def reopen(path: Path) -> sqlite3.Connection:
    """The index being written at ``path`` (new, or a stopped build's), tuned for bulk writing.

    A rollback journal keeps every ended batch whole whatever happens to the process, so that a
    stopped build can be gone on from (:mod:`talkback.index.partial`); rows are appended, and
    SQLite journals only the pages a batch changes that were already there, so it costs little.
    A window reading the posts already written holds the file for a moment at a time: ending a
    batch waits for it (:data:`WRITER_WAIT_SECONDS`) rather than failing the build.
    """
    connection = sqlite3.connect(
        path, isolation_level=None, check_same_thread=False, timeout=WRITER_WAIT_SECONDS
    )
    connection.executescript(
        "PRAGMA page_size=8192; PRAGMA journal_mode=DELETE; PRAGMA synchronous=NORMAL;"
        "PRAGMA temp_store=MEMORY; PRAGMA cache_size=-65536;"
    )
    return connection


def open_read_only(path: Path, timeout: float = READER_WAIT_SECONDS) -> sqlite3.Connection:
    """Open an index for reading only (many readers may share it); a read waits at most
    ``timeout`` seconds while a build writing it ends a batch."""
    uri = f"{path.resolve().as_uri()}?mode=ro"
    connection = sqlite3.connect(uri, uri=True, check_same_thread=False, timeout=timeout)
    connection.execute("PRAGMA query_only=ON")
    return connection
