"""Dates and times as commenters' pages write them, turned into ISO 8601 without inventing anything.

``to_iso("March 31, 2008 at 12:35 PM")`` gives ``"2008-03-31T12:35:00"``. The common English forms
take a fast path (one regular expression); anything else goes through python-dateutil. Results are
cached by the exact string, because a page repeats the same few date strings many times and a big
dump repeats them millions of times. A time zone appears in the result only when the source names
one (``EDT``, ``+02:00``, ``UTC``); a date without a time stays a date.
"""

from __future__ import annotations

import re
import warnings
from collections.abc import Iterable
from datetime import date, datetime, timedelta, timezone
from functools import lru_cache

from dateutil import parser as date_parser

from talkback.core.date_words import MONTHS, in_english, month_name_pattern

#: Regular-expression source for a month name, full or abbreviated, in English or another
#: language of :mod:`talkback.core.date_words`, for use inside other patterns.
MONTH_NAME = month_name_pattern()
#: A clock time: ``12:35 PM``, ``1:07pm``, ``13:07``, ``12:27:00 PM``, ``12:35 p.m.``, and as
#: French and German pages print it: ``21 h 20``, ``21h20``, ``21:20 Uhr``
CLOCK_TIME = r"\d{1,2}(?::\d{2}(?::\d{2})?(?:\s?[AaPp]\.?\s?[Mm]\.?|\s?Uhr)?|\s?h\s?\d{2})"
#: An optional time zone after a time: ``EDT``, ``UTC``, ``GMT+2``, ``+02:00``, ``-0500``
TIME_ZONE = r"(?:\s?(?:[A-Z]{2,5}(?:[+-]\d{1,2}(?::?\d{2})?)?|[+-]\d{2}:?\d{2}))"

# Common zone abbreviations in English-language pages. dateutil knows none of these by itself.
ZONE_OFFSETS: dict[str, int] = {
    "UTC": 0, "GMT": 0, "Z": 0, "WET": 0, "BST": 1, "IST": 1, "CET": 1, "CEST": 2, "EET": 2,
    "EEST": 3, "MSK": 3, "EST": -5, "EDT": -4, "CST": -6, "CDT": -5, "MST": -7, "MDT": -6,
    "PST": -8, "PDT": -7, "AKST": -9, "AKDT": -8, "HST": -10, "AEST": 10, "AEDT": 11,
    "JST": 9, "KST": 9, "NZST": 12, "NZDT": 13,
}  # fmt: skip
_TZINFOS = {name: hours * 3600 for name, hours in ZONE_OFFSETS.items()}

_FAST = re.compile(
    r"^(?:[A-Za-z]+,?\s+)?"  # optional weekday
    r"(?P<month>[A-Za-z]+)\.?\s+(?P<day>\d{1,2})(?:st|nd|rd|th)?,?\s+(?P<year>\d{4})"
    r"(?:,?\s+(?:at\s+|@\s*)?(?P<hour>\d{1,2}):(?P<minute>\d{2})(?::(?P<second>\d{2}))?"
    r"\s*(?P<ampm>[AaPp]\.?\s?[Mm]\.?)?)?\s*$"
)


def to_iso(text: str, *, dayfirst: bool = False) -> str | None:
    """The ISO 8601 form of a date or date-and-time string, or None if it is not one.

    ``dayfirst`` reads an ambiguous numeric date such as ``04/03/2008`` as 4 March; it never
    applies to a year-first date (``2008-03-04`` is always 4 March).
    """
    cleaned = " ".join(text.split())
    if dayfirst and _YEAR_FIRST.match(cleaned):
        dayfirst = False
    return _to_iso_cached(cleaned, dayfirst)


_YEAR_FIRST = re.compile(r"(?:[A-Za-z]+,?\s+)?\d{4}[-/.]")
#: a numeric day and month with a year: ``31.03.2008``, ``3/31/08``, ``04-03-2008``
_NUMERIC_DATE = re.compile(r"(?<![\d.:/-])(\d{1,2})([./-])(\d{1,2})\2(?:\d{4}|\d{2})(?![\d/-])")
#: what every numeric date holds (a search starting with a digit skips to digits in C)
_NUMERIC_HINT = re.compile(r"\d[./-]\d")


def dayfirst_for(texts: Iterable[str]) -> bool:
    """Whether a page's numeric dates put the day first, judged from all of them together.

    A date whose first number is over 12 (``31/03/2008``) can only be day-first, one whose second
    number is over 12 (``3/31/2008``) only month-first; the page follows the side with more such
    proof. Without proof either way, dotted dates (``04.03.2008``) are read day-first and slashed
    or dashed ones month-first, as the pages that use them mostly do.
    """
    day_first = month_first = dotted = other = 0
    # One search of all the texts at once (no date holds a line break, and one is no digit,
    # point, colon, slash or dash before or after a date), and none at all when no digit is
    # followed by a separator and a digit: most pages print their months by name.
    joined = "\n".join(texts)
    found = _NUMERIC_DATE.finditer(joined) if _NUMERIC_HINT.search(joined) else ()
    for match in found:
        first, second = int(match[1]), int(match[3])
        if first > 12 >= second:
            day_first += 1
        elif second > 12 >= first:
            month_first += 1
        if match[2] == ".":
            dotted += 1
        else:
            other += 1
    if day_first != month_first:
        return day_first > month_first
    return dotted > other


@lru_cache(maxsize=65536)
def _to_iso_cached(text: str, dayfirst: bool) -> str | None:
    fast = _fast_path(text, dayfirst)
    if fast is not None:
        return fast
    english = in_english(text)  # 14. Oktober 2011 um 21:20 -> 14 October 2011 21:20
    if english != text:
        fast = _fast_path(english, dayfirst)
        if fast is not None:
            return fast
    return _with_dateutil(english, dayfirst)


#: the numeric forms of Blogger and friends: ``3/31/2008 12:27 PM``, ``2008-03-31 13:07``
_FAST_NUMERIC = re.compile(
    r"^(?:(?P<a>\d{1,2})/(?P<b>\d{1,2})/(?P<y>\d{4})|(?P<iy>\d{4})-(?P<im>\d{2})-(?P<id>\d{2}))"
    r"(?:[T ]|,?\s+)?(?:(?P<hour>\d{1,2}):(?P<minute>\d{2})(?::(?P<second>\d{2}))?"
    r"\s*(?P<ampm>[AaPp]\.?\s?[Mm]\.?)?)?$"
)


def _fast_path(text: str, dayfirst: bool) -> str | None:
    match = _FAST.match(text)
    if match is not None:
        month_name, day_text, year_text, hour, minute, second, ampm = match.groups()
        month = MONTHS.get(month_name.lower())
        if month is None:
            return None
        year, day_number = int(year_text), int(day_text)
    else:
        match = _FAST_NUMERIC.match(text)
        if match is None:
            return None
        a, b, y, iy, im, iday, hour, minute, second, ampm = match.groups()
        if y is not None:
            first, other = int(a), int(b)
            month, day_number = (other, first) if dayfirst else (first, other)
            year = int(y)
        else:
            year, month, day_number = int(iy), int(im), int(iday)
    day = _iso_day(year, month, day_number)
    if day is None or hour is None:
        return day
    hours, minutes = int(hour), int(minute)
    seconds = int(second) if second else 0
    if ampm:
        if not 1 <= hours <= 12:
            return None
        hours = hours % 12 + (12 if ampm[0] in "Pp" else 0)
    if hours > 23 or minutes > 59 or seconds > 59:
        return None
    # datetime's isoformat()
    return f"{day}T{_TWO_DIGITS[hours]}:{_TWO_DIGITS[minutes]}:{_TWO_DIGITS[seconds]}"


#: 0 to 59 as a clock writes them
_TWO_DIGITS = [f"{number:02d}" for number in range(60)]


@lru_cache(maxsize=4096)  # a page's comments fall on a few days: each time string is new
def _iso_day(year: int, month: int, day: int) -> str | None:
    """``YYYY-MM-DD``, or None when there is no such day."""
    try:
        return date(year, month, day).isoformat()
    except ValueError:
        return None


_DATEUTIL_TIME = re.compile(r"\d{1,2}:\d{2}")
_HAS_DIGIT = re.compile(r"\d")


def _with_dateutil(text: str, dayfirst: bool) -> str | None:
    if not _HAS_DIGIT.search(text) or len(text) > 80:
        return None
    cleaned = re.sub(r"\bat\b|@", " ", text)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            parsed = date_parser.parse(cleaned, dayfirst=dayfirst, tzinfos=_TZINFOS)
    except (ValueError, OverflowError, TypeError):
        return None
    if parsed.tzinfo is not None:
        offset = parsed.utcoffset() or timedelta(0)
        parsed = parsed.replace(tzinfo=timezone(offset))
    if _DATEUTIL_TIME.search(text) is None:
        return parsed.date().isoformat()
    return parsed.isoformat()


def parse_iso(value: str | None) -> datetime | None:
    """A datetime for an ISO string produced by :func:`to_iso` (a bare date becomes midnight)."""
    if not value:
        return None
    try:
        return datetime.fromisoformat(value)
    except ValueError:
        return None


def clock(moment: datetime) -> str:
    """The time of day on a 12-hour clock, as English pages print it: ``9:20 PM``."""
    return f"{moment.hour % 12 or 12}:{moment:%M} {'PM' if moment.hour >= 12 else 'AM'}"


def human(value: str | None) -> str:
    """A friendly rendering of an ISO date, e.g. ``March 31, 2008 at 12:35 PM``; "" for None."""
    parsed = parse_iso(value)
    if parsed is None:
        return value or ""
    day = f"{parsed:%B} {parsed.day}, {parsed.year}"
    if value is not None and "T" not in value:
        return day
    text = f"{day} at {clock(parsed)}"
    if parsed.tzinfo is not None:
        text += f" {parsed:%z}"
    return text
