"""The index's list of authors: each name with its number of comments, counted once, at build time.

A dump of a million comments can have hundreds of thousands of authors. Counting them (a GROUP BY
over every comment, then folding each name as ``author:`` compares it) takes seconds, which the
window would otherwise spend on every open, on a thread that competes with the GUI thread for the
interpreter lock. So the writer counts them as it finishes the index and stores the ranked list in
the ``authors`` table, folded keys included; opening reads it back in one query.
"""

from __future__ import annotations

import sqlite3

from talkback.search import AuthorCount, rank_authors
from talkback.search.documents import folded_name

AUTHORS_DDL = """
CREATE TABLE authors (
    rank INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    count INTEGER NOT NULL,
    key TEXT NOT NULL
)
"""


def count_authors(connection: sqlite3.Connection) -> list[AuthorCount]:
    """Count the comments of each author in ``connection``'s comments table: the same ranked list
    ``talkback.search.author_counts`` makes of the loaded dump (names ``author:`` treats as one
    counted together, under the spelling met first in dump order). For tests and checks: the
    writer counts them in SQLite (:func:`write_authors`)."""
    rows = connection.execute(
        "SELECT author, count(*) FROM comments WHERE author IS NOT NULL "
        "AND author != '' GROUP BY author ORDER BY min(rowid)"
    )
    return rank_authors((str(author), int(count)) for author, count in rows)


#: the page cache (KiB) while the authors are counted: 800,000 of them take 49 MB (3.8 s); with
#: the build's 64 MB, 240 MB (3.8 s too)
SORT_CACHE_KIB = 4096

#: the authors counted, grouped by folded name and ranked, all in SQLite: a GROUP BY over the
#: names, then over their folded forms (the spelling kept is the one of the lowest first rowid:
#: SQLite takes a bare column from the row of the single min()); ties ranked by folded name, whose
#: byte order in UTF-8 is Python's order of code points
_RANKED = """
INSERT INTO authors(rank, name, count, key)
SELECT row_number() OVER (ORDER BY total DESC, key) - 1, author, total, key FROM (
    SELECT key, author, min(first), sum(n) AS total FROM (
        SELECT talkback_folded_name(author) AS key, author, n, first FROM (
            SELECT author, count(*) AS n, min(rowid) AS first FROM comments
            WHERE author IS NOT NULL AND author != '' GROUP BY author
        )
    ) GROUP BY key
)
"""


def write_authors(connection: sqlite3.Connection) -> int:
    """Count the authors of the index being written and store them ranked; how many there are.
    It is done in SQLite, with a small page cache, which bounds the memory of its sorters (the
    rest goes to temporary files): 800,000 names in Python lists and dictionaries, or sorted with
    the build's 64 MB cache, took the writing process past 500 MB. The build is over by then."""
    connection.execute(AUTHORS_DDL)
    connection.create_function("talkback_folded_name", 1, folded_name, deterministic=True)
    connection.execute("PRAGMA temp_store=FILE")
    connection.execute(f"PRAGMA cache_size=-{SORT_CACHE_KIB}")
    connection.execute(_RANKED)
    count: int = connection.execute("SELECT count(*) FROM authors").fetchone()[0]
    return count


def read_authors(connection: sqlite3.Connection) -> list[AuthorCount]:
    """The ranked authors stored in a finished index."""
    rows: list[AuthorCount] = connection.execute(
        "SELECT name, count, key FROM authors ORDER BY rank"
    ).fetchall()
    return rows
