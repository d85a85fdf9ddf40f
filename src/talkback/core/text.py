"""Text helpers shared by the parser, search and the index: lines, paragraphs and word folding.

Folding makes text comparable the way a reader compares it: case, accents, curly quotes and
punctuation do not matter (``Sadr’s`` and ``sadr's`` fold to the same words).
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# Only real line breaks split lines. str.splitlines() would also split on form feeds, vertical tabs
# and Unicode separators that a page may carry inside a line.
_LINE_BREAK = re.compile(r"\r\n|\r|\n")
_WORD = re.compile(r"\w+", re.UNICODE)
_BRACKETED = re.compile(r"\[[^\[\]\n]{0,60}\]")


def split_lines(text: str) -> list[str]:
    """The page's lines, split on LF, CRLF and CR only, without their line breaks."""
    lines = _LINE_BREAK.split(text)
    if lines and lines[-1] == "":
        lines.pop()
    return lines


@lru_cache(maxsize=4096)
def _fold_word(word: str) -> str:
    decomposed = unicodedata.normalize("NFKD", word.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def fold(text: str) -> str:
    """Case- and accent-folded text (``Après`` -> ``apres``), punctuation kept."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def words(text: str) -> list[str]:
    """The folded words of ``text``: lower case, no accents, no punctuation."""
    if text.isascii():
        # For ASCII, folding is lower-casing and \w is [A-Za-z0-9_]: all of it done in C.
        return _WORD.findall(text.lower())
    return [_fold_word(word) for word in _WORD.findall(text)]


def quote_words(text: str) -> list[str]:
    """Folded words of a pasted quote, with editorial insertions such as ``[Maliki]`` dropped."""
    return words(_BRACKETED.sub(" ", text))


def one_line(text: str, limit: int = 80) -> str:
    """``text`` on a single line, shortened with an ellipsis to at most ``limit`` characters."""
    line = " ".join(text.split())
    return line if len(line) <= limit else line[: limit - 1].rstrip() + "…"
