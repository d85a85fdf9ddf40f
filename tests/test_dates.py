"""Dates as pages print them, to ISO 8601 without inventing a time zone."""

from __future__ import annotations

from datetime import datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from talkback.core import dates
from talkback.core.dates import dayfirst_for, human, to_iso


@pytest.mark.parametrize(
    ("text", "iso"),
    [
        ("March 31, 2008 at 12:35 PM", "2008-03-31T12:35:00"),
        ("March 31, 2008 at 12:00 PM", "2008-03-31T12:00:00"),  # noon
        ("March 31, 2008 at 12:00 AM", "2008-03-31T00:00:00"),  # midnight
        ("March 31, 2008 at 12:59 am", "2008-03-31T00:59:00"),
        ("Mar. 31, 2008 at 1:07pm", "2008-03-31T13:07:00"),
        ("November 7th, 2012 at 9:05 p.m.", "2012-11-07T21:05:00"),
        ("Monday, March 31, 2008 12:27:00 PM", "2008-03-31T12:27:27"[:-2] + "00"),
        ("March 31, 2008", "2008-03-31"),
        ("2008-03-31 13:07", "2008-03-31T13:07:00"),
        ("31 March 2008 13:07", "2008-03-31T13:07:00"),
        ("March 31, 2008 at 12:35 PM EDT", "2008-03-31T12:35:00-04:00"),
        ("2008-03-31 13:07 +02:00", "2008-03-31T13:07:00+02:00"),
        ("3/31/2008 12:27 PM", "2008-03-31T12:27:00"),
    ],
)
def test_to_iso(text: str, iso: str) -> None:
    assert to_iso(text) == iso


@pytest.mark.parametrize("text", ["", "yesterday", "February 30, 2008 at 1:00 PM", "13:99",
                                  "March 31, 2008 at 13:00 PM", "a" * 500])  # fmt: skip
def test_not_dates(text: str) -> None:
    assert to_iso(text) is None


def test_day_first_when_asked() -> None:
    assert to_iso("05/04/2008 10:00") == "2008-05-04T10:00:00"
    assert to_iso("05/04/2008 10:00", dayfirst=True) == "2008-04-05T10:00:00"


def test_common_form_is_cached_and_fast_pathed(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[str] = []
    real = dates._with_dateutil

    def counting(text: str, dayfirst: bool) -> str | None:
        calls.append(text)
        return real(text, dayfirst)

    monkeypatch.setattr(dates, "_with_dateutil", counting)
    dates._to_iso_cached.cache_clear()
    for _ in range(3):
        assert to_iso("April 1, 2009 at 9:15 AM") == "2009-04-01T09:15:00"
        assert to_iso("4/1/2009 9:15 AM") == "2009-04-01T09:15:00"
        assert to_iso("2009-04-01 09:15") == "2009-04-01T09:15:00"
    assert calls == []  # the fast paths handled them
    to_iso("1 April 2009 9:15")
    to_iso("1 April 2009 9:15")
    assert calls == ["1 April 2009 9:15"]  # dateutil once, then the cache
    dates._to_iso_cached.cache_clear()


def test_human() -> None:
    assert human("2008-03-31T12:35:00") == "March 31, 2008 at 12:35 PM"
    assert human("2008-03-31T00:05:00") == "March 31, 2008 at 12:05 AM"
    assert human("2008-03-31") == "March 31, 2008"
    assert human(None) == ""


def test_dayfirst_is_decided_by_the_whole_page() -> None:
    assert dayfirst_for(["02/07/2014 10:05", "13/07/2014 19:20"])  # 13 can only be a day
    assert not dayfirst_for(["5/6/2013 7:02 PM", "5/13/2013 9:05 AM"])  # 13 can only be a day
    assert not dayfirst_for(["04/03/2008"])  # no proof: slashes are month-first
    assert dayfirst_for(["04.03.2008 13:07"])  # no proof: dots are day-first
    assert not dayfirst_for(["2008-03-04 13:07", "March 31, 2008"])  # nothing numeric-ambiguous
    assert dayfirst_for(["31/03/2008", "31/03/2008", "3/13/2008"])  # more proof wins


def test_dayfirst_never_swaps_a_year_first_date() -> None:
    assert to_iso("2008-03-04 13:07", dayfirst=True) == "2008-03-04T13:07:00"
    assert to_iso("2008/03/04", dayfirst=True) == "2008-03-04"
    assert to_iso("04/03/2008 13:07", dayfirst=True) == "2008-03-04T13:07:00"
    assert to_iso("04/03/2008 13:07") == "2008-04-03T13:07:00"
    assert to_iso("31.03.2008 13:07 CEST", dayfirst=True) == "2008-03-31T13:07:00+02:00"


def _reference_fast_path(text: str, dayfirst: bool) -> str | None:
    """The common forms read the plain way: every field by name, a datetime's isoformat()."""
    match = dates._FAST.match(text)
    if match is not None:
        month = dates.MONTHS.get(match["month"].lower())
        if month is None:
            return None
        year, day, month_first = int(match["year"]), int(match["day"]), month
    else:
        match = dates._FAST_NUMERIC.match(text)
        if match is None:
            return None
        if match["y"] is not None:
            first, second = int(match["a"]), int(match["b"])
            month_first, day = (second, first) if dayfirst else (first, second)
            year = int(match["y"])
        else:
            year, month_first, day = int(match["iy"]), int(match["im"]), int(match["id"])
    try:
        moment = datetime(year, month_first, day)
    except ValueError:
        return None
    if match["hour"] is None:
        return moment.date().isoformat()
    hour, minute, second = int(match["hour"]), int(match["minute"]), int(match["second"] or 0)
    if match["ampm"]:
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if match["ampm"][0] in "Pp" else 0)
    try:
        return moment.replace(hour=hour, minute=minute, second=second).isoformat()
    except ValueError:
        return None


#: a clock time, right or wrong (hour 0 or 13 with AM/PM, minute 61, second 61), or none
_CLOCKS = st.one_of(
    st.just(""),
    st.builds(
        "{}{}:{:02d}{}{}".format,
        st.sampled_from([" at ", " @ ", ", ", " "]),
        st.integers(0, 25),
        st.integers(0, 65),
        st.sampled_from(["", ":05", ":61"]),
        st.sampled_from(["", " AM", "pm", " p.m."]),
    ),
)
_FAST_FORMS = st.one_of(
    st.builds(
        "{}{} {}, {}{}".format,
        st.sampled_from(["", "Monday, ", "Tue "]),
        st.sampled_from(["March", "Feb.", "sept", "Mayo", "December"]),
        st.integers(0, 40),
        st.integers(1990, 2030),
        _CLOCKS,
    ),
    st.builds(
        "{}/{}/{}{}".format,
        st.integers(0, 35),
        st.integers(0, 35),
        st.integers(1990, 2030),
        _CLOCKS,
    ),
    st.builds(
        "{}-{:02d}-{:02d}{}".format,
        st.integers(1990, 2030),
        st.integers(0, 14),
        st.integers(0, 33),
        _CLOCKS,
    ),
)


@given(_FAST_FORMS, st.booleans())
@settings(max_examples=500)
def test_the_fast_path_reads_the_common_forms_as_datetime_does(text: str, dayfirst: bool) -> None:
    assert dates._fast_path(text, dayfirst) == _reference_fast_path(text, dayfirst)


def _reference_dayfirst(texts: list[str]) -> bool:
    """Each text searched on its own."""
    day_first = month_first = dotted = other = 0
    for text in texts:
        for match in dates._NUMERIC_DATE.finditer(text):
            first, second = int(match[1]), int(match[3])
            day_first += first > 12 >= second
            month_first += second > 12 >= first
            dotted += match[2] == "."
            other += match[2] != "."
    return day_first > month_first if day_first != month_first else dotted > other


@given(st.lists(st.text(st.sampled_from("0123456789./-: \nMa"), max_size=14), max_size=6))
@settings(max_examples=500)
def test_the_page_s_date_order_is_that_of_its_texts_each_searched_alone(texts: list[str]) -> None:
    assert dayfirst_for(texts) == _reference_dayfirst(texts)
