"""The fixture page of each comment layout, asserted one by one (the JSON fixtures pin the rest)."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from conftest import FIXTURES
from talkback.core import Comment, Post, parse

PAGES = FIXTURES / "pages"


def _post(name: str) -> Post:
    return parse(PAGES / name).posts[0]


def _by_author(post: Post) -> dict[str, list[Comment]]:
    found: dict[str, list[Comment]] = {}
    for comment in post.comments:
        found.setdefault(comment.author or "", []).append(comment)
    return found


@pytest.mark.parametrize(
    ("page", "dialect"),
    [
        ("wordpress-library-hours.txt", "wordpress"),
        ("blogger-night-ferry.txt", "blogger"),
        ("blogger-long-dates.txt", "blogger"),
        ("typepad-lobster-season.txt", "movable-type"),
        ("posted-by-harbour-festival.txt", "posted-by"),
        ("posted-by-school-budget.txt", "posted-by"),
        ("learned-dash-comma.txt", "learned"),
        ("learned-pipe-head.txt", "learned"),
        ("late-night-thread.txt", "signature-after"),
    ],
)
def test_each_page_is_read_in_its_layout(page: str, dialect: str) -> None:
    assert _post(page).dialect == dialect


def test_wordpress_threads_quotes_and_reply_links() -> None:
    post = _post("wordpress-library-hours.txt")
    people = _by_author(post)
    rosa, rosa_again = people["Rosa Lindqvist"]
    walt, gus = people["Walt Haskins"][0], people["Gus Oyelaran"][0]
    # nested by indentation: Rosa > Walt > Rosa, Gus > Priya
    assert walt.parent is rosa and rosa_again.parent is walt and rosa_again.depth == 2
    assert people["Priya Natarajan"][0].parent is gus
    assert walt.published == "2012-11-07T10:02:00"
    assert walt.signature == "Walt Haskins says:\nNovember 7th, 2012 at 10:02 am"
    # Gus quotes the post; Ines pastes Gus with his says/date lines and so answers him
    assert gus.parent_id == post.id and gus.blocks[0].source == post.id
    ines = people["Ines Bravo"][0]
    assert ines.blocks[0].attribution == "Gus Oyelaran says:\nNovember 7th, 2012 at 11:25 am"
    assert ines.blocks[0].source == gus.id and ines.parent is gus
    assert len(post.comments) == 6
    assert post.boilerplate.count("Reply") == 6
    assert "Your comment is awaiting moderation." in post.boilerplate
    assert all("Reply" not in c.text for c in post.comments)


def test_blogger_pasted_quote_between_name_and_time() -> None:
    post = _post("blogger-night-ferry.txt")
    assert post.title == "Night ferry returns for the summer"
    assert post.byline == "Monday, May 6, 2013\nPosted by Marguerite Okafor at 6:15 PM"
    assert (post.author, post.published) == ("Marguerite Okafor", "2013-05-06T18:15:00")
    people = _by_author(post)
    rosa, walt = people["Rosa Lindqvist"][0], people["Walt Haskins"][0]
    assert walt.published == "2013-05-06T20:12:00"
    assert walt.blocks[0].attribution == "Rosa Lindqvist said...\n5/6/2013 7:30 PM"
    assert walt.parent is rosa
    assert walt.signature == "Walt Haskins said...\n5/6/2013 8:12 PM"
    theo_again = people["Theo Marchetti"][1]
    assert theo_again.parent is people["Anonymous"][0]
    # 5/13/2013 proves the page writes the month first
    assert people["Priya Natarajan"][0].published == "2013-05-13T09:05:00"
    assert post.boilerplate.count("Delete") == 2


def test_blogger_long_dates_keep_their_zone() -> None:
    post = _post("blogger-long-dates.txt")
    assert post.title == "Fog delays the morning boats"
    assert post.boilerplate[0] == "Harbor Notes"
    assert "Labels: fog, harbor, fleet" in post.boilerplate
    assert [c.published for c in post.comments] == [
        "2009-03-31T10:40:00-04:00", "2009-03-31T11:05:00-04:00",
        "2009-03-31T12:27:00-04:00", "2009-04-01T07:15:00-04:00"]  # fmt: skip
    sam, ines = post.comments[1], post.comments[3]
    assert sam.parent_id == post.id
    assert ines.parent is sam


def test_typepad_attributed_quote_and_reply_line() -> None:
    post = _post("typepad-lobster-season.txt")
    people = _by_author(post)
    sam, priya = people["Sam Pettigrew"][0], people["Priya Natarajan"][0]
    assert len(people["Sam Pettigrew"]) == 1  # the repeat is a quote, not a comment
    assert (
        priya.blocks[0].attribution == "Posted by: Sam Pettigrew | September 30, 2012 at 08:45 AM"
    )
    assert priya.parent is sam
    assert sam.parent_id == post.id
    assert people["Gus Oyelaran"][0].parent is people["Rosa Lindqvist"][0]
    assert "Reply" in post.boilerplate and "Verify your Comment" in post.boilerplate


def test_posted_by_tabs_day_first_and_24_hour_times() -> None:
    post = _post("posted-by-harbour-festival.txt")
    assert post.published == "2014-07-02T09:30:00"  # 02/07 read day-first, like the comments
    gus, rosa, gus_again, theo, priya, ines = post.comments
    assert (gus.published, ines.published) == ("2014-07-02T10:05:00", "2014-07-13T19:20:00")
    assert rosa.parent is gus and gus_again.parent is rosa and theo.parent is gus
    assert priya.parent_id == post.id
    assert ines.parent is priya
    assert gus.signature == "by Gus Oyelaran on 02/07/2014 at 10:05."


def test_posted_by_attributed_quote() -> None:
    post = _post("posted-by-school-budget.txt")
    people = _by_author(post)
    assert len(post.comments) == 5
    first_gus, second_gus = people["Gus Oyelaran"]
    walt = people["Walt Haskins"][0]
    assert walt.parent is first_gus
    assert walt.blocks[0].attribution == "Posted by Gus Oyelaran on March 12, 2015 at 10:15 PM"
    assert second_gus.parent is walt


def test_learned_signature_under_the_body() -> None:
    post = _post("learned-dash-comma.txt")
    assert (post.author, post.published) == ("Ana Sousa", "2008-03-28T09:15:00")
    people = _by_author(post)
    ana, tomas = people["Ana Sousa"][0], people["Tomás Reis"][0]
    assert ana.blocks[0].attribution == "— Tomás Reis, 28.03.2008 10:02"
    assert ana.parent is tomas
    assert people["Marta Lopes"][0].parent_id == post.id
    assert people["Marta Lopes"][1].published == "2008-04-04T18:44:00"  # dotted: day first
    assert "Page 1 of 1" in post.boilerplate


def test_learned_signature_over_the_body() -> None:
    post = _post("learned-pipe-head.txt")
    sam, jonah, sam_again, rosa, walt = post.comments
    assert sam.published == "2013-06-02T19:12:00+02:00"
    assert jonah.parent is sam and sam_again.parent is jonah
    assert rosa.parent_id == post.id
    assert walt.blocks[0].attribution == "Rosa Lindqvist | 2013-06-02 21:07 CEST"
    assert walt.parent is rosa
    assert walt.text.endswith("for forty years.")


def test_cli_reports_and_forces_the_layout() -> None:
    page = PAGES / "wordpress-library-hours.txt"

    def parse_json(*extra: str) -> dict[str, object]:
        result = subprocess.run(
            [sys.executable, "-m", "talkback", "parse", str(page), "--json", *extra],
            capture_output=True,
            text=True,
            encoding="utf-8",
            check=True,
        )
        post: dict[str, object] = json.loads(result.stdout)["posts"][0]
        return post

    assert parse_json()["dialect"] == "wordpress"
    forced = parse_json("--dialect", "signature-after")
    assert forced["dialect"] == "signature-after"
    assert forced["comments"] == []
