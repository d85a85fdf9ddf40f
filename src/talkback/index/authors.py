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
    counted together, under the spelling met first in dump order)."""
    rows = connection.execute(
        "SELECT author, count(*) FROM comments WHERE author IS NOT NULL "
        "AND author != '' GROUP BY author ORDER BY min(rowid)"
    )
    return rank_authors((str(author), int(count)) for author, count in rows)


def write_authors(connection: sqlite3.Connection) -> int:
    """Count the authors of the index being written and store them ranked; how many there are."""
    connection.execute(AUTHORS_DDL)
    ranked = count_authors(connection)
    connection.executemany(
        "INSERT INTO authors(rank, name, count, key) VALUES (?,?,?,?)",
        ((rank, *author) for rank, author in enumerate(ranked)),
    )
    return len(ranked)


def read_authors(connection: sqlite3.Connection) -> list[AuthorCount]:
    """The ranked authors stored in a finished index."""
    rows: list[AuthorCount] = connection.execute(
        "SELECT name, count, key FROM authors ORDER BY rank"
    ).fetchall()
    return rows
