"""``/regex/`` terms, run by RE2 so that no pattern can hang the search.

Python's own ``re`` backtracks: ``/(a+)+$/`` against a long run of ``a`` takes exponential time,
and ``re`` has no timeout. RE2 (Google's engine, through the ``google-re2`` package) runs every
pattern in time linear in the text, so a regex is checked once when the query is compiled (length
at most :data:`MAX_PATTERN_LENGTH`, RE2 compiles it within its memory budget) and then simply
searched in each text, with no timeout and no watchdog thread. The price is RE2's syntax: no
backreferences and no look-around; ``\\w`` and ``\\b`` are ASCII-only (``\\pL`` is any letter).
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import lru_cache
from typing import Protocol

import re2

from talkback.search.syntax import QueryError

#: longest pattern accepted, in characters
MAX_PATTERN_LENGTH = 300
#: memory RE2 may use for one compiled pattern, in bytes
MAX_PATTERN_MEMORY = 8 << 20


class _Match(Protocol):
    def span(self) -> tuple[int, int]: ...


class _Compiled(Protocol):
    def search(self, text: str) -> _Match | None: ...

    def finditer(self, text: str) -> Iterator[_Match]: ...


class SafeRegex:
    """A compiled RE2 pattern: ``found_in(text)`` and the ``spans`` of its matches in a text."""

    __slots__ = ("_compiled", "flags", "pattern")

    def __init__(self, pattern: str, flags: str, compiled: _Compiled) -> None:
        self.pattern = pattern
        self.flags = flags
        self._compiled = compiled

    def found_in(self, text: str) -> bool:
        """Whether the pattern matches anywhere in ``text``."""
        return self._compiled.search(text) is not None

    def spans(self, text: str) -> Iterator[tuple[int, int]]:
        """Where the pattern matches in ``text`` (empty matches left out), as character offsets."""
        for match in self._compiled.finditer(text):
            start, end = match.span()
            if end > start:
                yield start, end


def compile_regex(pattern: str, flags: str = "", position: int = 0) -> SafeRegex:
    """The pattern compiled by RE2; QueryError (at ``position``) if it is too long or invalid."""
    if len(pattern) > MAX_PATTERN_LENGTH:
        raise QueryError(f"regex too long (over {MAX_PATTERN_LENGTH} characters)", position)
    try:
        return _compile(pattern, flags)
    except re2.error as error:
        raise QueryError(f"bad regex: {_message(error)}", position) from error


@lru_cache(maxsize=256)
def _compile(pattern: str, flags: str) -> SafeRegex:
    options = re2.Options()
    options.log_errors = False  # RE2 would otherwise print parse errors on stderr
    options.max_mem = MAX_PATTERN_MEMORY
    source = f"(?{flags}){pattern}" if flags else pattern
    compiled: _Compiled = re2.compile(source, options=options)
    return SafeRegex(pattern, flags, compiled)


def _message(error: Exception) -> str:
    detail = error.args[0] if error.args else "invalid pattern"
    if isinstance(detail, bytes):
        detail = detail.decode("utf-8", "replace")
    text = " ".join(str(detail).split())
    return text if len(text) <= 80 else text[:79] + "…"
