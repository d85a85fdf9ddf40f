"""How posts and comments read in the window: labels, short dates, counts, clipboard text.

Plain functions over the core model (no Qt), shared by the tree model, the detail panel and the
status bar, so that a comment is named and dated the same way everywhere. They take ``plural``
and ``labelled`` from here too (``labelled``: a bidi override in a row's text must not make it
read as something else).
"""

from __future__ import annotations

import re
from html import escape

from talkback.core.dates import clock, human, parse_iso
from talkback.core.model import Comment, Post
from talkback.core.text import plural as plural
from talkback.export.textmarkup import labelled as labelled
from talkback.index.browse import IndexedPost

UNKNOWN_AUTHOR = "(unknown)"
UNTITLED = "(untitled)"

Node = Post | Comment


def short_date(iso: str | None, gap: str = "  ") -> str:
    """A compact date for a tree column: ``Oct 14, 2011  9:20 PM``, or the date alone."""
    parsed = parse_iso(iso)
    if parsed is None:
        return iso or ""
    day = f"{parsed:%b} {parsed.day}, {parsed.year}"
    if iso is not None and "T" not in iso:
        return day
    return f"{day}{gap}{clock(parsed)}"


def compact_date(iso: str | None) -> str:
    """A date as search takes it, for a narrow tree column: ``2011-10-14 21:20``, or the date
    alone (``2011-10-14``)."""
    parsed = parse_iso(iso)
    if parsed is None:
        return iso or ""
    if iso is not None and "T" not in iso:
        return f"{parsed:%Y-%m-%d}"
    return f"{parsed:%Y-%m-%d %H:%M}"


def full_date(iso: str | None) -> str:
    """The full human date (``October 14, 2011 at 9:20 PM``), or "no date"."""
    return human(iso) if iso else "no date"


def author_name(node: Node) -> str:
    """The author of a post or comment, or ``(unknown)``."""
    return node.author or UNKNOWN_AUTHOR


def post_title(post: Post) -> str:
    """The post's title, or ``(untitled)``."""
    return post.title or UNTITLED


def node_label(node: Node, limit: int = 160) -> str:
    """What the tree's first column shows: a post's title, a comment's first words."""
    if isinstance(node, Post):
        return post_title(node)
    label = node.first_line(limit)
    if node.kind != "comment":
        label = f"[{node.kind}] {label}"
    return label or "(no text)"


def reply_count(node: Node) -> int:
    """Direct replies of a comment; every comment of a post (read from its index or not)."""
    if type(node) is IndexedPost:
        return node.comment_total
    return len(node.comments) if isinstance(node, Post) else len(node.children)


def thread_size(comment: Comment) -> int:
    """How many comments are below this one in its thread (replies, replies to them, …)."""
    total = 0
    stack = list(comment.children)
    while stack:
        node = stack.pop()
        total += 1
        stack.extend(node.children)
    return total


def node_kind_name(node: Node) -> str:
    """``post``, ``comment``, ``pingback`` or ``trackback``."""
    return "post" if isinstance(node, Post) else node.kind


def describe(node: Node) -> str:
    """One line naming a node for the status bar and tooltips: ``Walt Haskins, Oct 14, 2011 …``
    (controls and bidi characters labelled)."""
    if isinstance(node, Post):
        return labelled(f"{post_title(node)} — {author_name(node)}")
    when = short_date(node.published)
    return labelled(f"{author_name(node)}, {when}" if when else author_name(node))


def clipboard_text(node: Node) -> str:
    """What Ctrl+C copies for a selected node: its author and date, then its whole text."""
    if isinstance(node, Post):
        title = f"{post_title(node)}\nby {author_name(node)}, {full_date(node.published)}"
        return f"{title}\n\n{node.text}"
    head = f"{author_name(node)}, {full_date(node.published)}"
    parts: list[str] = []
    for block in node.blocks:
        if block.is_quote:
            quoted = "\n".join(f"> {line}" if line else ">" for line in block.text.split("\n"))
            if block.attribution:
                quoted += f"\n> — {block.attribution}"
            parts.append(quoted)
        elif block.text:
            parts.append(block.text)
    return head + "\n\n" + "\n\n".join(parts)


def plain_tooltip(text: str) -> str:
    """``text`` (from a dump, or a file's name) as a tooltip that shows it as written.

    Qt takes a tooltip for rich text when its first line holds something like a tag: an author
    named ``<img src="/dev/zero">`` was drawn as that file, read from disk until memory ran out.
    Such a text is given escaped, as rich text that says it; any other is plain text already.
    """
    first = text.split("\n", 1)[0]
    if "<" not in first and "&lt;" not in first:  # what Qt looks for
        return text
    lines = "<br>".join(escape(line) for line in text.split("\n"))
    return f'<p style="white-space: pre-wrap">{lines}</p>'


#: the longest run of characters without a space that a wrapped label is given whole
UNBROKEN_RUN = 12


def breakable(text: str, longest: int = UNBROKEN_RUN) -> str:
    """``text`` with invisible ways to break it (U+200B) in each run of more than ``longest``
    characters without a space: after the punctuation of an address (``/ . - _ ? & = :``), and
    every ``longest`` characters of what is still longer. A label wraps only between words: a
    title that is one long address would hold its page wider than the window."""

    def broken(run: str) -> str:
        pieces = re.split(r"(?<=[/.\-_?&=:])", run)
        return "\u200b".join(
            "\u200b".join(piece[at : at + longest] for at in range(0, len(piece), longest))
            for piece in pieces
            if piece
        )

    return re.sub(rf"\S{{{longest + 1},}}", lambda run: broken(run[0]), text)
