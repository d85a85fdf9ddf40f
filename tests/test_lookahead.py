"""A big page's quote index keeps only what may still be looked up, and finds exactly the same.

On a page of ``LOOKAHEAD_CHARS`` of paragraphs or more the shingle index forgets what no paragraph
still to come holds (``talkback.core.quotes.Lookahead``). Here the threshold is lowered to nothing
so that every page takes that way, and every page must give the very same post, row for row.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fixture_pages import fixture_pages
from talkback.core import comments as comment_assembly
from talkback.core.model import Post
from talkback.core.parser import parse_bytes, parse_text
from talkback.core.quotes import Lookahead, QuoteIndex, shingles
from talkback.core.text import quote_words
from talkback.index.rows import post_rows
from talkback.sources.parallel import PageJob, parse_job
from test_parser_properties import layout_page, page

VOCABULARY = ["ann", "bob", "cat", "dog", "egg", "fig"]


class Forgotten:
    """Counts what the lookahead let the index forget."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.count = 0
        passed = Lookahead.passed

        def counting(lookahead: Lookahead, start: int) -> list[int]:
            gone = passed(lookahead, start)
            self.count += len(gone)
            return gone

        monkeypatch.setattr(Lookahead, "passed", counting)


def _post(text: str) -> Post | None:
    archive = parse_text(text, source="page.txt")
    return archive.posts[0] if archive.posts else None


def _both_ways(text: str, monkeypatch: pytest.MonkeyPatch) -> tuple[object, object]:
    """The page's rows (or None) parsed as a small page, then as a big page."""
    whole = _post(text)
    with monkeypatch.context() as patched:
        patched.setattr(comment_assembly, "LOOKAHEAD_CHARS", 0)
        looked_ahead = _post(text)
    return (
        None if whole is None else post_rows(whole),
        None if looked_ahead is None else post_rows(looked_ahead),
    )


def _quoting_page(seed: int, comments: int) -> str:
    """A page whose comments paste earlier comments (signed or not) and quote the post."""
    rng = random.Random(seed)

    def sentence() -> str:
        return " ".join(rng.choices([*VOCABULARY, "pier", "harbor", "vote"], k=rng.randint(3, 12)))

    article = [sentence() + "." for _ in range(4)]
    lines = ["The harbor vote", "", "posted at 9:00 am on March 1, 2008 by Ed", ""]
    lines += [*article, "", "Comments", ""]
    made: list[tuple[str, str]] = []
    for number in range(comments):
        roll = rng.random()
        if made and roll < 0.3:  # paste an earlier comment with its signature, then answer it
            text, signed = rng.choice(made[-40:] if rng.random() < 0.7 else made)
            lines += [text, "", signed, "", sentence(), ""]
        elif made and roll < 0.45:  # paste an earlier comment's words without its signature
            lines += [rng.choice(made)[0], "", sentence(), ""]
        elif roll < 0.55:
            lines += [rng.choice(article), "", sentence(), ""]
        else:
            lines += ["\n".join(sentence() for _ in range(rng.randint(1, 3))), ""]
        name = rng.choice(["Ann", "Bob", "Cy", "Di"])
        signed = f"{name} on March 1, 2008 at {1 + number % 12}:{number % 60:02d} PM"
        lines += [signed, ""]
        made.append((lines[-4], signed))
    return "\n".join(lines)


@pytest.mark.parametrize("page_file", fixture_pages(), ids=lambda path: path.name)
def test_fixture_pages_give_the_same_rows_with_the_lookahead(
    page_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    whole, looked_ahead = _both_ways(page_file.read_text(encoding="utf-8"), monkeypatch)
    assert looked_ahead == whole


def test_the_real_sample_gives_the_same_rows_with_the_lookahead(
    hotair_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    whole, looked_ahead = _both_ways(hotair_path.read_text(encoding="utf-8"), monkeypatch)
    assert looked_ahead == whole


@pytest.mark.parametrize("seed", range(6))
def test_pages_of_pasted_quotes_give_the_same_rows_and_forget_shingles(
    seed: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    text = _quoting_page(seed, 300)
    forgotten = Forgotten(monkeypatch)
    whole, looked_ahead = _both_ways(text, monkeypatch)
    assert looked_ahead == whole
    assert whole is not None
    quoted = [row for row in whole.comments if row[14]]  # has_quote
    assert len(quoted) > 30  # the page is full of quotes, found both ways
    assert forgotten.count > 1000  # and the lookahead did let the index forget


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(page() | layout_page())
def test_generated_pages_give_the_same_rows_with_the_lookahead(text: str) -> None:
    with pytest.MonkeyPatch.context() as monkeypatch:
        whole, looked_ahead = _both_ways(text, monkeypatch)
    assert looked_ahead == whole


def _paragraphs(draw: st.DrawFn) -> list[list[str]]:
    """Paragraphs of few words, many of them repeating (part of) an earlier one."""
    paragraphs: list[list[str]] = []
    for _ in range(draw(st.integers(0, 25))):
        words = draw(st.lists(st.sampled_from(VOCABULARY), max_size=12))
        if paragraphs and draw(st.booleans()):
            earlier = draw(st.sampled_from(paragraphs))
            cut = draw(st.integers(0, len(earlier)))
            words = earlier[cut:] + words[: draw(st.integers(0, 2))]
        paragraphs.append(words)
    return paragraphs


@st.composite
def index_runs(draw: st.DrawFn) -> tuple[list[list[str]], list[int], list[bool], int]:
    """Paragraphs of few words (so shingles repeat), the order they are let go in (mostly page
    order), which are pasted quotes (never looked up) and how many slots (few: they collide)."""
    paragraphs = _paragraphs(draw)
    order = list(range(len(paragraphs)))
    for _ in range(draw(st.integers(0, 3))):  # a few let go out of page order
        if len(order) > 1:
            i = draw(st.integers(0, len(order) - 2))
            order[i], order[i + 1] = order[i + 1], order[i]
    pasted = draw(st.lists(st.booleans(), min_size=len(paragraphs), max_size=len(paragraphs)))
    slots = draw(st.sampled_from([1, 2, 16, 1024]))
    return paragraphs, order, pasted, slots


def _matches(run: tuple[list[list[str]], list[int], list[bool], int], ahead: bool) -> Iterator[str]:
    """Look every paragraph up (pasted ones are let go instead), then add it as a source."""
    paragraphs, order, pasted, slots = run
    index = QuoteIndex()
    hashed = [shingles(quote_words(" ".join(words))) for words in paragraphs]
    if ahead:
        index.lookahead = Lookahead(slots, 2 * len(paragraphs) + 1)
        for number, shingled in enumerate(hashed):
            index.lookahead.expect(2 * number, shingled)
    index.add("post", "ann bob cat dog egg fig ann bob")
    for number in order:
        if pasted[number]:
            index.passed(2 * number)
            yield "pasted"
            continue
        match = index.match_shingles(hashed[number], len(paragraphs[number]))
        index.passed(2 * number)
        index.passed(2 * number)  # letting go twice changes nothing
        yield "none" if match is None else f"{match.source} {match.coverage:.6f}"
        index.add_shingles(f"c{number}", hashed[number])


@settings(max_examples=400, deadline=None)
@given(index_runs())
def test_the_index_finds_the_same_with_the_lookahead(
    run: tuple[list[list[str]], list[int], list[bool], int],
) -> None:
    assert list(_matches(run, ahead=True)) == list(_matches(run, ahead=False))


def test_a_job_lets_its_bytes_go_and_parses_the_same(harbor_path: Path) -> None:
    data = harbor_path.read_bytes()
    job = PageJob(data, "harbor.txt")
    post, problems = parse_job(job)
    assert job.data == b""
    expected, expected_problems = parse_bytes(data, where="harbor.txt")
    assert post is not None and expected is not None
    assert post_rows(post) == post_rows(expected) and problems == expected_problems
