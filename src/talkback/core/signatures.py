"""Signature and byline lines: who wrote something and when, as a page prints it.

A comment in the signature-after layout ends with ``NAME on MONTH D, YYYY at H:MM AM/PM``; a post
starts with a byline such as ``posted at 12:19 pm on March 31, 2008 by Allahpundit``. This module
recognises such lines and reads the name and the time out of them; deciding which candidates are
real signatures is the page parser's job.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from talkback.core.date_words import TIME_JOINERS
from talkback.core.dates import CLOCK_TIME, MONTH_NAME, TIME_ZONE, to_iso

#: an optional weekday before a date: ``Monday, ``, ``Mon ``
WEEKDAY = r"(?:(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)[a-z]{0,6}\.?,?\s+)"
#: a calendar date as pages print it: ``March 31, 2008``, ``Mar. 31st 2008``, ``31 March 2008``,
#: ``2008-03-31``, ``3/31/2008``, ``31.03.2008``, ``Monday, March 31, 2008``, and with another
#: language's month: ``31. März 2008``, ``31 mars 2008``, ``31 de marzo de 2008``
DATE = (
    rf"(?:{WEEKDAY}?"
    rf"(?:{MONTH_NAME}\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}"
    rf"|\d{{1,2}}(?:st|nd|rd|th|er|º)?\.?\s+(?:de\s+)?{MONTH_NAME},?\s+(?:de\s+)?\d{{4}}"
    r"|\d{4}-\d{1,2}-\d{1,2}|\d{4}/\d{1,2}/\d{1,2}"
    r"|\d{1,2}/\d{1,2}/\d{2,4}|\d{1,2}\.\d{1,2}\.\d{2,4}|\d{1,2}-\d{1,2}-\d{4}))"
)
#: what may stand between a date and its time: ``, ``, `` at ``, `` @ ``, ``T``, and the
#: ``at`` of other languages (`` um ``, `` à ``, `` a las ``...: ``TIME_JOINERS``)
DATE_TIME_GAP = rf"(?:T|,?\s+(?:{TIME_JOINERS}\s+|@\s*|-\s+)?)"
#: a date with an optional time: ``March 31, 2008 at 12:35 PM``, ``2008-03-31 13:07 EDT``
WHEN = rf"(?P<when>{DATE}(?:{DATE_TIME_GAP}{CLOCK_TIME}{TIME_ZONE}?)?)"
WHEN_WITH_TIME = rf"(?P<when>{DATE}{DATE_TIME_GAP}{CLOCK_TIME}{TIME_ZONE}?)"

#: ``on`` before a date in German, French, Spanish, Italian, Dutch and Portuguese
_ON_ABROAD = r"(?:am|le|el|il|op|em)"
#: ``NAME on DATE at TIME``, the ``on`` also in other languages (``Hans Müller am 14. Oktober
#: 2011 um 21:20``)
_SIGNATURE_AFTER = re.compile(
    rf"(?P<author>\S.{{0,79}}?)\s+(?:on|{_ON_ABROAD})\s+{WHEN_WITH_TIME}\s*"
)

#: "posted", "on" and "by" of a byline in German, French, Spanish, Italian, Dutch, Portuguese,
#: Norwegian, Swedish, Danish and Polish
_POSTED = (
    r"(?:veröffentlicht|geschrieben|publié|écrit|publicado|escrito|pubblicato|scritto"
    r"|geplaatst|gepubliceerd|publisert|publicerad|publiceret|opublikowano|dodano)"
)
_ON = rf"(?:{_ON_ABROAD}|den)"
_BY = r"(?:von|par|por|da|door|av|af|przez)"

_BYLINES = [
    # posted at 12:19 pm on March 31, 2008 by Allahpundit
    rf"posted\s+at\s+(?P<time>{CLOCK_TIME}{TIME_ZONE}?)\s+on\s+(?P<date>{DATE})\s+by\s+(?P<author>.+?)",
    # Posted on March 31, 2008 at 12:19 pm by Allahpundit / Posted March 31, 2008 by X, and the
    # same in other languages: Veröffentlicht am 14. Oktober 2011 von X, Publié le … par X
    rf"(?:posted|published|written|{_POSTED})\s+(?:(?:on|{_ON})\s+)?{WHEN}\s+(?:by|{_BY})\s+"
    r"(?P<author>.+?)",
    # Posted by Allahpundit on March 31, 2008 at 12:19 pm
    rf"(?:posted\s+|written\s+|published\s+)?by\s+(?P<author>.+?)(?:\s+on\s+|\s*,\s*|\s+\|\s*|\s+-\s+){WHEN}",
    # March 31, 2008 by Allahpundit
    rf"{WHEN}\s+(?:by|-|\|)\s+(?P<author>.+?)",
    # by Allahpundit
    r"(?:posted\s+|written\s+)?by\s+(?P<author>[^,.;:!?]{1,60})",
]
_BYLINE = [re.compile(pattern, re.IGNORECASE) for pattern in _BYLINES]

# Words a real commenter's name rarely ends with, but a sentence about a date often does
# ("The vote was on March 31, 2008 at 12:40 PM").
_SENTENCE_ENDINGS = frozenset(
    (
        "a an the was were is are be been being am it its that this these those which who whom "
        "me him her them us you i we they and or but nor so if as than then posted happened born "
        "died said wrote came started ended began begun left arrived published written held made "
        "done scheduled planned set due moved back out up down off over here there meeting "
        "meet met call called vote voted party event game show"
    ).split()
)


@dataclass(slots=True, frozen=True)
class Signature:
    """A signature line: its index among the page's lines, the raw line, the name and the time."""

    line: int
    raw: str
    author: str
    published: str | None
    #: the date and time as the line prints them
    when: str | None = None

    @property
    def key(self) -> tuple[str, str | None]:
        """What identifies the comment it signs: the folded name and the time."""
        return (self.author.casefold(), self.published)


@dataclass(slots=True, frozen=True)
class Byline:
    """A post's byline: author and publication time (either may be unknown)."""

    raw: str
    author: str | None
    published: str | None
    #: the date and time as the page prints them (to read again once a page's date order is known)
    when: str | None = None


def match_signature_after(line: str, index: int) -> Signature | None:
    """Read ``NAME on DATE at TIME`` from a line, or None if it is not shaped like one."""
    found = signature_after_parts(line)
    if found is None:
        return None
    stripped, author, when = found
    return Signature(index, stripped, author, to_iso(when), when)


def signature_after_parts(line: str) -> tuple[str, str, str] | None:
    """:func:`match_signature_after` without the time read: the stripped line, the name and the
    date as printed, or None (what a layout that dates its marks itself needs)."""
    stripped = line.strip()
    if len(stripped) > 160:
        return None
    match = _SIGNATURE_AFTER.fullmatch(stripped)
    if match is None:
        return None
    author = match["author"].strip()
    if not plausible_name(author):
        return None
    return stripped, author, match["when"]


_NON_WORD = re.compile(r"\W+")


@lru_cache(maxsize=8192)  # a page's commenters sign again and again
def plausible_name(name: str) -> bool:
    """Whether ``name`` could be a commenter's display name rather than the start of a sentence."""
    if not name or len(name) > 60:
        return False
    name_words = name.split()
    if not name_words or len(name_words) > 6:  # blanks ("Posted by    at 6:15 PM") name nobody
        return False
    if name[-1] in ",;:" or name.count(". ") > 1:
        return False
    last_word = name_words[-1]
    # "The vote was", "My daughter was born": a sentence ends in a lower-case word; a name such
    # as "Ines Be" or "Kit Up" ends in a capitalised one.
    if (
        len(name_words) > 1
        and not last_word[:1].isupper()  # before the costlier test
        and _NON_WORD.sub("", last_word.casefold()) in _SENTENCE_ENDINGS
    ):
        return False
    return name[0].isalnum() or any(ch.isalnum() for ch in name)


def match_byline(line: str) -> Byline | None:
    """Read a post byline (author and/or time) from a line, or None if it is not one."""
    stripped = line.strip()
    if len(stripped) > 200:
        return None
    for pattern in _BYLINE:
        match = pattern.fullmatch(stripped)
        if match is None:
            continue
        groups = match.groupdict()
        author = (groups.get("author") or "").strip() or None
        if author is not None and not plausible_name(author):
            continue
        when = groups.get("when")
        if when is None and groups.get("date"):
            when = f"{groups['date']} {groups.get('time') or ''}"
        return Byline(stripped, author, to_iso(when) if when else None, when)
    return None


_DATE_LINE = re.compile(DATE)
_FOOTER = re.compile(
    rf"(?:[Pp]osted|[Ww]ritten|[Pp]ublished)\s+by\s+(?P<author>.+?)\s+at\s+"
    rf"(?P<time>{CLOCK_TIME}{TIME_ZONE}?)(?:\s*[|·]?\s*\d+\s+comments?)?"
)


def match_date_line(line: str) -> Byline | None:
    """A line that is only a date (a blog's date header, ``Monday, May 6, 2013``), as a byline."""
    stripped = line.strip()
    if len(stripped) > 60 or _DATE_LINE.fullmatch(stripped) is None:
        return None
    return Byline(stripped, None, to_iso(stripped), stripped)


def match_footer_byline(line: str, date_header: Byline | None) -> Byline | None:
    """A byline printed under the article (``Posted by NAME at 6:15 PM``), or None.

    A footer that gives only the time takes its date from the page's ``date_header``; the raw
    byline is then the header line and the footer line, newline-separated.
    """
    stripped = line.strip()
    if len(stripped) > 200 or not stripped[:9].casefold().startswith(
        ("posted", "written", "publi")
    ):
        return None
    full = match_byline(stripped)
    if full is not None and full.author is not None:
        return full
    match = _FOOTER.fullmatch(stripped)
    if match is None or not plausible_name(match["author"]):
        return None
    if date_header is None or date_header.when is None:
        return Byline(stripped, match["author"], None, None)
    when = f"{date_header.when} {match['time']}"
    raw = f"{date_header.raw}\n{stripped}"
    return Byline(raw, match["author"], to_iso(when), when)
