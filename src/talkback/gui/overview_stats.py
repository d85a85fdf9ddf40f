"""The overview's figures: comments over time, top authors, thread sizes and reply depth.

Plain Python over the core model, no Qt. :class:`OverviewBuilder` reads posts a slice at a time
(:meth:`~OverviewBuilder.feed` is a generator that yields every few thousand comments), so that the
window can compute the overview of a million comments without freezing; :meth:`~OverviewBuilder.
result` gives the finished :class:`Overview`.

Time buckets are read from the ISO strings themselves (``2011-10-14T21:20:00`` is in the hour
``2011-10-14T21`` and the day ``2011-10-14``): the wall-clock time the page gives, no time zone
applied, exactly as search's date terms compare. :func:`bucket_of` is the one function that puts a
date in a bucket, used both to count and (by the window's period filter) to select, so a bar's
count is exactly the number of comments its click shows.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from functools import lru_cache
from typing import Literal

from talkback.core.model import Comment, Post
from talkback.search.documents import folded_name

Granularity = Literal["hour", "day", "week", "month", "year"]

#: the longest span (in hours) shown per hour, per day, per week and per month; longer: per year
SPAN_LIMITS: list[tuple[Granularity, float]] = [
    ("hour", 48),
    ("day", 92 * 24),
    ("week", 2 * 366 * 24),
    ("month", 25 * 366 * 24),
]
#: comments read between two yields of :meth:`OverviewBuilder.feed`
SLICE = 1500
#: authors listed by name; the rest are counted together
TOP_AUTHORS = 8

_PREFIX = re.compile(r"\d{4}(?:-\d{2}(?:-\d{2}(?:T\d{2})?)?)?")
_PRECISION = {4: "year", 7: "month", 10: "day", 13: "hour"}
_RANK: dict[str, int] = {"hour": 0, "day": 1, "week": 2, "month": 3, "year": 4}


def finest_key(published: str | None) -> str | None:
    """The most precise bucket prefix of an ISO date: ``2011-10-14T21``, ``2011-10-14``,
    ``2011-10`` or ``2011``; None when there is no (readable) date."""
    if not published:
        return None
    match = _PREFIX.match(published)
    return match.group(0) if match else None


def bucket_of(published: str | None, granularity: Granularity) -> str | None:
    """The key of the bucket of ``granularity`` that ``published`` falls in, or None when the date
    is missing or less precise than the bucket (a bare ``2011`` has no day)."""
    key = finest_key(published)
    if key is None:
        return None
    if granularity == "week":
        return _week_start(key[:10]) if len(key) >= 10 else None
    size = {"hour": 13, "day": 10, "month": 7, "year": 4}[granularity]
    return key[:size] if len(key) >= size else None


@lru_cache(maxsize=4096)
def _week_start(day: str) -> str | None:
    try:
        parsed = date.fromisoformat(day)
    except ValueError:
        return None
    return (parsed - timedelta(days=parsed.weekday())).isoformat()


@dataclass(frozen=True, slots=True)
class Bucket:
    """One bar of the timeline: the period's key, its labels, and how many comments fall in it."""

    key: str
    #: a short label for the axis (``9 PM``, ``Oct 14``, ``2011``)
    label: str
    #: the period in full, for tooltips and the filter bar (``Oct 14, 2011, 9–10 PM``)
    title: str
    count: int


@dataclass(frozen=True, slots=True)
class Timeline:
    """Comments over time: consecutive buckets (empty ones included) of one granularity."""

    granularity: Granularity
    buckets: list[Bucket]
    #: comments without a date precise enough for the buckets
    undated: int

    @property
    def total(self) -> int:
        """Comments in the buckets."""
        return sum(bucket.count for bucket in self.buckets)


@dataclass(frozen=True, slots=True)
class AuthorCount:
    """An author (as first spelled) with their comments; ``key`` is the folded name."""

    name: str
    key: str
    count: int


@dataclass(frozen=True, slots=True)
class SizeBin:
    """A bar of a histogram: the label and the range ``[low, high]`` it counts."""

    label: str
    low: int
    high: int
    count: int


@dataclass(slots=True)
class Overview:
    """Every figure the overview panel shows, for one post or for the whole archive."""

    posts: int = 0
    comments: int = 0
    #: comments that answer another comment
    replies: int = 0
    #: comments that quote the post or a comment
    quoting: int = 0
    authors: int = 0
    #: comments with no author's name
    anonymous: int = 0
    first: str | None = None
    last: str | None = None
    timeline: Timeline = field(default_factory=lambda: Timeline("day", [], 0))
    top_authors: list[AuthorCount] = field(default_factory=list)
    #: comments by authors beyond the top ones
    other_authors: int = 0
    #: threads (a top-level comment and every reply below it) by size
    thread_sizes: list[SizeBin] = field(default_factory=list)
    largest_thread: int = 0
    #: comments by reply depth (0: top level)
    depths: list[SizeBin] = field(default_factory=list)
    deepest: int = 0


class OverviewBuilder:
    """Counts the figures of an overview, a slice of comments at a time."""

    def __init__(self, top_authors: int = TOP_AUTHORS) -> None:
        self.top_authors = top_authors
        self._times: Counter[str] = Counter()
        self._authors: Counter[str] = Counter()
        self._spelling: dict[str, str] = {}
        #: each spelling of a name met, folded once
        self._folded: dict[str, str] = {}
        self._sizes: Counter[int] = Counter()
        self._depths: Counter[int] = Counter()
        self._overview = Overview()

    def feed(self, posts: Sequence[Post], slice_size: int = SLICE) -> Iterator[None]:
        """Count ``posts``, yielding after every ``slice_size`` comments (inside a thread too)."""
        read = 0
        for post in posts:
            self._overview.posts += 1
            for root in post.roots:
                size = 0
                stack: list[tuple[Comment, int]] = [(root, 0)]
                while stack:
                    comment, depth = stack.pop()
                    self._add(comment, depth)
                    size += 1
                    if comment.children:
                        stack.extend((child, depth + 1) for child in comment.children)
                    read += 1
                    if read >= slice_size:
                        read = 0
                        yield
                self._overview.comments += size
                self._sizes[size] += 1

    def build(self, posts: Sequence[Post]) -> Overview:
        """Count ``posts`` at once and give the overview."""
        for _ in self.feed(posts):
            pass
        return self.result()

    def _add(self, comment: Comment, depth: int) -> None:
        overview = self._overview
        self._depths[depth] += 1
        key = finest_key(comment.published)
        self._times[key if key is not None else ""] += 1
        author = comment.author
        if author:
            name = self._folded.get(author)
            if name is None:
                name = self._folded[author] = folded_name(author)
                self._spelling.setdefault(name, author)
            self._authors[name] += 1
        else:
            overview.anonymous += 1
        if comment.parent is not None:
            overview.replies += 1
        for block in comment.blocks:
            if block.kind == "quote":
                overview.quoting += 1
                break

    def result(self) -> Overview:
        """The overview of everything fed so far."""
        overview = self._overview
        dated = sorted(key for key in self._times if key)
        overview.first = dated[0] if dated else None
        overview.last = dated[-1] if dated else None
        overview.timeline = _timeline(self._times)
        overview.authors = len(self._authors)
        ranked = sorted(self._authors.items(), key=lambda item: (-item[1], item[0]))
        overview.top_authors = [
            AuthorCount(self._spelling[key], key, count)
            for key, count in ranked[: self.top_authors]
        ]
        overview.other_authors = sum(count for _key, count in ranked[self.top_authors :])
        overview.thread_sizes = _size_bins(self._sizes)
        overview.largest_thread = max(self._sizes, default=0)
        overview.depths = [
            SizeBin(str(depth), depth, depth, self._depths[depth])
            for depth in range(max(self._depths, default=-1) + 1)
        ]
        overview.deepest = max(self._depths, default=0)
        return overview


def choose_granularity(first: str, last: str, coarsest: str) -> Granularity:
    """Hour, day, week, month or year: the finest that keeps the span to a readable number of bars
    and that every date in it is precise enough for (``coarsest`` is the least precise one)."""
    span = _parse(last) - _parse(first)
    hours = span.total_seconds() / 3600
    for granularity, limit in SPAN_LIMITS:
        if hours <= limit and _RANK[granularity] >= _RANK[coarsest]:
            return granularity
    return "year"


def _timeline(times: Counter[str]) -> Timeline:
    keys = [key for key in times if key]
    undated = times.get("", 0)
    if not keys:
        return Timeline("day", [], undated)
    coarsest = max((_PRECISION[len(key)] for key in keys), key=lambda name: _RANK[name])
    granularity = choose_granularity(min(keys), max(keys), coarsest)
    counts: Counter[str] = Counter()
    for key, count in times.items():
        if not key:
            continue  # counted in undated above
        bucket = bucket_of(key, granularity)
        if bucket is None:
            undated += count
        else:
            counts[bucket] += count
    first = _parse(min(counts))
    last = _parse(max(counts))
    buckets: list[Bucket] = []
    start = first
    while start <= last:
        key = _key(start, granularity)
        label, title = _labels(start, granularity, single_day=first.date() == last.date())
        buckets.append(Bucket(key, label, title, counts.get(key, 0)))
        start = _next(start, granularity)
    return Timeline(granularity, buckets, undated)


def _parse(key: str) -> datetime:
    """The start of the period a bucket key (or finest key) names."""
    if len(key) == 4:
        return datetime(int(key), 1, 1)
    if len(key) == 7:
        return datetime(int(key[:4]), int(key[5:7]), 1)
    if len(key) == 10:
        return datetime.fromisoformat(key)
    return datetime.fromisoformat(key[:10]).replace(hour=int(key[11:13]))


def _key(start: datetime, granularity: Granularity) -> str:
    if granularity == "hour":
        return f"{start:%Y-%m-%dT%H}"
    if granularity in ("day", "week"):
        return start.date().isoformat()
    if granularity == "month":
        return f"{start:%Y-%m}"
    return f"{start:%Y}"


def _next(start: datetime, granularity: Granularity) -> datetime:
    if granularity == "hour":
        return start + timedelta(hours=1)
    if granularity == "day":
        return start + timedelta(days=1)
    if granularity == "week":
        return start + timedelta(days=7)
    if granularity == "month":
        return start.replace(year=start.year + start.month // 12, month=start.month % 12 + 1)
    return start.replace(year=start.year + 1)


def _hour(value: datetime) -> str:
    return f"{value.hour % 12 or 12} {'PM' if value.hour >= 12 else 'AM'}"


def _day(value: datetime) -> str:
    return f"{value:%b} {value.day}"


def _labels(start: datetime, granularity: Granularity, single_day: bool) -> tuple[str, str]:
    """The axis label and the full title of the bucket starting at ``start``."""
    if granularity == "hour":
        end = start + timedelta(hours=1)
        span = f"{_hour(start)}–{_hour(end)}"
        label = _hour(start) if single_day or start.hour else f"{_day(start)}"
        return label, f"{_day(start)}, {start.year}, {span}"
    if granularity == "day":
        return _day(start), f"{start:%A}, {_day(start)}, {start.year}"
    if granularity == "week":
        return _day(start), f"Week of {_day(start)}, {start.year}"
    if granularity == "month":
        label = f"{start:%b}" if start.month != 1 else f"{start:%b} {start.year}"
        return label, f"{start:%B} {start.year}"
    return f"{start.year}", f"{start.year}"


def _size_bins(sizes: Counter[int]) -> list[SizeBin]:
    """Threads by size in bins 1, 2, 3–4, 5–8, 9–16, … up to the largest thread."""
    if not sizes:
        return []
    largest = max(sizes)
    bins: list[SizeBin] = []
    low = 1
    while low <= largest:
        high = low if low <= 2 else 2 * low - 2
        label = str(low) if low == high else f"{low:,}–{high:,}"
        count = sum(number for size, number in sizes.items() if low <= size <= high)
        bins.append(SizeBin(label, low, high, count))
        low = high + 1
    return bins
