"""A big blog thread's quote index keeps only what a quote still to be traced may hold, and finds
exactly the same.

A WordPress or Disqus thread with ``LOOKAHEAD_CHARS`` of text to make quotable marks its quote
blocks first (``talkback.core.quotes.Lookahead``). Here the threshold is lowered to nothing so that
every thread takes that way, and every thread must give the very same post and problems, row for
row: threads that quote far back, fragments and the post, exports in the fixtures, and random
threads of few words (shingles repeat) traced through an index of very few slots (they collide).
"""

from __future__ import annotations

import random
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from blog_exports import (
    DISQUS_FIXTURE,
    WXR_FIXTURE,
    DisqusComment,
    WxrComment,
    WxrItem,
    disqus,
    disqus_document,
    wxr,
    wxr_document,
)
from talkback.core import quotes
from talkback.core.model import Archive, Post, Problem
from talkback.index.rows import post_rows
from talkback.sources import blog_threads
from talkback.sources.blog_threads import ExportedComment, build_comments
from test_lookahead import Forgotten

WORDS = "pier harbor vote ferry tide council boats storm deck crew night market".split()
FEW_WORDS = ["ann", "bob", "cat", "dog", "egg", "fig"]


def _rows(archive: Archive) -> tuple[object, ...]:
    return tuple(post_rows(post) for post in archive.posts), tuple(archive.problems)


def _both_ways(
    read: Callable[[], Archive], monkeypatch: pytest.MonkeyPatch
) -> tuple[object, object]:
    """What ``read`` gives as a small thread, then as a big one (its quotes looked ahead)."""
    whole = _rows(read())
    with monkeypatch.context() as patched:
        patched.setattr(blog_threads, "LOOKAHEAD_CHARS", 0)
        looked_ahead = _rows(read())
    return whole, looked_ahead


def _quoting_thread(seed: int, count: int) -> tuple[str, list[tuple[str, str | None, int]]]:
    """A post and its comments, (author, html, explicit parent or 0): many quote an earlier
    comment (a recent one, or one from anywhere in the thread), a fragment of one, or the
    post, in a ``<blockquote>`` (sometimes under a ``NAME said:`` line)."""
    rng = random.Random(seed)

    def sentence() -> str:
        return " ".join(rng.choices(WORDS, k=rng.randint(5, 14))) + "."

    post = " ".join(sentence() for _ in range(6))
    made: list[tuple[str, str]] = []  # (author, own text)
    comments: list[tuple[str, str | None, int]] = []
    for number in range(1, count + 1):
        own = " ".join(sentence() for _ in range(rng.randint(1, 3)))
        roll = rng.random()
        quoted = ""
        if made and roll < 0.5:
            author, text = (
                made[-rng.randint(1, min(10, len(made)))]
                if rng.random() < 0.4
                else rng.choice(made)
            )
            words = text.split()
            if rng.random() < 0.3:  # a fragment
                cut = rng.randint(0, max(0, len(words) - 8))
                text = " ".join(words[cut : cut + 8])
            said = f"{author} said:\n" if rng.random() < 0.3 else ""
            quoted = f"{said}<blockquote>{text}</blockquote>\n\n"
        elif roll < 0.6:
            quoted = f"<blockquote>{post[: rng.randint(30, 90)]}</blockquote>\n\n"
        author = rng.choice(["Ann", "Bob", "Cy", "Di", "Ed"])
        parent = rng.randint(1, number - 1) if number > 1 and rng.random() < 0.1 else 0
        comments.append((author, quoted + own, parent))
        made.append((author, own))
    return post, comments


def _wxr_thread(seed: int, count: int) -> bytes:
    post, comments = _quoting_thread(seed, count)
    approved = ["1"] * 12 + ["spam", "0"]
    rng = random.Random(seed)
    made = [
        WxrComment(number, author, html, parent=parent, approved=rng.choice(approved))
        for number, (author, html, parent) in enumerate(comments, start=1)
    ]
    return wxr_document([WxrItem("The harbor vote", post, comments=made)]).encode()


def _disqus_thread(seed: int, count: int) -> bytes:
    post, comments = _quoting_thread(seed, count)
    made = [
        DisqusComment(number, 7, html.replace("\n\n", ""), author, parent or None)
        for number, (author, html, parent) in enumerate(comments, start=1)
    ]
    return disqus_document([(7, post)], made).encode()


@pytest.mark.parametrize("seed", range(4))
@pytest.mark.parametrize("kind", ["wxr", "disqus"])
def test_threads_quoting_far_back_give_the_same_rows_and_forget_shingles(
    kind: str, seed: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = (_wxr_thread if kind == "wxr" else _disqus_thread)(seed, 400)
    read = wxr if kind == "wxr" else disqus
    forgotten = Forgotten(monkeypatch)
    whole, looked_ahead = _both_ways(lambda: read(data), monkeypatch)
    assert looked_ahead == whole
    post = read(data).posts[0]
    order = {comment.id: comment.order for comment in post.comments}
    traced = [
        (comment.order, order[block.source])
        for comment in post.comments
        for block in comment.blocks
        if block.is_quote and block.source in order
    ]
    assert len(traced) > 120  # the thread is full of quotes, traced both ways
    assert sum(1 for at, source in traced if at - source > 100) > 20  # many from far back
    assert forgotten.count > 1000  # and the lookahead did let the index forget


@pytest.mark.parametrize(
    ("path", "read"), [(WXR_FIXTURE, wxr), (DISQUS_FIXTURE, disqus)], ids=["wxr", "disqus"]
)
def test_fixture_exports_give_the_same_rows_with_the_lookahead(
    path: Path, read: Callable[[bytes], Archive], monkeypatch: pytest.MonkeyPatch
) -> None:
    data = path.read_bytes()
    whole, looked_ahead = _both_ways(lambda: read(data), monkeypatch)
    assert looked_ahead == whole


@st.composite
def few_word_threads(draw: st.DrawFn) -> list[tuple[str, str]]:
    """Comments (author, html) of few words, many quoting (part of) an earlier one or the post."""
    texts: list[str] = []
    comments: list[tuple[str, str]] = []
    for _ in range(draw(st.integers(0, 25))):
        own = " ".join(draw(st.lists(st.sampled_from(FEW_WORDS), min_size=1, max_size=12)))
        quoted = ""
        if texts and draw(st.booleans()):
            earlier = draw(st.sampled_from(texts)).split()
            cut = draw(st.integers(0, len(earlier)))
            extra = draw(st.lists(st.sampled_from(FEW_WORDS), max_size=2))
            quoted = f"<blockquote>{' '.join(earlier[cut:] + extra)}</blockquote>"
        comments.append((draw(st.sampled_from(["Ann", "Bob"])), f"{quoted}<p>{own}</p>"))
        texts.append(own)
    return comments


def _built(comments: list[tuple[str, str]]) -> tuple[object, list[Problem]]:
    post = Post(id="p1", text="ann bob cat dog egg fig ann bob")
    exported = [
        ExportedComment(str(number), None, author, None, html, f"export.xml:{number}")
        for number, (author, html) in enumerate(comments, start=1)
    ]
    problems = build_comments(post, exported)
    return post_rows(post), problems


@settings(max_examples=150, deadline=None)
@given(few_word_threads(), st.sampled_from([1, 2, 16, 1024]))
def test_random_threads_find_the_same_with_colliding_slots(
    comments: list[tuple[str, str]], slots: int
) -> None:
    whole = _built(comments)
    with pytest.MonkeyPatch.context() as patched:
        patched.setattr(blog_threads, "LOOKAHEAD_CHARS", 0)
        patched.setattr(quotes, "lookahead_slots", lambda chars: slots)
        looked_ahead = _built(comments)
    assert looked_ahead == whole
