"""Comment layouts one by one: their marks, how a page's layout is chosen, forcing one."""

from __future__ import annotations

import pytest

from talkback.core import parse_text
from talkback.core.dialects import DIALECTS, LAYOUTS, check_dialect, dialect_named, recognise
from talkback.core.marks import PageLines
from talkback.core.text import split_lines


def _read(dialect: str, text: str) -> list[tuple[str | None, str | None, str]]:
    lines = [line.strip() for line in split_lines(text)]
    reading = dialect_named(dialect).read(PageLines(lines, 0))
    return [(mark.author, mark.published, mark.role) for mark in reading.marks]


def test_every_layout_is_listed_by_name() -> None:
    assert list(DIALECTS) == [layout.name for layout in LAYOUTS]
    assert set(DIALECTS) == {"signature-after", "wordpress", "blogger", "movable-type",
                             "posted-by", "learned"}  # fmt: skip
    for name in DIALECTS:
        check_dialect(name)
    with pytest.raises(ValueError, match="unknown comment layout 'klingon'"):
        check_dialect("klingon")


@pytest.mark.parametrize(
    ("head", "author", "iso"),
    [
        ("Rosa Lindqvist says:\nMarch 31, 2008 at 12:27 pm", "Rosa Lindqvist",
         "2008-03-31T12:27:00"),
        ("jp Says:\nNovember 7th, 2012 at 3:04 pm", "jp", "2012-11-07T15:04:00"),
        ("Zoë says\n\nMarch 1st, 2008 at 9:05 am", "Zoë", "2008-03-01T09:05:00"),
        ("Walt says:\nMarch 31, 2008 at 12:27 pm | #", "Walt", "2008-03-31T12:27:00"),
    ],
)  # fmt: skip
def test_wordpress_heads(head: str, author: str, iso: str) -> None:
    assert _read("wordpress", f"{head}\n\nThe body.\n\nReply\n") == [(author, iso, "head")]


def test_wordpress_needs_the_date_line() -> None:
    assert _read("wordpress", "Mom says:\n\nThe body of it.\n") == []


@pytest.mark.parametrize(
    ("time_line", "iso"),
    [
        ("3/31/2008 12:27 PM", "2008-03-31T12:27:00"),
        ("March 31, 2008 12:27 PM", "2008-03-31T12:27:00"),
        ("Monday, March 31, 2008 12:27:00 PM EDT", "2008-03-31T12:27:00-04:00"),
        ("March 31, 2008 at 12:27 PM", "2008-03-31T12:27:00"),
    ],
)
def test_blogger_name_and_time_lines(time_line: str, iso: str) -> None:
    text = f"Anonymous said...\n\nA body.\n\n{time_line}\n\nDelete\n"
    assert _read("blogger", text) == [("Anonymous", None, "head"), (None, iso, "tail")]


@pytest.mark.parametrize(
    ("line", "author", "iso"),
    [
        ("Posted by: Jonah Fisk | September 30, 2012 at 07:12 AM", "Jonah Fisk",
         "2012-09-30T07:12:00"),
        ("Posted by: jp | March 31, 2008 at 12:27 PM | Reply", "jp", "2008-03-31T12:27:00"),
        ("Posted by Ana | 2008-03-31 13:07", "Ana", "2008-03-31T13:07:00"),
    ],
)  # fmt: skip
def test_movable_type_marks(line: str, author: str, iso: str) -> None:
    assert _read("movable-type", f"A body.\n\n{line}\n") == [(author, iso, "tail")]


@pytest.mark.parametrize(
    ("line", "author", "iso"),
    [
        ("Posted by Rosa on March 31, 2008 at 12:27 PM", "Rosa", "2008-03-31T12:27:00"),
        ("by funky chicken on March 31, 2008 at 12:27 PM.", "funky chicken",
         "2008-03-31T12:27:00"),
        ("Posted by Rosa at 12:27 PM on March 31, 2008", "Rosa", "2008-03-31T12:27:00"),
        ("by Ines Bravo on 31/03/2008 at 21:20.", "Ines Bravo", "2008-03-31T21:20:00"),
        ("by Ines Bravo on 31.03.2008 at 21:20 CEST.", "Ines Bravo", "2008-03-31T21:20:00+02:00"),
    ],
)  # fmt: skip
def test_posted_by_marks(line: str, author: str, iso: str) -> None:
    assert _read("posted-by", f"A body.\n\n{line}\n") == [(author, iso, "tail")]


def _comments(text: str) -> list[tuple[str | None, str | None]]:
    post = parse_text(text).posts[0]
    return [(comment.author, comment.published) for comment in post.comments]


PAGE = "A title\n\nposted at 9:00 am on March 1, 2008 by Editor\n\nThe article.\n\nComments\n\n"


@pytest.mark.parametrize(
    ("signatures", "names"),
    [
        (["— Ana María, 04.03.2008 13:07", "— jp, 05.03.2008 09:00"], ["Ana María", "jp"]),
        (["Comment by Ana at 2008-03-04 13:07", "Comment by Walt Haskins at 2008-03-05 09:00"],
         ["Ana", "Walt Haskins"]),
        (["[04.03.2008 13:07] Ana María:", "[05.03.2008 09:00] jp:"], ["Ana María", "jp"]),
        (["Ana wrote on 04/03/2008, 13:07", "Rosa wrote on 05/03/2008, 09:00"], ["Ana", "Rosa"]),
    ],
)  # fmt: skip
def test_learned_templates(signatures: list[str], names: list[str]) -> None:
    """Unlisted layouts: the name is the part of the recurring line that varies."""
    bodies = "\n\n".join(
        f"Body number {n} of the thread.\n{sig}" for n, sig in enumerate(signatures)
    )
    post = parse_text(PAGE + bodies + "\n").posts[0]
    assert post.dialect == "learned"
    assert [c.author for c in post.comments] == names
    # dotted dates are day-first; a slashed page without proof is read month-first
    assert post.comments[0].published in {"2008-03-04T13:07:00", "2008-04-03T13:07:00"}
    assert post.comments[0].published == (
        "2008-04-03T13:07:00" if "/" in signatures[0] else "2008-03-04T13:07:00"
    )


def test_learned_needs_a_recurring_line() -> None:
    post = parse_text(PAGE + "Only one.\n— Ana María, 04.03.2008 13:07\n").posts[0]
    assert post.comments == []
    assert post.dialect == "signature-after"


def test_learned_template_before_the_body() -> None:
    body = "\n\n".join(
        f"{name} | 2008-03-0{day} 13:07\nWhat {name} thinks of the pier, in a few words."
        for day, name in [(4, "Ana"), (5, "Sam Pettigrew"), (6, "jp")]
    )
    post = parse_text(PAGE + body + "\n\nLeave a Reply\n").posts[0]
    assert post.dialect == "learned"
    assert [(c.author, c.text[:9]) for c in post.comments] == [
        ("Ana", "What Ana "), ("Sam Pettigrew", "What Sam "), ("jp", "What jp t")]  # fmt: skip
    assert post.comments[0].signature == "Ana | 2008-03-04 13:07"


def test_a_tie_goes_to_the_more_specific_layout() -> None:
    """``by X on DATE`` is also ``NAME on DATE`` with a name starting "by": posted-by wins."""
    text = (
        PAGE
        + "One.\n\nby Ana on March 2, 2008 at 1:00 PM.\n\n"
        + "Two.\n\nby jp on March 2, 2008 at 2:00 PM.\n"
    )
    lines = [line.strip() for line in split_lines(text)]
    scores = {layout.name: layout.read(PageLines(lines, 3)).score for layout in LAYOUTS}
    assert scores["signature-after"] == scores["posted-by"] == scores["learned"] == 2
    assert recognise(PageLines(lines, 3)).dialect.name == "posted-by"
    assert _comments(text) == [("Ana", "2008-03-02T13:00:00"), ("jp", "2008-03-02T14:00:00")]


def test_forcing_a_layout() -> None:
    text = PAGE + "One.\n\nby Ana on March 2, 2008 at 1:00 PM.\n"
    forced = parse_text(text, dialect="signature-after").posts[0]
    assert forced.dialect == "signature-after"
    assert forced.comments[0].author == "by Ana"
    assert parse_text(text, dialect="wordpress").posts[0].comments == []
    with pytest.raises(ValueError):
        parse_text(text, dialect="nope")


def test_a_page_without_comments_reads_as_the_default_layout() -> None:
    assert parse_text(PAGE).posts[0].dialect == "signature-after"


def test_marks_dated_before_the_post_are_text() -> None:
    text = (
        PAGE
        + "Ana said...\n\nBorn then.\n\n3/31/1990 12:27 PM\n\n"
        + "Ana said...\n\nNow.\n\n3/2/2008 1:00 PM\n"
    )
    post = parse_text(text).posts[0]
    assert post.dialect == "blogger"
    # The old date is not a mark: the first comment keeps its name, has no time, and the line
    # stays in its text.
    assert _comments(text) == [("Ana", None), ("Ana", "2008-03-02T13:00:00")]
    assert post.comments[0].text == "Born then.\n\n3/31/1990 12:27 PM"


def test_text_before_the_first_head_mark_is_kept_and_reported() -> None:
    """The page parser never cuts there, but the frame cutter and assembler keep such text."""
    from talkback.core.comments import CommentAssembler
    from talkback.core.frames import Cutter
    from talkback.core.model import Post
    from talkback.core.quotes import QuoteIndex

    lines = ["Stray words nobody signed.", "", "Rosa says:", "March 1, 2008 at 9:00 am", "", "Hi."]
    marks = dialect_named("wordpress").read(PageLines(lines, 0)).marks
    post = Post("p1")
    frames, trailing = Cutter(lines, lambda line: False, post.boilerplate).frames(marks, 0, 6)
    assembler = CommentAssembler(post, "page", QuoteIndex())
    assembler.assemble(frames, trailing, 6)
    assert [(c.author, c.text) for c in post.comments] == [
        (None, "Stray words nobody signed."), ("Rosa", "Hi.")]  # fmt: skip
    assert [p.message.split(";")[0] for p in assembler.problems] == [
        "text before the first signature has no signature of its own"]  # fmt: skip
