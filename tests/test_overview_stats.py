"""The overview's figures equal what the archive holds, counted independently here."""

from __future__ import annotations

from collections import Counter
from datetime import date, datetime
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from talkback.core.model import Block, Comment, Post
from talkback.gui.overview_filters import (
    author_choice,
    depth_choice,
    period_choice,
    thread_size_choice,
)
from talkback.gui.overview_stats import (
    Bucket,
    Granularity,
    OverviewBuilder,
    bucket_of,
    choose_granularity,
    finest_key,
)
from talkback.resources import resource
from talkback.search.documents import folded_name
from talkback.sources import load_archive

GRANULARITIES: list[Granularity] = ["hour", "day", "week", "month", "year"]
SAMPLES = ["harbor-town-pier.txt", "harbor-town-blog.wxr.xml", "lakeside-forum.disqus.xml"]


def make_post(dates: list[str | None], parents: list[int | None] | None = None) -> Post:
    post = Post(id="p1", title="Generated")
    for number, published in enumerate(dates, start=1):
        parent = parents[number - 1] if parents else None
        post.comments.append(
            Comment(
                id=f"p1-c{number}",
                author=f"Reader {number % 3}",
                published=published,
                blocks=[Block("text", f"comment {number}")],
                parent_id=f"p1-c{parent}" if parent else None,
            )
        )
    post.link()
    return post


@pytest.mark.parametrize("name", SAMPLES)
def test_figures_of_each_sample_equal_the_archive(name: str) -> None:
    archive = load_archive(resource("samples", name))
    comments = [comment for post in archive.posts for comment in post.comments]
    overview = OverviewBuilder(top_authors=100).build(archive.posts)

    assert overview.posts == len(archive.posts)
    assert overview.comments == archive.comment_count == len(comments)
    timeline = overview.timeline
    assert timeline.total + timeline.undated == len(comments)
    by_bucket = Counter(bucket_of(comment.published, timeline.granularity) for comment in comments)
    assert {b.key: b.count for b in timeline.buckets if b.count} == {
        key: count for key, count in by_bucket.items() if key is not None
    }
    named = Counter(folded_name(c.author) for c in comments if c.author)
    assert {a.key: a.count for a in overview.top_authors} == dict(named)
    assert overview.authors == len(named)
    assert overview.anonymous == sum(1 for c in comments if not c.author)
    assert overview.replies == sum(1 for c in comments if c.parent is not None)
    assert overview.quoting == sum(1 for c in comments if c.quotes)
    depths = Counter(comment.depth for comment in comments)
    assert {d.low: d.count for d in overview.depths if d.count} == dict(depths)
    roots = [root for post in archive.posts for root in post.roots]
    assert sum(size.count for size in overview.thread_sizes) == len(roots)
    sizes = Counter(sum(1 for _ in root.walk()) for root in roots)
    for size_bin in overview.thread_sizes:
        expected = sum(n for size, n in sizes.items() if size_bin.low <= size <= size_bin.high)
        assert size_bin.count == expected
    assert overview.largest_thread == max(sizes)


def test_the_sample_is_counted_per_hour() -> None:
    archive = load_archive(resource("samples", "harbor-town-pier.txt"))
    timeline = OverviewBuilder().build(archive.posts).timeline
    assert timeline.granularity == "hour"
    assert timeline.buckets[0].key == "2011-10-14T21"
    assert timeline.buckets[0].count == 5  # 9:20, 9:31, 9:44, 9:52 and 9:52 PM
    assert timeline.buckets[0].title == "Oct 14, 2011, 9 PM–10 PM"
    assert timeline.buckets[-1].key == "2011-10-15T13"
    assert len(timeline.buckets) == 17  # consecutive hours, the empty ones included


def test_top_authors_are_cut_and_the_rest_counted() -> None:
    post = make_post([f"2009-01-0{1 + n % 5}T10:00:00" for n in range(9)])
    overview = OverviewBuilder(top_authors=2).build([post])
    assert [a.count for a in overview.top_authors] == [3, 3]
    assert overview.other_authors == 3
    assert overview.authors == 3


def test_dates_without_a_time_are_counted_per_day() -> None:
    post = make_post(["2009-01-01T10:00:00", "2009-01-01", "2009-01-02T09:00:00", None])
    timeline = OverviewBuilder().build([post]).timeline
    assert timeline.granularity == "day"
    assert [(b.key, b.count) for b in timeline.buckets] == [("2009-01-01", 2), ("2009-01-02", 1)]
    assert timeline.undated == 1


@pytest.mark.parametrize(
    ("first", "last", "expected"),
    [
        ("2011-10-14T21", "2011-10-16T21", "hour"),
        ("2011-10-14T21", "2011-10-16T22", "day"),
        ("2011-10-14", "2012-01-13", "day"),
        ("2011-10-14", "2012-03-01", "week"),
        ("2011-10-14", "2014-03-01", "month"),
        ("1990-01-01", "2020-03-01", "year"),
    ],
)
def test_granularity_follows_the_span(first: str, last: str, expected: str) -> None:
    assert choose_granularity(first, last, "hour") == expected


def test_a_coarse_date_keeps_the_buckets_coarse() -> None:
    assert choose_granularity("2011-10-14", "2011-10-14", "day") == "day"
    assert choose_granularity("2011-10", "2011-11", "month") == "month"
    assert bucket_of("2011-10", "day") is None
    assert finest_key("2011-10-14T21:20:00-04:00") == "2011-10-14T21"
    assert finest_key("yesterday") is None


def test_weeks_start_on_monday() -> None:
    assert bucket_of("2011-10-16T10:00:00", "week") == "2011-10-10"  # a Sunday
    assert bucket_of("2011-10-17", "week") == "2011-10-17"  # a Monday


ISO_TIMES = st.datetimes(min_value=datetime(1999, 1, 1), max_value=datetime(2030, 12, 31)).map(
    lambda moment: moment.isoformat(timespec="seconds")
)
ISO_DAYS = st.dates(min_value=date(1999, 1, 1), max_value=date(2030, 12, 31)).map(date.isoformat)


@settings(max_examples=80, deadline=None)
@given(st.lists(st.one_of(ISO_TIMES, ISO_DAYS, st.none()), max_size=40))
def test_buckets_are_consecutive_and_sum_to_the_comments(published: list[str | None]) -> None:
    post = make_post(published)
    timeline = OverviewBuilder().build([post]).timeline
    assert timeline.total + timeline.undated == len(published)
    assert timeline.undated == sum(1 for value in published if value is None)
    keys = [bucket.key for bucket in timeline.buckets]
    assert keys == sorted(keys) and len(set(keys)) == len(keys)
    assert len(keys) <= 400
    for value in published:
        if value is not None:
            assert bucket_of(value, timeline.granularity) in keys


def test_each_choice_keeps_exactly_what_its_bar_counts(harbor_path: Path) -> None:
    archive = load_archive(harbor_path)
    post = archive.posts[0]
    overview = OverviewBuilder().build(archive.posts)
    comments = post.comments

    for bucket in overview.timeline.buckets:
        keep = period_choice(bucket, overview.timeline.granularity).keep
        assert sum(1 for c in comments if keep(c)) == bucket.count
        assert not keep(post)
    for author in overview.top_authors:
        keep = author_choice(author.name, author.key, post).keep
        assert sum(1 for c in comments if keep(c)) == author.count
    for size in overview.thread_sizes:
        keep = thread_size_choice(size.low, size.high).keep
        roots = {root for root in post.roots if keep(root)}
        assert len(roots) == size.count
    for depth in overview.depths:
        keep = depth_choice(depth.low).keep
        assert sum(1 for c in comments if keep(c)) == depth.count


def test_a_choice_limited_to_a_post_keeps_nothing_of_another() -> None:
    first = make_post(["2009-01-01T10:00:00"])
    other = make_post(["2009-01-01T10:00:00"])
    overview = OverviewBuilder().build([first])
    keep = period_choice(overview.timeline.buckets[0], overview.timeline.granularity, first).keep
    assert keep(first.comments[0])
    assert not keep(other.comments[0])
    assert "Generated" in period_choice(overview.timeline.buckets[0], "hour", first).label


@settings(max_examples=80, deadline=None)
@given(
    st.one_of(ISO_TIMES, ISO_DAYS, st.text(alphabet="0123456789-T: ", max_size=22), st.none()),
    st.sampled_from(GRANULARITIES),
    ISO_TIMES,
)
def test_a_period_keeps_exactly_the_dates_of_its_bucket(
    published: str | None, granularity: Granularity, other: str
) -> None:
    key = bucket_of(other, granularity)
    assert key is not None
    bucket = Bucket(key, "", "", 0)
    post = make_post([published])
    keep = period_choice(bucket, granularity).keep
    assert keep(post.comments[0]) == (bucket_of(published, granularity) == key)
