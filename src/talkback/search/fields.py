"""``name:value`` terms: author, in, is, has, replies and the dates (before, after, on, date).

Each field's value is checked here, so that a typo gets a message naming what the field takes.

Dates in queries: ``2008-03-31``, ``"March 31, 2008"``, ``3/31/2008``, ``"2008-03-31 13:00"``.

A date a person types stands for a stretch of time as long as its precision: ``2008`` is the whole
year, ``"March 2008"`` the month, ``2008-03-31`` the day, ``"2008-03-31 13:00"`` the minute. So
``on:2008-03-31`` is that whole day, ``before:X`` is everything before X begins and ``after:X``
everything after X ends; ``date:A..B`` runs from the start of A to the end of B, both included.
python-dateutil reads the forms (month first when ambiguous: ``1/2/2008`` is January 2); which
parts were given is found by reading the text twice against two different defaults. Times are
compared as written (wall-clock), so a time zone in the query is ignored, like the one a page gives.
"""

from __future__ import annotations

import re
import warnings
from datetime import datetime
from typing import cast

from dateutil import parser as date_parser
from dateutil.relativedelta import relativedelta

from talkback.core.text import fold
from talkback.search.lexer import Segment, Token
from talkback.search.syntax import (
    Author,
    Comparison,
    Node,
    Published,
    QueryError,
    Replies,
    Scope,
    Trait,
)

_REPLIES = re.compile(r"(>=|<=|>|<|=)?(\d{1,9})")
_PARTS = ("year", "month", "day", "hour", "minute", "second")
_FIRST_DEFAULT = datetime(1, 1, 1, 0, 0, 0)
_SECOND_DEFAULT = datetime(2, 2, 2, 1, 1, 1)
_AT = re.compile(r"\bat\b|@", re.IGNORECASE)
#: longest date text read
MAX_DATE_LENGTH = 60
_SCOPES: dict[str, Node] = {
    "post": Scope("post"),
    "posts": Scope("post"),
    "comment": Scope("comment"),
    "comments": Scope("comment"),
}
_IS: dict[str, Node] = {
    "reply": Trait("reply"),
    "post": Scope("post"),
    "comment": Scope("comment"),
}
_HAS: dict[str, Node] = {
    "quote": Trait("quote"),
    "quotes": Trait("quote"),
    "replies": Trait("replies"),
    "reply": Trait("replies"),
}


def field_node(token: Token) -> Node:
    """The node for one field token; QueryError when its value is not what the field takes."""
    name, segments = token.text, token.segments
    value = "".join(segment.text for segment in segments)
    where = segments[0].position if segments else token.position + len(name) + 1
    if name == "author":
        return _author(segments, where)
    if name in ("in", "is", "has"):
        table, takes = {
            "in": (_SCOPES, "post or comments"),
            "is": (_IS, "reply, post or comment"),
            "has": (_HAS, "quote or replies"),
        }[name]
        node = table.get(value.strip().lower())
        if node is None:
            raise QueryError(f"{name}: takes {takes}", where)
        return node
    if name == "replies":
        match = _REPLIES.fullmatch(value.strip())
        if match is None:
            raise QueryError("replies: takes a number, e.g. replies:>3", where)
        return Replies(cast(Comparison, match[1] or "="), int(match[2]))
    return _dates(name, segments, where)


def _author(segments: tuple[Segment, ...], where: int) -> Node:
    partial = bool(segments) and not segments[0].quoted and segments[0].text.startswith("~")
    value = "".join(segment.text for segment in segments)
    if partial:
        value = value[1:]
    name = " ".join(fold(value).split())
    if not name:
        raise QueryError("author: needs a name, e.g. author:jp", where)
    return Author(name, partial)


def _dates(name: str, segments: tuple[Segment, ...], where: int) -> Node:
    if name != "date":
        start, end = stretch("".join(segment.text for segment in segments), where)
        if name == "before":
            return Published(None, start)
        if name == "after":
            return Published(end, None)
        return Published(start, end)
    left, right, split_at = _split_range(segments)
    if split_at is None:
        start, end = stretch(left, where)
        return Published(start, end)
    if not left.strip() and not right.strip():
        raise QueryError("date: needs a date on at least one side of ..", where)
    since = stretch(left, where)[0] if left.strip() else None
    until = stretch(right, split_at + 2)[1] if right.strip() else None
    if since is not None and until is not None and since >= until:
        raise QueryError("date: the range ends before it starts", where)
    return Published(since, until)


def _split_range(segments: tuple[Segment, ...]) -> tuple[str, str, int | None]:
    """The value before and after the first ``..`` outside quotes, and where the ``..`` is."""
    left: list[str] = []
    right: list[str] = []
    split_at: int | None = None
    for segment in segments:
        if split_at is None and not segment.quoted and ".." in segment.text:
            before, _, after = segment.text.partition("..")
            split_at = segment.position + len(before)
            left.append(before)
            right.append(after)
        else:
            (right if split_at is not None else left).append(segment.text)
    return "".join(left), "".join(right), split_at


def stretch(text: str, position: int) -> tuple[datetime, datetime]:
    """The ``[start, end)`` the date ``text`` stands for; QueryError if it is not a date."""
    cleaned = " ".join(_AT.sub(" ", text).split())
    shown = text if len(text) <= 30 else text[:29] + "…"
    if not cleaned:
        raise QueryError("missing date, e.g. 2008-03-31", position)
    if len(cleaned) > MAX_DATE_LENGTH or not any(char.isdigit() for char in cleaned):
        raise QueryError(f"cannot read {shown!r} as a date", position)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            first = date_parser.parse(cleaned, default=_FIRST_DEFAULT, ignoretz=True)
            second = date_parser.parse(cleaned, default=_SECOND_DEFAULT, ignoretz=True)
    except (ValueError, OverflowError, TypeError, LookupError) as error:
        raise QueryError(f"cannot read {shown!r} as a date", position) from error
    given = [getattr(first, part) == getattr(second, part) for part in _PARTS]
    precision = given.index(False) if False in given else len(_PARTS)
    if precision == 0:
        raise QueryError(f"{shown!r} has no year", position)
    if any(given[precision:]):
        raise QueryError(f"cannot read {shown!r} as a date", position)
    values = [getattr(first, part) for part in _PARTS[:precision]]
    start = datetime(*values, *([1] * max(0, 3 - precision)))
    try:
        end = start + relativedelta(**{_PARTS[precision - 1] + "s": 1})  # type: ignore[arg-type]
    except (ValueError, OverflowError) as error:
        raise QueryError(f"{shown!r} is out of range", position) from error
    return start, end
