"""The comment layouts Talkback knows by name, each a small :class:`~talkback.core.marks.Dialect`.

- ``signature-after``: the body, then ``NAME on March 31, 2008 at 12:35 PM``;
- ``wordpress``: ``NAME says:`` over ``March 31, 2008 at 12:27 pm``, the body, a ``Reply`` line;
- ``blogger``: ``NAME said...``, the body, then ``3/31/2008 12:27 PM`` (or a longer date);
- ``movable-type``: the body, then ``Posted by: NAME | March 31, 2008 at 12:27 PM``;
- ``posted-by``: the body, then ``Posted by NAME on DATE at TIME`` or ``by NAME on DATE at TIME.``

Each reads a page in one pass over its lines. Layouts whose marks contain another's (``by NAME on
…`` is also ``NAME on …`` with a name starting ``by``) are more specific, so they win a tie.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from itertools import compress, pairwise, repeat

from talkback.core.dates import CLOCK_TIME, TIME_ZONE
from talkback.core.marks import (
    Dialect,
    Mark,
    PageLines,
    lines_with,
    next_non_blank,
)
from talkback.core.signatures import (
    DATE,
    WHEN,
    WHEN_WITH_TIME,
    plausible_name,
    signature_after_parts,
)

#: a name as a mark prints it: something, then the layout's words
_NAME = r"(?P<author>\S.{0,79}?)"
#: what every mark with a clock time has: lines without it are passed over
_CLOCK_SIGN = ":"


class SignatureAfter(Dialect):
    """The sample page's layout: each comment ends with ``NAME on MONTH D, YYYY at H:MM AM/PM``."""

    name = "signature-after"
    description = "the body, then a line 'NAME on MONTH D, YYYY at H:MM AM/PM'"
    specificity = 1

    def scan(self, page: PageLines) -> list[Mark]:
        """Every line shaped like a signature."""
        marks: list[Mark] = []
        lines = page.lines
        for index in lines_with(page, _CLOCK_SIGN):  # every signature has a clock time
            signature = signature_after_parts(lines[index])
            if signature is not None:
                raw, author, when = signature
                marks.append(Mark(index, index, "tail", raw, author, when))
        return marks

    def scan_bound(self, page: PageLines) -> int:
        """A mark for each line with a clock time at most."""
        return len(page.with_sign(_CLOCK_SIGN))


#: ``says`` and, followed by a colon, its German, French, Spanish and Italian, Dutch and
#: Portuguese words (``Hans Müller sagt:``)
_SAYS = re.compile(rf"{_NAME}\s+(?:[Ss]ays\s*:?|(?:sagt|dit|dice|zegt|diz)\s*:)")
_SAYS_SIGN = "ays"
#: the other languages' words, on a line that ends with a colon (found among the lines with a
#: colon, which other layouts look for too: no extra pass over the page)
_SAYS_ABROAD = re.compile("sagt|dit|dice|zegt|diz")


def _says_lines(page: PageLines) -> list[int]:
    """The lines that may be a ``NAME says:`` line, in order."""
    return _lines_signed(page, _SAYS_SIGN, (":",), _SAYS_ABROAD)


def _lines_signed(
    page: PageLines, english: str, endings: tuple[str, ...], abroad: re.Pattern[str]
) -> list[int]:
    """The lines holding the sign ``english``, and those ending with one of ``endings`` that
    hold a word of ``abroad`` (the sign in another language), in order. The lines that end so
    are picked in C among those holding the ending (most lines with a colon hold a time)."""
    lines = page.lines
    found = [
        index
        for ending in endings
        for index in _ending_with(page, ending)
        if abroad.search(lines[index])
    ]
    signed = page.with_sign(english)
    return sorted({*signed, *found}) if found else signed


def _ending_with(page: PageLines, ending: str) -> Iterator[int]:
    """The (stripped) lines of :meth:`PageLines.with_sign` that end with ``ending``."""
    holding = page.with_sign(ending)
    texts = map(page.lines.__getitem__, holding)
    return compress(holding, map(str.endswith, texts, repeat(ending)))


_WORDPRESS_DATE = re.compile(rf"{WHEN}(?:\s*[|·–-]?\s*(?:#|¶|[Pp]ermalink|\(?[Ee]dit\)?))?")


class WordPress(Dialect):
    """WordPress themes: ``NAME says:`` then a date line, the body, then a ``Reply`` link line."""

    name = "wordpress"
    description = "'NAME says:' over a date line 'March 31, 2008 at 12:27 pm', the body, 'Reply'"
    specificity = 2
    furniture = re.compile(
        r"(?:reply|reply\s*↓|↓\s*reply|log\s+in\s+to\s+reply|report(?:\s+comment)?|\(?edit\)?"
        r"|quote|like|permalink|your\s+comment\s+is\s+awaiting\s+moderation\.?"
        # its Reply link in German, French, Spanish and Portuguese, Italian, Dutch
        r"|antworten|répondre|responder|rispondi|reageer|beantwoorden)",
        re.IGNORECASE,
    )

    def scan(self, page: PageLines) -> list[Mark]:
        """Each ``says:`` line with a date line right under it (one blank line allowed)."""
        marks: list[Mark] = []
        lines = page.lines
        taken = page.start  # lines before this one belong to a mark already
        for index in _says_lines(page):
            line = lines[index]
            if index < taken or len(line) > 120:
                continue
            says = _SAYS.fullmatch(line)
            below = next_non_blank(lines, index) if says is not None else None
            if says is not None and below is not None and plausible_name(says["author"]):
                date = _WORDPRESS_DATE.fullmatch(lines[below])
                if date is not None:
                    raw = f"{line}\n{lines[below]}"
                    marks.append(Mark(index, below, "head", raw, says["author"], date["when"]))
                    taken = below + 1
        return marks

    def scan_bound(self, page: PageLines) -> int:
        """A mark for each ``says`` line (or a line of its word in another language) at most."""
        return len(_says_lines(page))


#: ``said...`` and its German, French, Spanish, Italian, Dutch and Portuguese words
_SAID = re.compile(
    rf"{_NAME}\s+(?:said|hat\s+gesagt|a\s+dit|ha\s+dicho|dijo|ha\s+detto|zei|disse)\s*(?:\.\.\.|…)"
)


#: what the other languages' ``said`` lines hold (a page without them skips the layout, as an
#: English page without ``said`` does)
_SAID_ABROAD = re.compile("gesagt|dit|dicho|dijo|detto|zei|disse")


def _said_lines(page: PageLines) -> list[int]:
    """The lines that may be a ``NAME said...`` line, in order: those saying ``said``, and those
    ending with an ellipsis that hold another language's word (``Hans Müller hat gesagt…``)."""
    return _lines_signed(page, "said", ("…", "..."), _SAID_ABROAD)


_BLOGGER_TIME = re.compile(
    rf"{WHEN_WITH_TIME}|(?P<time>{CLOCK_TIME}{TIME_ZONE}?),?\s+(?:on\s+)?(?P<date>{DATE})"
)


class Blogger(Dialect):
    """Blogger: ``NAME said...`` over the body, and the comment's time on a line after it."""

    name = "blogger"
    description = "'NAME said...', the body, then a time line such as '3/31/2008 12:27 PM'"
    specificity = 2
    furniture = re.compile(
        r"(?:delete|reply|replies|reply\s+delete|delete\s+reply|hide\s+replies|add\s+comment"
        r"|load\s+more\.*|blog\s+admin\s+deleted.{0,40})",
        re.IGNORECASE,
    )

    def scan(self, page: PageLines) -> list[Mark]:
        """Every ``said...`` line (a head) and every line that is only a date and time (a tail)."""
        marks: list[Mark] = []
        lines = page.lines
        heads = _said_lines(page)
        may_head = set(heads)
        for index in sorted(may_head.union(page.with_sign(":"))):
            line = lines[index]
            if index in may_head:
                said = _SAID.fullmatch(line)
                if said is not None and plausible_name(said["author"]):
                    marks.append(Mark(index, index, "head", line, said["author"], None))
                    continue
            if ":" in line:
                time = _BLOGGER_TIME.fullmatch(line)
                if time is not None:
                    when = time["when"] or f"{time['date']} {time['time']}"
                    marks.append(Mark(index, index, "tail", line, None, when))
        return marks

    def score(self, marks: list[Mark]) -> int:
        """The number of comments with both a name line and a time line after it."""
        return sum(
            1 for before, after in pairwise(marks) if before.role == "head" and after.role == "tail"
        )

    def score_bound(self, marks: list[Mark]) -> int:
        """Each comment takes a name line and a time line of its own, whichever marks are kept."""
        heads = sum(1 for mark in marks if mark.role == "head")
        return min(heads, len(marks) - heads)

    def scan_bound(self, page: PageLines) -> int:
        """A name line for each ``said`` line and a time line for each line with a clock time,
        at most."""
        return min(len(_said_lines(page)), len(page.with_sign(":")))


_MOVABLE_TYPE = re.compile(
    rf"[Pp]osted\s+by:?\s*{_NAME}\s*\|\s*{WHEN}"
    r"(?:\s*\|\s*(?:[Rr]eply|[Pp]ermalink|[Ll]ink|[Rr]eport))?"
)
_MOVABLE_TYPE_SIGN = "|"


class MovableType(Dialect):
    """Movable Type and TypePad: the body, then ``Posted by: NAME | March 31, 2008 at 12:27 PM``."""

    name = "movable-type"
    description = "the body, then 'Posted by: NAME | March 31, 2008 at 12:27 PM'"
    specificity = 2
    furniture = re.compile(r"(?:reply|permalink|reply\s+to\s+this|report\s+abuse)", re.IGNORECASE)

    def scan(self, page: PageLines) -> list[Mark]:
        """Every ``Posted by: NAME | DATE`` line."""
        marks: list[Mark] = []
        lines = page.lines
        for index in lines_with(page, _MOVABLE_TYPE_SIGN):
            line = lines[index]
            match = _MOVABLE_TYPE.fullmatch(line)
            if match is not None and plausible_name(match["author"]):
                marks.append(Mark(index, index, "tail", line, match["author"], match["when"]))
        return marks

    def scan_bound(self, page: PageLines) -> int:
        """A mark for each line with a ``|`` at most."""
        return len(page.with_sign(_MOVABLE_TYPE_SIGN))


_POSTED_BY = re.compile(
    rf"(?:[Pp]osted\s+|[Ww]ritten\s+|[Cc]omment(?:ed)?\s+)?[Bb]y\s+{_NAME}\s+"
    rf"(?:on\s+{WHEN_WITH_TIME}|at\s+(?P<time>{CLOCK_TIME}{TIME_ZONE}?),?\s+on\s+(?P<date>{DATE}))"
    r"\s*\.?"
)


class PostedBy(Dialect):
    """The body, then ``Posted by NAME on DATE at TIME`` or ``by NAME on DATE at TIME.``."""

    name = "posted-by"
    description = "the body, then 'Posted by NAME on DATE at TIME' or 'by NAME on DATE at TIME.'"
    specificity = 2
    furniture = re.compile(r"(?:reply|permalink|report(?:\s+abuse)?)", re.IGNORECASE)

    def scan(self, page: PageLines) -> list[Mark]:
        """Every ``by NAME on DATE at TIME`` line."""
        marks: list[Mark] = []
        lines = page.lines
        for index in self._candidates(page):
            line = lines[index]
            match = _POSTED_BY.fullmatch(line)
            if match is not None and plausible_name(match["author"]):
                when = match["when"] or f"{match['date']} {match['time']}"
                marks.append(Mark(index, index, "tail", line, match["author"], when))
        return marks

    def scan_bound(self, page: PageLines) -> int:
        """A mark for each line with a clock time and ``by`` at most."""
        return len(self._candidates(page))

    def _candidates(self, page: PageLines) -> list[int]:
        """The lines with a clock time and a word ending in ``y`` (``by``)."""
        lines = page.lines
        return [index for index in page.with_sign(_CLOCK_SIGN) if "y " in lines[index]]
