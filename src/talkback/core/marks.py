"""Marks, and the base of every comment layout ("dialect") that finds them.

A *mark* is the line (or the few adjacent lines) of a page that says who wrote a comment and when:
``funky chicken on March 31, 2008 at 12:35 PM`` after the body, ``funky chicken says:`` over
``March 31, 2008 at 12:27 pm`` before it, Blogger's ``funky chicken said...`` before the body with
its time line after. A *head* mark stands before a comment's body, a *tail* mark after it; a layout
may have either or both. Everything else a layout knows (its own furniture lines such as ``Reply``,
how specific it is) lives on its :class:`Dialect` object.

A dialect reads a page in one pass over its lines (:meth:`Dialect.scan`); what it found is then
cleaned the same way for every layout (:meth:`Dialect.read`): marks set inside paragraphs are
dropped where most marks of the page stand apart, the page's date order (day or month first) is
decided from all the marks together, and marks dated well before the post are dropped.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from itertools import compress, islice, repeat
from operator import contains
from typing import ClassVar, Literal

from talkback.core.dates import dayfirst_for, parse_iso, to_iso
from talkback.core.furniture import is_avatar_initial

Role = Literal["head", "tail"]

#: a mark line is never longer than this; longer lines are prose
MAX_MARK_CHARS = 160
_MARK_LENGTHS = range(1, MAX_MARK_CHARS + 1)


@dataclass(slots=True)
class Mark:
    """Who wrote a comment and when: lines ``first``..``last`` (blank lines only in between).

    ``raw`` is the mark's non-blank lines joined by newlines, exactly as the page has them;
    ``when`` is the date text as printed, ``published`` its ISO form once the page's date order is
    known.
    """

    first: int
    last: int
    role: Role
    raw: str
    author: str | None
    when: str | None
    published: str | None = None


@dataclass(slots=True, frozen=True)
class PageLines:
    """What a dialect reads: the page's stripped lines from ``start`` on, and what the header gave.

    ``posted`` is the post's time as the byline prints it (marks dated more than a day before it
    are not comments); it also helps decide whether the page writes the day or the month first.
    """

    lines: list[str]
    start: int
    posted: str | None = None
    #: the indexes of the non-blank lines from ``start`` on short enough to be marks
    short_lines: list[int] = field(init=False, repr=False, compare=False)
    #: what :meth:`with_sign` found, by sign (every layout asks, some for the same sign)
    _signed: dict[str | re.Pattern[str], list[int]] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        lengths = map(len, islice(self.lines, self.start, None))
        short = compress(
            range(self.start, len(self.lines)), map(_MARK_LENGTHS.__contains__, lengths)
        )
        object.__setattr__(self, "short_lines", list(short))
        object.__setattr__(self, "_signed", {})

    def with_sign(self, sign: str | re.Pattern[str]) -> list[int]:
        """The indexes, in order, of the :attr:`short_lines` in which ``sign`` (a plain string,
        or a pattern searched for) is found; worked out once per sign, in C."""
        found = self._signed.get(sign)
        if found is None:
            short = self.short_lines
            texts = map(self.lines.__getitem__, short)
            if isinstance(sign, str):
                found = list(compress(short, map(contains, texts, repeat(sign))))
            else:
                found = list(compress(short, map(sign.search, texts)))
            self._signed[sign] = found
        return found


@dataclass(slots=True)
class Reading:
    """One dialect's reading of a page: its marks in page order, its score, its date order."""

    dialect: Dialect
    marks: list[Mark]
    score: int
    dayfirst: bool


class Dialect:
    """A comment layout: how its marks look, where they stand, and its own furniture lines.

    Subclasses set the class attributes and implement :meth:`scan`. ``specificity`` breaks ties
    between layouts that score the same on a page: the more specific layout wins.
    """

    name: ClassVar[str] = ""
    description: ClassVar[str] = ""
    specificity: ClassVar[int] = 1
    #: lines the layout prints inside and between comments (``Reply``, ``Delete``), fullmatched
    furniture: ClassVar[re.Pattern[str] | None] = None

    def scan(self, page: PageLines) -> list[Mark]:
        """Every candidate mark from ``page.start`` on, in page order, in one pass over lines."""
        raise NotImplementedError

    def score(self, marks: list[Mark]) -> int:
        """How well the layout explains the page: by default, the number of comments it finds."""
        return len(marks)

    def score_bound(self, marks: list[Mark]) -> int:
        """The most :meth:`score` can give for marks kept out of ``marks`` by :meth:`settle`
        (which only ever drops marks): by default, their number."""
        return len(marks)

    def scan_bound(self, page: PageLines) -> int:
        """At least :meth:`score_bound` of what :meth:`scan` would find on ``page``, known
        without scanning it (a layout counts the lines bearing its sign); by default, no bound.
        """
        return sys.maxsize

    def is_furniture(self, line: str) -> bool:
        """Whether a (stripped) line is this layout's own furniture, such as a ``Reply`` link."""
        return self.furniture is not None and self.furniture.fullmatch(line) is not None

    def read(self, page: PageLines) -> Reading:
        """Find the page's marks, keep the credible ones and date them."""
        return self.settle(page, self.scan(page))

    def settle(self, page: PageLines, marks: list[Mark]) -> Reading:
        """Keep the credible ones of the marks a scan found, date them and score the reading."""
        edges = {mark.first for mark in marks} | {mark.last for mark in marks}
        alone = [mark for mark in marks if self._stands_apart(mark, page.lines, edges)]
        # Where a page sets its marks apart, a mark-shaped line inside a paragraph is somebody's
        # text, not a mark.
        if len(alone) * 2 >= len(marks):
            marks = alone
        dates = [mark.when for mark in marks if mark.when]
        dayfirst = dayfirst_for([page.posted, *dates] if page.posted else dates)
        for mark in marks:
            if mark.when is not None:
                mark.published = to_iso(mark.when, dayfirst=dayfirst)
        posted = parse_iso(to_iso(page.posted, dayfirst=dayfirst)) if page.posted else None
        if posted is not None:
            earliest = posted.date() - timedelta(days=1)
            marks = [mark for mark in marks if not _predates(mark.published, earliest)]
        return Reading(self, marks, self.score(marks), dayfirst)

    def _stands_apart(self, mark: Mark, lines: list[str], edges: set[int]) -> bool:
        """Whether a mark is set apart from prose: blank lines, furniture or other marks around it
        (and, above it, possibly the author's avatar initial)."""
        before = lines[mark.first - 1] if mark.first > 0 else ""
        before_ok = (
            not before
            or mark.first - 1 in edges
            or is_avatar_initial(before, mark.author)
            or self.is_furniture(before)
        )
        if mark.role == "head":
            return before_ok
        after = lines[mark.last + 1] if mark.last + 1 < len(lines) else ""
        return before_ok and (not after or mark.last + 1 in edges or self.is_furniture(after))


def lines_with(page: PageLines, *signs: str | re.Pattern[str]) -> Iterator[int]:
    """The indexes, in order, of the page's :attr:`~PageLines.short_lines` in which one of
    ``signs`` (a plain string, or a pattern searched for) is found.

    A layout passes something every one of its marks has (``says``, a colon): the test runs over
    the lines in C, and the layout looks closely only at the few lines that pass. A plain string
    is found several times faster than a pattern that could say the same.
    """
    found = [page.with_sign(sign) for sign in signs]
    return iter(found[0]) if len(found) == 1 else iter(sorted(set().union(*found)))


def next_non_blank(lines: list[str], index: int, limit: int = 2) -> int | None:
    """The index of the first non-blank line after ``index``, looking at most ``limit`` lines on."""
    for candidate in range(index + 1, min(len(lines), index + 1 + limit)):
        if lines[candidate]:
            return candidate
    return None


def _predates(published: str | None, earliest: date) -> bool:
    """Whether a mark's time falls before ``earliest`` (the day before the post's date)."""
    parsed = parse_iso(published)
    return parsed is not None and parsed.date() < earliest
