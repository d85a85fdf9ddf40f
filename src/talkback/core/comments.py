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

Many pages print threaded comments as nested levels of leading spaces or tabs. Whatever the
layout, a comment's indentation is the smallest indentation of its non-blank lines, marks
included, so that one indented line inside a body (a poem, a pasted list) does not move the
comment. When a page's comments sit at two or more depths, each comment replies to the nearest
comment before it that sits shallower; a comment at the shallowest depth keeps the parent its
quotes give it. One stack, one pass: linear in the number of comments.

On a page whose paragraphs hold :data:`~talkback.core.quotes.LOOKAHEAD_CHARS` or more, every
paragraph is marked before the comments are made (:meth:`CommentAssembler.look_ahead`), so that
the shingle index keeps only what may still be looked up (see
:class:`~talkback.core.quotes.Lookahead`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from itertools import pairwise

from talkback.core.frames import Frame, Paragraph
from talkback.core.marks import Mark
from talkback.core.model import Block, Comment, Post, Problem
from talkback.core.quotes import (
    LOOKAHEAD_CHARS,
    MAX_QUOTE_CHARS,
    MIN_QUOTE_WORDS,
    QuoteIndex,
    ShingleRun,
    TextMatcher,
    looked_up,
    plan_lookahead,
    shingles,
)
from talkback.core.text import words

UNSIGNED = "has no signature of its own; kept as a comment by an unknown author"
#: how many earlier comments keep a ready matcher for attribution checks
MATCHER_CACHE = 256


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
        #: matchers of recently quoted comments (a popular comment is pasted again and again)
        self.matchers: dict[str, TextMatcher] = {}

    def look_ahead(self, frames: list[Frame], trailing: list[Paragraph], line_count: int) -> None:
        """On a big page, mark what every paragraph of ``frames`` and ``trailing`` (on a page of
        ``line_count`` lines) will look up, so that the shingle index keeps only what may still be
        looked up (see :class:`~talkback.core.quotes.Lookahead`). The comments come out the same.
        """
        paragraphs = [paragraph for frame in frames for paragraph in frame.body]
        paragraphs += trailing
        chars = sum(len(line) for paragraph in paragraphs for line in paragraph.lines)
        starts = [paragraph.start for paragraph in paragraphs]
        if chars < LOOKAHEAD_CHARS or any(a >= b for a, b in pairwise(starts)):
            return  # a small page, or (never seen) paragraphs out of page order
        lookups = ((paragraph.start, paragraph.text) for paragraph in paragraphs)
        self.quotes.lookahead = plan_lookahead(lookups, line_count, chars)

    def assemble(self, frames: list[Frame], trailing: list[Paragraph], trailing_line: int) -> None:
        """Make comments of ``frames``; ``trailing`` is unsigned text after the last tail mark.

        ``frames`` is emptied as it is read, so that a big page's paragraphs and marks are let go
        as their comments are made.
        """
        open_comment: OpenComment | None = None
        carry: list[Item] = []
        frames.reverse()
        while frames:
            frame = frames.pop()
            if frame.head is None and frame.tail is None:
                self._unsigned([*frame.body], "before the first signature", 0)
                continue
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
        self._unsigned([*carry, *trailing], "after the last signature", trailing_line)

    def _unsigned(self, items: list[Item], where: str, fallback_line: int) -> None:
        """Keep text nobody signed as a comment by an unknown author, and report it."""
        if items:
            comment = self._finish(OpenComment(None, items), fallback_line=fallback_line)
            self.problems.append(Problem(comment.where or self.where, f"text {where} {UNSIGNED}"))

    def _matcher(self, comment: Comment) -> TextMatcher:
        """The (cached) matcher of an earlier comment's text, for checking pasted quotes of it."""
        matcher = self.matchers.get(comment.id)
        if matcher is None:
            if len(self.matchers) >= MATCHER_CACHE:
                del self.matchers[next(iter(self.matchers))]
            matcher = self.matchers[comment.id] = TextMatcher(comment.text)
        return matcher

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
            matcher = self._matcher(earlier)
            for paragraph in ordered:
                if not matcher.matches(paragraph.text):
                    break
                count += 1
            if count == 0:
                continue
            marks = [mark for mark in (frame.head, frame.tail) if mark is not None]
            if quote_first:
                own, quoted, rest = body[: len(body) - count], body[len(body) - count :], []
            else:
                own, quoted, rest = [], body[:count], body[count:]
            for paragraph in quoted:  # a pasted quote is never looked up
                self.quotes.passed(paragraph.start)
            pending = PendingQuote(quoted, frame.raw, earlier.id, marks[0].first, marks[-1].last)
            return [*own, pending, *rest]
        return None

    def _finish(self, comment: OpenComment, *, fallback_line: int = 0) -> Comment:
        head, items, tail = comment.head, comment.items, comment.tail
        if head is None:
            marks = [] if tail is None else [tail]
        else:
            marks = [head] if tail is None else [head, tail]
        # the first name and the last time the marks give
        author = next(filter(None, [mark.author for mark in marks]), None)
        published = next(filter(None, [mark.published for mark in reversed(marks)]), None)
        quotes = self.quotes
        blocks: list[Block] = []
        sources: list[str] = []  # of the quotes
        # The commenter's own words, folded and hashed once both to look up quotes and to make
        # them quotable: the shingles of all own paragraphs together, from each one's.
        own = ShingleRun()
        own_chars = 0
        for item in items:
            if isinstance(item, PendingQuote):
                text = "\n\n".join(paragraph.text for paragraph in item.paragraphs)
                blocks.append(Block("quote", text, item.source, item.attribution))
                sources.append(item.source)
                continue
            text = "\n".join(item.lines)
            folded, hashed = looked_up(text)
            count = len(folded)
            # Most paragraphs (the commenters' own words) share no shingle with any source: then
            # they are no quote, and none of their shingles needs looking up again below.
            new = count >= MIN_QUOTE_WORDS and not quotes.knows_any(hashed)
            match = None if new else quotes.match_shingles(hashed, count)
            quotes.passed(item.start)
            if match is not None:
                _append(blocks, Block("quote", text, match.source))
                sources.append(match.source)
                continue
            _append_text(blocks, text)
            if text:
                own_chars += len(text) + 2 * bool(own_chars)
                if "[" in text:  # quote_words left an editorial [insertion] out; own words keep it
                    folded = words(text)
                    hashed = shingles(folded)
                    new = False
                own.extend(folded, hashed, new=new)
        first, last = _extent(head, items, tail, fallback_line)
        made = Comment(
            id=f"{self.post.id}-c{len(self.post.comments) + 1}",
            author=author,
            published=published,
            blocks=blocks,
            signature="\n".join([mark.raw for mark in marks]) or None,
            where=f"{self.where}:{first + 1}",
        )
        made.order = len(self.post.comments)
        self.orders[made.id] = made.order
        made.parent_id = self._replied_to(sources) if sources else None
        self.post.comments.append(made)
        self.spans.append((first, last))
        if own_chars <= MAX_QUOTE_CHARS:
            quotes.add_shingles(made.id, own.hashed, own.unchecked)
        else:
            quotes.add(made.id, made.own_text)
        if author is not None:
            self.seen.setdefault((author.casefold(), published), []).append(made)
        return made

    def _replied_to(self, quoted_sources: list[str]) -> str | None:
        """The comment replied to, given the sources of a comment's quotes (or the post)."""
        sources = set(filter(None, quoted_sources))
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


def _append_text(blocks: list[Block], text: str) -> None:
    """:func:`_append` of the commenter's own paragraph ``text``."""
    if blocks:
        last = blocks[-1]
        if last.kind == "text" and last.source is None and last.attribution is None:
            last.text = f"{last.text}\n\n{text}"
            return
    blocks.append(Block("text", text))


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
            ends.append(item.start + len(item.lines) - 1)
    if not starts:
        return fallback, fallback
    return min(starts), max(ends)


# -- replies shown by indentation -----------------------------------------------------------------

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
    # str.lstrip strips what \s matches, and gives the line itself when there is nothing to strip
    if not any(map(str.__ne__, raw_lines, map(str.lstrip, raw_lines))):
        return False  # nothing is indented: every comment is at one depth
    parents = indentation_parents(comment_depths(raw_lines, spans))
    if parents is None:
        return False
    for comment, parent in zip(post.comments, parents, strict=True):
        if parent is not None:
            comment.parent_id = post.comments[parent].id
    return True
