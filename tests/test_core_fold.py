"""``fold`` (how search compares words and names) takes a shortcut for ASCII text: the same result
as decomposing and dropping the combining marks, for any text."""

from __future__ import annotations

import unicodedata

from hypothesis import given
from hypothesis import strategies as st

from talkback.core.text import fold


def folded_by_the_rule(text: str) -> str:
    """Case-folded, decomposed (NFKD), combining marks dropped: what ``fold`` promises."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


@given(st.text())
def test_fold_is_the_rule_for_any_text(text: str) -> None:
    assert fold(text) == folded_by_the_rule(text)


@given(st.text(alphabet=st.characters(max_codepoint=127)))
def test_fold_is_the_rule_for_ascii_text(text: str) -> None:
    assert fold(text) == folded_by_the_rule(text)


def test_fold_examples() -> None:
    assert fold("Après COFFEE") == "apres coffee"
    assert fold("Straße") == "strasse"
    assert fold("ﬁne Ⅻ") == "fine xii"
    assert fold("MIXED case, punctuation kept!") == "mixed case, punctuation kept!"
