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
#: runs of characters outside ASCII that are not word characters (curly quotes, dashes, ellipses)
_NON_ASCII_GAPS = re.compile(r"[^\w\x00-\x7f]+")
#: for ASCII bytes: a word character (``\w``) to itself in lower case, any other to a space
_ASCII_FOLD = bytes(
    ord(chr(code).lower()) if chr(code).isalnum() or chr(code) == "_" else ord(" ")
    for code in range(128)
) + bytes(range(128, 256))


def split_lines(text: str) -> list[str]:
    """The page's lines, split on LF, CRLF and CR only, without their line breaks."""
    # Without a carriage return, LF is the only break: str.split finds it much faster.
    lines = _LINE_BREAK.split(text) if "\r" in text else text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    return lines


@lru_cache(maxsize=4096)
def _fold_word(word: str) -> str:
    decomposed = unicodedata.normalize("NFKD", word.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def fold(text: str) -> str:
    """Case- and accent-folded text (``Après`` -> ``apres``), punctuation kept."""
    if text.isascii():  # nothing to decompose, no accent to drop: only the case to fold
        return text.lower()
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def words(text: str) -> list[str]:
    """The folded words of ``text``: lower case, no accents, no punctuation."""
    if not text.isascii():
        # Curly quotes and dashes are the usual non-ASCII characters of English text; once they
        # are spaces, most text is ASCII again and takes the fast way.
        text = _NON_ASCII_GAPS.sub(" ", text)
        if not text.isascii():
            return [_fold_word(word) for word in _WORD.findall(text)]
    # For ASCII, folding is lower-casing and \w is [A-Za-z0-9_]: every other character becomes a
    # space, and splitting gives the words, all of it in C. Translating bytes by a table does
    # both at once, at a third of the cost of str.lower() and str.translate().
    return text.encode("ascii").translate(_ASCII_FOLD).decode("ascii").split()


def quote_words(text: str) -> list[str]:
    """Folded words of a pasted quote, with editorial insertions such as ``[Maliki]`` dropped."""
    return words(_BRACKETED.sub(" ", text) if "[" in text else text)


def plural(count: int, word: str, words: str | None = None) -> str:
    """``1 reply``, ``3 replies``, with thousands separated: ``12,345 comments``."""
    return f"{count:,} {word if count == 1 else (words or word + 's')}"


def one_line(text: str, limit: int = 80) -> str:
    """``text`` on a single line, shortened with an ellipsis to at most ``limit`` characters."""
    line = " ".join(text.split())
    return line if len(line) <= limit else line[: limit - 1].rstrip() + "…"
