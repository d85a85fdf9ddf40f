"""Replies shown by indentation."""

from __future__ import annotations

from talkback.core import parse_text
from talkback.core.comments import comment_depths, indentation, indentation_parents


def test_indentation_counts_tabs_and_spaces() -> None:
    assert indentation("text") == 0
    assert indentation("    text") == 4
    assert indentation("\ttext") == 8
    assert indentation("\t  text") == 10


def test_each_comment_answers_the_nearest_shallower_one_before_it() -> None:
    assert indentation_parents([0, 4, 8, 4, 0, 4, 12]) == [None, 0, 1, 0, None, 4, 5]
    assert indentation_parents([2, 0, 2]) == [None, None, 1]
    assert indentation_parents([0, 0, 0]) is None  # not threaded by indentation
    assert indentation_parents([]) is None


def test_a_comment_sits_as_deep_as_its_shallowest_line() -> None:
    raw = ["  one", "", "      indented in the body", "  sig", "", "body", "    sig"]
    assert comment_depths(raw, [(0, 3), (5, 6)]) == [2, 0]


PAGE = "T\n\nposted at 9:00 am on May 1, 2008 by E\n\nArticle.\n\nComments\n\n"


def test_nested_signature_after_page() -> None:
    text = PAGE + (
        "Top level.\n\na on May 1, 2008 at 9:01 AM\n\n"
        "\tA reply to a.\n\n\tb on May 1, 2008 at 9:02 AM\n\n"
        "\t\tA reply to b.\n\n\t\tc on May 1, 2008 at 9:03 AM\n\n"
        "\tAnother reply to a.\n\n\td on May 1, 2008 at 9:04 AM\n\n"
        "New thread.\n\ne on May 1, 2008 at 9:05 AM\n"
    )
    post = parse_text(text).posts[0]
    assert [(c.author, c.parent_id) for c in post.comments] == [
        ("a", None), ("b", "p1-c1"), ("c", "p1-c2"), ("d", "p1-c1"), ("e", None)]  # fmt: skip
    assert [c.depth for c in post.comments] == [0, 1, 2, 1, 0]


def test_one_indented_line_does_not_nest_a_comment() -> None:
    text = PAGE + (
        "Top level.\n\na on May 1, 2008 at 9:01 AM\n\n"
        "    an indented verse\nand the rest\n\nb on May 1, 2008 at 9:02 AM\n"
    )
    post = parse_text(text).posts[0]
    assert [c.parent_id for c in post.comments] == [None, None]


def test_indentation_outranks_quotes_but_top_level_quotes_still_reply() -> None:
    first = "The ferry pier is leaning toward the channel again this week."
    text = PAGE + (
        f"{first}\n\na on May 1, 2008 at 9:01 AM\n\n"
        "Something else entirely, about the market.\n\nb on May 1, 2008 at 9:02 AM\n\n"
        f"  {first}\n\n  Indeed it is.\n\n  c on May 1, 2008 at 9:03 AM\n\n"
        f"{first}\n\nStill leaning.\n\nd on May 1, 2008 at 9:04 AM\n"
    )
    post = parse_text(text).posts[0]
    # c quotes a but is indented under b; d is at the top level and quotes a.
    assert [c.parent_id for c in post.comments] == [None, None, "p1-c2", "p1-c1"]
