"""Signature and byline lines."""

from __future__ import annotations

import pytest

from talkback.core.signatures import match_byline, match_signature_after, plausible_name


@pytest.mark.parametrize(
    ("line", "author", "iso"),
    [
        ("funky chicken on March 31, 2008 at 12:35 PM", "funky chicken", "2008-03-31T12:35:00"),
        ("Liberty or Death on March 31, 2008 at 3:50 PM", "Liberty or Death",
         "2008-03-31T15:50:00"),
        ("  jp on March 31, 2008 at 12:48 PM  ", "jp", "2008-03-31T12:48:00"),
        ("Ana María on 31 March 2008 at 13:07", "Ana María", "2008-03-31T13:07:00"),
        ("x on Mar 31, 2008 at 1:07 pm EDT", "x", "2008-03-31T13:07:00-04:00"),
    ],
)  # fmt: skip
def test_signatures(line: str, author: str, iso: str) -> None:
    signature = match_signature_after(line, 7)
    assert signature is not None
    assert (signature.author, signature.published, signature.line) == (author, iso, 7)
    assert signature.raw == line.strip()


@pytest.mark.parametrize(
    "line",
    [
        "The vote was on March 31, 2008 at 12:40 PM",
        "My daughter was born on March 31, 2008 at 12:35 PM",
        "We met on March 31, 2008 at 12:35 PM in the square",
        "on March 31, 2008 at 12:35 PM",
        "funky chicken on March 31, 2008",
        "Someone on March 31, 2008 at 12:35 PM. Then more.",
    ],
)
def test_not_signatures(line: str) -> None:
    assert match_signature_after(line, 0) is None


def test_plausible_names() -> None:
    assert plausible_name("MNDavenotPC")
    assert plausible_name("Mr. T")
    assert not plausible_name("this is a much longer run of words than any name")
    assert not plausible_name("...")
    assert not plausible_name("The vote was")
    assert plausible_name("Ines Be")  # a capitalised last word is a name, not a sentence's verb
    assert plausible_name("Kit Up")


@pytest.mark.parametrize(
    ("line", "author", "iso"),
    [
        ("posted at 12:19 pm on March 31, 2008 by Allahpundit", "Allahpundit",
         "2008-03-31T12:19:00"),
        ("Posted by Jane Doe on March 31, 2008 at 9:00 AM", "Jane Doe", "2008-03-31T09:00:00"),
        ("Posted on March 31, 2008 by Jane Doe", "Jane Doe", "2008-03-31"),
        ("March 31, 2008 by Jane Doe", "Jane Doe", "2008-03-31"),
        ("by Jane Doe", "Jane Doe", None),
    ],
)  # fmt: skip
def test_bylines(line: str, author: str, iso: str | None) -> None:
    byline = match_byline(line)
    assert byline is not None
    assert (byline.author, byline.published) == (author, iso)


def test_not_bylines() -> None:
    assert match_byline("If there was any doubt that he's Iran's fair-haired boy") is None


def test_a_blank_name_is_no_name() -> None:
    assert not plausible_name("   ")
    assert not plausible_name("\t")


def test_a_byline_with_a_blank_author_does_not_stop_the_parse() -> None:
    from talkback.core import parse_text

    page = (
        "A title\n\nSome article text here that is long enough.\n\nPosted by    at 6:15 PM\n\n"
        "2 Comments\n\nNice post, I agree with all of it.\n\n"
        "funky chicken on March 31, 2008 at 12:35 PM\n"
    )
    archive = parse_text(page)  # an IndexError, "internal error" on the command line, before
    [post] = archive.posts
    assert [(c.author, c.published) for c in post.comments] == [
        ("funky chicken", "2008-03-31T12:35:00")
    ]
