"""Cutting the comment area of a page into frames: a head mark, the body, a tail mark.

The cut is the same for every layout. Walking the marks in page order, a head mark opens a frame
and a tail mark closes one; the paragraphs between two marks are the body of the frame they belong
to. So a signature-after page gives frames ``(None, body, tail)``, a WordPress page
``(head, body, None)`` and a Blogger page ``(head, body, tail)``. Whether a frame is a comment of
its own or a quote pasted into a neighbour is decided later (:mod:`talkback.core.comments`).

While cutting, the layout's own furniture inside comments (a ``Reply`` link line) and a lone
avatar initial right above a mark are set aside as boilerplate, in page order.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from talkback.core.furniture import is_avatar_initial
from talkback.core.marks import Mark


@dataclass(slots=True)
class Paragraph:
    """A run of non-blank lines: the index of the first and the stripped lines."""

    start: int
    lines: list[str]

    @property
    def text(self) -> str:
        """The paragraph's lines joined by newlines."""
        return "\n".join(self.lines)

    @property
    def last(self) -> int:
        """The index of the paragraph's last line."""
        return self.start + len(self.lines) - 1


@dataclass(slots=True)
class Frame:
    """One stretch of the comment area: an optional head mark, body paragraphs, an optional tail."""

    head: Mark | None
    body: list[Paragraph]
    tail: Mark | None

    @property
    def author(self) -> str | None:
        """The name the frame's marks give (the head's first)."""
        for mark in (self.head, self.tail):
            if mark is not None and mark.author:
                return mark.author
        return None

    @property
    def published(self) -> str | None:
        """The time the frame's marks give (the tail's first: Blogger prints it after the body)."""
        for mark in (self.tail, self.head):
            if mark is not None and mark.published:
                return mark.published
        return None

    @property
    def key(self) -> tuple[str, str | None] | None:
        """What identifies the comment the frame signs (folded name and time); None if unsigned."""
        # author and published, spelt out: every frame is asked
        head, tail = self.head, self.tail
        if head is not None and head.author:
            author = head.author
        elif tail is not None and tail.author:
            author = tail.author
        else:
            return None
        if tail is not None and tail.published:
            return author.casefold(), tail.published
        return author.casefold(), head.published if head is not None and head.published else None

    @property
    def raw(self) -> str:
        """The frame's mark lines as printed (head then tail), newline-separated."""
        return "\n".join(mark.raw for mark in (self.head, self.tail) if mark is not None)


class Cutter:
    """Reads paragraphs out of a page's lines, setting a layout's furniture lines aside."""

    def __init__(
        self, lines: list[str], is_furniture: Callable[[str], bool], boilerplate: list[str]
    ) -> None:
        self.lines = lines
        self.is_furniture = is_furniture
        self.boilerplate = boilerplate

    def paragraphs(self, start: int, end: int, *, furniture: bool = True) -> list[Paragraph]:
        """The paragraphs between line ``start`` and ``end``.

        With ``furniture``, a line that is the layout's furniture ends the paragraph and goes to
        the boilerplate.
        """
        found: list[Paragraph] = []
        current: Paragraph | None = None
        for index in range(start, end):
            line = self.lines[index]
            if not line:
                current = None
            elif furniture and self.is_furniture(line):
                self.boilerplate.append(line)
                current = None
            elif current is None:
                current = Paragraph(index, [line])
                found.append(current)
            else:
                current.lines.append(line)
        return found

    def before_mark(self, start: int, mark: Mark) -> list[Paragraph]:
        """The paragraphs from ``start`` up to ``mark``, without an avatar initial just above it."""
        found = self.paragraphs(start, mark.first)
        if found and is_avatar_initial(found[-1].lines[-1], mark.author):
            self.boilerplate.append(found[-1].lines.pop())
            if not found[-1].lines:
                found.pop()
        return found

    def frames(
        self, marks: list[Mark], start: int, end: int
    ) -> tuple[list[Frame], list[Paragraph]]:
        """Cut lines ``start``..``end`` into frames; also gives the unsigned paragraphs after the
        last tail mark (none when the last mark is a head, whose body runs to ``end``)."""
        frames: list[Frame] = []
        open_head: Mark | None = None
        cursor = start
        for mark in marks:
            body = self.before_mark(cursor, mark)
            cursor = mark.last + 1
            if mark.role == "tail":
                frames.append(Frame(open_head, body, mark))
                open_head = None
                continue
            if open_head is not None:
                frames.append(Frame(open_head, body, None))
            elif frames:
                # Stray text between a closed frame and the next head: the closed frame's.
                frames[-1].body.extend(body)
            elif body:
                # Text before the first head mark: a comment nobody signed.
                frames.append(Frame(None, body, None))
            open_head = mark
        rest = self.paragraphs(cursor, end)
        if open_head is not None:
            frames.append(Frame(open_head, rest, None))
            rest = []
        return frames, rest
