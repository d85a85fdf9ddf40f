"""Hypothesis-generated pages: no exception, nothing lost, the same result every run.

Pages are assembled from the parts real dumps have (title, byline, article, furniture, signed
comments, avatar initials) and then roughened: CRLF or CR line ends, tabs, unicode, huge and empty
comments, signature-shaped lines inside bodies, shuffled comments.
"""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
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
