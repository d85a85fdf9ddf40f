"""Dates in queries: ``2008-03-31``, ``"March 31, 2008"``, ``3/31/2008``, ``"2008-03-31 13:00"``.

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

from dateutil import parser as date_parser
from dateutil.relativedelta import relativedelta

from talkback.search.syntax import QueryError

_PARTS = ("year", "month", "day", "hour", "minute", "second")
_FIRST_DEFAULT = datetime(1, 1, 1, 0, 0, 0)
_SECOND_DEFAULT = datetime(2, 2, 2, 1, 1, 1)
_AT = re.compile(r"\bat\b|@", re.IGNORECASE)
MAX_DATE_LENGTH = 60


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
