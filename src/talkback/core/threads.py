"""Replies shown by indentation: a comment set deeper than the one before it answers it.

Many pages print threaded comments as nested levels of leading spaces or tabs. Whatever the
layout, a comment's indentation is the smallest indentation of its non-blank lines, marks
included, so that one indented line inside a body (a poem, a pasted list) does not move the
comment. When a page's comments sit at two or more depths, each comment replies to the nearest
comment before it that sits shallower; a comment at the shallowest depth keeps the parent its
quotes give it. One stack, one pass: linear in the number of comments.
"""

from __future__ import annotations

from talkback.core.model import Post

#: columns a tab stands for when a page mixes tabs and spaces
TAB_WIDTH = 8


def indentation(raw_line: str) -> int:
    """The width of a line's leading whitespace, tabs expanded."""
    expanded = raw_line.expandtabs(TAB_WIDTH)
    return len(expanded) - len(expanded.lstrip())


def comment_depths(raw_lines: list[str], spans: list[tuple[int, int]]) -> list[int]:
    """Each comment's indentation: the least of its non-blank lines between its first and last."""
    depths: list[int] = []
    for first, last in spans:
        widths = [indentation(line) for line in raw_lines[first : last + 1] if line.strip()]
        depths.append(min(widths, default=0))
    return depths


def indentation_parents(depths: list[int]) -> list[int | None] | None:
    """For each comment, the position of the comment it answers by indentation (None: top level).

    None as a whole when the page does not thread by indentation (all comments at one depth).
    """
    if len(set(depths)) < 2:
        return None
    parents: list[int | None] = []
    stack: list[int] = []
    for position, depth in enumerate(depths):
        while stack and depths[stack[-1]] >= depth:
            stack.pop()
        parents.append(stack[-1] if stack else None)
        stack.append(position)
    return parents


def thread_by_indentation(post: Post, raw_lines: list[str], spans: list[tuple[int, int]]) -> bool:
    """Set ``parent_id`` of indented comments from the page's nesting; whether it did anything.

    ``spans`` lists each comment's first and last line, in the order of ``post.comments``.
    """
    parents = indentation_parents(comment_depths(raw_lines, spans))
    if parents is None:
        return False
    for comment, parent in zip(post.comments, parents, strict=True):
        if parent is not None:
            comment.parent_id = post.comments[parent].id
    return True
