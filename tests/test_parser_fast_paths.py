"""The parser's fast paths give exactly what the plain ways of doing the same thing give.

Word folding, the learned template's line shapes, the quote index's bookkeeping and the learned
layout's early exit were each made cheaper for gigabyte dumps; each is checked here against a
straightforward reference written the slow way.
"""

from __future__ import annotations

import re
import unicodedata

from hypothesis import given, settings
from hypothesis import strategies as st

from talkback.core.comments import comment_depths, indentation_parents, thread_by_indentation
from talkback.core.dialects import DEFAULT_DIALECT, LAYOUTS, recognise
from talkback.core.frames import Frame
from talkback.core.learned import Learned, _skeleton
from talkback.core.marks import Mark, PageLines, Reading
from talkback.core.model import Comment, Post
from talkback.core.quotes import (
    MAX_OWNERS,
    MIN_COVERAGE,
    MIN_QUOTE_WORDS,
    SHINGLE,
    QuoteIndex,
    ShingleRun,
    shingles,
)
from talkback.core.signatures import _SENTENCE_ENDINGS, plausible_name
from talkback.core.text import _fold_word, fold, words

_WORD = re.compile(r"\w+")
_TOKEN = re.compile(r"(?P<word>\w+(?:['’.\-]\w+)*\.?)|[^\w\s]")

#: characters that make the fast paths branch: ASCII, curly quotes, dashes, accents, ligatures
_ALPHABET = st.sampled_from(
    list("abcXYZ019_ .,;:!?'\"-[]()\n\t") + list("’‘“”—–…«»é̀ßİﬁ½Ω\u00a0\u2028日")
)
_TEXT = st.text(_ALPHABET, max_size=60)


def _reference_words(text: str) -> list[str]:
    return [_fold_word(word) for word in _WORD.findall(text)]


@given(_TEXT)
@settings(max_examples=400)
def test_words_match_folding_word_by_word(text: str) -> None:
    assert words(text) == _reference_words(text)


@given(st.text(max_size=30) | st.text(st.characters(max_codepoint=127), max_size=30))
@settings(max_examples=400)
def test_fold_is_casefolding_and_dropping_accents(text: str) -> None:
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    assert fold(text) == "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def _reference_skeleton(text: str) -> str:
    parts: list[str] = []
    previous_word = False
    for token in _TOKEN.finditer(text):
        if token["word"] is None:
            parts.append(token[0])
            previous_word = False
        elif not previous_word:
            parts.append("w")
            previous_word = True
    return " ".join(parts)


@given(_TEXT)
@settings(max_examples=400)
def test_line_shapes_match_the_token_by_token_shape(text: str) -> None:
    assert _skeleton(text) == _reference_skeleton(text)


def _reference_owners(texts: list[tuple[str, str]]) -> dict[int, object]:
    owners: dict[int, int | tuple[int, ...]] = {}
    sources: list[str] = []
    for source_id, text in texts:
        hashed = shingles(words(text))
        if not hashed:
            continue
        if not sources or sources[-1] != source_id:
            sources.append(source_id)
        number = len(sources) - 1
        for shingle in hashed:
            known = owners.setdefault(shingle, number)
            if known == number:
                continue
            if isinstance(known, int):
                owners[shingle] = (known, number)
            elif number not in known and len(known) < MAX_OWNERS:
                owners[shingle] = (*known, number)
    return dict(owners)


@given(
    st.lists(
        st.tuples(
            st.sampled_from(["p1", "c1", "c2", "c3", "c4", "c5", "c6"]),
            st.lists(st.sampled_from(["a", "b", "c", "d"]), max_size=14).map(" ".join),
        ),
        max_size=12,
    )
)
@settings(max_examples=300)
def test_quote_index_keeps_the_same_owners(texts: list[tuple[str, str]]) -> None:
    index = QuoteIndex()
    for source_id, text in texts:
        index.add(source_id, text)
    assert index._owners == _reference_owners(texts)


def _reference_match(index: QuoteIndex, paragraph: str) -> tuple[str, float] | None:
    """The best-covering source of ``paragraph``, counting each source's covered words."""
    folded = words(paragraph)
    if len(folded) < MIN_QUOTE_WORDS:
        return None
    covered: dict[int, set[int]] = {}
    for position, shingle in enumerate(shingles(folded)):
        known = index._owners.get(shingle)
        for number in () if known is None else (known,) if isinstance(known, int) else known:
            covered.setdefault(number, set()).update(range(position, position + SHINGLE))
    ranked = sorted(((len(found), -number) for number, found in covered.items()), reverse=True)
    if not ranked or ranked[0][0] < MIN_COVERAGE * len(folded) or ranked[0][0] < MIN_QUOTE_WORDS:
        return None
    return index._sources[-ranked[0][1]], ranked[0][0] / len(folded)


_FEW_WORDS = st.lists(st.sampled_from(["a", "b", "c"]), max_size=12).map(" ".join)


@given(st.lists(_FEW_WORDS, min_size=1, max_size=5), st.lists(_FEW_WORDS, max_size=8))
@settings(max_examples=300)
def test_quote_matches_are_the_best_covering_source(
    sources: list[str], paragraphs: list[str]
) -> None:
    index = QuoteIndex()
    for number, text in enumerate(sources):
        index.add(f"c{number}", text)
    for paragraph in [*sources, *paragraphs]:
        match = index.match(paragraph)
        found = None if match is None else (match.source, match.coverage)
        assert found == _reference_match(index, paragraph)


@given(st.lists(st.lists(st.sampled_from(["a", "b", "c", "d", "e"]), max_size=7), max_size=6))
@settings(max_examples=300)
def test_shingles_run_a_paragraph_at_a_time_match_those_of_all_words(
    paragraphs: list[list[str]],
) -> None:
    run = ShingleRun()
    for folded in paragraphs:
        run.extend(folded, shingles(folded))
    assert run.hashed == shingles([word for folded in paragraphs for word in folded])


_PARAGRAPHS = st.lists(st.lists(st.sampled_from(["a", "b", "c", "d"]), max_size=8), max_size=4)


@given(st.lists(_PARAGRAPHS, max_size=8))
@settings(max_examples=300)
def test_shingles_known_new_are_not_looked_up_again(comments: list[list[list[str]]]) -> None:
    """A comment's paragraphs found to share no shingle with the index (as the parser looks
    them up) skip that look-up when the comment is made quotable: the index is the same."""
    plain, skipping = QuoteIndex(), QuoteIndex()
    for number, paragraphs in enumerate(comments):
        run = ShingleRun()
        for folded in paragraphs:
            hashed = shingles(folded)
            run.extend(folded, hashed, new=bool(hashed) and not skipping.knows_any(hashed))
        skipping.add_shingles(f"c{number}", run.hashed, run.unchecked)
        plain.add_shingles(f"c{number}", shingles([w for folded in paragraphs for w in folded]))
        assert skipping._owners == plain._owners
        assert skipping._sources == plain._sources


_TEMPLATE_PAGE = [
    "A post about the harbor.",
    "",
    "I agree with the council.",
    "— Ana María, 31.03.2008 13:07",
    "",
    "The float is too small.",
    "— Sam Pettigrew, 31.03.2008 14:10",
    "",
    "Two boats at most.",
    "— Ana María, 01.04.2008 09:12",
]


def test_learned_reading_is_only_worked_out_when_it_can_win() -> None:
    page = PageLines(_TEMPLATE_PAGE, 2)
    full = Learned().read(page)
    assert full.score == 3
    assert Learned().read(page, to_beat=2).score == 3
    assert [mark.author for mark in Learned().read(page, to_beat=2).marks] == [
        mark.author for mark in full.marks
    ]
    assert Learned().read(page, to_beat=3).score == 0  # a tie is lost anyway


#: lines that are marks of one layout or another (or of several), prose and furniture
_PAGE_LINES = st.sampled_from(
    [
        "",
        "",
        "I agree with the council about the float.",
        "Ana on March 31, 2008 at 12:35 PM",
        "Posted by Sam on March 31, 2008 at 1:07 PM",
        "by Kit Up on April 2, 2008 at 9:00 AM.",
        "Posted by: Ana | March 31, 2008 at 12:27 PM",
        "Sam says:",
        "March 31, 2008 at 12:27 pm",
        "Kit said...",
        "3/31/2008 12:27 PM",
        "— Ana María, 31.03.2008 13:07",
        "— Sam Pettigrew, 01.04.2008 09:12",
        "Ana on January 2, 2001 at 12:35 PM",
        "Reply",
        "Delete",
        "A",
    ]
)


def _reference_recognise(page: PageLines) -> Reading:
    """Every layout reads the page in full; the best wins, ties to the more specific, then to
    the first listed; a page no layout finds a comment on is signature-after's."""
    readings = [layout.read(page) for layout in LAYOUTS]
    best = max(readings, key=lambda r: (r.score, r.dialect.specificity))
    if best.score > 0:
        return best
    return next(reading for reading in readings if reading.dialect.name == DEFAULT_DIALECT)


@given(st.lists(_PAGE_LINES, max_size=40), st.sampled_from([None, "March 31, 2008"]))
@settings(max_examples=400)
def test_recognising_a_layout_is_reading_every_layout_in_full(
    lines: list[str], posted: str | None
) -> None:
    found = recognise(PageLines(lines, 0, posted))
    expected = _reference_recognise(PageLines(lines, 0, posted))
    assert found.dialect is expected.dialect
    assert (found.score, found.dayfirst, found.marks) == (
        expected.score,
        expected.dayfirst,
        expected.marks,
    )


@given(st.lists(_PAGE_LINES, max_size=40))
@settings(max_examples=300)
def test_a_layout_s_scan_bound_caps_what_its_scan_finds(lines: list[str]) -> None:
    """recognise() leaves a layout unscanned when its scan_bound cannot win: the bound must
    never be below what a scan would find."""
    for layout in LAYOUTS:
        page = PageLines(lines, 0)
        assert layout.scan_bound(page) >= layout.score_bound(layout.scan(page))


def _reference_thread(post: Post, raw_lines: list[str], spans: list[tuple[int, int]]) -> bool:
    """thread_by_indentation with its first test written as a pattern."""
    if not any(re.match(r"\s", line) for line in raw_lines):
        return False
    parents = indentation_parents(comment_depths(raw_lines, spans))
    if parents is None:
        return False
    for comment, parent in zip(post.comments, parents, strict=True):
        if parent is not None:
            comment.parent_id = post.comments[parent].id
    return True


_INDENTED = st.lists(
    st.text(st.sampled_from([" ", "\t", "\u00a0", "\u2003", "\x1c", "\x85", "a", "b"]), max_size=4),
    max_size=8,
)


@given(_INDENTED)
@settings(max_examples=300)
def test_indentation_is_seen_whatever_the_whitespace(raw_lines: list[str]) -> None:
    def post() -> Post:
        made = Post("p1")
        made.comments = [Comment(f"p1-c{n}", None, None) for n in range(len(raw_lines))]
        return made

    spans = [(n, n) for n in range(len(raw_lines))]
    found, expected = post(), post()
    assert thread_by_indentation(found, raw_lines, spans) == _reference_thread(
        expected, raw_lines, spans
    )
    assert [c.parent_id for c in found.comments] == [c.parent_id for c in expected.comments]


_SENTENCE_ENDINGS_SAMPLE = ["was", "Was", "born", "the", "Up", "x", "vote.", "it's"]


def _reference_plausible_name(name: str) -> bool:
    if not name or len(name) > 60:
        return False
    name_words = name.split()
    if not name_words or len(name_words) > 6:
        return False
    if name[-1] in ",;:" or name.count(". ") > 1:
        return False
    last_word = name_words[-1]
    last = re.sub(r"\W+", "", last_word.casefold())
    if len(name_words) > 1 and last in _SENTENCE_ENDINGS and not last_word[:1].isupper():
        return False
    return any(ch.isalnum() for ch in name)


@given(
    st.lists(
        st.sampled_from(_SENTENCE_ENDINGS_SAMPLE) | st.text(_ALPHABET, max_size=6), max_size=8
    ).map(" ".join)
)
@settings(max_examples=400)
def test_plausible_names_are_judged_as_before(name: str) -> None:
    assert plausible_name.__wrapped__(name) == _reference_plausible_name(name)


_MARKS = st.none() | st.builds(
    Mark,
    st.just(0),
    st.just(0),
    st.sampled_from(["head", "tail"]),
    st.just("raw"),
    st.sampled_from([None, "", "Ana", "Sam"]),
    st.just(None),
    st.sampled_from([None, "", "2008-03-31", "2008-04-01"]),
)


@given(_MARKS, _MARKS)
def test_a_frame_s_key_is_its_folded_author_and_its_time(
    head: Mark | None, tail: Mark | None
) -> None:
    frame = Frame(head, [], tail)
    expected = None if frame.author is None else (frame.author.casefold(), frame.published)
    assert frame.key == expected
