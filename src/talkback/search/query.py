"""A compiled query: its tree, its match function and its highlighter, made once per query text.

``compile_query(text)`` is the one entry point the window, ``talkback search`` and batch users
share. It raises QueryError (a short message and a position) for a malformed query and nothing
else; the Query it returns never raises while matching or highlighting.

Matching: the tree becomes one function ``Document -> bool``, built once per query. Each leaf
becomes a closure doing one cheap test (a substring test on the folded words, a
comparison of a prepared fact); ``And`` runs its children cheapest first and stops at the first
that fails, ``Or`` stops at the first that holds. A regex runs last, and once per raw field.
"""

from __future__ import annotations

import operator
from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING

from talkback.core.model import Comment, Post
from talkback.search.documents import Document, make_document
from talkback.search.highlight import SNIPPET_WIDTH, Excerpt, Span, excerpt, term_spans
from talkback.search.parser import parse_query
from talkback.search.regexes import compile_regex
from talkback.search.syntax import (
    And,
    Author,
    MatchAll,
    Node,
    Not,
    Or,
    Phrase,
    Published,
    Regex,
    Replies,
    Scope,
    TextTerm,
    Trait,
    Word,
    describe,
    positive_text_terms,
)

if TYPE_CHECKING:
    from talkback.search.corpus import SearchCorpus

Predicate = Callable[[Document], bool]


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


_COMPARE: dict[str, Callable[[int, int], bool]] = {
    ">": operator.gt,
    ">=": operator.ge,
    "<": operator.lt,
    "<=": operator.le,
    "=": operator.eq,
}


def word_needle(word: str, prefix: bool = False) -> str:
    """The substring of a Document's words that shows a whole word (or a word's start) is there."""
    return f" {word}" if prefix else f" {word} "


def phrase_needle(phrase: tuple[str, ...]) -> str:
    """The substring of a Document's words that shows the phrase is there."""
    return " " + " ".join(phrase) + " "


def compile_predicate(node: Node) -> Predicate:
    """One function telling whether a Document matches ``node``."""
    match node:
        case MatchAll():
            return lambda document: True
        case Word(word=word, prefix=prefix):
            needle = word_needle(word, prefix)
            return lambda document: document.contains(needle)
        case Phrase(words=phrase):
            needle = phrase_needle(phrase)
            return lambda document: document.contains(needle)
        case Regex(pattern=pattern, flags=flags):
            regex = compile_regex(pattern, flags)
            return lambda document: any(regex.found_in(text) for text in document.fields())
        case Author(name=name, partial=partial):
            if partial:
                return lambda document: name in document.author
            return lambda document: document.author == name
        case Scope(kind=kind):
            if kind == "post":
                return lambda document: document.comment is None
            return lambda document: document.comment is not None
        case Trait(name=trait):
            if trait == "reply":
                return lambda document: document.is_reply
            if trait == "quote":
                return lambda document: document.has_quote
            return lambda document: document.replies > 0
        case Replies(op=op, count=count):
            compare = _COMPARE[op]
            return lambda document: compare(document.replies, count)
        case Published(start=start, end=end):
            return _published(start, end)
        case Not(child=child):
            inner = compile_predicate(child)
            return lambda document: not inner(document)
        case And(children=children):
            return _all([compile_predicate(child) for child in sorted(children, key=_cost)])
        case Or(children=children):
            return _any([compile_predicate(child) for child in sorted(children, key=_cost)])
    raise AssertionError(f"unknown node {node!r}")  # pragma: no cover


def _published(start: datetime | None, end: datetime | None) -> Predicate:
    def check(document: Document) -> bool:
        when = document.published
        if when is None:
            return False
        return (start is None or when >= start) and (end is None or when < end)

    return check


def _all(predicates: list[Predicate]) -> Predicate:
    def check(document: Document) -> bool:
        return all(predicate(document) for predicate in predicates)

    return check


def _any(predicates: list[Predicate]) -> Predicate:
    def check(document: Document) -> bool:
        return any(predicate(document) for predicate in predicates)

    return check


def _cost(node: Node) -> int:
    """A rough cost rank: facts first, word tests next, regexes last."""
    match node:
        case Scope() | Trait() | Replies() | Published() | Author() | MatchAll():
            return 0
        case Word() | Phrase():
            return 1
        case Regex():
            return 3
        case Not(child=child):
            return _cost(child)
        case And(children=children) | Or(children=children):
            return max(_cost(child) for child in children) + 1
    return 2  # pragma: no cover
