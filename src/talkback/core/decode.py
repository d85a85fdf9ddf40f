"""Turning a page's bytes into text, saying which encoding was used and what could not be read.

UTF-8 (with or without a byte-order mark) and UTF-16/32 with a BOM are read as such. A page that is
UTF-8 but for a few broken bytes keeps its UTF-8 and reports the bytes it replaced. Any other page
is in a legacy code page of the web or ISO 8859, recognised by its letters (see
:mod:`talkback.core.codepages`); a page that reads the same in Windows-1252 (the superset of
Latin-1 the web used) stays Windows-1252. Binary data is refused.

Mojibake (UTF-8 text that was once decoded as Windows-1252 and saved again, e.g. ``â€™`` for ``’``)
is repaired with ftfy, line by line and only on lines ftfy judges broken; the number of lines
repaired is reported so that nothing changes silently.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass

_BOMS = [
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
]
_CONTROL = frozenset(range(32)) - {9, 10, 12, 13, 27}
_CONTROL_BYTES = bytes(sorted(_CONTROL))
_ASCII = bytes(range(128))
_LINES_WITH_ENDS = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+")


class NotTextError(ValueError):
    """The bytes are not text (binary data, or an encoding that cannot be read)."""


@dataclass(slots=True, frozen=True)
class Decoded:
    """Text decoded from bytes: the text, the encoding used, how many bytes were replaced (not valid
    in that encoding) and how many lines of mojibake were repaired."""

    text: str
    encoding: str
    replaced: int = 0
    repaired: int = 0


def looks_binary(head: bytes) -> bool:
    """Whether the first bytes of a file look like binary data rather than text."""
    if not head:
        return False
    if any(head.startswith(bom) for bom, _ in _BOMS):
        return False
    # NUL is one control byte among others: a stray one in a page (a scraper's slip) leaves it a
    # page; binary data and BOM-less UTF-16 have them by the hundred
    controls = len(head) - len(head.translate(None, _CONTROL_BYTES))
    return controls > len(head) // 20


def decode(data: bytes, *, repair: bool = True) -> Decoded:
    """Decode a page's bytes; raises NotTextError for binary data.

    ``repair`` repairs mojibake (see the module docstring).
    """
    decoded = _decode(data)
    if not repair or (decoded.encoding == "utf-8" and not may_hold_mojibake(data)):
        return decoded
    text, repaired = repair_mojibake(decoded.text)
    if not repaired:
        return decoded
    return Decoded(text, decoded.encoding, decoded.replaced, repaired)


def _decode(data: bytes) -> Decoded:
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return Decoded(data.decode(encoding), encoding.removesuffix("-sig"))
            except UnicodeDecodeError as error:
                raise NotTextError(f"broken {encoding} text: {error.reason}") from error
    if looks_binary(data[:8192]):
        raise NotTextError("binary data, not a text page")
    try:
        return Decoded(data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError:
        pass
    text = data.decode("utf-8", errors="replace")
    replaced = text.count("\ufffd") - data.count("\ufffd".encode())
    # the characters past ASCII (those encoding to ASCII drops), counted in C
    valid = len(text) - len(text.encode("ascii", "ignore")) - text.count("\ufffd")
    if valid > replaced:
        # More good UTF-8 sequences than broken bytes: this is UTF-8 with a few broken bytes (a
        # legacy single-byte page almost never forms valid multi-byte sequences by accident).
        return Decoded(text, "utf-8", replaced)
    return _decode_legacy(data)


def _decode_legacy(data: bytes) -> Decoded:
    from talkback.core.codepages import read_legacy  # imported here: only legacy pages need it

    return Decoded(*read_legacy(data))


# UTF-8 read as Windows-1252, Latin-1 or MacRoman always shows one of these characters (what the
# lead bytes 0xC2-0xF4 and the C1 controls become); a page without any needs no closer look.
_MOJIBAKE_LEADS = re.compile("[\u0080-\u009f\u00c2-\u00f4\u201a\u221a\u2248\u00ac\u0192\u2206]")


#: what the characters of _MOJIBAKE_LEADS are made of in UTF-8 (0xC2 and 0xC3 lead U+0080 to
#: U+00FF; the rest are whole characters), which a test checks against the pattern
MOJIBAKE_LEAD_BYTES = (
    b"\xc2", b"\xc3", b"\xc6\x92",
    b"\xe2\x80\x9a", b"\xe2\x88\x86", b"\xe2\x88\x9a", b"\xe2\x89\x88",
)  # fmt: skip


#: the first bytes of MOJIBAKE_LEAD_BYTES
_LEAD_FIRST_BYTES = tuple({lead[:1]: None for lead in MOJIBAKE_LEAD_BYTES})


def may_hold_mojibake(utf8: bytes) -> bool:
    """Whether text read from ``utf8`` as UTF-8 may hold a character that mojibake always shows
    (see ``_MOJIBAKE_LEADS``), known from the bytes some ten times faster than from the text (a
    page with one curly quote is text of two bytes a character, searched a character at a time).

    A byte found in C at every byte (as in ``bytes.find``) rules most pages out; otherwise the
    search goes on in the bytes of the page's non-ASCII characters alone, each still whole
    (all of a character's UTF-8 bytes are above 127), unless they are many.
    """
    if not any(first in utf8 for first in _LEAD_FIRST_BYTES):
        return False
    high = utf8.translate(None, _ASCII)
    return len(high) * 8 > len(utf8) or any(lead in high for lead in MOJIBAKE_LEAD_BYTES)


#: what a byte that could not be decoded becomes
REPLACEMENT = "\ufffd"

#: where a match of ftfy's badness expression may be: two or more non-ASCII characters in a row,
#: or one of the few that a match may hold alone (a C1 control, ``Œ``, ``œ``, ``Â``, ``Ã``).
#: Spelled to begin with one class, which the search skips to in C, some five times faster.
_SUSPECT_RUNS = re.compile("[^\x00-\x7f](?:[^\x00-\x7f]+|(?<=[\x80-\x9f\u0152\u0153\u00c2\u00c3]))")
#: characters looked at on either side of a run of non-ASCII ones: more than the longest match of
#: ftfy's badness expression (7 characters; a test checks it against the installed ftfy)
BADNESS_REACH = 8


def _is_bad(text: str) -> bool:
    """ftfy's ``is_bad(text)``, looking only where a match may be (``_SUSPECT_RUNS``).

    Every match of ftfy's badness expression is a few characters long and holds two non-ASCII
    characters in a row, or (for a few of its forty alternatives) one of those of
    ``_SUSPECT_RUNS`` alone, so it lies within the reach of such a run. ftfy's own search tries
    its alternatives at every character of a page (0.13 s a MB); an English page's curly quotes
    and dashes, one at a time, need no search at all. ``search`` with a start keeps ``^`` at the
    text's start.
    """
    from ftfy.badness import BADNESS_RE

    size = len(text)
    for run in _SUSPECT_RUNS.finditer(text):
        start = max(0, run.start() - BADNESS_REACH)
        if BADNESS_RE.search(text, start, min(size, run.end() + BADNESS_REACH)):
            return True
    return False


def repair_mojibake(text: str) -> tuple[str, int]:
    """Repair lines of mojibake with ftfy; gives the text and how many lines were repaired.

    Only ftfy's encoding repair is used (no quote straightening, no HTML unescaping, no Unicode
    normalisation), and line breaks stay exactly where they were.
    """
    if text.isascii() or _MOJIBAKE_LEADS.search(text) is None:
        return text, 0
    from ftfy import fix_encoding  # imported here: ASCII and clean pages never need it

    if not _is_bad(text):
        return text, 0
    repaired = 0
    lines: list[str] = []
    for line in _LINES_WITH_ENDS.findall(text):
        if not line.isascii() and _is_bad(line) and not _bad_only_by_replacement(line):
            body = line.rstrip("\r\n")
            fixed = fix_encoding(body)
            if fixed != body:
                repaired += 1
                line = fixed + line[len(body) :]
        lines.append(line)
    return ("".join(lines), repaired) if repaired else (text, 0)


def _bad_only_by_replacement(line: str) -> bool:
    """Whether ``line`` looks like mojibake only for its U+FFFD (a byte that could not be
    decoded): ftfy reads a letter and the U+FFFD after it as one mangled character and gives back
    U+FFFD alone ('Straß\ufffd' came out 'Stra\ufffd'), losing the letter. Real mojibake looks
    bad without it ('â€\ufffd', a closing quote whose last byte Windows-1252 lacks, still is)."""
    return REPLACEMENT in line and not _is_bad(line.replace(REPLACEMENT, ""))
