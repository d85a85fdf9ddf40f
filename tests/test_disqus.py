"""Disqus exports: threads as posts, reply threads, deleted and spam, missing threads, dates."""

from __future__ import annotations

import pytest

from blog_exports import DISQUS_FIXTURE, DisqusComment, disqus, disqus_document
from talkback.core.model import Archive
from talkback.sources.disqus import looks_like_disqus


@pytest.fixture(scope="module")
def forum() -> Archive:
    return disqus(DISQUS_FIXTURE.read_bytes(), "forum.xml")


def test_threads_become_posts_in_export_order(forum: Archive) -> None:
    assert [(p.id, p.title) for p in forum.posts] == [
        ("p1", "The new bike lane on Shore Road: first impressions"),
        ("p2", "Spring ride schedule & meeting points"),
        ("p3", "Jersey sizes: a note"),  # listed after its comments
        ("p4", "(comments of thread 7999, which is not in the export)"),
    ]
    lane = forum.posts[0]
    assert lane.url == "https://lakeside.example.org/2021/04/the-new-bike-lane/"
    assert lane.published == "2021-04-12T08:30:00Z"
    assert lane.author == "Lakeside Cycling Club"
    assert lane.dialect == "disqus"
    assert lane.where == "forum.xml:8"


def test_threads_without_comments_are_counted_not_shown(forum: Archive) -> None:
    assert "Club jerseys are in" not in [p.title for p in forum.posts]
    assert any(p.message == "1 thread(s) without any comment were left out" for p in forum.problems)


def test_reply_threads_and_hidden_comments(forum: Archive) -> None:
    lane = forum.posts[0]
    assert [(c.id, c.author, c.parent_id) for c in lane.comments] == [
        ("p1-c1", "Hana Kowalczyk", None),
        ("p1-c2", "Dev Anand", "p1-c1"),
        ("p1-c3", "Hana Kowalczyk", "p1-c2"),
        ("p1-c4", "Marta Oyelaran", "p1-c2"),  # answered a deleted comment that answered Dev
    ]
    assert lane.hidden == {"spam": 1, "deleted": 1}
    assert "Buy followers" not in " ".join(c.text for c in lane.comments)
    assert any("9005" in p.message and "left out" in p.message for p in forum.problems)


def test_messages_become_paragraphs_and_quotes(forum: Archive) -> None:
    hana, dev = forum.posts[0].comments[:2]
    assert hana.text == (
        "Rode it this morning. The paint is bright and the bollards at the bridge end make a "
        "real difference.\n\nThe stretch past the marina still ends in a parked-car lane though."
    )
    quote, own = dev.blocks
    assert quote.is_quote and quote.source == "p1-c1"
    assert own.text.startswith("That part is phase two")
    club = forum.posts[1].comments[2]
    assert club.blocks[1].attribution == "Jan asked:"
    assert club.blocks[1].source == "p2-c2"
    assert club.text == (
        "Only if it is a drizzle.\n\nIs the Sunday ride still on if it rains?\n\n"
        "Check the club page by 6\xa0am on the day."
    )


def test_dates_keep_their_zone_as_given(forum: Archive) -> None:
    schedule = forum.posts[1]
    assert schedule.comments[0].published == "2021-05-01T07:45:00Z"
    assert schedule.comments[1].published == "2021-05-02T19:03:10+02:00"


def test_comments_of_a_missing_thread_are_kept_and_reported(forum: Archive) -> None:
    orphans = forum.posts[3]
    assert [(c.author, c.parent_id) for c in orphans.comments] == [
        ("Hana Kowalczyk", None),
        ("quietrider", "p4-c1"),  # no display name: the username
    ]
    assert any(
        p.message == "2 comment(s) belong to thread 7999, which is not in the export; kept under p4"
        for p in forum.problems
    )


def test_entities_and_unicode(forum: Archive) -> None:
    club = forum.posts[1].comments[0]
    assert club.text == "Rides start at the boathouse at 7\xa0am sharp — coffee after at Café Łódź."
    assert forum.posts[2].comments[0].text == "Sizes run small, order one up. 🚲"


def test_comment_without_thread_element_is_kept() -> None:
    document = disqus_document(
        [(1, "Only thread")],
        [DisqusComment(10, 1, "<p>in the thread</p>"), DisqusComment(11, None, "<p>nowhere</p>")],
    )
    archive = disqus(document.encode())
    assert [p.title for p in archive.posts] == [
        "Only thread",
        "(comments that name no thread)",
    ]
    assert archive.posts[1].comments[0].text == "nowhere"


def test_parent_in_another_thread_or_missing_is_reported_and_top_level() -> None:
    document = disqus_document(
        [(1, "A"), (2, "B")],
        [
            DisqusComment(10, 1, "a1"),
            DisqusComment(20, 2, "b1", parent=10),
            DisqusComment(21, 2, "b2", parent=404),
        ],
    )
    archive = disqus(document.encode())
    assert [c.parent_id for c in archive.posts[1].comments] == [None, None]
    reported = [p.message for p in archive.problems if "replies to" in p.message]
    assert reported == [
        f"replies to comment {key}, which is not among this post's comments (not in the export, "
        "or under another post); shown at the top level"
        for key in (10, 404)
    ]


def test_sniffing() -> None:
    assert looks_like_disqus(DISQUS_FIXTURE.read_bytes()[:4096])
    assert looks_like_disqus(b"\xef\xbb\xbf<?xml version='1.0'?>\n<!-- x --><disqus>")
    assert looks_like_disqus(disqus_document([], []).encode("utf-16"))
    assert not looks_like_disqus(b"<rss><channel><title>disqus</title></channel></rss>")
    assert not looks_like_disqus(b"Nobody on May 1, 2008 at 9:01 AM wrote <disqus>")


def test_a_date_that_cannot_be_read_is_kept_in_a_problem() -> None:
    document = disqus_document(
        [(1, "A thread")],
        [
            DisqusComment(11, 1, "First!", created="the day after"),
            DisqusComment(12, 1, "Second."),
        ],
    )
    archive = disqus(document.encode(), "forum.xml")
    first, second = archive.posts[0].comments
    assert (first.published, second.published) == (None, "2021-01-01T00:00:00Z")
    assert [p.message for p in archive.problems if "date" in p.message] == [
        "the date of p1-c1 could not be read ('the day after'); it is shown without one"
    ]
