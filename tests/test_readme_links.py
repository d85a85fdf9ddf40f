"""The README's links to its own sections lead somewhere (GitHub's anchors for its headings)."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

README = Path(__file__).resolve().parent.parent / "README.md"


def anchors(markdown: str) -> set[str]:
    """The anchors GitHub gives the headings: lower case, punctuation dropped but ``-`` and
    ``_``, spaces as ``-``, a repeated one numbered (``-1``, ``-2``)."""
    found: set[str] = set()
    seen: Counter[str] = Counter()
    in_code = False
    for line in markdown.splitlines():
        if line.startswith("```"):
            in_code = not in_code
        heading = re.match(r"#{1,6} (.+)", line)
        if in_code or heading is None:
            continue
        slug = re.sub(r"[^\w\- ]", "", heading[1].strip().lower()).replace(" ", "-")
        found.add(f"{slug}-{seen[slug]}" if seen[slug] else slug)
        seen[slug] += 1
    return found


def test_every_link_to_a_section_finds_it() -> None:
    text = README.read_text(encoding="utf-8")
    links = re.findall(r"\]\(#([^)]+)\)", text)
    assert len(links) > 16  # the contents at least
    assert sorted(set(links) - anchors(text)) == []


def test_the_contents_name_every_section() -> None:
    text = README.read_text(encoding="utf-8")
    contents = text.split("**Contents:**", 1)[1].split("\n\n", 1)[0]
    sections = re.findall(r"^## (.+)$", text, re.MULTILINE)
    linked = re.findall(r"\]\(#([^)]+)\)", contents)
    assert len(linked) == len(sections)
    assert set(linked) <= anchors(text)
