"""Cutting a query into tokens: words, "phrases", /regexes/, field:values, parentheses, operators.

Tokens keep their position in the query so that an error can point at the part at fault. A word
runs up to whitespace, a parenthesis, ``|`` or a double quote; ``name:value`` is a field only when
``name`` is one of :data:`FIELDS` (so ``12:35`` or ``http://…`` stay ordinary words). Straight and
curly double quotes (``"…"``, ``“…”``, ``„…“``) open and close phrases alike.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from talkback.search.syntax import QueryError

TokenKind = Literal["word", "phrase", "regex", "field", "(", ")", "or", "and", "not", "neg"]

#: the field names a ``name:value`` token may carry (case-insensitive)
FIELDS = frozenset({"author", "in", "is", "has", "replies", "before", "after", "on", "date"})
#: characters that open or close a quoted phrase or value
QUOTES = frozenset('"“”„‟«»＂')
#: flags a /regex/ may carry
REGEX_FLAGS = frozenset("ims")
_STOPS = frozenset("()|") | QUOTES
_KEYWORDS: dict[str, TokenKind] = {"OR": "or", "AND": "and", "NOT": "not"}


@dataclass(frozen=True, slots=True)
class Segment:
    """One piece of a field's value: a bare run or the inside of a quoted string."""

    text: str
    quoted: bool
    position: int


@dataclass(frozen=True, slots=True)
class Token:
    """One token: its kind, where it starts, and what it carries.

    ``text`` is the word, the phrase's inside, the regex pattern, or the field's (lower-cased)
    name; ``flags`` the regex flags; ``segments`` the field's value.
    """

    kind: TokenKind
    position: int
    text: str = ""
    flags: str = ""
    segments: tuple[Segment, ...] = ()


def tokenize(query: str) -> list[Token]:
    """The tokens of ``query``; raises QueryError for an unclosed quote or a malformed regex."""
    tokens: list[Token] = []
    index, length = 0, len(query)
    while index < length:
        char = query[index]
        if char.isspace():
            index += 1
        elif char in "()":
            tokens.append(Token("(" if char == "(" else ")", index))
            index += 1
        elif char == "|":
            tokens.append(Token("or", index))
            index += 1
        elif char in QUOTES:
            inside, index_after = _quoted(query, index)
            tokens.append(Token("phrase", index, inside))
            index = index_after
        elif char == "-" and index + 1 < length and not _ends_term(query[index + 1]):
            tokens.append(Token("neg", index))
            index += 1
        elif char == "/":
            token, index = _regex(query, index)
            tokens.append(token)
        else:
            token, index = _word_or_field(query, index)
            tokens.append(token)
    return tokens


def _ends_term(char: str) -> bool:
    return char.isspace() or char in ")|"


def _bare_end(query: str, index: int) -> int:
    while index < len(query) and not query[index].isspace() and query[index] not in _STOPS:
        index += 1
    return index


def _quoted(query: str, start: int) -> tuple[str, int]:
    """The inside of the quoted string opening at ``start`` and the index after its end."""
    for index in range(start + 1, len(query)):
        if query[index] in QUOTES:
            return query[start + 1 : index], index + 1
    raise QueryError("unclosed quote", start)


def _regex(query: str, start: int) -> tuple[Token, int]:
    pattern: list[str] = []
    index, length = start + 1, len(query)
    while True:
        if index >= length:
            raise QueryError("unclosed /regex/ (end it with /, or quote a lone slash)", start)
        char = query[index]
        if char == "\\" and index + 1 < length:
            following = query[index + 1]
            # \/ is a literal slash; any other escape is RE2's to read
            pattern.append(following if following == "/" else char + following)
            index += 2
        elif char == "/":
            index += 1
            break
        else:
            pattern.append(char)
            index += 1
    flags_end = _bare_end(query, index)
    flags = query[index:flags_end]
    for offset, flag in enumerate(flags):
        if flag not in REGEX_FLAGS:
            raise QueryError(f"unknown regex flag {flag!r} (use i, m or s)", index + offset)
    if not pattern:
        raise QueryError("empty /regex/", start)
    return Token("regex", start, "".join(pattern), "".join(sorted(set(flags)))), flags_end


def _word_or_field(query: str, start: int) -> tuple[Token, int]:
    end = _bare_end(query, start)
    if end == start:  # a lone character that ends terms, e.g. a stray quote handled elsewhere
        end = start + 1
    word = query[start:end]
    if word in _KEYWORDS:
        return Token(_KEYWORDS[word], start, word), end
    name, colon, _ = word.partition(":")
    if colon and name.lower() in FIELDS:
        value_start = start + len(name) + 1
        segments, end = _field_value(query, value_start)
        return Token("field", start, name.lower(), segments=segments), end
    return Token("word", start, word), end


def _field_value(query: str, index: int) -> tuple[tuple[Segment, ...], int]:
    """The value after ``name:``: bare runs and quoted strings, up to a space or a parenthesis."""
    segments: list[Segment] = []
    while index < len(query):
        char = query[index]
        if char in QUOTES:
            inside, after = _quoted(query, index)
            segments.append(Segment(inside, True, index + 1))
            index = after
        elif char.isspace() or char in "()|":
            break
        else:
            end = _bare_end(query, index)
            segments.append(Segment(query[index:end], False, index))
            index = end
    return tuple(segments), index
