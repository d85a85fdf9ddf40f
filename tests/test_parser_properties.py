"""Hypothesis-generated pages: no exception, nothing lost, the same result every run.

Pages are assembled from the parts real dumps have (title, byline, article, furniture, signed
comments, avatar initials) and then roughened: CRLF or CR line ends, tabs, unicode, huge and empty
comments, signature-shaped lines inside bodies, shuffled comments.
"""

from __future__ import annotations

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from accounting import assert_nothing_lost
from talkback.core import archive_to_dict, parse_text

NAMES = ["letget", "funky chicken", "jp", "Ana María", "Zoë", "x", "Liberty or Death", "李雷"]
MONTHS = ["January", "March", "October", "December"]

words = st.sampled_from(
    ["the", "pier", "Sadr’s", "naïve", "council", "—", "“quote”", "…", "[sic]", "on", "at",
     "12:35", "PM", "2008,", "Comments", "é", "\t", "🙂", "Reply", "L"]
)  # fmt: skip
sentence = st.lists(words, min_size=1, max_size=30).map(" ".join)
paragraph = st.lists(sentence, min_size=1, max_size=4).map("\n".join)


@st.composite
def signature(draw: st.DrawFn) -> str:
    name = draw(st.sampled_from(NAMES))
    day = draw(st.integers(1, 28))
    hour = draw(st.integers(1, 12))
    minute = draw(st.integers(0, 59))
    ampm = draw(st.sampled_from(["AM", "PM"]))
    month = draw(st.sampled_from(MONTHS))
    return f"{name} on {month} {day}, 2008 at {hour}:{minute:02d} {ampm}"


@st.composite
def comment(draw: st.DrawFn) -> str:
    body = draw(st.lists(paragraph | signature(), min_size=0, max_size=4))
    sig = draw(signature())
    if draw(st.booleans()):
        body.append(sig[0])  # an avatar initial
    return "\n\n".join([*body, sig])


@st.composite
def page(draw: st.DrawFn) -> str:
    parts = []
    if draw(st.booleans()):
        parts.append(draw(sentence))
    if draw(st.booleans()):
        parts.append("posted at 12:19 pm on March 1, 2008 by Allahpundit")
    parts.extend(draw(st.lists(paragraph, max_size=3)))
    parts.extend(draw(st.lists(st.sampled_from(
        ["Related Posts:", "Trackbacks/Pings", "Comments", "Leave a Reply", "Blowback"]),
        max_size=3)))  # fmt: skip
    comments = draw(st.lists(comment(), max_size=6))
    parts.extend(draw(st.permutations(comments)))
    if draw(st.booleans()):
        parts.append(draw(paragraph))
    text = "\n\n".join(parts)
    ending = draw(st.sampled_from(["\n", "\r\n", "\r"]))
    return text.replace("\n", ending)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(page())
def test_generated_pages_lose_nothing_and_are_deterministic(text: str) -> None:
    first = archive_to_dict(parse_text(text))
    second = archive_to_dict(parse_text(text))
    assert first == second
    assert_nothing_lost(text, first)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=2000))
def test_any_text_at_all(text: str) -> None:
    document = archive_to_dict(parse_text(text))
    assert_nothing_lost(text, document)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(NAMES), paragraph), min_size=1, max_size=8))
def test_clean_pages_give_every_comment(comments: list[tuple[str, str]]) -> None:
    """With nothing tricky in the bodies, each signed comment comes back, in order."""
    lines = ["A title", "", "posted at 9:00 am on May 1, 2008 by Editor", "", "Article.", "",
             "Comments", ""]  # fmt: skip
    for minute, (name, body) in enumerate(comments):
        clean = body.replace(" on ", " by ").replace("Comments", "notes").replace("Reply", "r")
        clean = "\n".join(line for line in clean.split("\n") if line.strip() not in {"L", ""})
        lines += [clean or "…", "", f"{name} on May 1, 2008 at 10:{minute:02d} AM", ""]
    post = parse_text("\n".join(lines)).posts[0]
    assert [c.author for c in post.comments] == [name for name, _ in comments]
    assert [c.published for c in post.comments] == [
        f"2008-05-01T10:{minute:02d}:00" for minute in range(len(comments))
    ]


def test_huge_and_empty_comments() -> None:
    huge = " ".join(["word"] * 200_000)
    text = (
        f"T\n\nposted at 9:00 am on May 1, 2008 by E\n\nComments\n\n{huge}\n\n"
        "a on May 1, 2008 at 9:01 AM\n\nb on May 1, 2008 at 9:02 AM\n"
    )
    post = parse_text(text).posts[0]
    assert [c.author for c in post.comments] == ["a", "b"]
    assert len(post.comments[0].text) == len(huge)
    assert post.comments[1].text == ""
    assert_nothing_lost(text, archive_to_dict(parse_text(text)))


# -- every layout ---------------------------------------------------------------------------------

MONTH_NUMBERS = {"January": 1, "March": 3, "October": 10, "December": 12}
CLEAN_NAMES = ["Rosa Lindqvist", "jp", "Walt", "Ana María", "Zoë K.", "Liberty or Death"]
clean_words = st.sampled_from(
    ["harbor", "ferry", "pier", "council", "the", "boats", "late", "again", "naïve", "tide"]
)
clean_paragraph = st.lists(clean_words, min_size=3, max_size=14).map(
    lambda words: " ".join(words).capitalize() + "."
)


@st.composite
def moment(draw: st.DrawFn) -> tuple[int, int, int, int]:
    """Month, day, hour (0-23) and minute of a comment in 2008."""
    month = draw(st.sampled_from(sorted(MONTH_NUMBERS.values())))
    return month, draw(st.integers(1, 28)), draw(st.integers(0, 23)), draw(st.integers(0, 59))


def _twelve(hour: int) -> tuple[int, str]:
    return hour % 12 or 12, "PM" if hour >= 12 else "AM"


def _month_name(month: int) -> str:
    return next(name for name, number in MONTH_NUMBERS.items() if number == month)


def render(dialect: str, name: str, when: tuple[int, int, int, int], body: list[str]) -> list[str]:
    """One comment in ``dialect``, as the lines of a page (blank lines between parts)."""
    month, day, hour, minute = when
    h12, ampm = _twelve(hour)
    text = "\n\n".join(body)
    if dialect == "signature-after":
        return [text, f"{name} on {_month_name(month)} {day}, 2008 at {h12}:{minute:02d} {ampm}"]
    if dialect == "wordpress":
        suffix = {1: "st", 2: "nd", 3: "rd"}.get(day % 10 if day not in (11, 12, 13) else 0, "th")
        date = f"{_month_name(month)} {day}{suffix}, 2008 at {h12}:{minute:02d} {ampm.lower()}"
        return [f"{name} says:\n{date}", text, "Reply"]
    if dialect == "blogger":
        return [f"{name} said...", text, f"{month}/{day}/2008 {h12}:{minute:02d} {ampm}", "Delete"]
    if dialect == "movable-type":
        stamp = f"{_month_name(month)} {day}, 2008 at {h12:02d}:{minute:02d} {ampm}"
        return [text, f"Posted by: {name} | {stamp}"]
    if dialect == "posted-by":
        return [text, f"by {name} on {day:02d}/{month:02d}/2008 at {hour:02d}:{minute:02d}."]
    if dialect == "learned-tail":
        return [f"{text}\n— {name}, {day:02d}.{month:02d}.2008 {hour:02d}:{minute:02d}"]
    return [f"{name} | 2008-{month:02d}-{day:02d} {hour:02d}:{minute:02d}\n{text}"]


LAYOUT_KINDS = ["signature-after", "wordpress", "blogger", "movable-type", "posted-by",
                "learned-tail", "learned-head"]  # fmt: skip
HEADER = ["Pier repairs start", "", "posted at 9:00 am on January 1, 2008 by Editor", "",
          "The council has hired a contractor.", "", "Comments", ""]  # fmt: skip


def _indent(lines: list[str], prefix: str) -> list[str]:
    return ["\n".join(prefix + row if row else row for row in part.split("\n")) for part in lines]


@st.composite
def layout_page(draw: st.DrawFn) -> str:
    """A page in one layout: nested replies, pasted quotes with their marks, rough bodies."""
    kind = draw(st.sampled_from(LAYOUT_KINDS))
    parts = list(HEADER)
    written: list[list[str]] = []
    for _ in range(draw(st.integers(0, 6))):
        name = draw(st.sampled_from(NAMES))
        body = draw(st.lists(paragraph | clean_paragraph, min_size=1, max_size=3))
        comment = render(kind, name, draw(moment()), body)
        if written and draw(st.booleans()):  # paste an earlier comment with its marks
            comment = [*draw(st.sampled_from(written)), *comment]
        written.append(comment)
        prefix = draw(st.sampled_from(["", "", "  ", "    ", "\t", "\t\t"]))
        parts.extend(_indent(comment, prefix))
    if draw(st.booleans()):
        parts.append(draw(paragraph))
    parts.append("Leave a Reply")
    text = "\n\n".join(parts)
    return text.replace("\n", draw(st.sampled_from(["\n", "\r\n", "\r"])))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(layout_page())
def test_pages_in_every_layout_lose_nothing_and_are_deterministic(text: str) -> None:
    first = archive_to_dict(parse_text(text))
    assert first == archive_to_dict(parse_text(text))
    assert_nothing_lost(text, first)


@st.composite
def clean_comments(draw: st.DrawFn) -> list[tuple[str, tuple[int, int, int, int], list[str]]]:
    """Two to six comments at distinct times, in time order, with plain bodies."""
    count = draw(st.integers(2, 6))
    moments = sorted(draw(st.lists(moment(), min_size=count, max_size=count, unique=True)))
    return [
        (draw(st.sampled_from(CLEAN_NAMES)), when, draw(st.lists(clean_paragraph, min_size=1,
                                                               max_size=3)))
        for when in moments
    ]  # fmt: skip


@settings(max_examples=120, deadline=None)
@given(st.sampled_from(LAYOUT_KINDS), clean_comments())
def test_clean_pages_in_every_layout_are_recognised(
    kind: str, comments: list[tuple[str, tuple[int, int, int, int], list[str]]]
) -> None:
    """Each layout is recognised on its own pages and gives every comment, in order."""
    # Numeric day-first dates are only read day-first where a day over 12 proves it.
    assume(kind != "posted-by" or any(day > 12 for _, (_, day, _, _), _ in comments))
    parts = list(HEADER)
    for name, when, body in comments:
        parts.extend(render(kind, name, when, body))
    text = "\n\n".join(parts)
    post = parse_text(text).posts[0]
    assert post.dialect == kind.removesuffix("-tail").removesuffix("-head")
    assert [c.author for c in post.comments] == [name for name, _, _ in comments]
    assert [c.published for c in post.comments] == [
        f"2008-{m:02d}-{d:02d}T{h:02d}:{mi:02d}:00" for _, (m, d, h, mi), _ in comments
    ]
    assert [c.text for c in post.comments] == ["\n\n".join(body) for _, _, body in comments]
    assert_nothing_lost(text, archive_to_dict(parse_text(text)))
