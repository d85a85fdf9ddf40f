"""Helpers for the export tests: a fixed export time, the hostile page, parsing like a browser."""

from __future__ import annotations

import random
from datetime import datetime, timedelta, timezone
from pathlib import Path
from xml.etree.ElementTree import Element

import html5lib

from talkback.core.model import Archive, Block, Comment, Post
from talkback.sources import load_archive

TESTS = Path(__file__).resolve().parent
HOSTILE = TESTS / "fixtures" / "export" / "hostile-comments.txt"
#: A fixed export time, so pages are reproducible.
EXPORTED_AT = datetime(2024, 5, 6, 7, 8, 9, tzinfo=timezone(timedelta(hours=2)))


def load(path: Path) -> Archive:
    """The archive of a fixture page."""
    return load_archive(path)


def parse_page(text: str) -> Element:
    """The page parsed by html5lib (the WHATWG algorithm browsers use), as an element tree."""
    document: Element = html5lib.parse(text, treebuilder="etree", namespaceHTMLElements=False)
    return document


def text_of(element: Element) -> str:
    """All the text inside an element, as a browser would show it (tags dropped)."""
    return "".join(element.itertext())


def by_id(document: Element) -> dict[str, Element]:
    """Every element with an id, by id."""
    return {element.get("id", ""): element for element in document.iter() if element.get("id")}


def comment_articles(document: Element) -> list[Element]:
    """The comment elements of a page, in page order."""
    return [
        element
        for element in document.iter("article")
        if "c" in (element.get("class") or "").split()
    ]


#: Text for generated threads: multi-byte letters, a bidi control, markup, a web address.
_PHRASES = [
    "The pier vote was close.",
    "Café crème at the harbour — naïve, but true.",
    "港口的渡轮 runs at nine 🚢.",
    '<b>bold</b> & "quoted" * not_markdown_ # [link](x)',
    "See https://example.org/pier?x=1&y=2 for the minutes.",
    "user \u202egnp.exe\u202c wrote",
    "Line one\nline two of the same paragraph.",
]


def generated_thread(comments: int, seed: int = 11) -> Archive:
    """One post with ``comments`` comments (seeded): replies to recent comments and one long
    chain, quotes of the parent (signature as attribution) and of the post, multi-byte and bidi
    text, markup and links, unknown authors, a pingback and a comment awaiting moderation."""
    rng = random.Random(seed)
    post = Post("p1", title="A generated thread — ünïcode 🚢", author="Editor")
    post.published = "2011-10-14T21:05:00"
    post.url = "https://example.org/post/1"
    post.text = "\n\n".join(rng.choice(_PHRASES) for _ in range(4))
    post.hidden = {"spam": 3}
    chain = range(comments // 3, comments // 3 + min(200, comments // 4))
    for number in range(1, comments + 1):
        parent: Comment | None = None
        if number - 1 in chain:
            parent = post.comments[-1]
        elif number > 1 and rng.random() < 0.7:
            parent = post.comments[max(0, number - 2 - int(rng.expovariate(1 / 20)))]
        blocks: list[Block] = []
        if parent is not None and rng.random() < 0.4:
            blocks.append(Block("quote", parent.first_line(80), parent.id, parent.signature))
        elif rng.random() < 0.05:
            blocks.append(Block("quote", post.text.split("\n\n")[0], post.id, None))
        paragraphs = [" ".join(rng.choices(_PHRASES, k=rng.randint(1, 4))) for _ in range(2)]
        blocks.append(Block("text", "\n\n".join(paragraphs)))
        author = None if number % 97 == 0 else f"Reader {rng.randint(1, 300)} ñ"
        comment = Comment(
            f"p1-c{number}",
            author,
            f"2011-10-{15 + number // 1440 % 14:02d}T{number // 60 % 24:02d}:{number % 60:02d}:00",
            blocks,
            parent_id=None if parent is None else parent.id,
        )
        comment.signature = f"{author} on October 15, 2011 at {number % 12 + 1}:00 PM"
        if number % 501 == 0:
            comment.status = "unapproved"
        if number % 777 == 0:
            comment.kind = "pingback"
        post.comments.append(comment)
    post.link()
    archive = Archive("generated-thread.txt")
    archive.add_post(post)
    return archive
