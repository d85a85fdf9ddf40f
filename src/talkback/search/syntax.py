"""The query tree: what a compiled search query is made of, and the error a malformed one raises.

The parser turns the text a person types into a tree of these nodes; the in-memory engine turns the
tree into a predicate over prepared documents, the highlighter reads its positive text terms, and
the FTS5 translator (for the on-disk index) turns the text terms into a MATCH expression. Every
text value in the tree is already folded (lower case, no accents, no punctuation), so the three
consumers never fold again and always agree.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Literal, TypeAlias

#: the comparison of ``replies:``: ``>``, ``>=``, ``<``, ``<=`` or ``=``
Comparison = Literal[">", ">=", "<", "<=", "="]


class QueryError(ValueError):
    """A malformed query: a short message to show beside the search field, and where it went wrong.

    ``position`` is the offset in the query text (0-based, in characters) of the part at fault.
    """

    def __init__(self, message: str, position: int) -> None:
        super().__init__(message)
        self.message = message
        self.position = position

    def __str__(self) -> str:
        return self.message


@dataclass(frozen=True, slots=True)
class MatchAll:
    """The empty query: everything matches."""


@dataclass(frozen=True, slots=True)
class Word:
    """One folded word that must occur as a whole word (or, with ``prefix``, start a word)."""

    word: str
    prefix: bool = False


@dataclass(frozen=True, slots=True)
class Phrase:
    """Folded words that must occur one right after the other (punctuation between them ignored)."""

    words: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Regex:
    """A regular expression (RE2 syntax) searched in the raw, unfolded text; flags from ``ims``."""

    pattern: str
    flags: str = ""


@dataclass(frozen=True, slots=True)
class Author:
    """The author's name, folded: equal to ``name``, or containing it when ``partial``."""

    name: str
    partial: bool = False


@dataclass(frozen=True, slots=True)
class Scope:
    """Only posts (``in:post``) or only comments (``in:comments``)."""

    kind: Literal["post", "comment"]


@dataclass(frozen=True, slots=True)
class Trait:
    """A comment's trait: ``reply`` (is:reply), ``quote`` (has:quote), ``replies``."""

    name: Literal["reply", "quote", "replies"]


@dataclass(frozen=True, slots=True)
class Replies:
    """The number of direct replies compared with ``count`` (``replies:>N``)."""

    op: Comparison
    count: int


@dataclass(frozen=True, slots=True)
class Published:
    """Published in ``[start, end)`` (wall-clock times as written; either end may be open)."""

    start: datetime | None
    end: datetime | None


@dataclass(frozen=True, slots=True)
class Not:
    """Excludes what ``child`` matches (``-word``, ``-"phrase"``, ``-author:x``, ``-( … )``)."""

    child: Node


@dataclass(frozen=True, slots=True)
class And:
    """All of ``children`` (terms side by side)."""

    children: tuple[Node, ...]


@dataclass(frozen=True, slots=True)
class Or:
    """Any of ``children`` (``OR`` or ``|``)."""

    children: tuple[Node, ...]


Node: TypeAlias = (
    MatchAll | Word | Phrase | Regex | Author | Scope | Trait | Replies | Published | Not | And | Or
)
#: the leaves that match text and are shown highlighted
TextTerm: TypeAlias = Word | Phrase | Regex


def positive_text_terms(node: Node) -> Iterator[TextTerm]:
    """The words, phrases and regexes a match may contain (none from under a ``Not``)."""
    if isinstance(node, Word | Phrase | Regex):
        yield node
    elif isinstance(node, And | Or):
        for child in node.children:
            yield from positive_text_terms(child)


def describe(node: Node) -> str:
    """The tree as a compact, unambiguous string (for tests and debugging)."""
    match node:
        case MatchAll():
            return "*"
        case Word(word=word, prefix=prefix):
            return word + ("*" if prefix else "")
        case Phrase(words=phrase):
            return '"' + " ".join(phrase) + '"'
        case Regex(pattern=pattern, flags=flags):
            return f"/{pattern}/{flags}"
        case Author(name=name, partial=partial):
            return f"author:{'~' if partial else ''}{name!r}"
        case Scope(kind=kind):
            return f"in:{kind}"
        case Trait(name=name):
            return f"trait:{name}"
        case Replies(op=op, count=count):
            return f"replies:{op}{count}"
        case Published(start=start, end=end):
            left = start.isoformat() if start else ""
            right = end.isoformat() if end else ""
            return f"published:[{left},{right})"
        case Not(child=child):
            return f"-{describe(child)}"
        case And(children=children):
            return "(" + " ".join(describe(child) for child in children) + ")"
        case Or(children=children):
            return "(" + " | ".join(describe(child) for child in children) + ")"
    raise AssertionError(f"unknown node {node!r}")  # pragma: no cover
