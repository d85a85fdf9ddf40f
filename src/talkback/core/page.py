"""The page parser: one scraped page of text in, one Post with its threaded comments out.

The page is read in four passes over its lines, each a small state object's method:

1. the header: the title and the byline (``posted at 12:19 pm on March 31, 2008 by Allahpundit``);
2. the signatures: every line shaped like ``NAME on DATE at TIME`` that stands on its own;
3. the article: the body up to the page furniture (related posts, trackbacks, a moderation note,
   the ``Comments`` header) that separates it from the first comment;
4. the comments: the text between two signatures belongs to the second. A signature that repeats
   an earlier comment's name and time, after text matching that comment, is the attribution of a
   pasted quote, not a comment of its own. Paragraphs that repeat the post or an earlier comment are
   quotes too, and the most recent comment a comment quotes is the one it replies to.

Every non-blank line ends up in exactly one place (title, byline, post text, boilerplate, a
signature, a comment's text, a quote's attribution) or, for a page that is skipped, in a problem.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from talkback.core.dates import parse_iso
from talkback.core.dialects import check_dialect
from talkback.core.furniture import is_avatar_initial, is_furniture, is_short
from talkback.core.model import Block, Comment, Post, Problem
from talkback.core.quotes import QuoteIndex, matches_text
from talkback.core.signatures import Signature, match_byline, match_signature_after
from talkback.core.text import split_lines

#: how many non-blank lines from the top may come before the byline
BYLINE_WINDOW = 6
DIALECT = "signature-after"  # see talkback.core.dialects


@dataclass(slots=True)
class Paragraph:
    """A run of non-blank lines: the index of the first and the stripped lines."""

    start: int
    lines: list[str]

    @property
    def text(self) -> str:
        """The paragraph's lines joined by newlines."""
        return "\n".join(self.lines)


@dataclass(slots=True)
class PendingQuote:
    """A pasted quote with its attribution, waiting for the comment that contains it."""

    paragraphs: list[Paragraph]
    attribution: Signature
    source: str


@dataclass(slots=True)
class PageResult:
    """What parsing one page gives: the post (None if the page was skipped) and the problems."""

    post: Post | None
    problems: list[Problem] = field(default_factory=list)


def parse_page(
    text: str, *, post_id: str = "p1", where: str = "page", dialect: str | None = None
) -> PageResult:
    """Parse one page of text into a Post with threaded comments.

    ``dialect`` forces a comment layout by name (see :mod:`talkback.core.dialects`); by default the
    layout is recognised from the page.
    """
    check_dialect(dialect)
    return _PageParser(text, post_id, where).run()


class _PageParser:
    def __init__(self, text: str, post_id: str, where: str) -> None:
        self.lines = [line.strip() for line in split_lines(text)]
        self.where = where
        self.post = Post(id=post_id, where=where, dialect=DIALECT)
        self.problems: list[Problem] = []
        self.quotes = QuoteIndex()
        self.seen: dict[tuple[str, str | None], list[Comment]] = {}
        #: page order of every comment made so far, by id (so that replies are found in O(1))
        self.orders: dict[str, int] = {}
        #: paragraphs between the title and a byline that does not follow it directly
        self.lead: list[Paragraph] = []

    def run(self) -> PageResult:
        header_end = self._read_header()
        signatures = self._find_signatures(header_end)
        if not signatures and self.post.byline is None:
            count = sum(1 for line in self.lines if line)
            reason = "empty page" if count == 0 else "no byline and no comment signatures found"
            self.problems.append(
                Problem(self.where, f"not a comment page ({reason}); {count} lines skipped")
            )
            return PageResult(None, self.problems)
        first = signatures[0].line if signatures else len(self.lines)
        comments_start = self._read_article(header_end, first, bool(signatures))
        self._read_comments(comments_start, signatures)
        self.post.link()
        return PageResult(self.post, self.problems)

    # -- pass 1: title and byline ------------------------------------------------------------

    def _read_header(self) -> int:
        top = [i for i, line in enumerate(self.lines) if line][:BYLINE_WINDOW]
        for position, index in enumerate(top):
            byline = match_byline(self.lines[index])
            if byline is None:
                continue
            self.post.byline = byline.raw
            self.post.author = byline.author
            self.post.published = byline.published
            if position > 0:
                self.post.title = self.lines[top[0]]
                self.lead = self.paragraphs(top[0] + 1, index)
            return index + 1
        if top and self._looks_like_title(top[0]):
            self.post.title = self.lines[top[0]]
            return top[0] + 1
        return 0

    def _looks_like_title(self, index: int) -> bool:
        line = self.lines[index]
        followed_by_blank = index + 1 >= len(self.lines) or not self.lines[index + 1]
        return len(line) <= 200 and followed_by_blank and match_signature_after(line, index) is None

    # -- pass 2: signatures --------------------------------------------------------------------

    def _find_signatures(self, start: int) -> list[Signature]:
        candidates = [
            signature
            for index in range(start, len(self.lines))
            if self.lines[index]
            and (signature := match_signature_after(self.lines[index], index)) is not None
        ]
        alone = [signature for signature in candidates if self._stands_alone(signature)]
        # Where a page sets its signatures apart, a signature-shaped line inside a paragraph is
        # part of somebody's text.
        if len(alone) * 2 >= len(candidates):
            candidates = alone
        posted = parse_iso(self.post.published)
        if posted is not None:
            candidates = [s for s in candidates if not _before(s.published, posted.date())]
        return candidates

    def _stands_alone(self, signature: Signature) -> bool:
        index = signature.line
        after_ok = index + 1 >= len(self.lines) or not self.lines[index + 1]
        before = self.lines[index - 1] if index > 0 else ""
        return after_ok and (not before or is_avatar_initial(before, signature.author))

    # -- pass 3: the article and the furniture after it -----------------------------------------

    def _read_article(self, start: int, end: int, has_comments: bool) -> int:
        zone_start, zone_end = self._furniture_zone(start, end, has_comments)
        article = self.paragraphs(start, zone_start)
        comments_start = zone_end
        if has_comments and zone_start == end and article:
            # No furniture marks where the comments begin: the last paragraph is the first comment.
            comments_start = article.pop().start
        self.post.text = "\n\n".join(paragraph.text for paragraph in self.lead + article)
        self.post.boilerplate.extend(line for line in self.lines[zone_start:zone_end] if line)
        self.quotes.add(self.post.id, f"{self.post.title or ''}\n\n{self.post.text}")
        return comments_start

    def _furniture_zone(self, start: int, end: int, has_comments: bool) -> tuple[int, int]:
        """The [first, past-last) line range of the furniture between ``start`` and ``end``."""
        indices = [i for i in range(start, end) if self.lines[i]]
        marked = [i for i in indices if is_furniture(self.lines[i])]
        if not marked:
            return end, end
        if has_comments:
            last = marked[-1]
            zone_end = last + 1
            first = last
            for index in reversed([i for i in indices if i <= last]):
                line = self.lines[index]
                if is_furniture(line):
                    first = index
                elif not is_short(line):
                    break
            return first, zone_end
        # Without comments, furniture can only trail the article: from a furniture line to the end,
        # every line must be furniture or short.
        for index in marked:
            if all(
                is_furniture(self.lines[i]) or is_short(self.lines[i])
                for i in indices
                if i >= index
            ):
                return index, end
        return end, end

    # -- pass 4: comments ------------------------------------------------------------------------

    def _read_comments(self, start: int, signatures: list[Signature]) -> None:
        pending: list[Paragraph | PendingQuote] = []
        cursor = start
        for signature in signatures:
            body = self.paragraphs(cursor, signature.line)
            cursor = signature.line + 1
            quoted = self._attributed_quote(signature, body)
            if quoted is not None:
                pending.extend(body[: len(body) - len(quoted.paragraphs)])
                pending.append(quoted)
                continue
            pending.extend(body)
            self._make_comment(signature, pending)
            pending = []
        self._read_trailing(cursor, pending)

    def _attributed_quote(self, signature: Signature, body: list[Paragraph]) -> PendingQuote | None:
        """The quote of an earlier comment, pasted with its signature, that ends ``body``."""
        for earlier in self.seen.get(signature.key, []):
            quoted: list[Paragraph] = []
            for paragraph in reversed(body):
                if not matches_text(paragraph.text, earlier.text):
                    break
                quoted.insert(0, paragraph)
            if quoted:
                return PendingQuote(quoted, signature, earlier.id)
        return None

    def _make_comment(
        self,
        signature: Signature | None,
        items: list[Paragraph | PendingQuote],
        *,
        fallback_line: int = 0,
    ) -> Comment:
        author = signature.author if signature else None
        self._drop_avatar_initial(items, author)
        blocks: list[Block] = []
        for item in items:
            if isinstance(item, PendingQuote):
                text = "\n\n".join(paragraph.text for paragraph in item.paragraphs)
                blocks.append(Block("quote", text, item.source, item.attribution.raw))
                continue
            match = self.quotes.match(item.text)
            if match is not None:
                _append(blocks, Block("quote", item.text, match.source))
            else:
                _append(blocks, Block("text", item.text))
        first_line = _first_line(items, signature, fallback_line)
        comment = Comment(
            id=f"{self.post.id}-c{len(self.post.comments) + 1}",
            author=author,
            published=signature.published if signature else None,
            blocks=blocks,
            signature=signature.raw if signature else None,
            where=f"{self.where}:{first_line + 1}",
        )
        comment.order = len(self.post.comments)
        comment.parent_id = self._replied_to(blocks)
        self.post.comments.append(comment)
        self.orders[comment.id] = comment.order
        self.quotes.add(comment.id, comment.own_text)
        if signature is not None:
            self.seen.setdefault(signature.key, []).append(comment)
        return comment

    def _drop_avatar_initial(
        self, items: list[Paragraph | PendingQuote], author: str | None
    ) -> None:
        if not items or not isinstance(items[-1], Paragraph):
            return
        last = items[-1]
        if is_avatar_initial(last.lines[-1], author):
            self.post.boilerplate.append(last.lines.pop())
            if not last.lines:
                items.pop()

    def _replied_to(self, blocks: list[Block]) -> str | None:
        sources = {block.source for block in blocks if block.is_quote and block.source}
        orders = {source: self.orders[source] for source in sources if source in self.orders}
        if orders:
            return max(orders, key=orders.__getitem__)
        return self.post.id if self.post.id in sources else None

    def _read_trailing(self, start: int, pending: list[Paragraph | PendingQuote]) -> None:
        zone_start, _ = self._furniture_zone(start, len(self.lines), has_comments=False)
        self.post.boilerplate.extend(line for line in self.lines[zone_start:] if line)
        unsigned = [*pending, *self.paragraphs(start, zone_start)]
        if not unsigned:
            return
        comment = self._make_comment(None, unsigned, fallback_line=start)
        self.problems.append(
            Problem(
                comment.where or self.where,
                "text after the last signature has no signature of its own; "
                "kept as a comment by an unknown author",
            )
        )

    # -- helpers ---------------------------------------------------------------------------------

    def paragraphs(self, start: int, end: int) -> list[Paragraph]:
        """The paragraphs (runs of non-blank lines) between line ``start`` and ``end``."""
        found: list[Paragraph] = []
        current: Paragraph | None = None
        for index in range(start, end):
            line = self.lines[index]
            if not line:
                current = None
            elif current is None:
                current = Paragraph(index, [line])
                found.append(current)
            else:
                current.lines.append(line)
        return found


def _append(blocks: list[Block], block: Block) -> None:
    """Add a block, merging it into the previous one when both are of one kind and source."""
    if blocks:
        last = blocks[-1]
        same = last.kind == block.kind and last.source == block.source
        if same and last.attribution is None and block.attribution is None:
            last.text = f"{last.text}\n\n{block.text}"
            return
    blocks.append(block)


def _first_line(
    items: list[Paragraph | PendingQuote], signature: Signature | None, fallback: int
) -> int:
    for item in items:
        if isinstance(item, Paragraph):
            return item.start
        if item.paragraphs:
            return item.paragraphs[0].start
    if signature is not None:
        return signature.line
    return fallback


def _before(published: str | None, day: date) -> bool:
    """Whether a signature's time falls more than a day before the post's date."""
    parsed = parse_iso(published)
    return parsed is not None and parsed.date() < day - timedelta(days=1)
