"""A compiled query: its tree, its match function and its highlighter, made once per query text.

``compile_query(text)`` is the one entry point the window, ``talkback search`` and batch users
share. It raises QueryError (a short message and a position) for a malformed query and nothing
else; the Query it returns never raises while matching or highlighting.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from talkback.core.model import Comment, Post
from talkback.search.documents import Document, make_document
from talkback.search.highlight import SNIPPET_WIDTH, Excerpt, Span, excerpt, term_spans
from talkback.search.parser import parse_query
from talkback.search.predicates import compile_predicate
from talkback.search.syntax import MatchAll, Node, TextTerm, describe, positive_text_terms

if TYPE_CHECKING:
    from talkback.search.corpus import SearchCorpus


class Query:
    """A query ready to run: ``matches`` for one post or comment, ``spans`` for highlighting.

    ``text`` is what was typed, ``node`` its tree, ``highlight_terms`` the words, phrases and
    regexes a match contains (those under a ``-`` are never highlighted).
    """

    __slots__ = ("_predicate", "highlight_terms", "node", "text")

    def __init__(self, text: str, node: Node) -> None:
        self.text = text
        self.node = node
        self.highlight_terms: tuple[TextTerm, ...] = tuple(dict.fromkeys(positive_text_terms(node)))
        self._predicate = compile_predicate(node)

    def __repr__(self) -> str:
        return f"Query({self.text!r} -> {describe(self.node)})"

    @property
    def is_empty(self) -> bool:
        """Whether the query has no term at all (and so matches everything)."""
        return isinstance(self.node, MatchAll)

    def matches(
        self, post: Post, comment: Comment | None = None, *, corpus: SearchCorpus | None = None
    ) -> bool:
        """Whether the post itself (``comment`` None) or one of its comments matches.

        Give the ``corpus`` when checking many: it keeps each prepared Document, so that the
        folding is done once per comment rather than once per query.
        """
        if corpus is not None:
            return self._predicate(corpus.document(post, comment))
        return self._predicate(make_document(post, comment))

    def matches_document(self, document: Document) -> bool:
        """Whether a prepared Document matches."""
        return self._predicate(document)

    def spans(self, text: str) -> list[Span]:
        """Sorted, non-overlapping ``(start, end)`` offsets of the matched terms in ``text``."""
        return term_spans(self.highlight_terms, text)

    def excerpt(self, text: str, width: int = SNIPPET_WIDTH) -> Excerpt:
        """A one-line window of ``text`` around its first match, with the matches marked."""
        return excerpt(text, self.spans, width)


def compile_query(text: str) -> Query:
    """The Query for ``text``; raises QueryError (message, position) if it is malformed."""
    return Query(text, parse_query(text))
