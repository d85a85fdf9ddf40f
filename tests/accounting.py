"""The contract's nothing-lost rule as a check: every non-blank line accounted for exactly once."""

from __future__ import annotations

from collections import Counter
from typing import Any

from talkback.core.text import split_lines


def page_lines(text: str) -> Counter[str]:
    """The page's non-blank lines, stripped, counted."""
    return Counter(line.strip() for line in split_lines(text) if line.strip())


def accounted_lines(post: dict[str, Any]) -> Counter[str]:
    """Every line the JSON of one post accounts for, counted."""
    found: Counter[str] = Counter()

    def add_text(text: str | None) -> None:
        for line in (text or "").split("\n"):
            if line.strip():
                found[line.strip()] += 1

    add_text(post["title"])
    add_text(post.get("byline"))
    add_text(post["text"])
    for entry in post["boilerplate"]:
        add_text(entry)
    for comment in post["comments"]:
        add_text(comment.get("signature"))
        add_text(comment["text"])
        for block in comment["blocks"]:
            add_text(block["attribution"])
    return found


def assert_nothing_lost(text: str, document: dict[str, Any]) -> None:
    """Assert the rule for a one-page document (a skipped page is accounted for by its problem)."""
    expected = page_lines(text)
    if not document["posts"]:
        assert not expected or document["problems"], "a skipped page must say so in problems"
        return
    assert len(document["posts"]) == 1
    got = accounted_lines(document["posts"][0])
    missing = expected - got
    extra = got - expected
    assert not missing and not extra, f"lost: {list(missing)[:5]} invented: {list(extra)[:5]}"
