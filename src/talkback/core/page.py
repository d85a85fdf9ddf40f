"""The page parser: one scraped page of text in, one Post with its threaded comments out.

The page is read in steps that are the same whatever its comment layout; only the second depends
on the layout ("dialect"):

1. the header: the title and the byline (``posted at 12:19 pm on March 31, 2008 by Allahpundit``);
2. the marks: every layout in :mod:`talkback.core.dialects` reads the lines after the header and
   the one that explains the page best (or the one the caller forces) gives the lines that say
   who wrote each comment and when, before or after its body;
3. the article: the body up to the page furniture (related posts, trackbacks, a moderation note,
   the ``Comments`` header) that separates it from the first comment; furniture after the last
   comment (``Leave a Reply``, a copyright line) is set aside too;
4. the comments: the comment area is cut into frames between the marks
   (:mod:`talkback.core.frames`) and the frames become comments, pasted quotes and reply links
   (:mod:`talkback.core.comments`); where comments are nested by indentation, the nesting gives
   the reply links.

Every non-blank line ends up in exactly one place (title, byline, post text, boilerplate, a
signature, a comment's text, a quote's attribution) or, for a page that is skipped, in a problem.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from talkback.core.comments import CommentAssembler, thread_by_indentation
from talkback.core.dates import to_iso
from talkback.core.dialects import check_dialect, recognise
from talkback.core.frames import Cutter, Paragraph
from talkback.core.furniture import is_furniture, is_short
from talkback.core.marks import Mark, PageLines
from talkback.core.model import Post, Problem
from talkback.core.quotes import QuoteIndex
from talkback.core.signatures import (
    Byline,
    match_byline,
    match_date_line,
    match_footer_byline,
    match_signature_after,
)
from talkback.core.text import split_lines

#: how many non-blank lines from the top may come before the byline
BYLINE_WINDOW = 6


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
    layout is recognised from the page. The post's ``dialect`` names the layout used.
    """
    return parse_page_lines(split_lines(text), post_id=post_id, where=where, dialect=dialect)


def parse_page_lines(
    lines: list[str], *, post_id: str = "p1", where: str = "page", dialect: str | None = None
) -> PageResult:
    """:func:`parse_page` of a page already cut into lines (by ``text.split_lines``).

    A caller that lets its text go once it is cut spares a big page's memory the whole text.
    """
    check_dialect(dialect)
    return _PageParser(lines, post_id, where, dialect).run()


class _PageParser:
    def __init__(self, raw_lines: list[str], post_id: str, where: str, dialect: str | None) -> None:
        self.raw_lines = raw_lines
        self.lines = list(map(str.strip, self.raw_lines))
        self.where = where
        self.forced = dialect
        self.post = Post(id=post_id, where=where)
        self.problems: list[Problem] = []
        self.quotes = QuoteIndex()
        self.cutter = Cutter(self.lines, _no_furniture, self.post.boilerplate)
        self.byline: Byline | None = None
        self.dayfirst = False
        #: paragraphs between the title and a byline that does not follow it directly
        self.lead: list[Paragraph] = []

    def run(self) -> PageResult:
        header_end = self._read_header()
        page = PageLines(self.lines, header_end, self.byline.when if self.byline else None)
        reading = recognise(page, self.forced)
        del page  # and its list of short lines: a big page needs the memory
        self.post.dialect = reading.dialect.name
        self.dayfirst = reading.dayfirst
        self._date_post()
        marks = reading.marks
        self.cutter.is_furniture = reading.dialect.is_furniture
        first = marks[0].first if marks else len(self.lines)
        headed = bool(marks) and marks[0].role == "head"
        comments_start = self._read_article(header_end, first, bool(marks), headed=headed)
        if not marks and self.post.author is None:
            count = sum(1 for line in self.lines if line)
            reason = "empty page" if count == 0 else "no byline and no comment signatures found"
            self.problems.append(
                Problem(self.where, f"not a comment page ({reason}); {count} lines skipped")
            )
            return PageResult(None, self.problems)
        self._read_comments(marks, comments_start)
        self.post.link()
        return PageResult(self.post, self.problems)

    # -- step 1: title and byline --------------------------------------------------------------

    def _read_header(self) -> int:
        top = [i for i, line in enumerate(self.lines) if line][:BYLINE_WINDOW]
        found = next(
            (
                (position, index, byline)
                for matcher in (match_byline, match_date_line)
                for position, index in enumerate(top)
                if (byline := matcher(self.lines[index])) is not None
            ),
            None,
        )
        if found is not None:
            position, index, byline = found
            self._set_byline(byline)
            after = top[position + 1] if position + 1 < len(top) else None
            if byline.author is None and after is not None and self._short_title(after):
                # A blog's date header above the post's title (under the blog's name, if any).
                self.post.title = self.lines[after]
                self.post.boilerplate.extend(self.lines[i] for i in top[:position])
                return after + 1
            if position > 0:
                self.post.title = self.lines[top[0]]
                self.lead = self.paragraphs(top[0] + 1, index)
            return index + 1
        if top and self._looks_like_title(top[0]):
            self.post.title = self.lines[top[0]]
            return top[0] + 1
        return 0

    def _set_byline(self, byline: Byline) -> None:
        self.byline = byline
        self.post.byline = byline.raw
        self.post.author = byline.author
        self._date_post()

    def _date_post(self) -> None:
        """The post's time from its byline, read in the page's date order."""
        if self.byline is not None:
            when = self.byline.when
            published = to_iso(when, dayfirst=self.dayfirst) if when else None
            self.post.published = published or self.byline.published

    def _read_footer(self, article: list[Paragraph]) -> None:
        """Take a byline printed under the article (``Posted by NAME at 6:15 PM``) out of it."""
        if self.post.author is not None or not article:
            return
        last = article[-1]
        footer = match_footer_byline(last.lines[-1], self.byline)
        if footer is None:
            return
        last.lines.pop()
        if not last.lines:
            article.pop()
        self._set_byline(footer)

    def _short_title(self, index: int) -> bool:
        return is_short(self.lines[index]) and self._looks_like_title(index)

    def _looks_like_title(self, index: int) -> bool:
        line = self.lines[index]
        followed_by_blank = index + 1 >= len(self.lines) or not self.lines[index + 1]
        return len(line) <= 200 and followed_by_blank and match_signature_after(line, index) is None

    # -- step 3: the article and the furniture around the comments ------------------------------

    def _read_article(self, start: int, end: int, has_comments: bool, *, headed: bool) -> int:
        """Read the article from ``start`` up to the first mark; gives where the comments start."""
        zone_start, zone_end = self._furniture_zone(start, end, has_comments)
        article = self.paragraphs(start, zone_start)
        comments_start = zone_end
        if headed and zone_end < end:
            # Marks lead their comments, so what stands between the furniture and the first mark
            # is more furniture (a "Join the discussion" line) if short, else more of the article.
            if all(is_short(line) for line in self.lines[zone_end:end]):
                zone_end = end
            else:
                article += self.paragraphs(zone_end, end)
            comments_start = end
        elif has_comments and zone_start == end and article and not headed:
            # No furniture marks where the comments begin: the last paragraph is the first comment.
            comments_start = article.pop().start
        self._read_footer(article)
        self.post.text = "\n\n".join(paragraph.text for paragraph in self.lead + article)
        self.post.boilerplate.extend(line for line in self.lines[zone_start:zone_end] if line)
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

    # -- step 4: comments ----------------------------------------------------------------------

    def _read_comments(self, marks: list[Mark], start: int) -> None:
        after_last = marks[-1].last + 1 if marks else start
        trailing_zone, _ = self._furniture_zone(after_last, len(self.lines), has_comments=False)
        frames, trailing = self.cutter.frames(marks, start, trailing_zone)
        marks.clear()  # the frames hold them now, and let them go as comments are made
        assembler = CommentAssembler(self.post, self.where, self.quotes)
        assembler.look_ahead(frames, trailing, len(self.lines))
        # indexed only now: a page that is not a comment page costs no quote index
        self.quotes.add(self.post.id, f"{self.post.title or ''}\n\n{self.post.text}")
        assembler.assemble(frames, trailing, after_last)
        self.post.boilerplate.extend(line for line in self.lines[trailing_zone:] if line)
        self.problems.extend(assembler.problems)
        thread_by_indentation(self.post, self.raw_lines, assembler.spans)

    # -- helpers ---------------------------------------------------------------------------------

    def paragraphs(self, start: int, end: int) -> list[Paragraph]:
        """The paragraphs (runs of non-blank lines) between line ``start`` and ``end``."""
        return self.cutter.paragraphs(start, end, furniture=False)


def _no_furniture(line: str) -> bool:
    """Until the layout is known, no line is the layout's own furniture."""
    return False
