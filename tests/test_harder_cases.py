"""The harder cases of our own samples, asserted one by one (the JSON fixtures pin the rest)."""

from __future__ import annotations

from pathlib import Path

from conftest import FIXTURES, SAMPLES
from talkback.core import Comment, parse


def _by_author(path: Path) -> dict[str, list[Comment]]:
    found: dict[str, list[Comment]] = {}
    for comment in parse(path).posts[0].comments:
        found.setdefault(comment.author or "", []).append(comment)
    return found


def test_replies_to_replies_and_quote_of_a_quote(harbor_path: Path) -> None:
    people = _by_author(harbor_path)
    sam_first, sam_second = people["Sam Pettigrew"]
    walt = people["Walt Haskins"][0]
    theo = people["Theo Marchetti"][0]
    assert walt.parent is sam_first
    assert sam_second.parent is walt
    assert sam_second.depth == 2
    # Theo pasted Sam's reply together with the quote of Walt inside it: both are quotes,
    # and Theo answers the most recent of them.
    assert [(b.kind, b.source) for b in theo.blocks] == [
        ("quote", walt.id), ("quote", sam_second.id), ("text", None)]  # fmt: skip
    assert theo.parent is sam_second
    assert theo.depth == 3


def test_two_comments_in_the_same_minute_stay_apart(harbor_path: Path) -> None:
    people = _by_author(harbor_path)
    assert people["Sam Pettigrew"][1].published == people["Rosa Lindqvist"][0].published
    assert people["Rosa Lindqvist"][0].parent is None


def test_noon_midnight_and_crossing_into_the_next_day(harbor_path: Path) -> None:
    people = _by_author(harbor_path)
    assert people["Jonah Fisk"][0].published == "2011-10-14T23:58:00"
    assert people["Priya Natarajan"][0].published == "2011-10-15T00:00:00"
    assert people["Marguerite Okafor"][0].published == "2011-10-15T12:00:00"
    # a reply across midnight keeps its link
    assert people["Marguerite Okafor"][0].parent is people["Jonah Fisk"][0]


def test_quote_of_the_posts_last_paragraph(harbor_path: Path) -> None:
    post = parse(harbor_path).posts[0]
    priya = next(c for c in post.comments if c.author == "Priya Natarajan")
    assert priya.blocks[0].kind == "quote"
    assert priya.blocks[0].source == post.id
    assert post.text.endswith(priya.blocks[0].text)
    assert priya.parent_id == post.id
    assert priya.parent is None


def test_quote_with_ellipsis_and_bracketed_insertion(harbor_path: Path) -> None:
    post = parse(harbor_path).posts[0]
    ines = [c for c in post.comments if c.author == "Ines Bravo"][1]
    assert ines.blocks[0].text.startswith("…the [council] agreed")
    assert ines.blocks[0].source == post.id


def test_unsigned_quote_of_a_comment_makes_a_reply(harbor_path: Path) -> None:
    people = _by_author(harbor_path)
    jonah = people["Jonah Fisk"][0]
    ines = people["Ines Bravo"][0]
    assert jonah.blocks[0].source == ines.id
    assert jonah.blocks[0].attribution is None
    assert jonah.parent is ines


def test_signature_shaped_sentences_are_text(harbor_path: Path) -> None:
    gus = _by_author(harbor_path)["Gus Oyelaran"][0]
    assert "The market committee met on October 12, 2011 at 7:00 PM" in gus.text
    page = parse(FIXTURES / "pages" / "signature-shaped-sentences.txt").posts[0]
    assert [c.author for c in page.comments] == ["Gus Oyelaran", "Priya Natarajan", "Ines Bravo"]
    assert "born on March 31, 2008 at 12:35 PM" in page.comments[1].text


def test_avatar_initials_are_furniture(harbor_path: Path) -> None:
    post = parse(harbor_path).posts[0]
    assert [line for line in post.boilerplate if len(line) == 1] == ["S", "W", "G", "M"]
    assert all(not c.text.endswith("\nS") for c in post.comments)


def test_page_with_no_comments() -> None:
    post = parse(SAMPLES / "quiet-news-day.txt").posts[0]
    assert post.comments == []
    assert post.text.endswith("The gulls stayed loud.")
    assert post.boilerplate == ["Tags: harbor, ferry, weather", "Comments are closed."]


def test_comments_with_an_empty_article() -> None:
    post = parse(SAMPLES / "photo-of-the-week.txt").posts[0]
    assert post.text == ""
    assert [c.author for c in post.comments] == ["Rosa Lindqvist", "Walt Haskins"]
    assert post.comments[1].parent is post.comments[0]


def test_without_furniture_the_last_paragraph_is_the_first_comment() -> None:
    post = parse(FIXTURES / "pages" / "no-furniture.txt").posts[0]
    assert post.text.endswith("before any repair work starts.")
    assert post.comments[0].text.startswith("Good. Those birds")


def test_unsigned_tail_is_kept_and_reported() -> None:
    archive = parse(FIXTURES / "pages" / "unsigned-tail.txt")
    post = archive.posts[0]
    assert post.comments[-1].author is None
    assert post.comments[-1].text.startswith("Does the delay move")
    assert "Leave a Reply" in post.boilerplate
    assert len(archive.problems) == 1
    assert "no signature" in archive.problems[0].message
    assert archive.problems[0].where.endswith("unsigned-tail.txt:13")


def test_ids_are_unique_and_rows_cached(harbor_path: Path) -> None:
    post = parse(harbor_path).posts[0]
    ids = [c.id for c in post.comments]
    assert len(set(ids)) == len(ids)
    for siblings in [post.roots, *(c.children for c in post.comments)]:
        assert [c.row for c in siblings] == list(range(len(siblings)))
    assert [c.order for c in post.comments] == list(range(len(post.comments)))
