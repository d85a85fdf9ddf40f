"""User text to safe HTML: everything escaped, web addresses linked, hidden controls made visible.

Nothing a commenter wrote can become markup: the text is escaped piece by piece with MarkupSafe and
the only tags added are our own (``<p>``, ``<br>``, ``<a>``, ``<span>``). Only ``http``, ``https``
and ``mailto`` addresses become links, each with ``rel="nofollow noopener noreferrer"``. Bidi
controls (which can make text read differently from what it is, e.g. U+202E) and other control
characters are replaced by a visible label naming them, so a reader sees exactly what is there.
"""

from __future__ import annotations

import html
import re
import unicodedata
from collections.abc import Iterator
from functools import lru_cache
from typing import Literal
from urllib.parse import urlsplit

from markupsafe import Markup

#: Explicit bidi formatting characters: embeddings, overrides, isolates and directional marks.
BIDI_CONTROLS = "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
_CONTROLS = r"\x00-\x08\x0b-\x1f\x7f-\x9f" + BIDI_CONTROLS
# A URL runs up to whitespace, a control or a character that cannot appear in one unescaped; the
# character classes are flat, so matching stays linear in the length of the text.
_SPECIAL = re.compile(
    r"(?P<url>\b(?i:https?://|mailto:)[^\s<>\"'`{}|\\^" + _CONTROLS + r"]+)"
    r"|(?P<ctl>[" + _CONTROLS + r"])"
)
#: A regular expression matching one control or bidi formatting character.
CONTROL_PATTERN = r"[" + _CONTROLS + r"]"
_CONTROL = re.compile(CONTROL_PATTERN)
_PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n\s*")
_TRAILING = ".,;:!?'\"*~_-"
_PAIRS = {")": "(", "]": "["}
LINK_REL = "nofollow noopener noreferrer"
#: What a stretch of text is: plain text, a checked web address, or one control character.
TokenKind = Literal["text", "url", "control"]


def labelled(text: str) -> str:
    """``text`` with each control or bidi formatting character written as its label
    (``U+202E``), for plain text shown to a reader: the window's rows, a terminal (where an
    escape sequence from a dump printed as it is would clear the screen or retitle the window)."""
    if _CONTROL.search(text) is None:
        return text
    return _CONTROL.sub(lambda found: f"U+{ord(found[0]):04X}", text)


def safe_url(url: str | None) -> str | None:
    """``url`` if it is a well-formed http, https or mailto address, else None."""
    if not url or _CONTROL.search(url) or any(ch.isspace() for ch in url):
        return None
    try:
        parts = urlsplit(url)
        host = parts.hostname
    except ValueError:
        return None
    scheme = parts.scheme.lower()
    if scheme in ("http", "https"):
        return url if host and url[len(scheme) : len(scheme) + 3] == "://" else None
    if scheme == "mailto":
        local, at, domain = parts.path.partition("@")
        return url if local and at and domain and not parts.netloc else None
    return None


def link(url: str, text: str | None = None, *, named: bool = False) -> Markup:
    """An outside link to a checked ``url``; ``named`` marks links whose text is not the URL."""
    return Markup(_link(url, text, named))


def _link(url: str, text: str | None = None, named: bool = False) -> str:
    css = ' class="named"' if named else ""
    label = _inline(url if text is None else text)
    return f'<a href="{_escape(url)}" rel="{LINK_REL}"{css}>{label}</a>'


def inline_text(text: str | None) -> Markup:
    """One line of user text (a name, a title): escaped, controls made visible, no links."""
    return Markup(_inline_cached(text)) if text else Markup("")


@lru_cache(maxsize=4096)
def _inline_cached(text: str) -> str:
    # A plain string: the cycle collector does not track it, as it would a cached Markup. Each
    # name cached would otherwise outlive two young collections and count towards the next full
    # one: a page of 100,000 hits by as many names made four, each walking all the window holds.
    return _inline(text)


def _inline(text: str | None) -> str:
    if not text:
        return ""
    if _CONTROL.search(text) is None:
        return _escape(text)
    pieces: list[str] = []
    last = 0
    for match in _CONTROL.finditer(text):
        pieces.append(_escape(text[last : match.start()]))
        pieces.append(_control_label(match.group()))
        last = match.end()
    pieces.append(_escape(text[last:]))
    return "".join(pieces)


def rich_text(text: str | None) -> Markup:
    """Paragraphs of user text as ``<p dir="auto">`` elements, with links and visible controls."""
    if not text:
        return Markup("")
    paragraphs = _PARAGRAPH_BREAK.split(text.strip("\n"))
    return Markup("".join(f'<p dir="auto">{_paragraph(part)}</p>' for part in paragraphs))


def tokens(text: str) -> Iterator[tuple[TokenKind, str]]:
    """Split text into plain stretches, checked web addresses and control characters, in order.

    Joining the pieces gives ``text`` back: nothing is dropped or changed.
    """
    last = 0
    for match in _SPECIAL.finditer(text):
        if match.lastgroup == "ctl":
            piece = match.group()
            kind: TokenKind = "control"
        else:
            piece = _trim(match.group())
            if safe_url(piece) is None:
                continue  # stays part of the plain text around it
            kind = "url"
        if match.start() > last:
            yield "text", text[last : match.start()]
        yield kind, piece
        last = match.start() + len(piece)
    if last < len(text):
        yield "text", text[last:]


def _paragraph(text: str) -> str:
    if ":" not in text and _CONTROL.search(text) is None:  # the common case: plain words
        return _escape_lines(text)
    pieces: list[str] = []
    for kind, piece in tokens(text):
        if kind == "text":
            pieces.append(_escape_lines(piece))
        elif kind == "url":
            pieces.append(_link(piece))
        else:
            pieces.append(_control_label(piece))
    return "".join(pieces)


def _escape(text: str) -> str:
    # html.escape covers & < > " ' (quote=True): safe in text and in quoted attribute values.
    return html.escape(text, quote=True)


def _escape_lines(text: str) -> str:
    escaped = _escape(text)
    # no newline after <br>: the paragraph keeps its spaces as written (white-space: pre-wrap)
    return escaped.replace("\n", "<br>") if "\n" in escaped else escaped


def _trim(url: str) -> str:
    """Drop trailing punctuation that ends the sentence rather than the address."""
    while url:
        last = url[-1]
        unbalanced = last in _PAIRS and url.count(_PAIRS[last]) < url.count(last)
        if last in _TRAILING or unbalanced:
            url = url[:-1]
        else:
            break
    return url


@lru_cache(maxsize=256)
def _control_label(char: str) -> str:
    code = f"U+{ord(char):04X}"
    name = unicodedata.name(char, "") or "control character"
    return f'<span class="ctl" title="{code} {name.lower()}">{code}</span>'
