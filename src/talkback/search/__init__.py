"""Search: one query language and one engine for the window, ``talkback search`` and batch users.

Pure Python, no Qt. ``compile_query(text)`` gives a Query (or raises QueryError with a short
message and a position); ``Query.matches(post, comment)`` tells whether one item matches;
``Query.spans(text)`` gives the character spans to highlight; ``search_archive(archive, query)``
yields Hits (post, comment or None, snippet) in dump order, over a SearchCorpus that prepares each
comment once. ``to_fts5(query)`` translates a query for the on-disk SQLite FTS5 index (see
``talkback.search.fts5`` for the plan). The syntax is in README ("Search") and
``resources/help/search-syntax.html``.
"""

from __future__ import annotations

from talkback.search.corpus import (
    AuthorCount,
    Hit,
    SearchCorpus,
    author_counts,
    author_query,
    corpus_for,
    rank_authors,
    search_archive,
)
from talkback.search.documents import Document, make_document
from talkback.search.fts5 import Fts5Plan, fts5_row, to_fts5
from talkback.search.highlight import Excerpt, Span
from talkback.search.query import Query, compile_query
from talkback.search.syntax import QueryError

__all__ = [
    "AuthorCount",
    "Document",
    "Excerpt",
    "Fts5Plan",
    "Hit",
    "Query",
    "QueryError",
    "SearchCorpus",
    "Span",
    "author_counts",
    "author_query",
    "compile_query",
    "corpus_for",
    "fts5_row",
    "make_document",
    "rank_authors",
    "search_archive",
    "to_fts5",
]
