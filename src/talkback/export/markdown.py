"""A thread as Markdown, for notes and analysis: the same selection as the HTML page.

Commenters' text is escaped so that no Markdown renderer turns it into markup: every ASCII
character with a meaning inline (``*``, ``_``, ``[``, ``<``, ``&``, …) is backslash-escaped, block
markers at the start of a line (``#``, ``-``, ``1.``, ``>``) are too, and so is a ``#`` ending a
line (a heading's closing marks), and raw HTML cannot appear.
Only checked ``http``, ``https`` and ``mailto`` addresses become ``<autolinks>``. Control and bidi
characters are written as ``U+XXXX`` so the text reads as it is.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import datetime
from pathlib import PurePath

from talkback.core.model import Archive, Block, Comment
from talkback.core.text import plural
from talkback.export.selection import Entry, ThreadSelection, select_thread
from talkback.export.textmarkup import tokens
from talkback.export.views import human_date

_INLINE_SPECIAL = re.compile(r"([\\`*_\[\]<>|~&!{}])")
_LINE_START = re.compile(r"^(?:[#+=>-]|\d+(?=[.)]))")
_PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n\s*")


def escape_markdown(text: str) -> str:
    """One paragraph of user text as Markdown that renders as exactly that text."""
    out: list[str] = []
    for kind, piece in tokens(text):
        if kind == "url":
            out.append(f"<{piece}>")
        elif kind == "control":
            out.append(f"U+{ord(piece):04X}")
        else:
            out.append(_INLINE_SPECIAL.sub(r"\\\1", piece))
    lines = [_escape_line_start(line.lstrip(" \t")) for line in "".join(out).split("\n")]
    return "\\\n".join(lines)  # a backslash at the end of a line is a hard line break


def _escape_line_start(line: str) -> str:
    if line.endswith("#"):  # in a heading, " #" at the end would be taken for its closing marks
        line = line[:-1] + "\\#"
    match = _LINE_START.match(line)
    if match is None:
        return line
    if match.group()[0].isdigit():
        end = match.end()
        return f"{line[:end]}\\{line[end:]}"
    return "\\" + line


def code(text: str) -> str:
    """``text`` as an inline code span (for ids), fenced so that no backtick in it can end it."""
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    fence = "`" * (longest + 1)
    pad = " " if longest else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def paragraphs(text: str | None) -> list[str]:
    """The escaped paragraphs of a text (blank lines separate paragraphs)."""
    if not text or not text.strip():
        return []
    return [escape_markdown(p) for p in _PARAGRAPH_BREAK.split(text.strip("\n")) if p.strip()]


def render_thread_markdown(
    archive: Archive, node_id: str, *, exported_at: datetime | None = None
) -> str:
    """The Markdown document for a post or a comment's thread (raises UnknownNodeError)."""
    return "".join(markdown_pieces(archive, node_id, exported_at=exported_at))


def markdown_pieces(
    archive: Archive, node_id: str, *, exported_at: datetime | None = None
) -> Iterator[str]:
    """The document of :func:`render_thread_markdown` in pieces: the head, each comment, the
    foot, each ending in a newline. Raises UnknownNodeError at once, before any piece."""
    selection = select_thread(archive, node_id)
    return (
        "\n".join(lines) + "\n" for lines in _document(archive, selection, exported_at) if lines
    )


def _document(
    archive: Archive, selection: ThreadSelection, exported_at: datetime | None
) -> Iterator[list[str]]:
    """The document's lines in groups (joined by newlines, they are the document)."""
    post = selection.post
    focus = selection.focus
    moment = (exported_at or datetime.now().astimezone()).replace(microsecond=0)
    source = PurePath(archive.source).name or archive.source
    lines = [f"# {escape_markdown(post.title or '(untitled post)')}", ""]
    byline = [f"by **{escape_markdown(post.author)}**" if post.author else None]
    byline.append(escape_markdown(human_date(post.published)) if post.published else None)
    byline.append(f"{plural(len(post.comments), 'comment')} in all · post {code(post.id)}")
    if post.url and any(kind == "url" and piece == post.url for kind, piece in tokens(post.url)):
        byline.append(f"<{post.url}>")
    lines += [" · ".join(part for part in byline if part), ""]
    kind = "A comment thread" if focus is not None else "A post and its comments"
    when = human_date(moment.replace(tzinfo=None).isoformat())
    lines += [f"*{kind} from {escape_markdown(source)}, exported {when}.*", ""]
    body = paragraphs(post.text)
    if body:
        lines += ["## The post, for context" if focus is not None else "## The post", ""]
        for paragraph in body:
            lines += [paragraph, ""]
    if focus is not None:
        lines.append(f"## The thread of {escape_markdown(focus.author or 'unknown')}’s comment")
    else:
        lines.append("## Comments")
    lines.append("")
    yield lines
    for entry in selection.entries:
        yield _comment(entry)
    counts = selection.counts()
    yield [
        "---",
        "",
        f"{plural(counts.comments, 'comment')} shown ({counts.context:,} as context) · "
        f"{plural(counts.authors, 'author')} · {plural(counts.replies, 'reply', 'replies')} · "
        f"{plural(counts.quotes, 'quote')}",
    ]


def _comment(entry: Entry) -> list[str]:
    comment = entry.comment
    author = escape_markdown(comment.author or "unknown")
    facts = [escape_markdown(human_date(comment.published)) if comment.published else "no date"]
    facts.append(code(comment.id))
    if entry.depth:
        facts.append(f"depth {entry.depth}")
    if comment.parent is not None:
        facts.append(f"reply to {_who(comment.parent)} {code(comment.parent.id)}")
    if entry.role in ("context", "focus"):
        facts.append("**context**" if entry.role == "context" else "**selected**")
    if comment.kind != "comment":
        facts.append(comment.kind)
    if comment.status:
        facts.append(escape_markdown(comment.status))
    lines = [f"### {author}", "", " · ".join(facts), ""]
    for block in comment.blocks:
        lines += _quote(block) if block.is_quote else _text(block)
    return lines


def _text(block: Block) -> list[str]:
    lines: list[str] = []
    for paragraph in paragraphs(block.text):
        lines += [paragraph, ""]
    return lines


def _quote(block: Block) -> list[str]:
    quoted: list[str] = []
    for paragraph in paragraphs(block.text):
        quoted += [f"> {line}" for line in paragraph.split("\n")]
        quoted.append(">")
    if block.attribution or block.source:
        source = f" {code(block.source)}" if block.source else ""
        quoted.append(f"> — {escape_markdown(block.attribution or 'quoted')}{source}")
    elif quoted:
        quoted.pop()
    return [*quoted, ""] if quoted else []


def _who(comment: Comment) -> str:
    return escape_markdown(comment.author or "unknown")
