"""Turning frames into comments: pasted quotes, quotes of the post, and who replies to whom.

This is the same for every layout. A frame whose marks repeat an earlier comment's name and time,
and whose text matches that comment, is not a comment of its own but a quote pasted (with its
attribution) into a neighbour: into the comment still open before it when the layout puts marks
before the body (WordPress, Blogger), otherwise into the comment that follows (signature-after).
Every other paragraph that repeats the post or an earlier comment is a quote found through the
shingle index, and a comment replies to the most recent comment it quotes (or to the post, when it
quotes only the post).

A frame with a head mark but no tail stays open until the next frame that is not a quote of it;
a frame with only a tail mark right after an open one completes it (Blogger prints the name before
the body and the time after it, and a pasted quote may stand in between).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from talkback.core.frames import Frame, Paragraph
from talkback.core.marks import Mark
from talkback.core.model import Block, Comment, Post, Problem
from talkback.core.quotes import QuoteIndex, matches_text

UNSIGNED = "has no signature of its own; kept as a comment by an unknown author"


@dataclass(slots=True)
class PendingQuote:
    """A pasted quote with its attribution, waiting for the comment that contains it."""

    paragraphs: list[Paragraph]
    attribution: str
    source: str
    #: the attribution's lines, for the comment's extent on the page
    first: int
    last: int


Item = Paragraph | PendingQuote


@dataclass(slots=True)
class OpenComment:
    """A comment being put together: its marks and what it holds so far."""

    head: Mark | None
    items: list[Item] = field(default_factory=list)
    tail: Mark | None = None


class CommentAssembler:
    """Makes the post's comments from frames, in page order, with quotes and parent links.

    ``spans`` keeps each comment's first and last line (marks included), for threading by
    indentation.
    """

    def __init__(self, post: Post, where: str, quotes: QuoteIndex) -> None:
        self.post = post
        self.where = where
        self.quotes = quotes
        self.problems: list[Problem] = []
        self.spans: list[tuple[int, int]] = []
        self.seen: dict[tuple[str, str | None], list[Comment]] = {}
        #: each comment's position in page order, by id
        self.orders: dict[str, int] = {}

    def assemble(self, frames: list[Frame], trailing: list[Paragraph], trailing_line: int) -> None:
        """Make comments of ``frames``; ``trailing`` is unsigned text after the last tail mark."""
        open_comment: OpenComment | None = None
        carry: list[Item] = []
        for frame in frames:
            quoted = self._attributed_quote(frame)
            if quoted is not None:
                (open_comment.items if open_comment is not None else carry).extend(quoted)
                continue
            if frame.head is None and frame.tail is not None and open_comment is not None:
                open_comment.items.extend(frame.body)
                open_comment.tail = frame.tail
                self._finish(open_comment)
                open_comment = None
                continue
            if open_comment is not None:
                self._finish(open_comment)
            current = OpenComment(frame.head, [*carry, *frame.body], frame.tail)
            carry = []
            open_comment = None
            if frame.tail is not None:
                self._finish(current)
            else:
                open_comment = current
        if open_comment is not None:
            self._finish(open_comment)
        unsigned = [*carry, *trailing]
        if unsigned:
            comment = self._finish(OpenComment(None, unsigned), fallback_line=trailing_line)
            self.problems.append(
                Problem(comment.where or self.where, f"text after the last signature {UNSIGNED}")
            )

    def _attributed_quote(self, frame: Frame) -> list[Item] | None:
        """The frame as a quote pasted with its attribution (with any text around it), or None.

        Marks after the body (a tail without a head) follow the quote, so the quote is the end of
        the body; marks before it lead the quote, so it is the start.
        """
        key = frame.key
        if key is None:
            return None
        body = frame.body
        quote_first = frame.head is None
        for earlier in self.seen.get(key, []):
            count = 0
            ordered = reversed(body) if quote_first else iter(body)
            for paragraph in ordered:
                if not matches_text(paragraph.text, earlier.text):
                    break
                count += 1
            if count == 0:
                continue
            marks = [mark for mark in (frame.head, frame.tail) if mark is not None]
            if quote_first:
                own, quoted, rest = body[: len(body) - count], body[len(body) - count :], []
            else:
                own, quoted, rest = [], body[:count], body[count:]
            pending = PendingQuote(quoted, frame.raw, earlier.id, marks[0].first, marks[-1].last)
            return [*own, pending, *rest]
        return None

    def _finish(self, comment: OpenComment, *, fallback_line: int = 0) -> Comment:
        head, items, tail = comment.head, comment.items, comment.tail
        marks = [mark for mark in (head, tail) if mark is not None]
        author = next((mark.author for mark in marks if mark.author), None)
        published = next((mark.published for mark in reversed(marks) if mark.published), None)
        blocks: list[Block] = []
        for item in items:
            if isinstance(item, PendingQuote):
                text = "\n\n".join(paragraph.text for paragraph in item.paragraphs)
                blocks.append(Block("quote", text, item.source, item.attribution))
                continue
            match = self.quotes.match(item.text)
            if match is not None:
                _append(blocks, Block("quote", item.text, match.source))
            else:
                _append(blocks, Block("text", item.text))
        first, last = _extent(head, items, tail, fallback_line)
        made = Comment(
            id=f"{self.post.id}-c{len(self.post.comments) + 1}",
            author=author,
            published=published,
            blocks=blocks,
            signature="\n".join(mark.raw for mark in marks) or None,
            where=f"{self.where}:{first + 1}",
        )
        made.order = len(self.post.comments)
        self.orders[made.id] = made.order
        made.parent_id = self._replied_to(blocks)
        self.post.comments.append(made)
        self.spans.append((first, last))
        self.quotes.add(made.id, made.own_text)
        if author is not None:
            self.seen.setdefault((author.casefold(), published), []).append(made)
        return made

    def _replied_to(self, blocks: list[Block]) -> str | None:
        sources = {block.source for block in blocks if block.is_quote and block.source}
        quoted = [source for source in sources if source in self.orders]
        if quoted:
            return max(quoted, key=self.orders.__getitem__)
        return self.post.id if self.post.id in sources else None


def _append(blocks: list[Block], block: Block) -> None:
    """Add a block, merging it into the previous one when both are of one kind and source."""
    if blocks:
        last = blocks[-1]
        same = last.kind == block.kind and last.source == block.source
        if same and last.attribution is None and block.attribution is None:
            last.text = f"{last.text}\n\n{block.text}"
            return
    blocks.append(block)


def _extent(
    head: Mark | None, items: list[Item], tail: Mark | None, fallback: int
) -> tuple[int, int]:
    """The first and last line of a comment on the page, its marks included."""
    starts: list[int] = []
    ends: list[int] = []
    for mark in (head, tail):
        if mark is not None:
            starts.append(mark.first)
            ends.append(mark.last)
    for item in items:
        if isinstance(item, PendingQuote):
            starts.append(min(item.first, *(p.start for p in item.paragraphs)))
            ends.append(max(item.last, *(p.last for p in item.paragraphs)))
        else:
            starts.append(item.start)
            ends.append(item.last)
    if not starts:
        return fallback, fallback
    return min(starts), max(ends)
