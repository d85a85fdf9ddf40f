"""Dates in the languages of Western Europe: signatures and bylines of blogs that are not in
English are read with their times, and English dates are read as before."""

from __future__ import annotations

import re

import pytest

from talkback.core.date_words import MONTH_NAMES, in_english
from talkback.core.dates import MONTH_NAME, to_iso
from talkback.core.signatures import DATE, WHEN_WITH_TIME


@pytest.mark.parametrize(
    ("text", "iso"),
    [
        ("14. Oktober 2011 um 21:20", "2011-10-14T21:20:00"),
        ("14. März 2011, 21:20 Uhr", "2011-03-14T21:20:00"),
        ("3. Jänner 2010 um 7:05", "2010-01-03T07:05:00"),
        ("14 octobre 2011 à 21 h 20", "2011-10-14T21:20:00"),
        ("31 mars 2008 à 9h05", "2008-03-31T09:05:00"),
        ("2 août 2009 à 10:00", "2009-08-02T10:00:00"),
        ("14 de octubre de 2011 a las 21:20", "2011-10-14T21:20:00"),
        ("1 de enero de 2012 a la 1:05", "2012-01-01T01:05:00"),
        ("14 ottobre 2011 alle 21:20", "2011-10-14T21:20:00"),
        ("5 maggio 2010 ore 8:30", "2010-05-05T08:30:00"),
        ("14 oktober 2011 om 21:20", "2011-10-14T21:20:00"),
        ("7 mrt 2012 om 9:15", "2012-03-07T09:15:00"),
        ("14 de outubro de 2011 às 21:20", "2011-10-14T21:20:00"),
        ("25 de dezembro de 2010", "2010-12-25"),
        ("1er janvier 2009 à 0 h 05", "2009-01-01T00:05:00"),
        ("1º de enero de 2012 a las 9:00", "2012-01-01T09:00:00"),
        ("14. oktober 2011 kl. 21:20", "2011-10-14T21:20:00"),
        ("14 april 2011 om 21:20", "2011-04-14T21:20:00"),
        ("3. desember 2010 kl 9:15", "2010-12-03T09:15:00"),
        ("14 października 2011 o 21:20", "2011-10-14T21:20:00"),
        ("3 maja 2010 o 8:05", "2010-05-03T08:05:00"),
        ("March 31, 2008 at 12:35 PM", "2008-03-31T12:35:00"),
        ("31 March 2008 at 9:05", "2008-03-31T09:05:00"),
    ],
)
def test_dates_in_other_languages(text: str, iso: str) -> None:
    assert to_iso(text) == iso
    # and a signature line holding it is found whole, time included
    found = re.fullmatch(WHEN_WITH_TIME, text) or re.fullmatch(DATE, text)
    assert found is not None, text


def test_every_month_name_is_its_month() -> None:
    for number, (english, others) in enumerate(MONTH_NAMES, start=1):
        for name in (*english, *others):
            spelled = name.capitalize() if name in english else name
            assert re.fullmatch(MONTH_NAME, spelled), name
            assert to_iso(f"9 {spelled} 2010") == f"2010-{number:02d}-09", name


def test_english_dates_stay_as_they_were() -> None:
    for text in ["March 31, 2008 at 12:35 PM", "3/31/2008 12:27 PM", "2008-03-31 13:07 EDT"]:
        assert in_english(text) == text
    # an English month in lower case is not a month, as before (``may``, ``march`` are verbs)
    assert re.fullmatch(MONTH_NAME, "march") is None
    assert re.fullmatch(MONTH_NAME, "may") is None
    # words that are English too are not taken for months
    for word in ("out", "set", "ago", "marco"):
        assert re.fullmatch(MONTH_NAME, word) is None, word
