"""Quote recognition: whole paragraphs, fragments, insertions, and what is not a quote."""

from __future__ import annotations

from talkback.core.quotes import QuoteIndex, matches_text

POST = (
    "The council agreed to let commercial boats load at the south float until the inspection "
    "is done. A final decision is expected in January, after the state grant deadline has passed."
)


def _index() -> QuoteIndex:
    index = QuoteIndex()
    index.add("p1", POST)
    index.add("c1", "Nobody asked the boat crews before the vote, and the float takes two boats.")
    return index


def test_whole_and_fragment() -> None:
    index = _index()
    match = index.match("A final decision is expected in January")
    assert match is not None and match.source == "p1"
    assert index.match("Nobody asked the boat crews before the vote").source == "c1"  # type: ignore[union-attr]


def test_ellipsis_brackets_case_and_curly_quotes() -> None:
    index = _index()
    match = index.match("…the [Harbor Town] council agreed to let COMMERCIAL boats load…")
    assert match is not None and match.source == "p1"


def test_own_words_and_short_echoes_are_not_quotes() -> None:
    index = _index()
    assert index.match("I think the council should have asked the crews first.") is None
    assert index.match("The council agreed.") is None  # too short to tell
    assert index.match("") is None


def test_a_paragraph_mostly_new_is_not_a_quote() -> None:
    index = _index()
    assert (
        index.match(
            "A final decision is expected in January, but I doubt it will "
            "happen before the summer tourists arrive on the island."
        )
        is None
    )


def test_earliest_source_wins_a_tie() -> None:
    index = QuoteIndex()
    index.add("p1", "the grant deadline decides the matter for all of us")
    index.add("c2", "the grant deadline decides the matter for all of us")
    match = index.match("the grant deadline decides the matter for all of us")
    assert match is not None and match.source == "p1"


def test_matches_text_for_short_comments() -> None:
    assert matches_text("Sad, but true.", "There will be no victory. Sad, but true.")
    assert not matches_text("Happy, and false.", "There will be no victory. Sad, but true.")
