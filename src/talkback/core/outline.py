"""A readable outline of an archive: each post, then its reply tree with author, time and words."""

from __future__ import annotations

from collections.abc import Iterator

from talkback.core.model import Archive, Comment, Post
from talkback.core.text import one_line

INDENT = "  "


def outline(archive: Archive, *, width: int = 100) -> Iterator[str]:
    """Lines of the outline that ``talkback parse`` prints without ``--json``."""
    for post in archive.posts:
        yield from _post_lines(post, width)
        yield ""
    if archive.problems:
        yield f"{len(archive.problems)} problem(s):"
        for problem in archive.problems:
            yield f"{INDENT}{problem}"


def _post_lines(post: Post, width: int) -> Iterator[str]:
    yield f"[{post.id}] {post.title or '(untitled)'}"
    facts = [f"by {post.author}" if post.author else None, _when(post.published)]
    facts.append(f"{len(post.comments)} comment{'s' if len(post.comments) != 1 else ''}")
    facts.append(f"layout: {post.dialect}" if post.dialect else None)
    yield INDENT + " · ".join(fact for fact in facts if fact)
    for comment in post.walk():
        yield _comment_line(comment, width)


def _comment_line(comment: Comment, width: int) -> str:
    depth = comment.depth
    prefix = INDENT * (depth + 1) + ("↳ " if depth else "")
    author = comment.author or "(unknown)"
    head = f"{prefix}[{comment.id}] {author}, {_when(comment.published) or 'no date'}"
    marks = []
    if comment.parent_id is not None and comment.parent_id == (
        comment.post.id if comment.post else None
    ):
        marks.append("quotes the post")
    if comment.kind != "comment":
        marks.append(comment.kind)
    if comment.status:
        marks.append(comment.status)
    if marks:
        head += f" ({', '.join(marks)})"
    room = max(20, width - len(head) - 3)
    return f"{head}: {one_line(comment.own_text or comment.text, room)}"


def _when(published: str | None) -> str | None:
    if not published:
        return None
    return published.replace("T", " ")[:16] if "T" in published else published
