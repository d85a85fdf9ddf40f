"""Where a query's terms are in a text, and a one-line excerpt around the first of them.

The spans are character offsets in the text as given (not folded), so that the window can paint
them in a tree cell or the detail panel and the command line can mark them. A word is found the
way matching finds it: the text is cut into words, each folded, and compared whole (or, for
``word*``, by its start); a phrase is a run of such words; a regex runs on the raw text.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache

from talkback.core.text import fold
from talkback.search.regexes import compile_regex
from talkback.search.syntax import Phrase, Regex, TextTerm, Word

#: characters of text an excerpt shows (ellipses aside)
SNIPPET_WIDTH = 160
#: how far into the window the first match is placed
LEAD_SHARE = 3

Span = tuple[int, int]
_WORD = re.compile(r"\w+")
_fold = lru_cache(maxsize=16384)(fold)


@dataclass(frozen=True, slots=True)
class Excerpt:
    """A one-line piece of a text and the ``marks`` (spans) of the matched terms within it."""

    text: str
    marks: tuple[Span, ...] = ()

    def marked(self, before: str = "**", after: str = "**") -> str:
        """The excerpt with each mark wrapped, e.g. ``…back in **Sadr** City…``."""
        pieces: list[str] = []
        cursor = 0
        for start, end in self.marks:
            pieces += [self.text[cursor:start], before, self.text[start:end], after]
            cursor = end
        pieces.append(self.text[cursor:])
        return "".join(pieces)


def term_spans(terms: Sequence[TextTerm], text: str) -> list[Span]:
    """Sorted, non-overlapping spans of ``text`` where any of ``terms`` occurs."""
    if not terms or not text:
        return []
    found: list[Span] = []
    word_terms = [term for term in terms if not isinstance(term, Regex)]
    if word_terms:
        tokens = [
            (match.start(), match.end(), _fold(match.group())) for match in _WORD.finditer(text)
        ]
        for term in word_terms:
            found.extend(_word_spans(term, tokens))
    for regex in terms:
        if isinstance(regex, Regex):
            found.extend(compile_regex(regex.pattern, regex.flags).spans(text))
    return _merge(found)


def _word_spans(term: Word | Phrase, tokens: list[tuple[int, int, str]]) -> list[Span]:
    if isinstance(term, Word):
        if term.prefix:
            return [(start, end) for start, end, word in tokens if word.startswith(term.word)]
        return [(start, end) for start, end, word in tokens if word == term.word]
    phrase, size = term.words, len(term.words)
    spans: list[Span] = []
    for index in range(len(tokens) - size + 1):
        if tokens[index][2] == phrase[0] and all(
            tokens[index + offset][2] == phrase[offset] for offset in range(1, size)
        ):
            spans.append((tokens[index][0], tokens[index + size - 1][1]))
    return spans


def _merge(spans: list[Span]) -> list[Span]:
    merged: list[Span] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            if end > merged[-1][1]:
                merged[-1] = (merged[-1][0], end)
        else:
            merged.append((start, end))
    return merged


def excerpt(
    text: str, spans_of: Callable[[str], list[Span]], width: int = SNIPPET_WIDTH
) -> Excerpt:
    """``text`` on one line, cut to about ``width`` characters around its first match, with ``…``.

    ``spans_of`` finds the matches in a text (e.g. ``Query.spans``); without any, the excerpt is
    the text's beginning.
    """
    line = " ".join(text.split())
    spans = spans_of(line)
    if len(line) <= width:
        return Excerpt(line, tuple(spans))
    first_start, first_end = spans[0] if spans else (0, 0)
    start = max(0, first_start - width // LEAD_SHARE)
    end = min(len(line), start + width)
    if end == len(line):
        start = max(0, end - width)
    if start > 0:  # begin at a word: after the first space before the match
        space = line.find(" ", start, max(start, first_start))
        if space != -1:
            start = space + 1
    if end < len(line):  # end at a word: before the last space after the match
        space = line.rfind(" ", max(start, first_end), end)
        if space > start:
            end = space
    lead = "…" if start > 0 else ""
    tail = "…" if end < len(line) else ""
    marks = tuple(
        (max(span_start, start) - start + len(lead), min(span_end, end) - start + len(lead))
        for span_start, span_end in spans
        if span_end > start and span_start < end
    )
    return Excerpt(lead + line[start:end] + tail, marks)
